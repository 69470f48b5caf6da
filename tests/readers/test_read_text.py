"""Free text: one ``(text)`` column of non-blank lines, numbered by line, streamed."""

from __future__ import annotations

import bz2
import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import piiscan
from piiscan.model import FileRef, Format, ReadOptions
from piiscan.readers import read
from piiscan.readers import text as text_reader
from piiscan.readers.text import COLUMN


def lines_of(path: Path, **options: int | None) -> tuple[list[tuple[int, str]], int]:
    """(line number, text) of every value, and the rows counted over all batches."""
    ref = FileRef(path=path, display=path.name, format=Format.TEXT)
    got: list[tuple[int, str]] = []
    count = 0
    for batch in read(ref, ReadOptions(**options)):  # type: ignore[arg-type]
        count += batch.row_count
        for col in batch.columns:
            assert col.name == COLUMN
            got += zip(col.rows.to_pylist(), col.values.to_pylist(), strict=True)
    return got, count


@pytest.mark.parametrize(
    ("data", "expected", "rows"),
    [
        pytest.param(b"a\nb\n", [(1, "a"), (2, "b")], 2, id="lf"),
        pytest.param(b"a\r\nb", [(1, "a"), (2, "b")], 2, id="crlf-no-final-newline"),
        pytest.param(b"a\rb\r", [(1, "a"), (2, "b")], 2, id="cr"),
        pytest.param(b"a\n\n  \nd\n", [(1, "a"), (4, "d")], 4, id="blank-lines-count"),
        pytest.param(b"a\x0cb\xe2\x80\xa8c\n", [(1, "a\x0cb\u2028c")], 1, id="only-real-newlines"),
        pytest.param(b"\xef\xbb\xbfhello\n", [(1, "hello")], 1, id="utf8-bom"),
        pytest.param("привет\n".encode("cp1251"), [(1, "привет")], 1, id="cp1251"),
        pytest.param("\ufeffhi\nyo".encode("utf-16-le"), [(1, "hi"), (2, "yo")], 2, id="utf16"),
        pytest.param(b"", [], 0, id="empty"),
    ],
)
def test_lines_and_numbers(tmp_path: Path, data: bytes, expected: list, rows: int) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(data)
    assert lines_of(path) == (expected, rows)


def test_crlf_split_across_chunks_is_one_newline(tmp_path: Path) -> None:
    from piiscan.readers._stream import RAW_CHUNK

    first = b"x" * (RAW_CHUNK - 1) + b"\r"
    path = tmp_path / "log.txt"
    path.write_bytes(first + b"\nsecond\n")
    got, rows = lines_of(path)
    assert [n for n, _ in got] == [1, 2]
    assert rows == 2


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress], ids=["gzip", "bz2"])
def test_compressed(tmp_path: Path, compress) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "app.log.gz"
    path.write_bytes(compress(b"start\nmail ivan@example.com now\n"))
    assert lines_of(path)[0] == [(1, "start"), (2, "mail ivan@example.com now")]


def test_a_line_past_the_memory_cap_is_named_unexamined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_reader, "MAX_LINE", 1000)
    path = tmp_path / "one-line.txt"
    path.write_bytes(b"a" * 1_000_000 + b"\nnext\n")
    ref = FileRef(path=path, display="x", format=Format.TEXT)
    batches = list(read(ref, ReadOptions()))
    values = [v for b in batches for c in b.columns for v in c.values.to_pylist()]
    assert values == ["a" * 1000, "next"]
    gaps = [g for b in batches for g in b.unexamined]
    assert gaps == ["line 1: characters past 1000 not examined (a line that long)"]


def test_a_long_line_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    path.write_bytes(b"a" * 3_000_000 + b"\nnext\n")
    ref = FileRef(path=path, display="x", format=Format.TEXT)
    batches = list(read(ref, ReadOptions(max_cell_bytes=1000)))
    values = [v for b in batches for c in b.columns for v in c.values.to_pylist()]
    assert values == ["a" * 3_000_000, "next"]
    assert not any(b.unexamined or b.warnings for b in batches)


def test_batches_and_max_rows(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("".join(f"line {i}\n" for i in range(1, 101)))
    ref = FileRef(path=path, display="n.txt", format=Format.TEXT)
    batches = list(read(ref, ReadOptions(batch_rows=30, max_rows=50)))
    assert [b.row_count for b in batches] == [30, 20]
    assert batches[-1].truncated
    assert batches[1].columns[0].rows.to_pylist()[0] == 31


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)))
def test_every_line_is_read_once_in_order(tmp_path_factory, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("t") / "t.txt"
    clean = [line.replace("\r", " ").replace("\n", " ") for line in lines]
    path.write_bytes("\n".join(clean).encode("utf-8"))
    want = [(i, line) for i, line in enumerate(clean, start=1) if line.strip()]
    assert lines_of(path)[0] == want


def test_a_base64_body_is_also_read_joined(tmp_path: Path) -> None:
    """A MIME body wraps base64 at 76 characters: a card cut by the wrap is whole in the
    joined block (each line is still a value of its own)."""
    import base64

    text = "".join(f"note {'x' * 50} 4276 3800 1234 5679 {'y' * 40}\n" for _ in range(5))
    body = base64.b64encode(text.encode()).decode()
    lines = [body[i : i + 76] for i in range(0, len(body), 76)]
    mail = "Subject: order\nContent-Transfer-Encoding: base64\n\n" + "\n".join(lines) + "\n"
    path = tmp_path / "msg.eml"
    path.write_text(mail)
    report = piiscan.scan(path)
    assert {f.detector for f in report.findings} == {"card_number"}
    ref = FileRef(path=path, display=path.name, format=Format.TEXT)
    values = [v for b in read(ref) for c in b.columns for v in c.values.to_pylist()]
    assert values[-len(lines) - 1 : -1] == lines  # every line as it is, then the block
    assert values[-1] == body
