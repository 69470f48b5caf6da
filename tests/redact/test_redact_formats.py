"""``piiscan redact`` on text files, pandas-shaped JSON, workbooks and archives, through the
real command line: the copy passes, keeps its shape and holds no planted value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.redact.exports import customers, leaks, planted, redact_ok


def test_text_file_keeps_its_lines_and_endings_around_placeholders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(12)
    lines = [f"ticket {i}: {r['note']}" for i, r in enumerate(rows)]
    text = "\r\n".join(lines[:6]) + "\n\n" + "\n".join(lines[6:]) + "\n"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "support.log").write_bytes(text.encode())
    redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    copy = (tmp_path / "safe" / "src" / "support.log").read_bytes().decode()
    assert copy.count("\r\n") == text.count("\r\n")
    assert copy.count("\n") == text.count("\n")
    copied = copy.splitlines()
    assert copied[0] == "ticket 0: Please call [PHONE] or write to [EMAIL] after lunch"
    assert copied[1] == lines[1]
    assert leaks(tmp_path / "safe", planted(rows)) == []


COLUMNS = ("email", "phone", "card", "plan")


def _orient(rows: list[dict[str, str]], orient: str) -> object:
    """The rows as pandas' ``DataFrame.to_json(orient=...)`` writes them."""
    records = [{k: r[k] for k in COLUMNS} for r in rows]
    if orient == "split":
        data = [list(r.values()) for r in records]
        return {"columns": list(COLUMNS), "index": list(range(len(rows))), "data": data}
    if orient == "table":
        fields = [{"name": "index", "type": "integer"}]
        fields += [{"name": c, "type": "string"} for c in COLUMNS]
        schema = {"fields": fields, "primaryKey": ["index"], "pandas_version": "1.4.0"}
        return {"schema": schema, "data": [{"index": i, **r} for i, r in enumerate(records)]}
    if orient == "columns":
        return {c: {str(i): r[c] for i, r in enumerate(records)} for c in COLUMNS}
    if orient == "index":
        return {str(i): r for i, r in enumerate(records)}
    if orient == "values":
        return [list(r.values()) for r in records]
    return records


@pytest.mark.parametrize("orient", ["split", "table", "columns", "index", "values", "records"])
def test_pandas_json_orients_are_redacted_in_their_shape(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, orient: str
) -> None:
    rows = customers(30)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "frame.json").write_text(json.dumps(_orient(rows, orient)))
    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    (entry,) = manifest["files"]  # type: ignore[index]
    assert {c["column"] for c in entry["columns"]} >= {"email", "phone"} or orient == "values"
    assert leaks(tmp_path / "safe", planted(rows)) == []
    copy = json.loads((tmp_path / "safe" / "src" / "frame.json").read_text())
    source = json.loads((tmp_path / "src" / "frame.json").read_text())
    assert type(copy) is type(source)
    if orient == "split":
        assert copy["columns"] == source["columns"] and len(copy["data"]) == len(rows)
        assert [r[3] for r in copy["data"]] == [r["plan"] for r in rows]
    elif orient in ("columns", "index"):
        assert len(copy) == len(source)
    elif orient == "values":
        assert [r[3] for r in copy] == [r["plan"] for r in rows]


def _workbook(path: Path, rows: list[dict[str, str]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    people = book.active
    assert people is not None
    people.title = "People"
    people.append(["Customer export, March"])
    people.append(["id", "email", "phone", "plan", "visits"])
    for i, r in enumerate(rows):
        people.append([r["id"], r["email"], r["phone"], r["plan"], i])
    cards = book.create_sheet("Cards")
    cards.append(["id", "card"])
    for r in rows:
        cards.append([r["id"], r["card"]])
    book.create_sheet("Empty")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def test_workbook_sheets_kept_with_their_redacted_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    rows = customers(25)
    _workbook(tmp_path / "src" / "book.xlsx", rows)
    run = run_cli(
        capsys,
        "redact",
        str(tmp_path / "src"),
        "-o",
        str(tmp_path / "safe"),
        "--action",
        "payment=drop",
        "--no-progress",
    )
    assert run.code == 0, run.err + run.out
    assert run_cli(capsys, "check", str(tmp_path / "safe"), "--no-progress").code == 0
    assert leaks(tmp_path / "safe", planted(rows)) == []
    copy = openpyxl.load_workbook(tmp_path / "safe" / "src" / "book.xlsx")
    assert copy.sheetnames == ["People", "Cards", "Empty"]
    people = list(copy["People"].iter_rows(values_only=True))
    assert people[0][0] == "Customer export, March"
    assert people[1] == ("id", "email", "phone", "plan", "visits")
    assert [(p[0], p[3], p[4]) for p in people[2:]] == [
        (r["id"], r["plan"], i) for i, r in enumerate(rows)
    ]
    assert [c[0] for c in copy["Cards"].iter_rows(values_only=True)] == ["id"] + [
        r["id"] for r in rows
    ]
    manifest = json.loads((tmp_path / "safe" / "redaction.json").read_text())
    (entry,) = manifest["files"]
    columns = {c["column"]: c["action"] for c in entry["columns"]}
    assert columns == {"[People]email": "mask", "[People]phone": "mask", "[Cards]card": "drop"}


def _bundle(folder: Path, kind: str, members: dict[str, bytes]) -> Path:
    """``folder/bundle.zip`` (deflated) or ``bundle.tar.gz`` holding ``members``."""
    import io
    import tarfile
    import zipfile

    folder.mkdir()
    archive = folder / f"bundle.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                zf.writestr(name, data)
    else:
        with tarfile.open(archive, "w:gz") as tf:
            for name, data in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
    return archive


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_archive_members_rewritten_under_the_same_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    import csv
    import io
    import tarfile
    import zipfile

    rows = customers(20)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    members = {
        "exports/customers.csv": buf.getvalue().encode(),
        "README.txt": b"Exports of March, no remarks\n",
        "notes/people.jsonl": "".join(json.dumps(r) + "\n" for r in rows).encode(),
    }
    archive = _bundle(tmp_path / "src", kind, members)
    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    copy = tmp_path / "safe" / "src" / archive.name
    if kind == "zip":
        with zipfile.ZipFile(copy) as zf:
            names = zf.namelist()
            got = {n: zf.read(n) for n in names}
    else:
        with tarfile.open(copy) as tf:
            names = tf.getnames()
            got = {n: tf.extractfile(n).read() for n in names}  # type: ignore[union-attr]
    assert names == list(members)
    assert got["README.txt"] == members["README.txt"]
    assert not [v for v in planted(rows) if any(v.encode() in data for data in got.values())]
    redacted = list(csv.DictReader(io.StringIO(got["exports/customers.csv"].decode())))
    assert [(r["id"], r["plan"]) for r in redacted] == [(r["id"], r["plan"]) for r in rows]
    copies = {f["copy"]: f for f in manifest["files"]}  # type: ignore[index]
    member = copies[f"src/{archive.name}!/exports/customers.csv"]
    assert member["rows"] == len(rows)
    assert {c["column"] for c in member["columns"]} >= {"email", "phone", "card"}
    assert f"src/{archive.name}!/README.txt" not in copies


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_archive_member_named_after_a_customer_is_renamed_in_the_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    """The parts of a member's name that hold data become ``member-N`` (suffix kept); the
    other members keep their names; the manifest lists the renaming."""
    import tarfile
    import zipfile

    members = {
        "exports/ivan.petrov@mail.ru.csv": b"id,plan\n1,basic\n",
        "olga.ivanova@yandex.ru/orders.csv": b"id,plan\n2,pro\n",
        "README.txt": b"March\n",
    }
    archive = _bundle(tmp_path / "src", kind, members)

    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")

    copy = tmp_path / "safe" / "src" / archive.name
    if kind == "zip":
        with zipfile.ZipFile(copy) as zf:
            names, first = zf.namelist(), zf.read(zf.namelist()[0])
    else:
        with tarfile.open(copy) as tf:
            names = tf.getnames()
            first = tf.extractfile(names[0]).read()  # type: ignore[union-attr]
    assert names == ["exports/member-1.csv", "member-2/orders.csv", "README.txt"]
    assert first == members["exports/ivan.petrov@mail.ru.csv"]
    (renamed,) = [f for f in manifest["files"] if f["path"].endswith("[member names]")]
    assert renamed["rows"] == 3
    assert [(c["column"], c["changed"]) for c in renamed["columns"]] == [("(name)", 2)]
    assert "ivan.petrov" not in json.dumps(manifest) and "olga" not in json.dumps(manifest)


def _ods(rows: list[dict[str, str]]) -> bytes:
    """A minimal OpenDocument spreadsheet (no writer for it is a dependency)."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def row(cells: list[str]) -> str:
        return (
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p>'
                "</table:table-cell>"
                for c in cells
            )
            + "</table:table-row>"
        )

    body = row(list(rows[0])) + "".join(row(list(r.values())) for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="People">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()


def test_a_workbook_with_no_writer_is_refused_with_a_hint_to_convert(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(10)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "people.ods").write_bytes(_ods(rows))
    assert run_cli(capsys, "check", str(tmp_path / "src"), "--no-progress").code == 1
    run = run_cli(
        capsys, "redact", str(tmp_path / "src"), "-o", str(tmp_path / "safe"), "--no-progress"
    )
    assert run.code == 2
    assert "people.ods: copy not written" in run.err
    assert "convert the workbook to .xlsx" in run.err
    assert leaks(tmp_path / "safe", planted(rows)) == []


def test_workbook_text_outside_the_cells_is_cleaned_in_the_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Comments, hyperlinks, headers and a sheet named after a customer: each rewritten (the
    words around a value kept), the sheet renamed by its place; no part of the copy holds them."""
    import zipfile

    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "anna.smirnova@mail.ru"
    sheet.append(["id", "plan"])
    for i in range(20):
        sheet.append([i, "basic"])
    sheet.cell(row=2, column=1).comment = Comment("call olga.ivanova@yandex.ru", "me")
    sheet.cell(row=3, column=2).hyperlink = "mailto:petr.sidorov@gmail.com"
    sheet.oddHeader.center.text = "Owner maria.kuznetsova@inbox.ru"
    (tmp_path / "src").mkdir()
    book.save(tmp_path / "src" / "book.xlsx")
    hidden = (
        "anna.smirnova@mail.ru",
        "olga.ivanova@yandex.ru",
        "petr.sidorov@gmail.com",
        "maria.kuznetsova@inbox.ru",
    )

    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")

    copy_path = tmp_path / "safe" / "src" / "book.xlsx"
    with zipfile.ZipFile(copy_path) as zf:
        text = b"".join(zf.read(name) for name in zf.namelist()).decode()
    assert [v for v in hidden if v in text] == []
    copy = openpyxl.load_workbook(copy_path)
    assert copy.sheetnames == ["Sheet 1"]
    cells = copy["Sheet 1"]
    assert cells["A2"].comment is not None and cells["A2"].comment.text == "call [EMAIL]"
    assert cells["B3"].hyperlink is not None and cells["B3"].hyperlink.target == "mailto:[EMAIL]"
    assert cells.oddHeader.center.text == "Owner [EMAIL]"
    assert [r[1] for r in cells.iter_rows(min_row=2, values_only=True)] == ["basic"] * 20
    (entry,) = manifest["files"]
    assert {c["column"] for c in entry["columns"]} == {
        "[workbook parts](xl/comments/comment1.xml)",
        "[workbook parts](xl/workbook.xml)",
        "[workbook parts](xl/worksheets/_rels/sheet1.xml.rels)",
        "[workbook parts](xl/worksheets/sheet1.xml)",
    }
    assert all(c["changed"] == 1 for c in entry["columns"])


def test_a_source_with_a_table_not_examined_is_not_copied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A workbook one of whose sheets could not be read: no copy of it (it would hold what
    was never examined), exit 2."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "plan"])
    sheet.append([1, "basic"])
    sheet["XFD1048576"] = "far away"
    (tmp_path / "src").mkdir()
    book.save(tmp_path / "src" / "book.xlsx")
    run = run_cli(
        capsys, "redact", str(tmp_path / "src"), "-o", str(tmp_path / "safe"), "--no-progress"
    )
    assert run.code == 2
    assert not (tmp_path / "safe" / "src" / "book.xlsx").exists()
