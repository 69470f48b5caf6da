"""A redacted workbook's text outside its cells: what ``readers.workbook`` reads as the table
``[workbook parts]``, a column per XML part, cleaned in the openpyxl book before it is saved.

A part's plan applies to what that kind of part holds, in every sheet: comments parts to the
cells' comments, worksheet parts to the headers and footers, worksheet relations to the
hyperlinks, the workbook part to sheet and defined names, ``docProps`` to the document
properties. Drop removes the text; another action rewrites it with the plan's transform. A
sheet name is never rewritten into a mask (Excel forbids ``*`` in one): a name that reads as
a value becomes ``Sheet N``. What openpyxl does not write back (drawings' text boxes,
threaded comments) is not in the copy at all; the copy is checked once written either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from piiscan.headers import looks_like_data
from piiscan.readers.workbook import PARTS
from piiscan.redaction.actions import Action
from piiscan.redaction.plan import ColumnPlan

_HEADERS = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")
_PROPERTIES = (
    "creator",
    "lastModifiedBy",
    "title",
    "subject",
    "description",
    "keywords",
    "category",
    "identifier",
    "contentStatus",
    "version",
)

Rewrite = Callable[[str], str | None]
"""A text's new value; None removes it."""


def part_plans(plans: Mapping[str, ColumnPlan]) -> dict[str, ColumnPlan]:
    """The plans of the ``[workbook parts]`` table, by part name (``xl/workbook.xml``)."""
    prefix = PARTS + "("
    return {
        name[len(prefix) : -1]: plan
        for name, plan in plans.items()
        if name.startswith(prefix) and name.endswith(")") and plan.changes
    }


def clean_parts(
    book: Any, plans: Mapping[str, ColumnPlan]
) -> tuple[Counter[str], dict[str, ColumnPlan]]:
    """Clean ``book`` (openpyxl) as ``plans`` (by part name) say; the texts changed and the
    plans used, both by the plan's column name."""
    changed: Counter[str] = Counter()
    used: dict[str, ColumnPlan] = {}
    for part, plan in plans.items():
        clean = _cleaner(part)
        if clean is None:
            continue
        count = clean(book, _rewrite(plan))
        changed[plan.column] += count
        used[plan.column] = plan
    return changed, used


def _cleaner(part: str) -> Callable[[Any, Rewrite], int] | None:
    """What a part of this name holds, as a cleaning of the book; None when openpyxl keeps
    none of it (the copy's check tells if any is left)."""
    name = part.rsplit("/", 1)[-1]
    if "/comments" in part or name.startswith("comments") or name.endswith(".vml"):
        return _comments
    if part.startswith("xl/worksheets/_rels/"):
        return _hyperlinks
    if part.startswith("xl/worksheets/"):
        return _headers
    if part == "xl/workbook.xml":
        return _names
    if part.startswith("docProps/"):
        return _properties
    return None


def _rewrite(plan: ColumnPlan) -> Rewrite:
    if plan.action is Action.DROP or plan.transform is None:
        return lambda text: None
    transform = plan.transform
    return lambda text: transform(text)


def _cells(book: Any) -> Iterator[Any]:
    for ws in book.worksheets:
        for row in ws.iter_rows():
            yield from row


def _comments(book: Any, rewrite: Rewrite) -> int:
    from openpyxl.comments import Comment

    changed = 0
    for cell in _cells(book):
        comment = cell.comment
        if comment is None:
            continue
        text, author = rewrite(comment.text or ""), rewrite(comment.author or "")
        if text != comment.text or author != comment.author:
            cell.comment = None if text is None else Comment(text, author or "")
            changed += 1
    return changed


def _hyperlinks(book: Any, rewrite: Rewrite) -> int:
    changed = 0
    for cell in _cells(book):
        link = cell.hyperlink
        if link is None:
            continue
        texts = (link.target, link.display, link.tooltip, link.location)
        new = tuple(None if t is None else rewrite(t) for t in texts)
        if new == texts:
            continue
        changed += 1
        if new[0] is None and new[3] is None:
            cell.hyperlink = None
        else:
            link.target, link.display, link.tooltip, link.location = new
    return changed


def _headers(book: Any, rewrite: Rewrite) -> int:
    changed = 0
    for ws in book.worksheets:
        for which in _HEADERS:
            item = getattr(ws.HeaderFooter, which)
            for part in (item.left, item.center, item.right):
                if part.text:
                    new = rewrite(part.text)
                    if new != part.text:
                        part.text = new
                        changed += 1
    return changed


def _names(book: Any, rewrite: Rewrite) -> int:
    """Sheet names that read as values become ``Sheet N``; defined names whose text changes
    are rewritten (dropped when the action drops)."""
    changed = 0
    for number, ws in enumerate(book.worksheets, start=1):
        title = ws.title
        if looks_like_data(title) or rewrite(title) != title:
            ws.title = _free_title(book, number)
            changed += 1
    scopes = [book.defined_names, *(ws.defined_names for ws in book.worksheets)]
    for names in scopes:
        for key in list(names):
            defined = names[key]
            text = defined.attr_text or ""
            new = rewrite(text)
            if looks_like_data(key) or new is None:
                del names[key]
                changed += 1
            elif new != text:
                defined.attr_text = new
                changed += 1
    return changed


def _free_title(book: Any, number: int) -> str:
    taken = set(book.sheetnames)
    title, extra = f"Sheet {number}", 1
    while title in taken:
        extra += 1
        title = f"Sheet {number} ({extra})"
    return title


def _properties(book: Any, rewrite: Rewrite) -> int:
    changed = 0
    props = book.properties
    for field in _PROPERTIES:
        text = getattr(props, field, None)
        if isinstance(text, str) and text:
            new = rewrite(text)
            if new != text:
                setattr(props, field, new)
                changed += 1
    custom = getattr(book, "custom_doc_props", None)
    if custom is None:
        return changed
    for prop in list(custom):
        value = prop.value
        if isinstance(value, str):
            new = rewrite(value)
            if new is None or looks_like_data(prop.name):
                del custom[prop.name]
                changed += 1
            elif new != value:
                prop.value = new
                changed += 1
    return changed
