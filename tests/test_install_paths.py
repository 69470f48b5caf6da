"""Every install snippet in the README and examples/ names this project, at a tag of this
version: the distribution name (free on PyPI; ``piiscan`` there is somebody else's), the
pre-commit ``rev`` and the GitHub Actions install line. ``tests/e2e/test_precommit.py`` runs
them for real (slow)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import piiscan

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
DISTRIBUTION = PROJECT["name"]
TAG = f"v{PROJECT['version']}"
UPSTREAM = "https://github.com/<owner>/piiscan"
"""The repository URL in the snippets (the owner is the reader's fork or the project's)."""
INSTALL = re.compile(r'pip install "(?P<name>[\w.-]+) @ git\+(?P<url>[^@"]+)@(?P<rev>[^"]+)"')


def readme_precommit_snippet() -> str:
    """The ``.pre-commit-config.yaml`` the README tells users to write."""
    text = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"\*\*pre-commit\.\*\*.*?```yaml\n(.*?)```", text, re.S)
    assert match, "README.md lost its pre-commit snippet"
    return match.group(1)


def workflow_install_line() -> str:
    """The command the GitHub Actions example installs piiscan with."""
    text = (ROOT / "examples/github-actions/piiscan.yml").read_text("utf-8")
    match = re.search(r"- name: Install piiscan\n(?:\s+#.*\n)*\s+run: (.*)\n", text)
    assert match, "the workflow lost its install step"
    return match.group(1)


def test_the_distribution_is_not_the_taken_name() -> None:
    assert DISTRIBUTION == "piiscan-gate"
    assert PROJECT["scripts"] == {"piiscan": "piiscan.__main__:run"}
    assert piiscan.__version__ == PROJECT["version"]
    # An extra that names the project by another name installs somebody else's package.
    assert all(
        requirement.startswith(f"{DISTRIBUTION}[")
        for extra in PROJECT["optional-dependencies"].values()
        for requirement in extra
        if requirement.startswith("piiscan")
    )
    hints = [ROOT / "README.md", *(ROOT / "src/piiscan").rglob("*.py")]
    for path in hints:
        assert not re.search(r"(?<![\w-])piiscan\[", path.read_text("utf-8")), path


def test_the_precommit_snippet_pins_this_versions_tag() -> None:
    snippet = readme_precommit_snippet()
    assert f"- repo: {UPSTREAM}\n" in snippet
    assert f"rev: {TAG}\n" in snippet
    assert "id: piiscan" in snippet
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    assert "- id: piiscan\n" in hooks
    assert f"rev: {TAG}\n" in hooks  # the comment at its top shows the same snippet


def test_every_install_line_names_this_distribution_at_this_tag() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    lines = [workflow_install_line(), *re.findall(r"^.*pip install \"[^\n]*$", readme, re.M)]
    assert len(lines) >= 2
    for line in lines:
        found = INSTALL.search(line)
        assert found, line
        assert found["name"] == DISTRIBUTION, line
        assert found["url"] == UPSTREAM, line
        assert found["rev"] == TAG, line
    everything = readme + (ROOT / "examples/github-actions/piiscan.yml").read_text("utf-8")
    assert not re.search(r"pip install [\"']?piiscan(?![\w-])(?! @)", everything)


def test_ci_installs_the_wheel_this_distribution_builds() -> None:
    wheel = re.sub(r"[-_.]+", "_", DISTRIBUTION).lower()  # the wheel file name's form
    script = (ROOT / ".ci/run").read_text("utf-8")
    assert f'"$work/dist"/{wheel}-*.whl' in script
