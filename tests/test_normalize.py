"""Disguised values come back in the form the detectors match; ordinary values are left alone,
and the batch check finds every value that would change without looking at the others."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from piiscan.arrow import string_array
from piiscan.detectors import VALIDATORS
from piiscan.model import FileRef, Format, ReadOptions
from piiscan.normalize import TRIGGER, normalise, normalise_array, normalise_texts
from piiscan.readers import read
from piiscan.ruleset import Rule, load_rules, whole_value

RULES = {rule.id: rule for rule in load_rules()}
B64_JSON = base64.b64encode(json.dumps({"email": "ivan@mail.ru"}).encode()).decode()


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        pytest.param(
            "４２７６ １２３４ ５６７８ ９０１２", "4276 1234 5678 9012", id="fullwidth-digits"
        ),
        pytest.param("ｉｖａｎ＠ｍａｉｌ．ｒｕ", "ivan@mail.ru", id="fullwidth-email"),
        pytest.param("iv\u200ban@mail.ru", "ivan@mail.ru", id="zero-width-space"),
        pytest.param("ivan@ma\u200dil.ru", "ivan@mail.ru", id="zero-width-joiner"),
        pytest.param("ivan@mail\u00ad.ru", "ivan@mail.ru", id="soft-hyphen"),
        pytest.param("\ufeffivan@mail.ru", "ivan@mail.ru", id="bom"),
        pytest.param("4276\u20601234 5678 9012", "42761234 5678 9012", id="word-joiner"),
        pytest.param("4276.1234.5678.9012", "4276 1234 5678 9012", id="card-dots"),
        pytest.param("4276/1234/5678/9012", "4276 1234 5678 9012", id="card-slashes"),
        pytest.param("paid 4276_1234_5678_9012 ok", "paid 4276 1234 5678 9012 ok", id="card-text"),
        pytest.param("3782.822463.10005", "3782 822463 10005", id="card-amex"),
        pytest.param("+7_916_123_45_67", "+7 916 123 45 67", id="phone-underscores"),
        pytest.param("de89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", id="iban"),
        pytest.param("gb82west12345698765432", "GB82WEST12345698765432", id="iban-compact"),
        pytest.param("ivan%40mail.ru", "ivan@mail.ru", id="percent"),
        pytest.param("tel=%2B79161234567", "tel=+79161234567", id="percent-plus"),
        pytest.param("ivan%2540mail.ru", "ivan@mail.ru", id="percent-twice"),
        pytest.param("ivan&#64;mail.ru", "ivan@mail.ru", id="entity-decimal"),
        pytest.param("ivan&#x40;mail.ru", "ivan@mail.ru", id="entity-hex"),
        pytest.param("ivan&commat;mail.ru", "ivan@mail.ru", id="entity-named"),
        pytest.param("ivan&amp;#64;mail.ru", "ivan@mail.ru", id="entity-twice"),
        pytest.param(B64_JSON, '{"email": "ivan@mail.ru"}', id="base64-json"),
        pytest.param("7.9161234567e+10", "79161234567", id="float-phone"),
        pytest.param("4.276123456789012e+15", "4276123456789012", id="float-card"),
        pytest.param("79161234567.0", "79161234567", id="float-tail"),
        pytest.param("ivan\ud800@mail.ru", "ivan@mail.ru", id="lone-surrogate"),
        pytest.param("ivan\ufffd@mail.ru", "ivan@mail.ru", id="replacement-char"),
        pytest.param("ivan at mail dot ru", "ivan@mail.ru", id="at-dot"),
        pytest.param("ivan [at] mail [dot] ru", "ivan@mail.ru", id="at-dot-brackets"),
        pytest.param("ivan(at)mail.ru", "ivan@mail.ru", id="at-parens"),
        pytest.param(" Ivan AT mail DOT ru\n", " Ivan@mail.ru\n", id="at-dot-upper"),
        pytest.param("mail ivan at mail[dot]ru", "mail ivan@mail.ru", id="at-dot-in-text"),
        pytest.param("<p>ivan {at} mail.ru</p>", "<p>ivan@mail.ru</p>", id="at-braces-in-text"),
        pytest.param(
            "write to ivan.petrov @ mail.ru", "write to ivan.petrov@mail.ru", id="at-spaced"
        ),
        pytest.param("ivan.petrov at mail.ru", "ivan.petrov@mail.ru", id="at-dotted-local"),
        pytest.param("ivan[@]mail.ru", "ivan@mail.ru", id="at-sign-bracketed"),
        pytest.param(
            "4276\u20133800\u20131234\u20135679", "4276-3800-1234-5679", id="card-en-dash"
        ),
        pytest.param("+7 916 123\u201245\u221267", "+7 916 123-45-67", id="phone-dashes"),
        pytest.param("ivan собака mail точка ru", "ivan@mail.ru", id="at-dot-russian"),
        pytest.param(
            "Пишите: ivan СОБАКА mail.ru", "Пишите: ivan@mail.ru", id="at-russian-in-text"
        ),
    ],
)
def test_disguise_is_undone(disguised: str, plain: str) -> None:
    assert normalise(disguised) == plain
    if "\ud800" in disguised:
        return  # an Arrow string (UTF-8) cannot hold a lone surrogate
    out = normalise_array(string_array(["ordinary", disguised]))
    assert out is not None and out.to_pylist() == ["ordinary", plain]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("look at example.com", id="prose-at"),
        pytest.param("write ivan at mail dot ru", id="prose-at-dot"),
        pytest.param("meet @ 5pm, room 4.2", id="prose-spaced-at"),
        pytest.param("моя собака yandex.ru", id="prose-russian-dog"),
        pytest.param("paid 4276.1234.5678.9012 ok", id="dotted-digits-in-prose"),
        pytest.param("my iban de89 3704 0044 0532 0130 00", id="lower-iban-in-prose"),
        pytest.param("192.168.100.200", id="ip"),
        pytest.param("15.01.2024", id="date"),
        pytest.param("R&D department", id="ampersand"),
        pytest.param("1e+22", id="float-beyond-2**53"),
        pytest.param("9.007199254740993e+15", id="float-inexact"),
        pytest.param("7.91612345675e+10", id="float-fraction"),
        pytest.param("100%FF", id="percent-not-utf8"),
        pytest.param("deadbeefdeadbeefdeadbeef", id="hex-not-base64"),
        pytest.param("Internationalise", id="word-not-base64-text"),
        pytest.param("DE89 3704 0044 0532 0130 00", id="iban-already"),
        pytest.param("ab12 cdef ghij klmn", id="not-an-iban"),
        pytest.param("Привет, мир", id="cyrillic"),
        pytest.param("", id="empty"),
    ],
)
def test_ordinary_value_is_left_alone(value: str) -> None:
    assert normalise(value) == value
    assert normalise_array(string_array([value, "x"])) is None


def _found(rule: Rule, text: str) -> bool:
    """Whether ``rule`` finds a value in ``text``: whole, or (for cells rules) inside it."""
    validator = VALIDATORS[rule.validator] if rule.validator else (lambda _v: True)
    whole = re.fullmatch(whole_value(rule.pattern or ".*"), text)
    if whole and validator(text.strip(), **rule.params):
        return True
    return rule.cells and any(
        validator(m.group(0).strip(" :,."), **rule.params) for m in re.finditer(rule.pattern, text)
    )


@pytest.mark.parametrize(
    ("disguised", "rule_id"),
    [
        pytest.param("４１１１ １１１１ １１１１ １１１１", "card_number", id="fullwidth-card"),
        pytest.param("4111.1111.1111.1111", "card_number", id="dotted-card"),
        pytest.param("pay 4111_1111_1111_1111 now", "card_number", id="card-in-text"),
        pytest.param("4.111111111111111e+15", "card_number", id="float-card"),
        pytest.param("ｉｖａｎ＠ｍａｉｌ．ｒｕ", "email", id="fullwidth-email"),
        pytest.param("note: ivan%40mail.ru", "email", id="percent-email"),
        pytest.param("ivan&#64;mail.ru", "email", id="entity-email"),
        pytest.param(B64_JSON, "email", id="base64-email"),
        pytest.param("ivan [at] mail [dot] ru", "email", id="spelled-email"),
        pytest.param("gb82 west 1234 5698 7654 32", "iban", id="lower-iban"),
        pytest.param("7.9161234567e+10", "phone", id="float-phone"),
        pytest.param("tel%3A%2B79161234567", "phone", id="percent-phone"),
    ],
)
def test_normalised_value_is_found_by_the_rule(disguised: str, rule_id: str) -> None:
    rule = RULES[rule_id]
    assert not _found(rule, disguised)
    assert _found(rule, normalise(disguised))


def test_batch_keeps_type_nulls_and_order() -> None:
    texts = [None, "ivan%40mail.ru", "", "plain", "4276.1234.5678.9012"]
    values = pa.array(texts, pa.large_string())
    out = normalise_array(values)
    assert out is not None and out.type == pa.large_string()
    assert out.to_pylist() == [None, "ivan@mail.ru", "", "plain", "4276 1234 5678 9012"]
    assert normalise_array(pa.array([None, None], pa.string())) is None
    assert normalise_array(pa.array([], pa.string())) is None


def test_many_candidates_are_narrowed_before_python() -> None:
    # A column of Cyrillic text: every value is a candidate, few change.
    values = ["Иван Петров"] * 500 + ["ｉｖａｎ＠ｍａｉｌ．ｒｕ"] + ["Ж"] * 500
    out = normalise_array(string_array(values))
    assert out is not None
    assert out.to_pylist() == [*values[:500], "ivan@mail.ru", *values[501:]]
    assert normalise_array(string_array(["Иван Петров"] * 500)) is None


def test_texts_match_the_array_path() -> None:
    texts = [None, "ivan%40mail.ru", "plain"]
    assert normalise_texts(texts) == [None, "ivan@mail.ru", "plain"]
    assert normalise_texts(["plain", None]) is None


def test_lone_surrogate_from_json_does_not_hide_an_email(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[{"note": "ivan\\ud800@mail.ru and more"}]', encoding="utf-8")
    batches = list(read(FileRef(path, "x.json", Format.JSON), ReadOptions()))
    cell = batches[0].columns[0].values.to_pylist()[0]
    assert cell == "ivan\ufffd@mail.ru and more"
    assert normalise(cell) == "ivan@mail.ru and more"


# --- properties ---------------------------------------------------------------------------

_TRIGGER = re.compile(TRIGGER, re.ASCII)
_INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060", "\u200e"])
_LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
_EMAILS = st.builds(
    lambda local, dots, host, tld: f"{local}{'.' + dots if dots else ''}@{host}.{tld}",
    _LABEL,
    st.one_of(st.just(""), _LABEL),
    _LABEL,
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6),
)


def _luhn_card(digits: list[int], spaced: bool) -> str:
    body = [4, *digits]
    total = 0
    for i, d in enumerate(reversed(body)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    number = "".join(map(str, body)) + str((10 - total % 10) % 10)
    return " ".join(number[i : i + 4] for i in range(0, 16, 4)) if spaced else number


_CARDS = st.builds(_luhn_card, st.lists(st.integers(0, 9), min_size=14, max_size=14), st.booleans())
_DISGUISE_CHARS = "ivanmailru@.%40&#;atdotAT []()4276 0123+=/_|eE-\u200bＡ４\ufffd\u00e9"


def _with_inserted(value: str, data: st.DataObject) -> str:
    chars = list(value)
    for _ in range(data.draw(st.integers(1, 5))):
        chars.insert(data.draw(st.integers(0, len(chars))), data.draw(_INVISIBLE))
    return "".join(chars)


@given(st.one_of(st.text(), st.text(_DISGUISE_CHARS)))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(st.characters(min_codepoint=32, max_codepoint=126)))
def test_ascii_without_a_trigger_is_unchanged(text: str) -> None:
    if _TRIGGER.search(text):
        return
    assert normalise(text) == text
    assert normalise_array(string_array([text])) is None


_PLAIN_DISGUISE_CHARS = "ivanmailru@. atdotAT4276 0123+=/eE-\t\n"
"""Without ``%&[({<_|`` or non-ASCII: batches of these take the whole-cell check alone."""
_CELLS = st.one_of(st.text(), st.text(_DISGUISE_CHARS), st.text(_PLAIN_DISGUISE_CHARS), st.none())


@given(st.lists(_CELLS, max_size=8), st.booleans())
def test_the_batch_check_misses_no_value_that_changes(texts: list[str | None], many: bool) -> None:
    # ``many`` repeats the batch past REFINE_OVER, through the narrowing before Python.
    texts = [t.encode("utf-8", "replace").decode() if t else t for t in texts] * (20 if many else 1)
    expected = [None if t is None else normalise(t) for t in texts]
    out = normalise_array(string_array(texts))
    if expected == texts:
        assert out is None
    else:
        assert out is not None and out.to_pylist() == expected
    assert normalise_texts(texts) == (None if expected == texts else expected)


@given(st.lists(st.text(_PLAIN_DISGUISE_CHARS), min_size=1, max_size=4))
def test_a_batch_without_rare_characters_is_checked_at_each_start(texts: list[str]) -> None:
    expected = [normalise(t) for t in texts]
    out = normalise_array(string_array(texts))
    assert (texts if out is None else out.to_pylist()) == expected


@given(_EMAILS, st.data())
def test_email_with_invisible_characters_comes_back(email: str, data: st.DataObject) -> None:
    assert normalise(email) == email
    assert normalise(_with_inserted(email, data)) == email


@given(_CARDS, st.data())
def test_card_with_invisible_characters_comes_back(card: str, data: st.DataObject) -> None:
    assert normalise(card) == card
    assert VALIDATORS["card_number"](normalise(_with_inserted(card, data)))
    assert normalise(_with_inserted(card, data)) == card
