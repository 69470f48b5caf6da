"""The reader registry covers every format, and every codec has an inflater."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiscan.model import Compression, Format
from piiscan.readers import MODULES, READERS
from piiscan.readers._stream import MAGIC, Source, sniff_compression, string_array


@pytest.mark.parametrize("fmt", list(Format), ids=str)
def test_every_format_has_a_reader(fmt: Format) -> None:
    assert fmt in READERS[fmt].FORMATS


def test_each_format_and_suffix_has_one_owner() -> None:
    owned = [fmt for module in MODULES for fmt in module.FORMATS]
    assert len(owned) == len(set(owned))
    suffixes = [suffix for module in MODULES for suffix in module.SUFFIXES]
    assert len(suffixes) == len(set(suffixes))
    assert all(suffix == suffix.lower() and suffix.startswith(".") for suffix in suffixes)


@pytest.mark.parametrize("codec", list(Compression), ids=str)
def test_every_codec_has_magic(codec: Compression, tmp_path: Path) -> None:
    assert sniff_compression(MAGIC[codec] + b"rest") is codec
    path = tmp_path / "junk"
    path.write_bytes(MAGIC[codec] + b"\x00" * 64)
    with Source(path) as src:
        assert src.compression is codec
        src.read()
        assert src.error is not None
        assert codec.value in str(src.error)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([], id="empty"),
        pytest.param(["a", None, "", "b"], id="ascii-with-null-and-empty"),
        pytest.param(["Иван", None, "é"], id="non-ascii"),
        pytest.param([None, None], id="all-null"),
        pytest.param(["\udcff"], id="lone-surrogate"),
    ],
)
def test_string_array(values: list[str | None]) -> None:
    arr = string_array(values)
    arr.validate(full=True)
    # A lone surrogate (a JSON "\\udcff") cannot be UTF-8: it becomes U+FFFD.
    expected = [None if v is None else v.replace("\udcff", "\ufffd") for v in values]
    assert arr.to_pylist() == expected
    assert arr.null_count == values.count(None)
