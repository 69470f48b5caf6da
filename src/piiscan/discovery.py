"""Command-line paths to the sorted list of data files to scan.

Display paths are the path as reached from the argument given, with POSIX separators: the
argument ``../x/dev`` and the file ``crm/a.csv`` under it give ``../x/dev/crm/a.csv``; a file
argument is shown as given; the argument ``.`` adds nothing (``crm/a.csv``).

Folders are walked recursively in sorted order and every regular file in them is considered,
hidden ones too; only version-control folders (``.git``, ``.hg``, ``.svn``) and piiscan's own
baseline file are passed over silently. Each real folder is entered once, so symlink loops end.
A file reached twice (named and walked, or through a symlink) is listed once, under the display
path met first (arguments in order, folders in sorted order).

Globs (``--include``/``--exclude``) are matched against the display path, the path relative to
the walked folder and, for a pattern without ``/``, the file name; ``*`` and ``?`` stay within
one path segment, ``**`` spans segments. Include filters files found by walking; exclude also
applies to files named explicitly and prunes folders. What they leave out is counted.

A file's kind comes from its bytes; the suffix is a hint. Compression magic (gzip, bz2, xz,
zstd) is undone first and the rest decided on the inflated head:

- a data suffix (``.csv``; ``.tsv``/``.tab``; ``.parquet``/``.pq``; ``.json``;
  ``.jsonl``/``.ndjson``, optionally under ``.gz``, ``.gzip``, ``.bz2``, ``.xz``, ``.zst``,
  ``.zstd``) is believed unless the content corrects it: a ``PAR1`` header makes any file
  Parquet, a ``.json`` file holding one object per line is JSON Lines, an archive is an archive;
- any other file is sniffed: Parquet; JSON or JSON Lines; text that splits into rows of equal
  width is CSV, other text is free text (``Format.TEXT``), read line by line;
- workbooks are told by content, whatever their name: a ZIP holding ``xl/workbook.*`` (or
  declaring a spreadsheet in ``[Content_Types].xml``) is ``.xlsx``/``.xlsm``/``.xlsb``, a ZIP
  whose ``mimetype`` is an OpenDocument spreadsheet is ``.ods``, an OLE compound file with a
  ``Workbook`` stream is ``.xls``; any other ZIP, and tar (plain or compressed), is an
  archive, walked like a folder (``Format.ARCHIVE``; a compressed ZIP or OLE file is one
  too: it must be inflated before it can be told apart);
- other kinds that can hold customer data (7z, RAR, SQLite, Avro, ORC, Arrow, OLE files that
  are not workbooks, encrypted Office files) cannot be read yet: each is listed as skipped
  *and* is an error (exit 2), so the scan cannot pass over it unseen;
- what cannot hold table data (images, PDFs, executables, fonts, audio and video, other
  binary data by its control bytes) and empty files are listed as skipped, with the reason.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from piiscan.errors import ReadError
from piiscan.model import Compression, FileError, FileRef, Format, Skipped
from piiscan.readers._stream import Source, os_problem
from piiscan.readers.csv import choose_delimiter, looks_binary, sniff_encoding, split_records

FORMAT_SUFFIXES: dict[str, Format] = {
    ".csv": Format.CSV,
    ".tsv": Format.TSV,
    ".tab": Format.TSV,
    ".parquet": Format.PARQUET,
    ".pq": Format.PARQUET,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
}
COMPRESSION_SUFFIXES: dict[str, Compression] = {
    ".gz": Compression.GZIP,
    ".gzip": Compression.GZIP,
    ".bz2": Compression.BZ2,
    ".xz": Compression.XZ,
    ".zst": Compression.ZSTD,
    ".zstd": Compression.ZSTD,
}
Glob = tuple[re.Pattern[str], bool]
"""A compiled glob and whether it names a path (has a ``/``) rather than a file name."""


SNIFF_BYTES = 8192
"""Decompressed bytes looked at to sniff a file's format."""
VCS_FOLDERS = frozenset({".git", ".hg", ".svn"})
"""Folders never walked: version-control internals, not exports."""
BASELINE_FILE = ".piiscan-baseline.json"
"""piiscan's own baseline (``piiscan.baseline.BASELINE_FILE``), never walked as an export."""


@dataclass(frozen=True)
class Discovery:
    """What the paths given hold, sorted by display path."""

    files: tuple[FileRef, ...]
    """Files to scan, each once."""
    errors: tuple[FileError, ...]
    """Paths that could not be looked at, and files of a kind that may hold data but cannot
    be read yet (each also in ``skipped``)."""
    skipped: tuple[Skipped, ...]
    """Files passed over, with the reason."""
    excluded: int = 0
    """Files and folders left out by the include/exclude globs (folders pruned whole count
    once)."""


def discover_all(
    paths: Sequence[str], *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Discovery:
    """Files to scan, per-path problems and files passed over; never raises."""
    walker = _Walker([_glob(g) for g in include], [_glob(g) for g in exclude])
    for arg in paths:
        walker.argument(arg)
    return Discovery(
        files=tuple(sorted(walker.refs.values(), key=lambda r: _sort_key(r.display))),
        errors=tuple(sorted(walker.errors.values(), key=lambda e: _sort_key(e.path))),
        skipped=tuple(sorted(walker.skipped.values(), key=lambda e: _sort_key(e.path))),
        excluded=walker.excluded,
    )


def discover(
    paths: Sequence[str], *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[FileRef], list[FileError]]:
    """``discover_all`` as (files, errors), for callers that do not report skipped files.

    Files that may hold data but cannot be read yet (archives) are still errors here, so such
    a caller fails closed; files that cannot hold data are left out.
    """
    found = discover_all(paths, include=include, exclude=exclude)
    return list(found.files), list(found.errors)


def _sort_key(display: str) -> tuple[str, ...]:
    return tuple(display.split("/"))


def split_suffix(name: str) -> tuple[Format | None, Compression | None]:
    """(format, compression) named by a file's suffixes, e.g. ``a.csv.gz``: (CSV, GZIP)."""
    lower = name.lower()
    compression = None
    stem, dot, suffix = lower.rpartition(".")
    if dot and f".{suffix}" in COMPRESSION_SUFFIXES:
        compression = COMPRESSION_SUFFIXES[f".{suffix}"]
        lower = stem
        stem, dot, suffix = lower.rpartition(".")
    fmt = FORMAT_SUFFIXES.get(f".{suffix}") if dot and stem else None
    return fmt, compression


class _Walker:
    def __init__(self, include: list[Glob], exclude: list[Glob]) -> None:
        self.include = include
        self.exclude = exclude
        self.refs: dict[str, FileRef] = {}
        self.errors: dict[str, FileError] = {}
        self.skipped: dict[str, Skipped] = {}
        self.excluded = 0
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_files: set[tuple[int, int]] = set()

    def error(self, display: str, message: str) -> None:
        self.errors.setdefault(display, FileError(display, message))

    def skip(self, display: str, reason: str) -> None:
        self.skipped.setdefault(display, Skipped(display, reason))

    def argument(self, arg: str) -> None:
        display = arg.replace(os.sep, "/") if os.sep != "/" else arg
        try:
            st = os.stat(arg)
        except OSError as exc:
            self.error(display, os_problem(exc))
            return
        if stat.S_ISDIR(st.st_mode):
            root = "" if display in (".", "./") else display.rstrip("/") or "/"
            self.walk(Path(arg), root, st)
            return
        name = display.rsplit("/", 1)[-1]
        if _matches(self.exclude, name, display):
            self.excluded += 1
            return
        if not stat.S_ISREG(st.st_mode):
            self.error(display, "not a regular file")
            return
        fmt, compression = split_suffix(name)
        self.add(Path(arg), display, fmt, compression, st)

    def walk(self, root: Path, root_display: str, st: os.stat_result) -> None:
        if (st.st_dev, st.st_ino) in self.seen_dirs:
            return
        self.seen_dirs.add((st.st_dev, st.st_ino))
        stack: list[tuple[Path, str]] = [(root, "")]
        while stack:
            folder, rel = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                self.error(_join(root_display, rel) or ".", os_problem(exc))
                continue
            subdirs: list[tuple[Path, str]] = []
            for entry in entries:
                child_rel = f"{rel}/{entry.name}" if rel else entry.name
                display = _join(root_display, child_rel)
                fmt, compression = split_suffix(entry.name)
                try:
                    child = entry.stat()  # follows symlinks
                except OSError as exc:
                    if _matches(self.exclude, entry.name, display, child_rel):
                        self.excluded += 1
                    elif fmt is not None:  # a broken link named like data: say so
                        self.error(display, os_problem(exc))
                    else:
                        self.skip(display, f"broken link ({os_problem(exc)})")
                    continue
                if stat.S_ISDIR(child.st_mode):
                    key = (child.st_dev, child.st_ino)
                    if entry.name in VCS_FOLDERS or key in self.seen_dirs:
                        continue
                    if _matches(self.exclude, entry.name, display, child_rel):
                        self.excluded += 1
                        continue
                    self.seen_dirs.add(key)
                    subdirs.append((Path(entry.path), child_rel))
                    continue
                if entry.name == BASELINE_FILE:
                    continue
                if _matches(self.exclude, entry.name, display, child_rel) or (
                    self.include and not _matches(self.include, entry.name, display, child_rel)
                ):
                    self.excluded += 1
                    continue
                if not stat.S_ISREG(child.st_mode):
                    if fmt is not None:
                        self.error(display, "not a regular file")
                    else:
                        self.skip(display, "not a regular file (a pipe, socket or device)")
                    continue
                self.add(Path(entry.path), display, fmt, compression, child)
            stack.extend(reversed(subdirs))

    def add(
        self,
        path: Path,
        display: str,
        fmt: Format | None,
        compression: Compression | None,
        st: os.stat_result,
    ) -> None:
        # One file reached twice (a file argument inside a walked folder, a symlink) is
        # scanned once, under the display path met first.
        key = (st.st_dev, st.st_ino)
        if display in self.refs or key in self.seen_files:
            return
        self.seen_files.add(key)
        result = examine(path, display, fmt, compression)
        if isinstance(result, FileRef):
            self.refs[display] = result
        elif isinstance(result, FileError):
            self.error(display, result.message)
        else:
            self.skip(display, result.reason)
            if isinstance(result, Unsupported):
                self.error(display, result.reason)


def _join(root: str, rel: str) -> str:
    if not root:
        return rel
    if not rel:
        return root
    return f"{root}{rel}" if root.endswith("/") else f"{root}/{rel}"


@dataclass(frozen=True)
class Unsupported:
    """A file that may hold customer data in a kind piiscan cannot read yet: skipped, and an
    error (exit 2)."""

    path: str
    reason: str


Magic = tuple[int, bytes, str]
"""(offset, leading bytes, what the file is)."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = "ZIP archive"
OLE = "OLE compound file"
TAR = "tar archive"
CONTAINER_KINDS: tuple[Magic, ...] = (
    (0, b"PK\x03\x04", ZIP),  # also .xlsx, .docx, .ods, .jar
    (0, b"PK\x05\x06", ZIP),  # empty
    (0, b"PK\x07\x08", ZIP),  # spanned
    (0, OLE_MAGIC, OLE),  # legacy .xls, .doc, .msg; encrypted Office files
    (257, b"ustar", TAR),
)
"""Kinds whose content decides between workbook, archive and unsupported."""

UNSUPPORTED_KINDS: tuple[Magic, ...] = (
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"Obj\x01", "Avro file"),
    (0, b"ORC", "ORC file"),
    (0, b"ARROW1", "Arrow IPC file"),
)
"""Kinds that can hold table data but have no reader yet."""

NOT_DATA_KINDS: tuple[Magic, ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"\x00\x00\x01\x00", "icon"),
    (8, b"WEBP", "WebP image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"\x7fELF", "executable (ELF)"),
    (0, b"MZ", "executable (Windows)"),
    (0, b"\xcf\xfa\xed\xfe", "executable (Mach-O)"),
    (0, b"\xce\xfa\xed\xfe", "executable (Mach-O)"),
    (0, b"\xca\xfe\xba\xbe", "executable (Mach-O universal or Java class)"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"wOFF", "font (WOFF)"),
    (0, b"wOF2", "font (WOFF2)"),
    (0, b"OTTO", "font (OpenType)"),
    (0, b"\x00\x01\x00\x00\x00", "font (TrueType)"),
    (0, b"ID3", "audio (MP3)"),
    (0, b"OggS", "audio or video (Ogg)"),
    (0, b"fLaC", "audio (FLAC)"),
    (8, b"WAVE", "audio (WAV)"),
    (8, b"AVI ", "video (AVI)"),
    (4, b"ftyp", "audio or video (MP4, QuickTime)"),
    (0, b"\x1a\x45\xdf\xa3", "video (Matroska, WebM)"),
)
"""Kinds that cannot hold table data for piiscan."""


def _kind(head: bytes, kinds: tuple[Magic, ...]) -> str | None:
    """The kind whose magic ``head`` carries. A magic of printable ASCII alone (``OTTO``,
    ``MZ``) also needs binary bytes after it, so a CSV whose first name is Otto stays CSV."""
    for offset, magic, kind in kinds:
        if head.startswith(magic, offset) and (not magic.isalnum() or b"\x00" in head):
            return kind
    return None


def classify(
    path: Path, display: str, fmt: Format | None, compression: Compression | None
) -> FileRef | FileError:
    """``examine`` for a caller that has no skipped list: a file passed over is an error."""
    result = examine(path, display, fmt, compression)
    if isinstance(result, FileRef | FileError):
        return result
    return FileError(display, result.reason)


def examine(
    path: Path, display: str, fmt: Format | None, compression: Compression | None
) -> FileRef | FileError | Skipped | Unsupported:
    """What a file is, from the suffix's ``fmt`` hint and the first bytes of content.

    A file whose content cannot be read keeps what its suffix says (the reader then reports the
    problem); with no usable suffix it is a FileError.
    """
    try:
        with Source(path) as src:
            head = src.peek_head(SNIFF_BYTES)
            compression = src.compression
            failed = src.error
    except ReadError as exc:
        if fmt is None:
            return FileError(display, str(exc))
        return FileRef(path=path, display=display, format=fmt, compression=compression)
    if head.startswith(b"PAR1"):
        return FileRef(path=path, display=display, format=Format.PARQUET, compression=compression)
    if kind := _kind(head, CONTAINER_KINDS):
        return _container(path, display, kind, compression)
    if kind := _kind(head, UNSUPPORTED_KINDS):
        return Unsupported(display, f"{kind}: not examined ({_what(kind)} are not supported yet)")
    if fmt is not None:
        fmt = refine_format(fmt, head)
        return FileRef(path=path, display=display, format=fmt, compression=compression)
    if not head:
        return FileError(display, str(failed)) if failed else Skipped(display, "empty file")
    if kind := _kind(head, NOT_DATA_KINDS):
        return Skipped(display, f"{kind}: cannot hold table data")
    sniffed = sniff_format(head, at_eof=len(head) < SNIFF_BYTES)
    if sniffed is None:
        return Skipped(display, "binary data of an unknown kind: cannot hold table data")
    return FileRef(path=path, display=display, format=sniffed, compression=compression)


def _container(
    path: Path, display: str, kind: str, compression: Compression | None
) -> FileRef | Unsupported:
    """A ZIP, OLE or tar file as a workbook, an archive or a kind that cannot be read yet."""

    def ref(fmt: Format) -> FileRef:
        return FileRef(path=path, display=display, format=fmt, compression=compression)

    if kind == TAR or compression is not None:
        return ref(Format.ARCHIVE)
    if kind == ZIP:
        return ref(Format.WORKBOOK if zip_is_workbook(path) else Format.ARCHIVE)
    streams = ole_streams(path)
    if streams & {"Workbook", "Book"}:
        return ref(Format.WORKBOOK)
    if "EncryptedPackage" in streams:
        return Unsupported(display, "encrypted Office file: encrypted, not examined")
    return Unsupported(
        display, f"{kind} (legacy .doc, .ppt, .msg): not examined (not a workbook; not supported)"
    )


_SPREADSHEET_TYPES = (
    b"spreadsheetml.sheet.main",  # .xlsx
    b"ms-excel.sheet.macroEnabled.main",  # .xlsm
    b"ms-excel.sheet.binary.macroEnabled.main",  # .xlsb
    b"spreadsheetml.template.main",  # .xltx
)
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def zip_is_workbook(path: Path) -> bool:
    """Whether a ZIP file is an Excel (OOXML) or OpenDocument spreadsheet, by its parts."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if names & {"xl/workbook.xml", "xl/workbook.bin"}:
                return True
            for part, marks in (("[Content_Types].xml", _SPREADSHEET_TYPES), ("mimetype", (_ODS,))):
                if part in names and zf.getinfo(part).file_size <= 1 << 20:
                    text = zf.read(part)
                    if any(mark in text for mark in marks):
                        return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        pass  # the archive reader says what is wrong with it
    return False


_FREE = 0xFFFFFFFA
"""OLE sector numbers from here up mark the end of a chain or a free sector."""


def ole_streams(path: Path, *, max_sectors: int = 64) -> set[str]:
    """Names in an OLE compound file's directory (its first ``max_sectors`` sectors): Excel
    writes ``Workbook`` (``Book`` before 97), Word ``WordDocument``, encrypted Office files
    ``EncryptedPackage``. Empty when the header is damaged."""
    names: set[str] = set()
    try:
        with path.open("rb") as fh:
            header = fh.read(512)
            shift = int.from_bytes(header[30:32], "little")
            if len(header) < 512 or shift not in (9, 12):
                return names
            size = 1 << shift
            per_sector = size // 4
            difat = [int.from_bytes(header[i : i + 4], "little") for i in range(76, 512, 4)]
            sector = int.from_bytes(header[48:52], "little")
            for _ in range(max_sectors):
                if sector >= _FREE:
                    break
                fh.seek((sector + 1) * size)
                data = fh.read(size)
                for at in range(0, len(data) - 127, 128):
                    length = int.from_bytes(data[at + 64 : at + 66], "little")
                    if 2 <= length <= 64:
                        names.add(data[at : at + length - 2].decode("utf-16-le", "replace"))
                fat = sector // per_sector
                if fat >= len(difat) or difat[fat] >= _FREE:
                    break
                fh.seek((difat[fat] + 1) * size + (sector % per_sector) * 4)
                sector = int.from_bytes(fh.read(4), "little")
    except (OSError, ValueError):
        pass
    return names


def _what(kind: str) -> str:
    """The plural that names a kind in "... are not supported yet"."""
    if "archive" in kind:
        return "archives"
    if "database" in kind:
        return "databases"
    return kind.split(" ")[0] + " files"


def sniff_format(head: bytes, *, at_eof: bool = False) -> Format | None:
    """Format of an unknown-suffix file from its first (decompressed) bytes; None if binary.

    JSON needs a JSON start (``[{``, ``["``, ``{"``: a log line ``[INFO] ...`` is text);
    text whose first lines split into rows of one width (two fields or more) is CSV; any
    other text (Hive's ``\x01``-separated output too) is free text.
    """
    if head.startswith(b"PAR1"):
        return Format.PARQUET
    encoding, bom = sniff_encoding(head, at_eof=at_eof)
    text = head[bom:].decode(encoding, errors="replace")
    # Hive's text output separates fields with \x01: text, searched line by line.
    if looks_binary(text.rstrip("\ufffd").replace("\x01", "")):
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if _JSON_START.match(stripped):
        return _json_kind(stripped)
    return Format.CSV if looks_like_table(text, at_eof=at_eof) else Format.TEXT


_JSON_START = re.compile(rb'\[\s*[\[{"\]]|\{\s*["}]|\{\s*$', re.DOTALL)
_LINES = re.compile(r"\r\n|\n|\r")
TABLE_LINES = 50
"""Lines that decide whether text is a table."""
TABLE_SHARE = 0.8
"""Share of rows that must have the table's width."""
MAX_NAME = 64
"""A header field longer than this is a sentence, not a column name."""


def looks_like_table(text: str, *, at_eof: bool) -> bool:
    """True when the first lines split into a header and rows of one width, two or more
    fields (a 1C export's trailing ``;`` may add one to every row)."""
    lines = _LINES.split(text)
    if not at_eof:
        lines.pop()  # may be cut short
    lines = [line for line in lines if line.strip()][:TABLE_LINES]
    if len(lines) < 2:
        return False
    delimiter = choose_delimiter(lines)
    header, *rows = split_records(lines, delimiter)
    if len(header) < 2 or any(len(name) > MAX_NAME for name in header):
        return False
    width, hits = Counter(map(len, rows)).most_common(1)[0]
    return width in (len(header), len(header) + 1) and hits >= TABLE_SHARE * len(rows)


def refine_format(fmt: Format, head: bytes) -> Format:
    """Correct a suffix that lies about Parquet or JSON vs JSON Lines."""
    if head.startswith(b"PAR1"):
        return Format.PARQUET
    if fmt in (Format.JSON, Format.JSONL):
        stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if stripped[:1] in (b"[", b"{"):
            return _json_kind(stripped, default=fmt)
    return fmt


def _json_kind(text: bytes, default: Format = Format.JSON) -> Format:
    """JSON Lines when the first line is a whole object and another object line follows.

    A ``.jsonl`` file stays JSON Lines unless it plainly is a JSON document (starts with ``[``,
    or a lone ``{`` on its first line), so one bad first line is still a skipped line.
    """
    if text.startswith(b"["):
        return Format.JSON
    first, _, rest = text.partition(b"\n")
    if default is Format.JSONL:
        return Format.JSON if first.strip() == b"{" else Format.JSONL
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        return Format.JSON
    if isinstance(value, dict) and rest.lstrip().startswith(b"{"):
        return Format.JSONL
    return Format.JSON


def _glob(pattern: str) -> Glob:
    """Translate a glob: ``*``/``?``/``[...]`` within a segment, ``**`` across segments."""
    pattern = pattern.replace(os.sep, "/") if os.sep != "/" else pattern
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/") or pattern
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL), "/" in pattern


def _matches(globs: list[Glob], name: str, display: str, rel: str = "") -> bool:
    for regex, has_slash in globs:
        if regex.match(display) or (rel and regex.match(rel)):
            return True
        if not has_slash and regex.match(name):
            return True
    return False
