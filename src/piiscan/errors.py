"""Typed errors. Each message names the culprit first and never holds a cell value."""

from __future__ import annotations


class PiiscanError(Exception):
    """Base of every error piiscan raises on purpose."""


class UsageError(PiiscanError):
    """Bad arguments or paths (exit 2)."""


class ConfigError(PiiscanError):
    """A bad configuration file (exit 2): ``piiscan.toml: unknown key "forbiden"``."""


class RuleError(ConfigError):
    """A bad rule file (exit 2): ``rules/iban.toml: unknown key "patern"``."""


class ReadError(PiiscanError):
    """A data file (or part of it) could not be read; the scan goes on (exit 2).

    The message is the problem only; the engine prefixes the file's display path.
    """


class IncompleteScan(PiiscanError):
    """A scan missed part of its input where only a complete one will do (exit 2): a
    baseline is not written from it."""


class OutputError(PiiscanError):
    """A file piiscan writes (a report, a baseline) could not be written (exit 2)."""
