"""The CSV copy's fast path (blocks through pyarrow, ``redaction.columnar``) against the
record-by-record path, through the real command line: the same bytes, whatever the quoting,
line endings, encoding or a record that breaks the layout half way through."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from piiscan.redaction import columnar
from piiscan.redaction import csv as redact_csv
from tests.clirunner import run_cli
from tests.redact.exports import customers, planted

QUOTING = {
    "minimal": csv.QUOTE_MINIMAL,
    "all": csv.QUOTE_ALL,
    "nonnumeric": csv.QUOTE_NONNUMERIC,
}


def _csv(rows: list[dict[str, str]], *, quoting: int, newline: str, delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, list(rows[0]), quoting=quoting, lineterminator=newline, delimiter=delimiter
    )
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _redact(
    capsys: pytest.CaptureFixture[str], source: Path, out: Path, *, fast: bool
) -> tuple[int, bytes, dict[str, object]]:
    """Exit code, the copy's bytes and the manifest's file entry, on one path or the other."""
    fits = columnar.BlockWriter.fits
    if not fast:
        columnar.BlockWriter.fits = staticmethod(lambda *args: False)  # type: ignore[method-assign]
    try:
        run = run_cli(capsys, "redact", str(source), "-o", str(out), "--no-progress")
    finally:
        columnar.BlockWriter.fits = fits  # type: ignore[method-assign]
    (copy,) = [p for p in out.rglob("*") if p.is_file() and p.name != "redaction.json"]
    (entry,) = json.loads((out / "redaction.json").read_text())["files"]
    return run.code, copy.read_bytes(), entry


def _both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes
) -> tuple[bytes, dict[str, object]]:
    """Redact ``data`` on both paths; they must agree byte for byte and pass."""
    (tmp_path / "src").mkdir(exist_ok=True)
    (tmp_path / "src" / name).write_bytes(data)
    code, fast, entry = _redact(capsys, tmp_path / "src", tmp_path / "fast", fast=True)
    slow_code, slow, slow_entry = _redact(capsys, tmp_path / "src", tmp_path / "slow", fast=False)
    assert (code, slow_code) == (0, 0)
    assert fast == slow
    assert entry == slow_entry
    return fast, entry


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Blocks of a few hundred bytes, so a small file crosses many of them; the list counts
    the blocks the fast path wrote."""
    monkeypatch.setattr(redact_csv, "BLOCK_BYTES", 300)
    taken: list[bool] = []
    block = columnar.BlockWriter.block

    def counted(self: columnar.BlockWriter, data: bytes, *, final: bool) -> object:
        done = block(self, data, final=final)
        taken.append(done is not None)
        return done

    monkeypatch.setattr(columnar.BlockWriter, "block", counted)
    return taken


@pytest.mark.parametrize("quoting", list(QUOTING))
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_fast_path_writes_what_the_record_path_writes(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    small_blocks: list[bool],
    quoting: str,
    newline: str,
) -> None:
    rows = customers()
    data = _csv(rows, quoting=QUOTING[quoting], newline=newline).encode()
    copy, entry = _both(capsys, tmp_path, "c.csv", data)
    assert len(small_blocks) > 10 and all(small_blocks)
    assert entry["rows"] == len(rows)
    assert not [v for v in planted(rows) if v.encode() in copy]
    redacted = list(csv.DictReader(io.StringIO(copy.decode(), newline="")))
    assert [r["plan"] for r in redacted] == [r["plan"] for r in rows]


def test_a_record_breaking_the_layout_hands_over_to_the_record_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, small_blocks: list[bool]
) -> None:
    rows = customers()
    rows[30]["plan"] = "two\nlines, quoted"
    data = _csv(rows, quoting=csv.QUOTE_MINIMAL, newline="\n").encode()
    copy, entry = _both(capsys, tmp_path, "c.csv", data)
    assert small_blocks[0] and not all(small_blocks)
    assert entry["rows"] == len(rows)
    assert b'"two\nlines, quoted"' in copy


def test_quoting_that_changes_twice_in_one_line_is_not_taken_for_the_layout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, small_blocks: list[bool]
) -> None:
    # The first column is quoted and the last is not, until one line where both change:
    # that line is as long as the layout says, but the e-mail between them is not where
    # the layout would put it.
    rows = customers(30)
    lines = ["tag,email,plan"] + [f'"t{i}",{r["email"]},{r["plan"]}' for i, r in enumerate(rows)]
    lines[20] = f't19,{rows[19]["email"]},"{rows[19]["plan"]}"'
    copy, entry = _both(capsys, tmp_path, "c.csv", ("\n".join(lines) + "\n").encode())
    assert not all(small_blocks)
    assert entry["rows"] == len(rows)
    assert not [r["email"] for r in rows if r["email"].encode() in copy]
    line = copy.splitlines()[20].decode()
    assert line.startswith("t19,") and line.endswith(f',"{rows[19]["plan"]}"')


def test_cp1251_without_a_last_line_ending(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, small_blocks: list[bool]
) -> None:
    rows = [{**r, "plan": "Тариф " + r["plan"]} for r in customers()]
    text = _csv(rows, quoting=csv.QUOTE_MINIMAL, newline="\r\n", delimiter=";").rstrip("\r\n")
    copy, _ = _both(capsys, tmp_path, "c.csv", text.encode("cp1251"))
    assert small_blocks and all(small_blocks)
    assert not copy.endswith(b"\n")
    assert "Тариф basic".encode("cp1251") in copy


_CELL = st.text(alphabet=st.sampled_from('abcXYZ é,;"\n\r'), max_size=12)


@settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    notes=st.lists(st.tuples(_CELL, _CELL), min_size=20, max_size=20),
    quoting=st.sampled_from(list(QUOTING)),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_quoting_round_trips_with_unredacted_columns_unchanged(
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    notes: list[tuple[str, str]],
    quoting: str,
    newline: str,
) -> None:
    redact_csv.BLOCK_BYTES, saved = 200, redact_csv.BLOCK_BYTES
    try:
        rows = [
            {"id": r["id"], "email": r["email"], "left": a, "right": b}
            for r, (a, b) in zip(customers(20), notes, strict=True)
        ]
        data = _csv(rows, quoting=QUOTING[quoting], newline=newline).encode()
        # Python's writer leaves a lone "\r" unquoted when lines end in "\n" (a line break
        # inside a field): such a file no longer holds the rows it was written from.
        assume(len(list(csv.reader(io.StringIO(data.decode(), newline="")))) == len(rows) + 1)
        copy, entry = _both(capsys, tmp_path_factory.mktemp("q"), "c.csv", data)
    finally:
        redact_csv.BLOCK_BYTES = saved
    source = list(csv.DictReader(io.StringIO(data.decode(), newline="")))
    redacted = list(csv.DictReader(io.StringIO(copy.decode(), newline="")))
    assert entry["rows"] == len(source)
    assert [(r["id"], r["left"], r["right"]) for r in redacted] == [
        (r["id"], r["left"], r["right"]) for r in source
    ]
    assert not [r["email"] for r in rows if r["email"].encode() in copy]
