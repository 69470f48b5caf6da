"""The redacted copy of an archive (.zip; .tar, plain or compressed): the same members under
the same names (except a name that holds data: ``_Names``), in the same order, with their
dates and modes; a member with findings is
copied out (under a name piiscan makes up, as the reader does), written by its own kind's
writer (nested archives too) and put back in its place; every other member is copied as it
was. A ZIP member keeps its compression method. A compressed ZIP (``x.zip.gz``) cannot be
redacted yet (exit 2).
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from piiscan.errors import ReadError
from piiscan.headers import looks_like_data
from piiscan.model import FileError, FileRef, Format, ReadOptions
from piiscan.readers._stream import Source
from piiscan.readers.archive import (
    COMMENT_COLUMN,
    NAME_COLUMN,
    NAMES,
    _is_tar,
    _Scratch,
    member_table,
    split_name,
)
from piiscan.redaction.plan import FilePlan
from piiscan.redaction.sink import open_sink

if TYPE_CHECKING:
    from piiscan.redaction.run import FileDone

_COPY = 1 << 20


def write_archive(
    ref: FileRef,
    target: Path,
    relative: str,
    options: ReadOptions,
    plans: Mapping[str, FilePlan],
    members: list[FileDone],
) -> None:
    """Write the copy of the archive ``ref`` to ``target``; the members redacted are added
    to ``members`` (shown as ``relative!/name``)."""
    with tempfile.TemporaryDirectory(prefix="piiscan-redact-") as folder:
        scratch = _Scratch(Path(folder))
        rewrite = _Rewriter(ref, relative, options, plans, members, scratch)
        if ref.compression is None and zipfile.is_zipfile(ref.path):
            _zip(ref, target, rewrite)
        elif ref.compression is None or _is_tar(ref):
            _tar(ref, target, rewrite)
        else:
            raise ReadError("a compressed ZIP archive cannot be redacted yet")


class _Rewriter:
    """Redacts one member file copied out, when the plans name anything in it."""

    def __init__(
        self,
        ref: FileRef,
        relative: str,
        options: ReadOptions,
        plans: Mapping[str, FilePlan],
        members: list[FileDone],
        scratch: _Scratch,
    ) -> None:
        self.ref = ref
        self.relative = relative
        self.options = options
        self.plans = plans
        self.members = members
        self.scratch = scratch
        self.names = _Names(ref, relative, plans.get(ref.display + NAMES), members)

    def wanted(self, number: int, name: str) -> bool:
        prefix = self.ref.display + member_table(number, name)
        return any(p == prefix or p.startswith((f"{prefix}[", f"{prefix}!/")) for p in self.plans)

    def __call__(self, number: int, name: str, path: Path) -> Path:
        """The redacted copy of member ``number``, ``name``, copied out to ``path``."""
        from piiscan.discovery import examine, split_suffix
        from piiscan.redaction.run import _plan_of, _write

        table = member_table(number, name)
        fmt, compression = split_suffix(name.rsplit("/", 1)[-1])
        found = examine(path, table, fmt, compression)
        if not isinstance(found, FileRef):
            message = found.message if isinstance(found, FileError) else "not readable"
            raise ReadError(f"member {table[2:]}: {message}")
        member = replace(found, display=self.ref.display + table)
        out = self.scratch.path(name)
        done = _write(
            member,
            out,
            self.relative + table,
            _plan_of(self.plans, member),
            self.options,
            self.plans,
            self.members,
        )
        if member.format is not Format.ARCHIVE:
            self.members.append(done)
        return out


def _zip(ref: FileRef, target: Path, rewrite: _Rewriter) -> None:
    with (
        zipfile.ZipFile(ref.path) as source,
        open_sink(target, None) as raw,
        zipfile.ZipFile(raw, "w") as copy,
    ):
        keep = not rewrite.names.comments
        copy.comment = source.comment if keep else b""
        for number, info in enumerate(source.infolist(), start=1):
            entry = _copied(info, rewrite.names.name(number, info.filename), keep_comment=keep)
            if info.is_dir() or not rewrite.wanted(number, info.filename):
                with source.open(info) as src, copy.open(entry, "w") as dst:
                    shutil.copyfileobj(src, dst, _COPY)
                continue
            path = rewrite.scratch.path(info.filename)
            with source.open(info) as src, path.open("wb") as dst:
                shutil.copyfileobj(src, dst, _COPY)
            new = rewrite(number, info.filename, path)
            with new.open("rb") as src, copy.open(entry, "w") as dst:
                shutil.copyfileobj(src, dst, _COPY)
            path.unlink(missing_ok=True)
            new.unlink(missing_ok=True)
    rewrite.names.done()


def _copied(info: zipfile.ZipInfo, name: str, *, keep_comment: bool) -> zipfile.ZipInfo:
    """A member's entry for the copy: its name (``name``), date, mode and method kept (its
    comment too unless comments held data), sizes to come."""
    entry = zipfile.ZipInfo(name, date_time=info.date_time)
    entry.compress_type = info.compress_type
    entry.external_attr = info.external_attr
    entry.comment = info.comment if keep_comment else b""
    return entry


def _tar(ref: FileRef, target: Path, rewrite: _Rewriter) -> None:
    with Source(ref.path) as src, open_sink(target, ref.compression) as raw:
        source = tarfile.open(fileobj=src, mode="r|")  # noqa: SIM115 (closed below)
        copy = tarfile.open(fileobj=raw, mode="w|", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        with source, copy:
            for number, info in enumerate(source, start=1):
                name = info.name
                info.name = rewrite.names.name(number, name)
                if not info.isfile():
                    copy.addfile(info)
                    continue
                member = source.extractfile(info)
                assert member is not None
                if not rewrite.wanted(number, name):
                    copy.addfile(info, member)
                    continue
                path = rewrite.scratch.path(name)
                with member, path.open("wb") as dst:
                    shutil.copyfileobj(member, dst, _COPY)
                new = rewrite(number, name, path)
                info.size = new.stat().st_size
                with new.open("rb") as data:
                    copy.addfile(info, data)
                path.unlink(missing_ok=True)
                new.unlink(missing_ok=True)
        src.raise_if_failed()
    rewrite.names.done()


class _Names:
    """The member names of the copy: a name the plan of ``[member names]`` finds data in (or
    that reads as a value) loses the parts that hold it, each becoming ``member-N`` (the
    member's number; the file's suffix kept), so the copy names no customer."""

    def __init__(
        self, ref: FileRef, relative: str, plan: FilePlan | None, members: list[FileDone]
    ) -> None:
        self.table = ref.display + NAMES
        self.relative = relative + NAMES
        self.column = None if plan is None else plan.columns.get(NAME_COLUMN)
        self.comment_plan = None if plan is None else plan.columns.get(COMMENT_COLUMN)
        self.comments = self.comment_plan is not None
        """The comments held data: the copy has none (a tar's link targets are kept)."""
        self.members = members
        self.count = 0
        self.changed = 0

    def name(self, number: int, name: str) -> str:
        self.count += 1
        if self.column is None:
            return name
        *folders, last = name.split("/")
        stem, suffix = split_name(last)
        parts = [*folders, stem]
        new = [p if self._clean(p) else f"member-{number}" for p in parts]
        if new == parts:
            return name
        self.changed += 1
        return "/".join([*new[:-1], new[-1] + suffix])

    def _clean(self, part: str) -> bool:
        assert self.column is not None
        if looks_like_data(part):
            return False
        transform = self.column.transform
        return transform is None or transform(part) == part

    def done(self) -> None:
        """List the renaming (and the comments removed) in the manifest, as redacted columns."""
        from piiscan.redaction.run import ColumnDone, FileDone

        done = []
        if self.column is not None:
            done.append(ColumnDone(self.column, self.changed))
        if self.comment_plan is not None:
            done.append(ColumnDone(self.comment_plan, 1))
        if done:
            self.members.append(FileDone(self.table, self.relative, self.count, tuple(done)))
