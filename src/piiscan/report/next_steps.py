"""What to do after a failing scan, as the text report's last block: which findings are
forbidden, the exact ``[[ignore]]`` entry that would accept one, where the rest is.

Plain lines of text, drawn (and wrapped) by the text renderer. The ignore entry quotes a
path and a column name from the data: they are written as TOML basic strings in which every
character that could act on a terminal, a CI log or the TOML parser is an escape, so the
entry pastes into a config as it reads, and names the same column.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import Counter

from piiscan.model import ALL_CATEGORIES, Finding, Report
from piiscan.policy import enclosing
from piiscan.report.wording import plural

HEADING = "Next steps"
_TOML_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"})
_SHELL_SAFE = re.compile(r"[\w./][\w./+,=@-]*", re.ASCII)
"""A path that pastes into a shell as it reads (no quoting, no option, nothing to expand)."""
REDACT_PATHS = 3
"""Files the redact command names; more are named by their common folder."""


def next_steps(report: Report) -> list[str]:
    """The block's lines (heading first); none when the scan passed."""
    forbidden = [f for f in report.findings if f.forbidden]
    failed = sorted({e.path for e in report.errors})
    if not forbidden and not failed:
        return []
    lines = [HEADING]
    if forbidden:
        by_category = Counter(f.category for f in forbidden)
        kinds = ", ".join(f"{c.value} {by_category[c]}" for c in ALL_CATEGORIES if by_category[c])
        files = len({f.path for f in forbidden})
        lines.append(
            f"  - {plural(len(forbidden), 'finding')} FORBIDDEN in {plural(files, 'file')}"
            f" ({kinds}): keep those columns out of what leaves."
        )
        lines.append(
            "  - To accept one, add an entry with your reason to the config (.piiscan.toml;"
            " its path is relative to the config's folder):"
        )
        example = forbidden[0]
        shown = report.ignore_path(example.path) if report.ignore_path is not None else None
        lines += [f"      {line}" for line in ignore_entry(example, path=shown)]
        lines.append(
            "  - For a copy without the forbidden data, checked once written:"
            f" `piiscan redact {redact_sources(report, forbidden)} --out DIR`."
        )
        lines.append(
            "  - A finding in cells shows its first rows (+N more counts the others);"
            " --show-rows 0 lists them all (a column finding is the whole column)."
            " -v also lists the files without findings; -f json gives the findings to scripts;"
            f" `piiscan explain {forbidden[0].detector}` tells what a rule finds."
        )
    if failed:
        lines.append(
            f"  - {plural(len(failed), 'file')} could not be fully read (Errors above):"
            " the gate cannot pass until they are fixed, or left out with --exclude"
            " (or exclude = [...] in the config)."
        )
    return lines


def redact_sources(report: Report, forbidden: list[Finding]) -> str:
    """The files holding ``forbidden`` as ``piiscan redact`` takes them (an archive for its
    member, a workbook for its sheet), or the folder holding them when they are many;
    ``PATH...`` when a path would need quoting, or when some tables were no file's (a
    database's, an in-memory one)."""
    files = sorted({enclosing(f.path)[-1] for f in forbidden})
    if len(files) > REDACT_PATHS:
        folder = posixpath.commonpath(files) if len({p.startswith("/") for p in files}) == 1 else ""
        files = [folder] if folder not in ("", ".", "/") else []
    if report.loose_tables or not files or not all(map(_SHELL_SAFE.fullmatch, files)):
        return "PATH..."
    return " ".join(files)


def ignore_entry(f: Finding, *, path: str | None = None) -> list[str]:
    """The ``[[ignore]]`` table accepting ``f``: path (``path``, relative to the config's
    folder, else the display path), column and rule, and a reason to fill."""
    return [
        "[[ignore]]",
        f"path = {toml_string(path if path is not None else f.path)}",
        f"column = {toml_string(f.column)}",
        f"rule = {toml_string(f.detector)}",
        'reason = "<why this data may leave>"',
    ]


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string; control, format, private-use and unassigned
    characters (and the second ``#`` of ``##``) as ``\\uXXXX`` escapes, so nothing reaches a
    terminal or a CI log that could act on it."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in _TOML_SHORT:
            out.append(_TOML_SHORT[ch])
        elif unicodedata.category(ch) in _ESCAPED or (ch == "#" and i and text[i - 1] == "#"):
            code = ord(ch)
            if 0xD800 <= code <= 0xDFFF:  # TOML escapes name scalar values only
                code = 0xFFFD
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'
