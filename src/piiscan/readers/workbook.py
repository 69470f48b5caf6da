"""Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods): every sheet a table, hidden ones too.

Read by calamine (python-calamine, the engine behind ``pandas.read_excel(engine="calamine")``,
used directly: the same parser without pandas' import and DataFrame copy). No formula is
run: a formula cell gives the value Excel cached for it. Cells become the text a CSV export
of the sheet shows: integers without ``.0``, dates and times as ISO text (``2024-01-02``,
``2024-01-02 03:04:05``), booleans as ``TRUE``/``FALSE``; an empty cell is null.

The header is the first row (of the first ``HEADER_ROWS``) whose cells are mostly non-empty,
distinct text; a title above it (one merged cell, a mostly empty row) is not the header.
Cells merged across the header row carry their name into every column they span, so the
columns under a merged ``Address`` are ``Address`` and ``Address (2)``; names are made
distinct as for CSV. Rows above the header are still scanned, as the column ``(title)``
numbered by their sheet row. Data rows are numbered from 1 after the header, as for CSV.

A sheet that cannot be read is named as not examined (exit 2) and the other sheets are still
read; chart sheets and macro modules hold no cells and are listed as skipped.
"""

from __future__ import annotations

import datetime
import html
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.headers import looks_like_data
from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions
from piiscan.readers._protocol import ColumnLocator, Head
from piiscan.readers._stream import (
    Limits,
    Pacer,
    int64_array,
    limited,
    row_numbers,
    string_array,
)
from piiscan.readers.csv import unique_names

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

HEADER_ROWS = 20
"""Rows looked through for the header; with none there, the first non-empty row is it."""
TITLE = "(title)"
"""The column of the cells above the header (made-up name, as ``(text)`` for free text)."""

Row = list[Any]


FORMATS: tuple[Format, ...] = (Format.WORKBOOK,)
SUFFIXES: Mapping[str, Format] = {}
"""None: a workbook is told by its content alone, whatever its name."""
BY_MAGIC: bool = True
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
"""A ZIP file: a local header, an empty archive's end record, a spanned archive."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: legacy .xls, .doc, .msg; encrypted Office files."""


def sniff(head: Head) -> Format | None:
    """A ZIP holding ``xl/workbook.*`` (or declaring a spreadsheet in ``[Content_Types].xml``)
    is ``.xlsx``/``.xlsm``/``.xlsb``, a ZIP whose ``mimetype`` is an OpenDocument spreadsheet
    is ``.ods``, an OLE compound file with a ``Workbook`` stream is ``.xls``. A compressed
    one is an archive's to inflate first (it needs random access)."""
    if head.compression is not None or head.path is None:
        return None
    if head.data.startswith(ZIP_MAGIC):
        return Format.WORKBOOK if zip_is_workbook(head.path) else None
    if head.data.startswith(OLE_MAGIC):
        return Format.WORKBOOK if ole_streams(head.path) & {"Workbook", "Book"} else None
    return None


def locate(ref: FileRef) -> ColumnLocator:
    """Nothing: a workbook's findings name a sheet, never the file alone."""
    return lambda column: None


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Each sheet's rows, in workbook order, ``Batch.table`` set to ``[sheet name]``; each
    sheet has limits of its own (``limits``, the file's, stays empty)."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    _check_inflate(ref.path, options.max_inflate)
    parts, spans = _read_parts(ref.path)
    oversized = _oversized(ref.path, spans)
    try:
        with ref.path.open("rb") as fh:
            book = CalamineWorkbook.from_filelike(fh)
    except PasswordError:
        raise ReadError("encrypted workbook; not examined") from None
    except (CalamineError, ValueError) as exc:
        raise ReadError(f"could not read the workbook ({type(exc).__name__})") from None
    except OSError as exc:
        raise ReadError(f"could not read the workbook ({type(exc).__name__})") from None
    for number, meta in enumerate(book.sheets_metadata, start=1):
        table = sheet_table(number, meta.name)
        kind = str(meta.typ).rsplit(".", 1)[-1]
        if kind in ("ChartSheet", "Vba"):
            what = "chart sheet" if kind == "ChartSheet" else "macro module"
            yield Batch(columns=(), row_count=0, table=table, skipped=f"{what}: holds no cells")
            continue
        if meta.name in oversized:
            yield Batch(columns=(), row_count=0, table=table, unexamined=(oversized[meta.name],))
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
        except (CalamineError, ValueError) as exc:
            message = f"sheet could not be read ({type(exc).__name__}); not examined"
            yield Batch(columns=(), row_count=0, table=table, unexamined=(message,))
            continue
        batches = limited(partial(_sheet, sheet, options), options)
        try:
            for batch in batches:
                yield replace(batch, table=table)
        except (CalamineError, ValueError) as exc:
            message = f"sheet could not be read to the end ({type(exc).__name__}); not examined"
            yield Batch(columns=(), row_count=0, table=table, unexamined=(message,))
    yield from parts
    yield from _embedded(ref.path, options)


PARTS = "[workbook parts]"
"""The table of a workbook's text outside its cells."""
_NO_TEXT = (
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/theme/",
    "xl/_rels/",
    "_rels/",
    "[Content_Types].xml",
)
"""Parts read as cells already (the shared strings) or that hold no one's text (styles, the
package's own relations: part names)."""
_PART_TEXT = re.compile(
    rb'>([^<]+)<|\b(?:name|Target|display|tooltip|location)="([^"]*)"', re.IGNORECASE
)
"""Text nodes, and the attributes that hold what a user typed (a sheet's name, a link)."""
_XML_PARTS = (".xml", ".rels", ".vml")
_SHEET_DATA = (b"<sheetData", b"</sheetData>")
_PART_CHUNK = 1 << 20
_PART_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)
"""A damaged part (a bad CRC, a cut or corrupt deflate stream, an encrypted or unknown
compression): that part is not examined, the others still are."""


def _read_parts(path: Path) -> tuple[list[Batch], dict[str, tuple[int, int]]]:
    """Text an OOXML workbook holds outside its cells, a column a part: comments and notes,
    headers and footers, hyperlinks, sheet and defined names, document properties, drawings'
    text boxes; and each worksheet part's span (rows, columns) read on the way. A worksheet's
    cells (its ``sheetData``) are read by calamine, not here."""
    batches: list[Batch] = []
    spans: dict[str, tuple[int, int]] = {}
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return batches, spans  # .xls or .xlsb's other parts: not XML
    with zf:
        for number, info in enumerate(zf.infolist(), start=1):
            name = info.filename
            if not name.endswith(_XML_PARTS) or name.startswith(_NO_TEXT):
                continue
            try:
                with zf.open(info) as part:
                    if name.startswith("xl/worksheets/"):
                        data, spans[name] = _outside_cells(part)
                    else:
                        data = part.read()
            except _PART_ERRORS as exc:
                shown = f"part {number}" if looks_like_data(name) else name
                message = f"{shown} could not be read ({_damage(exc)}); not examined"
                batches.append(Batch(columns=(), row_count=0, table=PARTS, unexamined=(message,)))
                continue
            texts: list[str | None] = [
                text
                for match in _PART_TEXT.finditer(data)
                if (
                    text := html.unescape((match[1] or match[2]).decode("utf-8", "replace")).strip()
                )
            ]
            if texts:
                column = ColumnChunk(f"({name})", string_array(texts), row_numbers(1, len(texts)))
                batches.append(Batch(columns=(column,), row_count=len(texts), table=PARTS))
    return batches, spans


MAX_SHEET_CELLS = 1 << 24
"""Cells a sheet may span (rows x columns, empty ones included) for calamine to read it: it
holds a sheet as a dense grid, ~40 bytes a cell, so one cell at XFD1048576 would ask for
700 GB and abort the process. A sheet spanning more is named as not examined (exit 2)."""
_FAR_COLUMN = re.compile(rb'r="([A-Z]{2,3})([0-9]+)"')
"""A cell past column Z, and its row (a literal start: each pass over 80 MB of cells is
~0.1 s, a leading white-space class would make it ~0.4 s)."""
_ROW = re.compile(rb'<row\b[^>]*?\sr="([0-9]+)"')


def _span(data: bytes, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` (rows, columns) grown to what ``data`` (a piece of a worksheet) holds: rows
    from the rows' numbers, columns from cells past column Z (up to Z, 26 are assumed)."""
    rows, columns = span
    for letters, row in _FAR_COLUMN.findall(data):
        columns = max(columns, _column_number(letters))
        rows = max(rows, int(row))
    rows = max([rows, *(int(r) for r in _ROW.findall(data))])
    return rows, columns


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _oversized(path: Path, spans: Mapping[str, tuple[int, int]]) -> dict[str, str]:
    """Sheets (by name) spanning more than ``MAX_SHEET_CELLS``, each with its message."""
    too_big = {part: span for part, span in spans.items() if span[0] * span[1] > MAX_SHEET_CELLS}
    if not too_big:
        return {}
    found: dict[str, str] = {}
    for name, part in _sheet_parts(path).items():
        if part in too_big:
            rows, columns = too_big[part]
            found[name] = (
                f"its cells span up to {rows:,} rows x {columns:,} columns, past the"
                f" {MAX_SHEET_CELLS:,} cells a sheet is read into; not examined"
            )
    return found


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


def _sheet_parts(path: Path) -> dict[str, str]:
    """Each sheet's name and the part holding its cells (``xl/worksheets/sheet1.xml``)."""

    def attribute(tag: bytes, name: bytes) -> str | None:
        m = re.search(rb"\s" + name + rb'="([^"]*)"', tag)
        return None if m is None else html.unescape(m[1].decode("utf-8", "replace"))

    with zipfile.ZipFile(path) as zf:
        book = zf.read("xl/workbook.xml")
        relations = zf.read("xl/_rels/workbook.xml.rels")
    targets: dict[str, str] = {}
    for tag in _RELATION.findall(relations):
        key, target = attribute(tag, b"Id"), attribute(tag, b"Target")
        if key is not None and target is not None:
            targets[key] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    parts: dict[str, str] = {}
    for tag in _SHEET.findall(book):
        name, key = attribute(tag, b"name"), attribute(tag, rb"(?:\w+:)?id")
        if name is not None and key in targets:
            parts[name] = targets[key]
    return parts


_MACROS = "xl/vbaProject.bin"
"""The macro project: calamine lists it (a macro module, no cells)."""
_PICTURES = ("xl/media/", "docProps/thumbnail")
"""Parts a workbook keeps its pictures in: one that is a picture by its content is not listed
as skipped (every chart and logo would be); anything else there is read."""


def _embedded(path: Path, options: ReadOptions) -> Iterator[Batch]:
    """Files embedded in an OOXML workbook (``xl/embeddings/``: another workbook, a CSV, an
    OLE object) and every other part that is not XML (pictures, printer settings), read as an
    archive's members are, by their content: ``book.xlsx!/xl/embeddings/x.xlsx[Sheet1]``."""
    from piiscan.readers.archive import member_table, zip_members

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with zf:
        files = [
            (member_table(number, info.filename), info)
            for number, info in enumerate(zf.infolist(), start=1)
            if not info.is_dir()
            and not info.filename.endswith(_XML_PARTS)
            and info.filename != _MACROS
        ]
        pictures = {table for table, info in files if info.filename.startswith(_PICTURES)}
        for batch in zip_members(zf, files, options):
            if batch.skipped and not batch.unexamined and batch.table in pictures:
                continue  # a picture, by its content
            yield batch


def _damage(exc: BaseException) -> str:
    """What is wrong with a part, in words: the libraries' messages quote names, zlib's
    class is called ``error``."""
    if isinstance(exc, zlib.error):
        return "corrupt compressed data"
    if isinstance(exc, zipfile.BadZipFile):
        return "bad checksum or header"
    if isinstance(exc, EOFError):
        return "cut short"
    if isinstance(exc, (NotImplementedError, RuntimeError)):
        return "encrypted or unknown compression"
    return type(exc).__name__


_FORMULA = re.compile(rb"<f\b[^>]*>([^<]+)</f>")
"""A cell's formula: its literals are typed text (``HYPERLINK("mailto:...", "write")``
caches only "write")."""
_FORMULA_TAIL = 8192


def _outside_cells(part: IO[bytes]) -> tuple[bytes, tuple[int, int]]:
    """A worksheet part without its ``sheetData`` (the cells) but with the cells' formulas,
    read in chunks; and the span of its cells (``_span``)."""
    kept: list[bytes] = []
    inside = False
    carry = b""
    span = (1, 26)
    tail = b""  # a cell reference or formula cut by the chunk's edge is read whole with it
    while chunk := part.read(_PART_CHUNK):
        edged = tail + chunk
        span = _span(edged, span)
        for formula in _FORMULA.finditer(edged):
            if formula.end() > len(tail):  # else read with the chunk before
                kept.append(b">" + formula[1] + b"<")
        tail = chunk[-_FORMULA_TAIL:]
        data = carry + chunk
        mark = _SHEET_DATA[1] if inside else _SHEET_DATA[0]
        at = data.find(mark)
        while at >= 0:
            if inside:
                data = data[at + len(mark) :]
            else:
                kept.append(data[:at])
                close = data.find(b">", at)
                if close >= 0 and data[close - 1 : close] == b"/":  # <sheetData/>
                    data = data[close + 1 :]
                    at = data.find(mark)
                    continue
                data = data[at:]
            inside = not inside
            mark = _SHEET_DATA[1] if inside else _SHEET_DATA[0]
            at = data.find(mark)
        keep = len(_SHEET_DATA[1])
        if not inside:
            kept.append(data[:-keep])
        carry = data[-keep:]
    if not inside:
        kept.append(carry)
    return b"".join(kept), span


def sheet_table(number: int, name: str) -> str:
    """How sheet ``number`` (from 1, in workbook order) is shown: ``[name]``, or ``[sheet N]``
    when the name reads as a value (an e-mail, a phone): that name is read as data with the
    workbook's parts, never shown."""
    return f"[sheet {number}]" if looks_like_data(name) else f"[{name}]"


def _check_inflate(path: Path, limit: int) -> None:
    """A ZIP-based workbook whose parts claim more than ``limit`` bytes is a bomb: calamine
    would inflate a sheet whole into memory."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # .xls, or damaged: calamine says what is wrong
    if total > limit:
        raise ReadError(f"inflates past {limit} bytes (--max-inflate); a compression bomb?")


def _sheet(sheet: CalamineSheet, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    rows = sheet.iter_rows()
    head: list[Row] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_ROWS:
            break
    if not any(any(_present(cell) for cell in row) for row in head):
        yield Batch(columns=(), row_count=0)  # an empty sheet is a table of no rows
        return
    width = max(len(row) for row in head)
    at = header_row(head, width)
    header = _merged_header(head[at], at, width, sheet)
    names = limits.keep(unique_names(header))
    # A header cell that reads as a value (an e-mail, a card: a CSV whose first row holds one
    # is read as headerless) is read as one, with the cells above the header.
    valued = any(looks_like_data(name) for name in header)
    if titles := _titles(head[: at + 1] if valued else head[:at], limits):
        yield titles
    data = chain(head[at + 1 :], rows)
    size = max(1, options.batch_rows)
    # Batches of batch_rows, as every reader gives: the engine samples per batch.
    pieces = iter(lambda: list(islice(data, size)), [])
    pacer = Pacer(options)
    for piece, before, truncated in pacer.pace(pieces, len, lambda p, s, n: p[s : s + n]):
        columns = []
        for position, name in enumerate(names):
            values = [_text(row[position]) if position < len(row) else None for row in piece]
            columns.append(
                ColumnChunk(name, string_array(values), row_numbers(before + 1, len(piece)))
            )
        yield Batch(columns=tuple(columns), row_count=len(piece), truncated=truncated)


def header_row(rows: Sequence[Row], width: int) -> int:
    """Index of the first row whose cells are mostly (half the width or more) non-empty and
    all distinct text: a title row (one cell, or one merged cell) is not it. With no such
    row, the first non-empty row."""
    need = max(1, (width + 1) // 2)
    for i, row in enumerate(rows):
        cells = [cell for cell in row if _present(cell)]
        texts = [cell.strip() for cell in cells if isinstance(cell, str)]
        if len(cells) >= need and len(texts) == len(cells) and len(set(texts)) == len(texts):
            return i
    return next(i for i, row in enumerate(rows) if any(_present(cell) for cell in row))


def _merged_header(row: Row, at: int, width: int, sheet: CalamineSheet) -> list[str]:
    """The header's names, a merged cell's name copied into every column it spans."""
    names = [_text(cell) or "" for cell in row] + [""] * (width - len(row))
    start = sheet.start
    first_column = start[1] if start is not None else 0
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or ():
        if top <= at <= bottom and top == at:
            name = names[left - first_column] if 0 <= left - first_column < width else ""
            for column in range(left + 1, right + 1):
                if 0 <= column - first_column < width and not names[column - first_column]:
                    names[column - first_column] = name
    return names


def _titles(rows: Sequence[Row], limits: Limits) -> Batch | None:
    """``rows`` (above the header, and the header when it holds values) as one column, each
    cell numbered by its sheet row; None when there are none."""
    values: list[str | None] = []
    numbers: list[int] = []
    for number, row in enumerate(rows, start=1):
        for cell in row:
            if _present(cell):
                values.append(_text(cell))
                numbers.append(number)
    if not values:
        return None
    column = ColumnChunk(TITLE, string_array(values), int64_array(numbers))
    return Batch(columns=(column,), row_count=0)


def _present(cell: object) -> bool:
    return cell is not None and cell != ""


def _text(cell: object) -> str | None:
    """A cell as a CSV export shows it; None for an empty cell."""
    kind = type(cell)
    if kind is str:
        return cell or None  # type: ignore[return-value]
    if kind is float:
        value: float = cell  # type: ignore[assignment]
        return str(int(value)) if value.is_integer() else repr(value)
    if kind is bool:
        return "TRUE" if cell else "FALSE"
    if kind is datetime.datetime:
        return cell.isoformat(sep=" ")  # type: ignore[attr-defined, no-any-return]
    if kind is datetime.date or kind is datetime.time:
        return cell.isoformat()  # type: ignore[attr-defined, no-any-return]
    if cell is None:
        return None
    return str(cell)


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
