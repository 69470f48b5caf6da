"""The command line as a user meets it: exit codes, flags, config, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirunner import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no config file from the repo applies
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def _cards_csv(folder: Path, rows: int = 50) -> Path:
    path = folder / "cards.csv"
    body = "".join(f"{i},4111 1111 1111 1111,note {i}\n" for i in range(rows))
    path.write_text("id,card_number,note\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param(["check", "{cards}"], 1, id="forbidden-data"),
        pytest.param(["check", "{cards}", "--allow", "payment"], 0, id="category-allowed"),
        pytest.param(["check", "{cards}", "--forbid", "pii"], 0, id="only-pii-forbidden"),
        pytest.param(["check", "{missing}"], 2, id="missing-file"),
        pytest.param(["check", "{cards}", "{missing}"], 2, id="missing-wins-over-forbidden"),
        pytest.param(["check", "{cards}", "--forbid", "secrets"], 2, id="unknown-category"),
        pytest.param(["check", "{cards}", "--no-such-flag"], 2, id="usage-error"),
        pytest.param(["check", "{cards}", "--config", "{missing}"], 2, id="missing-config"),
        pytest.param(["check", "{cards}", "--exit-zero"], 0, id="exit-zero"),
        pytest.param(["check", "{missing}", "--exit-zero"], 2, id="exit-zero-keeps-2"),
        pytest.param(["check", "{cards}", "-o", "report.docx"], 2, id="output-unknown-suffix"),
        pytest.param(["check", "{cards}", "--baseline", "{missing}"], 2, id="missing-baseline"),
        pytest.param(["check", "{cards}", "-q", "-v"], 2, id="quiet-and-verbose"),
        pytest.param(["check", "{cards}", "--color", "sometimes"], 2, id="bad-color"),
        pytest.param(["baseline", "create", "{cards}"], 0, id="baseline-create"),
        pytest.param(["baseline", "update", "{cards}"], 2, id="baseline-update-no-file"),
        pytest.param(["baseline"], 2, id="baseline-no-subcommand"),
        pytest.param(["explain", "no_such_rule"], 2, id="unknown-rule"),
        pytest.param(["rules"], 0, id="rules"),
        pytest.param(["--version"], 0, id="version"),
    ],
)
def test_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    cards = _cards_csv(tmp_path)
    argv = [a.format(cards=cards, missing=tmp_path / "nope.csv") for a in args]
    run = run_cli(capsys, *argv)
    assert run.code == code, run.err
    assert "Traceback" not in run.err


def test_unknown_ignore_rule_names_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".piiscan.toml").write_text(
        '[[ignore]]\nrule = "card_pan"\nreason = "r"\n', encoding="utf-8"
    )
    run = run_cli(capsys, "check", str(_cards_csv(tmp_path)))
    assert run.code == 2
    assert run.err.strip().endswith('.piiscan.toml: "ignore[0].rule": unknown rule "card_pan"')


def test_shared_scan_options_reach_every_scanning_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = str(_cards_csv(tmp_path))
    for args in (["check", cards], ["baseline", "create", cards]):
        run = run_cli(capsys, *args, "--allow", "payment", "--max-rows", "5", "-j", "1")
        assert run.code == 0, (args, run.err)
    assert json.loads((tmp_path / ".piiscan-baseline.json").read_text("utf-8"))["entries"] == []


def test_jobs_do_not_change_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    one = run_cli(capsys, "check", str(EXAMPLES), "--format", "json", "-j", "1")
    two = run_cli(capsys, "check", str(EXAMPLES), "--format", "json", "-j", "2")
    assert one.code == two.code == 1
    assert one.out == two.out


def test_max_rows_is_reported_honestly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cards = _cards_csv(tmp_path, rows=50)
    report = json.loads(
        run_cli(capsys, "check", str(cards), "--format", "json", "--max-rows", "10").out
    )
    assert report["files"] == [{"path": str(cards), "rows": 10, "truncated": True}]
    card = next(f for f in report["findings"] if f["column"] == "card_number")
    assert card["checked"] <= 10
    assert any("--max-rows" in w for w in report["warnings"])


def test_unknown_config_key_names_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".piiscan.toml").write_text('forbiden = ["pii"]\n', encoding="utf-8")
    run = run_cli(capsys, "check", str(_cards_csv(tmp_path)))
    assert run.code == 2
    assert ".piiscan.toml" in run.err and "forbiden" in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_ignore_entry_lets_a_column_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".piiscan.toml").write_text(
        '[[ignore]]\ncolumn = "card_number"\nrule = "card_number"\nreason = "test cards"\n',
        encoding="utf-8",
    )
    run = run_cli(capsys, "check", str(_cards_csv(tmp_path)), "--format", "json")
    report = json.loads(run.out)
    assert run.code == 0
    assert [f["forbidden"] for f in report["findings"]] == [False] * len(report["findings"])


def test_nothing_examined_is_incomplete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    run = run_cli(capsys, "check", str(tmp_path), "--format", "json")
    assert run.code == 2
    assert "no data files" in run.err
    report = json.loads(run.out)
    assert report["summary"]["files_scanned"] == 0
    assert any("nothing was examined" in w for w in report["warnings"])


def test_a_text_note_is_scanned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    run = run_cli(capsys, "check", str(tmp_path), "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["files"] == [
        {"path": f"{tmp_path}/notes.txt", "rows": 1, "truncated": False}
    ]


def test_report_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_cli(capsys, "check", str(EXAMPLES), "--format", "json").out
    second = run_cli(capsys, "check", str(EXAMPLES), "--format", "json").out
    assert first == second


def test_text_report_escapes_hostile_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.csv"
    header = '"[red]email[/red]","\x1b[31mphone"'
    rows = "".join(f"user{i}@example.org,+7 916 123-45-{i:02d}\n" for i in range(20))
    path.write_text(header + "\n" + rows, encoding="utf-8")
    run = run_cli(capsys, "check", str(path), "--color", "always")
    assert "[red]email[/red]" in run.out
    assert "\x1b[31mphone" not in run.out
