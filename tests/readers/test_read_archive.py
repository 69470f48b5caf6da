"""Archives: walked like folders (members found by content, nested archives too), shown as
``export.zip!/customers.csv``, with bomb limits for the whole archive; what is not examined
fails closed."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
import zstandard

import piiscan
from piiscan.discovery import discover_all
from piiscan.engine import scan
from piiscan.model import Format, Skipped
from piiscan.readers import archive
from piiscan.ruleset import load_rules
from tests.clirunner import run_cli

RULES = load_rules()
CSV = "client_id,email,phone\n" + "".join(
    f"C{1000 + i},user{i}@example.com,+7 916 {100 + i:03d}-12-34\n" for i in range(40)
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


def _zip(members: dict[str, bytes | str], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return sink.getvalue()


def _tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    sink = io.BytesIO()
    with tarfile.open(fileobj=sink, mode=mode) as tf:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return sink.getvalue()


def _key(report: piiscan.Report) -> list[tuple[str, str, str, tuple[int, ...]]]:
    return sorted((f.category.value, f.detector, f.column, f.rows) for f in report.findings)


@pytest.fixture(autouse=True)
def _no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


def test_member_gives_the_findings_of_the_file_itself(tmp_path: Path) -> None:
    (tmp_path / "customers.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "export.zip").write_bytes(_zip({"customers.csv": CSV}))
    alone = piiscan.scan(tmp_path / "customers.csv")
    member = piiscan.scan(tmp_path / "export.zip")
    assert _key(member) == _key(alone) != []
    assert {f.path for f in member.findings} == {f"{tmp_path}/export.zip!/customers.csv"}
    assert member.exit_code == 1


TAR_MODES = {
    "tar": lambda data: data,
    "tar.gz": gzip.compress,
    "tar.bz2": bz2.compress,
    "tar.xz": lzma.compress,
    "tar.zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


@pytest.mark.parametrize("suffix", list(TAR_MODES))
def test_tar_of_any_compression(tmp_path: Path, suffix: str) -> None:
    data = TAR_MODES[suffix](_tar({"out/customers.csv": CSV.encode()}))
    (tmp_path / f"dump.{suffix}").write_bytes(data)
    report = piiscan.scan(tmp_path)
    assert {f.path for f in report.findings} == {f"{tmp_path}/dump.{suffix}!/out/customers.csv"}
    assert report.exit_code == 1


def test_zip_inside_tar_gz_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inner = _zip({"crm/customers.csv": CSV, "data.bin": CSV.encode()})
    (tmp_path / "backup.tar.gz").write_bytes(gzip.compress(_tar({"export.zip": inner})))
    run = run_cli(capsys, "check", str(tmp_path), "--format", "json")
    assert run.code == 1
    assert "backup.tar.gz!/export.zip!/crm/customers.csv" in run.out
    # A member named like nothing is still read by its content.
    assert "backup.tar.gz!/export.zip!/data.bin" in run.out
    assert "user1@example.com" not in run.out


def test_compressed_zip_and_workbook_inside_zip(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "S"
    for line in CSV.splitlines():
        book.active.append(line.split(","))
    sink = io.BytesIO()
    book.save(sink)
    (tmp_path / "x.zip.gz").write_bytes(gzip.compress(_zip({"book.xlsx": sink.getvalue()})))
    report = piiscan.scan(tmp_path)
    assert {f.path for f in report.findings} == {f"{tmp_path}/x.zip.gz!/book.xlsx[S]"}


def test_traversal_names_never_leave_the_temporary_folder(tmp_path: Path) -> None:
    target = tmp_path / "in"
    target.mkdir()
    (target / "evil.zip").write_bytes(_zip({"../../escaped.csv": CSV, "/abs.csv": CSV}))
    report = piiscan.scan(target)
    assert {f.path for f in report.findings} == {
        f"{target}/evil.zip!/../../escaped.csv",
        f"{target}/evil.zip!//abs.csv",
    }
    assert not (tmp_path / "escaped.csv").exists()
    assert not Path("/abs.csv").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "in"]


def test_members_that_cannot_hold_data_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(_zip({"logo.png": PNG, "c.csv": CSV, "dir/": ""}))
    (ref,) = discover_all([str(tmp_path)]).files
    result = scan([ref], rules=RULES)
    assert result.skipped == (
        Skipped(f"{tmp_path}/a.zip!/logo.png", "PNG image: cannot hold table data"),
    )
    assert result.errors == ()
    assert [s.path for s in result.files] == [
        f"{tmp_path}/a.zip!/c.csv",
        f"{tmp_path}/a.zip[member names]",
    ]


def test_member_of_an_unreadable_kind_fails_closed(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(_zip({"db.7z": b"7z\xbc\xaf\x27\x1c" + b"\x00" * 100}))
    (ref,) = discover_all([str(tmp_path)]).files
    result = scan([ref], rules=RULES)
    assert [e.path for e in result.errors] == [f"{tmp_path}/a.zip!/db.7z"]
    assert [s.path for s in result.skipped] == [f"{tmp_path}/a.zip!/db.7z"]


def test_encrypted_member_is_not_examined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("plain.csv", CSV)
        zf.writestr("secret.csv", CSV)
        zf.getinfo("secret.csv").flag_bits |= 0x1  # marked encrypted in the central directory
    (tmp_path / "a.zip").write_bytes(sink.getvalue())
    run = run_cli(capsys, "check", str(tmp_path / "a.zip"), "--format", "json")
    assert run.code == 2
    assert "a.zip!/secret.csv" in run.out
    assert "encrypted, not examined" in run.out
    assert "a.zip!/plain.csv" in run.out  # the rest still read


def test_many_members_stop_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 50)
    (tmp_path / "many.zip").write_bytes(_zip({f"m{i}.csv": CSV for i in range(51)}))
    (tmp_path / "many.tar").write_bytes(_tar({f"m{i}.csv": CSV.encode() for i in range(51)}))
    started = time.monotonic()
    report = piiscan.scan(tmp_path)
    assert time.monotonic() - started < 10
    assert report.exit_code == 2
    messages = {e.path: e.message for e in report.errors}
    assert "more than 50" in messages[f"{tmp_path}/many.zip"]
    assert "more than 50" in messages[f"{tmp_path}/many.tar"]


def test_inflate_bomb_stops_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = b"0" * (4 << 20)
    (tmp_path / "bomb.zip").write_bytes(_zip({"a.csv": big, "b.csv": big}))
    (tmp_path / "bomb.tar.gz").write_bytes(gzip.compress(_tar({"a.csv": big, "b.csv": big})))
    started = time.monotonic()
    run = run_cli(capsys, "check", str(tmp_path), "--max-inflate", str(6 << 20), "-f", "json")
    assert time.monotonic() - started < 10
    assert run.code == 2
    assert run.out.count("--max-inflate") >= 2
    assert "bomb.zip" in run.out and "bomb.tar.gz" in run.out


def test_nesting_is_bounded(tmp_path: Path) -> None:
    data = _zip({"c.csv": CSV})
    for level in range(archive.MAX_DEPTH + 1):
        data = _zip({f"level{level}.zip": data})
    (tmp_path / "deep.zip").write_bytes(data)
    report = piiscan.scan(tmp_path)
    assert report.exit_code == 2
    assert any("nested deeper" in e.message for e in report.errors)


def test_corrupt_zip_fails_closed(tmp_path: Path) -> None:
    data = bytearray(_zip({"c.csv": CSV * 20}))
    data[40:50] = b"\xff" * 10  # inside the deflated member
    (tmp_path / "bad.zip").write_bytes(bytes(data))
    report = piiscan.scan(tmp_path)
    assert report.exit_code == 2
    assert [e.path for e in report.errors] == [f"{tmp_path}/bad.zip!/c.csv"]


def test_discovery_tells_archives_from_workbooks(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(_zip({"c.csv": CSV}))
    (tmp_path / "b.zip").write_bytes(
        _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": ""})
    )
    found = discover_all([str(tmp_path)])
    assert [(r.path.name, r.format) for r in found.files] == [
        ("a.xlsx", Format.ARCHIVE),
        ("b.zip", Format.WORKBOOK),
    ]


def test_member_limits_are_per_sub_table(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(_zip({"one.csv": CSV, "two.csv": CSV}))
    report = piiscan.scan(tmp_path, max_rows=5)
    assert [(f.path.rsplit("!/", 1)[-1], f.rows) for f in report.files] == [
        ("one.csv", 5),
        ("two.csv", 5),
        (f"{tmp_path}/a.zip[member names]", 2),
    ]


def test_worker_processes_give_the_same_report(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(_zip({"one.csv": CSV, "logo.png": PNG}))
    (tmp_path / "b.tar").write_bytes(_tar({"two.csv": CSV.encode()}))
    one = piiscan.scan(tmp_path, jobs=1)
    two = piiscan.scan(tmp_path, jobs=2)
    assert one.render("json") == two.render("json")
    assert len(one.files) == 4  # each archive's member names are a table too


@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_member_names_are_data_and_never_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """A member named after a customer: the name is scanned ([member names], the file suffix
    apart) and the member is shown by its number, in every output."""
    members = {"ivan.petrov@mail.ru.csv": "id,plan\n1,basic\n", "olga.ivanova@yandex.ru/o.csv": CSV}
    data = (
        _zip(members)
        if kind == "zip"
        else _tar({name: text.encode() for name, text in members.items()})
    )
    (tmp_path / f"names.{kind}").write_bytes(data)
    report = piiscan.scan(tmp_path / f"names.{kind}")
    (finding,) = [f for f in report.findings if f.path.endswith("[member names]")]
    assert (finding.column, finding.detector, finding.rows) == ("(name)", "email", (1, 2))
    assert {f.path.rsplit("!/", 1)[-1] for f in report.files} >= {"[member 1]", "[member 2]"}
    for form in ("json", "text", "sarif", "markdown"):
        run = run_cli(capsys, "check", str(tmp_path), "-f", form, "-v", "--show-rows", "0")
        assert run.code == 1
        assert "ivan.petrov" not in run.out + run.err and "olga.ivanova" not in run.out + run.err


def test_archives_joined_with_cat_are_both_read(tmp_path: Path) -> None:
    """``cat a.tar b.tar`` (GNU tar reads both with -i) and ``cat a.zip b.zip`` (zipfile sees
    the last only): the other one is read by its content, as [after|before the archive]."""
    clean = "id,plan\n1,basic\n"
    (tmp_path / "two.tar").write_bytes(
        _tar({"a.csv": clean.encode()}) + _tar({"b.csv": CSV.encode()})
    )
    (tmp_path / "two.zip").write_bytes(_zip({"b.csv": CSV}) + _zip({"a.csv": clean}))
    (tmp_path / "padded.tar").write_bytes(_tar({"a.csv": clean.encode()}) + b"\x00" * 4096)
    report = piiscan.scan(tmp_path)
    found = {f.path.removeprefix(f"{tmp_path}/") for f in report.findings}
    assert found == {
        "two.tar!/[after the archive]!/b.csv",
        "two.zip!/[before the archive]!/b.csv",
    }
    assert report.errors == ()


def test_archive_comments_and_link_targets_are_read(tmp_path: Path) -> None:
    """A ZIP's comment and its members' comments, a tar link's target: text that leaves
    with the archive, read as the column (comment) of [member names]."""
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w") as zf:
        zf.comment = b"owner ivan.petrov@mail.ru"
        zf.writestr("a.csv", "id,plan\n1,basic\n")
    (tmp_path / "a.zip").write_bytes(sink.getvalue())
    tar_sink = io.BytesIO()
    with tarfile.open(fileobj=tar_sink, mode="w") as tf:
        link = tarfile.TarInfo("contact")
        link.type = tarfile.SYMTYPE
        link.linkname = "olga.ivanova@yandex.ru"
        tf.addfile(link)
    (tmp_path / "b.tar").write_bytes(tar_sink.getvalue())
    report = piiscan.scan(tmp_path)
    found = {(f.path.removeprefix(f"{tmp_path}/"), f.column, f.detector) for f in report.findings}
    assert found == {
        ("a.zip[member names]", "(comment)", "email"),
        ("b.tar[member names]", "(comment)", "email"),
    }
