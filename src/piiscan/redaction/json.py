"""The redacted copy of a JSON Lines or JSON file: same nesting, same order of keys and rows.

Values are addressed by the reader's column names (``customer.email``, ``orders[].sku``,
``tags[]``), walked from the top as the reader flattens them. A JSON Lines line without a
redacted value is copied byte for byte; a changed line is written back with its numbers as
they were written (``55.750`` stays ``55.750``). A dropped column's key is removed from its
object. A JSON document is read whole (JSON Lines streams line by line).

A whole document is walked in the shape the reader took it for (``_shaped``): a grid,
pandas' split, table, columns, index and values orients. A column the walk still does not
reach is named by the scan of the copy, and the redaction exits 1.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import IO, Any

from piiscan.errors import ReadError
from piiscan.headers import looks_like_data
from piiscan.model import FileRef, Format, ReadOptions
from piiscan.readers._stream import open_source
from piiscan.readers.json import (
    KEY,
    VALUE,
    _column_names,
    _keyed,
    _keyed_cells,
    _keys_are_data,
)
from piiscan.redaction.plan import LINK, ColumnPlan, FilePlan, Written
from piiscan.redaction.sink import open_sink


class _Number(str):
    """A JSON number kept as the text it was written as."""


_DECODER = json.JSONDecoder(parse_float=_Number, parse_int=_Number, parse_constant=_Number)


def write_json(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of ``ref`` to ``target``."""
    walker = _Walker(plan)
    with open_source(ref, options) as src:
        text = io.TextIOWrapper(
            io.BufferedReader(src), "utf-8-sig", errors="surrogateescape", newline=""
        )
        with open_sink(target, src.compression) as out:
            if ref.format is Format.JSONL:
                rows = _jsonl(text, out, walker)
            else:
                rows = _document(text.read(), out, walker)
        src.raise_if_failed()
    return Written(rows, walker.changed, walker.used)


def _jsonl(text: io.TextIOBase, out: IO[bytes], walker: _Walker) -> int:
    rows = 0
    for line in text:
        body = line.strip()
        if not body:
            out.write(_bytes(line))
            continue
        rows += 1
        try:
            value = _DECODER.decode(body)
        except ValueError:
            raise ReadError(f"line {rows}: not valid JSON: cannot redact it") from None
        walker.touched = False
        new = walker.walk("", value)
        if not walker.touched:
            out.write(_bytes(line))
            continue
        ending = line[len(line.rstrip("\r\n")) :]
        compact = '": ' not in body and '", ' not in body
        out.write(_bytes(_dump(new, compact=compact) + ending))
    return rows


def _document(text: str, out: IO[bytes], walker: _Walker) -> int:
    try:
        value = _DECODER.decode(text)
    except ValueError:
        raise ReadError("not a single JSON document: cannot redact it yet") from None
    new = _shaped(value, walker)
    indent = 2 if "\n" in text.strip() else None
    dumped = _dump(new, compact=indent is None and '": ' not in text, indent=indent)
    out.write(_bytes(dumped + ("\n" if text.endswith("\n") else "")))
    return len(value) if type(value) is list else 1


def _shaped(value: Any, walker: _Walker) -> Any:
    """A whole document through the plans, its columns named as the reader names them:
    a grid (an array of arrays, pandas' ``values``), pandas' ``split``, ``table``,
    ``columns`` and ``index`` orients, else records walked from the top."""
    if type(value) is list and value and type(value[0]) is list:
        first = value[0]
        header = bool(first) and all(type(c) is str for c in first)
        header = header and not any(looks_like_data(c) for c in first)
        if not header:
            return _grid(None, value, walker)
        return _grid(first, value[1:], walker)
    if type(value) is not dict or not value:
        return walker.walk("", value)
    items = list(value.items())
    (key, head), second = items[0], items[1][0] if len(items) > 1 else None
    if key == "columns" and type(head) is list and second in ("index", "data"):
        out: dict[str, Any] = {}
        for name, member in items:
            if name == "data" and type(member) is list:
                kept, out["data"] = _grid(head, member, walker, header_out=False)
                out["columns"] = kept
            elif name == "index" and type(member) is list:
                out[name] = [walker._leaf(KEY, label) for label in member]
            elif name != "columns":
                out[name] = walker.walk(name, member)
        return {name: out.get(name, head) for name, _ in items}
    if key == "schema" and type(head) is dict and "fields" in head:
        return {
            name: [walker.walk("", r) for r in member]
            if name == "data" and type(member) is list
            else member
            for name, member in items
        }
    columns = type(head) is list and bool(head) and type(head[0]) not in (dict, list)
    if columns or (type(head) is dict and head and _keyed_cells(head)):
        return _columns(items, walker)
    looked = [(k, iter(v) if type(v) is list else v) for k, v in items[:3]]
    if _keys_are_data(looked):
        rows: dict[str, Any] = {}
        for label, member in items:
            new = walker._leaf(KEY, label)
            rows[_unique(new, rows)] = (
                walker.walk("", member) if type(member) is dict else walker._leaf(VALUE, member)
            )
        return rows
    return walker.walk("", value)


def _grid(
    header: list[Any] | None, rows: list[Any], walker: _Walker, header_out: bool = True
) -> Any:
    """Rows of cells under the header's names (``column_<n>`` past it); a dropped column
    goes from the header and every row."""
    names = _column_names(header or [])
    width = max([len(r) for r in rows if type(r) is list] + [len(names)])
    names += [f"column_{i + 1}" for i in range(len(names), width)]
    dropped = set()
    for i, name in enumerate(names):
        plan = walker._plan(name)
        if plan is not None and plan.action == "drop":
            dropped.add(i)
    out = []
    for row in rows:
        if type(row) is not list:
            out.append(walker.walk("", row))
            continue
        cells = []
        for i, cell in enumerate(row):
            plan = walker._plan(names[i])
            if i in dropped and plan is not None:
                walker._count(plan, cell)
            else:
                cells.append(walker.walk(names[i], cell))
        out.append(cells)
    kept = None if header is None else [c for i, c in enumerate(header) if i not in dropped]
    if not header_out:
        return kept, out
    return out if kept is None else [kept, *out]


def _columns(items: list[tuple[str, Any]], walker: _Walker) -> dict[str, Any]:
    """pandas' ``columns`` orient (``{"email": {"0": v}}``) or arrays by column name: each
    member a column, index labels in ``(key)``."""
    out: dict[str, Any] = {}
    for name, member in items:
        plan = walker._plan(name)
        if plan is not None and plan.action == "drop":
            walker._count(plan, member)
            continue
        if type(member) is list:
            out[name] = [walker.walk(name, cell) for cell in member]
        elif type(member) is dict:
            cells: dict[str, Any] = {}
            for label, cell in member.items():
                cells[_unique(walker._leaf(KEY, label), cells)] = walker.walk(name, cell)
            out[name] = cells
        else:
            out[name] = walker.walk(name, member)
    return out


def _unique(key: str, taken: dict[str, Any]) -> str:
    """``key``, or ``key~2`` ... when a mask made two keys alike (no row is lost)."""
    n, new = 1, key
    while new in taken:
        n += 1
        new = f"{key}~{n}"
    return new


class _Walker:
    """Applies a file's column plans to parsed JSON values, counting what changed."""

    def __init__(self, plan: FilePlan) -> None:
        self.plans: dict[str, ColumnPlan] = dict(plan.columns)
        self.cut_link = plan.cut_link
        self.changed: Counter[str] = Counter()
        self.used: dict[str, ColumnPlan] = {}
        self.touched = False
        self._link: dict[str, ColumnPlan | None] = {}

    def walk(self, path: str, value: Any) -> Any:
        if path == "" and type(value) is list:
            return [self._walk("" if type(v) is dict else "[]", v) for v in value]
        return self._walk(path if path or type(value) is dict else "[]", value)

    def _plan(self, path: str) -> ColumnPlan | None:
        """The column's plan, a link column's drop included (it wins over a mask)."""
        if self.cut_link is None:
            return self.plans.get(path)
        if path not in self._link:
            own = self.plans.get(path)
            single = FilePlan(path, {path: own} if own is not None else {}, self.cut_link)
            self._link[path] = single.for_names([path]).get(path)
        return self._link[path]

    def _walk(self, path: str, value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            if path and len(value) > 1 and _keyed(value):
                return self._keyed(path, value)
            out = {}
            for key, child in value.items():
                child_path = f"{path}.{key}" if path else key
                plan = self._plan(child_path) or self._plan(f"{child_path}[]")
                if plan is not None and plan.action == "drop" and not self._inside(plan, child):
                    self._count(plan, child)
                    continue
                out[key] = self._walk(child_path, child)
            return out
        if kind is list:
            return [self._walk(f"{path}[]", child) for child in value]
        return self._leaf(path, value)

    def _inside(self, plan: ColumnPlan, child: Any) -> bool:
        """A link column's name over an object (``customer`` holding ``customer.plan``): the
        link is dropped leaf by leaf, not the whole object (a list of scalars is a leaf)."""
        if plan.rules != (LINK,):
            return False
        if type(child) is list:
            return any(type(v) in (dict, list) for v in child)
        return type(child) is dict

    def _keyed(self, path: str, value: dict[str, Any]) -> dict[str, Any]:
        keys = self.plans.get(f"{path}.{KEY}")
        out = {}
        for key, child in value.items():
            new_key = self._apply(keys, key) if keys is not None else key
            out[new_key] = self._walk(f"{path}.*", child)
        return out

    def _leaf(self, path: str, value: Any) -> Any:
        plan = self._plan(path)
        if plan is None or value is None or type(value) is bool:
            return value
        return self._apply(plan, value)

    def _apply(self, plan: ColumnPlan, value: str) -> str:
        if plan.transform is None or not value:
            return value
        new = plan.transform(str(value))
        if new != value:
            self.changed[plan.column] += 1
            self.used[plan.column] = plan
            self.touched = True
        return new if new != value else value

    def _count(self, plan: ColumnPlan, value: Any) -> None:
        self.used[plan.column] = plan
        self.touched = True
        if value not in (None, "", [], {}):
            self.changed[plan.column] += 1


def _dump(value: Any, *, compact: bool, indent: int | None = None, level: int = 0) -> str:
    """JSON text with numbers as they were written; ``indent`` spaces a level, or one line."""
    comma, colon = (",", ":") if compact else (", ", ": ")
    if type(value) in (dict, list) and value:
        if indent is None:
            inner, close, comma_out = "", "", comma
        else:
            inner = "\n" + " " * (indent * (level + 1))
            close = "\n" + " " * (indent * level)
            comma_out = ","
        if type(value) is dict:
            parts = [
                f"{json.dumps(k, ensure_ascii=False)}{colon}"
                f"{_dump(v, compact=compact, indent=indent, level=level + 1)}"
                for k, v in value.items()
            ]
            return "{" + inner + (comma_out + inner).join(parts) + close + "}"
        parts = [_dump(v, compact=compact, indent=indent, level=level + 1) for v in value]
        return "[" + inner + (comma_out + inner).join(parts) + close + "]"
    if isinstance(value, _Number):
        return str.__str__(value)
    return json.dumps(value, ensure_ascii=False)


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogateescape")
