"""Gates as CI and pre-commit use them: report files, baselines, expiring ignores,
--diff-base against a real git repository, exit-code and verbosity flags, colour, stdin."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from piiscan.outputs import OutputSpec, parse_output
from piiscan.report.json import report_schema
from tests.clirunner import Run, run_cli

CARD = "4111111111111111"
EMAIL = "kanareyka.leak@example.org"
PHONE = "+7 916 734-52-18"
CANARIES = [CARD, "4111 1111 1111 1111", "kanareyka.leak", "9167345218", "734-52-18"]
FORMATS = ["text", "json", "sarif", "github", "markdown"]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no config file from the repo applies
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # no worker processes for a few small files
    for name in ("FORCE_COLOR", "NO_COLOR", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(header)] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _customers(
    folder: Path, *, email: bool = True, phone_column: bool = False, n: int = 20
) -> Path:
    """id, email (a canary), notes with one phone in row 8 (a cells finding) or, with
    ``phone_column``, a phone in every row (a column finding)."""
    header = ["id", *(["email"] if email else []), "notes"]
    rows = []
    for i in range(n):
        if phone_column:
            note = f"+7 916 734-52-{i:02d}"
        else:
            note = f"call me back on {PHONE}" if i == 7 else f"asked about delivery slot {i}"
        rows.append([str(i), *([EMAIL.replace("leak", f"leak{i}")] if email else []), note])
    return _csv(folder / "customers.csv", header, rows)


def _cards(folder: Path) -> Path:
    rows = [[str(i), "4111 1111 1111 1111", f"{10 + i}.50"] for i in range(20)]
    return _csv(folder / "cards.csv", ["order_id", "card_number", "amount"], rows)


def _clean(folder: Path) -> Path:
    rows = [[f"spring_{i}", str(i * 7), f"{i * 3}.5"] for i in range(20)]
    return _csv(folder / "campaign.csv", ["campaign", "clicks", "spend"], rows)


def _json(run: Run) -> dict[str, object]:
    doc: dict[str, object] = json.loads(run.out)
    return doc


def _forbidden(doc: dict[str, object]) -> list[tuple[str, str, str]]:
    findings = doc["findings"]
    assert isinstance(findings, list)
    return [(f["path"], f["column"], f["scope"]) for f in findings if f["forbidden"]]


def _no_canary(*texts: str) -> None:
    for text in texts:
        for canary in CANARIES:
            assert canary not in text, canary


# --- -o/--output ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param("r.json", OutputSpec("json", Path("r.json")), id="json-suffix"),
        pytest.param("r.sarif", OutputSpec("sarif", Path("r.sarif")), id="sarif-suffix"),
        pytest.param("r.md", OutputSpec("markdown", Path("r.md")), id="md-suffix"),
        pytest.param("R.MARKDOWN", OutputSpec("markdown", Path("R.MARKDOWN")), id="upper"),
        pytest.param("r.txt", OutputSpec("text", Path("r.txt")), id="txt-suffix"),
        pytest.param("sarif:r.json", OutputSpec("sarif", Path("r.json")), id="prefix-wins"),
        pytest.param(
            "github:annotations.txt",
            OutputSpec("github", Path("annotations.txt")),
            id="github-prefix",
        ),
        pytest.param("md:out", OutputSpec("markdown", Path("out")), id="md-alias"),
        pytest.param("C:/r.json", OutputSpec("json", Path("C:/r.json")), id="drive-is-no-format"),
    ],
)
def test_output_spec(spec: str, expected: OutputSpec) -> None:
    assert parse_output(spec, FORMATS) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["-o", "report.docx"], "cannot tell the format from the suffix", id="suffix"),
        pytest.param(["-o", "json:"], "no file name", id="empty-after-prefix"),
        pytest.param(["-o", "nowhere/r.json"], "cannot write (no folder nowhere)", id="no-folder"),
        pytest.param(["-o", "a.json", "-o", "json:a.json"], "given twice", id="twice"),
        pytest.param(["-o", "json:."], "cannot write (a folder)", id="folder"),
    ],
)
def test_output_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    run = run_cli(capsys, "check", str(_cards(tmp_path)), *args)
    assert run.code == 2
    assert message in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert run.out == ""  # refused before scanning


def test_outputs_written_together(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    _customers(data)
    _cards(data)
    run = run_cli(
        capsys,
        "check",
        "data",
        "-o",
        "r.json",
        "-o",
        "sarif:r.sarif",
        "-o",
        "r.md",
        "-o",
        "github:annotations.txt",
        "-o",
        "r.txt",
    )
    assert run.code == 1
    assert run.out.splitlines()[-1].endswith("FAIL (exit 1)")  # stdout: the --format (text)
    assert not run.out.lstrip().startswith("{")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    Draft202012Validator(report_schema()).validate(report)
    assert report["summary"]["exit_code"] == 1
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"email", "card_number"}
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("❌ **piiscan: FAIL**")
    assert "::error file=data/cards.csv" in (tmp_path / "annotations.txt").read_text("utf-8")
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text and text.splitlines()[-1] == run.out.splitlines()[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "annotations.txt",
        "data",
        "r.json",
        "r.md",
        "r.sarif",
        "r.txt",
    ]  # no temporary files left behind


def test_stdout_keeps_the_chosen_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_cards(tmp_path)), "-f", "json", "-o", "r.md")
    assert json.loads(run.out)["summary"]["forbidden_findings"] == 1
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("❌")


def test_output_replaces_an_existing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "r.json").write_text("old", encoding="utf-8")
    run_cli(capsys, "check", str(_clean(tmp_path)), "-o", "r.json")
    assert (
        json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["exit_code"] == 0
    )


def test_output_write_failure_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import piiscan.outputs

    real = piiscan.outputs.write_atomic

    def flaky(path: Path, text: str) -> None:
        if path.name == "r.sarif":
            raise PermissionError(13, "Permission denied")
        real(path, text)

    monkeypatch.setattr(piiscan.outputs, "write_atomic", flaky)
    run = run_cli(
        capsys, "check", str(_clean(tmp_path)), "-o", "r.sarif", "-o", "r.json", "--exit-zero"
    )
    assert run.code == 2  # --exit-zero never hides 2
    assert run.err.strip() == "piiscan: r.sarif: cannot write (permission denied)"
    assert (tmp_path / "r.json").is_file()  # the others are still written
    assert run.out.endswith("PASS\n")


def test_reports_written_into_a_scanned_folder_are_not_scanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cards(tmp_path)
    first = run_cli(capsys, "check", ".", "-f", "json", "-o", "report.json")
    second = run_cli(capsys, "check", ".", "-f", "json", "-o", "report.json")
    assert first.out == second.out
    assert _json(second)["summary"] == _json(first)["summary"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_canary_in_output_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    _customers(tmp_path / "data")
    _cards(tmp_path / "data")
    run = run_cli(capsys, "check", "data", "-o", f"{fmt}:out.{fmt}", "--color", "always")
    assert run.code == 1
    _no_canary(run.out, run.err, (tmp_path / f"out.{fmt}").read_text(encoding="utf-8"))


# --- baselines -----------------------------------------------------------------------------


def test_baseline_create_is_deterministic_and_holds_no_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _customers(tmp_path / "data")
    _cards(tmp_path / "data")
    _clean(tmp_path / "data")
    first = run_cli(capsys, "baseline", "create", "data", "-j", "1")
    assert first.code == 0, first.err
    one = (tmp_path / ".piiscan-baseline.json").read_bytes()
    second = run_cli(capsys, "baseline", "create", "data", "-j", "2")
    assert second.code == 0
    assert (tmp_path / ".piiscan-baseline.json").read_bytes() == one
    text = one.decode("utf-8")
    _no_canary(text, first.out, first.err)
    assert "sample" not in text and "****" not in text and "@" not in text
    doc = json.loads(text)
    assert [(e["path"], e["column"], e["rule"], e["scope"]) for e in doc["entries"]] == [
        ("data/cards.csv", "card_number", "card_number", "column"),
        ("data/customers.csv", "email", "email", "column"),
        ("data/customers.csv", "notes", "phone", "cells"),
    ]
    assert "3 entries written" in first.out


def test_check_against_a_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    _customers(data)
    assert run_cli(capsys, "baseline", "create", "data").code == 0

    known = run_cli(capsys, "check", "data", "--baseline", ".piiscan-baseline.json", "-f", "json")
    assert known.code == 0
    doc = _json(known)
    assert _forbidden(doc) == []
    findings = doc["findings"]
    assert isinstance(findings, list)
    assert all(f["baselined"] is True and f["forbidden"] is False for f in findings)
    Draft202012Validator(report_schema()).validate(doc)

    text = run_cli(capsys, "check", "data", "--baseline", ".piiscan-baseline.json")
    assert text.code == 0
    assert "  baselined " in text.out and "2 baselined → PASS" in text.out


@pytest.mark.parametrize(
    ("change", "new"),
    [
        pytest.param(
            lambda d: _customers(d, phone_column=True),
            [("data/customers.csv", "notes", "column")],
            id="escalated-cells-to-column",
        ),
        pytest.param(
            lambda d: _cards(d), [("data/cards.csv", "card_number", "column")], id="new-file"
        ),
        pytest.param(
            lambda d: _csv(
                d / "customers.csv",
                ["id", "email", "notes", "ip"],
                [[str(i), f"u{i}@example.org", "ok", f"10.0.{i}.7"] for i in range(20)],
            ),
            [("data/customers.csv", "ip", "column")],
            id="new-column",
        ),
    ],
)
def test_new_findings_fail_despite_the_baseline(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Path], object],
    new: list[tuple[str, str, str]],
) -> None:
    data = tmp_path / "data"
    _customers(data)
    assert run_cli(capsys, "baseline", "create", "data").code == 0
    change(data)
    run = run_cli(capsys, "check", "data", "--baseline", ".piiscan-baseline.json", "-f", "json")
    assert run.code == 1
    assert _forbidden(_json(run)) == new


def test_stale_baseline_entries_are_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _customers(data)
    _cards(data)
    assert run_cli(capsys, "baseline", "create", "data").code == 0
    _customers(data, email=False)  # the email column went away
    (data / "cards.csv").unlink()  # and so did a file
    run = run_cli(capsys, "check", "data", "--baseline", ".piiscan-baseline.json")
    assert run.code == 0
    assert (
        "baseline entry data/customers.csv: email (email, pii, column) matched no finding"
        in run.out
    )
    assert "baseline entry data/cards.csv: card_number (card_number, payment, column)" in run.out


def test_baseline_update_reports_changes_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    _customers(data)
    _cards(data)
    assert run_cli(capsys, "baseline", "create", "data").code == 0
    (data / "cards.csv").unlink()
    _customers(data, phone_column=True)
    _csv(data / "geo.csv", ["user_id", "ip"], [[str(i), f"10.0.{i}.7"] for i in range(20)])

    run = run_cli(capsys, "baseline", "update", "data")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "+ data/geo.csv: ip (ip_address, location, column)",
        "~ data/customers.csv: notes (phone, pii, column) (was pii, cells)",
        "- data/cards.csv: card_number (card_number, payment, column)",
        ".piiscan-baseline.json: 3 entries (1 added, 1 changed, 1 dropped, 1 kept)",
    ]
    after = (tmp_path / ".piiscan-baseline.json").read_bytes()
    again = run_cli(capsys, "baseline", "update", "data")
    assert again.out.splitlines() == [
        ".piiscan-baseline.json: 3 entries (0 added, 0 changed, 0 dropped, 3 kept)"
    ]
    assert (tmp_path / ".piiscan-baseline.json").read_bytes() == after
    assert run_cli(capsys, "check", "data", "--baseline", ".piiscan-baseline.json").code == 0


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        pytest.param(
            ["check", "data", "--baseline", "b.json"],
            None,
            "b.json: baseline file not found",
            id="check-missing",
        ),
        pytest.param(
            ["check", "data", "--baseline", "b.json"],
            "{oops",
            "b.json: not a piiscan baseline",
            id="check-malformed",
        ),
        pytest.param(
            ["baseline", "update", "data", "--baseline", "b.json"],
            None,
            "b.json: baseline file not found",
            id="update-missing",
        ),
        pytest.param(
            ["baseline", "update", "data", "-b", "b.json"],
            '{"piiscan_baseline": 7}',
            "b.json: unsupported baseline version",
            id="update-future-version",
        ),
    ],
)
def test_bad_baseline_file_is_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    content: str | None,
    message: str,
) -> None:
    _cards(tmp_path / "data")
    if content is not None:
        (tmp_path / "b.json").write_text(content, encoding="utf-8")
    run = run_cli(capsys, *args)
    assert run.code == 2
    assert run.err.startswith(f"piiscan: {message}")
    assert len(run.err.strip().splitlines()) == 1


def test_baseline_not_written_when_the_scan_is_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cards(tmp_path / "data")
    (tmp_path / "data" / "broken.csv.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    run = run_cli(capsys, "baseline", "create", "data")
    assert run.code == 2
    assert "not written: the scan was incomplete" in run.err
    assert not (tmp_path / ".piiscan-baseline.json").exists()


def test_baseline_file_in_a_scanned_folder_is_not_scanned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cards(tmp_path)
    assert run_cli(capsys, "baseline", "create", ".").code == 0
    run = run_cli(capsys, "check", ".", "--baseline", ".piiscan-baseline.json", "-f", "json")
    files = _json(run)["files"]
    assert isinstance(files, list)
    assert [f["path"] for f in files] == ["cards.csv"]


# --- ignores that expire -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires", "code"),
    [
        pytest.param("2000-01-31", 1, id="expired"),
        pytest.param("2999-12-31", 0, id="still-valid"),
    ],
)
def test_expired_ignore_fails_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], expires: str, code: int
) -> None:
    (tmp_path / ".piiscan.toml").write_text(
        f'[[ignore]]\ncolumn = "card_number"\nreason = "test cards"\nexpires = "{expires}"\n',
        encoding="utf-8",
    )
    run = run_cli(capsys, "check", str(_cards(tmp_path)))
    assert run.code == code
    expired = f"ignore entry 1 (reason: test cards) expired on {expires}:"
    assert (expired in run.out) is (code == 1)


# --- --diff-base ---------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with exports/customers.csv (email column, a phone in one note) and
    exports/campaign.csv (clean) committed; the current folder."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "piiscan test")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "test@example.invalid")
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _customers(root / "exports")
    _clean(root / "exports")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "exports")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    ("change", "code", "new"),
    [
        pytest.param(lambda root: None, 0, [], id="unchanged"),
        pytest.param(
            lambda root: _csv(
                root / "exports/customers.csv",
                ["id", "email", "notes", "phone"],
                [[str(i), f"u{i}@example.org", "ok", f"+7 916 734-52-{i:02d}"] for i in range(20)],
            ),
            1,
            [("exports/customers.csv", "phone", "column")],
            id="added-sensitive-column",
        ),
        pytest.param(
            lambda root: _customers(root / "exports", phone_column=True),
            1,
            [("exports/customers.csv", "notes", "column")],
            id="escalated-cells-to-column",
        ),
        pytest.param(
            lambda root: _cards(root / "exports"),
            1,
            [("exports/cards.csv", "card_number", "column")],
            id="file-new-since-ref",
        ),
        pytest.param(
            lambda root: _customers(root / "exports", email=False), 0, [], id="column-removed"
        ),
        pytest.param(
            lambda root: _csv(
                root / "exports/customers.csv",
                ["id", "email", "notes"],
                [[str(i), f"other{i}@example.org", "fine"] for i in range(30)],
            ),
            0,
            [],
            id="same-columns-new-rows",
        ),
    ],
)
def test_diff_base(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Path], object],
    code: int,
    new: list[tuple[str, str, str]],
) -> None:
    change(repo)
    run = run_cli(capsys, "check", "exports", "--diff-base", "HEAD", "-f", "json")
    assert run.code == code, run.err
    assert _forbidden(_json(run)) == new
    plain = run_cli(capsys, "check", "exports", "-f", "json")  # without: all of it fails
    assert plain.code == 1


def test_diff_base_from_a_subfolder_and_an_older_ref(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _cards(repo / "exports")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "cards")
    monkeypatch.chdir(repo / "exports")
    assert run_cli(capsys, "check", ".", "--diff-base", "HEAD").code == 0
    run = run_cli(capsys, "check", "cards.csv", "--diff-base", "HEAD~1", "-f", "json")
    assert run.code == 1
    assert _forbidden(_json(run)) == [("cards.csv", "card_number", "column")]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        pytest.param("no-such-branch", 'unknown revision "no-such-branch"', id="unknown-ref"),
        pytest.param("--output=x", 'not a revision: "--output=x"', id="option-like"),
        pytest.param("HEAD:exports", 'unknown revision "HEAD:exports"', id="not-a-commit"),
    ],
)
def test_diff_base_bad_ref(
    repo: Path, capsys: pytest.CaptureFixture[str], ref: str, message: str
) -> None:
    run = run_cli(capsys, "check", "exports", f"--diff-base={ref}")
    assert run.code == 2
    assert run.err.startswith(f"piiscan: --diff-base: {message}")
    assert len(run.err.strip().splitlines()) == 1
    assert not (repo / "x").exists()


def test_diff_base_outside_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _cards(tmp_path)
    run = run_cli(capsys, "check", "cards.csv", "--diff-base", "HEAD")
    assert run.code == 2
    assert "is not in a git repository" in run.err
    assert len(run.err.strip().splitlines()) == 1


# --- everyday flags ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "code"),
    [
        pytest.param(["cards"], 0, id="1-becomes-0"),
        pytest.param(["clean"], 0, id="0-stays-0"),
        pytest.param(["cards", "missing"], 2, id="2-stays-2"),
    ],
)
def test_exit_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: list[str], code: int
) -> None:
    paths = {"cards": _cards(tmp_path), "clean": _clean(tmp_path), "missing": tmp_path / "no.csv"}
    run = run_cli(capsys, "check", *(str(paths[f]) for f in files), "--exit-zero", "-f", "json")
    assert run.code == code
    if files == ["cards"]:
        assert _json(run)["summary"] == {
            "files_scanned": 1,
            "files_failed": 0,
            "findings": 1,
            "forbidden_findings": 1,
            "exit_code": 1,  # the report still says what the gate found
        }


def test_quiet_is_the_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", str(_cards(tmp_path)), str(tmp_path / "no.csv"), "-q")
    assert run.code == 2
    assert run.out == (
        "1 file scanned, 1 failed; 1 finding, 1 forbidden → FAIL (exit 2: scan incomplete)\n"
    )
    assert "no.csv: no such file or directory" in run.err  # errors still shown


def test_verbose_lists_clean_files_and_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cards(tmp_path)
    _clean(tmp_path)
    run = run_cli(capsys, "check", ".", "-v")
    assert "No findings (1)" in run.out
    assert "  - campaign.csv (20 rows)" in run.out
    assert "piiscan: config: none found" in run.err
    assert "piiscan: forbidden: pii, payment, purchases, location" in run.err
    normal = run_cli(capsys, "check", ".")
    assert "campaign.csv" not in normal.out and normal.err == ""


def test_quiet_and_verbose_exclude_each_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "check", str(_cards(tmp_path)), "-q", "-v")
    assert run.code == 2 and "exclude each other" in run.err


@pytest.mark.parametrize(
    ("env", "mode", "colored"),
    [
        pytest.param({}, "auto", False, id="auto-not-a-terminal"),
        pytest.param({"FORCE_COLOR": "1"}, "auto", True, id="force-color"),
        pytest.param({"FORCE_COLOR": "0"}, "auto", False, id="force-color-0"),
        pytest.param({"NO_COLOR": "1"}, "auto", False, id="no-color"),
        pytest.param({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", False, id="no-color-wins"),
        pytest.param({"NO_COLOR": ""}, "auto", False, id="empty-no-color-is-unset"),
        pytest.param({"NO_COLOR": "1"}, "always", True, id="always-beats-no-color"),
        pytest.param({"FORCE_COLOR": "1"}, "never", False, id="never-beats-force-color"),
    ],
)
def test_color_environment(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    mode: str,
    colored: bool,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run = run_cli(capsys, "check", str(_cards(tmp_path)), "--color", mode)
    assert run.code == 1
    assert ("\x1b[" in run.out) is colored


def test_empty_no_color_with_force_color(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "")  # https://no-color.org: only a non-empty value counts
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli(capsys, "check", str(_cards(tmp_path))).out


# --- standard input ------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_with_a_filename(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, _cards(tmp_path).read_bytes())
    run = run_cli(capsys, "check", "-", "--stdin-filename", "exports/cards.csv", "-f", "json")
    assert run.code == 1
    doc = _json(run)
    assert _forbidden(doc) == [("exports/cards.csv", "card_number", "column")]
    assert doc["files"] == [{"path": "exports/cards.csv", "rows": 20, "truncated": False}]
    _no_canary(run.out, run.err)


def test_stdin_name_drives_ignore_globs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".piiscan.toml").write_text(
        '[[ignore]]\npath = "fixtures/*.csv"\nreason = "test cards"\n', encoding="utf-8"
    )
    _stdin(monkeypatch, _cards(tmp_path / "x").read_bytes())
    assert run_cli(capsys, "check", "-", "--stdin-filename", "fixtures/cards.csv").code == 0


@pytest.mark.parametrize(
    ("data", "name", "code", "shown"),
    [
        pytest.param(b"csv", "orders.csv.gz", 1, "orders.csv.gz", id="compressed-by-name"),
        pytest.param(b"csv", None, 1, "-", id="sniffed-csv"),
        pytest.param(b"jsonl", None, 1, "-", id="sniffed-jsonl"),
        pytest.param(b"jsonl", "cards.txt", 1, "cards.txt", id="unknown-suffix-sniffed"),
    ],
)
def test_stdin_formats(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data: bytes,
    name: str | None,
    code: int,
    shown: str,
) -> None:
    import gzip

    payload = (
        _cards(tmp_path).read_bytes()
        if data == b"csv"
        else b"".join(
            json.dumps({"order_id": i, "card_number": "4111 1111 1111 1111"}).encode() + b"\n"
            for i in range(20)
        )
    )
    if name is not None and name.endswith(".gz"):
        payload = gzip.compress(payload)
    _stdin(monkeypatch, payload)
    args = ["check", "-", "-f", "json"] + (["--stdin-filename", name] if name else [])
    run = run_cli(capsys, *args)
    assert run.code == code, run.err
    files = _json(run)["files"]
    assert isinstance(files, list)
    assert [f["path"] for f in files] == [shown]


@pytest.mark.parametrize(
    ("data", "args", "message"),
    [
        pytest.param(b"", ["-"], "-: empty file", id="empty"),
        pytest.param(bytes(range(256)) * 4, ["-"], "compressed or encrypted data", id="noise"),
        pytest.param(b"a,b\n1,2\n", ["-", "-"], "can be read only once", id="twice"),
        pytest.param(
            b"a,b\n1,2\n",
            ["x.csv", "--stdin-filename", "a.csv"],
            "only with -",
            id="name-without-dash",
        ),
        pytest.param(
            b"a,b\n" * 100, ["-", "--max-inflate", "64"], "larger than --max-inflate", id="too-big"
        ),
        pytest.param(
            b"a,b\n", ["-", "--stdin-filename", "dir/"], "needs a file name", id="name-is-a-folder"
        ),
    ],
)
def test_stdin_usage_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data: bytes,
    args: list[str],
    message: str,
) -> None:
    _stdin(monkeypatch, data)
    run = run_cli(capsys, "check", *args)
    assert run.code == 2
    assert message in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_stdin_next_to_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, _cards(tmp_path / "in").read_bytes())
    _clean(tmp_path)
    run = run_cli(
        capsys, "check", "campaign.csv", "-", "--stdin-filename", "a/cards.csv", "-f", "json"
    )
    files = _json(run)["files"]
    assert isinstance(files, list)
    assert [f["path"] for f in files] == ["a/cards.csv", "campaign.csv"]
