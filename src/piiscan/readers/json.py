"""JSON and JSON Lines, streamed and flattened to string columns.

Shapes (JSON):
- a top-level array: each element is a row, numbered 1, 2, ... in array order;
- a top-level object: its members form one record (row 1), except that every member holding
  an array is streamed element by element, each element a row of its own numbered from 1 within
  that array, under the member's name: ``{"customers": [{"name": ...}]}`` gives
  ``customers[].name``. A single object therefore reads as one row (plus its list members);
- an array of arrays: a grid; its first row names the columns when it is all strings (a
  spreadsheet API's ``values``), else they are ``column_1``, ``column_2``, ...;
- a top-level object judged by its first members: ``{"columns": [..], "data": [[..]]}``
  (pandas' split, ``index`` to ``(key)``); ``{"schema": {"fields": ..}, "data": [..]}``
  (pandas' table); a first member that is an array of scalars, or an object of index labels
  (``{"email": [..]}``, pandas' columns): each member a column, its n-th element row n;
  keys that are data (ids, e-mails, phones: pandas' index; or three objects of one shape):
  each member a row, its key in ``(key)``;
- concatenated documents (``{..}{..}``, one per line): each object a row, numbered on;
- anything else (a bare string or number) is not a table: ReadError.

Keys that are data deeper down (an object whose first two keys are) go to ``<path>.(key)``,
their values under ``<path>.*``; column names that are not plain identifiers are scanned as
values of ``(keys)``, at the row where each first appears.

JSON Lines: one object per line; the row number is the 1-based *line number* in the file (blank
lines count), so a person can jump to it in an editor. Lines that are not a JSON object (or are
longer than ``MAX_VALUE_CHARS``) are skipped and reported at the end, after every good row was
yielded.

Limits: columns past a ``max_columns`` the user set (in order of first appearance) are dropped
and named as not examined (exit 2); a value to be read whole that is longer than
``MAX_VALUE_CHARS`` is an error, after the rows before it.

Flattening: nested objects ``a.b.c``; list elements ``wishlist[]``, ``orders[].items[].sku``,
each element's values at the row of the object holding the list. Values: strings as-is,
numbers as their JSON text (``55.750`` stays ``55.750``), booleans ``true``/``false``,
null is null. Columns keep the order in which they first appear in the file.
"""

from __future__ import annotations

import codecs
import functools
import io
import itertools
import json
import re
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import Any

from piiscan.errors import PiiscanError, ReadError
from piiscan.headers import looks_like_data
from piiscan.model import Batch, ColumnChunk, FileRef, Format, ReadOptions, Region
from piiscan.readers._protocol import ColumnLocator, Head
from piiscan.readers._stream import (
    Limits,
    Pacer,
    Source,
    int64_array,
    open_source,
    string_array,
)

CHUNK = 1024 * 1024
"""Bytes of JSON text decoded at a time; an element larger than this grows the buffer."""
MAX_VALUE_CHARS = 64 * 1024 * 1024
"""A JSON value read whole (an array element, a member of the top-level object, a JSON Lines
line) may be this long; a longer one is an error. Decoded, it takes several times this much
memory, so this bounds memory for documents that cannot be streamed."""
_NEAR_END = 16
"""A decode error this close to the buffer's end may only mean the element is cut short."""
_WS = re.compile(r"[ \t\n\r\x1e]*")
"""Whitespace between values, and RFC 7464's record separator (``jq --seq``): a JSON text
sequence is concatenated values."""
_DATA_KEY = re.compile(r"\+?\d|[^@\s]+@[^@\s]|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-")
"""An object key that is data, not a field name: a number or id, a phone, an e-mail, a UUID."""
_END = object()

KEY = "(key)"
"""Column of the keys of an object whose keys are data (``users.(key)``)."""
VALUE = "(value)"
"""Column of such an object's values that are not objects themselves."""
KEYS = "(keys)"
"""Column of the column names (object keys, header cells): a key can be data too."""

Item = tuple[int, str, Any, bool]
"""(row number, path prefix, decoded value, starts a new row)."""
Columns = dict[str, tuple[list[str | None], list[int]]]
"""Column name to (values, row numbers), in order of first appearance."""


def _decoder() -> json.JSONDecoder:
    # Numbers keep their JSON text: "0123" stays a string, 55.750 stays "55.750".
    return json.JSONDecoder(
        parse_float=str, parse_int=str, parse_constant=str, object_pairs_hook=_object
    )


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object; a key written twice keeps every value (``email``, ``email (2)``): a dict
    would keep the last one only, and the others would never be scanned."""
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    found = {}
    for key, value in pairs:
        name, n = key, 1
        while name in found:
            n += 1
            name = f"{key} ({n})"
        found[name] = value
    return found


FORMATS: tuple[Format, ...] = (Format.JSON, Format.JSONL)
SUFFIXES: Mapping[str, Format] = {
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
}
BY_MAGIC: bool = False
_JSON_START = re.compile(rb'\[\s*[\[{"\]]|\{\s*["}]|\{\s*$', re.DOTALL)


def sniff(head: Head) -> Format | None:
    """JSON or JSON Lines. A suffix that names one is believed unless the content plainly is
    the other; a file no suffix names needs a JSON start in text (``[{``, ``["``, ``{"``:
    a log line ``[INFO] ...`` is not one)."""
    stripped = head.data.lstrip(b"\xef\xbb\xbf").lstrip(b" \t\r\n\x1e")
    if head.named in FORMATS:
        return (
            _json_kind(stripped, default=head.named) if stripped[:1] in (b"[", b"{") else head.named
        )
    sequence = head.data.startswith(b"\x1e")  # RFC 7464: control characters are its own
    if (head.text is not None or sequence) and _JSON_START.match(stripped):
        return _json_kind(stripped)
    return None


def _json_kind(text: bytes, default: Format = Format.JSON) -> Format:
    """JSON Lines when the first line is a whole object and another object line follows.

    A ``.jsonl`` file stays JSON Lines unless it plainly is a JSON document (starts with ``[``,
    or a lone ``{`` on its first line), so one bad first line is still a skipped line.
    """
    if text.startswith(b"["):
        return Format.JSON
    first, _, rest = text.partition(b"\n")
    if default is Format.JSONL:
        return Format.JSON if first.strip() == b"{" else Format.JSONL
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        return Format.JSON
    if isinstance(value, dict) and rest.lstrip().startswith(b"{"):
        return Format.JSONL
    return Format.JSON


def read(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream a JSON document or JSON Lines, as ``ref.format`` says, as string columns."""
    if ref.format is Format.JSONL:
        return _read_jsonl(ref, options, limits)
    return _read_json(ref, options, limits)


def _read_json(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream a JSON document (array, object of arrays, or single object) as string columns."""
    with open_source(ref, options) as src:
        text = _Text(src)
        pacer = Pacer(options)
        try:
            yield from emit_items(_document_items(text), pacer, limits)
            if not pacer.truncated:
                text.check_end()
        except ReadError:
            # A broken compressed stream shows up as cut-short JSON: name the real cause.
            src.raise_if_failed()
            raise
        if not pacer.truncated:
            src.finish(limits)


def _read_jsonl(ref: FileRef, options: ReadOptions, limits: Limits) -> Iterator[Batch]:
    """Stream JSON Lines; bad lines are skipped and reported once the good rows are out."""
    with open_source(ref, options) as src:
        if not src.peek_head(1):
            src.raise_if_failed()
            raise ReadError("empty file")
        bad = _BadLines()
        pacer = Pacer(options)
        emitted = 0
        for batch in emit_items(_jsonl_items(src, bad), pacer, limits):
            emitted += batch.row_count
            yield batch
        if not pacer.truncated:
            src.finish(limits)
        problems = []
        if bad.count:
            problems.append(f"{bad.count} invalid JSON line(s), first at line {bad.first}")
        if bad.long:
            problems.append(
                f"{bad.long} line(s) longer than {MAX_VALUE_CHARS >> 20} MB skipped,"
                f" first at line {bad.first_long}"
            )
        if problems:
            raise ReadError("; ".join(problems))
        if emitted == 0 and not pacer.truncated:
            raise ReadError("empty file")


# -- batches ------------------------------------------------------------------------------------


def emit_items(items: Iterable[Item], pacer: Pacer, limits: Limits) -> Iterator[Batch]:
    """Decoded rows (``Item``s) flattened into batches paced by ``pacer`` (Avro's too)."""
    order: dict[str, int] = {}
    if pacer.max_rows is not None:
        # One item past the limit is enough to know the file was cut short.
        items = itertools.islice(items, pacer.max_rows + 1)
    for piece, _, truncated in pacer.pace(
        _chunks(items, pacer.batch_rows), len, lambda p, s, n: p[s : s + n]
    ):
        yield build_batch(piece, order, truncated, limits)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    except ReadError:
        # The rows decoded before the break are scanned before the error is told.
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def build_batch(
    items: list[Item],
    order: dict[str, int],
    truncated: bool = False,
    limits: Limits | None = None,
) -> Batch:
    """Flatten decoded rows into columns; ``order`` remembers first appearance across batches
    and, with ``limits``, holds at most ``max_columns`` names (later ones are dropped)."""
    sink = _Sink(order, limits)
    known = len(order)
    rows = 0
    for row, path, value, new_row in items:
        rows += new_row
        flatten_value(path, value, row, sink)
    cols = sink.cols
    # Names that are not plain field names (an e-mail, a phone, a number as a key) are
    # scanned too, each once, at the row where it first appears; outside the column budget.
    new = [name for name in cols if order[name] >= known and not plain_name(name)]
    if new:
        names, first_rows = cols.setdefault(KEYS, ([], []))
        names.extend(new)
        first_rows.extend(cols[name][1][0] for name in new)

    last = len(order)

    def chunk(name: str) -> ColumnChunk:
        return ColumnChunk(name, string_array(cols[name][0]), int64_array(cols[name][1]))

    return Batch(
        columns=tuple(chunk(name) for name in sorted(cols, key=lambda n: order.get(n, last))),
        row_count=rows,
        truncated=truncated,
    )


class _Sink:
    """Where flattened leaves go: this batch's columns, within the file's column budget."""

    def __init__(self, order: dict[str, int], limits: Limits | None) -> None:
        self.cols: Columns = {}
        self.order = order
        self.limits = limits

    def column(self, path: str) -> tuple[list[str | None], list[int]] | None:
        col = self.cols.get(path)
        if col is not None:
            return col
        if path not in self.order:
            limits = self.limits
            limit = None if limits is None else limits.max_columns
            if limits is not None and limit is not None and len(self.order) >= limit:
                limits.columns_over = True
                return None
            self.order[path] = len(self.order)
        col = self.cols[path] = ([], [])
        return col


_RECURSE_DEPTH = 64
"""Below this depth flattening recurses (fast); deeper subtrees use an explicit stack."""


def flatten_value(path: str, value: Any, row: int, cols: _Sink) -> None:
    """Add ``value``'s leaves under ``path`` at ``row`` to ``cols``."""
    if path == "" and type(value) is not dict:
        path = "[]"
    _walk(path, value, row, cols, 0)


def _walk(path: str, value: Any, row: int, cols: _Sink, depth: int) -> None:
    kind = type(value)
    if kind is dict:
        if depth > _RECURSE_DEPTH:
            _walk_deep(path, value, row, cols)
            return
        if path and len(value) > 1 and _DATA_KEY.match(next(iter(value))) and _keyed(value):
            keys, inner = f"{path}.{KEY}", f"{path}.*"
            for key, child in value.items():
                _leaf(keys, key, row, cols)
                _walk(inner, child, row, cols, depth + 1)
            return
        for key, child in value.items():
            _walk(f"{path}.{key}" if path else key, child, row, cols, depth + 1)
        return
    if kind is list:
        if depth > _RECURSE_DEPTH:
            _walk_deep(path, value, row, cols)
            return
        inner = f"{path}[]"
        for child in value:
            _walk(inner, child, row, cols, depth + 1)
        return
    _leaf(path, value, row, cols)


def _walk_deep(path: str, value: Any, row: int, cols: _Sink) -> None:
    """The same walk with an explicit stack: nesting depth cannot overflow Python's."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        p, v = stack.pop()
        if type(v) is dict and p and len(v) > 1 and _keyed(v):
            for k in v:
                _leaf(f"{p}.{KEY}", k, row, cols)
            stack.extend(reversed([(f"{p}.*", c) for c in v.values()]))
        elif type(v) is dict:
            stack.extend(reversed([(f"{p}.{k}" if p else k, c) for k, c in v.items()]))
        elif type(v) is list:
            q = f"{p}[]"
            stack.extend(reversed([(q, c) for c in v]))
        else:
            _leaf(p, v, row, cols)


_PLAIN_SEGMENT = re.compile(r"(?:[^\W\d]\w*(?: \([0-9]+\))?|\(key\)|\(value\)|\*)?(?:\[\])*")
"""An identifier (``email (2)``: a key written twice), or a name piiscan made."""


def plain_name(name: str) -> bool:
    """Whether every segment of a column name is a plain identifier (``customer.phone``,
    ``orders[].sku``): such a name holds no data worth scanning."""
    return all(_PLAIN_SEGMENT.fullmatch(segment) for segment in name.split("."))


def _keyed(value: dict[str, Any]) -> bool:
    """Whether an object maps data to values (``{"ivan@mail.ru": {...}, "petr@...": ...}``):
    its first two keys are data. Its keys then go to ``<path>.(key)``, its values under
    ``<path>.*``, instead of one column per key."""
    keys = iter(value)
    return _DATA_KEY.match(next(keys)) is not None and _DATA_KEY.match(next(keys)) is not None


def _leaf(path: str, value: Any, row: int, cols: _Sink) -> None:
    # Numbers arrive as their JSON text (parse_int/parse_float=str).
    if value is True:
        text: str | None = "true"
    elif value is False:
        text = "false"
    else:
        text = value
    col = cols.column(path)
    if col is None:
        return
    col[0].append(text)
    col[1].append(row)


# -- JSON ---------------------------------------------------------------------------------------


class _Text:
    """Incrementally decoded JSON text: a sliding buffer with absolute line/column tracking."""

    def __init__(self, src: Source) -> None:
        self._src = src
        head = src.peek_head(2)
        encoding = "utf-16" if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"
        self._chars = codecs.getincrementaldecoder(encoding)("strict")
        self._json = _decoder()
        self.buf = ""
        self.pos = 0
        self.last = (0, 0)
        self.eof = False
        self._line = 1
        """Line number of ``buf[0]``."""
        self._col = 0
        """0-based column of ``buf[0]`` within its line."""

    def fill(self, at_least: int = CHUNK) -> bool:
        """Drop consumed text and append more; False once the data is exhausted."""
        if self.pos:
            gone = self.buf[: self.pos]
            newlines = gone.count("\n")
            if newlines:
                self._line += newlines
                self._col = len(gone) - gone.rfind("\n") - 1
            else:
                self._col += len(gone)
            self.buf = self.buf[self.pos :]
            self.pos = 0
        if self.eof:
            return False
        data = self._src.read(max(at_least, CHUNK))
        try:
            more = self._chars.decode(data, final=not data)
        except UnicodeDecodeError:
            raise ReadError(f"invalid JSON: not UTF-8 text after line {self._line}") from None
        self.eof = not data
        self.buf += more
        return True

    def where(self, pos: int) -> str:
        """``line L column C`` of a buffer offset (1-based, columns in characters)."""
        newlines = self.buf.count("\n", 0, pos)
        if newlines == 0:
            return f"line {self._line} column {self._col + pos + 1}"
        return f"line {self._line + newlines} column {pos - self.buf.rfind(chr(10), 0, pos)}"

    def invalid(self, pos: int | None = None) -> ReadError:
        at = self.pos if pos is None else pos
        if at >= len(self.buf) and self.eof:
            return ReadError(f"invalid JSON at {self.where(at)}: unexpected end of data")
        return ReadError(f"invalid JSON at {self.where(at)}")

    def peek(self) -> str:
        """The next non-whitespace character ("" at the end), without consuming it."""
        while True:
            m = _WS.match(self.buf, self.pos)
            self.pos = m.end() if m else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.invalid()
        self.pos += 1

    def value(self) -> Any:
        """Decode one JSON value at the current position, reading more text as needed."""
        while True:
            try:
                value, end = self._json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                cut_short = len(self.buf) - exc.pos < _NEAR_END or exc.msg.startswith(
                    "Unterminated string"
                )
                if cut_short and not self.eof:
                    self._grow()
                    continue
                raise self.invalid(exc.pos) from None
            except RecursionError:
                raise ReadError("JSON nested too deeply") from None
            if end >= len(self.buf) and not self.eof:
                # A number at the very end of the buffer may continue in the next chunk.
                self._grow()
                continue
            self.last = (self.pos, end)
            self.pos = end
            return value

    def last_text(self) -> str:
        """The text of the value ``value`` just returned (valid until more is read)."""
        return self.buf[self.last[0] : self.last[1]]

    def _grow(self) -> None:
        """Read more of a value cut short by the buffer's end, up to ``MAX_VALUE_CHARS``."""
        pending = len(self.buf) - self.pos
        if pending > MAX_VALUE_CHARS:
            raise ReadError(
                f"a JSON value at {self.where(self.pos)} is larger than"
                f" {MAX_VALUE_CHARS >> 20} MB, or never ends (only arrays at the top level,"
                " or in a top-level object, are streamed)"
            )
        self.fill(min(2 * pending, MAX_VALUE_CHARS + CHUNK - pending))

    def whole_value(self) -> Any:
        """The value at the current position if the buffer holds all of it (consumed), else
        None (nothing consumed): a small document is judged whole, a large one streamed."""
        try:
            value, end = self._json.raw_decode(self.buf, self.pos)
        except (json.JSONDecodeError, RecursionError):
            return None
        self.pos = end
        return value

    def check_end(self) -> None:
        if self.peek() != "":
            raise ReadError(f"extra data after the JSON document at {self.where(self.pos)}")


def _document_items(text: _Text) -> Iterator[Item]:
    first = text.peek()
    if first == "":
        raise ReadError("empty file")
    if first not in "[{":
        # A lone string or number (a document of one value): one row, column ``[]``.
        high = 1
        yield high, "", text.value(), True
    elif first == "[":
        text.pos += 1
        high = yield from _top_array(text)
    else:
        high = yield from _top_object(text)
    # Concatenated documents (``{...}{...}``, or one per line in a .json file): each object a
    # row, each array's elements rows, numbered on from the first document's.
    while text.peek() in ("{", "["):
        value = text.value()
        for element in value if type(value) is list else (value,):
            high += 1
            yield high, "", element, True


def _top_array(text: _Text) -> Generator[Item, None, int]:
    """An array's elements as rows; an array of arrays is a grid (header row or not)."""
    elements = _elements(text)
    first = next(elements, _END)
    if first is _END:
        return 0
    if type(first) is list:
        # Numbers are decoded as their text: the row's own text tells a header of strings.
        # A first row holding values (an e-mail, a long number) is data, as in a CSV: its
        # cells would otherwise be printed as column names in every report.
        if (
            first
            and all(type(c) is str for c in json.loads(text.last_text()))
            and not any(looks_like_data(c) for c in first)
        ):
            return (yield from _counted(_grid(elements, first)))
        return (yield from _counted(_grid(itertools.chain([first], elements), [])))
    yield 1, "", first, True
    row = 1
    for row, value in enumerate(elements, 2):
        yield row, "", value, True
    return row


def _elements(text: _Text) -> Iterator[Any]:
    """The elements of the array whose ``[`` was just consumed, decoded one at a time."""
    if text.peek() == "]":
        text.pos += 1
        return
    while True:
        yield text.value()
        c = text.peek()
        text.pos += 1
        if c == "]":
            return
        if c != ",":
            text.pos -= 1
            raise text.invalid()
        if text.peek() == "]":
            raise text.invalid()


Member = tuple[str, Any]
"""A top-level object's member: its key and its decoded value, or an iterator over the
elements of an array (streamed, to be consumed before the next member is read)."""


def _top_object(text: _Text) -> Generator[Item, None, int]:
    whole = text.whole_value()
    if whole is None:
        text.pos += 1
        members: Iterator[Member] = _members(text)
    elif text.peek() in ("{", "["):
        # The first of several concatenated documents: a row like the ones after it.
        yield 1, "", whole, True
        return 1
    else:
        members = ((k, iter(v) if type(v) is list else v) for k, v in whole.items())
    return (yield from _object_table(members))


def _members(text: _Text) -> Iterator[Member]:
    """The members of the object whose ``{`` was just consumed; arrays are streamed."""
    if text.peek() == "}":
        text.pos += 1
        return
    while True:
        if text.peek() != '"':
            raise text.invalid()
        key = text.value()
        text.expect(":")
        if text.peek() == "[":
            text.pos += 1
            elements = _elements(text)
            yield key, elements
            for _ in elements:  # whatever the consumer left unread
                pass
        else:
            yield key, text.value()
        c = text.peek()
        text.pos += 1
        if c == "}":
            return
        if c != ",":
            text.pos -= 1
            raise text.invalid()


def _object_table(members: Iterator[Member]) -> Generator[Item, None, int]:
    """A top-level object as the table it holds, judged by its first members (read one at a
    time, arrays never held whole): see the module docstring for the shapes."""
    first = next(members, None)
    if first is None:
        return 0
    key, value = first
    if isinstance(value, Iterator):
        if key == "columns":
            header = list(value)
            second = next(members, None)
            rest = itertools.chain([] if second is None else [second], members)
            if second is not None and second[0] in ("index", "data"):
                return (yield from _counted(_split(header, rest)))
            return (yield from _records(itertools.chain([(key, iter(header))], rest)))
        head = next(value, _END)
        if head is _END or type(head) in (dict, list):
            value = value if head is _END else itertools.chain([head], value)
            return (yield from _records(itertools.chain([(key, value)], members)))
        value = itertools.chain([head], value)
        return (yield from _counted(_columns(itertools.chain([(key, value)], members))))
    if type(value) is dict and key == "schema" and "fields" in value:
        return (yield from _counted(_table_orient(itertools.chain([first], members))))
    if type(value) is dict and value and _keyed_cells(value):
        return (yield from _counted(_columns(itertools.chain([first], members))))
    looked = [first]
    for member in members:
        looked.append(member)
        if isinstance(member[1], Iterator) or len(looked) == _LOOKAHEAD:
            break
    rest = itertools.chain(looked, members)
    if _keys_are_data(looked):
        return (yield from _counted(_keyed_rows(rest)))
    return (yield from _records(rest))


_LOOKAHEAD = 3
"""Members read before a top-level object whose keys are not obviously data (``"alice"``,
``"bob"``) is judged a mapping of records: three objects of one shape."""


def _keys_are_data(looked: list[Member]) -> bool:
    """Whether these first members say the object maps data (ids, e-mails) to records."""
    if all(_DATA_KEY.match(k) for k, _ in looked[:2]) and (
        len(looked) >= 2 or type(looked[0][1]) is dict
    ):
        return True
    if len(looked) < _LOOKAHEAD or not all(type(v) is dict and v for _, v in looked):
        return False
    shape = set(looked[0][1])
    return all(len(shape & set(v)) * 2 >= len(shape | set(v)) for _, v in looked[1:])


def _keyed_cells(value: dict[str, Any]) -> bool:
    """pandas' ``orient="columns"``: a column as ``{index label: cell}``."""
    return all(_DATA_KEY.match(k) for k in value) and not any(
        type(v) in (dict, list) for v in value.values()
    )


Cell = tuple[int, str, Any]
"""(row number, path, value): an item before ``_counted`` says whether it starts a row."""


def _counted(cells: Iterable[Cell]) -> Generator[Item, None, int]:
    """Items whose row starts the first time its number is seen; returns the highest row."""
    high = 0
    for row, path, value in cells:
        yield row, path, value, row > high
        if row > high:
            high = row
    return high


def _records(members: Iterable[Member]) -> Generator[Item, None, int]:
    """One record (row 1), except that each array member's elements are rows of their own,
    numbered from 1 within that array, under ``<key>[]`` (``{"customers": [...]}``)."""
    first = True
    high = 0
    for key, value in members:
        if isinstance(value, Iterator):
            path = f"{key}[]"
            row = 0
            for row, element in enumerate(value, 1):
                yield row, path, element, True
            high = max(high, row)
        else:
            yield 1, key, value, first
            first = False
            high = max(high, 1)
    return high


def _columns(members: Iterable[Member]) -> Iterator[Cell]:
    """Column-oriented: ``{"email": [...]}`` or pandas' ``{"email": {"0": v, "1": v}}``; each
    member is a column, its n-th element row n. Index labels go to ``(key)``, once per row
    unless a later column labels that row differently."""
    labels: list[str] | None = None
    for key, value in members:
        if isinstance(value, Iterator):
            for row, element in enumerate(value, 1):
                yield row, key, element
        elif type(value) is dict and value:
            if labels is None:
                labels = list(value)
                yield from ((row, KEY, label) for row, label in enumerate(labels, 1))
            for row, (label, cell) in enumerate(value.items(), 1):
                if row > len(labels) or labels[row - 1] != label:
                    yield row, KEY, label
                yield row, key, cell
        else:
            yield 1, key, value


def _split(header: list[str], members: Iterable[Member]) -> Iterator[Cell]:
    """pandas' ``orient="split"``: ``columns`` names the cells of each ``data`` row."""
    for key, value in members:
        if key == "data" and isinstance(value, Iterator):
            yield from _grid(value, header)
        elif key == "index" and isinstance(value, Iterator):
            yield from ((row, KEY, label) for row, label in enumerate(value, 1))
        elif isinstance(value, Iterator):
            yield from ((row, f"{key}[]", element) for row, element in enumerate(value, 1))
        else:
            yield 1, key, value


def _table_orient(members: Iterable[Member]) -> Iterator[Cell]:
    """pandas' ``orient="table"``: ``data`` holds the records, ``schema`` describes them."""
    for key, value in members:
        if key == "data" and isinstance(value, Iterator):
            yield from ((row, "", record) for row, record in enumerate(value, 1))
        elif isinstance(value, Iterator):
            yield from ((row, f"{key}[]", element) for row, element in enumerate(value, 1))
        else:
            yield 1, key, value


def _keyed_rows(members: Iterable[Member]) -> Iterator[Cell]:
    """An object whose keys are data (ids, e-mails): each member a row, its key in ``(key)``,
    its fields as columns (a value that is not an object goes to ``(value)``)."""
    for row, (key, value) in enumerate(members, 1):
        yield row, KEY, key
        if type(value) is dict:
            yield row, "", value
        elif isinstance(value, Iterator):
            yield from ((row, f"{VALUE}[]", element) for element in value)
        else:
            yield row, VALUE, value


def _grid(rows: Iterator[Any], header: list[Any]) -> Iterator[Cell]:
    """An array of arrays: rows of cells under the header's names, ``column_<n>`` past it;
    data rows are numbered from 1 after the header."""
    names = _column_names(header)
    width = len(names)
    for row, cells in enumerate(rows, 1):
        if type(cells) is not list:
            yield row, "", cells
            continue
        record = dict(zip(names, cells, strict=False))
        for extra in range(width, len(cells)):
            record[f"column_{extra + 1}"] = cells[extra]
        yield row, "", record


def _column_names(header: list[Any]) -> list[str]:
    """Header cells as column names: blank or non-text ones ``column_<n>``, repeats ``name (2)``."""
    names: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(header, 1):
        name = cell if type(cell) is str and cell.strip() else f"column_{i}"
        if name in seen:
            n = 2
            while f"{name} ({n})" in seen:
                n += 1
            name = f"{name} ({n})"
        seen.add(name)
        names.append(name)
    return names


# -- JSON Lines ---------------------------------------------------------------------------------


class _BadLines:
    def __init__(self) -> None:
        self.count = 0
        self.first = 0
        self.long = 0
        self.first_long = 0

    def add(self, line: int) -> None:
        self.count += 1
        if not self.first:
            self.first = line

    def add_long(self, line: int) -> None:
        self.long += 1
        if not self.first_long:
            self.first_long = line


_TOO_LONG = object()
"""Stands for a line longer than ``MAX_VALUE_CHARS`` (its text is never kept)."""


def _lines(src: Source) -> Iterator[str | object | None]:
    """Lines as text; None for a line that is not valid in the file's encoding, ``_TOO_LONG``
    for one longer than ``MAX_VALUE_CHARS`` (read past in pieces, never held whole)."""
    head = src.peek_head(2)
    buffered = io.BufferedReader(src, CHUNK)
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text = io.TextIOWrapper(buffered, encoding="utf-16", errors="replace", newline="\n")
        while line := text.readline(MAX_VALUE_CHARS + 1):
            if len(line) > MAX_VALUE_CHARS and not line.endswith("\n"):
                while (rest := text.readline(CHUNK)) and not rest.endswith("\n"):
                    pass
                yield _TOO_LONG
            else:
                yield line
        return
    first = True
    while raw := buffered.readline(MAX_VALUE_CHARS + 1):
        if len(raw) > MAX_VALUE_CHARS and not raw.endswith(b"\n"):
            while (more := buffered.readline(CHUNK)) and not more.endswith(b"\n"):
                pass
            yield _TOO_LONG
            continue
        if first and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        first = False
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield None


def _jsonl_items(src: Source, bad: _BadLines) -> Iterator[Item]:
    decoder = _decoder()
    for number, line in enumerate(_lines(src), start=1):
        if line is _TOO_LONG:
            bad.add_long(number)
            continue
        if not isinstance(line, str):
            bad.add(number)
            continue
        if not line.strip():
            continue
        try:
            value = decoder.decode(line.lstrip("\x1e"))  # a JSON text sequence's record
        except (json.JSONDecodeError, RecursionError):
            bad.add(number)
            continue
        if not isinstance(value, dict):
            bad.add(number)
            continue
        yield number, "", value, True


# -- locating a key -----------------------------------------------------------------------------

SCAN_CHARS = 4 * 1024 * 1024
"""JSON text looked through for a key before giving up."""
_LOCATE_CHUNK = 64 * 1024
_OVERLAP = 4096
"""Text searched again after a miss: a key cut by a chunk boundary is found next time."""
_LOCATE_PROBLEMS = (PiiscanError, OSError, ValueError, LookupError, EOFError, MemoryError)
"""What reading the start of a damaged file can raise; locating turns each into None."""


def locate(ref: FileRef) -> ColumnLocator:
    """Where each column's key is first written (SARIF regions, annotations)."""
    return functools.partial(key_region, ref)


def key_region(ref: FileRef, column: str) -> Region | None:
    """The first ``"key":`` of the column's path, its segments found in order
    (``customer.contact.phone``: ``"customer"``, then ``"contact"``, then ``"phone"``), else
    the first occurrence of the leaf key, within the first ``SCAN_CHARS`` characters; None
    when neither is there or the file cannot be read."""
    segments = [s for s in (part.replace("[]", "") for part in column.split(".")) if s]
    if not segments:
        return None
    chain = [_key_pattern(s) for s in segments]
    leaf = chain[-1]
    try:
        with open_source(ref) as src:
            utf16 = src.peek_head(2) in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            encoding = "utf-16" if utf16 else "utf-8-sig"
            reader = io.TextIOWrapper(
                io.BufferedReader(src, _LOCATE_CHUNK),
                encoding=encoding,
                errors="replace",
                newline=None,
            )
            return _search(reader, chain, leaf)
    except _LOCATE_PROBLEMS:
        return None


def _key_pattern(key: str) -> re.Pattern[str]:
    spellings = {json.dumps(key, ensure_ascii=False), json.dumps(key)}
    alternatives = "|".join(re.escape(s) for s in sorted(spellings))
    # Not after a backslash: \"key\": inside a string value is not a key.
    return re.compile(rf"(?<!\\)({alternatives})[ \t\n]*:")


def _search(
    reader: io.TextIOWrapper, chain: list[re.Pattern[str]], leaf: re.Pattern[str]
) -> Region | None:
    buf = ""
    step = 0
    chain_from = 0
    leaf_from = 0
    leaf_hit: re.Match[str] | None = None
    eof = False
    while True:
        if leaf_hit is None:
            leaf_hit = leaf.search(buf, leaf_from)
            leaf_from = max(leaf_from, len(buf) - _OVERLAP)
        while step < len(chain) and (hit := chain[step].search(buf, chain_from)):
            step += 1
            chain_from = hit.end()
            if step == len(chain):
                return _key_region(buf, hit)
        chain_from = max(chain_from, len(buf) - _OVERLAP)
        if eof or len(buf) >= SCAN_CHARS:
            return _key_region(buf, leaf_hit) if leaf_hit is not None else None
        more = reader.read(_LOCATE_CHUNK)
        eof = not more
        buf += more


def _key_region(buf: str, hit: re.Match[str]) -> Region:
    at = hit.start(1)
    line = buf.count("\n", 0, at) + 1
    col = at - (buf.rfind("\n", 0, at) + 1) + 1
    return Region(start_line=line, start_column=col, end_column=col + len(hit.group(1)))
