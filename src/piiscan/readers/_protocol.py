"""What a reader module declares about the formats it owns (``ReaderModule``), and the start
of a file it is shown to tell whether the file is one of them (``Head``).

Kept apart from ``readers/__init__.py`` so that reader modules can import ``Head`` without
importing the registry that imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from piiscan.model import Batch, Compression, FileRef, Format, ReadOptions, Region
from piiscan.readers._stream import Limits

ColumnLocator = Callable[[str], Region | None]
"""Column name (as the reader names it) to where it is written in its file, or None."""

Magic = tuple[int, bytes, str]
"""(offset, leading bytes, what the file is)."""


@dataclass(frozen=True)
class Head:
    """The first (decompressed) bytes of a file, as discovery shows them to each reader."""

    data: bytes
    at_eof: bool
    """True when ``data`` is the whole file."""
    compression: Compression | None = None
    path: Path | None = None
    """The file, for containers that must look inside it (ZIP parts, an OLE directory);
    None when only the bytes are known (a reader then answers from them alone)."""
    named: Format | None = None
    """The format the file's suffix names: believed unless its reader corrects it."""

    @cached_property
    def text(self) -> str | None:
        """``data`` decoded as text (sniffed encoding, BOM dropped), None when it is binary.

        Hive's text output separates fields with ``\\x01``: text, searched line by line.
        """
        from piiscan.readers.csv import looks_binary, sniff_encoding

        encoding, bom = sniff_encoding(self.data, at_eof=self.at_eof)
        text = self.data[bom:].decode(encoding, errors="replace")
        if looks_binary(text.rstrip("\ufffd").replace("\x01", "")):
            return None
        return text

    def kind(self, kinds: tuple[Magic, ...]) -> str | None:
        """The kind whose magic the head carries. A magic of printable ASCII alone (``OTTO``,
        ``MZ``) also needs binary bytes after it, so a CSV whose first name is Otto stays CSV."""
        for offset, magic, kind in kinds:
            if self.data.startswith(magic, offset) and (
                not magic.isalnum() or b"\x00" in self.data
            ):
                return kind
        return None


class ReaderModule(Protocol):
    """A reader module: the formats it owns, how to tell them from content, how to read them
    and where a column's name sits in them. ``readers.MODULES`` is typed against it."""

    FORMATS: tuple[Format, ...]
    """The formats it reads."""
    SUFFIXES: Mapping[str, Format]
    """File-name suffixes (lower case, with the dot) that name one of them."""
    BY_MAGIC: bool
    """True when its formats start with bytes no text has (Parquet, workbooks, archives):
    its ``sniff`` is asked before a file's suffix is believed. Otherwise it is asked only
    for a file that no suffix names, in ``MODULES`` order (JSON, then CSV, then free text)."""

    def sniff(self, head: Head) -> Format | None:
        """Which of ``FORMATS`` the file is, or None; ``head.named`` may be corrected."""
        ...

    def read(self, ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
        """Batches of the file's rows; what ``limits`` tallies becomes the last batch's
        warnings (``readers.read`` does that, once for every reader)."""
        ...

    def locate(self, ref: FileRef) -> ColumnLocator:
        """Where each column's name is written in ``ref``; never raises."""
        ...


def first_line(ref: FileRef) -> ColumnLocator:
    """Line 1 for every column: the ``locate`` of formats with no header line to point at
    (binary files, free text)."""
    return lambda column: Region(start_line=1)
