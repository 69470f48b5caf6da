"""``piiscan.spark``: a partitioned dataset scanned file by file on a local Spark (``local[2]``)
gives the report ``piiscan.scan`` gives for the same folder; a DataFrame, or a dataset taken
whole, the report ``piiscan.scan`` gives for the same rows as one Arrow table."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import piiscan
from piiscan.errors import UsageError
from piiscan.model import Report, Scope

COUNTRIES = ("DE", "FR", "US")
FILES_PER_COUNTRY = 2
ROWS_PER_FILE = 12_000
"""72,000 rows in all: more than one engine batch (65,536 rows), so sampling is exercised."""
DATES_PER_FILE = 3
"""Birth dates in a header-less column: too few in any file (a date rule without a header
needs 10), enough in the dataset."""


def _file_table(country: str, part: int, rng: random.Random) -> pa.Table:
    """One Parquet file's rows: e-mails, a nested struct and list, free text, a column of
    dates that is sensitive only across files, and (outside DE) a column only some files hold."""
    n = ROWS_PER_FILE
    first = (COUNTRIES.index(country) * FILES_PER_COUNTRY + part) * n
    ids = list(range(first, first + n))
    notes = [
        f"called back, reach me at user{i}@example.org thanks" if i % 97 == 0 else "no answer"
        for i in ids
    ]
    dates: list[str | None] = [None] * n
    for k in range(DATES_PER_FILE):
        dates[k * 1000 + rng.randrange(900)] = f"19{60 + rng.randrange(30)}-0{1 + k}-1{k}"
    columns: dict[str, Any] = {
        "customer_id": ids,
        "email": [f"person{i}@example.com" if i % 3 else None for i in ids],
        "profile": [
            {"city": "Lyon", "phone": f"+33 6 12 {i % 100:02d} {i % 89:02d} 10"} for i in ids
        ],
        "tags": [["vip", f"t{i % 7}"] if i % 5 else [] for i in ids],
        "note": notes,
        "d": dates,
    }
    if country != "DE":
        columns["contact"] = [f"+49 30 {1000000 + i}" if i % 11 == 0 else None for i in ids]
    return pa.table(columns)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hive-partitioned dataset (``country=XX/part-N.parquet``), several row groups a file."""
    root = tmp_path_factory.mktemp("events")
    rng = random.Random(15)
    for country in COUNTRIES:
        folder = root / f"country={country}"
        folder.mkdir()
        for part in range(FILES_PER_COUNTRY):
            table = _file_table(country, part, rng)
            pq.write_table(table, folder / f"part-{part}.parquet", row_group_size=5_000)
    return root


def _as_one_table(root: Path) -> pa.Table:
    """The dataset as pyarrow reads it: files in path order, schemas merged, partition
    columns last."""
    files = sorted(root.rglob("*.parquet"))
    schema = pa.unify_schemas([pq.read_schema(f) for f in reversed(files)])
    schema = schema.append(pa.field("country", pa.string()))
    return ds.dataset(root, schema=schema, partitioning="hive").to_table()


def _collected(df: Any) -> pa.Table:
    """The DataFrame's rows on the driver, in partition order (``toArrow`` from Spark 4)."""
    if hasattr(df, "toArrow"):
        return df.toArrow()
    return pa.Table.from_batches(df._collect_as_arrow())


def _same(report: Report, expected: Report) -> None:
    assert report.findings == expected.findings
    assert report.files == expected.files
    assert report.errors == expected.errors
    assert report.exit_code == expected.exit_code


def _same_as_check(report: Report, expected: Report) -> None:
    _same(report, expected)
    assert report.warnings == expected.warnings
    assert report.file_count == expected.file_count
    assert report.loose_tables == expected.loose_tables


def test_dataset_file_by_file_is_piiscan_check_on_the_folder(spark: Any, dataset: Path) -> None:
    """Each file a table of its own, its own columns (no partition column, ``contact`` only
    where the file holds it), named under the dataset's path as ``check`` names it."""
    from piiscan import spark as piiscan_spark

    report = piiscan_spark.scan_path(spark, str(dataset))
    _same_as_check(report, piiscan.scan(dataset))
    prefix = str(dataset)
    assert [f.path for f in report.files] == [
        f"{prefix}/country={c}/part-{p}.parquet"
        for c in COUNTRIES
        for p in range(FILES_PER_COUNTRY)
    ]
    found = {(f.path.split("/")[-2], f.column, f.detector) for f in report.findings}
    assert ("country=FR", "contact", "phone") in found
    assert not [f for f in report.findings if f.column in ("country", "d")]
    assert ("country=DE", "profile.phone", "phone") in found


def test_display_paths_follow_the_path_as_written(
    spark: Any, dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative folder, a ``file:`` URI and one file: shown as ``check`` shows them."""
    from piiscan import spark as piiscan_spark

    monkeypatch.chdir(dataset.parent)
    relative = piiscan_spark.scan_path(spark, f"{dataset.name}/country=US/")
    assert [f.path for f in relative.files] == [
        f"{dataset.name}/country=US/part-{p}.parquet" for p in range(FILES_PER_COUNTRY)
    ]
    _same_as_check(relative, piiscan.scan(f"{dataset.name}/country=US/"))
    one = f"{dataset.name}/country=FR/part-1.parquet"
    single = piiscan_spark.scan_path(spark, one)
    _same_as_check(single, piiscan.scan(one))
    uri = piiscan_spark.scan_path(spark, dataset.as_uri() + "/country=DE")
    assert {f.path for f in uri.findings} == {
        f"{dataset.as_uri()}/country=DE/part-{p}.parquet" for p in range(FILES_PER_COUNTRY)
    }


def test_a_file_spark_splits_is_scanned_again_whole(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files of many row groups that Spark splits across tasks (the split size forced small),
    one longer than an engine batch (cut where the Parquet reader cuts it), key-value
    metadata, a file of no rows and ``max_rows``: still ``check``'s findings."""
    from piiscan import spark as piiscan_spark
    from piiscan import spark_tasks

    rng = random.Random(7)
    for part, pieces in enumerate((6, 1)):  # 72,000 rows: over one engine batch
        table = pa.concat_tables(_file_table("FR", part, rng) for _ in range(pieces))
        table = table.replace_schema_metadata({"owner": "a@example.com"})
        pq.write_table(table, tmp_path / f"part-{part}.parquet", row_group_size=7_000)
    pq.write_table(_file_table("US", 0, rng).slice(0, 0), tmp_path / "empty.parquet")
    monkeypatch.setattr(spark_tasks, "WHOLE_FILE_BYTES", 64 << 10)
    for max_rows in (None, 7_000):
        report = piiscan_spark.scan_path(spark, str(tmp_path), max_rows=max_rows)
        _same_as_check(report, piiscan.scan(tmp_path, max_rows=max_rows))
    assert {f.column for f in report.findings} >= {"(metadata).owner", "email"}
    assert [f.truncated for f in report.files] == [False, True, True]


def test_partitioned_dataset_as_one_table(spark: Any, dataset: Path) -> None:
    from piiscan import spark as piiscan_spark

    name = str(dataset)
    report = piiscan_spark.scan_path(spark, name, per_file=False)
    expected = piiscan.scan(_as_one_table(dataset), name=name)
    _same(report, expected)
    found = {(f.column, f.detector, f.scope) for f in report.findings}
    assert ("email", "email", Scope.COLUMN) in found
    assert ("profile.phone", "phone", Scope.COLUMN) in found
    assert any(c == "contact" for c, _, _ in found)
    assert ("d", "birth_date", Scope.COLUMN) in found
    assert report.files[0].rows == len(COUNTRIES) * FILES_PER_COUNTRY * ROWS_PER_FILE
    assert report.exit_code == 1


def test_a_column_sensitive_only_when_the_files_are_combined(spark: Any, dataset: Path) -> None:
    """``piiscan check`` on the folder judges each file alone: too few dates in any of them."""
    from piiscan import spark as piiscan_spark

    one_by_one = piiscan.scan(dataset)
    assert len(one_by_one.files) == len(COUNTRIES) * FILES_PER_COUNTRY
    assert not [f for f in one_by_one.findings if f.column == "d"]
    combined = piiscan_spark.scan_path(spark, str(dataset), per_file=False)
    assert [f.detector for f in combined.findings if f.column == "d"] == ["birth_date"]


def test_dataframe_of_several_partitions_matches_its_arrow_table(spark: Any) -> None:
    from piiscan import spark as piiscan_spark

    rows = [
        (i, f"client{i}@mail.example" if i % 4 else "", {"iban": "DE89370400440532013000"})
        for i in range(3_000)
    ]
    df = spark.createDataFrame(
        rows, "id long, email string, bank struct<iban: string>"
    ).repartition(5)
    report = piiscan_spark.scan(df, name="crm")
    expected = piiscan.scan(_collected(df), name="crm")
    _same(report, expected)
    assert {(f.column, f.category.value) for f in report.findings} >= {
        ("email", "pii"),
        ("bank.iban", "payment"),
    }


def test_every_spark_type_reads_as_its_arrow_table_does(spark: Any) -> None:
    """Timestamps, dates, decimals, maps, binary and lists of structs, as Spark hands them
    over: the same text, so the same findings, as the DataFrame collected as Arrow."""
    from piiscan import spark as piiscan_spark

    df = spark.sql(
        "select id, timestamp'2024-01-02 03:04:05' as ts, date'1985-03-12' as birth_date,"
        " cast(12.5 as decimal(10, 2)) as amount, cast('abc' as binary) as raw,"
        " map('email', concat('x', id, '@example.com')) as attrs,"
        " array(named_struct('phone', '+33 6 12 34 56 78')) as contacts from range(100)"
    )
    report = piiscan_spark.scan(df)
    _same(report, piiscan.scan(_collected(df), name="dataframe"))
    assert {f.column for f in report.findings} >= {"attrs[].value", "contacts[].phone"}


def test_max_rows_and_policy_as_for_piiscan_scan(spark: Any) -> None:
    from piiscan import spark as piiscan_spark

    df = spark.createDataFrame([(f"a{i}@example.com",) for i in range(500)], "email string")
    report = piiscan_spark.scan(df, max_rows=100, policy=["payment"])
    assert report.files[0].rows == 100
    assert report.files[0].truncated
    assert report.exit_code == 0
    assert [f.detector for f in report.findings] == ["email"]


def test_empty_dataframe_is_a_clean_table(spark: Any) -> None:
    from piiscan import spark as piiscan_spark

    report = piiscan_spark.scan(spark.createDataFrame([], "email string"))
    assert report.findings == ()
    assert report.exit_code == 0


def test_unreadable_dataset_is_an_incomplete_scan(spark: Any, tmp_path: Path) -> None:
    """A file whose footer Spark cannot read, or a path that is not there: exit 2, named,
    and Spark's message (which may quote a path or data) is not repeated."""
    from piiscan import spark as piiscan_spark

    good = tmp_path / "part-0.parquet"
    pq.write_table(pa.table({"email": [f"p{i}@example.com" for i in range(50)]}), good)
    (tmp_path / "part-1.parquet").write_bytes(good.read_bytes()[:-40] + b"x" * 40)
    for path, per_file in itertools.product((tmp_path, tmp_path / "missing"), (True, False)):
        report = piiscan_spark.scan_path(spark, str(path), per_file=per_file)
        assert report.exit_code == 2
        assert [e.path for e in report.errors] == [str(path)]
        assert "Spark could not open the dataset" in report.errors[0].message


def test_partition_failing_mid_scan_is_an_incomplete_scan(spark: Any, tmp_path: Path) -> None:
    """A data page Spark cannot decode: the job fails while the driver scans, the rows read
    before count and the exit is 2."""
    from piiscan import spark as piiscan_spark

    path = tmp_path / "part-0.parquet"
    emails = [f"person{i}@example.com" for i in range(20_000)]
    pq.write_table(pa.table({"email": emails}), path, compression="gzip", row_group_size=5_000)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    report = piiscan_spark.scan_path(spark, str(tmp_path))
    assert report.exit_code == 2
    assert report.errors[0].message.startswith("Spark could not read a partition")
    assert all("example.com" not in e.message for e in report.errors)


def test_parallel_dataframe_scans_each_partition_alone(spark: Any) -> None:
    """``parallel=True``: a table per partition, each the scan of its own rows."""
    from piiscan import spark as piiscan_spark

    rows = [(i, f"client{i}@mail.example", i % 3) for i in range(3_000)]
    df = spark.createDataFrame(rows, "id long, email string, shard int").repartition(3, "shard")
    report = piiscan_spark.scan(df, name="crm", parallel=True)
    parts = df.rdd.glom().collect()
    assert len(report.files) == 3
    for summary, part in zip(report.files, parts, strict=True):
        expected = piiscan.scan(pa.Table.from_pylist([r.asDict() for r in part]), name=summary.path)
        assert expected.files[0].rows == summary.rows
        assert [f for f in report.findings if f.path == summary.path] == list(expected.findings)
    assert report.exit_code == 1


def test_not_a_dataframe() -> None:
    pytest.importorskip("pyspark")
    from piiscan import spark as piiscan_spark

    with pytest.raises(UsageError, match="Spark DataFrame"):
        piiscan_spark.scan([1, 2, 3])
