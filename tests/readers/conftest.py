"""Helpers for reader tests: read a file the way the engine will, and collect what came out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from piiscan.discovery import classify, split_suffix
from piiscan.errors import ReadError
from piiscan.model import Batch, FileError, FileRef, Format, ReadOptions
from piiscan.readers import read


@dataclass
class Result:
    """Everything a reader yielded for one file, column by column."""

    ref: FileRef
    batches: list[Batch] = field(default_factory=list)
    values: dict[str, list[str | None]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)
    error: ReadError | None = None

    @property
    def names(self) -> list[str]:
        return list(self.values)

    @property
    def row_count(self) -> int:
        return sum(b.row_count for b in self.batches)

    @property
    def truncated(self) -> bool:
        return any(b.truncated for b in self.batches)


def ref_for(path: Path, fmt: Format | None = None) -> FileRef:
    """A FileRef as discovery would build it (suffix, then content), or with a forced format."""
    suffix_fmt, compression = split_suffix(path.name)
    got = classify(path, path.name, fmt or suffix_fmt, compression)
    assert not isinstance(got, FileError), got
    return got


def read_path(path: Path, fmt: Format | None = None, **options: int | None) -> Result:
    ref = ref_for(path, fmt)
    result = Result(ref)
    try:
        for batch in read(ref, ReadOptions(**options)):  # type: ignore[arg-type]
            assert not result.truncated, "a batch followed a truncated one"
            result.batches.append(batch)
            assert len(batch.columns) == len({c.name for c in batch.columns})
            for col in batch.columns:
                assert str(col.values.type) in ("string", "large_string"), col.values.type
                assert str(col.rows.type) == "int64"
                assert len(col.values) == len(col.rows)
                result.values.setdefault(col.name, []).extend(col.values.to_pylist())
                result.rows.setdefault(col.name, []).extend(col.rows.to_pylist())
            if options.get("batch_rows"):
                assert batch.row_count <= options["batch_rows"]  # type: ignore[operator]
    except ReadError as exc:
        result.error = exc
    return result


@pytest.fixture(scope="session")
def read_file() -> Callable[..., Result]:
    """``read_file(path, fmt=None, **ReadOptions)`` -> Result (a ReadError is captured)."""
    return read_path
