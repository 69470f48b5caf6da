"""Planted canary values never reach any output format or error path."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from piiscan.report import OutputFormat
from tests.clirunner import run_cli

CARD = "4111111111111111"
EMAIL = "kanareyka.leak@example.org"
PHONE = "+7 916 734-52-18"
IBAN = "GB82WEST12345698765432"
SNILS = "112-233-445 95"
FREE_TEXT = {  # one column per kind: a column reports one cells finding per category
    "ticket": ("Оформила Канарейкина Е. В., просит счёт", "Left a voicemail for Daniel Kanarejko"),
    "delivery": (
        "Новый адрес ул. Вишнёвой, д. 57, кв. 312",
        "Deliver to 48 Canary Street, 2nd door",
    ),
    "survey": ("Именинница 07.09.1983, хочет скидку", "DOB 06/14/1961, verified at pickup"),
}
CANARIES = [
    "Канарейкин",
    "Kanarejko",
    "Вишн",
    "Canary",
    "07.09.1983",
    "06/14/1961",
    "кв. 312",
    CARD,
    "4111 1111 1111 1111",
    "kanareyka.leak",
    "9167345218",
    "734-52-18",
    IBAN,
    "12345698765432",
    "112-233-445",
    "11223344595",
]

FORMATS = [f.value for f in OutputFormat]


def _rows(n: int = 30) -> list[dict[str, str]]:
    return [
        {
            "email": EMAIL,
            "phone": PHONE,
            "card": "4111 1111 1111 1111",
            "iban": IBAN,
            "snils": SNILS,
            "note": f"call me on {PHONE} or pay {CARD} please",
            **{column: texts[i % 2] for column, texts in FREE_TEXT.items()},
        }
        for i in range(n)
    ]


def _write_all(tmp: Path) -> Path:
    rows = _rows()
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(f'"{r[k]}"' for k in header) for r in rows]
    (tmp / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp / "c.json").write_text(json.dumps({"customers": rows}), encoding="utf-8")
    (tmp / "d.csv.gz").write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    # broken inputs whose bytes hold the canaries
    (tmp / "bad.json").write_text('[{"email": "' + EMAIL + '", "card": ' + CARD + ",", "utf-8")
    (tmp / "bad.jsonl").write_text(json.dumps(rows[0]) + "\n{" + CARD + " " + EMAIL + "\n", "utf-8")
    (tmp / "ragged.csv").write_text(
        "a,b\n1,2\n" + CARD + "," + EMAIL + ',extra,"' + PHONE + "\n", "utf-8"
    )
    (tmp / "junk.parquet").write_bytes(b"PAR1" + (CARD + EMAIL).encode() * 20 + b"PAR1")
    (tmp / "trunc.csv.gz").write_bytes(gzip.compress(("\n".join(lines)).encode())[:-30])
    return tmp


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_canary_in_any_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    folder = _write_all(tmp_path)
    run = run_cli(capsys, "check", str(folder), "--format", fmt, "--color", "always")
    assert run.code == 2  # the broken files could not be read
    for canary in CANARIES:
        assert canary not in run.out, canary
        assert canary not in run.err, canary
    assert "Traceback" not in run.err


def test_findings_are_still_reported_next_to_broken_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _write_all(tmp_path)
    report = json.loads(run_cli(capsys, "check", str(folder), "--format", "json").out)
    flagged = {(Path(f["path"]).name, f["category"]) for f in report["findings"]}
    assert ("a.csv", "payment") in flagged
    assert ("b.jsonl", "pii") in flagged
    errored = {Path(e["path"]).name for e in report["errors"]}
    assert {"bad.json", "junk.parquet", "trunc.csv.gz"} <= errored
    for error in report["errors"]:
        assert "\n" not in error["message"]
