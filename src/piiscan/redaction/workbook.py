"""The redacted copy of an Excel workbook (.xlsx, .xlsm): every sheet kept, in order, with
its cells' values (a formula gives way to the value Excel cached for it); in the redacted
columns of a sheet each cell below the header becomes its new text, and a dropped column is
deleted. The header and the columns are found as the reader finds them (calamine: the same
header row, merged names and ``name (2)`` repeats), so the plan's names meet the same cells.

Other workbook kinds (.xls, .xlsb, .ods) cannot be written here (openpyxl writes OOXML only):
their copy is refused, exit 2, with a hint to convert them to .xlsx. A compressed workbook
comes here inflated (``inflated``).
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

from piiscan.errors import ReadError
from piiscan.model import FileRef, ReadOptions
from piiscan.readers.csv import unique_names
from piiscan.readers.workbook import (
    HEADER_ROWS,
    _merged_header,
    _present,
    _text,
    header_row,
    sheet_table,
)
from piiscan.redaction.actions import Action
from piiscan.redaction.plan import ColumnPlan, FilePlan, Written
from piiscan.redaction.workbook_parts import clean_parts, part_plans


def write_workbook(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of ``ref`` to ``target``; ``plan`` names columns ``[sheet]column``."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    if not _is_ooxml(ref.path):
        raise ReadError(
            "redact cannot write .xls, .xlsb or .ods workbooks (no writer for them): "
            "convert the workbook to .xlsx and redact that"
        )
    macros = ref.path.suffix.lower() == ".xlsm"
    book = openpyxl.load_workbook(ref.path, data_only=True, keep_vba=macros)
    calamine = CalamineWorkbook.from_path(str(ref.path))
    changed: Counter[str] = Counter()
    used: dict[str, ColumnPlan] = {}
    rows = 0
    for ws in book.worksheets:
        table = sheet_table(book.sheetnames.index(ws.title) + 1, ws.title)
        own = {n[len(table) :]: p for n, p in plan.columns.items() if n.startswith(table)}
        if not own and plan.cut_link is None:
            continue
        sheet = calamine.get_sheet_by_name(ws.title)
        head = list(islice(sheet.iter_rows(), HEADER_ROWS))
        if not any(any(_present(cell) for cell in row) for row in head):
            continue
        width = max(len(row) for row in head)
        at = header_row(head, width)
        names = unique_names(_merged_header(head[at], at, width, sheet))
        top, left = sheet.start or (0, 0)
        header = top + at + 1
        rows += max(0, ws.max_row - header)
        sheet_plan = FilePlan(plan.path, own, plan.cut_link)
        dropped: list[int] = []
        for position, name in enumerate(names):
            column = sheet_plan.for_names(names).get(name)
            if column is None or not column.changes:
                continue
            column = replace(column, column=table + name)
            used[column.column] = column
            index = left + position + 1
            cells = (ws.cell(r, index) for r in range(header + 1, ws.max_row + 1))
            if column.action is Action.DROP:
                changed[column.column] += sum(1 for c in cells if _text(c.value) is not None)
                dropped.append(index)
                continue
            changed[column.column] += _rewrite(cells, column)
        for index in sorted(dropped, reverse=True):
            ws.delete_cols(index)
    if parts := part_plans(plan.columns):
        cleaned, cleaned_plans = clean_parts(book, parts)
        changed.update(cleaned)
        used.update(cleaned_plans)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        book.save(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return Written(rows, changed, used)


def _rewrite(cells: Any, column: ColumnPlan) -> int:
    """Each cell's text through the column's transform; the cells changed."""
    assert column.transform is not None
    changed = 0
    for cell in cells:
        text = _text(cell.value)
        if text is None:
            continue
        new = column.transform(text)
        if new != text:
            cell.value = new
            changed += 1
    return changed


def _is_ooxml(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
