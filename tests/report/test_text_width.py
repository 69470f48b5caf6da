"""The text report at a terminal's width: every line fits, nothing countable is split."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from piiscan.model import Category, FileSummary, Finding, Report, Scope
from piiscan.report.text import render_text

from .canonical import canonical_report, finding

SGR = re.compile(r"\x1b\[[0-9;]*m")
NUMBER = re.compile(r"[0-9]+")
WIDTHS = [60, 80, 120, 200]

ADDRESS = "**, г. ******, ****** ул., д. **"
LONG_COLUMN = "customer.contact.addresses[].delivery_address_line_with_a_long_name"


def _wide_report() -> Report:
    """Long names, long samples, many rows: what breaks a naive table."""
    findings = (
        finding(path="exports/crm/clients.csv", column="Адрес доставки", sample=ADDRESS),
        finding(
            path="exports/crm/clients.csv",
            column="Комментарий",
            scope=Scope.CELLS,
            matched=12,
            checked=21,
            rows=(9, 10, 15, 18, 26),
            sample="+7 9** ***-**-23",
        ),
        finding(path="exports/crm/clients.csv", column=LONG_COLUMN, sample="2200 **** **** 7840"),
        finding(
            path="exports/crm/clients.csv",
            column="purchased_at",
            category=Category.PURCHASES,
            detector="purchase_time",
            matched=123456,
            checked=123457,
            sample="20**-**-** **:**:**",
        ),
    )
    return canonical_report(
        files=(FileSummary("exports/crm/clients.csv", 1_234_567),), findings=findings
    )


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def _check(report: Report, width: int) -> list[str]:
    stable = render_text(report, color=False)
    out = render_text(report, color=False, width=width)
    lines = out.splitlines()
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide
    # a number cut in two shows up as digit runs the stable layout never prints
    assert _numbers(out) <= _numbers(stable)
    shows_samples = "sample" in lines[0].split()
    for f in report.findings:
        if shows_samples and f.sample and cell_len(f.sample) <= width - 4:
            assert any(f.sample in line for line in lines), f.sample
    return lines


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"width{w}")
@pytest.mark.parametrize("build", [canonical_report, _wide_report], ids=["canonical", "wide"])
def test_fits_and_splits_nothing(width: int, build: type[Report]) -> None:
    lines = _check(build(), width)
    verdict = " ".join(line.strip() for line in lines[-3:])
    assert "→ FAIL (exit 2: scan incomplete)" in verdict


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_colour_does_not_change_the_layout(color: bool) -> None:
    plain = render_text(_wide_report(), color=False, width=80)
    assert SGR.sub("", render_text(_wide_report(), color=True, width=80)) == plain


def test_wide_terminal_keeps_one_line_per_finding() -> None:
    out = render_text(_wide_report(), color=False, width=200)
    assert [
        line.split()[0] for line in out.splitlines() if line.startswith("  ") and line[2] != " "
    ][1:5] == ["FORBIDDEN"] * 4
    assert "rows 9, 10, 15, 18, 26 +7 more" in out
    assert "123456/123457 of 1234567" in out


def test_narrow_terminal_drops_confidence_and_rule_first() -> None:
    legend = render_text(_wide_report(), color=False, width=60).splitlines()[0].split()
    assert "conf" not in legend and "detector" not in legend
    assert legend[:3] == ["status", "column", "category"]
    wide = render_text(_wide_report(), color=False, width=200).splitlines()[0].split()
    assert "conf" in wide and "detector" in wide and "sample" in wide


def test_a_long_sample_gets_a_line_of_its_own() -> None:
    lines = render_text(_wide_report(), color=False, width=80).splitlines()
    (line,) = [line for line in lines if ADDRESS in line]
    assert line.strip() == ADDRESS


def test_sampled_counts_are_explained() -> None:
    out = render_text(_wide_report(), color=False)
    assert "of 1234567" in out
    assert "a sample of its values" in out
    whole = _wide_report()
    files = (FileSummary("exports/crm/clients.csv", 10),)
    out = render_text(
        canonical_report(files=files, findings=whole.findings[:1]), color=False, width=80
    )
    assert " of 10" not in out and "a sample of its values" not in out


def test_stable_layout_ignores_the_terminal() -> None:
    out = render_text(_wide_report(), color=False)
    findings = [line for line in out.splitlines() if line.startswith("  FORBIDDEN ")]
    assert len(findings) == 4
    assert max(map(cell_len, out.splitlines())) > 120  # one line each, however long


_names = st.text(alphabet=st.sampled_from("abcxyz_.[]:-/ ИЯ字#"), min_size=1, max_size=60).filter(
    lambda s: s.strip()
)
_samples = st.sampled_from(["x***", ADDRESS, "+44 20** **** **58", "4111 **** **** 1111", "-"])


@st.composite
def _findings(draw: st.DrawFn) -> Finding:
    rows = tuple(sorted(draw(st.sets(st.integers(1, 10**6), max_size=5))))
    matched = len(rows) + draw(st.integers(0, 10**5))
    return finding(
        column=draw(_names),
        scope=draw(st.sampled_from(Scope)),
        category=draw(st.sampled_from(Category)),
        matched=matched,
        checked=matched + draw(st.integers(0, 10**5)),
        rows=rows,
        sample=draw(_samples),
    )


@settings(max_examples=60, deadline=None)
@given(found=st.lists(_findings(), min_size=1, max_size=6), width=st.integers(60, 220))
def test_any_findings_any_width(found: list[Finding], width: int) -> None:
    report = canonical_report(files=(FileSummary("a.csv", 10**7),), findings=tuple(found))
    lines = _check(report, width)
    assert not [line for line in lines if line.lstrip().startswith(":")]
