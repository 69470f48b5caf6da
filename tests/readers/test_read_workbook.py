"""Workbooks: every sheet (hidden ones too) a table named ``book.xlsx[Sheet]``, cells as a CSV
export shows them, the header found below a title, found by content whatever the name."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

import piiscan
from piiscan.discovery import discover_all
from piiscan.model import Format, ReadOptions
from piiscan.readers import read
from piiscan.readers.workbook import PARTS
from tests.clirunner import run_cli

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["client_id", "email", "phone", "card"]
ROWS = [
    [f"C{1000 + i}", f"user{i}@example.com", f"+7 916 {100 + i:03d}-12-34", "4111111111111111"]
    for i in range(40)
]


def _book(path: Path, sheets: dict[str, list[list[object]]], *, hidden: tuple[str, ...] = ()):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return book


def _key(report: piiscan.Report) -> list[tuple[str, str, str, tuple[int, ...]]]:
    return sorted((f.category.value, f.detector, f.column, f.rows) for f in report.findings)


@pytest.fixture(autouse=True)
def _no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def test_sheet_gives_the_findings_of_the_same_csv(tmp_path: Path) -> None:
    _book(tmp_path / "book.xlsx", {"Customers": [HEADER, *ROWS]})
    (tmp_path / "same.csv").write_text(
        "".join(",".join(row) + "\n" for row in [HEADER, *ROWS]), encoding="utf-8"
    )
    sheet = piiscan.scan(tmp_path / "book.xlsx")
    csv = piiscan.scan(tmp_path / "same.csv")
    assert _key(sheet) == _key(csv)
    assert {c for c, *_ in _key(sheet)} == {"pii", "payment"}
    assert {f.path for f in sheet.findings} == {f"{tmp_path}/book.xlsx[Customers]"}
    assert [(f.path, f.rows) for f in sheet.files if not f.path.endswith(PARTS)] == [
        (f"{tmp_path}/book.xlsx[Customers]", 40)
    ]


def test_hidden_sheet_is_scanned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _book(
        tmp_path / "book.xlsx",
        {"Summary": [["total", "count"], [5, 2]], "raw": [HEADER, *ROWS]},
        hidden=("raw",),
    )
    run = run_cli(capsys, "check", str(tmp_path / "book.xlsx"), "--format", "json")
    assert run.code == 1
    assert "book.xlsx[raw]" in run.out
    assert "user1@example.com" not in run.out


def test_title_rows_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Report"
    sheet.append(["Customer export, May 2024"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    report = piiscan.scan(path)
    found = {(f.column, f.rows[0]) for f in report.findings}
    assert ("email", 1) in found
    assert ("card", 1) in found
    assert report.files[0].rows == 40


def test_merged_header_names_every_column_it_spans(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"] = "id"
    sheet["D3"] = "Contact"
    sheet.merge_cells("D3:E3")
    sheet["F3"] = "note"
    sheet.append([None, None, "1", "a@example.com", "+7 916 100-12-34", "x"])
    book.save(path)
    (batch,) = [
        b for b in read(discover_all([str(path)]).files[0]) if b.columns and b.table != PARTS
    ]
    assert [c.name for c in batch.columns] == ["id", "Contact", "Contact (2)", "note"]


def test_cells_read_as_a_csv_export_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    row = [
        5,
        5.5,
        4111111111111111,
        True,
        datetime.datetime(2024, 1, 2),
        datetime.datetime(2024, 1, 2, 3, 4, 5),
        None,
    ]
    _book(path, {"S": [["a", "b", "c", "d", "e", "f", "g"], row]})
    (ref,) = discover_all([str(path)]).files
    assert ref.format is Format.WORKBOOK
    (batch,) = [b for b in read(ref) if b.table != PARTS]
    assert [c.values.to_pylist() for c in batch.columns] == [
        ["5"],
        ["5.5"],
        ["4111111111111111"],
        ["TRUE"],
        ["2024-01-02"],
        ["2024-01-02 03:04:05"],
        [None],
    ]
    assert [c.rows.to_pylist() for c in batch.columns] == [[1]] * 7


def test_workbook_renamed_is_found_by_content(tmp_path: Path) -> None:
    _book(tmp_path / "book.xlsx", {"S": [HEADER, *ROWS]})
    shutil.move(tmp_path / "book.xlsx", tmp_path / "export.dat")
    (ref,) = discover_all([str(tmp_path)]).files
    assert ref.format is Format.WORKBOOK
    report = piiscan.scan(tmp_path)
    assert report.exit_code == 1
    assert {f.path for f in report.findings} == {f"{tmp_path}/export.dat[S]"}


def test_every_sheet_is_a_table_empty_ones_too(tmp_path: Path) -> None:
    _book(tmp_path / "b.xlsx", {"one": [HEADER, *ROWS[:3]], "empty": [], "two": [["x"], ["y"]]})
    tables = [
        (b.table, b.row_count)
        for b in read(discover_all([str(tmp_path)]).files[0])
        if b.table != PARTS
    ]
    assert tables == [("[one]", 3), ("[empty]", 0), ("[two]", 1)]


def test_max_rows_per_sheet(tmp_path: Path) -> None:
    _book(tmp_path / "b.xlsx", {"one": [HEADER, *ROWS]})
    batches = [
        b
        for b in read(discover_all([str(tmp_path)]).files[0], ReadOptions(max_rows=10))
        if b.table != PARTS
    ]
    assert sum(b.row_count for b in batches) == 10
    assert batches[-1].truncated


def test_workbook_that_inflates_too_far_is_not_read(tmp_path: Path) -> None:
    _book(tmp_path / "b.xlsx", {"one": [HEADER, *ROWS]})
    report = piiscan.scan(tmp_path / "b.xlsx", options=ReadOptions(max_inflate=1000))
    assert report.exit_code == 2
    assert "--max-inflate" in report.errors[0].message


def test_ole_file_that_is_not_a_workbook_fails_closed(tmp_path: Path) -> None:
    # An OLE header whose one directory sector names a Word stream.
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[30:32] = (9).to_bytes(2, "little")
    header[48:52] = (0).to_bytes(4, "little")
    header[76:512] = b"\xff" * 436
    entry = bytearray(128)
    name = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    entry[: len(name)] = name
    entry[64:66] = len(name).to_bytes(2, "little")
    (tmp_path / "letter.dat").write_bytes(bytes(header) + bytes(entry) * 4)
    found = discover_all([str(tmp_path)])
    assert found.files == ()
    assert len(found.errors) == len(found.skipped) == 1
    # The same header naming a Workbook stream is a workbook.
    workbook = bytes(header) + bytes(entry).replace(
        "WordDocument".encode("utf-16-le"), "Workbook\0\0\0\0".encode("utf-16-le")
    ).replace(len(name).to_bytes(2, "little"), (18).to_bytes(2, "little"), 1)
    (tmp_path / "letter.dat").write_bytes(workbook + bytes(entry) * 3)
    assert [r.format for r in discover_all([str(tmp_path)]).files] == [Format.WORKBOOK]


def test_text_outside_the_cells_is_read_and_cells_are_not_read_twice(tmp_path: Path) -> None:
    """Comments, headers and footers, hyperlinks and sheet names are data a workbook holds
    outside its cells: each found in the workbook's parts, the cells only in their sheet."""
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "anna.smirnova@mail.ru"
    sheet.append(["id", "email"])
    sheet.append([1, "ivan.petrov@mail.ru"])
    sheet.cell(row=2, column=1).comment = Comment("call olga.ivanova@yandex.ru", "me")
    sheet.cell(row=2, column=1).hyperlink = "mailto:petr.sidorov@gmail.com"
    sheet.oddHeader.center.text = "Owner maria.kuznetsova@inbox.ru"
    path = tmp_path / "book.xlsx"
    book.save(path)
    batches = list(read(discover_all([str(tmp_path)]).files[0]))
    parts = [
        v for b in batches if b.table == PARTS for c in b.columns for v in c.values.to_pylist()
    ]
    text = "\n".join(v for v in parts if v)
    for hidden in ("olga.ivanova@yandex.ru", "petr.sidorov@gmail.com", "maria.kuznetsova@inbox.ru"):
        assert hidden in text
    assert "anna.smirnova@mail.ru" in text
    assert "ivan.petrov@mail.ru" not in text  # a cell: read in its sheet only
    # The sheet named after a customer is shown by its number, not its name.
    assert {b.table for b in batches} == {"[sheet 1]", PARTS}


def test_a_damaged_part_is_named_and_the_parts_after_it_are_still_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A corrupt comments part is not examined (exit 2, the part named); the sheet name in
    the workbook part after it is still read and found."""
    import zipfile

    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "anna.smirnova@mail.ru"
    sheet.append(["id", "note"])
    sheet.append([1, "ok"])
    sheet.cell(row=2, column=1).comment = Comment("call olga.ivanova@yandex.ru", "me")
    path = tmp_path / "book.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/comments/comment1.xml")
        order = [i.filename for i in zf.infolist()]
    assert order.index(info.filename) < order.index("xl/workbook.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for at in range(start + 4, start + info.compress_size - 4):
        data[at] ^= 0x55  # the deflate stream, not the headers: its CRC or inflate fails
    path.write_bytes(bytes(data))

    run = run_cli(capsys, "check", str(path), "--format", "json")
    assert run.code == 2
    assert "xl/comments/comment1.xml could not be read" in run.out
    assert "olga.ivanova" not in run.out + run.err and "anna.smirnova" not in run.out + run.err
    report = piiscan.scan(path)
    assert any(
        f.column == "(xl/workbook.xml)" and f.category.value == "pii" for f in report.findings
    )


@pytest.mark.parametrize("far", ["XFD1048576", "Z1048576", "XFD2000"])
def test_a_sheet_spanning_too_many_cells_is_named_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], far: str
) -> None:
    """One cell far away makes calamine's dense grid billions of cells (it aborted the
    process): that sheet is not examined (exit 2, its span named), the others are read."""
    sheets: dict[str, list[list[object]]] = {"people": [HEADER, *ROWS], "stray": [["id"], [1]]}
    book = _book(tmp_path / "book.xlsx", sheets)
    book["stray"][far] = "x"
    book.save(tmp_path / "book.xlsx")

    run = run_cli(capsys, "check", str(tmp_path / "book.xlsx"), "--format", "json")

    assert run.code == 2
    assert "[stray]: its cells span up to" in run.err
    assert "cells a sheet is read into; not examined" in run.err
    report = piiscan.scan(tmp_path / "book.xlsx")
    assert {f.detector for f in report.findings if f.path.endswith("[people]")} >= {"email"}


def test_embedded_files_and_formula_text_are_read(tmp_path: Path) -> None:
    """A file embedded in the workbook is read as an archive member is; a formula's literals
    are read with the sheet's parts (Excel caches only the formula's result)."""
    import zipfile

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "orders"
    sheet.append(["id", "contact"])
    sheet.append([1, '=HYPERLINK("mailto:olga.ivanova@yandex.ru", "write")'])
    path = tmp_path / "book.xlsx"
    book.save(path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(
            "xl/embeddings/customers.csv",
            "id,email\n" + "".join(f"{i},client{i}@example.com\n" for i in range(20)),
        )
        zf.writestr("xl/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    report = piiscan.scan(path)
    found = {(f.path.removeprefix(str(path)), f.column, f.detector) for f in report.findings}
    assert ("!/xl/embeddings/customers.csv", "email", "email") in found
    assert (f"{PARTS}", "(xl/worksheets/sheet1.xml)", "email") in found
    assert report.skipped == ()  # pictures are not embedded files


def test_a_header_cell_holding_a_value_is_read_as_one(tmp_path: Path) -> None:
    """A header cell with an e-mail or a card over clean rows: read as the value it is (a CSV
    whose first row holds one is headerless), never passed over as a mere column name."""
    _book(tmp_path / "book.xlsx", {"s": [["id", "ivan.petrov@mail.ru"], [1, "ok"], [2, "ok"]]})
    report = piiscan.scan(tmp_path / "book.xlsx")
    assert [(f.column, f.detector) for f in report.findings] == [("(title)", "email")]
    assert "ivan.petrov" not in report.render("text") + report.render("json")


def test_a_picture_part_that_is_no_picture_is_read(tmp_path: Path) -> None:
    """Parts are judged by their content: an export kept under xl/media is read."""
    import zipfile

    path = tmp_path / "book.xlsx"
    _book(path, {"s": [["id", "plan"], [1, "basic"]]})
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(
            "xl/media/image9.png",
            "id,email\n" + "".join(f"{i},client{i}@example.com\n" for i in range(20)),
        )
    report = piiscan.scan(path)
    assert {(f.path.removeprefix(str(path)), f.detector) for f in report.findings} == {
        ("!/xl/media/image9.png", "email")
    }
