"""Load ``rules/*.toml`` strictly: one file per rule, its stem is its id.

Every problem is a ``RuleError`` naming the file and the key, so a typo in a rule can
never silently switch a detector off.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from piiscan.errors import RuleError
from piiscan.headers import HeaderPattern
from piiscan.model import Category


@dataclass(frozen=True)
class Example:
    """A fake-by-design value and whether the rule must match it."""

    value: str
    match: bool
    header: str | None = None
    """Column name the example is tried under (for header-required rules)."""


@dataclass(frozen=True)
class Rule:
    """One detector declared as data."""

    id: str
    """File stem; the JSON ``detector``, SARIF ``ruleId`` and config word."""
    category: Category
    title: str
    description: str
    header: HeaderPattern
    """Column-name evidence: words that raise confidence and choose what to try."""
    pattern: str | None
    """Candidate regex, in the RE2/Python common subset ([0-9], not \\d)."""
    validator: str | None
    """Name in ``detectors.VALIDATORS``; None accepts every pattern match."""
    params: Mapping[str, Any]
    """Keyword arguments bound to the validator."""
    mask: str
    """Name in ``masking.MASKS`` used for samples."""
    header_required: bool
    """Values alone are not evidence (a CVV is any 3 digits): only try under a matching header."""
    cells: bool
    """Also look for the value inside free-text cells."""
    sweep: str
    """High-signal values are looked for in every cell of every column, whatever the column
    was judged to be (300 e-mails after 20,000 SKU codes): ``anywhere`` in a cell, only as
    the ``whole`` cell (a phone: digits inside an IBAN are not one), or ``off``. Needs
    ``cells``."""
    sweep_pattern: str | None
    """A stricter pattern for the sweep than ``pattern`` (a phone only in international
    form: every amount column would otherwise be validated as phones)."""
    column_ratio: float
    """Share of non-empty values that must validate for a column finding without header."""
    header_ratio: float
    """The same share when the header matches."""
    column_check: str | None
    """Name in ``detectors.COLUMN_CHECKS``: a test over the column's matched values."""
    context: str | None
    """Table context the finding needs, checked last: ``customer_link`` (the table links rows
    to a customer), ``purchase_event`` (customer link plus other purchase columns),
    ``coordinate_pair`` (a latitude needs a longitude beside it)."""
    examples: tuple[Example, ...] = field(default=())
    source: str = ""
    """Where the rule was loaded from, for messages."""


_TOP_KEYS = {"id", "category", "title", "description", "header", "value", "scope", "examples"}
_HEADER_KEYS = {"tokens", "exclude"}
_VALUE_KEYS = {
    "pattern",
    "validator",
    "params",
    "mask",
    "header_required",
    "cells",
    "sweep",
    "sweep_pattern",
}
SWEEPS = ("off", "whole", "anywhere")
_SCOPE_KEYS = {"column_ratio", "header_ratio", "column_check", "context"}
CONTEXTS = ("customer_link", "purchase_event", "coordinate_pair")
_EXAMPLE_KEYS = {"value", "match", "header"}


def default_rules_dir() -> Path:
    """The rules shipped with piiscan: inside the wheel, or the repo's top-level rules/."""
    packaged = Path(str(resources.files("piiscan"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def load_rules(directory: Path | None = None) -> tuple[Rule, ...]:
    """Every ``*.toml`` in ``directory`` (the bundled rules by default), sorted by id.

    A user's rules are checked strictly (see ``load_rule``); the bundled ones are checked by
    the test suite, which spares every scan importing pyarrow.compute, phonenumbers and
    python-stdnum before it needs them."""
    strict = directory is not None
    directory = directory or default_rules_dir()
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise RuleError(f"{directory}: no rule files (*.toml)")
    return tuple(load_rule(path, strict=strict) for path in files)


def load_rule(path: Path, *, strict: bool = True) -> Rule:
    """Parse and check one rule file.

    ``strict`` also compiles the pattern in RE2 and binds ``value.params`` against the
    validator's signature, which imports the validator's module."""
    where = _display(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{where}: cannot read ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{where}: not valid TOML ({exc})") from None
    return parse_rule(data, path.stem, where, strict=strict)


def parse_rule(data: Mapping[str, Any], stem: str, where: str, *, strict: bool = True) -> Rule:
    """Build a ``Rule`` from parsed TOML, rejecting unknown keys and bad values."""
    from piiscan.detectors import COLUMN_CHECKS, VALIDATORS
    from piiscan.masking import MASKS

    _no_unknown(data, _TOP_KEYS, where, "")
    rule_id = _get(data, "id", str, where, "")
    if rule_id != stem:
        raise RuleError(f'{where}: id "{rule_id}" must equal the file stem "{stem}"')
    try:
        category = Category(_get(data, "category", str, where, ""))
    except ValueError:
        raise RuleError(
            f'{where}: unknown category "{data["category"]}" '
            f"(one of {', '.join(c.value for c in Category)})"
        ) from None

    header = _table(data, "header", where)
    _no_unknown(header, _HEADER_KEYS, where, "header.")
    value = _table(data, "value", where)
    _no_unknown(value, _VALUE_KEYS, where, "value.")
    scope = _table(data, "scope", where)
    _no_unknown(scope, _SCOPE_KEYS, where, "scope.")

    pattern = _opt(value, "pattern", str, where, "value.")
    if pattern is not None:
        # Compiled in the engine's form, so that the engine's compile is a hit in re's cache;
        # an error is reported against the pattern as written when that fails too.
        problem = _regex_error(whole_value(pattern))
        if problem is not None:
            problem = _regex_error(pattern) or problem
            raise RuleError(f'{where}: bad regex in "value.pattern": {problem}')
        if strict:
            _check_re2(pattern, where)
    validator = _opt(value, "validator", str, where, "value.")
    if validator is not None and validator not in VALIDATORS:
        raise RuleError(f'{where}: unknown validator "{validator}" in "value.validator"')
    params = _opt(value, "params", dict, where, "value.") or {}
    if params and validator is None:
        raise RuleError(f'{where}: "value.params" given without "value.validator"')
    if strict and validator is not None:
        _check_params(validator, params, where)
    mask = _opt(value, "mask", str, where, "value.") or "generic"
    if mask not in MASKS:
        raise RuleError(f'{where}: unknown mask "{mask}" in "value.mask"')
    column_check = _opt(scope, "column_check", str, where, "scope.")
    if column_check is not None and column_check not in COLUMN_CHECKS:
        raise RuleError(f'{where}: unknown column check "{column_check}" in "scope.column_check"')

    context = _opt(scope, "context", str, where, "scope.")
    if context is not None and context not in CONTEXTS:
        raise RuleError(f'{where}: unknown context "{context}" in "scope.context"')
    tokens = _str_list(header, "tokens", where, "header.")
    exclude = _str_list(header, "exclude", where, "header.")
    examples = []
    raw_examples = data.get("examples", [])
    if not isinstance(raw_examples, list):
        raise RuleError(f'{where}: "examples" must be an array of tables')
    for i, ex in enumerate(raw_examples):
        if not isinstance(ex, dict):
            raise RuleError(f'{where}: "examples[{i}]" must be a table')
        _no_unknown(ex, _EXAMPLE_KEYS, where, f"examples[{i}].")
        examples.append(
            Example(
                value=_get(ex, "value", str, where, f"examples[{i}]."),
                match=_get(ex, "match", bool, where, f"examples[{i}]."),
                header=_opt(ex, "header", str, where, f"examples[{i}]."),
            )
        )

    rule = Rule(
        id=rule_id,
        category=category,
        title=_get(data, "title", str, where, ""),
        description=_get(data, "description", str, where, ""),
        header=HeaderPattern.compile(tokens, exclude),
        pattern=pattern,
        validator=validator,
        params=params,
        mask=mask,
        header_required=bool(_opt(value, "header_required", bool, where, "value.") or False),
        cells=bool(_opt(value, "cells", bool, where, "value.") or False),
        sweep=_opt(value, "sweep", str, where, "value.") or "off",
        sweep_pattern=_opt(value, "sweep_pattern", str, where, "value."),
        column_ratio=_ratio(scope, "column_ratio", 0.8, where),
        header_ratio=_ratio(scope, "header_ratio", 0.3, where),
        column_check=column_check,
        context=context,
        examples=tuple(examples),
        source=where,
    )
    if rule.sweep not in SWEEPS:
        raise RuleError(f'{where}: "value.sweep" must be one of {", ".join(SWEEPS)}')
    if rule.sweep != "off" and not (rule.cells and rule.pattern):
        raise RuleError(f'{where}: "value.sweep" needs "value.cells = true" and a pattern')
    if rule.pattern is None and rule.validator is None and not rule.header_required:
        raise RuleError(
            f'{where}: a rule without "value.pattern" or "value.validator" '
            'must set "value.header_required = true"'
        )
    return rule


def _regex_error(pattern: str) -> str | None:
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    return None


def whole_value(pattern: str) -> str:
    """The regex a whole cell must match for ``pattern``: blanks around it are allowed."""
    return rf"\s*(?:{pattern})\s*"


def _check_re2(pattern: str, where: str) -> None:
    """The engine prefilters with RE2 (pyarrow.compute): the pattern must compile there too."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from piiscan.arrow import string_array

    try:
        pc.match_substring_regex(string_array([""]), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        reason = str(exc).split(":", 1)[-1].strip()
        raise RuleError(f'{where}: "value.pattern" is not valid RE2 ({reason})') from None


def _check_params(validator: str, params: Mapping[str, Any], where: str) -> None:
    """Every param must be a keyword the validator takes, of its default's kind: a misspelt
    one would fail on the first value (or switch the rule off), a string for a number would
    fail or compare wrongly on every value."""
    from piiscan.detectors import VALIDATORS

    parameters = list(inspect.signature(VALIDATORS[validator]).parameters.values())[1:]
    takes = {p.name: p for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    open_ended = any(p.kind is p.VAR_KEYWORD for p in parameters)
    for name, given in params.items():
        parameter = takes.get(name)
        if parameter is None:
            if open_ended:
                continue
            raise RuleError(
                f'{where}: validator "{validator}" takes no parameter "{name}" in "value.params"'
            )
        kind = _kind(parameter.default)
        if kind is not None and _kind(given) != kind:
            raise RuleError(f'{where}: "value.params.{name}" must be {kind}')


def _kind(value: Any) -> str | None:
    """The TOML kind a default asks for; None when the default says nothing."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    return None


def _display(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[-2:]) if len(parts) >= 2 else str(path)


def _no_unknown(table: Mapping[str, Any], allowed: set[str], where: str, prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise RuleError(f'{where}: unknown key "{prefix}{key}"')


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise RuleError(f'{where}: "{key}" must be a table')
    return value


def _get(data: Mapping[str, Any], key: str, kind: type, where: str, prefix: str) -> Any:
    if key not in data:
        raise RuleError(f'{where}: missing key "{prefix}{key}"')
    return _opt(data, key, kind, where, prefix)


def _opt(data: Mapping[str, Any], key: str, kind: type, where: str, prefix: str) -> Any:
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise RuleError(f'{where}: "{prefix}{key}" must be a {kind.__name__}')
    return value


def _str_list(data: Mapping[str, Any], key: str, where: str, prefix: str) -> Sequence[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f'{where}: "{prefix}{key}" must be an array of strings')
    return value


def _ratio(scope: Mapping[str, Any], key: str, default: float, where: str) -> float:
    value = scope.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise RuleError(f'{where}: "scope.{key}" must be a number in (0, 1]')
    return float(value)
