"""One scan, from a request to a ``Report``: the core that the command line, the pre-commit
hook and the Python API share.

``plan`` resolves a request (rules, config, policy, the files under the paths); ``run`` scans
the plan and applies policy, baseline and ``--diff-base``. Neither prints nor exits: problems
are raised as ``PiiscanError``s or land in the report, and progress reaches the caller through
callbacks.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from piiscan import __version__
from piiscan.errors import ConfigError, IncompleteScan, UsageError
from piiscan.model import (
    BASELINE_FILE,
    STDIN,
    Batch,
    FileError,
    FileRef,
    FileSummary,
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

DEFAULT_SHOW_ROWS = 5
"""Rows a finding lists unless asked for more (``--show-rows``)."""
EMPTY_NOTE = "empty file (0 bytes): an export with no rows, nothing to examine"
"""The note for a 0-byte file, which passes (fail closed holds: all of its bytes were seen)."""


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
    find_config: bool = True
    """Look for a config file when ``config`` is None; False uses none at all."""
    config_from: Path | None = None
    """Where the config search starts; None: the folder holding every scanned path (the
    current one for standard input and in-memory tables), so ``piiscan check exports/``
    and ``cd exports && piiscan check .`` find the same config."""
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
    show_rows: int | None = None
    """Rows listed per finding (0: every row of a finding in cells); None takes the config's
    ``show-rows``, else ``DEFAULT_SHOW_ROWS``."""
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
    rows_kept: int | None = DEFAULT_SHOW_ROWS
    """Rows a finding lists (None: every row of a finding in cells)."""


def plan(request: ScanRequest) -> Plan:
    """Load the rules and config, resolve the policy, and find the files under the paths."""
    from piiscan.discovery import Discovery, RootedGlobs, discover_all
    from piiscan.readers.postgres import is_url
    from piiscan.ruleset import load_rules
    from piiscan.settings import find_config, load_config, resolve_policy

    urls = [p for p in request.paths if is_url(p)]
    paths = [p for p in request.paths if not is_url(p)]
    rules = request.rules if request.rules is not None else load_rules(request.rules_dir)
    if request.config is not None and not request.config.is_file():
        raise UsageError(f"{request.config}: config file not found")
    config_path = request.config
    if config_path is None and request.find_config:
        config_path = find_config(request.config_from or _common_folder(paths))
        if config_path is not None:
            _trusted_config(config_path, paths)
    settings = load_config(config_path) if config_path is not None else None
    if settings is not None:
        check_ignored_rules(settings, rules)
        _no_member_globs(settings.exclude, ConfigError, f"{settings.source}: exclude")
    _no_member_globs(request.exclude, UsageError, "--exclude")
    policy = request.policy
    if policy is None:
        policy = resolve_policy(settings, forbid=request.forbid, allow=request.allow)
    if request.only_tables and not urls:
        raise UsageError("--table: only with a database URL (postgresql://...)")
    tables, database_errors = database_tables(urls, request.only_tables)
    found = Discovery(files=(), errors=(), skipped=())
    if paths:
        rooted = None
        if settings is not None and settings.source is not None:
            rooted = RootedGlobs(settings.source.parent, settings.include, settings.exclude)
        found = discover_all(paths, include=request.include, exclude=request.exclude, rooted=rooted)
    files = list(found.files)
    if request.files:
        files = sorted([*files, *request.files], key=lambda ref: tuple(ref.display.split("/")))
    max_rows = request.max_rows
    if max_rows is None and settings is not None:
        max_rows = settings.max_rows
    show_rows = request.show_rows
    if show_rows is not None and show_rows < 0:
        raise UsageError("show_rows: 0 (every row) or more")
    if show_rows is None and settings is not None:
        show_rows = settings.show_rows
    if show_rows is None:
        show_rows = DEFAULT_SHOW_ROWS
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
        rows_kept=show_rows or None,
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


def _no_member_globs(globs: Sequence[str], error: type[Exception], where: str) -> None:
    """Exclude globs choose files; a table in one is left out by an ignore entry instead (all
    of a file is read, and an exclude that did nothing must not look as if it had)."""
    for glob in globs:
        if "!/" in glob:
            raise error(
                f'{where} "{glob}": names a table inside a file; exclude chooses files,'
                f' an [[ignore]] entry with path = "{glob}" passes over the table'
            )


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
    return judge(plan, result, known=old_known, warnings=warnings)


def judge(
    plan: Plan,
    result: ScanResult,
    *,
    known: Callable[[Finding], bool] | None = None,
    warnings: Sequence[str] = (),
) -> Report:
    """Policy and baseline applied to the engine's result for the plan: the report. ``known``
    accepts the findings present at ``--diff-base``; ``warnings`` are added to the report's."""
    from piiscan.policy import apply

    accepted = plan.request.baseline
    old_known = known

    def is_known(finding: Finding) -> bool:
        return (accepted is not None and accepted.covers(finding)) or (
            old_known is not None and old_known(finding)
        )

    rooted = _rooted_paths(plan)
    report = apply(
        result,
        plan.policy,
        tool_version=__version__,
        known=is_known if accepted is not None or old_known is not None else None,
        rooted=rooted,
    )
    notes = list(warnings)
    if accepted is not None:
        notes += [
            f"baseline entry {entry.describe()} matched no finding"
            f" (stale: `piiscan baseline update` drops it)"
            for entry in accepted.stale(report)
        ]
    from piiscan.readers import header_locator

    holders = _holders(plan, report.files)
    return replace(
        report,
        warnings=(*report.warnings, *notes),
        rules=plan.rules,
        locate=header_locator(plan.files),
        ignore_path=rooted,
        file_count=len(set(holders) - {None}),
        loose_tables=holders.count(None),
    )


def _holders(plan: Plan, scanned: Sequence[FileSummary]) -> list[str | None]:
    """For each table scanned, the file it was read from (its display path: a sheet's
    workbook, an archive member's archive), or None for a table of no file (a database
    table, an in-memory table)."""
    from piiscan.policy import enclosing

    files = {ref.display for ref in plan.files}
    return [
        next((path for path in reversed(enclosing(summary.path)) if path in files), None)
        for summary in scanned
    ]


def scan(plan: Plan, *, on_file: Callable[[FileRef], None] | None = None) -> ScanResult:
    """The engine's result for the plan's files and tables, discovery errors included."""
    from piiscan.engine import scan as scan_files

    tables = [(t.name, t.batches(plan.options)) for t in plan.tables]
    empty = [ref for ref in plan.files if _is_empty(ref)]
    result = scan_files(
        [ref for ref in plan.files if ref not in empty],
        rules=plan.rules,
        options=plan.options,
        jobs=plan.jobs,
        on_file=on_file,
        tables=tables,
        rows_kept=plan.rows_kept,
    )
    errors = sorted((*result.errors, *plan.discovery_errors), key=lambda e: (e.path, e.message))
    skipped = sorted((*result.skipped, *plan.skipped), key=lambda s: s.path)
    files = sorted(
        (*result.files, *(FileSummary(ref.display, 0) for ref in empty)), key=lambda f: f.path
    )
    warnings = sorted((*result.warnings, *(f"{ref.display}: {EMPTY_NOTE}" for ref in empty)))
    return replace(
        result,
        files=tuple(files),
        errors=tuple(errors),
        warnings=tuple(warnings),
        skipped=tuple(skipped),
        excluded=plan.excluded,
    )


def _is_empty(ref: FileRef) -> bool:
    """A regular file of 0 bytes (whatever its name says): an export with no rows, examined
    whole by looking at its size (a named pipe or a device says 0 too, and is read)."""
    try:
        info = ref.path.stat()
    except OSError:
        return False  # the reader reports it
    return stat.S_ISREG(info.st_mode) and info.st_size == 0


def spool(stream: BinaryIO, name: str | None, folder: Path, *, limit: int) -> FileRef:
    """A stream (standard input) saved to ``folder`` as a file to scan, at most ``limit``
    bytes, shown as ``name`` (or ``-``) in every output; ``name``'s suffix is a hint to its
    format, which its content decides. Raises ``UsageError`` when it is too big or nothing
    piiscan reads."""
    if name is not None:
        base = name.replace("\\", "/").rsplit("/", 1)[-1]
        if not base or base in (".", ".."):
            raise UsageError(f'--stdin-filename "{name}": needs a file name')
    target = folder / (base if name is not None else "stdin")
    total = 0
    with target.open("wb") as fh:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise UsageError(f"-: standard input is larger than --max-inflate ({limit} bytes)")
            fh.write(chunk)
    try:
        return spooled(target, name if name is not None else STDIN, named=name is not None)
    except UsageError as exc:
        if name is not None:
            raise
        hint = "; name it with --stdin-filename NAME.csv (or .json, ...)"
        raise UsageError(f"{exc}{hint}") from None


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


def save_baseline(report: Report, old: Baseline | None, target: Path) -> tuple[Baseline, Changes]:
    """``rebaseline``, written to ``target`` whole or not at all; what changed. Raises
    ``IncompleteScan`` (nothing written) or ``OutputError`` (cannot write)."""
    from piiscan.errors import OutputError
    from piiscan.outputs import os_reason, write_atomic

    new, changes = rebaseline(report, old, target)
    try:
        write_atomic(target, new.render())
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({os_reason(exc)})") from None
    return new, changes


def describe(plan: Plan, baseline: Path | None = None) -> list[str]:
    """The settings in effect (``-v``), so that a surprising verdict can be explained;
    ``baseline`` is the file the request's baseline was read from."""
    from piiscan.model import ALL_CATEGORIES

    forbidden = [c.value for c in ALL_CATEGORIES if c in plan.policy.forbidden]
    lines = [
        f"config: {plan.config_path if plan.config_path else 'none found'}",
        f"forbidden: {', '.join(forbidden) or 'nothing'}",
        f"rules: {len(plan.rules)}; files: {len(plan.files)}; jobs: {plan.jobs}",
    ]
    accepted = plan.request.baseline
    if baseline is not None and accepted is not None:
        lines.append(f"baseline: {baseline} ({len(accepted.entries)} entries)")
    return lines


def _trusted_config(config: Path, paths: Sequence[str]) -> None:
    """Refuse a config that came with the data: one found inside a folder being scanned,
    below the folder piiscan runs in (an export holding ``.piiscan.toml`` with ``allow`` or
    ``exclude`` would pass itself). At or above the working folder it is the project's own
    (``piiscan check .``); named with ``--config`` it is the user's choice."""
    folder = config.resolve().parent
    here = Path.cwd().resolve()
    if folder == here or folder in here.parents:
        return
    for path in paths:
        scanned = Path(path).resolve()
        if path != STDIN and scanned.is_dir() and (folder == scanned or scanned in folder.parents):
            raise UsageError(
                f"{config}: a config inside the scanned folder {path} is not used unless named"
                " with --config (it may have come with the data)"
            )


def _common_folder(paths: Sequence[str]) -> Path:
    """The deepest folder holding every path (``-`` aside), where the config search starts;
    the current folder when there is none."""
    found = [os.path.abspath(p) for p in paths if p != STDIN]
    if not found:
        return Path.cwd()
    try:
        return Path(os.path.commonpath(found))
    except ValueError:  # paths on different drives
        return Path.cwd()


def _rooted_paths(plan: Plan) -> Callable[[str], str | None] | None:
    """A finding's display path to its path relative to the folder its ignore globs are
    relative to (``Policy.root``), for ``policy.apply``; None when the policy has no root.

    A finding's path is its file's display path, plus ``!/member`` or ``[Sheet]`` for a table
    inside it; a file given already classified (standard input) is at its display name.
    """
    root = plan.policy.root
    if root is None:
        return None
    on_disk = {ref.display: str(ref.path) for ref in plan.files}
    on_disk.update({ref.display: ref.display for ref in plan.request.files})
    top = os.path.abspath(root)

    def rooted(display: str) -> str | None:
        base, rest = display, ""
        if base not in on_disk:
            cuts = [i for i in (display.find("!/"), display.find("[")) if i > 0]
            cut = next((i for i in sorted(cuts) if display[:i] in on_disk), None)
            if cut is None:
                return None  # an in-memory table: no path on disk
            base, rest = display[:cut], display[cut:]
        rel = os.path.relpath(os.path.abspath(on_disk[base]), top)
        return (rel.replace(os.sep, "/") if os.sep != "/" else rel) + rest

    return rooted


def _without(files: list[FileRef], skip: Sequence[Path]) -> list[FileRef]:
    """``files`` less the ones piiscan writes (``-o`` reports, baselines): a report written
    into a scanned folder must not be scanned as an export on the next run."""
    from piiscan.baseline import is_baseline

    own = {os.path.realpath(path) for path in skip}
    return [
        ref
        for ref in files
        if not (ref.path.name == BASELINE_FILE and is_baseline(ref.path))
        and os.path.realpath(ref.path) not in own
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
