"""Registries of functions named ``module:function``, imported on first lookup.

Start-up matters for a pre-commit hook: a scan should not import phonenumbers, python-stdnum
or rich unless it uses a detector or a report format that needs them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any


class LazyFunctions(Mapping[str, Callable[..., Any]]):
    """Name -> function in ``package.<module>``; membership and iteration import nothing."""

    def __init__(self, package: str, targets: dict[str, str]) -> None:
        self._package = package
        self._targets = targets
        self._loaded: dict[str, Callable[..., Any]] = {}

    def __getitem__(self, name: str) -> Callable[..., Any]:
        found = self._loaded.get(name)
        if found is None:
            module, _, function = self._targets[name].partition(":")
            found = getattr(importlib.import_module(f"{self._package}.{module}"), function)
            self._loaded[name] = found
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._targets

    def __iter__(self) -> Iterator[str]:
        return iter(self._targets)

    def __len__(self) -> int:
        return len(self._targets)
