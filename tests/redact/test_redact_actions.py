"""The batch forms of the actions (``Transform.array``) against the one-value form: a batch
of repeated values is rewritten once per distinct value, and must give what each value
rewritten alone gives."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piiscan.redaction.actions import (
    SAMPLE,
    VECTOR_MIN,
    Action,
    Transform,
    repetitive,
    shape_mask,
    shape_mask_array,
    text_action,
    value_action,
)
from piiscan.ruleset import load_rules

from .exports import customers

RULES = {rule.id: rule for rule in load_rules()}
TEXT = text_action([r for r in RULES.values() if r.cells])
VALUES = {
    "mask": (value_action(Action.MASK, RULES["email"], None), [r["email"] for r in customers()]),
    "ip": (
        value_action(Action.GENERALISE, RULES["ip_address"], None),
        ["10.1.2.3", "192.168.7.1", "not an ip", "2001:db8::1", " 8.8.8.8"],
    ),
    "text": (TEXT, [r["note"] for r in customers()]),
}


def _one_by_one(transform: Transform, values: list[str]) -> list[str]:
    return [transform(v) for v in values]


@settings(max_examples=25, deadline=None)
@given(
    kind=st.sampled_from(sorted(VALUES)),
    picks=st.lists(st.integers(0, 1_000), min_size=VECTOR_MIN, max_size=3 * VECTOR_MIN),
    distinct=st.integers(1, 60),
)
def test_a_repeated_batch_is_rewritten_as_each_value_alone(
    kind: str, picks: list[int], distinct: int
) -> None:
    transform, pool = VALUES[kind]
    values = [pool[p % min(distinct, len(pool))] for p in picks]
    assert transform.array(pa.array(values, pa.string())).to_pylist() == _one_by_one(
        transform, values
    )


@pytest.mark.parametrize("kind", sorted(VALUES))
def test_a_batch_of_distinct_values_is_rewritten_as_each_value_alone(kind: str) -> None:
    transform, pool = VALUES[kind]
    values = [f"{v} {i}" if kind == "text" else v for i, v in enumerate(pool * 20)]
    assert transform.array(pa.array(values, pa.string())).to_pylist() == _one_by_one(
        transform, values
    )


def test_repetitive_tells_repeated_values_from_distinct_ones() -> None:
    n = 4 * SAMPLE
    assert repetitive(pa.array([f"v{i % 50}" for i in range(n)], pa.string()))
    assert not repetitive(pa.array([f"v{i}" for i in range(n)], pa.string()))
    assert not repetitive(pa.array(["same"] * (VECTOR_MIN - 1), pa.string()))


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.text(alphabet=st.sampled_from("aZ09 .@-_é日\t")), max_size=40),
    start=st.integers(0, 3),
)
def test_the_batch_mask_is_the_mask_of_each_value(values: list[str], start: int) -> None:
    batch = pa.array(["x", "y", "z", *values], pa.string()).slice(start)
    expected = [shape_mask(v) for v in batch.to_pylist()]
    assert shape_mask_array(batch).to_pylist() == expected
