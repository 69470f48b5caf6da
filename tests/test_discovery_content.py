"""Discovery by content: every file in a folder is considered, its kind decided by its bytes;
what is passed over is listed as skipped, and the scan of it fails closed.

The pipeline tests run discovery, the engine, policy and each renderer as the cli does once it
passes ``discover_all``'s skipped files and exclusion count on to ``ScanResult``.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from piiscan.discovery import discover_all, sniff_format
from piiscan.engine import scan
from piiscan.model import Compression, Format, Report, Skipped
from piiscan.policy import Policy, apply
from piiscan.report import render
from piiscan.ruleset import load_rules

EMAILS_CSV = "id,email\n" + "".join(f"{i},client{i}@example.com\n" for i in range(1, 11))
EMAILS_JSONL = "".join(f'{{"id": {i}, "email": "client{i}@example.com"}}\n' for i in range(1, 11))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
RULES = load_rules()


def pipeline(paths: list[str], **globs: list[str]) -> Report:
    found = discover_all(paths, **globs)
    result = scan(list(found.files), rules=RULES)
    errors = tuple(sorted((*result.errors, *found.errors), key=lambda e: (e.path, e.message)))
    result = replace(result, errors=errors, skipped=found.skipped, excluded=found.excluded)
    return apply(result, Policy(), tool_version="0")


HIDDEN_DATA = {
    "customers.txt": EMAILS_CSV.encode(),
    "export.dat": EMAILS_CSV.encode(),
    "customers": EMAILS_CSV.encode(),
    "customers.csv.gz.1": gzip.compress(EMAILS_CSV.encode()),
    "customers.csv.bak": EMAILS_CSV.encode(),
    "events.log": EMAILS_JSONL.encode(),
    "000000_0": bz2.compress(EMAILS_JSONL.encode()),
    ".staging/customers.csv": EMAILS_CSV.encode(),
}


def write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_data_under_any_name_is_found_and_the_rest_skipped(tmp_path: Path) -> None:
    write(tmp_path, {**HIDDEN_DATA, "logo.png": PNG, "manual.pdf": PDF})
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 1
    found = {f.path.removeprefix(f"{tmp_path}/") for f in report.findings if f.forbidden}
    assert found == set(HIDDEN_DATA)
    assert report.skipped == (
        Skipped(f"{tmp_path}/logo.png", "PNG image: cannot hold table data"),
        Skipped(f"{tmp_path}/manual.pdf", "PDF document: cannot hold table data"),
    )
    assert report.errors == ()


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        pytest.param("customers.txt", EMAILS_CSV.encode(), Format.CSV, id="csv-in-txt"),
        pytest.param("events.log", EMAILS_JSONL.encode(), Format.JSONL, id="jsonl-in-log"),
        pytest.param("000000_0", EMAILS_CSV.encode(), Format.CSV, id="hive-part"),
        pytest.param("a.csv.bak", gzip.compress(EMAILS_CSV.encode()), Format.CSV, id="gz-bak"),
        pytest.param("note.md", b"# Notes\n\nCall Ivan, then Olga.\n", Format.TEXT, id="md"),
        pytest.param("app.log", b"[INFO] started\n[WARN] slow\n", Format.TEXT, id="log-lines"),
        pytest.param("x", b'[{"a": 1}]', Format.JSON, id="json-no-suffix"),
    ],
)
def test_kind_from_content(tmp_path: Path, name: str, data: bytes, fmt: Format) -> None:
    (tmp_path / name).write_bytes(data)
    found = discover_all([str(tmp_path)])
    assert [r.format for r in found.files] == [fmt]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(PNG, "PNG image", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image", id="jpeg"),
        pytest.param(PDF, "PDF document", id="pdf"),
        pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "executable (ELF)", id="elf"),
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00", "executable (Windows)", id="pe"),
        pytest.param(b"wOF2\x00\x01\x00\x00", "font (WOFF2)", id="woff2"),
        pytest.param(b"\x00\x00\x00\x20ftypisom\x00\x00", "audio or video (MP4", id="mp4"),
        pytest.param(
            b"crc\x00\x00\x00\x02\x00" + bytes(range(256)) * 8, "Hadoop checksum", id="crc"
        ),
        pytest.param(b"", "empty file", id="empty"),
    ],
)
def test_not_data_is_skipped_with_its_kind(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "blob").write_bytes(data)
    found = discover_all([str(tmp_path)])
    assert (found.files, found.errors) == ((), ())
    assert [s.reason.startswith(reason) for s in found.skipped] == [True]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x80\x04\x95" + EMAILS_CSV.encode() + b"\x94.", id="pickle"),
        pytest.param(PNG[:8] + EMAILS_CSV.encode() * 40, id="csv-behind-png-magic"),
        pytest.param(b"\x00" * 9000 + EMAILS_CSV.encode(), id="nul-head"),
        pytest.param(EMAILS_CSV.encode("utf-32-le"), id="utf-32"),
        pytest.param(b"\x01\x00".join(b"client%d@example.com" % i for i in range(9)), id="bson"),
    ],
)
def test_unknown_binary_is_read_for_its_text(tmp_path: Path, data: bytes) -> None:
    """Binary data no reader claims, or text behind an image's magic bytes: read (its text
    runs, ``readers.binary``, or as the table it is), never passed over as holding nothing."""
    (tmp_path / "blob").write_bytes(data)
    report = pipeline([str(tmp_path)])
    assert (report.skipped, report.errors) == ((), ())
    assert report.exit_code == 1
    assert {f.detector for f in report.findings} == {"email"}


def test_noise_is_not_examined_and_says_so(tmp_path: Path) -> None:
    """Compressed or encrypted data of no kind piiscan undoes (raw zlib, .Z, .lzma)."""
    import lzma
    import random
    import zlib

    rng = random.Random(7)
    rows = "".join(
        f"{i},client{i}@example.com,+7916{rng.randrange(10**7):07d}\n" for i in range(500)
    )
    (tmp_path / "a.zz").write_bytes(zlib.compress(rows.encode()))
    (tmp_path / "b.bin").write_bytes(rng.randbytes(5000))
    (tmp_path / "c.lzma").write_bytes(lzma.compress(EMAILS_CSV.encode(), format=lzma.FORMAT_ALONE))
    (tmp_path / "d.Z").write_bytes(b"\x1f\x9d\x90" + rng.randbytes(300))
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 2
    assert sorted(e.path.rsplit("/", 1)[-1] for e in report.errors) == [
        "a.zz",
        "b.bin",
        "c.lzma",
        "d.Z",
    ]
    assert all("not examined" in e.message for e in report.errors)


def test_archives_that_do_not_start_as_one_are_walked(tmp_path: Path) -> None:
    """A ZIP behind a stub (self-extracting) or junk, a tar without the ustar mark."""
    import tarfile

    (tmp_path / "setup.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 200 + _zip("a.csv", EMAILS_CSV))
    v7 = io.BytesIO()
    with tarfile.open(fileobj=v7, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        info = tarfile.TarInfo("b.csv")
        info.size = len(EMAILS_CSV)
        tar.addfile(info, io.BytesIO(EMAILS_CSV.encode()))
    data = bytearray(v7.getvalue())
    data[257:265] = b"\x00" * 8  # no "ustar": a V7 header (its checksum made right again)
    data[148:156] = b"        "
    data[148:156] = f"{sum(data[:512]):06o}\x00 ".encode()
    (tmp_path / "old.dat").write_bytes(bytes(data))
    found = discover_all([str(tmp_path)])
    assert sorted((r.display.rsplit("/", 1)[-1], r.format) for r in found.files) == [
        ("old.dat", Format.ARCHIVE),
        ("setup.exe", Format.ARCHIVE),
    ]
    assert pipeline([str(tmp_path)]).exit_code == 1


def test_names_that_look_like_magic_stay_data(tmp_path: Path) -> None:
    (tmp_path / "people").write_text("OTTO;MZ\nAnna;Bob\nCarl;Dora\n")
    assert [r.format for r in discover_all([str(tmp_path)]).files] == [Format.CSV]


def _zip(name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize("name", ["export.zip", "customers.csv", "book.xlsx", "dump"])
def test_zip_is_an_archive_whatever_its_name(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(_zip("customers.csv", EMAILS_CSV))
    found = discover_all([str(tmp_path)])
    assert [(r.display, r.format) for r in found.files] == [(f"{tmp_path}/{name}", Format.ARCHIVE)]
    assert found.skipped == found.errors == ()
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 1
    assert {f.path for f in report.findings} == {f"{tmp_path}/{name}!/customers.csv"}


def test_compressed_tar_is_an_archive(tmp_path: Path) -> None:
    tar = b"customers.csv".ljust(257, b"\x00") + b"ustar\x0000" + b"\x00" * 300
    (tmp_path / "dump.tar.gz").write_bytes(gzip.compress(tar))
    found = discover_all([str(tmp_path)])
    assert [(r.format, r.compression) for r in found.files] == [(Format.ARCHIVE, Compression.GZIP)]
    assert found.skipped == found.errors == ()


def test_vcs_folders_and_own_baseline_are_ignored(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".git/objects/ab/c.csv": EMAILS_CSV.encode(),
            ".hg/store/x": EMAILS_CSV.encode(),
            ".svn/pristine/y": EMAILS_CSV.encode(),
            ".piiscan-baseline.json": b'{"piiscan_baseline": 1, "entries": []}',
            ".env": b"CONTACT=ops@example.com\n",
        },
    )
    found = discover_all([str(tmp_path)])
    assert [r.display for r in found.files] == [f"{tmp_path}/.env"]
    assert found.skipped == found.errors == ()


def test_an_export_named_like_the_baseline_is_scanned(tmp_path: Path) -> None:
    """Only a real baseline is passed over: the name alone would hide any export."""
    write(tmp_path, {"sub/.piiscan-baseline.json": EMAILS_JSONL.encode()})
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 1
    assert {f.detector for f in report.findings} == {"email"}


def test_excluded_files_are_counted(tmp_path: Path) -> None:
    write(tmp_path, {"a.csv": EMAILS_CSV.encode(), "fixtures/b.csv": b"x,y\n1,2\n"})
    found = discover_all([str(tmp_path)], exclude=["fixtures", "a.csv"])
    assert (found.files, found.excluded) == ((), 2)
    # Examining nothing because the user said so is not incomplete.
    assert pipeline([str(tmp_path)], exclude=["fixtures", "a.csv"]).exit_code == 0


def test_empty_folder_is_incomplete(tmp_path: Path) -> None:
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 2
    assert report.warnings == (
        "nothing was examined: no file in the given paths could be read as data",
    )


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown"])
def test_only_a_png_is_incomplete_and_named_in_every_format(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 2
    assert report.skipped == (Skipped(f"{tmp_path}/logo.png", "PNG image: cannot hold table data"),)
    assert report.warnings[0].startswith("nothing was examined")
    assert report.warnings[0].endswith("(1 skipped)")
    out = render(report, fmt, verbosity=1)
    assert "logo.png" in out
    assert "PNG image" in out
    if fmt == "json":
        assert json.loads(out)["skipped"] == [
            {"path": f"{tmp_path}/logo.png", "reason": "PNG image: cannot hold table data"}
        ]
    if fmt in ("text", "markdown", "github"):
        assert "1 skipped" in out
        assert "exit 2: nothing was examined" in out


def test_skipped_list_only_with_verbose_in_text(tmp_path: Path) -> None:
    write(tmp_path, {"a.csv": b"x,y\n1,2\n", "logo.png": PNG})
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 0
    quiet = render(report, "text", verbosity=0)
    assert "1 file scanned, 1 skipped" in quiet
    assert "logo.png" not in quiet
    assert "logo.png: PNG image" in render(report, "text", verbosity=1)


def test_note_with_an_email_in_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "handover.txt").write_text(
        "Handover notes for the support rotation\n"
        "\n"
        "The customer asked us to write to maria.petrova@example.com about the refund.\n"
        "Nothing else is pending; the queue is empty.\n",
        encoding="utf-8",
    )
    report = pipeline([str(tmp_path)])
    assert report.exit_code == 1
    [finding] = [f for f in report.findings if f.forbidden]
    assert (finding.column, finding.detector, finding.scope.value) == ("(text)", "email", "cells")
    assert finding.rows == (3,)
    assert "maria.petrova@example.com" not in render(report, "json")


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        pytest.param(b"Hello Ivan,\nsee you at five, ok?\nBye.\n", Format.TEXT, id="prose"),
        pytest.param(b"a\x01b\x01c\n1\x012\x013\n", Format.CSV, id="hive-ctrl-a"),
        pytest.param(b"a;b;\n1;2;\n3;4;\n", Format.CSV, id="trailing-delimiter"),
        pytest.param(b"only one line, with a comma\n", Format.TEXT, id="one-line"),
        pytest.param(b'{"a": 1}\n{"a": 2}\n', Format.JSONL, id="jsonl"),
        pytest.param(b"{not json}\n", Format.TEXT, id="braces"),
    ],
)
def test_sniff_format(head: bytes, fmt: Format) -> None:
    assert sniff_format(head, at_eof=True) is fmt
