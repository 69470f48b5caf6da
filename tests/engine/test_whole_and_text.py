"""A column of free text that also holds whole values (an e-mail alone in a cell): the sweep
reads the one, the free-text search the other, and the finding counts and lists both."""

from __future__ import annotations

from pathlib import Path

import pytest

import piiscan


@pytest.mark.parametrize("whole_at", [1, 17, 40])
def test_whole_values_and_values_in_text_are_one_finding(tmp_path: Path, whole_at: int) -> None:
    notes = [f"note number {i}, nothing to see" for i in range(40)]
    notes[whole_at - 1] = "ivan.petrov@mail.ru"
    notes[29] = "please write to olga.ivanova@yandex.ru after five"
    path = tmp_path / "notes.csv"
    path.write_text("note\n" + "\n".join(notes) + "\n")
    (finding,) = [f for f in piiscan.scan(path).findings if f.detector == "email"]
    assert finding.scope.value == "cells"
    assert finding.rows == tuple(sorted({whole_at, 30}))
    assert finding.matched == 2


def test_each_rule_in_free_text_is_a_finding_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Phones and e-mails in one comment column: two findings, so an ignore entry (or a
    baseline) that accepts the phones leaves the e-mails failing."""
    from tests.clirunner import run_cli

    notes = [f"note {i}, nothing to see" for i in range(60)]
    for i in range(0, 60, 6):
        notes[i] = f"call +7 916 123-45-{i:02d} tomorrow"
        notes[i + 1] = f"or write to client{i}@example.com today"
    (tmp_path / "notes.csv").write_text("comment\n" + "\n".join(notes) + "\n")
    found = {(f.detector, f.scope.value) for f in piiscan.scan(tmp_path / "notes.csv").findings}
    assert found == {("phone", "cells"), ("email", "cells")}
    (tmp_path / ".piiscan.toml").write_text(
        '[[ignore]]\ncolumn = "comment"\nrule = "phone"\nreason = "support line"\n'
    )
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "check", "notes.csv", "-f", "json")
    assert run.code == 1
    assert '"detector": "email"' in run.out
