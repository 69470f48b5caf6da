"""Binary data of no known kind: the text runs it holds, in any of the usual encodings, each
once, whatever chunk edge cuts them; fields of a delimited run are values of their own."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.model import FileRef, Format, ReadOptions
from piiscan.readers import binary
from piiscan.readers._stream import Limits


def _values(path: Path) -> list[str]:
    ref = FileRef(path=path, display=path.name, format=Format.BINARY)
    batches = list(binary.read(ref, ReadOptions(), Limits(ReadOptions())))
    return [v for b in batches for c in b.columns for v in c.values.to_pylist()]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_text_runs_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    blob = b"\x00\x01\x02\xff" + "ivan.petrov@mail.ru".encode(encoding) + b"\x00\x03\x80\x81"
    blob += "Иван Петров".encode(encoding) + b"\x07\x00"
    (tmp_path / "blob").write_bytes(blob)
    assert _values(tmp_path / "blob") == ["ivan.petrov@mail.ru", "Иван Петров"]


def test_delimited_runs_are_split_into_fields(tmp_path: Path) -> None:
    (tmp_path / "blob").write_bytes(b"\x89PNG\x00\x00id,email;card\n7,a@b.ru\t4276\x00")
    # A run needs MIN_RUN characters; its fields may be shorter.
    assert _values(tmp_path / "blob") == ["id", "email", "card", "7", "a@b.ru", "4276"]


def test_short_runs_are_noise(tmp_path: Path) -> None:
    (tmp_path / "blob").write_bytes(b"\x00abc\x00\x01abcde\x02")
    assert _values(tmp_path / "blob") == []


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=8, max_value=64), st.integers(min_value=0, max_value=40))
def test_a_run_cut_by_a_chunk_edge_is_read_once_and_whole(chunk: int, pad: int) -> None:
    words = [f"customer{i}@example.com" for i in range(6)]
    blob = b"\x00" * pad + b"\x00\x01".join(w.encode() for w in words) + b"\x00"
    stream = io.BytesIO(blob)
    original = binary.RAW_CHUNK
    binary.RAW_CHUNK = chunk
    try:
        found = list(binary._runs(stream.read))
    finally:
        binary.RAW_CHUNK = original
    assert found == words


def test_a_run_longer_than_the_carry_is_given_out_in_overlapping_pieces() -> None:
    """A 3 MB run: pieces of about a chunk, each overlapping the next, so a value at any
    place is whole in one of them."""
    text = b"x" * (binary.MAX_CARRY + 12_345) + b" ivan.petrov@mail.ru " + b"y" * (2 << 20)
    pieces = list(binary._runs(io.BytesIO(b"\x00" + text + b"\x00").read))
    assert any("ivan.petrov@mail.ru" in piece for piece in pieces)
    assert sum(map(len, pieces)) < 2 * len(text)
