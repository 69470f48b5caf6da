"""Baselines: forbidden findings accepted as known, so a gate fails only on what is new.

A baseline file (``.piiscan-baseline.json`` by default) lists one entry per accepted finding,
keyed by (path, column, rule), with its category and scope. It holds names only: display
paths, column names, rule ids. Never a cell value, masked sample or hash of a value (a hash of
a card number or a phone number can be reversed by trying them all). It is deterministic, so
it diffs and reviews like code: entries sorted, no timestamps, no version of piiscan::

    {
      "piiscan_baseline": 1,
      "about": "...",
      "entries": [
        {"path": "exports/a.csv", "column": "email", "rule": "email",
         "category": "pii", "scope": "column"}
      ]
    }

An entry covers a finding with the same path, column, rule and category whose scope is no
wider: a ``column`` entry covers ``column`` and ``cells`` findings, a ``cells`` entry only
``cells``. So a column whose cells held some emails and now is an email column (escalation),
or a column where a new rule or category fires, is new and fails.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from piiscan.errors import ConfigError
from piiscan.model import BASELINE_FILE as BASELINE_FILE  # the default file, re-exported
from piiscan.model import Category, Finding, Report, Scope

FORMAT_VERSION = 1
"""Value of the file's ``piiscan_baseline`` key."""
ABOUT = (
    "Findings accepted as known: `piiscan check --baseline FILE` does not fail on them."
    " Regenerate with `piiscan baseline update` and review the diff like code."
)
_ENTRY_KEYS = ("path", "column", "rule", "category", "scope")
_TOP_KEYS = ("piiscan_baseline", "about", "entries")


@dataclass(frozen=True, order=True)
class Entry:
    """One accepted finding; fields sort in file order."""

    path: str
    """Display path, without a leading ``./``."""
    column: str
    rule: str
    """Rule id (the JSON ``detector``)."""
    category: Category
    scope: Scope
    """The widest scope accepted: ``column`` also covers ``cells``."""

    @classmethod
    def of(cls, finding: Finding) -> Entry:
        return cls(
            path=normalise(finding.path),
            column=finding.column,
            rule=finding.detector,
            category=finding.category,
            scope=finding.scope,
        )

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.column, self.rule)

    def covers(self, finding: Finding) -> bool:
        """True when ``finding`` is this entry's, at the same or a narrower scope."""
        return (
            self.key == (normalise(finding.path), finding.column, finding.detector)
            and self.category == finding.category
            and scope_covers(self.scope, finding.scope)
        )

    def describe(self) -> str:
        """``exports/a.csv: email (email, pii, column)``, for messages."""
        return (
            f"{self.path}: {self.column} ({self.rule}, {self.category.value}, {self.scope.value})"
        )


@dataclass(frozen=True)
class Baseline:
    """A set of entries, at most one per (path, column, rule), sorted."""

    entries: tuple[Entry, ...] = ()

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Baseline:
        """Sorted and unique by key; of two entries for one key, the wider scope wins."""
        by_key: dict[tuple[str, str, str], Entry] = {}
        for entry in entries:
            old = by_key.get(entry.key)
            if old is None or (old.scope is Scope.CELLS and entry.scope is Scope.COLUMN):
                by_key[entry.key] = entry
        return cls(tuple(sorted(by_key.values())))

    @classmethod
    def from_report(cls, report: Report) -> Baseline:
        """The findings that fail the gate (forbidden) or would (baselined)."""
        return cls.of(Entry.of(f) for f in report.findings if f.forbidden or f.baselined)

    def covers(self, finding: Finding) -> bool:
        """True when an entry accepts ``finding``."""
        entry = self._by_key.get((normalise(finding.path), finding.column, finding.detector))
        return entry is not None and entry.covers(finding)

    def stale(self, report: Report, *, exists: Collection[str] | None = None) -> list[Entry]:
        """Entries no longer needed: their file was scanned and no baselined finding is theirs,
        or their file is gone. Files not scanned this time (other arguments) are not judged.

        ``exists`` names the paths known to exist (for tests); by default the disk is asked.
        """
        failed = {normalise(e.path) for e in report.errors}
        scanned = {normalise(f.path) for f in report.files} - failed
        used = {Entry.of(f).key for f in report.findings if f.baselined}
        out = []
        for entry in self.entries:
            if entry.key in used or entry.path in failed:
                continue
            gone = not (entry.path in exists if exists is not None else os.path.exists(entry.path))
            if entry.path in scanned or gone:
                out.append(entry)
        return out

    def render(self) -> str:
        """The file's text: indented JSON, entries sorted, newline-terminated."""
        from piiscan.report.json import _UNSAFE, _escape

        doc = {
            "piiscan_baseline": FORMAT_VERSION,
            "about": ABOUT,
            "entries": [
                {
                    "path": e.path,
                    "column": e.column,
                    "rule": e.rule,
                    "category": e.category.value,
                    "scope": e.scope.value,
                }
                for e in sorted(self.entries)
            ],
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        return _UNSAFE.sub(_escape, text) + "\n"

    @cached_property
    def _by_key(self) -> dict[tuple[str, str, str], Entry]:
        return {e.key: e for e in self.entries}


@dataclass(frozen=True)
class Changes:
    """What ``baseline update`` did, entry by entry."""

    added: tuple[Entry, ...]
    dropped: tuple[Entry, ...]
    changed: tuple[tuple[Entry, Entry], ...]
    """(old, new) pairs for one key whose category or scope changed."""
    kept: tuple[Entry, ...]


def diff(old: Baseline, new: Baseline) -> Changes:
    """Compare two baselines by key."""
    before = {e.key: e for e in old.entries}
    after = {e.key: e for e in new.entries}
    return Changes(
        added=tuple(e for k, e in sorted(after.items()) if k not in before),
        dropped=tuple(e for k, e in sorted(before.items()) if k not in after),
        changed=tuple(
            (before[k], e) for k, e in sorted(after.items()) if k in before and before[k] != e
        ),
        kept=tuple(e for k, e in sorted(after.items()) if before.get(k) == e),
    )


def updated(old: Baseline, report: Report) -> Baseline:
    """``old`` after a scan checked against it (``report`` made with ``known=old.covers``).

    Entries that still cover a finding are kept as they are; failing findings are added (an
    escalated one replaces its entry); stale entries go. Entries for files this scan did not
    reach, but which still exist, are kept.
    """
    stale = {e.key for e in old.stale(report)}
    failing = [Entry.of(f) for f in report.findings if f.forbidden]
    replaced = {e.key for e in failing}
    kept = [e for e in old.entries if e.key not in stale and e.key not in replaced]
    return Baseline.of([*kept, *failing])


def is_baseline(path: Path) -> bool:
    """Whether ``path`` is a valid baseline file (piiscan's own, passed over by discovery);
    an export that only has the name is data."""
    try:
        load(path)
    except ConfigError:
        return False
    return True


def load(path: Path) -> Baseline:
    """Read and check a baseline file strictly; every problem is a ``ConfigError`` (exit 2)
    naming the file first."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{where}: baseline file not found (create it with `piiscan baseline create`)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read ({exc.strerror or type(exc).__name__})") from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: not UTF-8 (at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{where}: not a piiscan baseline: invalid JSON"
            f" at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise ConfigError(f"{where}: not a piiscan baseline: nested too deeply") from None
    if not isinstance(doc, dict) or "piiscan_baseline" not in doc:
        raise ConfigError(f'{where}: not a piiscan baseline (no "piiscan_baseline" key)')
    _only(doc, _TOP_KEYS, where, "")
    if doc["piiscan_baseline"] != FORMAT_VERSION or isinstance(doc["piiscan_baseline"], bool):
        raise ConfigError(
            f'{where}: unsupported baseline version (expected "piiscan_baseline": {FORMAT_VERSION})'
        )
    entries = doc.get("entries")
    if not isinstance(entries, list):
        raise ConfigError(f'{where}: "entries" must be an array')
    return Baseline.of(_entry(item, where, f"entries[{i}]") for i, item in enumerate(entries))


def _entry(item: Any, where: str, key: str) -> Entry:
    if not isinstance(item, dict):
        raise ConfigError(f'{where}: "{key}" must be an object')
    _only(item, _ENTRY_KEYS, where, f"{key}.")
    for name in _ENTRY_KEYS:
        if name not in item:
            raise ConfigError(f'{where}: missing key "{key}.{name}"')
        if not isinstance(item[name], str) or not item[name]:
            raise ConfigError(f'{where}: "{key}.{name}" must be a non-empty string')
    try:
        category = Category(item["category"])
    except ValueError:
        words = ", ".join(c.value for c in Category)
        raise ConfigError(f'{where}: "{key}.category": unknown category (one of {words})') from None
    try:
        scope = Scope(item["scope"])
    except ValueError:
        words = ", ".join(s.value for s in Scope)
        raise ConfigError(f'{where}: "{key}.scope": unknown scope (one of {words})') from None
    return Entry(
        path=normalise(item["path"]),
        column=item["column"],
        rule=item["rule"],
        category=category,
        scope=scope,
    )


def _only(table: dict[str, Any], allowed: tuple[str, ...], where: str, prefix: str) -> None:
    for name in table:
        if name not in allowed:
            raise ConfigError(f'{where}: unknown key "{prefix}{name}"')


def scope_covers(accepted: Scope, found: Scope) -> bool:
    """True when a finding of scope ``found`` is no wider than ``accepted``."""
    return accepted is Scope.COLUMN or found is Scope.CELLS


def normalise(path: str) -> str:
    """A display path without leading ``./`` (``./a.csv`` and ``a.csv`` are one file)."""
    while path.startswith("./"):
        path = path[2:].lstrip("/")
    return path
