"""Fail-open cases: inputs that hold forbidden data in places a gate can miss.

The promise under test (issue "fail closed"): when forbidden data is in what piiscan was pointed
at, the exit is never 0. It is 1 and the finding (category, detector) is reported, or 2 and the
report names what was not examined. Each case builds a small input under a scratch folder from
generated values that pass their checksums (Luhn cards of real issuer ranges, Mir 2200-2204
included; e-mails; +7 phones; mod-97 IBANs), so a miss is the scanner's, never the data's.

Shared by ``tests/hostile/test_fail_open.py`` and ``bench/hostile.py``; cases are
``tests.hostile.inputs.Case`` values, judged by the same ``judge``. ``known_open`` marks a case
that fails on today's code: the test expects it to fail (strict), so the day a fix lands the
case turns red and its mark is removed.
"""

from __future__ import annotations

import base64
import bz2
import functools
import gzip
import io
import json
import lzma
import random
import struct
import tarfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.hostile.inputs import Builder, Case, _write

# -- values that pass their checksums -----------------------------------------------------------

ISSUERS: tuple[tuple[str, int], ...] = (
    ("2200", 16),  # Mir
    ("2201", 16),
    ("2202", 16),
    ("2203", 16),
    ("2204", 16),
    ("4276", 16),  # Visa (Sberbank)
    ("5469", 16),  # Mastercard
    ("2221", 16),  # Mastercard 2-series
    ("37", 15),  # American Express
    ("6200", 16),  # UnionPay
    ("3530", 16),  # JCB
)
FIRST = ("ivan", "petr", "olga", "anna", "sergey", "maria", "dmitry", "elena")
LAST = ("petrov", "smirnova", "ivanov", "kuznetsova", "sokolov", "popova", "volkov", "orlova")
DOMAINS = ("mail.ru", "yandex.ru", "gmail.com", "inbox.ru", "example.org")
IBAN_BBAN: tuple[tuple[str, str], ...] = (("DE", "8n10n"), ("GB", "4a14n"), ("FR", "10n11c2n"))
POOL_SIZE = 500
"""Distinct values of each kind; larger inputs cycle through them."""


def luhn_digit(body: str) -> str:
    """The check digit that makes ``body`` + digit pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str(-total % 10)


def _card(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def _iban(rng: random.Random, country: str, shape: str) -> str:
    bban = ""
    for count, kind in _shape(shape):
        alphabet = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}.get(
            kind, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        )
        bban += "".join(rng.choice(alphabet) for _ in range(count))
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


def _shape(shape: str) -> list[tuple[int, str]]:
    out, digits = [], ""
    for ch in shape:
        if ch.isdigit():
            digits += ch
        else:
            out.append((int(digits), ch))
            digits = ""
    return out


def spaced(card: str) -> str:
    return " ".join(card[i : i + 4] for i in range(0, len(card), 4))


@dataclass(frozen=True)
class Pool:
    """Deterministic values of each kind, ``POOL_SIZE`` of each."""

    cards: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    ibans: tuple[str, ...]

    def canaries(self) -> tuple[str, ...]:
        """Substrings no mask shows: the middle digits of cards, phones and IBANs (masks never
        show five digits in a row), the local part of e-mails (masks keep one letter)."""
        out: list[str] = []
        for card in self.cards:
            middle = card[4:12]
            out += [middle, f"{middle[:4]} {middle[4:]}", f"{middle[:4]}-{middle[4:]}"]
        for email in self.emails:
            out.append(email.split("@")[0])
        for phone in self.phones:
            national = "".join(c for c in phone if c.isdigit())[1:]
            out += [national[:8], phone[3:13]]
        out += [iban[4:14] for iban in self.ibans]
        return tuple(out)


def _pool(seed: int = 20240601) -> Pool:
    rng = random.Random(seed)
    cards = tuple(_card(rng, *ISSUERS[i % len(ISSUERS)]) for i in range(POOL_SIZE))
    emails = tuple(
        f"{FIRST[i % 8]}.{LAST[(i // 8) % 8]}{i + 10}@{DOMAINS[i % len(DOMAINS)]}"
        for i in range(POOL_SIZE)
    )
    phones = tuple(
        f"+7 9{rng.randrange(10, 99)} {rng.randrange(100, 999)}-"
        f"{rng.randrange(10, 99)}-{rng.randrange(10, 99)}"
        for _ in range(POOL_SIZE)
    )
    ibans = tuple(_iban(rng, *IBAN_BBAN[i % len(IBAN_BBAN)]) for i in range(POOL_SIZE))
    return Pool(cards, emails, phones, ibans)


POOL = _pool()
CANARIES = POOL.canaries()


def card(i: int) -> str:
    return POOL.cards[i % POOL_SIZE]


def email(i: int) -> str:
    return POOL.emails[i % POOL_SIZE]


def phone(i: int) -> str:
    return POOL.phones[i % POOL_SIZE]


def iban(i: int) -> str:
    return POOL.ibans[i % POOL_SIZE]


MIR_CARDS = tuple(c for c in POOL.cards if c[:4] in ("2200", "2201", "2202", "2203", "2204"))

EMAIL = ("pii", "email")
PHONE = ("pii", "phone")
CARD = ("payment", "card_number")
IBAN = ("payment", "iban")
ALL3 = (EMAIL, PHONE, CARD)

# -- shapes -------------------------------------------------------------------------------------

COLUMNS = ("id", "email", "phone", "card")


def records(n: int, start: int = 0) -> list[dict[str, str]]:
    """``n`` customer rows: e-mail, +7 phone, card (Mir first)."""
    return [
        {"id": str(i + 1), "email": email(i), "phone": phone(i), "card": card(i)}
        for i in range(start, start + n)
    ]


def clean(n: int, start: int = 0) -> list[dict[str, str]]:
    """``n`` rows of the same columns holding nothing sensitive."""
    return [
        {"id": str(i + 1), "email": "n/a", "phone": "-", "card": "none"}
        for i in range(start, start + n)
    ]


def csv_text(rows: Sequence[dict[str, str]], sep: str = ",", header: bool = True) -> str:
    cols = list(rows[0])
    lines = [sep.join(cols)] if header else []
    lines += [sep.join(r[c] for c in cols) for r in rows]
    return "\n".join(lines) + "\n"


CUSTOMERS = functools.cache(lambda: csv_text(records(200)))


def orient(rows: Sequence[dict[str, str]], how: str) -> object:
    """``rows`` as pandas ``DataFrame.to_json(orient=how)`` writes them (written by hand)."""
    cols = list(rows[0])
    if how == "records":
        return list(rows)
    if how == "split":
        return {"columns": cols, "index": list(range(len(rows))), "data": _values(rows)}
    if how == "columns":
        return {c: {str(i): r[c] for i, r in enumerate(rows)} for c in cols}
    if how == "index":
        return {str(i): dict(r) for i, r in enumerate(rows)}
    if how == "values":
        return _values(rows)
    if how == "table":
        fields = [{"name": "index", "type": "integer"}] + [
            {"name": c, "type": "string"} for c in cols
        ]
        schema = {"fields": fields, "primaryKey": ["index"], "pandas_version": "1.4.0"}
        return {"schema": schema, "data": [{"index": i, **r} for i, r in enumerate(rows)]}
    raise ValueError(how)


ORIENTS = ("records", "split", "columns", "index", "values", "table")


def _values(rows: Sequence[dict[str, str]]) -> list[list[str]]:
    return [list(r.values()) for r in rows]


def _file(name: str, data: Callable[[], bytes | str]) -> Builder:
    return lambda root: [_write(root / name, data())]


def _folder(files: dict[str, Callable[[], bytes | str]]) -> Builder:
    """A folder ``data`` holding ``files`` (relative names); the folder is the argument."""

    def build(root: Path) -> list[Path]:
        folder = root / "data"
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            _write(folder / name, data())
        return [folder]

    return build


def xlsx(rows: Sequence[dict[str, str]]) -> bytes:
    """A real (minimal) Office Open XML workbook: one sheet of inline strings."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    cols = list(rows[0])
    table = [cols] + [[r[c] for c in cols] for r in rows]
    sheet_rows = "".join(
        f'<row r="{y}">'
        + "".join(
            f'<c r="{chr(65 + x)}{y}" t="inlineStr"><is><t>{v}</t></is></c>'
            for x, v in enumerate(row)
        )
        + "</row>"
        for y, row in enumerate(table, 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{ct}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="customers" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{sheet_rows}</sheetData></worksheet>'
        ),
    }
    return _zip(parts)


def _zip(parts: Mapping[str, str | bytes]) -> bytes:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return sink.getvalue()


def _png() -> bytes:
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    head = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _parquet(
    columns: Mapping[str, Sequence[object]], metadata: dict[str, str] | None = None
) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(columns)
    if metadata is not None:
        table = table.replace_schema_metadata(metadata)
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _arrow_table(rows: Sequence[dict[str, str]]) -> object:
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows))


def orc_bytes(rows: Sequence[dict[str, str]]) -> bytes:
    import pyarrow.orc as orc

    sink = io.BytesIO()
    orc.write_table(_arrow_table(rows), sink)
    return sink.getvalue()


def feather_bytes(rows: Sequence[dict[str, str]]) -> bytes:
    import pyarrow.feather as feather

    sink = io.BytesIO()
    feather.write_feather(_arrow_table(rows), sink)
    return sink.getvalue()


def arrow_stream_bytes(rows: Sequence[dict[str, str]]) -> bytes:
    import pyarrow as pa

    table = _arrow_table(rows)
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:  # type: ignore[attr-defined]
        writer.write_table(table)
    return sink.getvalue()


def avro_bytes(rows: Sequence[dict[str, str]], codec: str = "snappy") -> bytes:
    import fastavro

    fields = [{"name": name, "type": ["null", "string"]} for name in rows[0]]
    schema = {"type": "record", "name": "Customer", "fields": fields}
    sink = io.BytesIO()
    fastavro.writer(sink, schema, list(rows), codec=codec)
    return sink.getvalue()


def lz4_bytes(data: bytes) -> bytes:
    import lz4.frame

    return bytes(lz4.frame.compress(data))


# -- discovery ----------------------------------------------------------------------------------


def _jsonl_events() -> str:
    return "".join(
        json.dumps(
            {
                "ts": f"2024-05-01T10:{i % 60:02d}:00Z",
                "event": "signup",
                "user": {"email": email(i), "phone": phone(i)},
                "card": card(i),
            }
        )
        + "\n"
        for i in range(200)
    )


def _hive() -> str:
    return csv_text(records(200), sep="\x01", header=False)


DISCOVERY: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    ("xlsx-in-folder", _folder({"customers.xlsx": lambda: xlsx(records(50))}), 1, ALL3),
    (
        "zip-in-folder",
        _folder({"export.zip": lambda: _zip({"customers.csv": CUSTOMERS()})}),
        1,
        ALL3,
    ),
    (
        "emails-as-zip-member-names",
        _file(
            "by-customer.zip",
            lambda: _zip({f"orders/{email(i)}.csv": "sku,qty\nA-1,2\n" for i in range(5)}),
        ),
        1,
        (EMAIL,),
    ),
    ("txt-in-folder", _folder({"customers.txt": CUSTOMERS}), 1, ALL3),
    ("dat-in-folder", _folder({"x.dat": CUSTOMERS}), 1, ALL3),
    ("no-suffix-in-folder", _folder({"customers": CUSTOMERS}), 1, ALL3),
    (
        "csv-gz-1-in-folder",
        _folder({"customers.csv.gz.1": lambda: gzip.compress(CUSTOMERS().encode())}),
        1,
        ALL3,
    ),
    ("csv-bak-in-folder", _folder({"customers.csv.bak": CUSTOMERS}), 1, ALL3),
    ("jsonl-events-log", _folder({"events.log": _jsonl_events}), 1, ALL3),
    ("hive-000000_0", _folder({"warehouse/customers/000000_0": _hive}), 1, ALL3),
    ("hidden-staging-folder", _folder({".staging/customers.csv": CUSTOMERS}), 1, ALL3),
    (
        "orc-000000_0-in-folder",
        _folder({"warehouse/customers/000000_0": lambda: orc_bytes(records(200))}),
        1,
        ALL3,
    ),
    (
        "feather-in-folder",
        _folder({"customers.feather": lambda: feather_bytes(records(200))}),
        1,
        ALL3,
    ),
    (
        "arrow-stream-no-suffix",
        _folder({"part-0": lambda: arrow_stream_bytes(records(200))}),
        1,
        ALL3,
    ),
    ("avro-in-folder", _folder({"topic+0+000.avro": lambda: avro_bytes(records(200))}), 1, ALL3),
    ("avro-named-dat", _file("export.dat", lambda: avro_bytes(records(200), "deflate")), 1, ALL3),
    ("csv-lz4", _folder({"customers.csv.lz4": lambda: lz4_bytes(CUSTOMERS().encode())}), 1, ALL3),
    (
        "orc-lz4-no-suffix",
        _folder({"000001_0": lambda: lz4_bytes(orc_bytes(records(200)))}),
        1,
        ALL3,
    ),
    ("empty-folder", _folder({}), 2, ()),
    ("only-png", _folder({"logo.png": _png}), 2, ()),
    ("xlsx-named", _file("customers.xlsx", lambda: xlsx(records(50))), 1, ALL3),
    ("zip-named", _file("export.zip", lambda: _zip({"customers.csv": CUSTOMERS()})), 1, ALL3),
    ("no-suffix-named", _file("customers", CUSTOMERS), 1, ALL3),
    ("dat-named", _file("x.dat", CUSTOMERS), 1, ALL3),
    ("csv-in-folder", _folder({"customers.csv": CUSTOMERS}), 1, ALL3),
    (
        "clean-csv-beside-txt",
        _folder({"a.csv": lambda: csv_text(clean(50)), "customers.txt": CUSTOMERS}),
        1,
        ALL3,
    ),
]

# -- CSV ----------------------------------------------------------------------------------------


def _comment_comma() -> str:
    """A free-text comment with an unquoted comma: exactly the rows with contacts are ragged."""
    lines = ["id,comment,phone,email"]
    for i in range(300):
        if i % 2:
            lines.append(f"{i},called back, no answer,{phone(i)},{email(i)}")
        else:
            lines.append(f"{i},ok,,")
    return "\n".join(lines) + "\n"


def _stray_quote() -> str:
    """One opening quote never closed, then 5,000 card rows a strict parser reads as one cell."""
    rows = "".join(f"{i},paid,{card(i)}\n" for i in range(2, 5002))
    return f'id,note,card\n1,"oops,none\n{rows}'


def _header_with_delimiter(quoted: bool) -> Callable[[], str]:
    def make() -> str:
        name = '"name, full"' if quoted else "name, full"
        rows = "".join(f"{i},Ivanov Ivan,{email(i)},{phone(i)}\n" for i in range(200))
        return f"id,{name},email,phone\n{rows}"

    return make


def _short_rows() -> str:
    lines = ["id,email,phone,card,comment,city"]
    lines += [f"{i},{email(i)},{phone(i)},{card(i)}" for i in range(200)]
    return "\n".join(lines) + "\n"


def _semicolon_with_commas() -> str:
    rows = "".join(f"{i};Ivanov, Ivan;{email(i)};{phone(i)};{card(i)}\n" for i in range(200))
    return "id;name;email;phone;card\n" + rows


def _tab_in_csv() -> str:
    return csv_text(records(200), sep="\t")


CSV: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    ("comma-in-comment", _file("contacts.csv", _comment_comma), (1, 2), (EMAIL, PHONE)),
    ("stray-quote-5000-cards", _file("cards.csv", _stray_quote), (1, 2), (CARD,)),
    ("header-quoted-delimiter", _file("h.csv", _header_with_delimiter(True)), 1, (EMAIL, PHONE)),
    (
        "header-bare-delimiter",
        _file("h.csv", _header_with_delimiter(False)),
        (1, 2),
        (EMAIL, PHONE),
    ),
    ("short-rows", _file("short.csv", _short_rows), 1, ALL3),
    ("semicolon-with-commas", _file("semi.csv", _semicolon_with_commas), 1, ALL3),
    ("tab-separated-csv", _file("tabs.csv", _tab_in_csv), 1, ALL3),
]

# -- huge cells ---------------------------------------------------------------------------------

MIB = 1 << 20


@functools.cache
def _card_in_10mb_cell() -> str:
    filler = "lorem ipsum " * (10 * MIB // 12)
    half = len(filler) // 2
    cell = f"{filler[:half]} {card(0)} {filler[half:]}"
    return f'id,note\n1,"{cell}"\n2,ok\n'


def _straddle(value: str, boundary: int) -> str:
    """One cell of filler in which ``value`` starts 5 bytes before ``boundary`` (cell bytes)."""
    start = boundary - 5
    cell = "x " * (start // 2) + (" " if start % 2 else "") + value + " y" * 1000
    return f'id,note\n1,"{cell}"\n2,ok\n'


@functools.cache
def _wide_email_last() -> str:
    names = [f"c{i}" for i in range(1, 20_000)] + ["contact"]
    rows = [",".join(["0"] * 19_999 + [email(i)]) for i in range(5)]
    return ",".join(names) + "\n" + "\n".join(rows) + "\n"


@functools.cache
def _orient_6000(how: str) -> str:
    return json.dumps(orient(records(6000), how))


BIG_ROWS = 60_000


def _one_in_big_batches(column: int, value: str) -> str:
    """A long, clean export (batches big enough to be screened whole) with ``value`` in one
    cell near the end: a status column of three words, a weight column of numbers."""
    lines = ["id,status,weight"]
    lines += [
        f"{i},{('new', 'paid', 'shipped')[i % 3]},{i % 997}.{i % 100:02d}" for i in range(BIG_ROWS)
    ]
    cells = lines[BIG_ROWS - 5].split(",")
    cells[column] = f'"{value}"'
    lines[BIG_ROWS - 5] = ",".join(cells)
    return "\n".join(lines) + "\n"


HUGE: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    (
        "percent-email-in-60000-statuses",
        _file("big1.csv", lambda: _one_in_big_batches(1, email(4).replace("@", "%40"))),
        1,
        (EMAIL,),
    ),
    (
        "full-width-card-in-60000-weights",
        _file("big2.csv", lambda: _one_in_big_batches(2, spaced(card(4)).translate(FULL_WIDTH))),
        1,
        (CARD,),
    ),
    (
        "zero-width-email-in-60000-statuses",
        _file("big3.csv", lambda: _one_in_big_batches(1, email(5).replace("@", "\u200b@"))),
        1,
        (EMAIL,),
    ),
    ("card-in-10mb-cell", _file("cell.csv", _card_in_10mb_cell), (1, 2), (CARD,)),
    ("email-straddles-1mib", _file("s1.csv", lambda: _straddle(email(1), MIB)), (1, 2), (EMAIL,)),
    (
        "card-straddles-2mib",
        _file("s2.csv", lambda: _straddle(spaced(card(2)), 2 * MIB)),
        (1, 2),
        (CARD,),
    ),
    ("20000-columns-email-last", _file("wide.csv", _wide_email_last), (1, 2), (EMAIL,)),
    (
        "full-width-card-in-300k-cell",
        _file("fw.csv", lambda: _straddle(spaced(card(3)).translate(FULL_WIDTH), 150_000)),
        1,
        (CARD,),
    ),
    (
        "json-orient-columns-6000",
        _file("cols.json", lambda: _orient_6000("columns")),
        1,
        ALL3,
    ),
    ("json-orient-index-6000", _file("index.json", lambda: _orient_6000("index")), 1, ALL3),
]

# -- compression --------------------------------------------------------------------------------

HEAD = functools.cache(lambda: csv_text(clean(3)).encode())
"""Header and clean rows: a reader that stops after the first stream sees nothing forbidden;
few, so that ``HEAD + TAIL`` uncompressed is a plain exit 1 (tested)."""
TAIL = functools.cache(lambda: csv_text(records(300, 300), header=False).encode())


def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor().compress(data)


def _skippable(payload: bytes) -> bytes:
    return struct.pack("<II", 0x184D2A50, len(payload)) + payload


COMPRESSION: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    (
        "xz-padding-second-stream",
        _file("c.csv.xz", lambda: lzma.compress(HEAD()) + b"\0" * 8 + lzma.compress(TAIL())),
        1,
        ALL3,
    ),
    (
        "xz-two-streams",
        _file("c.csv.xz", lambda: lzma.compress(HEAD()) + lzma.compress(TAIL())),
        1,
        ALL3,
    ),
    (
        "zstd-skippable-frame-first",
        _file("c.csv.zst", lambda: _skippable(b"\0" * 64) + _zstd(HEAD() + TAIL())),
        1,
        ALL3,
    ),
    ("zstd-two-frames", _file("c.csv.zst", lambda: _zstd(HEAD()) + _zstd(TAIL())), 1, ALL3),
    (
        "gzip-member-after-zero-padding",
        _file("c.csv.gz", lambda: gzip.compress(HEAD()) + b"\0" * 512 + gzip.compress(TAIL())),
        (1, 2),
        ALL3,
    ),
    (
        "gzip-two-members",
        _file("c.csv.gz", lambda: gzip.compress(HEAD()) + gzip.compress(TAIL())),
        1,
        ALL3,
    ),
    (
        "bz2-two-streams",
        _file("c.csv.bz2", lambda: bz2.compress(HEAD()) + bz2.compress(TAIL())),
        1,
        ALL3,
    ),
    (
        "gzip-trailing-garbage",
        _file("c.csv.gz", lambda: gzip.compress(HEAD()) + b"\x13\x37not gzip" + TAIL()),
        2,
        (),
    ),
    (
        "xz-trailing-garbage",
        _file("c.csv.xz", lambda: lzma.compress(HEAD()) + b"\x13\x37not xz" + TAIL()),
        2,
        (),
    ),
]

# -- mixed columns ------------------------------------------------------------------------------


def _contact_half() -> str:
    rows = "".join(f"{i},{email(i) if i % 2 else phone(i)}\n" for i in range(400))
    return "id,contact\n" + rows


def _after_skus(value: Callable[[int], str], header: str = "ref") -> Callable[[], str]:
    def make() -> str:
        skus = "".join(f"{i},SKU-{100000 + i}\n" for i in range(20_000))
        tail = "".join(f"{20_000 + i},{value(i)}\n" for i in range(300))
        return f"id,{header}\n{skus}{tail}"

    return make


def _cards_among_amounts() -> str:
    rows = [f"{i},{(i * 37) % 10_000}.{i % 100:02d}" for i in range(10_000)]
    for k, at in enumerate(range(500, 10_000, 2000)):
        rows[at] = f"{at},{card(k)}"
    return "id,value\n" + "\n".join(rows) + "\n"


MIXED: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    # One column finding of the category, named after its most frequent rule (e-mail wins ties).
    ("contact-half-emails-half-phones", _file("contact.csv", _contact_half), 1, (EMAIL,)),
    ("300-emails-after-20000-skus", _file("refs.csv", _after_skus(email)), 1, (EMAIL,)),
    ("300-phones-after-20000-skus", _file("refs.csv", _after_skus(phone)), 1, (PHONE,)),
    ("300-cards-after-20000-skus", _file("refs.csv", _after_skus(card)), 1, (CARD,)),
    ("5-cards-among-10000-amounts", _file("amounts.csv", _cards_among_amounts), 1, (CARD,)),
]

# -- JSON shapes --------------------------------------------------------------------------------


def _json(value: Callable[[], object]) -> Callable[[], str]:
    return lambda: json.dumps(value())


def _orient_json(rows: Callable[[int], list[dict[str, str]]], how: str) -> Callable[[], str]:
    return lambda: json.dumps(orient(rows(200), how))


def _keyed_by_email() -> object:
    return {email(i): {"phone": phone(i), "card": card(i)} for i in range(100)}


def _concatenated() -> str:
    return "".join(json.dumps(r) for r in records(200))


def _parquet_metadata() -> bytes:
    rows = list(range(100))
    meta = {"contact": email(7), "owner": f"{email(8)}, {phone(8)}"}
    return _parquet({"sku": [f"SKU-{i}" for i in rows], "qty": [str(i) for i in rows]}, meta)


JSON_SHAPES: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    (
        "array-of-arrays-header-row",
        _file("a.json", _json(lambda: [list(COLUMNS), *_values(records(200))])),
        1,
        ALL3,
    ),
    *[
        (
            f"pandas-orient-{how}",
            _file(f"{how}.json", _orient_json(records, how)),
            1,
            ALL3,
        )
        for how in ORIENTS
    ],
    ("object-keyed-by-email", _file("k.json", _json(_keyed_by_email)), 1, (EMAIL, PHONE, CARD)),
    (
        "ndjson-saved-as-json",
        _file("n.json", lambda: "".join(json.dumps(r) + "\n" for r in records(200))),
        1,
        ALL3,
    ),
    ("concatenated-values", _file("c.json", _concatenated), (1, 2), ALL3),
    (
        "rfc7464-text-sequence",
        _file("seq.json", lambda: "".join("\x1e" + json.dumps(r) + "\n" for r in records(200))),
        1,
        ALL3,
    ),
    ("lone-string-document", _file("one.json", lambda: json.dumps(email(3))), 1, (EMAIL,)),
    (
        "wrapped-in-data-key",
        _file("w.json", _json(lambda: {"data": records(200), "total": 200})),
        1,
        ALL3,
    ),
    ("parquet-email-in-metadata", _file("m.parquet", _parquet_metadata), (1, 2), (EMAIL,)),
]

# -- disguises ----------------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ZWSP, SHY = "\u200b", "\u00ad"
DISGUISED: dict[str, Callable[[int], str]] = {}
"""Case id to the disguised value of row i (the same values become that case's canaries)."""


def _note(case_id: str, disguise: Callable[[int], str], header: str = "note") -> Builder:
    DISGUISED[case_id] = disguise
    return _file(f"{case_id}.csv", lambda: _note_csv(disguise, header))


def _email_at(case_id: str, at: str) -> tuple[str, Builder, int, tuple[tuple[str, str], ...]]:
    """A case of e-mails whose "@" is written as ``at`` in a note column."""
    return case_id, _note(case_id, lambda i: email(i).replace("@", at)), 1, (EMAIL,)


def _note_csv(disguise: Callable[[int], str], header: str) -> str:
    rows = "".join(f"{i},{_quote(disguise(i))}\n" for i in range(200))
    return f"id,{header}\n{rows}"


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


def _dotted(i: int) -> str:
    return ".".join(card(i)[k : k + 4] for k in range(0, 16, 4))


def _mid(value: str, mark: str) -> str:
    half = len(value) // 2
    return value[:half] + mark + value[half:]


def _b64_json(i: int) -> str:
    return base64.b64encode(json.dumps({"email": email(i), "ok": True}).encode()).decode()


def _surrogate_jsonl() -> str:
    # json.dumps escapes the lone surrogate as \ud800: valid JSON text, not valid UTF-8 decoded.
    return "".join(
        json.dumps({"id": i, "note": f"\ud800 write to {email(i)}"}) + "\n" for i in range(200)
    )


def _float_phones() -> bytes:
    numbers = [float("".join(c for c in phone(i) if c.isdigit())) for i in range(200)]
    return _parquet({"id": list(range(200)), "phone": numbers})


def _split_card() -> str:
    rows = "".join(
        f"{i}," + ",".join(c[k : k + 4] for k in range(0, 16, 4)) + "\n"
        for i, c in enumerate(MIR_CARDS)
    )
    return "id,p1,p2,p3,p4\n" + rows


def _xlsx_comments() -> bytes:
    """Clean cells; the e-mails are in the cells' comments (notes)."""
    import openpyxl
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "status"])
    for i in range(30):
        sheet.append([i, "ok"])
        sheet.cell(row=i + 2, column=2).comment = Comment(f"call {email(i)}", "crm")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _split_card_late() -> str:
    """Four card fields whose first 1,500 rows hold other digit groups (order codes)."""
    rng = random.Random(11)
    other = "".join(
        f"{i}," + ",".join(f"{rng.randrange(10_000):04d}" for _ in range(4)) + "\n"
        for i in range(1_500)
    )
    cards = "".join(
        f"{1_500 + i}," + ",".join(c[k : k + 4] for k in range(0, 16, 4)) + "\n"
        for i, c in enumerate(c for _ in range(8) for c in POOL.cards if len(c) == 16)
    )
    return "id,p1,p2,p3,p4\n" + other + cards


def _spoken(i: int) -> str:
    local, domain = email(i).split("@")
    return f"{local} at {domain.replace('.', ' dot ')}"


DISGUISES: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    ("plain-card-in-note", _note("plain-card-in-note", lambda i: spaced(card(i))), 1, (CARD,)),
    (
        "mir-card-in-note",
        _note("mir-card-in-note", lambda i: MIR_CARDS[i % len(MIR_CARDS)]),
        1,
        (CARD,),
    ),
    ("card-dotted", _note("card-dotted", _dotted), 1, (CARD,)),
    (
        "card-en-dashes",
        _note("card-en-dashes", lambda i: _dotted(i).replace(".", "\u2013")),
        1,
        (CARD,),
    ),
    _email_at("email-at-sign-bracketed", "[@]"),
    ("iban-lower-case", _note("iban-lower-case", lambda i: iban(i).lower()), 1, (IBAN,)),
    ("iban-plain", _note("iban-plain", iban), 1, (IBAN,)),
    (
        "email-internationalised",
        _note("email-internationalised", lambda i: f"клиент{i}.петров@почта.рф"),
        1,
        (EMAIL,),
    ),
    (
        "card-full-width",
        _note("card-full-width", lambda i: spaced(card(i)).translate(FULL_WIDTH)),
        1,
        (CARD,),
    ),
    (
        "phone-full-width",
        _note("phone-full-width", lambda i: phone(i).translate(FULL_WIDTH)),
        1,
        (PHONE,),
    ),
    (
        "email-zero-width-space",
        _note("email-zero-width-space", lambda i: _mid(email(i), ZWSP)),
        1,
        (EMAIL,),
    ),
    ("email-soft-hyphen", _note("email-soft-hyphen", lambda i: _mid(email(i), SHY)), 1, (EMAIL,)),
    ("card-soft-hyphen", _note("card-soft-hyphen", lambda i: _mid(card(i), SHY)), 1, (CARD,)),
    (
        "card-zero-width-space",
        _note("card-zero-width-space", lambda i: _mid(card(i), ZWSP)),
        1,
        (CARD,),
    ),
    (
        "email-percent-40-in-url",
        _note(
            "email-percent-40-in-url",
            lambda i: f"https://shop.example/unsub?u={email(i).replace('@', '%40')}&t=1",
            "url",
        ),
        1,
        (EMAIL,),
    ),
    (
        "email-html-entity-at",
        _note("email-html-entity-at", lambda i: f"<p>{email(i).replace('@', '&#64;')}</p>"),
        1,
        (EMAIL,),
    ),
    ("email-in-base64-json", _note("email-in-base64-json", _b64_json, "payload"), 1, (EMAIL,)),
    ("email-spoken", _note("email-spoken", _spoken), 1, (EMAIL,)),
    _email_at("email-spaced-at", " @ "),
    _email_at("email-spoken-russian", " собака "),
    ("phone-float64-parquet", _file("p.parquet", _float_phones), 1, (PHONE,)),
    ("lone-surrogate-before-email", _file("s.jsonl", _surrogate_jsonl), 1, (EMAIL,)),
    ("card-split-over-4-columns", _file("split.csv", _split_card), 1, (CARD,)),
    ("card-split-after-1500-rows", _file("late.csv", _split_card_late), 1, (CARD,)),
    ("email-in-xlsx-comments", _file("notes.xlsx", _xlsx_comments), 1, (EMAIL,)),
]

# -- found by an attacker's hunt: binary kinds, workbooks' corners, IDs in words ----------------


def _pickled() -> bytes:
    import pickle

    return pickle.dumps(records(60))


def _nul_head() -> bytes:
    return b"\x00" * 9000 + CUSTOMERS().encode()


def _png_magic_csv() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + CUSTOMERS().encode()


def _utf32() -> bytes:
    return CUSTOMERS().encode("utf-32")


def _self_extracting() -> bytes:
    return b"MZ\x90\x00\x03" + b"\x00" * 400 + _zip({"customers.csv": CUSTOMERS()})


def _v7_tar() -> bytes:
    data = bytearray(_tar_bytes({"customers.csv": CUSTOMERS().encode()}))
    data[257:265] = b"\x00" * 8
    data[148:156] = b" " * 8
    data[148:156] = f"{sum(data[:512]):06o}\x00 ".encode()
    return bytes(data)


def _tar_bytes(files: Mapping[str, bytes]) -> bytes:
    sink = io.BytesIO()
    with tarfile.open(fileobj=sink, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return sink.getvalue()


def _raw_zlib() -> bytes:
    import zlib

    return zlib.compress(CUSTOMERS().encode())


def _xlsx_with(change: Callable[[Any], None], extra: Mapping[str, str] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "orders"
    sheet.append(["id", "status"])
    for i in range(30):
        sheet.append([i, "ok"])
    change(sheet)
    out = io.BytesIO()
    book.save(out)
    if extra:
        with zipfile.ZipFile(out, "a") as zf:
            for name, text in extra.items():
                zf.writestr(name, text)
    return out.getvalue()


def _far_cell(sheet: Any) -> None:
    sheet["XFD1048576"] = email(1)


def _hyperlink_formulas(sheet: Any) -> None:
    for i in range(30):
        sheet.cell(row=i + 2, column=3).value = f'=HYPERLINK("mailto:{email(i)}", "write")'


def _duplicate_keys() -> str:
    return "".join(
        f'{{"id": {i}, "email": "{email(i)}", "email": "n/a", "card": "{card(i)}", "card": ""}}\n'
        for i in range(100)
    )


def _ids_in_words() -> str:
    rows = [
        f"{i},СНИЛС клиента {snils_number(i)} приложен" if i % 5 == 0 else f"{i},ok"
        for i in range(300)
    ]
    return "id,comment\n" + "\n".join(rows) + "\n"


def snils_number(i: int) -> str:
    """A valid SNILS (checksum) from a seed."""
    body = f"{100_000_000 + i * 7919:09d}"[-9:]
    total = sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))
    check = total % 101 % 100
    return f"{body[:3]}-{body[3:6]}-{body[6:]} {check:02d}"


def _ids_among_dashes() -> str:
    rows = [f"{i},{snils_number(i)}" if i % 10 == 0 else f"{i},-" for i in range(300)]
    return "id,snils\n" + "\n".join(rows) + "\n"


def _access_log() -> str:
    """A web server's access log: each line starts with the visitor's address."""
    rng = random.Random(5)
    lines = []
    for i in range(300):
        address = ".".join(
            str(rng.randrange(a, b)) for a, b in ((64, 224), (0, 256), (0, 256), (1, 255))
        )
        lines.append(f'{address} - - [07/Dec/2026:10:{i % 60:02d}:00 +0000] "GET /cart" 200\n')
    return "".join(lines)


SNILS = ("pii", "snils")
HUNT: list[tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...]]] = [
    ("pickle-in-folder", _folder({"customers.pkl": _pickled}), 1, (EMAIL,)),
    # Read as text runs, one column: e-mails and phones share a category there.
    ("csv-behind-nul-bytes", _folder({"customers": _nul_head}), 1, (EMAIL, CARD)),
    ("csv-behind-png-magic", _folder({"photo.png": _png_magic_csv}), 1, (EMAIL, CARD)),
    ("utf-32-text", _folder({"customers.txt": _utf32}), 1, (EMAIL, CARD)),
    ("self-extracting-zip", _folder({"setup.exe": _self_extracting}), 1, ALL3),
    ("tar-without-ustar-mark", _folder({"old.dat": _v7_tar}), 1, ALL3),
    ("raw-zlib-stream", _folder({"customers.zz": _raw_zlib}), 2, ()),
    ("xlsx-cell-at-xfd1048576", _file("far.xlsx", lambda: _xlsx_with(_far_cell)), 2, ()),
    (
        "xlsx-hyperlink-formulas",
        _file("links.xlsx", lambda: _xlsx_with(_hyperlink_formulas)),
        1,
        (EMAIL,),
    ),
    (
        "xlsx-embedded-csv",
        _file(
            "book.xlsx", lambda: _xlsx_with(lambda s: None, {"xl/embeddings/c.csv": CUSTOMERS()})
        ),
        1,
        ALL3,
    ),
    ("json-duplicate-keys", _file("dup.jsonl", _duplicate_keys), 1, (EMAIL, CARD)),
    ("snils-in-comments", _file("notes.csv", _ids_in_words), 1, (("pii", "national_id_in_text"),)),
    ("snils-among-dashes", _file("ids.csv", _ids_among_dashes), 1, (SNILS,)),
    ("ips-in-access-log", _file("access.log", _access_log), 1, (("location", "ip_in_text"),)),
]

# -- limits -------------------------------------------------------------------------------------


def _late_emails() -> str:
    rows = "".join(f"{i},ok,n/a\n" for i in range(1, 1001))
    rows += "".join(f"{1000 + i},ok,{email(i)}\n" for i in range(1, 1001))
    return "id,status,contact\n" + rows


def _eight_columns() -> str:
    rows = "".join(f"{i},a,b,c,d,e,{email(i)},{phone(i)}\n" for i in range(100))
    return "id,c1,c2,c3,c4,c5,email,phone\n" + rows


LIMITS: list[
    tuple[str, Builder, int | tuple[int, ...], tuple[tuple[str, str], ...], tuple[str, ...], str]
] = [
    (
        "max-rows-500-emails-from-1001",
        _file("late.csv", _late_emails),
        0,
        (),
        ("--max-rows", "500"),
        "first 500 rows",
    ),
    (
        "max-rows-500-gzip-emails-from-1001",
        _file("late.csv.gz", lambda: gzip.compress(_late_emails().encode())),
        0,
        (),
        ("--max-rows", "500"),
        "first 500 rows",
    ),
    (
        "max-rows-500-jsonl-emails-from-1001",
        _file(
            "late.jsonl",
            lambda: "".join(
                json.dumps({"id": i, "contact": email(i) if i > 1000 else "n/a"}) + "\n"
                for i in range(1, 1201)
            ),
        ),
        0,
        (),
        ("--max-rows", "500"),
        "first 500 rows",
    ),
    ("max-rows-500-emails-at-1", _file("early.csv", CUSTOMERS), 1, ALL3, ("--max-rows", "500"), ""),
    ("max-columns-5-hit", _file("wide8.csv", _eight_columns), 2, (), ("--max-columns", "5"), ""),
]

# -- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenCase:
    """One fail-open case: its class, the hostile-input case, and whether it fails today."""

    group: str
    case: Case
    known_open: bool


KNOWN_OPEN: frozenset[str] = frozenset()
"""Ids of cases that fail on today's code (``xfail(strict=True)`` in the tests): remove an id
when a fix makes its case pass."""
SLOW: frozenset[str] = frozenset(
    (
        "huge-20000-columns-email-last",
        "huge-json-orient-columns-6000",
        "huge-json-orient-index-6000",
    )
)
"""Cases over 5 s each in-process: outside the default test run, always in the bench."""


def _extra(case_id: str) -> tuple[str, ...]:
    disguise = DISGUISED.get(case_id)
    if disguise is None:
        return ()
    return tuple(disguise(i)[3:-3] for i in range(50))


def _cases() -> tuple[OpenCase, ...]:
    out: list[OpenCase] = []
    groups = {
        "discovery": DISCOVERY,
        "csv": CSV,
        "huge": HUGE,
        "compression": COMPRESSION,
        "mixed": MIXED,
        "json": JSON_SHAPES,
        "disguise": DISGUISES,
        "hunt": HUNT,
    }
    for group, table in groups.items():
        for case_id, build, code, detected in table:
            full = f"{group}-{case_id}"
            case = Case(
                full,
                build,
                code,
                finding=None,
                slow=full in SLOW,
                canaries=CANARIES + _extra(case_id),
                detected=detected,
            )
            out.append(OpenCase(group, case, full in KNOWN_OPEN))
    for case_id, build, code, detected, args, verdict in LIMITS:
        full = f"limits-{case_id}"
        case = Case(
            full,
            build,
            code,
            finding=None,
            args=args,
            canaries=CANARIES,
            detected=detected,
            verdict=verdict or None,
        )
        out.append(OpenCase("limits", case, full in KNOWN_OPEN))
    return tuple(out)


FAIL_OPEN_CASES: tuple[OpenCase, ...] = _cases()

# -- robustness: runs that are not one scan judged by ``judge`` ---------------------------------

ENCODING_RUNS: tuple[tuple[str, str, tuple[str, ...], int], ...] = tuple(
    (f"{encoding}-{name}", encoding, args, code)
    for encoding in ("ascii", "cp1252")
    for name, args, code in (
        ("check-text", ("check", "{file}", "--format", "text"), 1),
        ("check-markdown", ("check", "{file}", "--format", "markdown"), 1),
        ("explain", ("explain", "card_number"), 0),
        ("rules", ("rules",), 0),
    )
)
"""(id, PYTHONIOENCODING, argv with ``{file}`` for the export, expected exit code)."""

ENCODING_EXPORT = functools.cache(
    lambda: (
        "id,телефон,почта,card\n"
        + "".join(f"{i},{phone(i)},{email(i)},{card(i)}\n" for i in range(50))
    )
)
"""Cyrillic headers: the text report must print them on an ASCII terminal too."""

RULE = """id = "my_iban"
category = "payment"
title = "IBAN (house rule)"
description = "A house copy of the IBAN rule."

[value]
pattern = '[A-Z]{{2}}[0-9]{{2}}[A-Z0-9]{{11,30}}'
validator = "stdnum"
{key} = {{ module = "iban" }}
"""
RULE_FILES: tuple[tuple[str, str, str], ...] = (
    ("params-misspelt-parms", RULE.format(key="parms"), "parms"),
    ("params-misspelt-param", RULE.format(key="param"), "param"),
    ("pattern-misspelt", RULE.format(key="params").replace("pattern", "patern"), "patern"),
)
"""(id, rule file text, the key the one-line error must name); each must exit 2."""

# -- metamorphic: one export, many wrappings, one answer ----------------------------------------

META_ROWS = functools.cache(lambda: records(200))


def _meta_csv() -> str:
    return csv_text(META_ROWS())


METAMORPHIC: tuple[tuple[str, Builder, bool], ...] = (
    ("plain-csv", _file("export.csv", _meta_csv), True),
    ("no-suffix", _file("export", _meta_csv), True),
    (
        "gzip-zero-padding",
        _file("export.csv.gz", lambda: gzip.compress(_meta_csv().encode()) + b"\0" * 1024),
        True,
    ),
    ("zip", _file("export.zip", lambda: _zip({"export.csv": _meta_csv()})), True),
    (
        "utf16-bom",
        _file("export.csv", lambda: "\ufeff".encode("utf-16-le") + _meta_csv().encode("utf-16-le")),
        True,
    ),
    *[
        (f"json-{how}", _file("export.json", _orient_json(lambda _: META_ROWS(), how)), True)
        for how in ORIENTS
    ],
    ("orc", _file("000000_0", lambda: orc_bytes(META_ROWS())), True),
    ("feather", _file("export.feather", lambda: feather_bytes(META_ROWS())), True),
    ("arrow-stream", _file("export.arrows", lambda: arrow_stream_bytes(META_ROWS())), True),
    ("avro", _file("export.avro", lambda: avro_bytes(META_ROWS())), True),
    ("lz4", _file("export.csv.lz4", lambda: lz4_bytes(_meta_csv().encode())), True),
)
"""(id, builder, whether a scan can read it today by design: False means any exit but 0 is
right)."""

KNOWN_OPEN_META: frozenset[str] = frozenset(())
KNOWN_OPEN_ROBUST: frozenset[str] = frozenset(())
"""Metamorphic variants and robustness runs that fail today (xfail, strict)."""
