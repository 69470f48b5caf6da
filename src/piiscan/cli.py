"""The command line: the only module that prints or ends the process.

Report on stdout, diagnostics on stderr; exit 0 clean, 1 forbidden data found, 2 usage,
config or unreadable input, 3 internal error, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from piiscan import __version__
from piiscan.errors import ConfigError, PiiscanError, UsageError
from piiscan.model import FileRef, ReadOptions, Report

app = typer.Typer(
    name="piiscan",
    help="Find customer data (PII, payment, purchases, location) in data exports before it leaves.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


class ColorMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"piiscan {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """piiscan: a data-sensitivity gate for CSV, Parquet and JSON exports."""


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to scan.")],
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format on stdout.")
    ] = OutputFormat.text,
    forbid: Annotated[
        list[str] | None,
        typer.Option(
            "--forbid",
            help="Category that must not leave (repeatable; replaces the default: all four).",
        ),
    ] = None,
    allow: Annotated[
        list[str] | None, typer.Option("--allow", help="Category allowed to leave (repeatable).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Config file (default: the closest .piiscan.toml, piiscan.toml or pyproject.toml"
            " with a tool.piiscan table).",
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", help="Only scan paths matching this glob (repeatable)."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Skip paths matching this glob (repeatable)."),
    ] = None,
    max_rows: Annotated[
        int | None, typer.Option("--max-rows", min=1, help="Read at most N data rows per file.")
    ] = None,
    max_cell_bytes: Annotated[
        int,
        typer.Option(
            "--max-cell-bytes", min=64, help="Cut longer cells to this many bytes (reported)."
        ),
    ] = ReadOptions.max_cell_bytes,
    max_columns: Annotated[
        int,
        typer.Option("--max-columns", min=1, help="Scan at most N columns per file (reported)."),
    ] = ReadOptions.max_columns,
    max_inflate: Annotated[
        int,
        typer.Option(
            "--max-inflate", min=1, help="Bytes a compressed file may inflate to (bomb guard)."
        ),
    ] = ReadOptions.max_inflate,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Files scanned in parallel (default: the machine's cores)."
        ),
    ] = None,
    progress: Annotated[
        bool,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr (only on a terminal, never when CI is set).",
        ),
    ] = True,
    rules_dir: Annotated[
        Path | None,
        typer.Option("--rules", help="Folder of rule files (default: the bundled rules)."),
    ] = None,
    color: Annotated[
        ColorMode, typer.Option("--color", help="Colour the text report.")
    ] = ColorMode.auto,
) -> None:
    """Scan exports and fail when data that policy forbids would leave."""
    from piiscan.discovery import discover
    from piiscan.engine import scan
    from piiscan.policy import apply
    from piiscan.report import render
    from piiscan.ruleset import load_rules
    from piiscan.settings import find_config, load_config, resolve_policy

    rules = load_rules(rules_dir)
    config_path = config if config is not None else find_config(Path.cwd())
    if config is not None and not config.is_file():
        raise UsageError(f"{config}: config file not found")
    settings = load_config(config_path) if config_path is not None else None
    if settings is not None:
        known = {rule.id for rule in rules}
        for i, entry in enumerate(settings.ignores, start=1):
            if entry.rule is not None and entry.rule not in known:
                raise ConfigError(
                    f'{settings.source}: ignore[{i}].rule: unknown rule "{entry.rule}"'
                )
    policy = resolve_policy(settings, forbid=forbid or (), allow=allow or ())
    files, discovery_errors = discover(
        paths,
        include=tuple(include or ()) + (settings.include if settings else ()),
        exclude=tuple(exclude or ()) + (settings.exclude if settings else ()),
    )
    limit = max_rows if max_rows is not None else (settings.max_rows if settings else None)
    options = ReadOptions(
        max_rows=limit,
        max_cell_bytes=max_cell_bytes,
        max_columns=max_columns,
        max_inflate=max_inflate,
    )
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    with _progress(len(files), enabled=progress) as advance:
        result = scan(files, rules=rules, options=options, jobs=workers, on_file=advance)
    if discovery_errors:
        from dataclasses import replace

        result = replace(
            result,
            errors=tuple(
                sorted((*result.errors, *discovery_errors), key=lambda e: (e.path, e.message))
            ),
        )
    report = apply(result, policy, tool_version=__version__)
    for error in report.errors:
        _err(f"{_safe(error.path)}: {_safe(error.message)}")
    if not files and not discovery_errors:
        _err("warning: no data files found in the given paths")
    from piiscan.report.locate import header_locator

    locate = header_locator(files)
    text = render(
        report, fmt.value, color=_use_color(color), width=_width(), rules=rules, locate=locate
    )
    sys.stdout.write(text)
    sys.stdout.flush()
    if fmt is OutputFormat.github and (summary := os.environ.get("GITHUB_STEP_SUMMARY")):
        _append_step_summary(Path(summary), report)
    raise typer.Exit(report.exit_code)


@app.command("rules")
def list_rules(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the catalogue as a Markdown table.")
    ] = False,
    rules_dir: Annotated[
        Path | None,
        typer.Option("--rules", help="Folder of rule files (default: the bundled rules)."),
    ] = None,
) -> None:
    """List the detection rules: id, category and title."""
    from piiscan.catalogue import catalogue_markdown, catalogue_text
    from piiscan.ruleset import load_rules

    rules = load_rules(rules_dir)
    sys.stdout.write(catalogue_markdown(rules) if markdown else catalogue_text(rules))


@app.command("explain")
def explain_rule(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE", help="Rule id, as `piiscan rules` lists.")
    ],
    rules_dir: Annotated[
        Path | None,
        typer.Option("--rules", help="Folder of rule files (default: the bundled rules)."),
    ] = None,
) -> None:
    """Explain a rule: what it finds, its header words, its examples, how to ignore it."""
    from piiscan.catalogue import explain
    from piiscan.ruleset import load_rules

    by_id = {rule.id: rule for rule in load_rules(rules_dir)}
    if rule_id not in by_id:
        raise UsageError(f'unknown rule "{rule_id}" (see `piiscan rules`)')
    sys.stdout.write(explain(by_id[rule_id]))


def _append_step_summary(path: Path, report: Report) -> None:
    from piiscan.report.github import step_summary

    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(step_summary(report))
    except OSError:
        _err("warning: cannot append to $GITHUB_STEP_SUMMARY")


@contextmanager
def _progress(total: int, *, enabled: bool) -> Iterator[Callable[[FileRef], None] | None]:
    """A transient progress bar on stderr for people watching a terminal; nothing otherwise."""
    if not enabled or total == 0 or os.environ.get("CI") or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("scan", total=total)
    with bar:
        yield lambda _ref: bar.advance(task)


def _use_color(mode: ColorMode) -> bool:
    if mode is ColorMode.always:
        return True
    if mode is ColorMode.never:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _width() -> int:
    try:
        return max(60, min(160, os.get_terminal_size(sys.stdout.fileno()).columns))
    except OSError:
        return 100


def _safe(text: str) -> str:
    """Paths and messages can hold control characters: show them, never emit them."""
    return "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
        for ch in text
    )


def _err(message: str) -> None:
    sys.stderr.write(f"piiscan: {message}\n")
    sys.stderr.flush()


def _fail(message: str, code: int) -> NoReturn:
    _err(message)
    sys.exit(code)


def main() -> None:
    """Console entry point: map every way out to the documented exit codes."""
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except PiiscanError as exc:
        _fail(_safe(str(exc)), 2)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except typer.Abort:
        _fail("interrupted", 130)
    except Exception as exc:  # the message may quote data: name the kind only
        show = getattr(exc, "show", None)
        if isinstance(exc, typer.TyperException) and callable(show):
            show()  # a usage error from the command line parser
            sys.exit(2)
        _fail(f"internal error ({type(exc).__name__}); please report it", 3)
    sys.exit(code if isinstance(code, int) else 0)
