"""Configuration files: discovery, strict loading, and merging with the command line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from piiscan.errors import ConfigError, UsageError
from piiscan.model import ALL_CATEGORIES
from piiscan.policy import IgnoreEntry
from piiscan.settings import Config, find_config, load_config, resolve_policy

PII, PAYMENT, PURCHASES, LOCATION = ALL_CATEGORIES
TABLE = "[tool.piiscan]\nforbid = ['pii']\n"


def _write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery ---------------------------------------------------------------------------


def test_closest_file_wins(tmp_path: Path) -> None:
    _write(tmp_path / "piiscan.toml")
    child = _write(tmp_path / "a" / "b" / ".piiscan.toml")
    assert find_config(tmp_path / "a" / "b") == child
    assert find_config(tmp_path / "a") == tmp_path / "piiscan.toml"


@pytest.mark.parametrize(
    ("present", "expected"),
    [
        ((".piiscan.toml", "piiscan.toml", "pyproject.toml"), ".piiscan.toml"),
        (("piiscan.toml", "pyproject.toml"), "piiscan.toml"),
        (("pyproject.toml",), "pyproject.toml"),
    ],
    ids=["dot-first", "plain-before-pyproject", "pyproject"],
)
def test_preference_in_one_folder(tmp_path: Path, present: tuple[str, ...], expected: str) -> None:
    for name in present:
        _write(tmp_path / name, TABLE if name == "pyproject.toml" else "")
    assert find_config(tmp_path) == tmp_path / expected


@pytest.mark.parametrize(
    "pyproject",
    [
        "[project]\nname = 'x'\n",
        "[project]\nname = 'x'\ndependencies = ['piiscan>=0.1']\n",  # mentions us, no table
        "[tool.ruff]\nline-length = 100\n",
    ],
    ids=["unrelated", "depends-on-piiscan", "other-tool"],
)
def test_pyproject_without_table_is_skipped(tmp_path: Path, pyproject: str) -> None:
    outer = _write(tmp_path / "piiscan.toml")
    _write(tmp_path / "proj" / "pyproject.toml", pyproject)
    assert find_config(tmp_path / "proj") == outer


def test_pyproject_with_dotted_table_is_found(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool]\npiiscan.forbid = ['pii']\n")
    assert find_config(tmp_path) == path


def test_start_may_be_a_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "piiscan.toml")
    data = _write(tmp_path / "exports" / "a.csv", "x\n")
    assert find_config(data) == config


def test_nothing_found_climbs_to_root(tmp_path: Path) -> None:
    # Whatever lies above tmp_path (usually nothing) is what an empty tree must find.
    assert find_config(tmp_path / "a" / "b") == find_config(tmp_path.parent)


def test_broken_pyproject_that_mentions_us_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool.piiscan\n")
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}: not valid TOML"):
        find_config(tmp_path)


# --- loading -----------------------------------------------------------------------------

FULL = """
forbid = ["pii", "payment", "pii"]
allow = ["location"]
include = ["*.csv", "**/*.parquet"]
exclude = ["tmp/**"]
max-rows = 5000

[[ignore]]
path = "exports/*.csv"
column = "email"
reason = "hashed upstream"

[[ignore]]
rule = "ip_address"
category = "location"
reason = "office IPs"
"""


def test_load_full_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "piiscan.toml", FULL)
    assert load_config(path) == Config(
        forbid=(PII, PAYMENT),
        allow=(LOCATION,),
        include=("*.csv", "**/*.parquet"),
        exclude=("tmp/**",),
        ignores=(
            IgnoreEntry(path="exports/*.csv", column="email", reason="hashed upstream"),
            IgnoreEntry(rule="ip_address", category=LOCATION, reason="office IPs"),
        ),
        max_rows=5000,
        source=path,
    )


def test_load_pyproject_table(tmp_path: Path) -> None:
    text = "[project]\nname = 'x'\n\n[tool.piiscan]\nmax_rows = 10\n\n"
    text += "[[tool.piiscan.ignore]]\ncolumn = 'sku'\nreason = 'catalogue'\n"
    path = _write(tmp_path / "pyproject.toml", text)
    config = load_config(path)
    assert config.max_rows == 10
    assert config.ignores == (IgnoreEntry(column="sku", reason="catalogue"),)
    assert config.forbid is None


@pytest.mark.parametrize("value", ['"2025-06-30"', "2025-06-30"], ids=["string", "toml-date"])
def test_ignore_expires(tmp_path: Path, value: str) -> None:
    path = _write(
        tmp_path / "piiscan.toml", f"[[ignore]]\ncolumn = 'a'\nreason = 'r'\nexpires = {value}\n"
    )
    assert load_config(path).ignores == (
        IgnoreEntry(column="a", reason="r", expires=date(2025, 6, 30)),
    )


def test_empty_file_is_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path / ".piiscan.toml")
    assert load_config(path) == Config(source=path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "forbiden = ['pii']", 'unknown key "forbiden" (did you mean "forbid"?)', id="typo"
        ),
        pytest.param("colour = true", 'unknown key "colour"', id="unknown-key"),
        pytest.param("forbid = 'pii'", '"forbid" must be an array of category words', id="str"),
        pytest.param(
            "forbid = ['pi']",
            'unknown category "pi" in "forbid" (one of pii, payment, purchases, location)',
            id="unknown-category",
        ),
        pytest.param("allow = [1]", '"allow" must be a category word', id="allow-int"),
        pytest.param("include = 'a'", '"include" must be an array of strings', id="include"),
        pytest.param("exclude = [1]", '"exclude" must be an array of strings', id="exclude"),
        pytest.param("max-rows = '10'", '"max-rows" must be a positive integer', id="rows-str"),
        pytest.param("max_rows = 0", '"max_rows" must be a positive integer', id="rows-zero"),
        pytest.param("max-rows = true", '"max-rows" must be a positive integer', id="rows-bool"),
        pytest.param(
            "max-rows = 1\nmax_rows = 2", 'both "max-rows" and "max_rows" given', id="rows-twice"
        ),
        pytest.param(
            "[ignore]\ncolumn = 'a'\nreason = 'r'",
            '"ignore" must be an array of tables ([[ignore]])',
            id="ignore-not-array",
        ),
        pytest.param(
            "[[ignore]]\ncolumn = 'a'\nreason = 'r'\n[[ignore]]\ncolumn = 'b'\nreson = 'r'",
            'unknown key "ignore[1].reson" (did you mean "ignore[1].reason"?)',
            id="ignore-unknown-key",
        ),
        pytest.param(
            "[[ignore]]\ncolumn = 'a'", 'missing key "ignore[0].reason"', id="missing-reason"
        ),
        pytest.param(
            "[[ignore]]\ncolumn = 'a'\nreason = ' '",
            '"ignore[0].reason" must not be empty',
            id="blank-reason",
        ),
        pytest.param(
            "[[ignore]]\ncolumn = 3\nreason = 'r'",
            '"ignore[0].column" must be a string',
            id="column-int",
        ),
        pytest.param(
            "[[ignore]]\ncategory = 'secrets'\nreason = 'r'",
            'unknown category "secrets" in "ignore[0].category"',
            id="ignore-category",
        ),
        pytest.param(
            "[[ignore]]\nreason = 'everything is fine'",
            '"ignore[0]" needs at least one of "path", "column", "rule", "category"',
            id="ignore-everything",
        ),
        pytest.param("ignore = [1]", '"ignore[0]" must be a table', id="ignore-item-int"),
        pytest.param(
            "[[ignore]]\ncolumn = 'a'\nreason = 'r'\nexpires = '30.06.2025'",
            '"ignore[0].expires" must be a date "YYYY-MM-DD"',
            id="expires-format",
        ),
        pytest.param(
            "[[ignore]]\ncolumn = 'a'\nreason = 'r'\nexpires = '2025-02-30'",
            '"ignore[0].expires": no such day "2025-02-30"',
            id="expires-no-such-day",
        ),
        pytest.param(
            "[[ignore]]\ncolumn = 'a'\nreason = 'r'\nexpires = 20250630",
            '"ignore[0].expires" must be a date "YYYY-MM-DD"',
            id="expires-int",
        ),
        pytest.param(
            "[[ignore]]\ncolumn = 'a'\nreason = 'r'\nexpires = 2025-06-30T10:00:00",
            '"ignore[0].expires" must be a date "YYYY-MM-DD"',
            id="expires-datetime",
        ),
    ],
)
def test_strict_errors_name_file_then_key(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "piiscan.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_pyproject_errors_name_the_full_key(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool.piiscan]\nforbiden = ['pii']\n")
    with pytest.raises(
        ConfigError, match=rf'^{re.escape(str(path))}: unknown key "tool\.piiscan\.forbiden"'
    ):
        load_config(path)


def test_pyproject_without_table_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}: no \[tool\.piiscan\] table"):
        load_config(path)


def test_invalid_toml_names_file_and_position(tmp_path: Path) -> None:
    path = _write(tmp_path / "piiscan.toml", "forbid = ['pii']\nmax-rows 10\n")
    with pytest.raises(
        ConfigError, match=rf"^{re.escape(str(path))}: not valid TOML: .*line 2, column"
    ):
        load_config(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "piiscan.toml"
    path.write_bytes(b"# \xff\n")
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}: not UTF-8"):
        load_config(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}: cannot read"):
        load_config(path)


# --- merging with the command line -------------------------------------------------------

ALL = set(ALL_CATEGORIES)


@pytest.mark.parametrize(
    ("config", "forbid", "allow", "expected"),
    [
        pytest.param(None, (), (), ALL, id="default-all"),
        pytest.param(Config(), (), (), ALL, id="empty-config"),
        pytest.param(Config(forbid=(PII,)), (), (), {PII}, id="config-forbid"),
        pytest.param(Config(forbid=()), (), (), set(), id="config-forbids-nothing"),
        pytest.param(Config(allow=(LOCATION,)), (), (), ALL - {LOCATION}, id="config-allow"),
        pytest.param(
            Config(forbid=(PII, PAYMENT)), ("payment",), (), {PAYMENT}, id="cli-forbid-replaces"
        ),
        pytest.param(
            Config(allow=(LOCATION,)), ("location",), (), {LOCATION}, id="cli-forbid-beats-allow"
        ),
        pytest.param(None, (), ("location",), ALL - {LOCATION}, id="cli-allow"),
        pytest.param(
            Config(forbid=(PII, PAYMENT)), (), ("payment",), {PII}, id="cli-allow-on-config"
        ),
        pytest.param(None, ("PII, payment",), ("payment",), {PII}, id="commas-and-case-then-allow"),
        pytest.param(None, ("pii", "purchases"), (), {PII, PURCHASES}, id="repeated-option"),
    ],
)
def test_resolve_policy(
    config: Config | None, forbid: tuple[str, ...], allow: tuple[str, ...], expected: set[object]
) -> None:
    assert resolve_policy(config, forbid=forbid, allow=allow).forbidden == expected


def test_resolve_policy_keeps_ignores() -> None:
    entry = IgnoreEntry(column="email", reason="hashed")
    assert resolve_policy(Config(ignores=(entry,))).ignores == (entry,)
    assert resolve_policy(None).ignores == ()


@pytest.mark.parametrize(
    ("forbid", "allow", "message"),
    [
        (("pii", "secrets"), (), '--forbid: unknown category "secrets"'),
        ((), ("locaton",), '--allow: unknown category "locaton"'),
        (("",), (), "--forbid: no category given"),
        ((), (" , ",), "--allow: no category given"),
    ],
    ids=["forbid", "allow", "empty-forbid", "empty-allow"],
)
def test_resolve_policy_usage_errors(
    forbid: tuple[str, ...], allow: tuple[str, ...], message: str
) -> None:
    with pytest.raises(UsageError) as info:
        resolve_policy(None, forbid=forbid, allow=allow)
    assert str(info.value).startswith(message)
    assert "(one of pii, payment, purchases, location)" in str(info.value)


_EMAILS = "id,email\n" + "".join(f"{i},client{i}@example.com\n" for i in range(1, 11))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".piiscan.toml", 'allow = ["pii", "payment", "purchases", "location"]\n'),
        (".piiscan.toml", 'exclude = ["**"]\n'),
        ("pyproject.toml", '[tool.piiscan]\n[[tool.piiscan.ignore]]\npath = "**"\nreason = "x"\n'),
    ],
)
def test_a_config_that_came_with_the_data_is_not_used(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
) -> None:
    """An export folder holding a config that would pass it: refused (exit 2) when the
    folder is scanned from elsewhere; used when named, or from inside the folder."""
    from tests.clirunner import run_cli

    export = tmp_path / "export"
    export.mkdir()
    (export / "customers.csv").write_text(_EMAILS)
    (export / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    refused = run_cli(capsys, "check", "export")
    assert refused.code == 2
    assert "a config inside the scanned folder export is not used" in refused.err
    assert run_cli(capsys, "check", "export", "--config", f"export/{name}").code == 0
    monkeypatch.chdir(export)
    assert run_cli(capsys, "check", ".").code == 0  # the folder piiscan runs in: its own
