"""The report renders a ``Report``; it never opens a file nor knows how a format is read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import piiscan.report

REPORT = Path(piiscan.report.__file__).parent
FORBIDDEN = ("piiscan.readers", "piiscan.discovery", "piiscan.engine")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize("path", sorted(REPORT.glob("*.py")), ids=lambda p: p.name)
def test_report_imports_no_reader(path: Path) -> None:
    bad = [n for n in _imports(path) if n.startswith(FORBIDDEN) or n == "piiscan.readers"]
    assert not bad, f"{path.name} imports {bad}"


def test_the_scan_finds_report_modules() -> None:
    assert len(list(REPORT.glob("*.py"))) >= 5
