"""The redacted copy of an Avro object container file: the same records in the same blocks,
the same codec and user metadata; the schema is the source's, except that a rewritten
field becomes ``["null", "string"]`` (a rewritten value inside an array or map: ``string``)
and a dropped field is gone.

Records are walked as JSON is (``json._Walker``), under the reader's names and on the text
the scan saw (``readers.avro._plain``); a value the walk leaves as it was is written as the
source's own typed value. A named type reused at several places cannot take different
rewrites and is refused when a rewrite touches it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from piiscan.errors import ReadError
from piiscan.model import FileRef, ReadOptions
from piiscan.readers.avro import _plain
from piiscan.redaction.json import _Walker
from piiscan.redaction.plan import LINK, ColumnPlan, FilePlan, Written
from piiscan.redaction.sink import open_sink

_NEVER = 1 << 62
"""The writer's sync interval: a block ends only where the source's did."""
_PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})


def write_avro(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of the (uncompressed) ``ref`` to ``target``, block by block."""
    import fastavro
    from fastavro.write import Writer

    walker = _Walker(plan)
    rows = 0
    with ref.path.open("rb") as source:
        try:
            blocks = fastavro.block_reader(source)
            schema = json.loads(blocks.metadata["avro.schema"])
        except Exception:  # fastavro's header errors have no common base; none quote data
            raise ReadError("not a valid Avro file: unreadable header") from None
        copy_schema = _Schema(walker).rewrite(schema, "")
        metadata = {k: _text(v) for k, v in blocks.metadata.items() if not k.startswith("avro.")}
        with open_sink(target, None) as out:
            writer = Writer(
                out, copy_schema, codec=blocks.codec, sync_interval=_NEVER, metadata=metadata
            )
            try:
                for block in blocks:
                    for record in block:
                        rows += 1
                        plain = _plain(record)
                        writer.write(_merged(record, plain, walker.walk("", plain)))
                    writer.flush()
            except ReadError:
                raise
            except Exception:  # fastavro raises many kinds on bad blocks; none quote data
                raise ReadError(
                    f"corrupt Avro data after record {rows}: cannot redact it"
                ) from None
    return Written(rows, walker.changed, walker.used)


def _merged(source: Any, before: Any, after: Any) -> Any:
    """``source`` with what the walk changed: a leaf whose text changed is the new text, a
    key the walk dropped is gone, every other value the source's own."""
    if type(source) is dict and type(after) is dict:
        if after.keys() <= source.keys():
            return {k: _merged(source[k], before[k], after[k]) for k in source if k in after}
        # map keys rewritten (keys that are data): same entries in the same order
        return {
            new: _merged(value, before[old], after[new])
            for (old, value), new in zip(source.items(), after, strict=True)
        }
    if type(source) is list and type(after) is list:
        return [_merged(s, b, a) for s, b, a in zip(source, before, after, strict=True)]
    return source if after == before else after


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class _Schema:
    """The copy's schema from the source's, by the reader's column names, as the walk
    (``walker``) will change the records."""

    def __init__(self, walker: _Walker) -> None:
        self.walker = walker
        self.named: set[str] = set()

    def _plan(self, path: str) -> ColumnPlan | None:
        return self.walker._plan(path)

    def rewrite(self, node: Any, path: str) -> Any:
        if isinstance(node, list):
            branches = [self.rewrite(branch, path) for branch in node]
            unique = [b for i, b in enumerate(branches) if b not in branches[:i]]
            return unique if len(unique) > 1 else unique[0]
        if isinstance(node, str) and node not in _PRIMITIVES:
            if self._touched(path):
                raise ReadError(f"{path}: a named Avro type used again cannot be redacted yet")
            return node
        kind = node.get("type") if isinstance(node, dict) else node
        if isinstance(node, dict) and kind in ("record", "error", "enum", "fixed"):
            self.named.add(node["name"])
        if kind in ("record", "error"):
            fields = [self._field(field, path) for field in node["fields"]]
            return dict(node, fields=[field for field in fields if field is not None])
        if kind == "array":
            return dict(node, items=self.rewrite(node["items"], f"{path}[]"))
        if kind == "map":
            return dict(node, values=self._map_values(node["values"], path))
        if isinstance(kind, dict | list):
            return self.rewrite(kind, path)
        plan = self._plan(path)
        return "string" if plan is not None and plan.transform is not None else node

    def _field(self, field: dict[str, Any], path: str) -> dict[str, Any] | None:
        """A record's field in the copy; None when the walk drops it (a link column over a
        record is dropped leaf by leaf, as ``_Walker._inside`` says)."""
        inner = f"{path}.{field['name']}" if path else field["name"]
        plan = self._plan(inner) or self._plan(f"{inner}[]")
        if plan is not None and plan.action == "drop":
            by_leaf = plan.rules == (LINK,) and _nested(field["type"])
            if not by_leaf:
                return None
        new = dict(field, type=self.rewrite(field["type"], inner))
        if plan is not None and plan.transform is not None and not _nested(field["type"]):
            new["type"] = ["null", "string"]
            new.pop("default", None)
        return new

    def _touched(self, path: str) -> bool:
        """Whether a plan names ``path`` or a column below it."""
        return any(n == path or n.startswith((f"{path}.", f"{path}[]")) for n in self.walker.plans)

    def _map_values(self, values: Any, path: str) -> Any:
        """A map's values: ``string`` too when any entry below the map is rewritten (the
        reader names entries by key: ``attrs.email``, or ``attrs.*`` when keys are data)."""
        new = self.rewrite(values, f"{path}.*")
        under = [p for n, p in self.walker.plans.items() if n.startswith(f"{path}.")]
        if not any(p.transform is not None for p in under):
            return new
        branches = new if isinstance(new, list) else [new]
        return new if "string" in branches else [*branches, "string"]


def _nested(node: Any) -> bool:
    """Whether values of this schema are objects or lists (a named reference: a record)."""
    if isinstance(node, list):
        return any(_nested(branch) for branch in node)
    if isinstance(node, str):
        return node not in _PRIMITIVES
    kind = node.get("type")
    return kind in ("record", "error", "map", "array") or isinstance(kind, dict | list)
