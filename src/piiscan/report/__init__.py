"""Renderers: one per format, each ``Report -> str``. They never see the engine."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from piiscan.errors import UsageError
from piiscan.lazy import LazyFunctions
from piiscan.model import Report


class OutputFormat(StrEnum):
    """The report formats, each with its renderer (``RENDERERS``) and the file suffixes that
    name it for ``-o FILE``."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"
    JUNIT = "junit"
    GITLAB = "gitlab"

    @property
    def suffixes(self) -> tuple[str, ...]:
        return _SUFFIXES[self]


_SUFFIXES: dict[OutputFormat, tuple[str, ...]] = {
    OutputFormat.TEXT: (".txt",),
    OutputFormat.JSON: (".json",),
    OutputFormat.SARIF: (".sarif",),
    OutputFormat.GITHUB: (),
    OutputFormat.MARKDOWN: (".md", ".markdown"),
    OutputFormat.JUNIT: (".xml",),
    OutputFormat.GITLAB: (),
}


RENDERERS = LazyFunctions(
    "piiscan.report",
    {
        "text": "text:render_text",
        "json": "json:render_json",
        "sarif": "sarif:render_sarif",
        "github": "github:render_github",
        "markdown": "markdown:render_markdown",
        "junit": "junit:render_junit",
        "gitlab": "gitlab:render_gitlab",
    },
)
"""Format name (``OutputFormat``) to renderer, imported when used (rich alone is a tenth of a
second of start-up, which ``--format json`` need not pay). A renderer takes the report and,
as keywords, only the options it declares: ``color``, ``width`` (text), ``rules``,
``locate`` (sarif, github, gitlab), ``limit`` (github, markdown)."""


def renderer_for(fmt: str) -> Callable[..., str]:
    """The function rendering ``fmt``; an unknown format is a usage error."""
    try:
        renderer: Callable[..., str] = RENDERERS[fmt]
    except KeyError:
        raise UsageError(
            f'--format: unknown format "{fmt}" (one of {", ".join(RENDERERS)})'
        ) from None
    return renderer


def render(
    report: Report, fmt: str, *, color: bool = False, width: int | None = None, **extras: Any
) -> str:
    """Render ``report`` as ``fmt``, passing each renderer only the options it declares.

    ``extras`` (``rules=``, ``locate=``, ...) may be given for every format: the cli need not
    know which renderer wants what. The rules and header locator a scan attached to the
    report are offered unless given.
    """
    renderer = renderer_for(fmt)
    declared = inspect.signature(renderer).parameters
    attached = {"rules": report.rules or None, "locate": report.locate}
    offered = {"color": color, "width": width, **attached, **extras}
    options = {k: v for k, v in offered.items() if k in declared}
    return renderer(report, **options)
