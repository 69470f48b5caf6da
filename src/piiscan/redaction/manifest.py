"""``redaction.json``: what was done to each copy, per file and column: the action, the rules
that chose it and how many values changed. It holds no value and no key."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from piiscan import __version__

if TYPE_CHECKING:
    from piiscan.redaction.run import FileDone

SCHEMA_VERSION = 1


def render_manifest(files: Sequence[FileDone]) -> str:
    """The manifest's JSON text, deterministic (files sorted by path, no timestamps)."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "piiscan", "version": __version__},
        "files": [
            {
                "path": done.path,
                "copy": done.copy,
                "rows": done.rows,
                "columns": [
                    {
                        "column": col.plan.column,
                        "action": col.plan.action.value,
                        "rules": list(col.plan.rules),
                        "category": col.plan.category,
                        "scope": col.plan.scope,
                        "changed": col.changed,
                    }
                    for col in done.columns
                ],
            }
            for done in sorted(files, key=lambda d: d.path)
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
