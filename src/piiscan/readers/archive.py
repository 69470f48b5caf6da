"""Archives (.zip; .tar, plain or compressed), walked like folders, recursively.

Each member is copied to a temporary file (under a name piiscan makes up: a member called
``../../x`` never touches the file system outside the temporary folder), its kind decided by
its content exactly as discovery decides a file's (``discovery.examine``), and read by that
kind's reader; nested archives and workbooks are walked in turn. A member's tables are shown
as ``export.zip!/customers.csv`` (``a.zip!/b.tar.gz!/c.csv``, ``a.zip!/book.xlsx[Sheet1]``).

A compressed ZIP or OLE file (``x.zip.gz``, ``book.xlsx.gz``) is one too: it needs random
access, so it is inflated to a temporary file first and then read as what it is.

Bomb limits hold for the whole archive, nested ones included: bytes copied out
(``max_inflate``), members (``MAX_MEMBERS``) and nesting (``MAX_DEPTH``). A limit hit stops
the walk with the archive named as not examined (exit 2); a ZIP whose central directory
already declares too much stops before anything is copied. An encrypted member, a member in
a compression method piiscan cannot undo, and a member of a kind that may hold data but
cannot be read yet (7z, SQLite, ...) are not examined (exit 2); members that cannot hold
data (images, executables) are listed as skipped; folders and links are passed over.
"""

from __future__ import annotations

import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from lzma import LZMAError
from pathlib import Path
from typing import BinaryIO, Protocol

from piiscan.errors import ReadError
from piiscan.headers import looks_like_data
from piiscan.model import Batch, ColumnChunk, FileError, FileRef, Format, ReadOptions, Skipped
from piiscan.readers._protocol import ColumnLocator, Head, Magic
from piiscan.readers._stream import Limits, Source, os_problem, row_numbers, string_array
from piiscan.readers.workbook import OLE_MAGIC, ZIP_MAGIC

MAX_MEMBERS = 100_000
"""Members in one archive, nested archives' members included."""
MAX_DEPTH = 5
"""Archives within archives."""
_COPY = 1 << 20


@dataclass
class _Budget:
    """What the whole (outer) archive may still use."""

    limit: int
    """``max_inflate``, for messages."""
    inflate: int
    members: int

    def too_big(self) -> _Stop:
        return _Stop(f"inflates past {self.limit} bytes (--max-inflate); an archive bomb?")


class _Stop(Exception):
    """A bomb limit was hit: the walk ends, naming this (one-line, value-free) reason."""


FORMATS: tuple[Format, ...] = (Format.ARCHIVE,)
SUFFIXES: Mapping[str, Format] = {}
"""None: an archive is told by its content alone, whatever its name."""
BY_MAGIC: bool = True
CONTAINERS: tuple[Magic, ...] = (
    *((0, magic, "ZIP archive") for magic in ZIP_MAGIC),
    (0, OLE_MAGIC, "OLE compound file"),
    (257, b"ustar", "tar archive"),
)


def sniff(head: Head) -> Format | None:
    """A ZIP that is not a workbook (``workbook`` is asked first), a tar (plain or
    compressed), and a compressed ZIP or OLE file, which must be inflated before it can be
    told apart. A plain OLE file that is not a workbook is no archive: discovery names it.
    Without the file (``head.path`` None) it claims nothing: an archive is read from its file."""
    kind = head.kind(CONTAINERS) if head.path is not None else None
    if kind is None or (kind.startswith("OLE") and head.compression is None):
        return None
    return Format.ARCHIVE


def locate(ref: FileRef) -> ColumnLocator:
    """Nothing: an archive's findings name a member, never the archive alone."""
    return lambda column: None


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """The tables of every member, ``Batch.table`` naming the member (``!/name...``); bomb
    limits are the archive's own (``limits``, the file's, stays empty)."""
    with tempfile.TemporaryDirectory(prefix="piiscan-archive-") as folder:
        budget = _Budget(options.max_inflate, options.max_inflate, MAX_MEMBERS)
        yield from _walk(ref, options, _Scratch(Path(folder)), budget, depth=1)


class _Scratch:
    """Fresh temporary file names in one folder, never derived from a member's name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def path(self, name: str) -> Path:
        self.count += 1
        suffix = "".join(
            c
            for c in "".join(Path(name.rsplit("/", 1)[-1]).suffixes[-2:])
            if c.isalnum() or c == "."
        )
        return self.folder / f"m{self.count}{suffix[:24]}"


def _walk(
    ref: FileRef, options: ReadOptions, scratch: _Scratch, budget: _Budget, depth: int
) -> Iterator[Batch]:
    """Batches of ``ref`` (an archive) with tables relative to it; a limit hit ends with a
    batch naming the archive itself (table ``""``) as not examined."""
    try:
        if ref.compression is not None and not _is_tar(ref):
            yield from _inflated(ref, options, scratch, budget, depth)
        elif ref.compression is None and zipfile.is_zipfile(ref.path):
            yield from _zip(ref, options, scratch, budget, depth)
        else:
            yield from _tar(ref, options, scratch, budget, depth)
    except _Stop as stop:
        yield Batch(columns=(), row_count=0, unexamined=(f"{stop}; the rest not examined",))


def _is_tar(ref: FileRef) -> bool:
    with Source(ref.path) as src:
        return src.peek_head(512)[257:262] == b"ustar"


def _inflated(
    ref: FileRef, options: ReadOptions, scratch: _Scratch, budget: _Budget, depth: int
) -> Iterator[Batch]:
    """A compressed ZIP or OLE file: inflated to a temporary file, then read as what it is."""
    name = ref.display.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    target = scratch.path(name)
    with Source(ref.path, max_inflate=budget.inflate) as src, target.open("wb") as out:
        budget.inflate -= _copy(src, out, budget)
        src.raise_if_failed()
    yield from _member_file(target, name, "", options, scratch, budget, depth)


def _zip(
    ref: FileRef, options: ReadOptions, scratch: _Scratch, budget: _Budget, depth: int
) -> Iterator[Batch]:
    try:
        zf = zipfile.ZipFile(ref.path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"not a readable ZIP archive ({type(exc).__name__})") from None
    walk = _Walk(options, scratch, budget, depth)
    with zf:
        entries = zf.infolist()
        if len(entries) > budget.members:
            raise _Stop(f"{len(entries)} members, more than {MAX_MEMBERS} (an archive bomb?)")
        declared = sum(info.file_size for info in entries)
        if declared > budget.inflate:
            raise budget.too_big()
        comments = [_comment(zf.comment), *(_comment(info.comment) for info in entries)]
        yield from _names([info.filename for info in entries], comments)
        start = min((info.header_offset for info in entries), default=zf.start_dir)
        if start > 0:
            # Bytes before the first member: a stub (self-extracting), junk, or a whole
            # other archive that ``cat`` put in front (zipfile reads the last one only).
            target = scratch.path("")
            with ref.path.open("rb") as raw, target.open("wb") as out:
                budget.inflate -= _copy(_Limited(raw, start), out, budget)
            yield from _member_file(target, "", BEFORE, options, scratch, budget, depth)
            target.unlink(missing_ok=True)
        for number, info in enumerate(entries, start=1):
            if info.is_dir():
                continue
            if budget.members <= 0:
                raise _Stop(f"more than {MAX_MEMBERS} members (an archive bomb?)")
            budget.members -= 1
            yield from _zip_member(zf, info, member_table(number, info.filename), walk)


@dataclass
class _Walk:
    """What the walk of one (outer) archive carries to each member."""

    options: ReadOptions
    scratch: _Scratch
    budget: _Budget
    depth: int


def _zip_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, table: str, walk: _Walk
) -> Iterator[Batch]:
    """One ZIP member, copied out and read by its content; encrypted, damaged or in a method
    zipfile cannot undo, it is named as not examined."""
    if info.flag_bits & 0x1:
        yield _not_examined(table, "encrypted, not examined")
        return
    target = walk.scratch.path(info.filename)
    try:
        with zf.open(info) as member, target.open("wb") as out:
            walk.budget.inflate -= _copy(member, out, walk.budget)
    except NotImplementedError:
        method = info.compress_type
        yield _not_examined(table, f"compression method {method} not supported; not examined")
        return
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, LZMAError) as exc:
        yield _not_examined(table, f"corrupt member ({type(exc).__name__}); not examined")
        return
    yield from _member_file(
        target, info.filename, table, walk.options, walk.scratch, walk.budget, walk.depth
    )
    target.unlink(missing_ok=True)


def zip_members(
    zf: zipfile.ZipFile,
    infos: Sequence[tuple[str, zipfile.ZipInfo]],
    options: ReadOptions,
) -> Iterator[Batch]:
    """Some members of an open ZIP read as an archive's are (files embedded in a workbook),
    each shown as its ``table``; bomb limits hold for them together."""
    with tempfile.TemporaryDirectory(prefix="piiscan-archive-") as folder:
        budget = _Budget(options.max_inflate, options.max_inflate, MAX_MEMBERS)
        walk = _Walk(options, _Scratch(Path(folder)), budget, depth=2)
        try:
            for table, info in infos:
                yield from _zip_member(zf, info, table, walk)
        except _Stop as stop:
            yield Batch(columns=(), row_count=0, unexamined=(f"{stop}; the rest not examined",))


def _tar(
    ref: FileRef, options: ReadOptions, scratch: _Scratch, budget: _Budget, depth: int
) -> Iterator[Batch]:
    with Source(ref.path, max_inflate=options.max_inflate) as src:
        try:
            tar = tarfile.open(fileobj=src, mode="r|")  # noqa: SIM115 (the with below closes it)
        except (tarfile.TarError, OSError, EOFError) as exc:
            src.raise_if_failed()
            raise ReadError(f"not a readable tar archive ({type(exc).__name__})") from None
        names: list[str] = []
        comments: list[str | None] = [None]  # a tar has no comment of its own
        with tar:
            try:
                for number, info in enumerate(tar, start=1):
                    if budget.members <= 0:
                        raise _Stop(f"more than {MAX_MEMBERS} members (an archive bomb?)")
                    budget.members -= 1
                    names.append(info.name)
                    # A link's target and extended (pax) headers are text that leaves too.
                    extra = [info.linkname, *map(str, info.pax_headers.values())]
                    comments.append(" ".join(t for t in extra if t) or None)
                    table = member_table(number, info.name)
                    if info.isdir():
                        continue
                    if not info.isfile():
                        yield _skipped(table, "a link or special file, not data")
                        continue
                    if info.size > budget.inflate:
                        raise budget.too_big()
                    target = scratch.path(info.name)
                    source = tar.extractfile(info)
                    assert source is not None
                    with source, target.open("wb") as out:
                        budget.inflate -= _copy(source, out, budget)
                    yield from _member_file(
                        target, info.name, table, options, scratch, budget, depth
                    )
                    target.unlink(missing_ok=True)
            except (tarfile.TarError, EOFError) as exc:
                src.raise_if_failed()
                raise ReadError(f"corrupt tar archive ({type(exc).__name__})") from None
            finally:
                yield from _names(names, comments)  # read so far: a tar is read once
            yield from _after_tar(tar, src, options, scratch, budget, depth)
        src.raise_if_failed()
        if src.trailing is not None:
            yield Batch(columns=(), row_count=0, unexamined=(src.trailing,))


BEFORE = "!/[before the archive]"
AFTER = "!/[after the archive]"
"""Tables of the bytes around an archive's members: read by their content like a member."""


def _after_tar(
    tar: tarfile.TarFile,
    src: Source,
    options: ReadOptions,
    scratch: _Scratch,
    budget: _Budget,
    depth: int,
) -> Iterator[Batch]:
    """What follows a tar's end-of-archive block: zero padding, or bytes ``tar`` would not
    read without ``-i`` (another archive ``cat`` put after it), read by their content."""
    held = getattr(tar.fileobj, "buf", b"")  # read from ``src`` by tarfile, not yet used
    target: Path | None = None
    out: BinaryIO | None = None
    try:
        for chunk in chain((held,), iter(lambda: src.read(_COPY), b"")):
            if out is None:
                chunk = chunk.lstrip(b"\x00")
                if not chunk:
                    continue
                target = scratch.path("")
                out = target.open("wb")
            budget.inflate -= len(chunk)
            if budget.inflate < 0:
                raise budget.too_big()
            out.write(chunk)
    finally:
        if out is not None:
            out.close()
    if target is not None:
        yield from _member_file(target, "", AFTER, options, scratch, budget, depth)
        target.unlink(missing_ok=True)


class _Limited:
    """The first ``size`` bytes of a file."""

    def __init__(self, raw: BinaryIO, size: int) -> None:
        self.raw, self.left = raw, size

    def read(self, size: int = -1, /) -> bytes:
        want = self.left if size < 0 else min(size, self.left)
        data = self.raw.read(want)
        self.left -= len(data)
        return data


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def _copy(source: _Readable, out: BinaryIO, budget: _Budget) -> int:
    """Copy a member out, stopping once it passes what the budget has left."""
    done = 0
    while chunk := source.read(_COPY):
        done += len(chunk)
        if done > budget.inflate:
            raise budget.too_big()
        out.write(chunk)
    return done


def _member_file(
    path: Path,
    name: str,
    table: str,
    options: ReadOptions,
    scratch: _Scratch,
    budget: _Budget,
    depth: int,
) -> Iterator[Batch]:
    """A member copied out to ``path``: classified by content as discovery does a file (its
    ``name``'s suffix a hint) and read, its tables shown after ``table``."""
    from piiscan.discovery import Unsupported, examine, split_suffix

    fmt, compression = split_suffix(name.rsplit("/", 1)[-1])
    found = examine(path, table, fmt, compression)
    if isinstance(found, FileError):
        yield _not_examined(table, found.message)
    elif isinstance(found, Skipped):
        yield _skipped(table, found.reason)
    elif isinstance(found, Unsupported):
        yield replace(_skipped(table, found.reason), unexamined=(found.reason,))
    else:
        yield from _member(found, table, options, scratch, budget, depth)


def _member(
    ref: FileRef, table: str, options: ReadOptions, scratch: _Scratch, budget: _Budget, depth: int
) -> Iterator[Batch]:
    """Read a classified member; its tables get ``table`` in front; a read error is the
    member's, not examined, and the walk goes on."""
    from piiscan.readers import guarded
    from piiscan.readers import read as read_member

    if ref.format is Format.ARCHIVE:
        if depth >= MAX_DEPTH:
            yield _not_examined(table, f"archives nested deeper than {MAX_DEPTH}; not examined")
            return
        batches = _walk(ref, options, scratch, budget, depth + 1)
    else:
        batches = read_member(ref, options)
    try:
        for batch in guarded(batches):
            yield replace(batch, table=table + batch.table)
    except ReadError as exc:
        yield _not_examined(table, " ".join(str(exc).split()) or "could not read")
    except OSError as exc:
        yield _not_examined(table, os_problem(exc))


NAMES = "[member names]"
"""The table of an archive's member names: data too (``ivan.petrov@mail.ru.csv``)."""
NAME_COLUMN = "(name)"


def member_table(number: int, name: str) -> str:
    """How member ``number`` (from 1, in archive order, folders counted) is shown:
    ``!/name``, or ``!/[member N]`` when a part of its name reads as a value (an e-mail, a
    phone): that name is read as data in ``[member names]``, never shown."""
    if any(looks_like_data(part) for part in name.split("/")):
        return f"!/[member {number}]"
    return f"!/{name}"


_OTHER_SUFFIXES = frozenset((".txt", ".log", ".bak", ".dat", ".old", ".tmp", ".out"))


COMMENT_COLUMN = "(comment)"


def _names(names: list[str], comments: list[str | None] | None = None) -> Iterator[Batch]:
    """The member names as one column, each at its member's number; a ZIP's comments (the
    archive's, at row 0, and each member's) as another: text a user typed, that leaves with
    the archive."""
    if not names:
        return
    texts: list[str | None] = [_name_text(name) for name in names]
    columns = [ColumnChunk(NAME_COLUMN, string_array(texts), row_numbers(1, len(names)))]
    if comments and any(comments):
        rows = row_numbers(0, len(comments))
        columns.append(ColumnChunk(COMMENT_COLUMN, string_array(comments), rows))
    yield Batch(columns=tuple(columns), row_count=len(names), table=NAMES)


def _comment(raw: bytes) -> str | None:
    return raw.decode("utf-8", "replace") if raw else None


def _name_text(name: str) -> str:
    """A member's name as it is searched: its folders and its stem as words
    (``exports/ivan.petrov@mail.ru.csv.gz`` is ``exports ivan.petrov@mail.ru``): a file
    suffix is not part of a value written into the name."""
    *folders, last = name.split("/")
    return " ".join(part for part in (*folders, split_name(last)[0]) if part)


def split_name(name: str) -> tuple[str, str]:
    """A file name as (stem, its file suffixes): ``ivan@mail.ru.csv.gz`` is
    (``ivan@mail.ru``, ``.csv.gz``); ``.ru`` is no file suffix."""
    from piiscan.discovery import COMPRESSION_SUFFIXES
    from piiscan.readers import SUFFIXES

    stem = name
    while "." in stem.strip("."):
        head, suffix = stem.rsplit(".", 1)
        known = f".{suffix.lower()}"
        if not (known in SUFFIXES or known in COMPRESSION_SUFFIXES or known in _OTHER_SUFFIXES):
            break
        stem = head
    return stem, name[len(stem) :]


def _not_examined(table: str, message: str) -> Batch:
    return Batch(columns=(), row_count=0, table=table, unexamined=(message,))


def _skipped(table: str, reason: str) -> Batch:
    return Batch(columns=(), row_count=0, table=table, skipped=reason)
