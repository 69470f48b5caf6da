"""The README's install snippets, run for real: the pre-commit hook through the real
pre-commit on throwaway git repositories, and the GitHub Actions install line in a fresh venv.

The hook repository is a local clone of this working tree (a copy, uncommitted changes
included, committed into a temporary git repository) tagged as this version's release: the
snippets are used as written, only the upstream URL replaced by the clone's path. Building the
hook's environment downloads piiscan's dependencies once per session (``PRE_COMMIT_HOME`` is
shared by every case), hence ``slow``: run with ``-m slow``.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.test_install_paths import (
    DISTRIBUTION,
    TAG,
    UPSTREAM,
    readme_precommit_snippet,
    workflow_install_line,
)

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[2]
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "rules")
"""What ``pip install .`` of the hook repository needs."""

PANS = ("4111111111111111", "5500000000000004", "4012888888881881", "5105105105105100")
CARDS_CSV = "order_id,card_number,amount\n" + "".join(
    f"{i},{PANS[i % len(PANS)]},{10 + i}.50\n" for i in range(1, 25)
)
CLEAN_CSV = "campaign,clicks,spend\n" + "".join(
    f"spring_{i},{i * 7},{i * 3}.5\n" for i in range(1, 25)
)
CARDS_JSONL = "".join(f'{{"customer_id": {i}, "card": "{p}"}}\n' for i, p in enumerate(PANS * 6))
IGNORE_CARDS = """\
[[ignore]]
column = "card_number"
rule = "card_number"
reason = "published test card numbers, not customer data"
"""
EXCLUDE_FIXTURES = 'exclude = ["fixtures/**"]\n'
NETWORK_TROUBLE = (
    "Could not find a version",
    "NewConnectionError",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectTimeout",
)


def _run(args: list[str], cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _git(cwd: Path, env: Mapping[str, str], *args: str) -> str:
    done = _run(["git", *args], cwd, env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An isolated git identity and config, and one PRE_COMMIT_HOME for the session."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    return base | {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "piiscan test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "piiscan test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PRE_COMMIT_COLOR": "never",
    }


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This working tree's hook files, committed and tagged as the release: (repository,
    tag)."""
    repo = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in HOOK_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=ignore)
        else:
            shutil.copy2(source, repo / name)
    _git(repo, env, "init", "-q", "-b", "main")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "hook under test")
    _git(repo, env, "tag", TAG)
    return repo, TAG


def _config(hook: tuple[Path, str]) -> str:
    """The README's pre-commit snippet, pointed at the local clone."""
    repo, _tag = hook
    return readme_precommit_snippet().replace(UPSTREAM, str(repo))


@pytest.fixture(scope="session")
def installed(
    tmp_path_factory: pytest.TempPathFactory, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """Build the hook environment once; later repositories reuse it from PRE_COMMIT_HOME."""
    scratch = tmp_path_factory.mktemp("install")
    _git(scratch, env, "init", "-q", "-b", "main")
    (scratch / ".pre-commit-config.yaml").write_text(_config(hook_repo), encoding="utf-8")
    done = _run([sys.executable, "-m", "pre_commit", "install-hooks"], scratch, env)
    if done.returncode != 0:
        output = done.stdout + done.stderr
        log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        if log.is_file():
            output += log.read_text(encoding="utf-8", errors="replace")
        if any(sign in output for sign in NETWORK_TROUBLE):
            pytest.skip("cannot reach PyPI to build the hook environment")
        pytest.fail(f"pre-commit install-hooks failed:\n{output}")


@dataclass
class DataRepo:
    path: Path
    env: dict[str, str]

    def write(self, files: Mapping[str, str | bytes]) -> None:
        for name, data in files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.encode() if isinstance(data, str) else data)

    def commit(self, *staged: str) -> subprocess.CompletedProcess[str]:
        if staged:
            _git(self.path, self.env, "add", "--", *staged)
        return _run(["git", "commit", "-m", "add export"], self.path, self.env)

    def commits(self) -> int:
        return int(_git(self.path, self.env, "rev-list", "--count", "HEAD"))

    def snapshot(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.path)): p.read_bytes()
            for p in sorted(self.path.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.path).parts
        }


@pytest.fixture
def data_repo(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str], installed: None
) -> Iterator[DataRepo]:
    """A fresh repository with the hook installed and its config committed."""
    repo = DataRepo(tmp_path / "data", env)
    repo.path.mkdir()
    _git(repo.path, env, "init", "-q", "-b", "main")
    repo.write({".pre-commit-config.yaml": _config(hook_repo)})
    done = _run([sys.executable, "-m", "pre_commit", "install"], repo.path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    _git(repo.path, env, "add", ".pre-commit-config.yaml")
    _git(repo.path, env, "commit", "-q", "-m", "pre-commit config")
    yield repo


@dataclass(frozen=True)
class Case:
    files: dict[str, str | bytes]
    """Written to the work tree."""
    staged: tuple[str, ...]
    passes: bool
    shown: tuple[str, ...] = ()
    """Text the hook output must hold."""
    extra: dict[str, str | bytes] = field(default_factory=dict)
    """Written but not staged."""


CASES = {
    "card-numbers-block-the-commit": Case(
        files={"exports/payments.csv": CARDS_CSV},
        staged=("exports/payments.csv",),
        passes=False,
        shown=("exports/payments.csv", "card_number", "FORBIDDEN", "payment", "FAIL (exit 1)"),
    ),
    "clean-export-passes": Case(
        files={"exports/campaign.csv": CLEAN_CSV},
        staged=("exports/campaign.csv",),
        passes=True,
    ),
    "ignored-column-passes": Case(
        files={".piiscan.toml": IGNORE_CARDS, "exports/payments.csv": CARDS_CSV},
        staged=(".piiscan.toml", "exports/payments.csv"),
        passes=True,
    ),
    "config-exclude-applies-to-named-files": Case(
        files={".piiscan.toml": EXCLUDE_FIXTURES, "fixtures/payments.csv": CARDS_CSV},
        staged=(".piiscan.toml", "fixtures/payments.csv"),
        passes=True,
    ),
    "only-staged-files-are-scanned": Case(
        files={"exports/campaign.csv": CLEAN_CSV},
        staged=("exports/campaign.csv",),
        passes=True,
        extra={"exports/payments.csv": CARDS_CSV},
    ),
    "compressed-json-lines-are-checked": Case(
        files={"exports/payments.jsonl.gz": gzip.compress(CARDS_JSONL.encode())},
        staged=("exports/payments.jsonl.gz",),
        passes=False,
        shown=("exports/payments.jsonl.gz", "card", "FORBIDDEN"),
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_hook(data_repo: DataRepo, case: Case) -> None:
    data_repo.write(case.files)
    data_repo.write(case.extra)
    before = data_repo.snapshot()
    done = data_repo.commit(*case.staged)
    output = done.stdout + done.stderr
    assert (done.returncode == 0) is case.passes, output
    assert data_repo.commits() == (2 if case.passes else 1)
    assert "piiscan (customer data in exports)" in output
    assert ("Passed" if case.passes else "Failed") in output
    for text in case.shown:
        assert text in output, text
    for pan in PANS:
        assert pan not in output  # the readable message still holds no card number
    assert data_repo.snapshot() == before  # the hook never writes files


def test_the_workflow_install_line(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    """The GitHub Actions example's install step, against the clone at the release tag,
    installs a ``piiscan`` command that scans."""
    repo, _tag = hook_repo
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env).returncode == 0
    # file://localhost/...: the pip a fresh venv bundles refuses a URL with no host
    line = workflow_install_line().replace(f"git+{UPSTREAM}", f"git+file://localhost{repo}")
    line = line.replace("python -m pip", f"{venv}/bin/python -m pip", 1)
    done = _run(["bash", "-c", line], tmp_path, env)
    output = done.stdout + done.stderr
    if done.returncode != 0 and any(sign in output for sign in NETWORK_TROUBLE):
        pytest.skip("cannot reach the package index to install the dependencies")
    assert done.returncode == 0, output
    shown = _run([f"{venv}/bin/python", "-m", "pip", "show", DISTRIBUTION], tmp_path, env)
    assert f"Version: {TAG.removeprefix('v')}" in shown.stdout
    (tmp_path / "cards.csv").write_text(CARDS_CSV, encoding="utf-8")
    scan = _run([f"{venv}/bin/piiscan", "check", "cards.csv"], tmp_path, env)
    assert scan.returncode == 1, scan.stdout + scan.stderr
    assert "card_number" in scan.stdout
