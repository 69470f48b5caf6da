"""Report files (``-o/--output``, the GitHub step summary): which format goes to which file,
and writing it safely.

A spec is ``FORMAT:FILE`` (``sarif:out.sarif``, ``github:annotations.txt``) or a bare ``FILE``
whose suffix names the format (``.json``, ``.sarif``, ``.md``/``.markdown``, ``.txt``,
``.xml`` for JUnit). Files are written whole or not at all: to a temporary file beside the
target, then renamed over it, so a reader (a CI upload step, an editor) never sees half a
report.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from piiscan.errors import UsageError
from piiscan.model import Report
from piiscan.report import OutputFormat

SUFFIX_FORMATS: dict[str, str] = {
    suffix: fmt.value for fmt in OutputFormat for suffix in fmt.suffixes
}
"""Format of a bare ``-o FILE`` by its suffix."""
PREFIX_ALIASES: dict[str, str] = {"md": "markdown", "txt": "text"}
"""Short names accepted before the colon of ``FORMAT:FILE``."""


@dataclass(frozen=True)
class OutputSpec:
    """One ``-o`` argument, understood."""

    fmt: str
    """Renderer name (``json``, ``sarif``, ...)."""
    path: Path
    """Where to write."""


def parse_output(spec: str, formats: Collection[str]) -> OutputSpec:
    """``FORMAT:FILE`` or ``FILE`` (format by suffix); a ``UsageError`` names the argument."""
    head, colon, tail = spec.partition(":")
    name = PREFIX_ALIASES.get(head.lower(), head.lower())
    if colon and name in formats:
        if not tail:
            raise UsageError(f'--output "{spec}": no file name after "{head}:"')
        return OutputSpec(name, Path(tail))
    if not spec:
        raise UsageError("--output: empty file name")
    fmt = SUFFIX_FORMATS.get(Path(spec).suffix.lower())
    if fmt is None:
        raise UsageError(
            f'--output "{spec}": cannot tell the format from the suffix; name it, as in'
            f" json:{spec} (formats: {', '.join(formats)}; suffixes:"
            f" {', '.join(SUFFIX_FORMATS)})"
        )
    return OutputSpec(fmt, Path(spec))


def check_outputs(specs: Collection[OutputSpec]) -> None:
    """Refuse, before any scanning, what cannot work: one file twice, a missing folder."""
    seen: set[str] = set()
    for spec in specs:
        key = os.path.realpath(spec.path)
        if key in seen:
            raise UsageError(f"--output {spec.path}: the same file is given twice")
        seen.add(key)
        folder = spec.path.parent
        if not folder.is_dir():
            raise UsageError(f"{spec.path}: cannot write (no folder {folder})")
        if spec.path.is_dir():
            raise UsageError(f"{spec.path}: cannot write (a folder)")


def write_reports(specs: Sequence[OutputSpec], report: Report, *, verbosity: int) -> list[str]:
    """Write every ``-o`` file, uncoloured; one line for each that could not be written (the
    others are written all the same)."""
    if not specs:
        return []
    from piiscan.report import render

    failed = []
    for spec in specs:
        text = render(report, spec.fmt, color=False, width=None, verbosity=verbosity)
        try:
            write_atomic(spec.path, text)
        except OSError as exc:
            failed.append(f"{spec.path}: cannot write ({os_reason(exc)})")
    return failed


def append_step_summary(path: Path, report: Report) -> bool:
    """Add the report's Markdown summary to a GitHub Actions job summary
    (``$GITHUB_STEP_SUMMARY``); False when the file cannot be written."""
    from piiscan.report.github import step_summary

    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(step_summary(report))
    except OSError:
        return False
    return True


def os_reason(exc: OSError) -> str:
    """An OS error's reason for a one-line message (``permission denied``), no path."""
    return (exc.strerror or type(exc).__name__).lower()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` whole or not at all.

    A target that exists and is not a regular file (``/dev/stdout``, a named pipe) cannot be
    renamed over, so it is written in place. ``OSError`` passes to the caller.
    """
    data = text.encode("utf-8", "surrogateescape")
    try:
        special = path.exists() and not path.is_file()
    except OSError:
        special = False
    if special:
        with path.open("wb") as fh:
            fh.write(data)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file 0600; give it the mode any other new file would get.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
