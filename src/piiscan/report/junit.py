"""JUnit XML, the test-report format every CI shows (GitLab ``artifacts:reports:junit``,
Jenkins, Azure Pipelines, CircleCI): one test case per file.

A file is a test that passes when nothing forbidden was found in it. It fails (``<failure>``)
with one line per forbidden finding, errs (``<error>``) when it could not be fully read, and is
skipped (``<skipped>``) when discovery passed over it. Baselined, allowed and ignored findings
do not fail a file and are not listed (the text and JSON reports show them).

No sample, masked or not, is written: test reports are uploaded and kept, as SARIF files are.
Hostile names are made ``visible`` (control, bidi and line-separator characters escaped), and
the two non-characters XML 1.0 forbids as well; ElementTree escapes the markup characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from piiscan.model import FileError, Finding, Report, Skipped
from piiscan.report.wording import counts, outcome_of, plural, scope_label, visible

SUITE = "piiscan"
_NOT_XML = re.compile("[\ufffe\uffff]")


@dataclass
class _Case:
    """What the report says about one file."""

    forbidden: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def render_junit(report: Report) -> str:
    """The report as a JUnit XML document: deterministic, indented, newline-terminated."""
    cases: dict[str, _Case] = {f.path: _Case() for f in report.files}
    for finding in report.findings:
        case = cases.setdefault(finding.path, _Case())
        if finding.forbidden:
            case.forbidden.append(finding)
    for error in report.errors:
        cases.setdefault(error.path, _Case()).errors.append(error)
    for skipped in report.skipped:
        cases.setdefault(skipped.path, _Case()).skipped.append(skipped)

    tally = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for c in cases.values() if c.forbidden and not c.errors)),
        "errors": str(sum(1 for c in cases.values() if c.errors)),
        "skipped": str(sum(1 for c in cases.values() if _only_skipped(c))),
    }
    root = ET.Element("testsuites", {"name": SUITE, **tally})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **tally})
    outcome, why = outcome_of(report)
    ET.SubElement(
        suite, "system-out"
    ).text = f"piiscan: {outcome}{f' ({why})' if why else ''}: {counts(report)}."
    for path in sorted(cases, key=lambda p: tuple(p.split("/"))):
        _testcase(suite, path, cases[path])
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _testcase(suite: ET.Element, path: str, case: _Case) -> None:
    element = ET.SubElement(suite, "testcase", {"classname": SUITE, "name": _xml(path)})
    lines = [_line(f) for f in case.forbidden]
    if case.errors:
        message = "; ".join(e.message for e in case.errors)
        error = ET.SubElement(
            element, "error", {"type": "incomplete", "message": _xml(f"not fully read: {message}")}
        )
        error.text = "\n".join(_xml(line) for line in [*(e.message for e in case.errors), *lines])
    elif case.forbidden:
        message = f"{plural(len(case.forbidden), 'forbidden finding')}"
        failure = ET.SubElement(element, "failure", {"type": "forbidden", "message": message})
        failure.text = "\n".join(_xml(line) for line in lines)
    elif _only_skipped(case):
        reason = "; ".join(s.reason for s in case.skipped)
        ET.SubElement(element, "skipped", {"message": _xml(f"not examined: {reason}")})


def _only_skipped(case: _Case) -> bool:
    return bool(case.skipped) and not case.errors and not case.forbidden


def _line(f: Finding) -> str:
    return (
        f'column "{f.column}": {f.category.value} data ({f.detector}), {scope_label(f)},'
        f" {f.matched} of {f.checked} values"
    )


def _xml(text: str) -> str:
    """``text`` that any XML 1.0 parser accepts and no terminal acts on."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(text))
