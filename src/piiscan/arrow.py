"""Build Arrow arrays from Python values with neither pandas nor NumPy.

``pyarrow.array()`` probes its argument for pandas types and so imports pandas (~0.4 s) the
first time it runs; start-up matters for a pre-commit hook, so arrays are built from buffers
filled by the standard library (``array``, ``itertools``).
"""

from __future__ import annotations

import codecs
from array import array
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa


_COUNTING: list[pa.Array] = []
"""``0, 1, 2, ...``: row numbers are a slice of it plus the first row (built once per size;
from Python ints, each batch's numbers would cost ~35 ns a row)."""


def row_numbers(first: int, count: int) -> pa.Array:
    """int64 array ``first, first+1, ...`` of length ``count``."""
    if count <= 1024:  # a small file: no compute module to import
        return int64_array(range(first, first + count))
    import pyarrow as pa
    import pyarrow.compute as pc

    if not _COUNTING or len(_COUNTING[0]) < count:
        _COUNTING[:] = [int64_array(range(max(count, 1 << 16)))]  # the longest only
    return pc.add(_COUNTING[0][:count], pa.scalar(first, pa.int64()))


def int64_array(values: list[int] | range) -> pa.Array:
    """int64 array of Python ints."""
    import pyarrow as pa

    data = array("q", values)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def _fffd(error: UnicodeError) -> tuple[str | bytes, int]:
    """U+FFFD for what UTF-8 cannot hold (the encoder takes a non-ASCII replacement only as
    bytes)."""
    assert isinstance(error, UnicodeEncodeError)
    return "\ufffd".encode() * (error.end - error.start), error.end


codecs.register_error("piiscan.fffd", _fffd)


def string_array(values: list[str | None]) -> pa.Array:
    """string array of Python strings (None is null); a lone surrogate (a JSON ``\\ud800``)
    becomes U+FFFD, as an undecodable byte does: ``normalize`` drops both, so the e-mail
    around one is still found (``?`` would have split it)."""
    import pyarrow as pa

    count = len(values)
    nulls = values.count(None)
    texts: list[str] = [v or "" for v in values] if nulls else values  # type: ignore[assignment]
    joined = "".join(texts)
    if joined.isascii():
        data = joined.encode("ascii")
        sizes = map(len, texts)
    else:
        encoded = [t.encode("utf-8", "piiscan.fffd") for t in texts]
        data = b"".join(encoded)
        sizes = map(len, encoded)
    large = len(data) >= 2**31
    offsets = array("q" if large else "i", accumulate(sizes, initial=0))
    validity = _validity_bitmap(values) if nulls else None
    return pa.Array.from_buffers(
        pa.large_string() if large else pa.string(),
        count,
        [validity, pa.py_buffer(offsets), pa.py_buffer(data)],
        null_count=nulls,
    )


def _validity_bitmap(values: list[str | None]) -> pa.Buffer:
    """Arrow's little-endian validity bits: bit i is set when value i is not null."""
    import pyarrow as pa

    bits = "".join(["0" if v is None else "1" for v in reversed(values)])
    return pa.py_buffer(int(bits, 2).to_bytes((len(values) + 7) // 8, "little"))
