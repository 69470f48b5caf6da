"""From a report's findings to what happens to each column of each file.

An action is chosen per forbidden finding: the command line's ``--action`` (a rule id wins
over a category), then the config's ``[[redact]]`` entries in file order, then the default
of the finding's category. A column with several findings takes the strongest action
(``actions.STRENGTH``). Purchases are made safe by default by cutting the customer link:
the columns whose names tie rows to a customer are dropped, the purchase columns kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from piiscan.errors import UsageError
from piiscan.model import ALL_CATEGORIES, Category, Finding, Report, Scope
from piiscan.policy import _column_regex, _path_regex, _strip_dot
from piiscan.redaction.actions import STRENGTH, Action, Transform, text_action, value_action

if TYPE_CHECKING:
    from piiscan.ruleset import Rule

DEFAULTS: Mapping[Category, Action | None] = {
    Category.PII: Action.MASK,
    Category.PAYMENT: Action.MASK,
    Category.LOCATION: Action.GENERALISE,
    Category.PURCHASES: None,
}
"""Default action per category; None (purchases) cuts the customer link instead."""
LINK = "customer_link"
"""The manifest's rule for a link column dropped to make purchases safe."""


@dataclass(frozen=True, kw_only=True)
class RedactEntry:
    """A ``[[redact]]`` config entry: the action for findings matching every field given."""

    path: str = "**"
    column: str | None = None
    rule: str | None = None
    category: Category | None = None
    action: Action

    def matches(self, finding: Finding) -> bool:
        if self.category is not None and finding.category != self.category:
            return False
        if self.rule is not None and finding.detector != self.rule:
            return False
        if self.column is not None and not _column_regex(self.column).fullmatch(finding.column):
            return False
        return _path_regex(self.path).fullmatch(_strip_dot(finding.path)) is not None


@dataclass(frozen=True)
class Choices:
    """The actions asked for: ``--action`` options and ``[[redact]]`` entries."""

    by_rule: Mapping[str, Action] = field(default_factory=dict)
    by_category: Mapping[Category, Action] = field(default_factory=dict)
    entries: tuple[RedactEntry, ...] = ()

    def action(self, finding: Finding) -> Action | None:
        """The action for ``finding``; None means the purchases default (cut the link)."""
        if finding.detector in self.by_rule:
            return self.by_rule[finding.detector]
        if finding.category in self.by_category:
            return self.by_category[finding.category]
        for entry in self.entries:
            if entry.matches(finding):
                return entry.action
        return DEFAULTS[finding.category]

    def chosen(self, finding: Finding) -> bool:
        """Whether the user chose the action for ``finding`` (else it is a default, which
        ``run`` may strengthen to drop when the copy does not pass)."""
        return (
            finding.detector in self.by_rule
            or finding.category in self.by_category
            or any(entry.matches(finding) for entry in self.entries)
        )


def parse_actions(options: Sequence[str], rules: Sequence[Rule]) -> Choices:
    """``--action WHAT=ACTION`` options (WHAT a category or a rule id) as choices."""
    known = {rule.id for rule in rules}
    words = ", ".join(a.value for a in Action)
    by_rule: dict[str, Action] = {}
    by_category: dict[Category, Action] = {}
    for option in options:
        what, sep, name = option.partition("=")
        what, name = what.strip(), name.strip().casefold()
        if not sep or not what or not name:
            raise UsageError(f'--action "{option}": expected CATEGORY=ACTION or RULE=ACTION')
        try:
            action = Action(name)
        except ValueError:
            raise UsageError(f'--action "{option}": unknown action (one of {words})') from None
        if what.casefold() in {c.value for c in ALL_CATEGORIES}:
            by_category[Category(what.casefold())] = action
        elif what in known:
            by_rule[what] = action
        else:
            raise UsageError(f'--action "{option}": "{what}" is neither a category nor a rule')
    return Choices(by_rule=by_rule, by_category=by_category)


@dataclass(frozen=True)
class ColumnPlan:
    """What one column becomes."""

    column: str
    action: Action
    rules: tuple[str, ...]
    """Ids of the rules whose findings chose the action (``customer_link`` for a link)."""
    category: str
    transform: Transform | None = field(default=None, compare=False)
    """Each non-null cell's new text; None for drop and keep."""
    scope: str = "column"
    """``column``: every value is rewritten; ``cells``: the values found inside free text."""
    chosen: bool = False
    """The user chose this action (``--action``, ``[[redact]]``); a default one may be
    strengthened to drop when the copy does not pass."""

    @property
    def changes(self) -> bool:
        return self.action is Action.DROP or self.transform is not None


@dataclass(frozen=True)
class FilePlan:
    """What happens to the columns of one file (or table)."""

    path: str
    columns: Mapping[str, ColumnPlan]
    cut_link: str | None = None
    """Set (to the purchases rule) when the customer link columns are to be dropped."""

    def for_names(self, names: Sequence[str]) -> dict[str, ColumnPlan]:
        """The plans of a table whose columns are ``names``, link columns included."""
        plans = {name: plan for name, plan in self.columns.items() if name in names}
        if self.cut_link is not None:
            from piiscan.context import CUSTOMER_LINK

            for name in names:
                old = plans.get(name)
                if (old is None or old.action is not Action.DROP) and CUSTOMER_LINK.matches(name):
                    plans[name] = ColumnPlan(name, Action.DROP, (LINK,), Category.PURCHASES.value)
        return plans

    def prefix(self, prefix: str) -> dict[str, ColumnPlan]:
        """The plans of the columns under a nested name (``customer.`` ...)."""
        return {n: p for n, p in self.columns.items() if n.startswith(prefix)}


@dataclass(frozen=True)
class Written:
    """What a writer did to one copy."""

    rows: int
    """Data rows written (as the reader counts them)."""
    changed: Counter[str]
    """Values rewritten per column (for a dropped column: non-empty values removed)."""
    plans: Mapping[str, ColumnPlan]
    """The plans applied, link columns found in the table included."""


def plan_files(
    report: Report,
    rules: Sequence[Rule],
    choices: Choices,
    *,
    forbidden: frozenset[Category],
    key: bytes | None,
) -> dict[str, FilePlan]:
    """Per display path, the plan of every file with findings to act on."""
    by_id = {rule.id: rule for rule in rules}
    text_rules = [r for r in rules if r.cells and r.category in forbidden]
    grouped: dict[str, dict[str, list[tuple[Finding, Action | None]]]] = {}
    for finding in report.findings:
        if not (finding.forbidden or finding.baselined):
            continue
        columns = grouped.setdefault(finding.path, {})
        columns.setdefault(finding.column, []).append((finding, choices.action(finding)))
    plans: dict[str, FilePlan] = {}
    for path, columns in grouped.items():
        cut_link: str | None = None
        column_plans: dict[str, ColumnPlan] = {}
        for column, chosen in columns.items():
            for finding, action in chosen:
                if action is None and cut_link is None:
                    cut_link = finding.detector
            decided = [(f, a) for f, a in chosen if a is not None]
            if not decided:
                continue
            finding, action = min(decided, key=lambda fa: STRENGTH.index(fa[1]))
            assert action is not None
            rule = by_id[finding.detector]
            if action is Action.PSEUDONYMISE and key is None:
                raise UsageError("pseudonymise needs a key: --key-file FILE or PIISCAN_REDACT_KEY")
            transform = None
            if action not in (Action.DROP, Action.KEEP):
                whole = finding.scope is Scope.COLUMN
                transform = value_action(action, rule, key) if whole else text_action(text_rules)
            column_plans[column] = ColumnPlan(
                column,
                action,
                tuple(sorted({f.detector for f, a in decided if a is action})),
                finding.category.value,
                transform,
                scope=finding.scope.value,
                chosen=any(choices.chosen(f) for f, a in decided if a is action),
            )
        plans[path] = FilePlan(path, column_plans, cut_link)
    return plans


def strengthened(plan: FilePlan | None, path: str, findings: Sequence[Finding]) -> FilePlan:
    """``plan`` with the columns of ``findings`` (still forbidden in the copy) dropped."""
    columns = dict(plan.columns) if plan is not None else {}
    for finding in findings:
        columns[finding.column] = ColumnPlan(
            finding.column, Action.DROP, (finding.detector,), finding.category.value
        )
    return FilePlan(path, columns, plan.cut_link if plan is not None else None)


def tables_plan(plans: Mapping[str, FilePlan], display: str) -> FilePlan | None:
    """A file's table plans (a workbook's sheets, a database's tables: ``display[name]``)
    as one, its columns named ``[name]column``; None when no table has one."""
    columns: dict[str, ColumnPlan] = {}
    cut: str | None = None
    for path, own in plans.items():
        if not path.startswith(f"{display}["):
            continue
        table = path[len(display) :]
        for name, column in own.columns.items():
            columns[table + name] = replace(column, column=table + name)
        cut = cut or own.cut_link
    if not columns and cut is None:
        return None
    return FilePlan(display, columns, cut)
