"""One redaction: scan the sources, plan each file's columns, write the copies and the
manifest, then scan the copy with the same rules and policy.

The exit code follows ``check``: 0 only when every source was read and the copy passes;
1 when the copy still holds forbidden data (the report names the column); 2 when a source
could not be read or written (its copy is not written).
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from piiscan.errors import PiiscanError, UsageError
from piiscan.model import FileError, FileRef, Finding, Format, ReadOptions, Report
from piiscan.policy import EXIT_INCOMPLETE, EXIT_PASS
from piiscan.redaction.actions import KEY_MIN_BYTES, Action
from piiscan.redaction.plan import (
    Choices,
    ColumnPlan,
    FilePlan,
    Written,
    plan_files,
    strengthened,
    tables_plan,
)
from piiscan.session import Plan, ScanRequest

KEY_ENV = "PIISCAN_REDACT_KEY"
MANIFEST = "redaction.json"


@dataclass(frozen=True)
class ColumnDone:
    """One redacted column of one copy, as the manifest lists it."""

    plan: ColumnPlan
    changed: int
    """Values rewritten (for a dropped column: non-empty values removed)."""


@dataclass(frozen=True)
class FileDone:
    """One copy written."""

    path: str
    """The source's display path."""
    copy: str
    """The copy's path relative to the output folder, POSIX separators."""
    rows: int | None
    """Data rows written (None for a file copied unchanged)."""
    columns: tuple[ColumnDone, ...]


@dataclass(frozen=True)
class Redaction:
    """What a redaction did: the source's report, the copies, and the copy's report."""

    source: Report
    files: tuple[FileDone, ...]
    errors: tuple[FileError, ...]
    """Sources that were not copied (unreadable, or a format redact cannot write yet)."""
    copy: Report | None
    """The scan of the copy; None when nothing was written."""
    out: Path

    @property
    def exit_code(self) -> int:
        if self.errors or self.source.errors or self.copy is None or self.copy.errors:
            return EXIT_INCOMPLETE
        if self.copy.exit_code != EXIT_PASS:
            return self.copy.exit_code
        return EXIT_PASS if self.files else EXIT_INCOMPLETE

    @property
    def left(self) -> tuple[str, ...]:
        """The copy's columns still holding forbidden data, ``path: column (category)``."""
        if self.copy is None:
            return ()
        return tuple(
            f"{f.path}: {f.column} ({f.category.value}, {f.detector})"
            for f in self.copy.findings
            if f.forbidden
        )


def load_key(key_file: Path | None) -> bytes | None:
    """The pseudonymisation key from ``key_file``, else ``PIISCAN_REDACT_KEY``; never from an
    argument (it would sit in shell history and process lists)."""
    if key_file is not None:
        try:
            key = key_file.read_bytes().strip()
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            raise UsageError(f"{key_file}: cannot read the key file ({reason})") from None
        where = str(key_file)
    else:
        env = os.environ.get(KEY_ENV)
        if not env:
            return None
        key, where = env.strip().encode("utf-8"), KEY_ENV
    if len(key) < KEY_MIN_BYTES:
        raise UsageError(f"{where}: the key must be at least {KEY_MIN_BYTES} bytes")
    return key


def check_out(out: Path, sources: Sequence[str], *, force: bool) -> None:
    """Refuse an output folder that is, or lies inside, a source; or that is not empty
    (without ``force``): a redaction must never write over its own inputs."""
    target = Path(os.path.realpath(out))
    for source in sources:
        src = Path(os.path.realpath(source))
        if target == src or src in target.parents:
            raise UsageError(f"--out {out}: inside the source {source}; choose another folder")
        if target in src.parents:
            raise UsageError(f"--out {out}: holds the source {source}; choose another folder")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError(f"--out {out}: not empty (--force writes into it)")


def redact(
    request: ScanRequest,
    out: Path,
    choices: Choices,
    *,
    key: bytes | None,
    force: bool = False,
    on_file: Callable[[FileRef], None] | None = None,
) -> Redaction:
    """Redact the request's paths into ``out`` (see the module docstring)."""
    from piiscan import session

    if not request.paths:
        raise UsageError("redact: no source given")
    check_out(out, request.paths, force=force)
    wanted = [*choices.by_rule.values(), *choices.by_category.values()]
    plan = session.plan(request)
    entries = plan.settings.redacts if plan.settings is not None else ()
    choices = replace(choices, entries=entries)
    wanted += [entry.action for entry in entries]
    if Action.PSEUDONYMISE in wanted and key is None:
        raise UsageError(f"pseudonymise needs a key: --key-file FILE or {KEY_ENV}")
    report = session.run(plan, on_file=on_file)
    plans = plan_files(report, plan.rules, choices, forbidden=plan.policy.forbidden, key=key)
    failed = {e.path for e in report.errors}
    done: dict[str, FileDone] = {}
    copies: dict[str, FileRef] = {}
    errors: list[FileError] = []
    out.mkdir(parents=True, exist_ok=True)
    sources = {ref.display: ref for ref in plan.files if not _holds(failed, ref.display)}
    # Unreadable sources (a table or member of them included) are named in the source
    # report (exit 2) and not copied: a copy would hold what was never examined.
    for ref in sources.values():
        relative = _relative(ref, request.paths)
        copies[relative] = replace(ref, path=out / relative, display=relative)
        _copy(ref, copies[relative], _plan_of(plans, ref), plan.options, done, errors, plans)
    copy = _scan_copy(plan, copies, session) if done else None
    # A column a default action did not clean (a header-only rule: any value of a "venue"
    # column is a venue) is dropped, once; what the user chose is reported as it is.
    weak: dict[str, list[Finding]] = {}
    for finding in copy.findings if copy is not None else ():
        origin = sources.get(done[finding.path].path) if finding.path in done else None
        own = plans.get(origin.display) if origin is not None else None
        column = own.columns.get(finding.column) if own is not None else None
        if origin is not None and finding.forbidden and (column is None or not column.chosen):
            weak.setdefault(finding.path, []).append(finding)
    for relative, findings in weak.items():
        ref = sources[done[relative].path]
        stronger = strengthened(plans.get(ref.display), ref.display, findings)
        _copy(ref, copies[relative], stronger, plan.options, done, errors, plans)
    if weak:
        copy = _scan_copy(plan, copies, session)
    from piiscan.redaction.manifest import render_manifest

    written = sorted(done.values(), key=lambda d: d.path)
    (out / MANIFEST).write_text(render_manifest(written), encoding="utf-8")
    return Redaction(report, tuple(written), tuple(errors), copy, out)


def _copy(
    ref: FileRef,
    copy: FileRef,
    plan: FilePlan | None,
    options: ReadOptions,
    done: dict[str, FileDone],
    errors: list[FileError],
    plans: Mapping[str, FilePlan],
) -> None:
    """Write one copy, recording it in ``done`` (by its relative path; an archive's members
    that were redacted too, as ``archive!/member``) or in ``errors``."""
    members: list[FileDone] = []
    try:
        done[copy.display] = _write(ref, copy.path, copy.display, plan, options, plans, members)
        done.update((member.copy, member) for member in members)
    except (PiiscanError, OSError) as exc:
        done.pop(copy.display, None)
        for key in [k for k in done if k.startswith(f"{copy.display}!/")]:
            del done[key]
        copy.path.unlink(missing_ok=True)
        message = exc.strerror if isinstance(exc, OSError) else str(exc)
        errors.append(FileError(ref.display, f"copy not written: {message}"))


def _scan_copy(plan: Plan, copies: dict[str, FileRef], session: Any) -> Report:
    """The copies scanned with the source's rules and policy, shown by relative path."""
    again = ScanRequest(
        files=tuple(sorted((c for c in copies.values() if c.path.exists()), key=_key)),
        config_from=None,
        policy=plan.policy,
        rules=plan.rules,
        options=plan.options,
        jobs=plan.jobs,
    )
    result: Report = session.run(session.plan(again))
    return result


def _relative(ref: FileRef, sources: Sequence[str]) -> str:
    """The copy's path under ``--out``: the file's path from the folder holding the source
    argument it was reached from (``exports/a.csv`` for ``exports/`` or ``/x/exports``)."""
    path = os.path.abspath(ref.path)
    for source in sources:
        root = os.path.abspath(source)
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(path, os.path.dirname(root))).as_posix()
    return ref.path.name


_WRITERS: dict[Format, tuple[str, str]] = {
    Format.CSV: ("csv", "write_csv"),
    Format.TSV: ("csv", "write_csv"),
    Format.JSON: ("json", "write_json"),
    Format.JSONL: ("json", "write_json"),
    Format.PARQUET: ("parquet", "write_parquet"),
    Format.ORC: ("orc", "write_orc"),
    Format.ARROW: ("ipc", "write_ipc"),
    Format.AVRO: ("avro", "write_avro"),
    Format.SQLITE: ("sqlite", "write_sqlite"),
    Format.WORKBOOK: ("workbook", "write_workbook"),
    Format.TEXT: ("text", "write_text"),
}
"""The module of ``piiscan.redaction`` and the function that write each format's copy
(imported when a file of that format is written: most runs need one or two)."""


def _write(
    ref: FileRef,
    target: Path,
    relative: str,
    plan: FilePlan | None,
    options: ReadOptions,
    plans: Mapping[str, FilePlan],
    members: list[FileDone],
) -> FileDone:
    """Write one copy (an archive's members through this in turn, listed in ``members``)."""
    from piiscan.redaction.inflated import needs_inflating, write_inflated

    if needs_inflating(ref) and _has_plans(plans, ref.display):

        def plain(inflated: FileRef, copy: Path) -> FileDone:
            own = _plan_of(plans, inflated)
            return _write(inflated, copy, relative, own, options, plans, members)

        return write_inflated(ref, target, options, plain)
    if ref.format is Format.ARCHIVE and _has_plans(plans, ref.display):
        from piiscan.redaction.archive import write_archive

        write_archive(ref, target, relative, options, plans, members)
        return FileDone(ref.display, relative, None, ())
    if plan is None and _has_plans(plans, ref.display):
        raise UsageError(f"redact cannot write the tables of {ref.format.value} files yet")
    if plan is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ref.path, target)
        return FileDone(ref.display, relative, None, ())
    writer = _WRITERS.get(ref.format)
    if writer is None:
        raise UsageError(f"redact cannot write {ref.format.value} files yet")
    module, function = writer
    write: Callable[[FileRef, Path, FilePlan, ReadOptions], Written] = getattr(
        importlib.import_module(f"piiscan.redaction.{module}"), function
    )
    written = write(ref, target, plan, options)
    columns = tuple(
        ColumnDone(p, written.changed.get(name, 0)) for name, p in sorted(written.plans.items())
    )
    return FileDone(ref.display, relative, written.rows, columns)


def _plan_of(plans: Mapping[str, FilePlan], ref: FileRef) -> FilePlan | None:
    """The plan of one source: its own, or its tables' (a workbook's sheets, a database's
    tables) as one."""
    if ref.format in (Format.WORKBOOK, Format.SQLITE):
        return tables_plan(plans, ref.display)
    return plans.get(ref.display)


def _has_plans(plans: Mapping[str, FilePlan], display: str) -> bool:
    """Whether anything in the source ``display`` is to be redacted."""
    return _holds(plans, display)


def _holds(paths: Iterable[str], display: str) -> bool:
    """Whether one of ``paths`` is in the source ``display``: the file, one of its tables
    (``x.db[t]``) or one of its members (``x.zip!/a.csv``)."""
    return any(p == display or p.startswith((f"{display}[", f"{display}!/")) for p in paths)


def _key(ref: FileRef) -> tuple[str, ...]:
    return tuple(ref.display.split("/"))
