"""The command line: the only module that prints or ends the process.

Report on stdout, diagnostics on stderr; exit 0 clean, 1 forbidden data found, 2 usage,
config or unreadable input, 3 internal error, 130 interrupted.

Start-up stays lean: everything beyond typer is imported inside the command that needs it.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn, cast

import typer

from piiscan import __version__
from piiscan.errors import PiiscanError, UsageError
from piiscan.model import BASELINE_FILE, STDIN, FileRef, ReadOptions, Report
from piiscan.report import OutputFormat

if TYPE_CHECKING:
    from piiscan.baseline import Baseline
    from piiscan.session import ScanRequest

app = typer.Typer(
    name="piiscan",
    help="Find customer data (PII, payment, purchases, location) in data exports before it leaves.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
baseline_app = typer.Typer(
    name="baseline",
    help="Accept today's findings as known, so `check --baseline` fails only on new ones.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)
app.add_typer(baseline_app)

SCAN_PANEL = "Scan options"
EXIT_INTERRUPTED = 130


class ColorMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


@dataclass(frozen=True, kw_only=True)
class ScanArgs:
    """The options every scanning command shares (``check``, ``baseline create|update``)."""

    forbid: list[str] | None
    allow: list[str] | None
    config: Path | None
    include: list[str] | None
    exclude: list[str] | None
    max_rows: int | None
    max_cell_bytes: int
    max_columns: int | None
    max_inflate: int
    jobs: int | None
    progress: bool
    rules_dir: Path | None


def _scan_option(name: str, kind: Any, default: Any, *decls: str, **info: Any) -> inspect.Parameter:
    """One shared option as the keyword-only parameter typer reads from a signature."""
    option = typer.Option(*decls, rich_help_panel=SCAN_PANEL, **info)
    annotation = cast(Any, Annotated)[kind, option]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


_SCAN_OPTIONS: tuple[inspect.Parameter, ...] = (
    _scan_option(
        "forbid", list[str] | None, None, "--forbid",
        help="Category that must not leave (repeatable; replaces the default: all four).",
    ),
    _scan_option(
        "allow", list[str] | None, None, "--allow",
        help="Category allowed to leave (repeatable).",
    ),
    _scan_option(
        "config", Path | None, None, "--config", "-c",
        help="Config file (default: the closest .piiscan.toml, piiscan.toml or pyproject.toml"
        " with a tool.piiscan table).",
    ),
    _scan_option(
        "include", list[str] | None, None, "--include",
        help="Only scan paths matching this glob (repeatable).",
    ),
    _scan_option(
        "exclude", list[str] | None, None, "--exclude",
        help="Skip paths matching this glob (repeatable).",
    ),
    _scan_option(
        "max_rows", int | None, None, "--max-rows", min=1,
        help="Read at most N data rows per file.",
    ),
    _scan_option(
        "max_cell_bytes", int, ReadOptions.max_cell_bytes, "--max-cell-bytes", min=64,
        help="Search longer cells in overlapping windows of N characters (all of every cell"
        " is examined).",
    ),
    _scan_option(
        "max_columns", int | None, None, "--max-columns", min=1,
        help="Scan at most N columns per file (default: every column; a file with more"
        " is incomplete, exit 2).",
    ),
    _scan_option(
        "max_inflate", int, ReadOptions.max_inflate, "--max-inflate", min=1,
        help="Bytes a compressed file (or standard input) may grow to (bomb guard).",
    ),
    _scan_option(
        "jobs", int | None, None, "--jobs", "-j", min=1,
        help="Files scanned in parallel (default: the machine's cores).",
    ),
    _scan_option(
        "progress", bool, True, "--progress/--no-progress",
        help="Progress bar on stderr (only on a terminal, never when CI is set).",
    ),
    _scan_option(
        "rules_dir", Path | None, None, "--rules",
        help="Folder of rule files (default: the bundled rules).",
    ),
)  # fmt: skip
"""The shared options, declared once; ``_scan_command`` adds them to a command."""


def _scan_command(func: Callable[..., None]) -> Callable[..., None]:
    """Give a command the shared scan options; it receives them as one ``scan: ScanArgs``.

    typer reads a command's options from its signature, so the wrapper's signature is the
    command's own parameters (without ``scan``) followed by ``_SCAN_OPTIONS``.
    """
    own = [
        p for p in inspect.signature(func, eval_str=True).parameters.values() if p.name != "scan"
    ]
    names = [p.name for p in _SCAN_OPTIONS]

    def command(**kwargs: Any) -> None:
        scan = ScanArgs(**{name: kwargs.pop(name) for name in names})
        func(scan=scan, **kwargs)

    command.__name__ = func.__name__
    command.__qualname__ = func.__qualname__
    command.__doc__ = func.__doc__
    command.__signature__ = inspect.Signature([*own, *_SCAN_OPTIONS])  # type: ignore[attr-defined]
    return command


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
@_scan_command
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders to scan (default: .), or database URLs"
            " (postgresql://user@host/db); - reads one export from standard input."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "--output-format", "-f", help="Report format on stdout."),
    ] = OutputFormat.TEXT,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="[FORMAT:]FILE",
            help="Also write the report to FILE (repeatable); the format from the suffix"
            " (.json .sarif .md .txt .xml) or a prefix (sarif:out.sarif, gitlab:quality.json).",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Baseline file: findings it lists are reported but do not fail;"
            " new or escalated ones do.",
        ),
    ] = None,
    diff_base: Annotated[
        str | None,
        typer.Option(
            "--diff-base",
            metavar="REF",
            help="Fail only on columns or categories that are new or escalated since git"
            " revision REF.",
        ),
    ] = None,
    exit_zero: Annotated[
        bool,
        typer.Option("--exit-zero", help="Exit 0 when forbidden data is found (2 still exits 2)."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Text report: only the summary line.")
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Text report: instead of each finding, how many each rule made (and the verdict).",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Text report: also list files without findings; settings in effect on stderr.",
        ),
    ] = False,
    color: Annotated[
        ColorMode,
        typer.Option(
            "--color", help="Colour the text report (auto honours NO_COLOR, FORCE_COLOR)."
        ),
    ] = ColorMode.auto,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename",
            metavar="NAME",
            help="With -: the export's name (its suffix gives the format; reports show NAME).",
        ),
    ] = None,
    table: Annotated[
        list[str] | None,
        typer.Option(
            "--table",
            metavar="SCHEMA.NAME",
            help="With a database URL: scan only this table or view (repeatable).",
        ),
    ] = None,
    show_rows: Annotated[
        int | None,
        typer.Option(
            "--show-rows",
            metavar="N",
            min=0,
            help="Rows listed per finding (default 5; 0: every row of values found in cells;"
            " a column finding lists its first 5).",
        ),
    ] = None,
    *,
    scan: ScanArgs,
) -> None:
    """Scan exports and fail when data that policy forbids would leave."""
    from piiscan import session
    from piiscan.outputs import append_step_summary, check_outputs, parse_output, write_reports
    from piiscan.policy import EXIT_FORBIDDEN, EXIT_INCOMPLETE, EXIT_PASS

    if quiet and verbose:
        raise UsageError("-q/--quiet and -v/--verbose exclude each other")
    if statistics and fmt is not OutputFormat.TEXT:
        raise UsageError(f"--statistics: only with the text format, not {fmt.value}")
    paths = paths or ["."]
    specs = [parse_output(spec, [f.value for f in OutputFormat]) for spec in output or ()]
    check_outputs(specs)
    stdin_count = paths.count(STDIN)
    if stdin_count > 1:
        raise UsageError("-: standard input can be read only once")
    if stdin_filename is not None and not stdin_count:
        raise UsageError("--stdin-filename: only with - (standard input) among the paths")
    accepted = None
    if baseline is not None:
        from piiscan.baseline import load

        accepted = load(baseline)
    verbosity = -1 if quiet else 1 if verbose else 0

    with ExitStack() as stack:
        stdin: list[FileRef] = []
        if stdin_count:
            folder = Path(stack.enter_context(_temp_folder("piiscan-stdin-")))
            stdin.append(session.spool(_stdin(), stdin_filename, folder, limit=scan.max_inflate))
        skip = [spec.path for spec in specs] + ([baseline] if baseline is not None else [])
        request = _request(
            scan,
            [p for p in paths if p != STDIN],
            files=stdin,
            skip=skip,
            baseline=accepted,
            diff_base=diff_base,
            only_tables=table or (),
            show_rows=show_rows,
        )
        plan = session.plan(request)
        _tune_process()
        if verbose:
            for line in session.describe(plan, baseline):
                _err(_safe(line))
        with _progress(len(plan.files), enabled=scan.progress) as advance:
            report = session.run(
                plan, on_file=advance, note=(lambda line: _err(_safe(line))) if verbose else None
            )
        _diagnose(report)
        from piiscan.report import render

        failed_writes = write_reports(specs, report, verbosity=max(0, verbosity))
        for line in failed_writes:
            _err(_safe(line))
        if statistics and verbosity >= 0:
            from piiscan.report.statistics import render_statistics

            text = render_statistics(report)
        else:
            text = render(
                report, fmt.value, color=_use_color(color), width=_width(), verbosity=verbosity
            )
        sys.stdout.write(text)
        sys.stdout.flush()
        summary = os.environ.get("GITHUB_STEP_SUMMARY") if fmt is OutputFormat.GITHUB else None
        if summary and not append_step_summary(Path(summary), report):
            _err("warning: cannot append to $GITHUB_STEP_SUMMARY")

    code = report.exit_code
    if failed_writes:
        code = EXIT_INCOMPLETE
    elif exit_zero and code == EXIT_FORBIDDEN:
        code = EXIT_PASS
    raise typer.Exit(code)


@app.command()
@_scan_command
def redact(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to copy without the data.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Folder for the copies (same relative paths) and redaction.json."
        ),
    ],
    action: Annotated[
        list[str] | None,
        typer.Option(
            "--action",
            metavar="WHAT=ACTION",
            help="Action for a category or rule (repeatable): drop, mask, pseudonymise,"
            " generalise, keep; e.g. --action pii=pseudonymise.",
        ),
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            help="Key for pseudonymise (default: $PIISCAN_REDACT_KEY); never on the command line.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a non-empty --out folder.")
    ] = False,
    *,
    scan: ScanArgs,
) -> None:
    """Write a copy of exports without the data policy forbids, then check the copy."""
    from piiscan.redaction.plan import parse_actions
    from piiscan.redaction.run import load_key
    from piiscan.redaction.run import redact as run_redact
    from piiscan.ruleset import load_rules

    if STDIN in paths:
        raise UsageError("-: redact reads files and folders, not standard input")
    if scan.max_rows is not None:
        raise UsageError("--max-rows: redact copies every row, so it reads every row")
    request = _request(scan, paths)
    rules = load_rules(scan.rules_dir)
    choices = parse_actions(action or (), rules)
    key = load_key(key_file)
    _tune_process()
    with _progress(0, enabled=False) as advance:
        done = run_redact(
            replace(request, rules=rules), out, choices, key=key, force=force, on_file=advance
        )
    _diagnose(done.source)
    for error in done.errors:
        _err(f"{_safe(error.path)}: {_safe(error.message)}")
    lines = []
    for copy in done.files:
        redacted = [f"{c.plan.column}: {c.plan.action.value}" for c in copy.columns]
        what = f"{len(redacted)} column{'s' if len(redacted) != 1 else ''} redacted"
        detail = f" ({', '.join(redacted)})" if redacted else ""
        lines.append(f"{copy.path} -> {copy.copy}: {what}{detail}")
    if done.copy is not None:
        _diagnose(done.copy)
        for left in done.left:
            _err(f"still forbidden in the copy: {_safe(left)}")
        verdict = "passes check" if done.copy.passed else "does NOT pass check"
        lines.append(f"copy in {out}: {verdict}; manifest: {out / 'redaction.json'}")
    sys.stdout.write("".join(f"{_safe(line)}\n" for line in lines))
    sys.stdout.flush()
    raise typer.Exit(done.exit_code)


@baseline_app.command("create")
@_scan_command
def baseline_create(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to scan (default: .).")
    ] = None,
    baseline: Annotated[
        Path, typer.Option("--baseline", "-b", help="Baseline file to write.")
    ] = Path(BASELINE_FILE),
    *,
    scan: ScanArgs,
) -> None:
    """Write a baseline of today's forbidden findings (replacing the file)."""
    _baseline(paths, baseline, scan, update=False)


@baseline_app.command("update")
@_scan_command
def baseline_update(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to scan (default: .).")
    ] = None,
    baseline: Annotated[
        Path, typer.Option("--baseline", "-b", help="Baseline file to update.")
    ] = Path(BASELINE_FILE),
    *,
    scan: ScanArgs,
) -> None:
    """Update a baseline: keep what still matches, add new findings, drop stale entries.

    Prints each change: + added, ~ changed (escalated), - dropped.
    """
    _baseline(paths, baseline, scan, update=True)


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


# -- scanning, shared by the commands ------------------------------------------------------


def _request(
    scan: ScanArgs,
    paths: Sequence[str],
    *,
    files: Sequence[FileRef] = (),
    skip: Sequence[Path] = (),
    baseline: Baseline | None = None,
    diff_base: str | None = None,
    only_tables: Sequence[str] = (),
    show_rows: int | None = None,
) -> ScanRequest:
    """The shared options as a session request."""
    from piiscan.session import ScanRequest

    return ScanRequest(
        paths=tuple(paths),
        files=tuple(files),
        include=tuple(scan.include or ()),
        exclude=tuple(scan.exclude or ()),
        config=scan.config,
        forbid=tuple(scan.forbid or ()),
        allow=tuple(scan.allow or ()),
        rules_dir=scan.rules_dir,
        max_rows=scan.max_rows,
        options=ReadOptions(
            max_cell_bytes=scan.max_cell_bytes,
            max_columns=scan.max_columns,
            max_inflate=scan.max_inflate,
        ),
        jobs=scan.jobs,
        baseline=baseline,
        diff_base=diff_base,
        skip=tuple(skip),
        only_tables=tuple(only_tables),
        show_rows=show_rows,
    )


def _diagnose(report: Report) -> None:
    """Errors on stderr, one line each, and the loud line of a scan that read nothing."""
    from piiscan.policy import NOTHING_EXAMINED

    for error in report.errors:
        _err(f"{_safe(error.path)}: {_safe(error.message)}")
    if any(w.startswith(NOTHING_EXAMINED) for w in report.warnings):
        _err("error: no data files found in the given paths: nothing was examined")


def _stdin() -> BinaryIO:
    """Standard input as bytes, refused when there is none to read or it is a terminal."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise UsageError("-: no standard input to read")
    if sys.stdin.isatty():
        raise UsageError("-: standard input is a terminal; pipe an export in")
    return cast(BinaryIO, stream)


def _baseline(paths: list[str] | None, target: Path, scan: ScanArgs, *, update: bool) -> None:
    """``baseline create|update``: scan, write the baseline, print what changed."""
    from piiscan import session
    from piiscan.baseline import load
    from piiscan.report.wording import visible

    old = load(target) if update else None
    plan = session.plan(_request(scan, paths or ["."], skip=[target], baseline=old))
    _tune_process()
    with _progress(len(plan.files), enabled=scan.progress) as advance:
        report = session.run(plan, on_file=advance)
    _diagnose(report)
    new, changes = session.save_baseline(report, old, target)
    lines = [f"+ {visible(e.describe())}" for e in changes.added]
    lines += [
        f"~ {visible(b.describe())} (was {a.category.value}, {a.scope.value})"
        for a, b in changes.changed
    ]
    lines += [f"- {visible(e.describe())}" for e in changes.dropped]
    entries = f"{len(new.entries)} entr{'y' if len(new.entries) == 1 else 'ies'}"
    if update:
        summary = (
            f"{visible(str(target))}: {entries} ({len(changes.added)} added,"
            f" {len(changes.changed)} changed, {len(changes.dropped)} dropped,"
            f" {len(changes.kept)} kept)"
        )
    else:
        summary = f"{visible(str(target))}: {entries} written"
    sys.stdout.write("".join(f"{line}\n" for line in [*lines, summary]))
    sys.stdout.flush()


@contextmanager
def _temp_folder(prefix: str) -> Iterator[str]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield folder


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
    """``auto``: NO_COLOR (any non-empty value) wins, then FORCE_COLOR (not ``0``/``false``),
    then a dumb terminal, then whether stdout is a terminal (https://no-color.org)."""
    if mode is ColorMode.always:
        return True
    if mode is ColorMode.never:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force.strip().lower() not in ("0", "false", "no", "off"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def _width() -> int | None:
    """The terminal's width, which the text report fits; None when stdout is not a terminal
    (piped, redirected): the stable layout, one line per finding, whatever COLUMNS says."""
    try:
        if not sys.stdout.isatty():
            return None
        return max(40, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError):
        return None


def _safe(text: str) -> str:
    """Paths and messages can hold control characters: show them, never emit them."""
    from piiscan.report.wording import visible

    return visible(text)


def _err(message: str) -> None:
    sys.stderr.write(f"piiscan: {message}\n")
    sys.stderr.flush()


def _fail(message: str, code: int) -> NoReturn:
    _err(message)
    sys.exit(code)


def _interrupted() -> NoReturn:
    """Ctrl-C: one line and exit 130. Without worker processes, the process ends at once,
    not through the interpreter's shutdown: a Ctrl-C that landed while a C extension ran
    Python code for itself (pyarrow's import does) leaves a flag that makes that shutdown
    end the process by the signal (status -2, not 130) even after it was handled here. With
    workers, the shutdown stays: it stops them and frees what they shared."""
    _err("interrupted")
    process = sys.modules.get("multiprocessing.process")
    if process is not None and process.active_children():
        sys.exit(EXIT_INTERRUPTED)
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # closed or broken: nothing more is owed to it
            stream.flush()
    os._exit(EXIT_INTERRUPTED)


def main() -> None:
    """Console entry point: map every way out to the documented exit codes."""
    _without_numpy()
    _replace_unprintable()
    try:
        code = app(standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except PiiscanError as exc:
        _fail(_safe(str(exc)), 2)
    except KeyboardInterrupt:
        _interrupted()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except typer.Abort:
        _interrupted()
    except Exception as exc:  # the message may quote data: name the kind only
        show = getattr(exc, "show", None)
        if isinstance(exc, typer.TyperException) and callable(show):
            show()  # a usage error from the command line parser
            sys.exit(2)
        _fail(f"internal error ({type(exc).__name__}); please report it", 3)
    if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into Exit(130), returned as the code
        _interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _tune_process() -> None:
    """This process only scans: collect cycles less often (``engine.tune_gc``). Only the
    command line does this; a program importing piiscan keeps its collector as it was."""
    from piiscan.engine import tune_gc

    tune_gc()


def _replace_unprintable() -> None:
    """A console or log that cannot show every character (cp1252, ASCII) gets ``?`` for the
    rest instead of an internal error: a report must always print."""
    import io

    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def _without_numpy() -> None:
    """Keep pyarrow from importing NumPy, which it does whenever NumPy is installed.

    piiscan never converts to or from NumPy, and the import alone is a quarter of a one-file
    scan's start-up. Only the command line does this: its process runs nothing else, while a
    program importing piiscan as a library keeps its NumPy.
    """
    if "numpy" not in sys.modules and "pyarrow" not in sys.modules:
        sys.meta_path.insert(0, _NoNumpy())


class _NoNumpy:
    """An import finder that answers "not installed" for NumPy (pyarrow then runs without it)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "numpy" or name.startswith("numpy."):
            raise ModuleNotFoundError(f"No module named {name!r} (piiscan does not use it)")
