"""Build small Arrow arrays from Python values without importing pandas.

``pyarrow.array()`` probes its argument for pandas types and so imports pandas (~0.4 s) the
first time it runs; start-up matters for a pre-commit hook, so arrays are built from buffers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa


def row_numbers(first: int, count: int) -> pa.Array:
    """int64 array ``first, first+1, ...`` of length ``count``."""
    import numpy as np

    return _int64(np.arange(first, first + count, dtype=np.int64))


def int64_array(values: list[int] | range) -> pa.Array:
    """int64 array of Python ints."""
    import numpy as np

    return _int64(np.array(values, dtype=np.int64))


def _int64(data: Any) -> pa.Array:
    import pyarrow as pa

    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def string_array(values: list[str | None]) -> pa.Array:
    """string array of Python strings (None is null); lone surrogates become ``?``."""
    import numpy as np
    import pyarrow as pa

    count = len(values)
    nulls = values.count(None)
    texts: list[str] = [v or "" for v in values] if nulls else values  # type: ignore[assignment]
    joined = "".join(texts)
    if joined.isascii():
        data = joined.encode("ascii")
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    else:
        encoded = [t.encode("utf-8", "replace") for t in texts]
        data = b"".join(encoded)
        sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=count)
    large = len(data) >= 2**31
    offsets = np.zeros(count + 1, dtype=np.int64 if large else np.int32)
    np.cumsum(sizes, out=offsets[1:])
    validity = None
    if nulls:
        mask = np.array([v is not None for v in values], dtype=bool)
        validity = pa.py_buffer(np.packbits(mask, bitorder="little"))
    return pa.Array.from_buffers(
        pa.large_string() if large else pa.string(),
        count,
        [validity, pa.py_buffer(offsets), pa.py_buffer(data)],
        null_count=nulls,
    )
