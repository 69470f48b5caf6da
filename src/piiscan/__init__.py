"""piiscan: find customer data in exports before it leaves.

    import piiscan
    report = piiscan.scan("exports/")            # what `piiscan check exports/` does
    report = piiscan.scan(df, name="crm.customers", policy=["pii", "payment"])
    report.passed, report.findings, report.render("markdown")

Names are imported on first use, so ``import piiscan`` stays cheap for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from piiscan.api import redact, scan
    from piiscan.errors import ConfigError, PiiscanError, ReadError, RuleError, UsageError
    from piiscan.model import Category, Finding, ReadOptions, Report, Scope
    from piiscan.policy import IgnoreEntry, Policy
    from piiscan.report import OutputFormat, render
    from piiscan.ruleset import Rule, load_rules

_EXPORTS = {
    "scan": "piiscan.api",
    "redact": "piiscan.api",
    "Category": "piiscan.model",
    "Finding": "piiscan.model",
    "ReadOptions": "piiscan.model",
    "Report": "piiscan.model",
    "Scope": "piiscan.model",
    "Policy": "piiscan.policy",
    "IgnoreEntry": "piiscan.policy",
    "OutputFormat": "piiscan.report",
    "render": "piiscan.report",
    "Rule": "piiscan.ruleset",
    "load_rules": "piiscan.ruleset",
    "PiiscanError": "piiscan.errors",
    "UsageError": "piiscan.errors",
    "ConfigError": "piiscan.errors",
    "RuleError": "piiscan.errors",
    "ReadError": "piiscan.errors",
}

__all__ = [
    "Category",
    "ConfigError",
    "Finding",
    "IgnoreEntry",
    "OutputFormat",
    "PiiscanError",
    "Policy",
    "ReadError",
    "ReadOptions",
    "Report",
    "Rule",
    "RuleError",
    "Scope",
    "UsageError",
    "__version__",
    "load_rules",
    "redact",
    "render",
    "scan",
]


def __getattr__(name: str) -> Any:
    """The public names, imported when first used (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'piiscan' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
