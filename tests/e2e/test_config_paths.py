"""Config globs are relative to the config file's folder, and the config is looked for from
the scanned paths upwards: where ``piiscan check`` runs from changes nothing but the paths
shown."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest

from piiscan.model import Category
from piiscan.policy import IgnoreEntry
from tests.clirunner import run_cli
from tests.report.canonical import finding

CARDS = "id,card_number\n" + "".join(f"{i},4111 1111 1111 1111\n" for i in range(30))
PHONES = "id,phone\n" + "".join(f"{i},+7 916 734-52-{10 + i}\n" for i in range(30))
CONFIG = """\
exclude = ["exports/fixtures/**", "*.bak.csv"]

[[ignore]]
path = "exports/partners/*.csv"
column = "phone"
rule = "phone"
reason = "B2B contact numbers"
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    root = tmp_path / "repo"
    for rel, text in {
        ".piiscan.toml": CONFIG,
        "exports/customers.csv": CARDS,
        "exports/old.bak.csv": CARDS,
        "exports/fixtures/cards.csv": CARDS,
        "exports/partners/b2b.csv": PHONES,
        "exports/partners/deep/cards.csv": CARDS,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _scan(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cwd: Path, *args: str
) -> dict[str, object]:
    monkeypatch.chdir(cwd)
    run = run_cli(capsys, "check", *args, "-f", "json")
    assert run.code == 1, run.err
    report = json.loads(run.out)
    assert isinstance(report, dict)
    return report


def _seen(report: dict[str, object], prefix: str) -> dict[str, list[tuple[str, bool]]]:
    """Files scanned and their (column, forbidden) findings, paths from the repo root."""
    files = report["files"]
    findings = report["findings"]
    assert isinstance(files, list) and isinstance(findings, list)
    out: dict[str, list[tuple[str, bool]]] = {prefix + f["path"]: [] for f in files}
    for f in findings:
        out[prefix + f["path"]].append((f["column"], f["forbidden"]))
    return out


EXPECTED = {
    "exports/customers.csv": [("card_number", True)],
    "exports/partners/b2b.csv": [("phone", False)],
    "exports/partners/deep/cards.csv": [("card_number", True)],
}


@pytest.mark.parametrize(
    ("cwd", "args", "prefix"),
    [
        pytest.param(".", ["exports/"], "", id="root-check-sub"),
        pytest.param(".", [], "", id="root-check-nothing"),
        pytest.param("exports", ["."], "exports/", id="sub-check-dot"),
        pytest.param("exports", [], "exports/", id="sub-check-nothing"),
        pytest.param("exports/partners", [".."], "exports/partners/", id="deeper-check-up"),
    ],
)
def test_same_files_and_verdicts_from_any_folder(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cwd: str,
    args: list[str],
    prefix: str,
) -> None:
    report = _scan(capsys, monkeypatch, repo / cwd, *args)
    seen = {posixpath.normpath(path): found for path, found in _seen(report, prefix).items()}
    seen.pop(".piiscan.toml", None)  # scanned too (as text) when the scan starts at the root
    assert seen == EXPECTED
    assert report["warnings"] == []  # the ignore entry matched


def test_the_config_is_found_from_the_scanned_path(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = _scan(capsys, monkeypatch, elsewhere, str(repo / "exports"))
    prefix = str(repo / "exports") + "/"
    seen = {p.removeprefix(prefix): v for p, v in _seen(report, "").items()}
    assert seen == {p.removeprefix("exports/"): v for p, v in EXPECTED.items()}


def test_a_config_beside_the_scan_wins_over_the_current_folder(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".piiscan.toml").write_text('forbid = ["location"]\n', encoding="utf-8")
    report = _scan(capsys, monkeypatch, tmp_path, "repo/exports/customers.csv")
    assert report["policy"] == {"forbidden": ["pii", "payment", "purchases", "location"]}


@pytest.mark.parametrize(
    ("glob", "rooted", "matches"),
    [
        pytest.param("exports/*.csv", "exports/a.csv", True, id="anchored"),
        pytest.param("exports/*.csv", "data/exports/a.csv", False, id="not-a-suffix"),
        pytest.param("exports/*.csv", "exports/sub/a.csv", False, id="star-one-folder"),
        pytest.param("exports/**", "exports/sub/a.csv", True, id="double-star"),
        pytest.param("*.csv", "deep/down/a.csv", True, id="no-slash-any-depth"),
        pytest.param("./exports/a.csv", "exports/a.csv", True, id="dot-slash"),
        pytest.param("**", "../outside/a.csv", True, id="everything"),
        pytest.param("book.xlsx", "sub/book.xlsx[Sheet1]", True, id="a-file-holds-its-sheets"),
        pytest.param("sub/export.zip", "sub/export.zip!/a.csv", True, id="and-its-members"),
        pytest.param("export.zip!/a.csv", "sub/export.zip!/a.csv", True, id="member-any-depth"),
        pytest.param("sub/export.zip!/a.csv", "export.zip!/a.csv", False, id="member-anchored"),
    ],
)
def test_rooted_ignore_globs(glob: str, rooted: str, matches: bool) -> None:
    entry = IgnoreEntry(path=glob, category=Category.PII, reason="test")
    assert entry.matches(finding(path="shown/elsewhere.csv"), rooted) is matches


def test_next_steps_name_the_path_as_the_config_does(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "exports")
    run = run_cli(capsys, "check", ".")
    assert run.code == 1
    assert '      path = "exports/customers.csv"' in run.out.splitlines()
