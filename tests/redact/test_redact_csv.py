"""``piiscan redact`` on CSV, through the real command line: the copy passes, keeps its shape
and holds none of the planted values."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.redact.exports import customers, planted

KEY = "k" * 32


def _write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\n",
    bom: bool = False,
) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator=newline
    )
    writer.writeheader()
    writer.writerows(rows)
    data = (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode(encoding)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _parse(data: bytes, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    text = data.decode(encoding).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    rows = customers()
    _write_csv(tmp_path / "src" / "exports" / "customers.csv", rows)
    return tmp_path / "src" / "exports", rows


def test_copy_passes_keeps_rows_and_untouched_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: tuple[Path, list[dict[str, str]]]
) -> None:
    source, rows = export
    out = tmp_path / "safe"
    run = run_cli(capsys, "redact", str(source), "--out", str(out), "--no-progress")
    assert run.code == 0, run.err
    assert "passes check" in run.out
    copy = out / "exports" / "customers.csv"
    again = run_cli(capsys, "check", str(out), "--no-progress")
    assert again.code == 0, again.out
    redacted = _parse(copy.read_bytes())
    assert len(redacted) == len(rows)
    for before, after in zip(rows, redacted, strict=True):
        assert (before["id"], before["plan"]) == (after["id"], after["plan"])
    leaked = [v for v in planted(rows) if v.encode() in _all_bytes(out)]
    assert leaked == []


def test_free_text_keeps_its_words_around_placeholders(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: tuple[Path, list[dict[str, str]]]
) -> None:
    source, rows = export
    out = tmp_path / "safe"
    assert run_cli(capsys, "redact", str(source), "-o", str(out), "--no-progress").code == 0
    notes = [r["note"] for r in _parse((out / "exports" / "customers.csv").read_bytes())]
    assert notes[0] == "Please call [PHONE] or write to [EMAIL] after lunch"
    assert notes[1] == rows[1]["note"]


def test_manifest_names_actions_and_counts_without_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: tuple[Path, list[dict[str, str]]]
) -> None:
    source, rows = export
    out = tmp_path / "safe"
    run_cli(
        capsys,
        "redact",
        str(source),
        "-o",
        str(out),
        "--action",
        "card_number=drop",
        "--no-progress",
    )
    manifest = json.loads((out / "redaction.json").read_text())
    (entry,) = manifest["files"]
    columns = {c["column"]: c for c in entry["columns"]}
    assert columns["card"]["action"] == "drop"
    assert columns["email"] == {
        "column": "email",
        "action": "mask",
        "rules": ["email"],
        "category": "pii",
        "scope": "column",
        "changed": len(rows),
    }
    assert entry["rows"] == len(rows)
    assert "card" not in _parse((out / "exports" / "customers.csv").read_bytes())[0]


@pytest.mark.parametrize(
    ("delimiter", "encoding", "newline", "bom"),
    [(";", "cp1251", "\r\n", False), ("\t", "utf-8", "\n", True), (",", "utf-8", "\r\n", True)],
    ids=["cp1251-semicolon-crlf", "utf8-bom-tab", "utf8-bom-crlf"],
)
def test_encoding_delimiter_and_line_endings_kept(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    delimiter: str,
    encoding: str,
    newline: str,
    bom: bool,
) -> None:
    rows = [{**r, "plan": "Тариф " + r["plan"]} for r in customers()]
    name = "export.tsv" if delimiter == "\t" else "export.csv"
    original = _write_csv(
        tmp_path / "src" / name,
        rows,
        delimiter=delimiter,
        encoding=encoding,
        newline=newline,
        bom=bom,
    )
    out = tmp_path / "safe"
    run = run_cli(capsys, "redact", str(tmp_path / "src"), "-o", str(out), "--no-progress")
    assert run.code == 0, run.err
    copy = (out / "src" / name).read_bytes()
    assert copy.startswith(original.split(newline.encode())[0] + newline.encode())
    assert copy.count(newline.encode()) == original.count(newline.encode())
    if not bom:
        copy.decode(encoding)
    after = _parse(copy, "utf-8-sig" if bom else encoding, delimiter)
    assert [r["plan"] for r in after] == [r["plan"] for r in rows]


def test_gzip_copy_stays_gzip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rows = customers()
    plain = _write_csv(tmp_path / "plain.csv", rows)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "export.csv.gz").write_bytes(gzip.compress(plain))
    out = tmp_path / "safe"
    assert run_cli(capsys, "redact", str(tmp_path / "src"), "-o", str(out)).code == 0
    data = gzip.decompress((out / "src" / "export.csv.gz").read_bytes())
    assert len(_parse(data)) == len(rows)
    assert not [v for v in planted(rows) if v.encode() in data]


def test_pseudonyms_are_stable_across_files_and_runs_and_keyed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = customers()
    _write_csv(tmp_path / "a" / "one.csv", rows)
    _write_csv(tmp_path / "a" / "two.csv", list(reversed(rows)))
    key_file = tmp_path / "key"
    key_file.write_text(KEY)

    def tokens(out: Path, *key: str) -> tuple[list[str], list[str]]:
        run = run_cli(
            capsys,
            "redact",
            str(tmp_path / "a"),
            "-o",
            str(out),
            "--action",
            "pii=pseudonymise",
            *key,
        )
        assert run.code == 0, run.err
        one = [r["email"] for r in _parse((out / "a" / "one.csv").read_bytes())]
        two = [r["email"] for r in _parse((out / "a" / "two.csv").read_bytes())]
        return one, two

    one, two = tokens(tmp_path / "s1", "--key-file", str(key_file))
    assert one == list(reversed(two))
    assert len(set(one)) == len(rows) and all(t.startswith("cus_") for t in one)
    monkeypatch.setenv("PIISCAN_REDACT_KEY", KEY)
    assert tokens(tmp_path / "s2")[0] == one
    monkeypatch.setenv("PIISCAN_REDACT_KEY", "another key, long enough")
    other = tokens(tmp_path / "s3")[0]
    assert not set(other) & set(one)
    assert KEY.encode() not in _all_bytes(tmp_path / "s1")


def test_pseudonymise_without_key_is_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    export: tuple[Path, list[dict[str, str]]],
) -> None:
    monkeypatch.delenv("PIISCAN_REDACT_KEY", raising=False)
    source, _ = export
    run = run_cli(
        capsys, "redact", str(source), "-o", str(tmp_path / "safe"), "--action", "pii=pseudonymise"
    )
    assert run.code == 2
    assert "needs a key" in run.err
    assert not (tmp_path / "safe").exists()


def test_config_redact_entry_chooses_the_action(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: tuple[Path, list[dict[str, str]]]
) -> None:
    source, _ = export
    config = tmp_path / "piiscan.toml"
    config.write_text('[[redact]]\ncolumn = "phone"\naction = "drop"\n')
    out = tmp_path / "safe"
    run = run_cli(capsys, "redact", str(source), "-o", str(out), "-c", str(config))
    assert run.code == 0, run.err
    assert "phone" not in _parse((out / "exports" / "customers.csv").read_bytes())[0]


@pytest.mark.parametrize("command", ["redact", "check"])
def test_config_redact_entry_with_an_unknown_rule_is_a_config_error(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    export: tuple[Path, list[dict[str, str]]],
    command: str,
) -> None:
    source, _ = export
    config = tmp_path / "piiscan.toml"
    config.write_text(
        '[[redact]]\nrule = "phone"\naction = "drop"\n[[redact]]\nrule = "fone"\naction = "drop"\n'
    )
    out = ["-o", str(tmp_path / "safe")] if command == "redact" else []
    run = run_cli(capsys, command, str(source), *out, "-c", str(config))
    assert run.code == 2
    assert run.err.strip().endswith('piiscan.toml: "redact[1].rule": unknown rule "fone"')
    assert not (tmp_path / "safe").exists()


@pytest.mark.parametrize("where", ["same", "inside"])
def test_out_in_a_source_is_refused(
    capsys: pytest.CaptureFixture[str], export: tuple[Path, list[dict[str, str]]], where: str
) -> None:
    source, _ = export
    out = source if where == "same" else source / "safe"
    before = sorted(p.name for p in source.rglob("*"))
    run = run_cli(capsys, "redact", str(source), "-o", str(out))
    assert run.code == 2
    assert "source" in run.err
    assert sorted(p.name for p in source.rglob("*")) == before


def test_non_empty_out_needs_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: tuple[Path, list[dict[str, str]]]
) -> None:
    source, _ = export
    out = tmp_path / "safe"
    out.mkdir()
    (out / "old.txt").write_text("x")
    assert run_cli(capsys, "redact", str(source), "-o", str(out)).code == 2
    assert run_cli(capsys, "redact", str(source), "-o", str(out), "--force").code == 0


def test_unknown_action_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: tuple[Path, list[dict[str, str]]]
) -> None:
    source, _ = export
    run = run_cli(capsys, "redact", str(source), "-o", str(tmp_path / "s"), "--action", "pii=burn")
    assert run.code == 2
    assert "unknown action" in run.err


def _checkins(path: Path) -> None:
    venues = ["Blair-Harris Gym", "Hayes Bar", "Central Park Cafe", "Moon Cinema"]
    rows = [{"checkin_id": str(3300000 + i), "venue": venues[i % 4]} for i in range(40)]
    _write_csv(path, rows)


def test_a_default_that_does_not_clean_a_column_drops_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _checkins(tmp_path / "src" / "checkins.csv")
    out = tmp_path / "safe"
    run = run_cli(capsys, "redact", str(tmp_path / "src"), "-o", str(out))
    assert run.code == 0, run.err
    assert list(_parse((out / "src" / "checkins.csv").read_bytes())[0]) == ["checkin_id"]
    manifest = json.loads((out / "redaction.json").read_text())
    assert manifest["files"][0]["columns"][0]["action"] == "drop"


def test_a_chosen_action_that_does_not_clean_is_exit_1_naming_the_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _checkins(tmp_path / "src" / "checkins.csv")
    out = tmp_path / "safe"
    run = run_cli(capsys, "redact", str(tmp_path / "src"), "-o", str(out), "--action", "venue=keep")
    assert run.code == 1
    assert "src/checkins.csv: venue (location, venue)" in run.err
