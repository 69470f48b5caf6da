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
import zipfile
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from piiscan.errors import ReadError
from piiscan.model import Batch, ColumnChunk, FileRef, ReadOptions
from piiscan.readers._stream import (
    Limits,
    Pacer,
    int64_array,
    row_numbers,
    string_array,
    with_warnings,
)
from piiscan.readers.csv import unique_names

if TYPE_CHECKING:
    from python_calamine import CalamineSheet

HEADER_ROWS = 20
"""Rows looked through for the header; with none there, the first non-empty row is it."""
TITLE = "(title)"
"""The column of the cells above the header (made-up name, as ``(text)`` for free text)."""

Row = list[Any]


def read_workbook(ref: FileRef, options: ReadOptions) -> Iterator[Batch]:
    """Each sheet's rows, in workbook order, ``Batch.table`` set to ``[sheet name]``."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    _check_inflate(ref.path, options.max_inflate)
    try:
        with ref.path.open("rb") as fh:
            book = CalamineWorkbook.from_filelike(fh)
    except PasswordError:
        raise ReadError("encrypted workbook; not examined") from None
    except (CalamineError, ValueError) as exc:
        raise ReadError(f"could not read the workbook ({type(exc).__name__})") from None
    except OSError as exc:
        raise ReadError(f"could not read the workbook ({type(exc).__name__})") from None
    for meta in book.sheets_metadata:
        table = f"[{meta.name}]"
        kind = str(meta.typ).rsplit(".", 1)[-1]
        if kind in ("ChartSheet", "Vba"):
            what = "chart sheet" if kind == "ChartSheet" else "macro module"
            yield Batch(columns=(), row_count=0, table=table, skipped=f"{what}: holds no cells")
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
        except (CalamineError, ValueError) as exc:
            message = f"sheet could not be read ({type(exc).__name__}); not examined"
            yield Batch(columns=(), row_count=0, table=table, unexamined=(message,))
            continue
        limits = Limits(options)
        batches = with_warnings(_sheet(sheet, options, limits), limits)
        try:
            for batch in batches:
                yield Batch(
                    columns=batch.columns,
                    row_count=batch.row_count,
                    truncated=batch.truncated,
                    warnings=batch.warnings,
                    unexamined=batch.unexamined,
                    table=table,
                )
        except (CalamineError, ValueError) as exc:
            message = f"sheet could not be read to the end ({type(exc).__name__}); not examined"
            yield Batch(columns=(), row_count=0, table=table, unexamined=(message,))


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
    if titles := _titles(head[:at], limits):
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
    """The cells above the header as one column, each numbered by its sheet row; None when
    there are none."""
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
