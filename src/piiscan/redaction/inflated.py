"""The redacted copy of a compressed file whose format cannot be rewritten as a stream (a
Parquet, ORC, Arrow or Avro file, a ZIP archive, a workbook: ``x.parquet.gz``,
``x.zip.gz``): the file is inflated to a temporary file (no further than ``max_inflate``),
its copy written as that plain file's, and compressed again with the source's codec.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from piiscan.errors import ReadError
from piiscan.model import FileError, FileRef, Format, ReadOptions
from piiscan.readers._stream import open_source
from piiscan.redaction.sink import open_sink

if TYPE_CHECKING:
    from piiscan.redaction.run import FileDone

STREAMED = frozenset({Format.CSV, Format.TSV, Format.JSON, Format.JSONL, Format.TEXT})
"""Formats whose writers compress as they write (``sink.open_sink``)."""
_COPY = 1 << 20


def needs_inflating(ref: FileRef) -> bool:
    """Whether ``ref`` is compressed and its writer needs the plain file (a compressed tar
    is rewritten as a stream, member by member)."""
    from piiscan.readers.archive import _is_tar

    if ref.compression is None or ref.format in STREAMED:
        return False
    return ref.format is not Format.ARCHIVE or not _is_tar(ref)


def write_inflated(
    ref: FileRef,
    target: Path,
    options: ReadOptions,
    write: Callable[[FileRef, Path], FileDone],
) -> FileDone:
    """Inflate ``ref``, have ``write`` write the plain file's copy (the plain file shown
    under ``ref``'s name, so the plans meet it), and compress that copy into ``target``."""
    from piiscan.discovery import examine, split_suffix

    assert ref.compression is not None
    fmt, named = split_suffix(ref.path.name)
    name = ref.path.name.rsplit(".", 1)[0] if named is not None else ref.path.name
    with tempfile.TemporaryDirectory(prefix="piiscan-redact-") as folder:
        plain = Path(folder) / "source" / name
        plain.parent.mkdir()
        with open_source(ref, options) as src, plain.open("wb") as out:
            shutil.copyfileobj(src, out, _COPY)
            src.raise_if_failed()
        found = examine(plain, ref.display, fmt, None)
        if not isinstance(found, FileRef):
            message = found.message if isinstance(found, FileError) else "not readable"
            raise ReadError(f"inflated: {message}")
        copy = Path(folder) / "copy" / name
        done = write(replace(found, display=ref.display), copy)
        with copy.open("rb") as data, open_sink(target, ref.compression) as out:
            shutil.copyfileobj(data, out, _COPY)
    return done
