"""Renderers: one per format, each ``Report -> str``. They never see the engine."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from piiscan.errors import UsageError
from piiscan.model import Report
from piiscan.report.github import render_github
from piiscan.report.json import render_json
from piiscan.report.markdown import render_markdown
from piiscan.report.sarif import render_sarif
from piiscan.report.text import render_text

RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "markdown": render_markdown,
}
"""Format name (``--format``) to renderer. A renderer takes the report and, as keywords, only
the options it declares: ``color``, ``width`` (text), ``rules``, ``locate`` (sarif),
``locate`` (github), ``limit`` (github, markdown)."""


def render(
    report: Report, fmt: str, *, color: bool = False, width: int = 100, **extras: Any
) -> str:
    """Render ``report`` as ``fmt``, passing each renderer only the options it declares.

    ``extras`` (``rules=``, ``locate=``, ...) may be given for every format: the cli need not
    know which renderer wants what.
    """
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise UsageError(
            f'--format: unknown format "{fmt}" (one of {", ".join(RENDERERS)})'
        ) from None
    declared = inspect.signature(renderer).parameters
    offered = {"color": color, "width": width, **extras}
    options = {k: v for k, v in offered.items() if k in declared}
    return renderer(report, **options)
