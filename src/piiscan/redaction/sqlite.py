"""The redacted copy of a SQLite database: the whole file copied with SQLite's backup API,
then in each table with a plan the rewritten columns updated row by row (by rowid, in one
transaction) and the dropped columns dropped (``ALTER TABLE ... DROP COLUMN``; a column
SQLite cannot drop, being in a key, an index, a view or a constraint, is emptied to NULL).

The source is read, never written. Triggers are set aside while the copy is rewritten (an
audit trigger would otherwise copy the old values elsewhere) and put back as they were. The
copy is vacuumed last, so no page of it still holds an old value. A table WITHOUT ROWID
cannot be updated row by row and is refused (exit 2).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import replace
from itertools import islice
from pathlib import Path
from urllib.parse import quote

from piiscan.errors import ReadError
from piiscan.model import FileRef, ReadOptions
from piiscan.readers.csv import unique_names
from piiscan.readers.sqlite import error_kind, quote_name, shown_tables
from piiscan.redaction.plan import ColumnPlan, FilePlan, Written


def write_sqlite(ref: FileRef, target: Path, plan: FilePlan, options: ReadOptions) -> Written:
    """Write the copy of ``ref`` to ``target``; ``plan`` names columns ``[table]column``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = copy = None
    try:
        source = sqlite3.connect(f"file:{quote(str(ref.path))}?mode=ro", uri=True)
        source.text_factory = bytes
        copy = sqlite3.connect(partial, isolation_level=None)
        source.backup(copy)
        written = _Copy(source, copy, plan, max(1, options.batch_rows)).run()
        copy.close()
        copy = None
        partial.replace(target)
        return written
    except sqlite3.Error as exc:
        raise ReadError(f"the database copy could not be written ({error_kind(exc)})") from None
    finally:
        for connection in (source, copy):
            if connection is not None:
                connection.close()
        for leftover in (partial, *(partial.with_name(partial.name + s) for s in _SIDECARS)):
            leftover.unlink(missing_ok=True)


_SIDECARS = ("-journal", "-wal", "-shm")


class _Copy:
    """One database copy being rewritten."""

    def __init__(
        self, source: sqlite3.Connection, copy: sqlite3.Connection, plan: FilePlan, batch: int
    ) -> None:
        self.source = source
        self.copy = copy
        self.plan = plan
        self.batch = batch
        self.changed: Counter[str] = Counter()
        self.used: dict[str, ColumnPlan] = {}
        self.rows = 0

    def run(self) -> Written:
        wal = self.copy.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        self.copy.execute("PRAGMA journal_mode=DELETE")
        self.copy.execute("PRAGMA secure_delete=ON")
        triggers = self.copy.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
        ).fetchall()
        listed = self.source.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
        ).fetchall()
        shown = shown_tables([raw.decode("utf-8", "replace") for raw, _ in listed])
        tables = [raw.decode("utf-8", "replace") for raw, kind in listed if kind == b"table"]
        self.copy.execute("BEGIN")
        for name, _ in triggers:
            self.copy.execute(f"DROP TRIGGER {quote_name(name)}")
        for name in tables:
            self._table(name, shown[name])
        for _, sql in triggers:
            self.copy.execute(sql)
        self.copy.execute("COMMIT")
        self.copy.execute("VACUUM")
        if wal:
            self.copy.execute("PRAGMA journal_mode=WAL")
        return Written(self.rows, self.changed, self.used)

    def _table(self, name: str, table: str) -> None:
        """Rewrite table ``name``, shown as ``table`` (``[name]``, ``[table N]``)."""
        own = {n[len(table) :]: p for n, p in self.plan.columns.items() if n.startswith(table)}
        cursor = self.source.execute(f"SELECT * FROM {quote_name(name)} LIMIT 0")
        columns = [c[0] for c in cursor.description or ()]
        names = unique_names(columns)
        plans = FilePlan(self.plan.path, own, self.plan.cut_link).for_names(names)
        chosen = {
            columns[names.index(n)]: replace(p, column=table + n)
            for n, p in plans.items()
            if p.changes
        }
        if not chosen:
            return
        try:
            self.source.execute(f"SELECT rowid FROM {quote_name(name)} LIMIT 0")
        except sqlite3.OperationalError:
            raise ReadError(f"table {table}: WITHOUT ROWID tables cannot be redacted yet") from None
        self.rows += self.source.execute(f"SELECT count(*) FROM {quote_name(name)}").fetchone()[0]
        rewritten = {c: p for c, p in chosen.items() if p.transform is not None}
        if rewritten:
            self._rewrite(name, rewritten)
        for column, plan in chosen.items():
            if plan.transform is None:
                self._drop(name, column, plan)
            self.used[plan.column] = plan

    def _rewrite(self, name: str, plans: dict[str, ColumnPlan]) -> None:
        """Each rewritten column's texts through its transform, a batch of rows at a time,
        the rows whose text changed updated by rowid."""
        import pyarrow as pa
        import pyarrow.compute as pc

        texts = ", ".join(f"CAST({quote_name(c)} AS TEXT)" for c in plans)
        rows = self.source.execute(f"SELECT rowid, {texts} FROM {quote_name(name)}")
        while piece := list(islice(rows, self.batch)):
            rowids = [row[0] for row in piece]
            for j, (column, plan) in enumerate(plans.items(), start=1):
                assert plan.transform is not None
                values = pa.array(
                    [None if r[j] is None else r[j].decode("utf-8", "replace") for r in piece],
                    pa.string(),
                )
                present = pc.and_(pc.is_valid(values), pc.greater(pc.binary_length(values), 0))
                old = values.filter(present)
                if not len(old):
                    continue
                new = plan.transform.array(old).cast(pa.string())
                ids = pa.array(rowids, pa.int64()).filter(present)
                differ = pc.not_equal(new, old)
                updates = zip(
                    new.filter(differ).to_pylist(), ids.filter(differ).to_pylist(), strict=True
                )
                try:
                    count = self.copy.executemany(
                        f"UPDATE {quote_name(name)} SET {quote_name(column)} = ? WHERE rowid = ?",
                        updates,
                    ).rowcount
                except sqlite3.IntegrityError as exc:
                    raise ReadError(
                        f"{plan.column}: the {plan.action.value}ed values break a constraint"
                        f" of the table ({error_kind(exc)}); pseudonymise or drop the column"
                    ) from None
                self.changed[plan.column] += max(count, 0)

    def _drop(self, name: str, column: str, plan: ColumnPlan) -> None:
        """Drop the column; one SQLite cannot drop is set to NULL in every row."""
        table, quoted = quote_name(name), quote_name(column)
        self.changed[plan.column] += self.copy.execute(
            f"SELECT count(*) FROM {table} WHERE {quoted} IS NOT NULL AND {quoted} != ''"
        ).fetchone()[0]
        self.copy.execute("SAVEPOINT drop_column")
        try:
            self.copy.execute(f"ALTER TABLE {table} DROP COLUMN {quoted}")
        except sqlite3.Error:
            self.copy.execute("ROLLBACK TO drop_column")
            self.copy.execute(f"UPDATE {table} SET {quoted} = NULL")
        self.copy.execute("RELEASE drop_column")
