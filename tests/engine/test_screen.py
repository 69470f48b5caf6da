"""Big batches are screened in one pass over their values joined: a batch that holds no
disguise and no high-signal value is not searched value by value, and one that does is."""

from __future__ import annotations

import pyarrow as pa
import pytest

import piiscan
from piiscan.engine import column

ROWS = 40_000
CARD = "4276 3800 1234 5679"


def _scan(**hidden: tuple[int, str]) -> set[tuple[str, str, tuple[int, ...]]]:
    data = {
        "email": [f"user{i}@example.org" for i in range(ROWS)],
        "weight": [f"{i % 997}.{i % 100:02d}" for i in range(ROWS)],
        "code": [f"C{i:08d}" for i in range(ROWS)],
    }
    for name, (at, value) in hidden.items():
        data[name][at] = value
    report = piiscan.scan(pa.table(data), name="t")
    return {(f.column, f.detector, tuple(f.rows)) for f in report.findings if f.column != "email"}


@pytest.mark.parametrize(
    ("where", "value", "detector"),
    [
        ("code", CARD, "card_number"),
        ("weight", "４２７６３８００１２３４５６７９", "card_number"),  # full-width digits
        ("code", "ivan%40mail.ru", "email"),
        ("weight", "ivan [at] mail [dot] ru", "email"),
    ],
)
def test_one_value_in_the_last_batch_is_found(where: str, value: str, detector: str) -> None:
    assert (where, detector, (ROWS - 3 + 1,)) in _scan(**{where: (ROWS - 3, value)})


def test_clean_batches_are_not_searched_value_by_value(monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[str] = []
    search = column._search_cells

    def spy(tallies: object, pattern: str, chunk: column.Chunk, *a: object, **k: object) -> None:
        if k.get("sweeping") and not chunk.clean:
            searched.extend(chunk.head(1)[0])
        search(tallies, pattern, chunk, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(column, "_search_cells", spy)
    assert _scan() == set()
    # Weights and codes hold nothing to sweep for: they are never searched value by value.
    assert all("@" in first for first in searched)


def test_a_float_column_is_undisguised_for_the_exponent_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from piiscan.engine import chunk as chunk_module
    from piiscan.normalize import FLOAT_TRIGGERS

    asked: list[tuple[int, ...] | None] = []
    normalise = chunk_module.normalise_array

    def spy(values: pa.Array, triggers: tuple[int, ...] | None = None) -> pa.Array | None:
        if values.type == pa.string() and "." in (values[0].as_py() or ""):
            asked.append(triggers)
        return normalise(values, triggers)

    monkeypatch.setattr(chunk_module, "normalise_array", spy)
    # "1234.5678" fits the dotted card's trigger as text; as a float it is only a number.
    readings = [1234.5678 + i for i in range(ROWS)]
    readings[ROWS - 2] = 4276380012345679.0  # a card kept as a float: 4.276380012345679e+15
    report = piiscan.scan(pa.table({"reading": pa.array(readings, pa.float64())}), name="t")
    found = {(f.detector, tuple(f.rows)) for f in report.findings}
    assert ("card_number", (ROWS - 2 + 1,)) in found
    assert asked and all(t is not None and set(t) <= set(FLOAT_TRIGGERS) for t in asked)
