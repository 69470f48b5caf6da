"""``piiscan redact`` on JSON Lines, JSON and Parquet, through the real command line: nesting,
row groups and untouched values kept, no planted value left, the copy passes."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.redact.exports import customers, leaks, planted, redact_ok


def _nested(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    return [
        {
            "id": r["id"],
            "score": 55.750,
            "customer": {"contact": {"email": r["email"], "phone": r["phone"]}, "plan": r["plan"]},
            "payments": [{"card": r["card"], "status": 12}],
            "note": r["note"],
        }
        for r in rows
    ]


def test_jsonl_keeps_nesting_numbers_and_line_count(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers()
    lines = [json.dumps(r, ensure_ascii=False) for r in _nested(rows)]
    lines[0] = lines[0].replace("55.75", "55.750")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "events.jsonl").write_text(
        "\n".join(lines[:5]) + "\n\n" + "\n".join(lines[5:]) + "\n"
    )
    out = tmp_path / "safe"
    redact_ok(capsys, tmp_path / "src", out)
    copy = (out / "src" / "events.jsonl").read_text().split("\n")
    assert copy[5] == ""
    records = [json.loads(line) for line in copy if line]
    assert len(records) == len(rows)
    assert '"score": 55.750' in copy[0]
    for before, after in zip(_nested(rows), records, strict=True):
        assert after["id"] == before["id"]
        assert after["customer"]["plan"] == before["customer"]["plan"]
        assert set(after["customer"]["contact"]) == {"email", "phone"}
        assert after["payments"][0]["status"] == 12
    assert "[EMAIL]" in records[0]["note"]
    assert leaks(out, planted(rows)) == []


def test_json_document_keeps_its_shape_and_drops_a_nested_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers()
    (tmp_path / "src").mkdir()
    doc = {"customers": _nested(rows)}
    (tmp_path / "src" / "export.json").write_text(json.dumps(doc, indent=2))
    out = tmp_path / "safe"
    redact_ok(capsys, tmp_path / "src", out, "--action", "card_number=drop")
    copy = json.loads((out / "src" / "export.json").read_text())
    assert len(copy["customers"]) == len(rows)
    assert copy["customers"][0]["payments"] == [{"status": 12}]
    manifest = json.loads((out / "redaction.json").read_text())
    columns = {c["column"]: c for c in manifest["files"][0]["columns"]}
    assert columns["customers[].payments[].card"]["action"] == "drop"
    assert columns["customers[].payments[].card"]["changed"] == len(rows)
    assert leaks(out, planted(rows)) == []


def test_parquet_keeps_row_groups_and_untouched_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(60)
    table = pa.table(
        {
            "id": [r["id"] for r in rows],
            "email": [r["email"] for r in rows],
            "card": [r["card"] for r in rows],
            "visits": list(range(len(rows))),
            "geo": [{"lat": 55.751244 + i / 1000, "lon": 37.618423} for i in range(len(rows))],
        }
    )
    (tmp_path / "src").mkdir()
    pq.write_table(table, tmp_path / "src" / "people.parquet", row_group_size=25)
    out = tmp_path / "safe"
    redact_ok(capsys, tmp_path / "src", out)
    copy = pq.ParquetFile(out / "src" / "people.parquet")
    assert copy.metadata.num_row_groups == 3
    assert copy.metadata.num_rows == len(rows)
    read = copy.read()
    assert read.column("id").equals(table.column("id"))
    assert read.column("visits").equals(table.column("visits"))
    assert read.schema.field("email").type == pa.string()
    assert leaks(out, planted(rows)) == []


def test_python_api_redacts_like_the_command(tmp_path: Path) -> None:
    import piiscan

    rows = customers()
    (tmp_path / "src").mkdir()
    lines = [json.dumps(r) for r in _nested(rows)]
    (tmp_path / "src" / "e.jsonl").write_text("\n".join(lines) + "\n")
    done = piiscan.redact(tmp_path / "src", tmp_path / "safe", actions={"payment": "drop"})
    assert done.exit_code == 0
    assert done.copy is not None and done.copy.passed
    (copy,) = done.files
    assert {c.plan.column: c.plan.action.value for c in copy.columns}["payments[].card"] == "drop"
    assert leaks(tmp_path / "safe", planted(rows)) == []


def test_importing_the_redaction_package_leaves_the_function() -> None:
    import piiscan
    import piiscan.redaction.run

    assert piiscan.redact.__module__ == "piiscan.api"
    assert callable(piiscan.redact)
