"""Policy: which findings would leave against the rules, and the one exit code.

The engine reports what it saw; this module decides what is forbidden. It is the only
place the exit code is computed, so every renderer and the cli agree on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from piiscan.model import ALL_CATEGORIES, Category, Finding, Report, ScanResult

EXIT_PASS = 0
"""Nothing forbidden would leave."""
EXIT_FORBIDDEN = 1
"""At least one forbidden finding."""
EXIT_INCOMPLETE = 2
"""A file could not be read, or nothing was examined at all: the scan is incomplete, so it
cannot pass (wins over 1)."""
NOTHING_EXAMINED = "nothing was examined: no file in the given paths could be read as data"
"""The warning of a scan that read no file (an empty folder, only skipped files)."""


@dataclass(frozen=True, kw_only=True)
class IgnoreEntry:
    """One accepted exception; it matches a finding when every field given matches.

    Globs know ``*`` (any run of characters; in paths not ``/``), ``**`` (paths: any
    number of folders) and ``?`` (one character). ``[`` and ``]`` are literal, because
    column names such as ``orders[].sku`` are full of them.
    """

    path: str = "**"
    """Glob on the finding's path: relative to the config file's folder when the policy has
    a ``root``; else on the display path, where it also matches a path suffix at a ``/``, so
    ``exports/*.csv`` matches ``./exports/a.csv`` and ``/abs/exports/a.csv``. A glob naming
    a file also matches the tables in it (``book.xlsx`` matches ``book.xlsx[Sheet1]``,
    ``export.zip`` matches ``export.zip!/a.csv``); the ``/`` of ``!/`` is no folder."""
    column: str | None = None
    """Glob on the column name, case-sensitive; ``*`` crosses ``.`` and ``[]``."""
    rule: str | None = None
    """Rule id (the JSON ``detector``)."""
    category: Category | None = None
    reason: str
    """Why this is acceptable; required so every exception is explained in review."""
    expires: date | None = None
    """Last day the entry applies; from the next day its findings fail again."""

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("an ignore entry needs a non-empty reason")
        if not self.path:
            raise ValueError("an ignore entry's path glob must not be empty")

    def matches(self, finding: Finding, rooted: str | None = None) -> bool:
        """True when every given field matches ``finding``; ``rooted`` is its path relative
        to the folder the entry's path glob is relative to (None: match the display path)."""
        if self.category is not None and finding.category != self.category:
            return False
        if self.rule is not None and finding.detector != self.rule:
            return False
        if self.column is not None and not _column_regex(self.column).fullmatch(finding.column):
            return False
        if rooted is not None:
            regex, path = _rooted_regex(self.path), rooted
        else:
            regex, path = _path_regex(self.path), _strip_dot(finding.path)
        return any(regex.fullmatch(where) for where in enclosing(path))

    def expired(self, today: date) -> bool:
        """True once ``today`` is past ``expires``."""
        return self.expires is not None and today > self.expires


@dataclass(frozen=True)
class Policy:
    """What may not leave, and the accepted exceptions."""

    forbidden: frozenset[Category] = frozenset(ALL_CATEGORIES)
    """Categories that fail the gate; default all four."""
    ignores: tuple[IgnoreEntry, ...] = ()
    """Exceptions, in configuration order (warnings number them from 1)."""
    root: Path | None = None
    """The folder the ignore entries' path globs are relative to (the config file's, as ruff
    and pre-commit resolve theirs); None: they match display paths (``IgnoreEntry.path``)."""


def apply(
    result: ScanResult,
    policy: Policy,
    *,
    tool_version: str,
    known: Callable[[Finding], bool] | None = None,
    today: date | None = None,
    rooted: Callable[[str], str | None] | None = None,
) -> Report:
    """Mark forbidden findings, compute the exit code once, and collect warnings.

    A finding is forbidden when its category is forbidden, at least one value matched
    (a sensitive header over empty values is a low-confidence hint, not a leak) and no
    ignore entry matches it; an entry past its ``expires`` date no longer counts (and says
    so in a warning). A forbidden finding that ``known`` accepts (a baseline entry, the
    ``--diff-base`` revision) is marked ``baselined`` instead of ``forbidden``. Ignored and
    baselined findings stay in the report, so a reviewer still sees them. Findings keep the
    engine's order.

    A scan that examined no file is incomplete (exit 2, with a warning): a gate pointed at the
    wrong folder, or at files piiscan passed over, must not pass. Only when the user's globs
    left files out is examining nothing what was asked for.

    ``rooted`` maps a finding's display path to its path relative to ``policy.root`` (None
    for a path that has none: an in-memory table), which ignore globs then match.
    """
    today = today if today is not None else date.today()
    used = [False] * len(policy.ignores)
    expired_matched = [0] * len(policy.ignores)
    expired_failing = [0] * len(policy.ignores)
    findings: list[Finding] = []
    for finding in result.findings:
        ignored = False
        expired: list[int] = []
        where = rooted(finding.path) if rooted is not None and policy.ignores else None
        for i, entry in enumerate(policy.ignores):
            if not entry.matches(finding, where):
                continue
            if entry.expired(today):
                expired.append(i)
            else:
                used[i] = ignored = True
        forbidden = finding.category in policy.forbidden and finding.matched > 0 and not ignored
        baselined = forbidden and known is not None and known(finding)
        forbidden = forbidden and not baselined
        for i in expired:
            expired_matched[i] += 1
            expired_failing[i] += forbidden
        findings.append(finding.judged(forbidden, baselined))

    nothing = not result.files and not result.errors and not result.excluded
    if result.errors or nothing:
        exit_code = EXIT_INCOMPLETE
    elif any(f.forbidden for f in findings):
        exit_code = EXIT_FORBIDDEN
    else:
        exit_code = EXIT_PASS

    warnings = list(result.warnings)
    if nothing:
        skipped = f" ({len(result.skipped)} skipped)" if result.skipped else ""
        warnings.append(NOTHING_EXAMINED + skipped)
    warnings += [
        f"{file.path}: scanned only the first {file.rows} rows (--max-rows)"
        for file in result.files
        if file.truncated
    ]
    for i, entry in enumerate(policy.ignores, start=1):
        label = f"ignore entry {i} (reason: {entry.reason})"
        if entry.expires is not None and entry.expired(today):
            failing = expired_failing[i - 1]
            effect = (
                ": it matched no finding"
                if not expired_matched[i - 1]
                else ""
                if not failing
                else ": the finding it matches fails again"
                if failing == 1
                else f": the {failing} findings it matches fail again"
            )
            warnings.append(f"{label} expired on {entry.expires.isoformat()}{effect}")
        elif not used[i - 1]:
            warnings.append(f"{label} matched no finding")
    return Report(
        tool_version=tool_version,
        forbidden_categories=tuple(c for c in ALL_CATEGORIES if c in policy.forbidden),
        files=result.files,
        findings=tuple(findings),
        errors=result.errors,
        exit_code=exit_code,
        warnings=tuple(warnings),
        skipped=result.skipped,
    )


def enclosing(path: str) -> list[str]:
    """``path``, then the files holding the table it names, innermost first: a sheet or a
    database file's table (``[name]`` at the end) and an archive member (after ``!/``):
    ``a.zip!/b.xlsx[S]`` gives ``a.zip!/b.xlsx[S]``, ``a.zip!/b.xlsx``, ``a.zip``."""
    found = [path]
    while True:
        cut = path.rfind("!/")
        last = path[cut + 2 :] if cut >= 0 else path
        sheet = last.rfind("[") if last.endswith("]") else -1
        if sheet > 0:
            path = path[: len(path) - len(last) + sheet]
        elif cut > 0:
            path = path[:cut]
        else:
            return found
        found.append(path)


def _strip_dot(path: str) -> str:
    while path.startswith("./"):
        path = path[2:].lstrip("/")
    return path


@lru_cache(maxsize=1024)
def _path_regex(glob: str) -> re.Pattern[str]:
    glob = _strip_dot(glob)
    if glob.endswith("/"):
        glob += "**"
    anchored = glob.startswith("/")
    body = _translate(glob, any_char="[^/]", any_run="[^/]*", deep=True)
    # A relative glob may start at any folder boundary: it names a path suffix.
    return re.compile(body if anchored else f"(?:.*/)?{body}", re.DOTALL)


@lru_cache(maxsize=1024)
def _rooted_regex(glob: str) -> re.Pattern[str]:
    """A glob relative to a folder names paths from that folder down; one without a ``/``
    names a file at any depth (as in ``.gitignore``); ``export.zip!/a.csv`` too, its ``/``
    being part of the ``!/`` that names an archive member."""
    glob = _strip_dot(glob)
    if glob.endswith("/"):
        glob += "**"
    body = _translate(glob, any_char="[^/]", any_run="[^/]*", deep=True)
    return re.compile(body if "/" in glob.replace("!/", "") else f"(?:.*/)?{body}", re.DOTALL)


@lru_cache(maxsize=1024)
def _column_regex(glob: str) -> re.Pattern[str]:
    return re.compile(_translate(glob, any_char=".", any_run=".*", deep=False), re.DOTALL)


def _translate(glob: str, *, any_char: str, any_run: str, deep: bool) -> str:
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        ch = glob[i]
        if ch == "*" and glob.startswith("**", i):
            i += 2
            if deep and i < n and glob[i] == "/":
                out.append("(?:.*/)?")  # "a/**/b" also matches "a/b"
                i += 1
            else:
                out.append(".*")
            continue
        if ch == "*":
            out.append(any_run)
        elif ch == "?":
            out.append(any_char)
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)
