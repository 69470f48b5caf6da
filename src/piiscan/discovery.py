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
the walked folder and, for a pattern without ``/``, the file name (a config file's globs
against the path relative to the config's folder instead: ``RootedGlobs``); ``*`` and ``?``
stay within one path segment, ``**`` spans segments. Include filters files found by walking;
exclude also applies to files named explicitly and prunes folders. What they leave out is
counted.

A file's kind comes from its bytes; the suffix is a hint. Compression magic (gzip, bz2, xz,
zstd, LZ4 frames) is undone first and the rest decided on the inflated head, by asking the
readers (``readers.MODULES``: each owns its suffixes and its ``sniff``); discovery itself knows only
the kinds no reader owns (unsupported and non-data files):

- a data suffix (``.csv``; ``.tsv``/``.tab``; ``.parquet``/``.pq``; ``.orc``; ``.arrow``,
  ``.arrows``, ``.feather``, ``.ipc``; ``.avro``; ``.json``; ``.jsonl``/``.ndjson``,
  optionally under ``.gz``, ``.gzip``, ``.bz2``, ``.xz``, ``.zst``, ``.zstd``, ``.lz4``) is
  believed unless the content corrects it: a ``PAR1`` header makes any file Parquet (``ORC``,
  ``ARROW1``, an Arrow stream's schema message and ``Obj\\x01`` likewise ORC, Arrow and
  Avro), a ``.json`` file holding one object per line is JSON Lines, an archive is an archive;
- any other file is sniffed: Parquet, ORC, Arrow, Avro; JSON or JSON Lines; text that splits
  into rows of equal width is CSV, other text is free text (``Format.TEXT``), read line by line;
- workbooks are told by content, whatever their name: a ZIP holding ``xl/workbook.*`` (or
  declaring a spreadsheet in ``[Content_Types].xml``) is ``.xlsx``/``.xlsm``/``.xlsb``, a ZIP
  whose ``mimetype`` is an OpenDocument spreadsheet is ``.ods``, an OLE compound file with a
  ``Workbook`` stream is ``.xls``; any other ZIP, and tar (plain or compressed), is an
  archive, walked like a folder (``Format.ARCHIVE``; a compressed ZIP or OLE file is one
  too: it must be inflated before it can be told apart);
- a SQLite database is told by its header, whatever its name, and read table by table; a
  compressed one cannot be (SQLite needs random access);
- other kinds that can hold customer data (7z, RAR, compressed SQLite, OLE files that are
  not workbooks, encrypted Office files) cannot be read yet: each is listed as
  skipped *and* is an error (exit 2), so the scan cannot pass over it unseen;
- what cannot hold table data (images, PDFs, executables, fonts, audio and video, other
  binary data by its control bytes) and empty files are listed as skipped, with the reason.
"""

from __future__ import annotations

import math
import os
import re
import stat
import tarfile
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from piiscan.baseline import is_baseline
from piiscan.errors import ReadError
from piiscan.model import BASELINE_FILE, Compression, FileError, FileRef, Format, Skipped
from piiscan.readers import READERS, SUFFIXES, Head, sniff
from piiscan.readers._protocol import Magic
from piiscan.readers._stream import Source, os_problem
from piiscan.readers.workbook import OLE_MAGIC, ole_streams

COMPRESSION_SUFFIXES: dict[str, Compression] = {
    ".gz": Compression.GZIP,
    ".gzip": Compression.GZIP,
    ".bz2": Compression.BZ2,
    ".xz": Compression.XZ,
    ".zst": Compression.ZSTD,
    ".zstd": Compression.ZSTD,
    ".lz4": Compression.LZ4,
}
Glob = tuple[re.Pattern[str], bool]
"""A compiled glob and whether it names a path (has a ``/``) rather than a file name."""


SNIFF_BYTES = 8192
"""Decompressed bytes looked at to sniff a file's format."""
VCS_FOLDERS = frozenset({".git", ".hg", ".svn"})
"""Folders never walked: version-control internals, not exports."""


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


@dataclass(frozen=True)
class RootedGlobs:
    """A config file's ``include``/``exclude``: relative to the config's folder, as ruff and
    pre-commit resolve theirs, so ``cd exports && piiscan check .`` and ``piiscan check
    exports/`` scan the same files. A glob with a ``/`` names paths from ``root`` down (files
    outside ``root`` never match it); one without names a file at any depth."""

    root: Path
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def discover_all(
    paths: Sequence[str],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    rooted: RootedGlobs | None = None,
) -> Discovery:
    """Files to scan, per-path problems and files passed over; never raises. ``include`` and
    ``exclude`` (the command line's) match display paths; ``rooted`` (a config's) paths
    relative to its folder. A file is scanned when no glob excludes it and, if any include
    glob is given, one includes it."""
    walker = _Walker([_glob(file_glob(g)) for g in include], [_glob(g) for g in exclude], rooted)
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


def file_glob(glob: str) -> str:
    """An include glob naming an archive member (``export.zip!/a.csv``) includes the archive:
    discovery chooses files, and all of a file it includes is scanned."""
    return glob.split("!/", 1)[0]


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
    fmt = SUFFIXES.get(f".{suffix}") if dot and stem else None
    return fmt, compression


class _Walker:
    def __init__(
        self, include: list[Glob], exclude: list[Glob], rooted: RootedGlobs | None = None
    ) -> None:
        self.include = include
        self.exclude = exclude
        self.root = os.path.abspath(rooted.root) if rooted is not None else ""
        self.rooted_include = (
            [_glob(file_glob(g)) for g in rooted.include] if rooted is not None else []
        )
        self.rooted_exclude = [_glob(g) for g in rooted.exclude] if rooted is not None else []
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
        if self.excludes(arg, name, display):
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
                    if self.excludes(entry.path, entry.name, display, child_rel):
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
                    if self.excludes(entry.path, entry.name, display, child_rel):
                        self.excluded += 1
                        continue
                    self.seen_dirs.add(key)
                    subdirs.append((Path(entry.path), child_rel))
                    continue
                if entry.name == BASELINE_FILE and is_baseline(Path(entry.path)):
                    continue  # piiscan's own file (an export merely so named is scanned)
                if self.excludes(entry.path, entry.name, display, child_rel) or not (
                    self.includes(entry.path, entry.name, display, child_rel)
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

    def excludes(self, path: str, name: str, display: str, rel: str = "") -> bool:
        """True when a command-line or config glob leaves this file or folder out."""
        if _matches(self.exclude, name, display, rel):
            return True
        return bool(self.rooted_exclude) and _matches_rooted(
            self.rooted_exclude, name, self.rooted(path)
        )

    def includes(self, path: str, name: str, display: str, rel: str) -> bool:
        """True when no include glob is given, or one names this file."""
        if not self.include and not self.rooted_include:
            return True
        return _matches(self.include, name, display, rel) or _matches_rooted(
            self.rooted_include, name, self.rooted(path)
        )

    def rooted(self, path: str) -> str | None:
        """``path`` relative to the config's folder (POSIX separators), None outside it."""
        rel = os.path.relpath(os.path.abspath(path), self.root)
        if rel == ".." or rel.startswith(".." + os.sep):
            return None
        return rel.replace(os.sep, "/") if os.sep != "/" else rel

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


UNSUPPORTED_KINDS: tuple[Magic, ...] = (
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"SQLite format 3\x00", "compressed SQLite database"),
    (0, b"\x1f\x9d", "LZW-compressed (.Z) data"),
    (0, b"\x5d\x00\x00", "LZMA-alone (.lzma) data"),
)
"""Kinds that can hold table data but have no reader yet (a plain SQLite file has one:
only a compressed one gets here)."""

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
    (0, b"crc\x00", "Hadoop checksum file"),
)
"""Kinds that cannot hold table data for piiscan."""


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
            data = src.peek_head(SNIFF_BYTES)
            compression = src.compression
            failed = src.error
    except ReadError as exc:
        if fmt is None:
            return FileError(display, str(exc))
        return FileRef(path=path, display=display, format=fmt, compression=compression)
    head = Head(data, len(data) < SNIFF_BYTES, compression, path, named=fmt)

    def ref(found: Format) -> FileRef:
        return FileRef(path=path, display=display, format=found, compression=compression)

    if found := sniff(head, by_magic=True):
        return ref(found)
    if data.startswith(OLE_MAGIC):
        return _other_ole(path, display)
    if kind := head.kind(UNSUPPORTED_KINDS):
        return Unsupported(display, f"{kind}: not examined ({_what(kind)} are not supported yet)")
    if fmt is not None:
        return ref(READERS[fmt].sniff(head) or fmt)
    if not data:
        return FileError(display, str(failed)) if failed else Skipped(display, "empty file")
    if kind := head.kind(NOT_DATA_KINDS):
        if kind.startswith("executable") and zipfile.is_zipfile(path):
            return ref(Format.ARCHIVE)  # a self-extracting archive: a ZIP behind a stub
        if kind.startswith("PDF") or not _text_behind(data):
            return Skipped(display, f"{kind}: cannot hold table data")
        return ref(Format.BINARY)  # text behind an image's magic bytes: not an image
    if found := sniff(head, by_magic=False):
        return ref(found)
    return _binary(path, display, data, ref)


def _binary(
    path: Path, display: str, data: bytes, ref: Callable[[Format], FileRef]
) -> FileRef | Unsupported:
    """Binary data of no kind a reader claims: a ZIP or tar that does not start as one
    (junk or a stub in front, a tar without the ustar mark), else the text runs it holds
    (``readers.binary``); compressed or encrypted data cannot be examined."""
    if zipfile.is_zipfile(path) or _is_tar(path):
        return ref(Format.ARCHIVE)
    if _noise(data):
        return Unsupported(display, "compressed or encrypted data of an unknown kind: not examined")
    return ref(Format.BINARY)


def _is_tar(path: Path) -> bool:
    """A tar with at least one member (``tarfile.is_tarfile`` also takes any file that starts
    with a zero block, the end-of-archive mark: 8 KB of NUL bytes in front of a CSV)."""
    try:
        with tarfile.open(path, mode="r:") as tar:
            return tar.next() is not None
    except (tarfile.TarError, OSError, ValueError, EOFError):
        return False


def _noise(data: bytes) -> bool:
    """Whether bytes look compressed or encrypted: close to the most entropy a byte can have
    for their number (text has about half, binary structures less)."""
    if len(data) < 32:
        return False
    counts = Counter(data)
    total = len(data)
    entropy = -sum(n / total * math.log2(n / total) for n in counts.values())
    return entropy > NOISE * math.log2(min(total, 256))


NOISE = 0.8
"""Share of a sample's greatest possible entropy above which it is taken for noise: compressed
exports measure 0.86-0.99, binary formats that keep text (pickle, BSON, Stata, NumPy) 0.2-0.7."""


def _text_behind(data: bytes) -> bool:
    """Whether the bytes after a magic number are text (a CSV with PNG's eight bytes glued
    in front): real images, fonts and programs have binary headers there."""
    body = data[16:4096]
    if len(body) < 64:
        return False
    controls = sum(1 for b in body if (b < 32 and b not in (9, 10, 13)) or b == 127)
    return controls <= 0.01 * len(body)


def _other_ole(path: Path, display: str) -> Unsupported:
    """An OLE compound file that is not a workbook (``.doc``, ``.msg``, an encrypted Office
    file): it may hold customer data, and cannot be read."""
    if "EncryptedPackage" in ole_streams(path):
        return Unsupported(display, "encrypted Office file: encrypted, not examined")
    return Unsupported(
        display,
        "OLE compound file (legacy .doc, .ppt, .msg): not examined (not a workbook; not supported)",
    )


def _what(kind: str) -> str:
    """The plural that names a kind in "... are not supported yet"."""
    if "archive" in kind:
        return "archives"
    if "SQLite" in kind:
        return "compressed databases (decompress it first)"
    return kind.split(" ")[0] + " files"


def sniff_format(head: bytes, *, at_eof: bool = False) -> Format | None:
    """Format of an unknown-suffix file from its first (decompressed) bytes alone; None if
    no reader claims them (binary). Containers need the file itself: see ``examine``."""
    seen = Head(head, at_eof)
    return sniff(seen, by_magic=True) or sniff(seen, by_magic=False)


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


def _matches_rooted(globs: list[Glob], name: str, rooted: str | None) -> bool:
    for regex, has_slash in globs:
        if has_slash:
            if rooted is not None and regex.match(rooted):
                return True
        elif regex.match(name):
            return True
    return False


def _matches(globs: list[Glob], name: str, display: str, rel: str = "") -> bool:
    for regex, has_slash in globs:
        if regex.match(display) or (rel and regex.match(rel)):
            return True
        if not has_slash and regex.match(name):
            return True
    return False
