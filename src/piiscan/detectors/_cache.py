"""Caches of validator verdicts keyed by raw values, emptied when a scan ends.

Exports repeat values, so validators remember verdicts; but a program that imports piiscan
must not keep customers' phones and IBANs in memory after ``piiscan.scan`` returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_CACHES: list[Any] = []


def value_cache(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache`` for a function of raw values, registered for ``forget_values``."""

    def wrap(function: F) -> F:
        cached = lru_cache(maxsize=maxsize)(function)
        _CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def forget_values() -> None:
    """Empty every value cache (the end of a scan)."""
    for cached in _CACHES:
        cached.cache_clear()


def loaded(function: F) -> F:
    """Cache a loader of shipped data (word lists, pymorphy3) that threads may call at once:
    it runs once per arguments, where ``functools.cache`` could run it in each thread."""
    done: dict[tuple[Any, ...], Any] = {}
    lock = threading.Lock()

    @wraps(function)
    def load(*args: Any) -> Any:
        try:
            return done[args]
        except KeyError:
            pass
        with lock:
            if args not in done:
                done[args] = function(*args)
            return done[args]

    return load  # type: ignore[return-value]
