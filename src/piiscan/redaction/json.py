"""The redacted copy of a JSON Lines or JSON file: same nesting, same order of keys and rows.

Values are addressed by the reader's column names (``customer.email``, ``orders[].sku``,
``tags[]``), walked from the top as the reader flattens them. A JSON Lines line without a
redacted value is copied byte for byte; a changed line is written back with its numbers as
they were written (``55.750`` stays ``55.750``). A dropped column's key is removed from its
object. A JSON document is read whole (JSON Lines streams line by line).

Column names the walk does not produce (pandas' split, table and columns shapes) are not
redacted here: the scan of the copy then names them, and the redaction exits 1.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import IO, Any

from piiscan.errors import ReadError
from piiscan.model import FileRef, Format, ReadOptions
from piiscan.readers._stream import open_source
from piiscan.readers.json import KEY, _keyed
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
    new = walker.walk("", value)
    indent = 2 if "\n" in text.strip() else None
    dumped = _dump(new, compact=indent is None and '": ' not in text, indent=indent)
    out.write(_bytes(dumped + ("\n" if text.endswith("\n") else "")))
    return len(value) if type(value) is list else 1


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
