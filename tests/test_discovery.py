"""Discovery: display paths, sorting, walking rules, globs, sniffing, per-path errors."""

from __future__ import annotations

import gzip
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from piiscan.discovery import classify, discover, discover_all, split_suffix
from piiscan.model import Compression, FileError, Format, Skipped


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small export folder: nested data files, CSV text named as notes, a VCS folder."""
    root = tmp_path / "dev"
    for rel in [
        "crm/b.csv",
        "crm/a.csv",
        "crm/old/z.tsv",
        "orders/x.parquet",
        "orders/y.json",
        "orders/y.jsonl",
        "orders/n.ndjson",
        "orders/d.csv.gz",
        "README.md",
        "notes.txt",
        ".git/objects/c.csv",
        "crm-archive/a.csv",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".parquet"):
            pq.write_table(pa.table({"a": [1]}), path)
        elif rel.endswith(".gz"):
            path.write_bytes(gzip.compress(b"a\n1\n"))
        elif rel.endswith(".json"):
            path.write_text('[{"a": 1}]')
        elif rel.endswith((".jsonl", ".ndjson")):
            path.write_text('{"a": 1}\n{"a": 2}\n')
        else:
            path.write_text("a,b\n1,2\n")
    return root


@pytest.fixture
def chdir(tmp_path: Path) -> Iterator[Path]:
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def displays(paths: list[str], **kwargs: list[str]) -> list[str]:
    refs, errors = discover(paths, **kwargs)
    assert errors == []
    return [r.display for r in refs]


EXPECTED = [
    "README.md",
    "crm/a.csv",
    "crm/b.csv",
    "crm/old/z.tsv",
    "crm-archive/a.csv",
    "notes.txt",
    "orders/d.csv.gz",
    "orders/n.ndjson",
    "orders/x.parquet",
    "orders/y.json",
    "orders/y.jsonl",
]


@pytest.mark.parametrize(
    ("arg", "prefix"),
    [
        pytest.param("dev", "dev/", id="relative"),
        pytest.param("dev/", "dev/", id="trailing-slash"),
        pytest.param("./dev", "./dev/", id="dot-slash-kept"),
        pytest.param("dev/crm/../../dev", "dev/crm/../../dev/", id="dotdot-kept"),
    ],
)
def test_walk_is_sorted_and_display_keeps_argument(
    tree: Path, chdir: Path, arg: str, prefix: str
) -> None:
    assert displays([arg]) == [prefix + e for e in EXPECTED]


def test_dot_argument_adds_nothing(tree: Path) -> None:
    old = os.getcwd()
    os.chdir(tree)
    try:
        assert displays(["."]) == EXPECTED
    finally:
        os.chdir(old)


def test_parent_relative_argument(tree: Path) -> None:
    old = os.getcwd()
    (tree.parent / "work").mkdir()
    os.chdir(tree.parent / "work")
    try:
        assert displays(["../dev/crm"]) == [
            "../dev/crm/a.csv",
            "../dev/crm/b.csv",
            "../dev/crm/old/z.tsv",
        ]
    finally:
        os.chdir(old)


def test_formats_and_compression(tree: Path) -> None:
    refs, _ = discover([str(tree)])
    got = {r.display.rsplit("/", 1)[-1]: (r.format, r.compression) for r in refs}
    assert got["d.csv.gz"] == (Format.CSV, Compression.GZIP)
    assert got["z.tsv"] == (Format.TSV, None)
    assert got["x.parquet"] == (Format.PARQUET, None)
    assert got["y.json"] == (Format.JSON, None)
    assert got["y.jsonl"] == (Format.JSONL, None)
    assert got["n.ndjson"] == (Format.JSONL, None)
    assert all(r.path.is_file() for r in refs)


def test_file_argument_as_given_and_deduplicated(tree: Path, chdir: Path) -> None:
    assert displays(["dev/crm/b.csv", "dev/crm", "dev/crm/b.csv"]) == [
        "dev/crm/a.csv",
        "dev/crm/b.csv",
        "dev/crm/old/z.tsv",
    ]


def test_symlink_loop_is_safe(tree: Path) -> None:
    (tree / "crm" / "loop").symlink_to(tree / "crm")
    (tree / "crm" / "old" / "up").symlink_to(tree / "crm")
    assert displays([str(tree / "crm")]) == [
        f"{tree}/crm/a.csv",
        f"{tree}/crm/b.csv",
        f"{tree}/crm/old/z.tsv",
    ]


def test_symlinked_file_is_followed_once(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("a\n1\n")
    (tree / "crm" / "link.csv").symlink_to(outside)
    (tree / "crm" / "same.csv").symlink_to(tree / "crm" / "a.csv")
    got = displays([str(tree / "crm")])
    assert f"{tree}/crm/link.csv" in got
    assert f"{tree}/crm/same.csv" not in got


def test_same_file_named_twice_is_listed_once(tree: Path, chdir: Path) -> None:
    assert displays(["./dev/crm/a.csv", "dev/crm"]) == [
        "./dev/crm/a.csv",
        "dev/crm/b.csv",
        "dev/crm/old/z.tsv",
    ]


def test_broken_symlink_with_data_suffix_is_an_error(tree: Path) -> None:
    (tree / "crm" / "gone.csv").symlink_to(tree / "nowhere.csv")
    _, errors = discover([str(tree / "crm")])
    assert errors == [FileError(f"{tree}/crm/gone.csv", "no such file or directory")]


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        pytest.param([], ["*.gz"], [e for e in EXPECTED if not e.endswith(".gz")], id="ex-name"),
        pytest.param(
            [], ["crm"], [e for e in EXPECTED if not e.startswith("crm/")], id="ex-folder-name"
        ),
        pytest.param(
            [], ["crm/**"], [e for e in EXPECTED if not e.startswith("crm/")], id="ex-folder-glob"
        ),
        pytest.param([], ["**/old/*"], [e for e in EXPECTED if "/old/" not in e], id="ex-deep"),
        pytest.param(
            [],
            ["crm/*.csv"],
            [e for e in EXPECTED if e not in ("crm/a.csv", "crm/b.csv")],
            id="ex-star-one-level",
        ),
        pytest.param(["*.csv"], [], ["crm/a.csv", "crm/b.csv", "crm-archive/a.csv"], id="in-name"),
        pytest.param(
            ["orders/**"],
            ["*.json*"],
            ["orders/d.csv.gz", "orders/n.ndjson", "orders/x.parquet"],
            id="in-and-ex",
        ),
        pytest.param(["**/*.tsv"], [], ["crm/old/z.tsv"], id="in-doublestar"),
        pytest.param(["crm/[ab].csv"], [], ["crm/a.csv", "crm/b.csv"], id="in-class"),
        pytest.param(["dev/crm/?.csv"], [], ["crm/a.csv", "crm/b.csv"], id="in-display-path"),
    ],
)
def test_include_exclude(
    tree: Path, chdir: Path, include: list[str], exclude: list[str], expected: list[str]
) -> None:
    assert displays(["dev"], include=include, exclude=exclude) == ["dev/" + e for e in expected]


def test_exclude_applies_to_named_files_but_include_does_not(tree: Path, chdir: Path) -> None:
    assert displays(["dev/crm/a.csv", "dev/notes.txt"], exclude=["notes.*"]) == ["dev/crm/a.csv"]
    assert displays(["dev/orders/x.parquet"], include=["*.csv"]) == ["dev/orders/x.parquet"]


def test_missing_path(tmp_path: Path) -> None:
    refs, errors = discover([str(tmp_path / "nope.csv"), str(tmp_path / "gone")])
    assert refs == []
    assert errors == [
        FileError(f"{tmp_path}/gone", "no such file or directory"),
        FileError(f"{tmp_path}/nope.csv", "no such file or directory"),
    ]


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    refs, errors = discover([str(tmp_path / "pipe.csv"), str(tmp_path)])
    assert refs == []
    assert errors == [FileError(f"{tmp_path}/pipe.csv", "not a regular file")]


def test_socket_is_not_a_regular_file(tmp_path: Path, chdir: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind("s.json")
        _, errors = discover(["s.json"])
    finally:
        sock.close()
    assert errors == [FileError("s.json", "not a regular file")]


def test_folder_named_like_a_file_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "x.csv"
    folder.mkdir()
    (folder / "inner.tsv").write_text("a\tb\n1\t2\n")
    assert displays([str(folder)]) == [f"{folder}/inner.tsv"]


@pytest.mark.parametrize(
    ("content", "fmt"),
    [
        pytest.param(b"PAR1", Format.PARQUET, id="parquet"),
        pytest.param(b'  [{"a": 1}]', Format.JSON, id="json-array"),
        pytest.param(b'{\n  "a": 1\n}\n', Format.JSON, id="json-object"),
        pytest.param(b'{"a": 1}\n{"a": 2}\n', Format.JSONL, id="jsonl"),
        pytest.param(b"a;b\n1;2\n", Format.CSV, id="csv"),
        pytest.param("Имя;Фамилия\nИван;Петров\n".encode("cp1251"), Format.CSV, id="cp1251-csv"),
        pytest.param(gzip.compress(b'{"a": 1}\n{"a": 2}\n'), Format.JSONL, id="gzip-jsonl"),
    ],
)
def test_unknown_suffix_is_sniffed(tmp_path: Path, content: bytes, fmt: Format) -> None:
    path = tmp_path / "export.dat"
    if fmt is Format.PARQUET:
        pq.write_table(pa.table({"a": [1]}), path)
    else:
        path.write_bytes(content)
    refs, errors = discover([str(path)])
    assert errors == []
    assert [r.format for r in refs] == [fmt]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(
            b"\x7fELF\x02\x01\x01\x00\x00\x00", "executable (ELF): cannot hold table data", id="elf"
        ),
        pytest.param(b"", "empty file", id="empty"),
    ],
)
def test_unknown_suffix_not_data_is_skipped(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "prog").write_bytes(content)
    found = discover_all([str(tmp_path / "prog")])
    assert (found.files, found.errors) == ((), ())
    assert found.skipped == (Skipped(f"{tmp_path}/prog", reason),)
    # A caller without a skipped list (standard input) hears it as an error.
    assert classify(tmp_path / "prog", "-", None, None) == FileError("-", reason)


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        pytest.param("lines.json", b'{"a": 1}\n{"a": 2}\n', Format.JSONL, id="jsonl-named-json"),
        pytest.param("doc.jsonl", b'[{"a": 1}]', Format.JSON, id="array-named-jsonl"),
        pytest.param("bad.jsonl", b'{"a": \n{"a": 2}\n', Format.JSONL, id="bad-first-line"),
        pytest.param("p.csv", b"PAR1", Format.PARQUET, id="parquet-named-csv"),
    ],
)
def test_lying_suffix_is_corrected(tmp_path: Path, name: str, content: bytes, fmt: Format) -> None:
    path = tmp_path / name
    if fmt is Format.PARQUET:
        pq.write_table(pa.table({"a": [1]}), path)
    else:
        path.write_bytes(content)
    refs, _ = discover([str(path)])
    assert [r.format for r in refs] == [fmt]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("a.csv", (Format.CSV, None), id="csv"),
        pytest.param("A.CSV.GZ", (Format.CSV, Compression.GZIP), id="upper"),
        pytest.param("a.tab", (Format.TSV, None), id="tab"),
        pytest.param("a.pq.zstd", (Format.PARQUET, Compression.ZSTD), id="pq-zstd"),
        pytest.param("a.ndjson.bz2", (Format.JSONL, Compression.BZ2), id="ndjson-bz2"),
        pytest.param("a.json.xz", (Format.JSON, Compression.XZ), id="json-xz"),
        pytest.param("a.csv.gzip", (Format.CSV, Compression.GZIP), id="gzip-long"),
        pytest.param("a.gz", (None, Compression.GZIP), id="bare-gz"),
        pytest.param("a.txt", (None, None), id="txt"),
        pytest.param(".csv", (None, None), id="dotfile"),
    ],
)
def test_split_suffix(name: str, expected: tuple[Format | None, Compression | None]) -> None:
    assert split_suffix(name) == expected


def test_unreadable_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads everything")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        _, errors = discover([str(tmp_path)])
    finally:
        locked.chmod(0o755)
    assert errors == [FileError(f"{tmp_path}/locked", "permission denied")]
