"""The fast path of a CSV copy: a block of whole lines parsed by pyarrow, each redacted
column rewritten as one array, and the new fields spliced into the block's own bytes.

Each column's quoting is taken from the first lines (every field quoted, or only those that
need it), and a block is taken only when its layout is proven (``_proven``): every record on
one line, each line as long as its parsed values say under that quoting, and each field
where its offset says (the delimiter before it, a quote at its start exactly when it is
quoted). Then the bytes between redacted fields are the source's, copied as they are:
unredacted columns, quoting and line endings stay byte-identical. Otherwise ``block``
returns None and the caller writes the rest of the file record by record
(``csv._Fields``). pyarrow only (NumPy is not a dependency).
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from piiscan.redaction.plan import ColumnPlan

if TYPE_CHECKING:
    import pyarrow as pa

STYLE_LINES = 64
"""Lines of the first block whose fields decide each column's quoting."""
_UTF8 = ("utf-8", "utf_8", "utf8", "ascii")


class Rewritten(NamedTuple):
    """One block's copy."""

    data: bytes | memoryview
    rows: int
    changed: Counter[str]
    """Values changed per column."""


class BlockWriter:
    """Rewrites blocks of whole CSV lines (all of one file, after its header)."""

    def __init__(
        self,
        names: list[str],
        plans: dict[int, ColumnPlan],
        delimiter: str,
        ending: str,
        encoding: str,
        changed: Counter[str],
        split: Callable[[str], list[str]],
    ) -> None:
        self.width = len(names)
        self.plans = {j: p for j, p in plans.items() if p.changes}
        self.delimiter = delimiter
        self.ending = ending
        self.encoding = encoding
        self.changed = changed
        """Values changed per column: what ``write`` counts (``block`` counts nothing)."""
        self._split = split
        self._names = [f"c{i}" for i in range(self.width)]
        escaped = "\\t" if delimiter == "\t" else re.escape(delimiter)
        self._special = f'[{escaped}"\\r\\n]'
        """Characters that make a field need quotes (RE2)."""
        self._all_quoted: list[bool] | None = None
        self._runs: list[tuple[int, int]] = []
        """(first, last) of each run of neighbouring redacted columns."""
        for j in sorted(self.plans):
            if self._runs and self._runs[-1][1] == j - 1:
                self._runs[-1] = (self._runs[-1][0], j)
            else:
                self._runs.append((j, j))
        self.whole = self._runs == [(0, self.width - 1)] and all(
            p.action == "drop" for p in self.plans.values()
        )
        """Every column dropped: nothing is left of a record (the record-by-record path)."""

    @staticmethod
    def fits(names: list[str], delimiter: str, ending: str, encoding: str) -> bool:
        """Whether a file of this layout may take the fast path at all."""
        try:
            ascii_safe = all(c.encode(encoding) == c.encode() for c in f'{delimiter}"\n\r')
        except (UnicodeError, LookupError):
            return False
        return len(names) > 1 and ending in ("\n", "\r\n") and ascii_safe and len(delimiter) == 1

    def block(self, data: bytes, *, final: bool) -> Rewritten | None:
        """The block's copy, or None when its layout is not proven. Blocks after the first
        may be rewritten side by side in threads: this changes no state but the first
        block's quoting styles (pyarrow releases the GIL, so a second core shortens the
        copy)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        utf8 = data if self.encoding in _UTF8 else _transcode(data, self.encoding, "utf-8")
        if utf8 is None:
            return None
        added = not utf8.endswith(b"\n")
        if added and not final:
            return None
        if added:
            utf8 += self.ending.encode()
        table = self._parse(utf8)
        if table is None or table.num_rows == 0 or self.whole:
            return None
        rows = table.num_rows
        lines = _line_lengths(utf8)
        if len(lines) != rows:
            return None
        columns = [c.combine_chunks() for c in table.columns]
        if self._all_quoted is None:
            self._all_quoted = self._styles(utf8)
        fields = [self._field(c, q) for c, q in zip(columns, self._all_quoted, strict=True)]
        total = pa.scalar(self.width - 1 + len(self.ending) - 1, pa.int64())
        for length, _ in fields:
            total = pc.add(total, length)
        if not pc.all(pc.equal(total, lines)).as_py():
            return None
        starts = self._starts(lines, fields)
        if not self._proven(utf8, starts, lines, fields):
            return None
        changed: Counter[str] = Counter()
        out = self._splice(utf8, starts, fields, columns, changed)
        if added:
            out = out[: -len(self.ending)]
        if self.encoding not in _UTF8:
            back = _transcode(bytes(out), "utf-8", self.encoding)
            if back is None:
                return None
            out = back
        return Rewritten(out, rows, changed)

    def write(self, done: Rewritten) -> bytes | memoryview:
        """A rewritten block's bytes, its changes counted."""
        self.changed.update(done.changed)
        return done.data

    def _parse(self, utf8: bytes) -> pa.Table | None:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        try:
            return pcsv.read_csv(
                pa.py_buffer(utf8),
                read_options=pcsv.ReadOptions(column_names=self._names, block_size=4 << 20),
                parse_options=pcsv.ParseOptions(
                    delimiter=self.delimiter, newlines_in_values=False, ignore_empty_lines=False
                ),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(self._names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    null_values=[],
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None

    def _styles(self, utf8: bytes) -> list[bool]:
        """Per column, whether every field is quoted (else only those that need it), as the
        first lines show: a quoted field that needs no quotes says every field is."""
        special = re.compile(self._special.replace("\\t", "\t"))
        every = [False] * self.width
        plain = [False] * self.width
        for line in utf8[: 1 << 16].decode("utf-8", "replace").splitlines()[:STYLE_LINES]:
            for j, raw in enumerate(self._split(line)[: self.width]):
                if raw.startswith('"') and not special.search(raw[1:-1].replace('""', "")):
                    every[j] = True
                elif raw and not raw.startswith('"'):
                    plain[j] = True
        return [e and not p for e, p in zip(every, plain, strict=True)]

    def _field(self, values: pa.Array, all_quoted: bool) -> tuple[pa.Array, pa.Array | bool]:
        """(each field's length in the source's bytes, whether it is quoted)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        length = pc.binary_length(values).cast(pa.int64())
        quoted: pa.Array | bool = all_quoted
        if not all_quoted and _contains(values, self._special):
            quoted = pc.match_substring_regex(values, self._special)
        if quoted is False:
            return length, False
        extra = pa.scalar(2, pa.int64())
        if _contains(values, '"'):
            extra = pc.add(pc.count_substring(values, '"').cast(pa.int64()), 2)
        if quoted is True:
            return pc.add(length, extra), True
        assert not isinstance(quoted, bool)
        zero = pa.scalar(0, pa.int64())
        return pc.add(length, pc.if_else(quoted, extra, zero)), quoted

    @staticmethod
    def _starts(lines: pa.Array, fields: list[tuple[pa.Array, pa.Array | bool]]) -> list[pa.Array]:
        """Each field's offset in the block, from the line lengths and the fields' lengths."""
        import pyarrow as pa
        import pyarrow.compute as pc

        one = pa.scalar(1, pa.int64())
        steps = pc.add(lines, one)
        starts = [pc.subtract(pc.cumulative_sum(steps), steps)]
        for length, _ in fields[:-1]:
            starts.append(pc.add(pc.add(starts[-1], length), one))
        return starts

    def _proven(
        self,
        utf8: bytes,
        starts: list[pa.Array],
        lines: pa.Array,
        fields: list[tuple[pa.Array, pa.Array | bool]],
    ) -> bool:
        """Whether every field is where its offset says: the delimiter before it, a quote at
        its start exactly when it is quoted, a carriage return before each ``\n`` of a CRLF
        file. Field by field from the line's start, each length is then the source's own,
        so the redacted fields' bytes are exactly those replaced."""
        import pyarrow as pa
        import pyarrow.compute as pc

        data = pa.Array.from_buffers(pa.uint8(), len(utf8), [None, pa.py_buffer(utf8)])
        quote = pa.scalar(ord('"'), pa.uint8())
        delimiter = pa.scalar(ord(self.delimiter), pa.uint8())
        for j, (at, (_, quoted)) in enumerate(zip(starts, fields, strict=True)):
            opens = pc.equal(data.take(at), quote)
            if quoted is True or quoted is False:
                right = pc.all(opens) if quoted else pc.invert(pc.any(opens))
            else:
                right = pc.all(pc.equal(opens, quoted))
            if not right.as_py():
                return False
            if j and not pc.all(pc.equal(data.take(pc.subtract(at, 1)), delimiter)).as_py():
                return False
        if len(self.ending) == 2:
            ends = pc.subtract(pc.add(starts[0], lines), 1)
            return bool(pc.all(pc.equal(data.take(ends), pa.scalar(13, pa.uint8()))).as_py())
        return True

    def _splice(
        self,
        utf8: bytes,
        starts: list[pa.Array],
        fields: list[tuple[pa.Array, pa.Array | bool]],
        columns: list[pa.Array],
        changed: Counter[str],
    ) -> bytes | memoryview:
        """The block with each run of neighbouring redacted fields replaced by their new
        text (a dropped field gone with one delimiter), every other byte as it was (a view
        of pyarrow's buffer: copying 8 MB would hold the GIL)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not self._runs:
            return utf8
        rows = len(starts[0])
        one = pa.scalar(1, pa.int64())
        edges: list[pa.Array] = [starts[0]]
        news: list[pa.Array] = []
        for first, last in self._runs:
            start, end = starts[first], pc.add(starts[last], fields[last][0])
            parts: list[pa.Array | str] = []
            for j in range(first, last + 1):
                plan = self.plans[j]
                if plan.action == "drop":
                    present = pc.sum(pc.greater(fields[j][0], 0)).as_py() or 0
                    changed[plan.column] += present
                    continue
                pieces, count = self._rewritten(plan, columns[j], fields[j][1])
                changed[plan.column] += count
                for piece in [self.delimiter, *pieces] if parts else pieces:
                    if isinstance(piece, str) and parts and isinstance(parts[-1], str):
                        parts[-1] += piece  # '"', ',', '"' as one '","': half the join's time
                    else:
                        parts.append(piece)
            if len(parts) > 1:
                new = pc.binary_join_element_wise(*parts, "")
            elif parts:
                assert not isinstance(parts[0], str)
                new = parts[0]
            else:
                new = pa.repeat(pa.scalar("", pa.string()), rows)
                if first:
                    start = pc.subtract(start, one)
                else:
                    end = pc.add(end, one)
            edges += [start, end]
            news.append(new.cast(pa.binary()))
        per_row = len(edges)
        everything = _arange(rows * per_row)
        row = pc.divide(everything, per_row)
        slot = pc.subtract(everything, pc.multiply(row, per_row))
        flat = pa.concat_arrays([e.cast(pa.int64()) for e in edges])
        offsets = flat.take(pc.add(pc.multiply(slot, rows), row))
        offsets = pa.concat_arrays([offsets, pa.array([len(utf8)], pa.int64())]).cast(pa.int32())
        pieces = pa.Array.from_buffers(
            pa.binary(), rows * per_row, [None, offsets.buffers()[1], pa.py_buffer(utf8)]
        )
        new_slot = pc.equal(pc.bit_wise_and(slot, 1), 1)
        new_index = pc.add(rows * per_row, pc.add(pc.multiply(pc.divide(slot, 2), rows), row))
        order = pc.if_else(new_slot, new_index, everything)
        joined = pa.concat_arrays([pieces, *news]).take(order)
        size = pc.sum(pc.binary_length(joined)).as_py() or 0
        data = joined.buffers()[2]
        return memoryview(data)[:size] if data is not None else b""

    def _rewritten(
        self, plan: ColumnPlan, values: pa.Array, quoted: pa.Array | bool
    ) -> tuple[list[pa.Array | str], int]:
        """A column's new fields, quoted where the source's were or where the new text
        needs quotes, as pieces to join (a column quoted throughout is ``'"', values, '"'``,
        joined with its run's other fields at once); and the count of values changed."""
        import pyarrow.compute as pc

        assert plan.transform is not None
        new = plan.transform.array(values)
        changed = pc.not_equal(new, values)
        count = pc.sum(changed).as_py() or 0
        wrap: pa.Array | bool = quoted
        if wrap is not True and _contains(new, self._special):
            need = pc.and_(pc.match_substring_regex(new, self._special), changed)
            wrap = need if wrap is False else pc.or_(wrap, need)
        if wrap is False:
            return [new], count
        escaped = pc.replace_substring(new, '"', '""') if _contains(new, '"') else new
        if wrap is True:
            return ['"', escaped, '"'], count
        return [pc.if_else(wrap, pc.binary_join_element_wise('"', escaped, '"', ""), new)], count


def _contains(values: pa.Array, regex: str) -> bool:
    """Whether any byte of the array's data may match ``regex`` (one RE2 pass over the whole
    buffer: a value that cannot contain a match spares the per-value search)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    data = values.buffers()[2]
    if data is None or data.size == 0:
        return False
    whole = pa.Array.from_buffers(
        pa.large_binary(), 1, [None, pa.py_buffer(struct.pack("<qq", 0, data.size)), data]
    )
    return bool(pc.match_substring_regex(whole, regex)[0].as_py())


def _line_lengths(utf8: bytes) -> pa.Array:
    """The length of each ``\\n``-ended line of ``utf8`` (without its ``\\n``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    whole = pa.Array.from_buffers(
        pa.large_binary(),
        1,
        [None, pa.py_buffer(struct.pack("<qq", 0, len(utf8))), pa.py_buffer(utf8)],
    )
    lines = pc.split_pattern(whole, b"\n").flatten()
    return pc.binary_length(lines.slice(0, len(lines) - 1)).cast(pa.int64())


_RANGE: list[pa.Array] = []


def _arange(n: int) -> pa.Array:
    """0, 1 ... n - 1 (kept, as blocks ask for about the same length each time)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kept = _RANGE[0] if _RANGE else None
    if kept is None or len(kept) < n:
        ones = pa.repeat(pa.scalar(1, pa.int64()), max(n, 1 << 16))
        kept = pc.subtract(pc.cumulative_sum(ones), 1)
        _RANGE[:] = [kept]
    return kept.slice(0, n)


def _transcode(data: bytes, source: str, target: str) -> bytes | None:
    try:
        return data.decode(source).encode(target)
    except UnicodeError:
        return None
