"""Configuration files: find the closest one, load it strictly, merge it with the command line.

Strict because a typo (``forbiden``) that silently switched a category off would let data
leave; every problem is a ``ConfigError`` naming the file first, then the key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from piiscan.errors import ConfigError, UsageError
from piiscan.model import ALL_CATEGORIES, Category
from piiscan.policy import IgnoreEntry, Policy
from piiscan.redaction.actions import Action
from piiscan.redaction.plan import RedactEntry

CONFIG_NAMES: tuple[str, ...] = (".piiscan.toml", "piiscan.toml", "pyproject.toml")
"""Looked for in each folder, in this order of preference."""

_KEYS = (
    "forbid",
    "allow",
    "include",
    "exclude",
    "max-rows",
    "max_rows",
    "show-rows",
    "show_rows",
    "ignore",
    "redact",
)
_IGNORE_KEYS = ("path", "column", "rule", "category", "reason", "expires")
_REDACT_KEYS = ("path", "column", "rule", "category", "action")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CATEGORY_WORDS = ", ".join(c.value for c in ALL_CATEGORIES)


@dataclass(frozen=True)
class Config:
    """One configuration file's settings, validated."""

    forbid: tuple[Category, ...] | None = None
    """Categories that fail the gate; None means the default (all four)."""
    allow: tuple[Category, ...] = ()
    """Categories removed from ``forbid``."""
    include: tuple[str, ...] = ()
    """Globs of files to scan inside folders (empty: every supported file)."""
    exclude: tuple[str, ...] = ()
    """Globs of files or folders to skip."""
    ignores: tuple[IgnoreEntry, ...] = ()
    """``[[ignore]]`` entries in file order; their ``rule`` ids are checked by the cli."""
    max_rows: int | None = None
    """Stop each file after this many data rows; None reads everything."""
    show_rows: int | None = None
    """Rows listed per finding (0: all); None leaves the default."""
    redacts: tuple[RedactEntry, ...] = ()
    """``[[redact]]`` entries in file order: the action ``piiscan redact`` takes on the
    findings each matches."""
    source: Path | None = None
    """The file this came from, for messages."""


def find_config(start: Path) -> Path | None:
    """The closest configuration file at or above ``start`` (a folder or a file).

    In one folder ``.piiscan.toml`` wins over ``piiscan.toml`` over ``pyproject.toml``; a
    ``pyproject.toml`` without ``[tool.piiscan]`` belongs to someone else and is skipped.
    """
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_tool_table(candidate):
                continue
            return candidate
    return None


def load_config(path: Path) -> Config:
    """Parse and check one configuration file.

    ``pyproject.toml`` holds the settings in ``[tool.piiscan]``; any other file is the
    table itself.
    """
    where = str(path)
    data = _read_toml(path)
    prefix = ""
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "piiscan" not in tool:
            raise ConfigError(f"{where}: no [tool.piiscan] table")
        data = tool["piiscan"]
        prefix = "tool.piiscan."
        if not isinstance(data, dict):
            raise ConfigError(f'{where}: "tool.piiscan" must be a table')
    return _parse(data, where, prefix, path)


def resolve_policy(
    config: Config | None, *, forbid: Sequence[str] = (), allow: Sequence[str] = ()
) -> Policy:
    """Merge the configuration with ``--forbid``/``--allow``.

    ``--forbid`` states the whole forbidden set for this run, replacing the file's
    ``forbid`` and ``allow``; ``--allow`` then removes categories. Words may be given
    comma-separated and in any case (``--forbid PII,payment``).
    """
    if forbid:
        forbidden = set(_cli_categories(forbid, "--forbid"))
    else:
        base = config.forbid if config is not None and config.forbid is not None else None
        forbidden = set(ALL_CATEGORIES if base is None else base)
        if config is not None:
            forbidden -= set(config.allow)
    forbidden -= set(_cli_categories(allow, "--allow")) if allow else set()
    source = config.source if config is not None else None
    return Policy(
        forbidden=frozenset(forbidden),
        ignores=config.ignores if config is not None else (),
        root=Path(os.path.abspath(source)).parent if source is not None else None,
    )


def _cli_categories(values: Iterable[str], option: str) -> list[Category]:
    words = [w.strip().casefold() for value in values for w in value.split(",")]
    words = [w for w in words if w]
    if not words:
        # An empty value is most likely an unset CI variable; treating it as "nothing"
        # would silently switch the gate off.
        raise UsageError(f"{option}: no category given (one of {_CATEGORY_WORDS})")
    out = []
    for word in words:
        try:
            out.append(Category(word))
        except ValueError:
            raise UsageError(
                f'{option}: unknown category "{word}" (one of {_CATEGORY_WORDS})'
            ) from None
    return out


def _has_tool_table(path: Path) -> bool:
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    if b"piiscan" not in raw:
        return False  # cheap: most pyproject files are not ours; do not parse them
    tool = _read_toml(path).get("tool")
    return isinstance(tool, dict) and "piiscan" in tool


def _read_toml(path: Path) -> dict[str, Any]:
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read ({exc.strerror or type(exc).__name__})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: not UTF-8 (at byte {exc.start})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message carries the position: "... (at line 3, column 9)".
        raise ConfigError(f"{where}: not valid TOML: {exc}") from None


def _parse(data: Mapping[str, Any], where: str, prefix: str, path: Path) -> Config:
    _no_unknown(data, _KEYS, where, prefix)
    max_rows = _count(data, "max-rows", where, prefix, least=1)
    show_rows = _count(data, "show-rows", where, prefix, least=0)

    forbid = _categories(data["forbid"], where, f"{prefix}forbid") if "forbid" in data else None
    raw_ignores = data.get("ignore", [])
    if not isinstance(raw_ignores, list):
        raise ConfigError(f'{where}: "{prefix}ignore" must be an array of tables ([[ignore]])')
    ignores = tuple(
        _ignore(entry, where, f"{prefix}ignore[{i}]") for i, entry in enumerate(raw_ignores)
    )
    raw_redacts = data.get("redact", [])
    if not isinstance(raw_redacts, list):
        raise ConfigError(f'{where}: "{prefix}redact" must be an array of tables ([[redact]])')
    redacts = tuple(
        _redact(entry, where, f"{prefix}redact[{i}]") for i, entry in enumerate(raw_redacts)
    )
    return Config(
        forbid=forbid,
        allow=_categories(data.get("allow", []), where, f"{prefix}allow"),
        include=_strings(data.get("include", []), where, f"{prefix}include"),
        exclude=_strings(data.get("exclude", []), where, f"{prefix}exclude"),
        ignores=ignores,
        max_rows=max_rows,
        show_rows=show_rows,
        redacts=redacts,
        source=path,
    )


def _count(data: Mapping[str, Any], key: str, where: str, prefix: str, *, least: int) -> int | None:
    """An integer setting spelt ``key`` (``max-rows``) or with an underscore (``max_rows``),
    at least ``least``; None when absent."""
    snake = key.replace("-", "_")
    if key in data and snake in data:
        raise ConfigError(f'{where}: both "{prefix}{key}" and "{prefix}{snake}" given')
    used = key if key in data else snake
    value = data.get(used)
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or value < least
    ):
        kind = "a positive integer" if least == 1 else f"an integer of at least {least}"
        raise ConfigError(f'{where}: "{prefix}{used}" must be {kind}')
    return value


def _ignore(entry: object, where: str, key: str) -> IgnoreEntry:
    if not isinstance(entry, dict):
        raise ConfigError(f'{where}: "{key}" must be a table')
    _no_unknown(entry, _IGNORE_KEYS, where, f"{key}.")
    for name in ("path", "column", "rule", "reason"):
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f'{where}: "{key}.{name}" must be a string')
        if value is not None and not value.strip():
            raise ConfigError(f'{where}: "{key}.{name}" must not be empty')
    if "reason" not in entry:
        raise ConfigError(f'{where}: missing key "{key}.reason"')
    if not any(name in entry for name in ("path", "column", "rule", "category")):
        # An entry with only a reason would ignore every finding and switch the gate off;
        # whoever means that must say path = "**".
        raise ConfigError(
            f'{where}: "{key}" needs at least one of "path", "column", "rule", "category"'
        )
    category = None
    if "category" in entry:
        category = _category(entry["category"], where, f"{key}.category")
    expires = _date(entry["expires"], where, f"{key}.expires") if "expires" in entry else None
    return IgnoreEntry(
        path=entry.get("path", "**"),
        column=entry.get("column"),
        rule=entry.get("rule"),
        category=category,
        reason=entry["reason"],
        expires=expires,
    )


def _redact(entry: object, where: str, key: str) -> RedactEntry:
    if not isinstance(entry, dict):
        raise ConfigError(f'{where}: "{key}" must be a table')
    _no_unknown(entry, _REDACT_KEYS, where, f"{key}.")
    for name in ("path", "column", "rule", "action"):
        value = entry.get(name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f'{where}: "{key}.{name}" must be a non-empty string')
    if "action" not in entry:
        raise ConfigError(f'{where}: missing key "{key}.action"')
    words = ", ".join(a.value for a in Action)
    try:
        action = Action(entry["action"])
    except ValueError:
        raise ConfigError(
            f'{where}: unknown action "{entry["action"]}" in "{key}.action" (one of {words})'
        ) from None
    category = None
    if "category" in entry:
        category = _category(entry["category"], where, f"{key}.category")
    return RedactEntry(
        path=entry.get("path", "**"),
        column=entry.get("column"),
        rule=entry.get("rule"),
        category=category,
        action=action,
    )


def _date(value: object, where: str, key: str) -> dt.date:
    """A calendar day: a TOML local date (``2025-06-30``) or the string ``"2025-06-30"``."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ConfigError(f'{where}: "{key}": no such day "{value}"') from None
    raise ConfigError(f'{where}: "{key}" must be a date "YYYY-MM-DD"')


def _no_unknown(table: Mapping[str, Any], allowed: Sequence[str], where: str, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f' (did you mean "{prefix}{close[0]}"?)' if close else ""
            raise ConfigError(f'{where}: unknown key "{prefix}{key}"{hint}')


def _category(value: object, where: str, key: str) -> Category:
    if not isinstance(value, str):
        raise ConfigError(f'{where}: "{key}" must be a category word ({_CATEGORY_WORDS})')
    try:
        return Category(value)
    except ValueError:
        raise ConfigError(
            f'{where}: unknown category "{value}" in "{key}" (one of {_CATEGORY_WORDS})'
        ) from None


def _categories(value: object, where: str, key: str) -> tuple[Category, ...]:
    if not isinstance(value, list):
        raise ConfigError(f'{where}: "{key}" must be an array of category words')
    found = {_category(v, where, key) for v in value}
    return tuple(c for c in ALL_CATEGORIES if c in found)


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where}: "{key}" must be an array of strings')
    return tuple(value)
