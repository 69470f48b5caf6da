"""``piiscan redact``: the safe copy of an export.

One module a job: ``actions`` (what happens to a value), ``cells`` (where the values are in
free text), ``plan`` (findings and choices to per-column actions), ``csv``/``json``/``parquet``
(the copies, shape kept), ``sink`` (compressed, atomic output), ``manifest`` (what was done),
``run`` (scan, write, scan the copy).

Importing a submodule makes this package the attribute ``piiscan.redact``, where the public
function of that name is expected: so the package itself is callable, as ``api.redact``.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _Callable(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from piiscan.api import redact

        return redact(*args, **kwargs)


sys.modules[__name__].__class__ = _Callable
