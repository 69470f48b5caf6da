"""Hostile and broken inputs, built on the fly, and the rules every scan of them must obey.

Shared by ``tests/hostile`` (in-process runs) and ``bench/hostile.py`` (subprocess runs with
memory figures), so the table and the verdict live in one place. Nothing large is committed:
each builder writes its input under a scratch folder and returns the paths to scan.

Every input plants canary values (a card, an email, a phone) in its cells, readable or not; no
output of any format may contain them. Readable parts carry a ``card`` column, so a finding
from the part before the break proves that rows before it were scanned.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CARD = "4111111111111111"
EMAIL = "kanareyka.leak@example.org"
PHONE = "+7 916 734-52-18"
CANARIES = (CARD, "4111 1111", "kanareyka", "9167345218", "734-52-18")
"""Substrings of the planted values; masks (``4111 **** **** 1111``) hold none of them."""

Builder = Callable[[Path], list[Path]]
"""Writes an input under the given folder; returns the paths to pass to ``piiscan check``."""
During = Callable[[Path, threading.Event], None]
"""Runs in a thread while the scan runs (until the event is set), e.g. to change a file."""


@dataclass(frozen=True)
class Case:
    """One hostile input and what a correct scan of it looks like."""

    id: str
    build: Builder
    code: int | tuple[int, ...]
    """The exit code DESIGN.md asks for: 2 when something could not be read, else 0 or 1;
    a tuple when more than one is right (fail closed: found, 1, or said not examined, 2)."""
    finding: str | None = "card"
    """Column whose payment finding must be reported (from the readable part), or None."""
    error: str | None = None
    """Words the error for the broken file must hold (its message, path excluded)."""
    warning: str | None = None
    """Words one report warning must hold."""
    args: tuple[str, ...] = ()
    """Extra command-line arguments (lower limits, so the case stays cheap)."""
    slow: bool = False
    """Takes seconds: outside the default test run, always in the bench."""
    requires: Callable[[], str | None] = field(default=lambda: None)
    """A reason to skip on this machine (e.g. running as root), or None."""
    during: During | None = None
    known: str | None = None
    """A known defect outside the readers that makes this case fail today (xfail in tests)."""
    canaries: tuple[str, ...] = CANARIES
    """Substrings of the planted values that no output may hold."""
    detected: tuple[tuple[str, str], ...] = ()
    """(category, detector) pairs a run that exits 1 must report."""
    verdict: str | None = None
    """Words the text report's last line (the verdict) must hold."""

    def accepts(self, code: int) -> bool:
        return code in self.code if isinstance(self.code, tuple) else code == self.code


# -- building blocks ----------------------------------------------------------------------------

HEADER = "id,email,card,note"


def good_rows(n: int, start: int = 1, sep: str = ",", eol: str = "\n") -> str:
    """``n`` well-formed rows under ``HEADER``: every card a canary, notes with a phone."""
    return "".join(
        sep.join((str(i), EMAIL, CARD, f"call {PHONE}")) + eol for i in range(start, start + n)
    )


def good_csv(n: int = 1000) -> str:
    return f"{HEADER}\n{good_rows(n)}"


def good_objects(n: int, start: int = 1) -> list[dict[str, str]]:
    return [{"id": str(i), "email": EMAIL, "card": CARD, "note": PHONE} for i in range(start, n)]


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def _file(name: str, data: Callable[[], bytes | str]) -> Builder:
    return lambda root: [_write(root / name, data())]


def _noise(n: int, seed: int) -> bytes:
    """Random bytes with canaries inside, reproducible."""
    rng = random.Random(seed)
    raw = bytearray(rng.randbytes(n))
    for at, canary in ((n // 3, CARD), (n // 2, EMAIL)):
        raw[at : at + len(canary)] = canary.encode()
    return bytes(raw)


def _parquet(rows: int, row_group: int, compression: str = "none") -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": pa.array([str(i) for i in range(1, rows + 1)]),
            "card": pa.array([CARD] * rows),
            "email": pa.array([EMAIL] * rows),
        }
    )
    sink = io.BytesIO()
    pq.write_table(
        table, sink, row_group_size=row_group, compression=compression, write_page_checksum=True
    )
    return sink.getvalue()


# -- CSV ----------------------------------------------------------------------------------------


def _ragged() -> str:
    lines = [HEADER]
    for i in range(1, 301):
        lines.append(f"{i},{EMAIL},{CARD},ok")
        if i % 50 == 0:
            lines.append(f"{CARD},{EMAIL}")  # too few fields
            lines.append(f'{i},{EMAIL},{CARD},"{PHONE}",extra,more')  # too many
    return "\n".join(lines) + "\n"


def _unterminated_quote() -> str:
    return good_csv(500) + f'501,{EMAIL},{CARD},"never closed {PHONE}\n' + good_rows(500, 502)


def _nul_bytes() -> str:
    # NUL bytes in every tenth note, and a line of them: stray, not a binary file.
    rows = "".join(
        f"{i},{EMAIL},{CARD},a{chr(0) if i % 10 == 0 else ''}b {PHONE}\n" for i in range(1, 301)
    )
    return f"{HEADER}\n{rows}\x00\x00\x00\n"


def _mixed_eol() -> str:
    eols = ["\n", "\r\n", "\r"]
    return HEADER + "\r\n" + "".join(f"{i},{EMAIL},{CARD},x{eols[i % 3]}" for i in range(1, 301))


def _huge_cell() -> str:
    filler = "lorem ipsum " * (10 * 1024 * 1024 // 12)
    cell = filler[: len(filler) // 2] + f" {CARD} {EMAIL} " + filler[len(filler) // 2 :]
    return f'{HEADER}\n1,{EMAIL},{CARD},"{cell}"\n' + good_rows(100, 2)


def _wide() -> str:
    names = ["card", *(f"c{i}" for i in range(2, 20_001))]
    row = ",".join([CARD, *("x" for _ in range(2, 20_001))])
    return ",".join(names) + "\n" + (row + "\n") * 3


def _duplicate_names() -> str:
    return "card,card,,email,,card\n" + "".join(
        f"{CARD},{CARD},{i},{EMAIL},,{CARD}\n" for i in range(1, 101)
    )


def _bad_utf8_claimed() -> bytes:
    # A BOM says UTF-8; past the sniff window (64 KB) come bytes that are not.
    good = good_csv(2000).encode()
    bad = f"2001,{EMAIL},{CARD},caf\xe9 ".encode("latin-1") + b"\xff\xfe\xc3(\n"
    return b"\xef\xbb\xbf" + good + bad + good_rows(100, 2002).encode()


def _cp1251_with_utf8() -> bytes:
    ru = "".join(f"{i},Иванов Иван,{CARD},Привет\n" for i in range(1, 301)).encode("cp1251")
    utf8 = "".join(f"{i},Пётр Ёлкин,{CARD},Здравствуйте\n" for i in range(301, 306)).encode()
    return "id,ФИО,card,note\n".encode("cp1251") + ru + utf8 + ru


def _utf16_no_bom() -> bytes:
    return good_csv(200).encode("utf-16-le")


def _long_header_name() -> str:
    """A header-less export whose first row holds a 1 MB token (a base64 blob, a long URL):
    read as a column name, it must not be searched once per character."""
    rows = "".join(f"{i},{CARD}\n" for i in range(50))
    return "x" * 1_000_000 + ",card\n" + rows


def _hostile_header() -> str:
    names = [
        '"[red]card[/]"',
        '"\x1b[31memail\x1b[0m"',
        '"line\nbreak"',
        '"::error::pwned"',
        "\"=cmd|' /C calc'!A0\"",
        '"##vso[task.setvariable variable=x]1"',
    ]
    row = ",".join([CARD, EMAIL, "x", "y", "z", "w"])
    return ",".join(names) + "\n" + (row + "\n") * 50


def _hostile_name(root: Path) -> list[Path]:
    return [_write(root / "::error::x\x1b[31m[red]\n=cmd|.csv", good_csv(50))]


# -- compression --------------------------------------------------------------------------------


def _truncated(compress: Callable[[bytes], bytes], name: str) -> Builder:
    def build(root: Path) -> list[Path]:
        data = compress(good_csv(30_000).encode())
        return [_write(root / name, data[: len(data) // 2])]

    return build


def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


BOMB_MEMBER_BYTES = 16 << 20
BOMB_MEMBERS = 16
"""Inflates to 256 MiB from about 300 KB; cases run it with ``--max-inflate 8 MiB``."""


def _bomb(root: Path) -> list[Path]:
    head = gzip.compress(good_csv(1000).encode(), 1)
    line = f"0,{EMAIL},{CARD},x\n"
    filler = (line * (BOMB_MEMBER_BYTES // len(line))).encode()
    member = gzip.compress(filler, 9)
    return [_write(root / "bomb.csv.gz", head + member * BOMB_MEMBERS)]


def _bomb_parquet(root: Path) -> list[Path]:
    data = _parquet(1000, 1000) + b"\x00" * BOMB_MEMBER_BYTES
    return [_write(root / "bomb.parquet.gz", gzip.compress(data, 9) * BOMB_MEMBERS)]


# -- Parquet ------------------------------------------------------------------------------------


def _parquet_truncated_footer() -> bytes:
    data = _parquet(1000, 500)
    return data[:-40]


def _parquet_corrupt_page() -> bytes:
    # Two row groups; the second one's data pages are overwritten (checksums catch it).
    import pyarrow.parquet as pq

    data = bytearray(_parquet(2000, 1000))
    meta = pq.ParquetFile(io.BytesIO(bytes(data))).metadata
    group = meta.row_group(1)
    for c in range(group.num_columns):
        col = group.column(c)
        start = col.dictionary_page_offset or col.data_page_offset
        size = col.total_compressed_size
        for at in range(start + size // 3, start + 2 * size // 3, 3):
            data[at] ^= 0x5A
    return bytes(data)


# -- JSON ---------------------------------------------------------------------------------------


def _invalid_json() -> str:
    body = json.dumps(good_objects(500))
    return body[:-1] + f', {{"card": "{CARD}", "email": {EMAIL}}}, {{"a": ]'


def _deep_json() -> str:
    head = json.dumps(good_objects(100))[:-1]
    deep = '{"a": ' * 10_000 + f'"{CARD}"' + "}" * 10_000
    return f"{head}, {deep}]"


def _million_objects() -> str:
    return "[" + ",".join(f'{{"k":"{i}"}}' for i in range(1_000_000)) + f',{{"card":"{CARD}"}}]'


def _jsonl_bad_lines() -> str:
    lines = [json.dumps(o) for o in good_objects(300)]
    lines[10] = f'{{"card": {CARD}, "email": "{EMAIL}"'
    lines[20] = f"[{CARD}]"
    lines[30] = "\xff\xfe not json"
    return "\n".join(lines) + "\n"


def _jsonl_long_line() -> str:
    lines = [json.dumps(o) for o in good_objects(50)]
    note = "lorem ipsum " * (10 * 1024 * 1024 // 12) + EMAIL
    lines.insert(10, json.dumps({"card": CARD, "note": note}))
    return "\n".join(lines) + "\n"


def _cell_without_spaces() -> str:
    # One long word: regexes that backtrack (Python re) take time quadratic in its length.
    lines = [json.dumps(o) for o in good_objects(50)]
    lines.insert(10, json.dumps({"card": CARD, "note": "x" * (2 * 1024 * 1024)}))
    return "\n".join(lines) + "\n"


def _json_many_keys() -> str:
    rows = [
        {"card": CARD, **{f"k{i}": "v" for i in range(j * 500, (j + 1) * 500)}} for j in range(40)
    ]
    return "\n".join(json.dumps(r) for r in rows) + "\n"


def _json_huge_element() -> str:
    # One record with no arrays to stream: it can only be read whole, and it is over the cap.
    members = ",".join(f'"k{i}":"{EMAIL}"' for i in range(2_000_000))
    return f'{{"card":"{CARD}","blob":{{{members}}}}}'


# -- the file system ----------------------------------------------------------------------------


def _dir_named_csv(root: Path) -> list[Path]:
    _write(root / "x.csv" / "inner.csv", good_csv(50))
    (root / "y.csv").mkdir()
    return [root, root / "y.csv"]


def _unreadable(root: Path) -> list[Path]:
    bad = _write(root / "secret.csv", good_csv(50))
    bad.chmod(0)
    return [bad, _write(root / "ok.csv", good_csv(50))]


def _as_root() -> str | None:
    return "runs as root: permissions do not stop root" if os.geteuid() == 0 else None


def _symlink_loop(root: Path) -> list[Path]:
    folder = root / "data"
    _write(folder / "ok.csv", good_csv(50))
    (folder / "a.csv").symlink_to("b.csv")
    (folder / "b.csv").symlink_to("a.csv")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    return [folder, folder / "a.csv"]


def _fifo(root: Path) -> list[Path]:
    folder = root / "data"
    _write(folder / "ok.csv", good_csv(50))
    os.mkfifo(folder / "pipe.csv")
    return [folder, folder / "pipe.csv"]


def _changing(root: Path) -> list[Path]:
    return [_write(root / "growing.csv", good_csv(50_000))]


def _keep_appending(root: Path, stop: threading.Event) -> None:
    """Append rows every millisecond until the scan is over: the file changes under it."""
    path = root / "growing.csv"
    i = 0
    with open(path, "a", encoding="utf-8") as fh:
        while not stop.is_set() and i < 100_000:
            fh.write(good_rows(1, 50_001 + i))
            fh.flush()
            i += 1
            time.sleep(0.0005)


# -- the table ----------------------------------------------------------------------------------

EMPTY = "empty file (0 bytes)"
"""A 0-byte file is an export with no rows: all of it examined, exit 0 with this note."""

CASES: tuple[Case, ...] = (
    Case("empty-csv", _file("empty.csv", lambda: b""), 0, None, warning=EMPTY),
    Case("empty-json", _file("empty.json", lambda: b""), 0, None, warning=EMPTY),
    Case("empty-jsonl", _file("empty.jsonl", lambda: b""), 0, None, warning=EMPTY),
    Case("empty-parquet", _file("empty.parquet", lambda: b""), 0, None, warning=EMPTY),
    Case("header-only", _file("header.csv", lambda: "id,colour,size\n"), 0, None),
    Case("csv-ragged-rows", _file("ragged.csv", _ragged), 1, warning="more fields than the header"),
    Case("csv-unterminated-quote", _file("quote.csv", _unterminated_quote), 1),
    Case("csv-nul-bytes", _file("nul.csv", _nul_bytes), 1),
    Case("csv-mixed-line-endings", _file("eol.csv", _mixed_eol), 1),
    Case("csv-10mb-cell", _file("cell.csv", _huge_cell), 1, slow=True),
    Case(
        "csv-20000-columns",
        _file("wide.csv", _wide),
        1,
        slow=True,
    ),
    Case("csv-duplicate-empty-names", _file("dup.csv", _duplicate_names), 1),
    Case("csv-invalid-utf8", _file("bad8.csv", _bad_utf8_claimed), 1, warning="UTF-8"),
    Case("csv-cp1251-with-utf8-lines", _file("mixed.csv", _cp1251_with_utf8), 1),
    Case("csv-utf16-without-bom", _file("u16.csv", _utf16_no_bom), 1),
    Case("csv-hostile-header", _file("hostile.csv", _hostile_header), 1, "[red]card[/]"),
    Case("csv-1mb-header-name", _file("long.csv", _long_header_name), 1),
    Case("hostile-file-name", _hostile_name, 1),
    Case("random-bytes-csv", _file("noise.csv", lambda: _noise(200_000, 1)), 2, None, "text"),
    Case("random-bytes-json", _file("noise.json", lambda: _noise(200_000, 2)), 2, None, "JSON"),
    Case(
        "random-bytes-parquet",
        _file("noise.parquet", lambda: _noise(200_000, 3)),
        2,
        None,
        "Parquet",
    ),
    Case("truncated-gzip", _truncated(gzip.compress, "t.csv.gz"), 2, error="truncated gzip"),
    Case(
        "truncated-bz2",
        _truncated(lambda b: bz2.compress(b, 1), "t.csv.bz2"),
        2,
        error="truncated bz2",
    ),
    Case(
        "truncated-xz",
        _truncated(lambda b: lzma.compress(b, preset=1), "t.csv.xz"),
        2,
        error="truncated xz",
    ),
    Case("truncated-zstd", _truncated(_zstd, "t.csv.zst"), 2, error="truncated zstd"),
    Case("gzip-bomb", _bomb, 2, error="inflates past", args=("--max-inflate", "8388608")),
    Case(
        "gzip-bomb-parquet",
        _bomb_parquet,
        2,
        None,
        "inflates past",
        args=("--max-inflate", "8388608"),
    ),
    Case("parquet-truncated-footer", _file("t.parquet", _parquet_truncated_footer), 2, None),
    Case("parquet-corrupt-page", _file("c.parquet", _parquet_corrupt_page), 2, error="corrupt"),
    Case("json-invalid", _file("bad.json", _invalid_json), 2, error="invalid JSON"),
    Case("json-nested-10000", _file("deep.json", _deep_json), 2, error="nested"),
    Case("json-1000000-objects", _file("many.json", _million_objects), 1, slow=True),
    Case(
        "json-huge-element",
        _file("huge.json", _json_huge_element),
        2,
        None,
        "larger than",
        slow=True,
    ),
    Case("json-20000-keys", _file("keys.jsonl", _json_many_keys), 1, slow=True),
    Case("jsonl-bad-lines", _file("bad.jsonl", _jsonl_bad_lines), 2, error="invalid JSON line"),
    Case("jsonl-10mb-line", _file("long.jsonl", _jsonl_long_line), 1),
    Case(
        "cell-1mb-without-spaces",
        _file("nospace.jsonl", _cell_without_spaces),
        1,
        slow=True,
    ),
    Case("dir-named-csv", _dir_named_csv, 1, finding="card"),
    Case("no-read-permission", _unreadable, 2, error="permission denied", requires=_as_root),
    Case("symlink-loop", _symlink_loop, 2, error="symbolic links"),
    Case("fifo", _fifo, 2, error="not a regular file"),
    Case("file-changes-while-read", _changing, 2, error="changed", during=_keep_appending),
)
"""Every hostile input; ids are unique and readable."""


@dataclass(frozen=True)
class Outcome:
    """What one run of ``piiscan check`` showed."""

    code: int
    out: str
    err: str


# -- running ------------------------------------------------------------------------------------

MEMORY_LIMIT_MB = 1024
"""The issue's bound: no input may make piiscan use more than this."""
TIMEOUT = 180
"""Seconds one run may take before it is killed and counted as a hang."""
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    """One subprocess run: what it showed, its peak memory, how long, whether it was killed."""

    outcome: Outcome
    rss_mb: float
    seconds: float
    hung: bool


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, now."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parent[int(name)] = int(fields[1])
        rss[int(name)] = int(fields[21]) * PAGE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(child for child, ppid in parent.items() if ppid == pid)
    return total


def watch(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(0.02):
        peak[0] = max(peak[0], tree_rss(pid))


def command() -> list[str]:
    """The installed console script next to this Python, else ``python -m piiscan``."""
    script = Path(sys.executable).parent / "piiscan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "piiscan"]


def run_piiscan(args: list[str], scratch: Path, label: str, timeout: float = TIMEOUT) -> Run:
    """Run the installed piiscan with ``args`` (stdout/stderr via files in ``scratch``),
    sampling the peak RSS of its process tree; killed (``hung``) after ``timeout`` s.

    ``wait4``'s ``ru_maxrss`` would cover one process only, and inherits the caller's own
    peak across fork and exec: hence sampling /proc every 20 ms."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    out_path, err_path = scratch / f"{label}.out", scratch / f"{label}.err"
    start = time.perf_counter()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [*command(), *args],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # so a hang is killed with its workers
        )
        done, peak = threading.Event(), [0]
        watcher = threading.Thread(target=watch, args=(proc.pid, done, peak), daemon=True)
        watcher.start()
        try:
            proc.wait(timeout)
            hung = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
            hung = True
        finally:
            done.set()
            watcher.join()
    seconds = time.perf_counter() - start
    outcome = Outcome(
        proc.returncode,
        out_path.read_bytes().decode("utf-8", "replace"),
        err_path.read_bytes().decode("utf-8", "replace"),
    )
    return Run(outcome, peak[0] / 2**20, seconds, hung)


# -- the verdict --------------------------------------------------------------------------------


@dataclass
class Verdict:
    """Problems found in the runs of one case, by kind (the bench counts them)."""

    tracebacks: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    wrong_codes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.all()

    def all(self) -> list[str]:
        return [*self.tracebacks, *self.leaks, *self.hangs, *self.wrong_codes, *self.other]


def judge(case: Case, paths: Sequence[Path], json_run: Outcome, text_run: Outcome) -> Verdict:
    """Check both runs of a case against the rules of the issue."""
    v = Verdict()
    for label, run in (("json", json_run), ("text", text_run)):
        if "Traceback" in run.err or "Traceback" in run.out:
            v.tracebacks.append(f"{label}: a traceback")
        for canary in case.canaries:
            if canary in run.out or canary in run.err:
                v.leaks.append(f"{label}: {canary!r} in the output")
        if not case.accepts(run.code):
            said = run.err.strip().replace("\n", " | ")[:300]
            v.wrong_codes.append(f"{label}: exit {run.code}, expected {case.code}: {said!r}")
        for line in run.err.splitlines():
            if not line.startswith("piiscan: "):
                v.other.append(f"{label}: stderr line not from piiscan: {line[:80]!r}")
        for line in run.out.splitlines():
            if line.startswith("::") or "\x1b" in line:
                v.other.append(f"{label}: stdout line can drive a terminal or CI: {line[:80]!r}")
    if case.verdict is not None:
        last = text_run.out.strip().rsplit("\n", 1)[-1]
        if case.verdict not in last:
            v.other.append(f"text: the verdict does not say {case.verdict!r}: {last[:200]!r}")
    try:
        report = json.loads(json_run.out)
    except ValueError:
        v.other.append("json: stdout is not JSON")
        return v
    _check_report(case, paths, report, json_run, v)
    return v


def _check_report(
    case: Case, paths: Sequence[Path], report: dict[str, object], run: Outcome, v: Verdict
) -> None:
    errors = report.get("errors", [])
    findings = report.get("findings", [])
    warnings = report.get("warnings", [])
    assert isinstance(errors, list) and isinstance(findings, list) and isinstance(warnings, list)
    names = {p.name for p in paths} | {p.parent.name for p in paths}
    for error in errors:
        message, path = error["message"], error["path"]
        if "\n" in message or "\r" in message:
            v.other.append(f"multi-line error message: {message[:80]!r}")
        named = any(n in path for n in names) or any(p.startswith(path) for p in map(str, paths))
        if not named:
            v.other.append(f"error names no input: {path[:80]!r}")
        stderr_lines = [ln for ln in run.err.splitlines() if message in ln]
        if not stderr_lines:
            v.other.append(f"error not on stderr: {message[:80]!r}")
    if case.error is not None and not any(case.error in e["message"] for e in errors):
        got = [e["message"] for e in errors]
        v.other.append(f"no error saying {case.error!r}: {got}")
    if not case.accepts(2) and errors:
        v.other.append(f"unexpected errors: {[e['message'] for e in errors]}")
    if case.warning is not None and not any(case.warning in w for w in warnings):
        v.other.append(f"no warning saying {case.warning!r}: {warnings}")
    if case.finding is not None:
        hit = [f for f in findings if case.finding in f["column"] and f["category"] == "payment"]
        if not hit:
            got = [(f["column"], f["category"]) for f in findings]
            v.other.append(f"no payment finding in column {case.finding!r}: {got}")
    if case.detected and run.code == 1:
        reported = {(f["category"], f["detector"]) for f in findings}
        missing = sorted(set(case.detected) - reported)
        if missing:
            v.other.append(f"not reported: {missing}; reported: {sorted(reported)}")
