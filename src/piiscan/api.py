"""The Python API: ``piiscan.scan`` for files, folders and in-memory tables, and
``piiscan.redact`` for the safe copy of files and folders.

It runs the same session as ``piiscan check`` and returns the same ``Report``; it never prints
or exits, and raises ``PiiscanError`` subclasses for bad requests (an unknown category, a
missing config file).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from piiscan.errors import UsageError
from piiscan.model import Category, ReadOptions, Report

if TYPE_CHECKING:
    from piiscan.policy import Policy
    from piiscan.redaction.run import Redaction
    from piiscan.ruleset import Rule
    from piiscan.session import ScanRequest, Table

PathLike: TypeAlias = "str | os.PathLike[str]"
Source: TypeAlias = "PathLike | Sequence[PathLike] | Mapping[str, Any] | Any"
"""A path, a list of paths, an in-memory table (pandas DataFrame, pyarrow Table or
RecordBatchReader, anything with ``__arrow_c_stream__``), or a mapping of names to tables."""


def scan(
    source: Source,
    *,
    name: str | None = None,
    policy: Policy | Iterable[Category | str] | None = None,
    rules: Sequence[Rule] | None = None,
    config: PathLike | None = None,
    max_rows: int | None = None,
    jobs: int = 1,
    options: ReadOptions | None = None,
    show_rows: int | None = None,
) -> Report:
    """Scan ``source`` and return the report, as ``piiscan check`` would for the same data.

    ``name`` is how an in-memory table is shown in the report (default ``dataframe`` or
    ``table``). ``policy`` is a ``Policy`` or the categories that must not leave (default:
    the config's, else all four). ``config`` is a config file; by default one is looked for
    from the scanned paths upwards (the current folder for in-memory tables), as the command
    line does; its globs are relative to its folder. ``show_rows`` is how many rows each
    finding lists (0: every row of a finding in cells; default: the config's, else 5).
    """
    from piiscan.session import plan, run

    paths, tables = _split(source, name)
    request = scan_request(
        paths=paths,
        tables=tables,
        policy=policy,
        rules=rules,
        config=config,
        max_rows=max_rows,
        jobs=jobs,
        options=options,
        show_rows=show_rows,
    )
    return run(plan(request))


def scan_request(
    *,
    paths: Sequence[str] = (),
    tables: Sequence[Table] = (),
    policy: Policy | Iterable[Category | str] | None = None,
    rules: Sequence[Rule] | None = None,
    config: PathLike | None = None,
    max_rows: int | None = None,
    jobs: int = 1,
    options: ReadOptions | None = None,
    show_rows: int | None = None,
) -> ScanRequest:
    """The request ``scan`` makes of its arguments (``piiscan.spark`` makes the same)."""
    from piiscan.policy import Policy
    from piiscan.session import ScanRequest

    resolved: Policy | None = None
    forbid: tuple[str, ...] = ()
    if isinstance(policy, Policy) or policy is None:
        resolved = policy
    else:
        forbid = tuple(str(c) for c in policy)
        if not forbid:
            resolved = Policy(forbidden=frozenset())
    return ScanRequest(
        paths=tuple(paths),
        tables=tuple(tables),
        config=Path(config) if config is not None else None,
        forbid=forbid,
        policy=resolved,
        rules=tuple(rules) if rules is not None else None,
        max_rows=max_rows,
        options=options or ReadOptions(),
        jobs=jobs,
        show_rows=show_rows,
    )


def _split(source: Source, name: str | None) -> tuple[list[str], list[Table]]:
    """Paths and in-memory tables in ``source``."""
    from piiscan.readers.arrow import is_table

    if isinstance(source, str | os.PathLike):
        return [os.fspath(source)], []
    if is_table(source):
        return [], [_table(name or _default_name(source), source)]
    if isinstance(source, Mapping):
        tables = []
        for key, value in source.items():
            if not is_table(value):
                raise UsageError(f"{key}: not a table ({type(value).__name__})")
            tables.append(_table(str(key), value))
        return [], tables
    if isinstance(source, Sequence):
        paths = []
        for item in source:
            if not isinstance(item, str | os.PathLike):
                raise UsageError(f"a list of sources holds paths only, not {type(item).__name__}")
            paths.append(os.fspath(item))
        return paths, []
    raise UsageError(f"cannot scan a {type(source).__name__}: pass a path or a table")


def _table(display: str, source: object) -> Table:
    from piiscan.readers.arrow import batches_from_arrow
    from piiscan.session import Table

    return Table(display, lambda options: batches_from_arrow(source, options))


def _default_name(source: object) -> str:
    return "dataframe" if type(source).__name__ == "DataFrame" else "table"


def redact(
    source: PathLike | Sequence[PathLike],
    out: PathLike,
    *,
    actions: Mapping[str, str] | None = None,
    key_file: PathLike | None = None,
    force: bool = False,
    policy: Iterable[Category | str] | None = None,
    config: PathLike | None = None,
    jobs: int = 1,
) -> Redaction:
    """Write the safe copy of ``source`` (files and folders) under ``out``, as
    ``piiscan redact`` does, and return what was done (``.exit_code``, ``.copy`` the scan of
    the copy, ``.files`` the copies and their columns).

    ``actions`` maps a category or rule id to an action (``{"pii": "pseudonymise"}``). The
    pseudonymisation key comes from ``key_file`` or ``PIISCAN_REDACT_KEY``, never from a
    value in the program.
    """
    from piiscan.redaction.plan import parse_actions
    from piiscan.redaction.run import load_key
    from piiscan.redaction.run import redact as run_redact
    from piiscan.ruleset import load_rules
    from piiscan.session import ScanRequest

    paths = [os.fspath(source)] if isinstance(source, str | os.PathLike) else source
    rules = load_rules()
    request = ScanRequest(
        paths=tuple(os.fspath(p) for p in paths),
        config=Path(config) if config is not None else None,
        forbid=tuple(str(c) for c in policy) if policy is not None else (),
        rules=rules,
        jobs=jobs,
    )
    options = [f"{what}={action}" for what, action in (actions or {}).items()]
    choices = parse_actions(options, rules)
    key = load_key(Path(key_file) if key_file is not None else None)
    return run_redact(request, Path(out), choices, key=key, force=force)
