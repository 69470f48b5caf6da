"""One scan, from a request to a ``Report``: the core that the command line, the pre-commit
hook and the Python API share.

``plan`` resolves a request (rules, config, policy, the files under the paths); ``run`` scans
the plan and applies policy, baseline and ``--diff-base``. Neither prints nor exits: problems
are raised as ``PiiscanError``s or land in the report, and progress reaches the caller through
callbacks.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from piiscan import __version__
from piiscan.errors import ConfigError, IncompleteScan, UsageError
from piiscan.model import (
    Batch,
    FileError,
    FileRef,
    Finding,
    ReadOptions,
    Report,
    ScanResult,
    Skipped,
)

if TYPE_CHECKING:
    from piiscan.baseline import Baseline, Changes
    from piiscan.policy import IgnoreEntry, Policy
    from piiscan.redaction.plan import RedactEntry
    from piiscan.ruleset import Rule
    from piiscan.settings import Config

BASELINE_FILE = ".piiscan-baseline.json"
"""Default baseline file, never scanned as an export."""


@dataclass(frozen=True)
class Table:
    """An in-memory table to scan: its display name and a way to get its batches."""

    name: str
    batches: Callable[[ReadOptions], Iterable[Batch]]


@dataclass(frozen=True, kw_only=True)
class ScanRequest:
    """Everything a scan is asked to do, before anything is resolved."""

    paths: tuple[str, ...] = ()
    """Files and folders, as the user wrote them."""
    files: tuple[FileRef, ...] = ()
    """Files already classified (standard input, spooled by the command line)."""
    tables: tuple[Table, ...] = ()
    """In-memory tables (DataFrames, Arrow tables)."""
    only_tables: tuple[str, ...] = ()
    """``--table``: the tables of the database URLs in ``paths`` to scan (``schema.name`` or
    ``name``); empty scans every table and view."""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    config: Path | None = None
    """An explicit config file; None looks for one from ``config_from`` upwards."""
    config_from: Path | None = field(default_factory=Path.cwd)
    """Where the config search starts; None uses no config at all."""
    forbid: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    policy: Policy | None = None
    """A ready policy (the API's); replaces config and ``forbid``/``allow``."""
    rules: tuple[Rule, ...] | None = None
    """The rules to use; None loads ``rules_dir`` (default: the bundled rules)."""
    rules_dir: Path | None = None
    max_rows: int | None = None
    """Rows per file; None takes the config's ``max-rows`` (or reads everything)."""
    options: ReadOptions = field(default_factory=ReadOptions)
    """Reader limits; ``max_rows`` here is replaced by the resolved one."""
    jobs: int | None = 1
    """Files scanned in parallel; None uses every core."""
    baseline: Baseline | None = None
    """Accepted findings: reported, not failing (stale entries are warned about)."""
    diff_base: str | None = None
    """A git revision: findings present there do not fail."""
    skip: tuple[Path, ...] = ()
    """Files piiscan itself writes (reports, baselines): never scanned as exports."""


@dataclass(frozen=True)
class Plan:
    """A request resolved: what will be scanned, under which rules and policy."""

    request: ScanRequest
    rules: tuple[Rule, ...]
    settings: Config | None
    config_path: Path | None
    policy: Policy
    files: tuple[FileRef, ...]
    tables: tuple[Table, ...]
    """In-memory tables, then the tables of the database URLs."""
    discovery_errors: tuple[FileError, ...]
    skipped: tuple[Skipped, ...]
    """Files passed over (named in the report; those that may hold data are errors too)."""
    excluded: int
    """Files and folders the include/exclude globs left out, as the user asked."""
    options: ReadOptions
    jobs: int


def plan(request: ScanRequest) -> Plan:
    """Load the rules and config, resolve the policy, and find the files under the paths."""
    from piiscan.discovery import Discovery, discover_all
    from piiscan.ruleset import load_rules
    from piiscan.settings import find_config, load_config, resolve_policy

    rules = request.rules if request.rules is not None else load_rules(request.rules_dir)
    if request.config is not None and not request.config.is_file():
        raise UsageError(f"{request.config}: config file not found")
    config_path = request.config
    if config_path is None and request.config_from is not None:
        config_path = find_config(request.config_from)
    settings = load_config(config_path) if config_path is not None else None
    if settings is not None:
        check_ignored_rules(settings, rules)
    policy = request.policy
    if policy is None:
        policy = resolve_policy(settings, forbid=request.forbid, allow=request.allow)
    from piiscan.readers.postgres import is_url

    urls = [p for p in request.paths if is_url(p)]
    paths = [p for p in request.paths if not is_url(p)]
    if request.only_tables and not urls:
        raise UsageError("--table: only with a database URL (postgresql://...)")
    tables, database_errors = database_tables(urls, request.only_tables)
    found = Discovery(files=(), errors=(), skipped=())
    if paths:
        found = discover_all(
            paths,
            include=request.include + (settings.include if settings else ()),
            exclude=request.exclude + (settings.exclude if settings else ()),
        )
    files = list(found.files)
    if request.files:
        files = sorted([*files, *request.files], key=lambda ref: tuple(ref.display.split("/")))
    max_rows = request.max_rows
    if max_rows is None and settings is not None:
        max_rows = settings.max_rows
    return Plan(
        request=request,
        rules=tuple(rules),
        settings=settings,
        config_path=config_path,
        policy=policy,
        files=tuple(_without(files, [*request.skip])),
        tables=(*request.tables, *tables),
        discovery_errors=(*found.errors, *database_errors),
        skipped=found.skipped,
        excluded=found.excluded,
        options=replace(request.options, max_rows=max_rows),
        jobs=request.jobs if request.jobs is not None else (os.cpu_count() or 1),
    )


def database_tables(
    urls: Sequence[str], only: Sequence[str]
) -> tuple[list[Table], list[FileError]]:
    """The tables of the databases ``urls`` name (``only`` those, when given), each read when
    scanned; and what could not be listed or may not be read."""
    from piiscan.readers import postgres

    tables: list[Table] = []
    errors: list[FileError] = []
    for url in urls:
        listed, problems = postgres.list_tables(postgres.database(url), only)
        errors += problems
        tables += [Table(table.display, partial(postgres.read_table, table)) for table in listed]
    return tables, errors


def check_ignored_rules(settings: Config, rules: Sequence[Rule]) -> None:
    """An ignore or redact entry naming a rule that does not exist is a config error, not a
    no-op."""
    known = {rule.id for rule in rules}
    source = settings.source
    prefix = "tool.piiscan." if source is not None and source.name == "pyproject.toml" else ""
    named: tuple[tuple[str, Sequence[IgnoreEntry | RedactEntry]], ...] = (
        ("ignore", settings.ignores),
        ("redact", settings.redacts),
    )
    for table, entries in named:
        for i, entry in enumerate(entries):
            if entry.rule is not None and entry.rule not in known:
                # Numbered from 0, as settings names the keys of the tables.
                key = f"{prefix}{table}[{i}].rule"
                raise ConfigError(f'{source}: "{key}": unknown rule "{entry.rule}"')


def run(
    plan: Plan,
    *,
    on_file: Callable[[FileRef], None] | None = None,
    note: Callable[[str], None] | None = None,
) -> Report:
    """Scan the plan and apply policy: the report every output format draws.

    ``on_file`` is called after each file (progress); ``note`` receives lines worth showing
    with ``-v`` (what ``--diff-base`` compared).
    """
    from piiscan.policy import apply

    request = plan.request
    old_known: Callable[[Finding], bool] | None = None
    warnings: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="piiscan-diff-base-") as folder:
            if request.diff_base is not None:
                old_known, warnings = _diff_base(request.diff_base, plan, Path(folder), note)
            result = scan(plan, on_file=on_file)
    finally:
        from piiscan.detectors._cache import forget_values

        forget_values()  # no customer's value outlives the scan in this process
    accepted = request.baseline

    def known(finding: Finding) -> bool:
        return (accepted is not None and accepted.covers(finding)) or (
            old_known is not None and old_known(finding)
        )

    report = apply(
        result,
        plan.policy,
        tool_version=__version__,
        known=known if accepted is not None or old_known is not None else None,
    )
    if accepted is not None:
        warnings += [
            f"baseline entry {entry.describe()} matched no finding"
            f" (stale: `piiscan baseline update` drops it)"
            for entry in accepted.stale(report)
        ]
    from piiscan.readers import header_locator

    return replace(
        report,
        warnings=(*report.warnings, *warnings),
        rules=plan.rules,
        locate=header_locator(plan.files),
    )


def scan(plan: Plan, *, on_file: Callable[[FileRef], None] | None = None) -> ScanResult:
    """The engine's result for the plan's files and tables, discovery errors included."""
    from piiscan.engine import scan as scan_files

    tables = [(t.name, t.batches(plan.options)) for t in plan.tables]
    result = scan_files(
        plan.files,
        rules=plan.rules,
        options=plan.options,
        jobs=plan.jobs,
        on_file=on_file,
        tables=tables,
    )
    errors = sorted((*result.errors, *plan.discovery_errors), key=lambda e: (e.path, e.message))
    skipped = sorted((*result.skipped, *plan.skipped), key=lambda s: s.path)
    return replace(result, errors=tuple(errors), skipped=tuple(skipped), excluded=plan.excluded)


def spooled(path: Path, display: str, *, named: bool) -> FileRef:
    """A stream saved to ``path`` (standard input) as a file to scan, shown as ``display``:
    its kind decided by content as discovery decides a file's, the name's suffix a hint when
    ``named``. Raises ``UsageError`` when it is nothing piiscan reads."""
    from piiscan.discovery import classify, split_suffix

    fmt, compression = split_suffix(path.name) if named else (None, None)
    found = classify(path, display, fmt, compression)
    if isinstance(found, FileRef):
        return found
    raise UsageError(f"{display}: {found.message}")


def rebaseline(report: Report, old: Baseline | None, target: Path) -> tuple[Baseline, Changes]:
    """The baseline a scan gives (``old`` updated, or a new one) and what changed; an
    incomplete scan gives none (a baseline must not forget what it could not see)."""
    from piiscan import baseline as bl

    if report.errors:
        raise IncompleteScan(f"{target}: not written: the scan was incomplete")
    new = bl.updated(old, report) if old is not None else bl.Baseline.from_report(report)
    return new, bl.diff(old if old is not None else bl.Baseline(), new)


def _without(files: list[FileRef], skip: Sequence[Path]) -> list[FileRef]:
    """``files`` less the ones piiscan writes (``-o`` reports, baselines): a report written
    into a scanned folder must not be scanned as an export on the next run."""
    own = {os.path.realpath(path) for path in skip}
    return [
        ref
        for ref in files
        if ref.path.name != BASELINE_FILE and os.path.realpath(ref.path) not in own
    ]


def _diff_base(
    ref: str, plan: Plan, folder: Path, note: Callable[[str], None] | None
) -> tuple[Callable[[Finding], bool], list[str]]:
    """Scan the files as they were at ``ref``: (is a finding known there?, warnings)."""
    from piiscan import gitdiff

    repo = gitdiff.open_repo(Path.cwd())
    commit = gitdiff.resolve(repo, ref)
    snap = gitdiff.snapshot(repo, commit, plan.files, folder)
    then = replace(
        plan,
        files=tuple(snap.refs),
        tables=(),
        discovery_errors=(),
        skipped=(),
        request=_files_only(plan),
    )
    old = scan(then)
    warnings = list(snap.warnings)
    warnings += [
        f"{e.path}: its version at {ref} could not be fully read ({e.message});"
        " what it lacked counts as new"
        for e in old.errors
    ]
    if note is not None:
        note(
            f"diff-base: {ref} ({commit[:12]}): {len(snap.unchanged)} files unchanged,"
            f" {len(snap.refs)} changed, {len(snap.new)} new since"
        )
    known_there = gitdiff.known(old.findings)
    unchanged = frozenset(snap.unchanged)

    def known(finding: Finding) -> bool:
        return finding.path in unchanged or known_there(finding)

    return known, warnings


def _files_only(plan: Plan) -> ScanRequest:
    """The request without its in-memory tables (a git revision holds only files)."""
    return replace(plan.request, tables=())
