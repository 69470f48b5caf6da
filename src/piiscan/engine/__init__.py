"""The engine: tables of string columns in, findings out.

``column`` keeps one column's tallies, ``score`` turns tallies into findings, ``table``
scans one table's batches, ``files`` scans files (through the readers) and worker processes.
"""

from __future__ import annotations

from piiscan.engine.files import merge, scan, scan_file, tune_gc
from piiscan.engine.score import finding_order, keep_best
from piiscan.engine.table import TableScan, scan_table

__all__ = [
    "TableScan",
    "finding_order",
    "keep_best",
    "merge",
    "scan",
    "scan_file",
    "scan_table",
    "tune_gc",
]
