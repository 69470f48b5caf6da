"""``piiscan redact`` on Avro container files, through the real command line: the same
records in the same blocks, codec and metadata kept, rewritten fields as ``["null",
"string"]``, untouched values with their own types, no planted value left."""

from __future__ import annotations

import bz2
import io
import json
from pathlib import Path
from typing import Any

import fastavro
import pytest

from tests.redact.exports import customers, leaks, planted, redact_ok

SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "Customer",
    "namespace": "crm",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "email", "type": "string"},
        {"name": "card", "type": "long"},
        {"name": "visits", "type": "int"},
        {
            "name": "contact",
            "type": {
                "type": "record",
                "name": "Contact",
                "fields": [
                    {"name": "phone", "type": ["null", "string"]},
                    {"name": "plan", "type": "string"},
                ],
            },
        },
        {"name": "attrs", "type": {"type": "map", "values": "string"}},
        {"name": "note", "type": "string"},
    ],
}


def _records(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "email": r["email"],
            "card": int(r["card"]),
            "visits": i,
            "contact": {"phone": r["phone"], "plan": r["plan"]},
            "attrs": {"source": "web", "tier": "gold"},
            "note": r["note"],
        }
        for i, r in enumerate(rows)
    ]


def _blocks(data: bytes) -> list[int]:
    return [block.num_records for block in fastavro.block_reader(io.BytesIO(data))]


@pytest.mark.parametrize(
    ("codec", "suffix"), [("null", ""), ("deflate", ""), ("zstandard", ".bz2")]
)
def test_avro_keeps_records_blocks_codec_and_types(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, codec: str, suffix: str
) -> None:
    rows = customers(60)
    records = _records(rows)
    buf = io.BytesIO()
    writer = fastavro.write.Writer(buf, SCHEMA, codec=codec, metadata={"origin": "crm"})
    for start in range(0, len(records), 25):
        for record in records[start : start + 25]:
            writer.write(record)
        writer.flush()
    plain = buf.getvalue()
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / f"people.avro{suffix}"
    source.write_bytes(bz2.compress(plain) if suffix else plain)
    manifest = redact_ok(capsys, tmp_path / "src", tmp_path / "safe")
    copy = (tmp_path / "safe" / "src" / source.name).read_bytes()
    copy = bz2.decompress(copy) if suffix else copy
    assert _blocks(copy) == [25, 25, 10]
    reader = fastavro.reader(io.BytesIO(copy))
    assert reader.codec == codec
    assert reader.metadata["origin"] == "crm"
    schema = json.loads(reader.metadata["avro.schema"])
    fields = {f["name"]: f["type"] for f in schema["fields"]}
    assert fields["email"] == ["null", "string"]
    assert fields["card"] == ["null", "string"]
    assert fields["visits"] == "int"
    got = list(reader)
    assert len(got) == len(records)
    for before, after in zip(records, got, strict=True):
        assert (after["id"], after["visits"]) == (before["id"], before["visits"])
        assert after["contact"]["plan"] == before["contact"]["plan"]
        assert after["attrs"] == before["attrs"]
    assert "[EMAIL]" in got[0]["note"]
    (entry,) = manifest["files"]
    assert entry["rows"] == len(records)
    columns = {c["column"] for c in entry["columns"]}
    assert columns >= {"email", "card", "contact.phone"}
    assert leaks(tmp_path / "safe", planted(rows) | {str(r["card"]) for r in records}) == []


def test_avro_drop_removes_the_field_from_schema_and_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = customers(30)
    (tmp_path / "src").mkdir()
    with (tmp_path / "src" / "people.avro").open("wb") as f:
        fastavro.writer(f, SCHEMA, _records(rows))
    redact_ok(capsys, tmp_path / "src", tmp_path / "safe", "--action", "payment=drop")
    with (tmp_path / "safe" / "src" / "people.avro").open("rb") as f:
        reader = fastavro.reader(f)
        names = [field["name"] for field in json.loads(reader.metadata["avro.schema"])["fields"]]
        got = list(reader)
    assert "card" not in names
    assert all("card" not in record for record in got)
