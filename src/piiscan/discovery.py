"""Command-line paths to the sorted list of data files to scan.

Display paths are the path as reached from the argument given, with POSIX separators: the
argument ``../x/dev`` and the file ``crm/a.csv`` under it give ``../x/dev/crm/a.csv``; a file
argument is shown as given; the argument ``.`` adds nothing (``crm/a.csv``).

Folders are walked recursively in sorted order. Hidden folders (``.git``) are skipped, and so are
files whose suffix is not a data format; each real folder is entered once, so symlink loops end.
A file named explicitly is always considered: an unknown suffix is settled by its content.
A file reached twice (named and walked, or through a symlink) is listed once, under the display
path met first (arguments in order, folders in sorted order).

Globs (``--include``/``--exclude``) are matched against the display path, the path relative to
the walked folder and, for a pattern without ``/``, the file name; ``*`` and ``?`` stay within
one path segment, ``**`` spans segments. Include filters files found by walking; exclude also
applies to files named explicitly and prunes folders.

Formats come from the suffix (``.csv``; ``.tsv``/``.tab``; ``.parquet``/``.pq``; ``.json``;
``.jsonl``/``.ndjson``), optionally under a compression suffix (``.gz``, ``.gzip``, ``.bz2``,
``.xz``, ``.zst``, ``.zstd``). Content corrects a lying suffix: compression magic bytes win over
the suffix, a ``PAR1`` header makes any file Parquet, and a ``.json`` file holding one object per
line is JSON Lines.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from piiscan.errors import ReadError
from piiscan.model import Compression, FileError, FileRef, Format
from piiscan.readers._stream import Source, os_problem

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


def discover(
    paths: Sequence[str], *, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[FileRef], list[FileError]]:
    """Files to scan (sorted, unique by display path) and per-path problems; never raises."""
    walker = _Walker([_glob(g) for g in include], [_glob(g) for g in exclude])
    for arg in paths:
        walker.argument(arg)
    refs = sorted(walker.refs.values(), key=lambda r: _sort_key(r.display))
    errors = sorted(walker.errors.values(), key=lambda e: _sort_key(e.path))
    return refs, errors


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
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_files: set[tuple[int, int]] = set()

    def error(self, display: str, message: str) -> None:
        self.errors.setdefault(display, FileError(display, message))

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
                    if fmt is not None:  # a broken link named like data: say so
                        self.error(display, os_problem(exc))
                    continue
                if stat.S_ISDIR(child.st_mode):
                    key = (child.st_dev, child.st_ino)
                    if entry.name.startswith(".") or key in self.seen_dirs:
                        continue
                    if _matches(self.exclude, entry.name, display, child_rel):
                        continue
                    self.seen_dirs.add(key)
                    subdirs.append((Path(entry.path), child_rel))
                    continue
                if fmt is None:
                    continue
                if _matches(self.exclude, entry.name, display, child_rel):
                    continue
                if self.include and not _matches(self.include, entry.name, display, child_rel):
                    continue
                if not stat.S_ISREG(child.st_mode):
                    self.error(display, "not a regular file")
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
        result = classify(path, display, fmt, compression)
        if isinstance(result, FileError):
            self.error(display, result.message)
        else:
            self.refs[display] = result


def _join(root: str, rel: str) -> str:
    if not root:
        return rel
    if not rel:
        return root
    return f"{root}{rel}" if root.endswith("/") else f"{root}/{rel}"


def classify(
    path: Path, display: str, fmt: Format | None, compression: Compression | None
) -> FileRef | FileError:
    """Settle format and compression from the suffix and the first bytes of content.

    A file whose content cannot be read keeps what its suffix says (the reader then reports the
    problem); with no usable suffix it is a FileError.
    """
    try:
        with Source(path) as src:
            head = src.peek_head(SNIFF_BYTES)
            compression = src.compression
    except ReadError as exc:
        if fmt is None:
            return FileError(display, str(exc))
        return FileRef(path=path, display=display, format=fmt, compression=compression)
    if fmt is None:
        sniffed = sniff_format(head)
        if sniffed is None:
            message = "empty file" if not head.strip() else "not a recognised data file"
            return FileError(display, message)
        fmt = sniffed
    else:
        fmt = refine_format(fmt, head)
    return FileRef(path=path, display=display, format=fmt, compression=compression)


def sniff_format(head: bytes) -> Format | None:
    """Format of an unknown-suffix file from its first (decompressed) bytes; None if not data."""
    if head.startswith(b"PAR1"):
        return Format.PARQUET
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if not stripped:
        return None
    if stripped[:1] in (b"[", b"{"):
        return _json_kind(stripped)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Format.CSV
    if b"\x00" in head:
        return None
    return Format.CSV


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
