"""JUnit XML: one test case per file, failing on forbidden findings, parseable whatever the
names hold, never a sample."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from piiscan.model import FileError, Skipped
from piiscan.report import render

from .canonical import (
    AZURE_PATH,
    CANARY_PAN,
    FILES,
    FINDINGS,
    HOSTILE_COLUMN,
    HOSTILE_PATH,
    canonical_report,
    finding,
)


def _cases(xml: str) -> dict[str, ET.Element]:
    root = ET.fromstring(xml)
    return {case.attrib["name"]: case for case in root.iter("testcase")}


def test_a_case_per_file_with_its_outcome() -> None:
    report = canonical_report(skipped=(Skipped("logo.png", "PNG image: cannot hold table data"),))
    xml = render(report, "junit")
    cases = _cases(xml)
    assert "exports/customers.csv" in cases and "clean.parquet" in cases
    assert len(cases) == len({*(f.path for f in FILES), "bad.csv", AZURE_PATH, "logo.png"})
    customers = cases["exports/customers.csv"]
    failure = customers.find("failure")
    assert failure is not None and failure.attrib["message"] == "3 forbidden findings"
    assert 'column "card": payment data (card_pan), column, 1250 of 1250 values' in (
        failure.text or ""
    )
    assert list(cases["clean.parquet"]) == []  # passed
    assert list(cases["big.csv"]) == []  # only an allowed finding
    error = cases["bad.csv"].find("error")
    assert error is not None and "not valid UTF-8" in error.attrib["message"]
    skipped = cases["logo.png"].find("skipped")
    assert skipped is not None and "PNG image" in skipped.attrib["message"]
    suite = ET.fromstring(xml).find("testsuite")
    assert suite is not None
    assert suite.attrib == {
        "name": "piiscan",
        "tests": str(len(cases)),
        "failures": "3",
        "errors": "2",
        "skipped": "1",
    }


def test_cells_findings_say_how_many_rows_more() -> None:
    report = canonical_report(
        findings=(finding(scope="cells", rows=(4, 17), matched=9, checked=40),),
        files=(),
        errors=(),
    )
    text = _cases(render(report, "junit"))["a.csv"].findtext("failure") or ""
    assert "cells, rows 4, 17 +7 more, 9 of 40 values" in text


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(HOSTILE_COLUMN, id="markup-and-escape"),
        pytest.param("a]]><x/>&amp;\"'", id="xml-markup"),
        pytest.param("\x00\x0b\ufffe\uffff\ud800", id="not-xml-characters"),
    ],
)
def test_hostile_names_stay_text(name: str) -> None:
    report = canonical_report(
        findings=(finding(path=name, column=name),),
        files=(),
        errors=(FileError(name, f"broken {name}"),),
    )
    xml = render(report, "junit")
    (case,) = ET.fromstring(xml).iter("testcase")  # parses: nothing XML 1.0 forbids
    assert "\x1b" not in xml and "\x00" not in xml
    assert "\n" not in case.attrib["name"]


def test_no_sample_is_written() -> None:
    xml = render(canonical_report(), "junit")
    assert CANARY_PAN not in xml
    for f in FINDINGS:
        assert f.sample is None or f.sample not in xml
    assert HOSTILE_PATH.replace("\u202e", "\\u202e") in xml
