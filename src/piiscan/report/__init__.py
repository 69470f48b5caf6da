"""Renderers: one per format, each ``Report -> str``. They never see the engine."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from piiscan.errors import UsageError
from piiscan.model import Report
from piiscan.report.json import render_json
from piiscan.report.text import render_text

RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
}
"""Format name (``--format``) to renderer. A renderer takes the report and, if it declares
them, the keyword options ``color`` and ``width``."""


def render(report: Report, fmt: str, *, color: bool = False, width: int = 100) -> str:
    """Render ``report`` as ``fmt``, passing each renderer only the options it declares."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise UsageError(
            f'--format: unknown format "{fmt}" (one of {", ".join(RENDERERS)})'
        ) from None
    declared = inspect.signature(renderer).parameters
    options = {k: v for k, v in {"color": color, "width": width}.items() if k in declared}
    return renderer(report, **options)
