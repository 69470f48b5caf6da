"""``--diff-base REF``: each export as it was at a git revision, to fail only on what is new.

The cli scans today's files, then the same files as they were at REF (written to temporary
files with the same names, so suffixes still name formats), with the same engine and rules.
A finding today is known when REF had the same file, column and category at the same or a
wider scope; everything in a file that REF did not have is new.

git runs as a subprocess with a list argv (no shell); revisions are resolved to a commit id
first and may not start with ``-``; paths are passed after ``--`` with literal pathspecs, so a
file named ``*.csv`` or ``:(glob)x`` is only itself. git's own messages are not shown (they can
quote paths in odd ways); every problem is a one-line ``UsageError``.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from piiscan.baseline import normalise, scope_covers
from piiscan.errors import UsageError
from piiscan.model import Category, FileRef, Finding, Scope

_BATCH = 500
"""Paths per ``git ls-tree`` call (argv length)."""


@dataclass(frozen=True)
class Repo:
    """The git work tree the current folder is in."""

    top: Path
    """The work tree's root."""
    prefix: str
    """The current folder relative to ``top``: ``""`` or ``"sub/dir/"``."""


@dataclass(frozen=True)
class Snapshot:
    """Files as they were at a revision, ready to scan."""

    refs: tuple[FileRef, ...]
    """Temporary copies, each with today's display path."""
    new: tuple[str, ...]
    """Display paths that the revision did not have (everything in them is new)."""
    unchanged: tuple[str, ...]
    """Display paths whose bytes are the revision's: not copied, every finding is known."""
    warnings: tuple[str, ...]


def open_repo(cwd: Path) -> Repo:
    """The repository holding ``cwd``; ``UsageError`` when there is none."""
    out = _git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd=cwd)
    if out is None:
        raise UsageError(f"--diff-base: {cwd} is not in a git repository")
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    return Repo(top=Path(lines[0]), prefix=lines[1] if len(lines) > 1 else "")


def resolve(repo: Repo, ref: str) -> str:
    """The commit id ``ref`` names; ``UsageError`` when it names none."""
    if not ref or ref.startswith("-") or "\x00" in ref:
        raise UsageError(f'--diff-base: not a revision: "{ref}"')
    out = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=repo.top)
    if out is None or not out.strip():
        raise UsageError(f'--diff-base: unknown revision "{ref}" (no such commit in {repo.top})')
    return out.decode("ascii").strip()


def repo_path(repo: Repo, display: str) -> str | None:
    """A display path (relative to the current folder, or absolute) as a path in the
    repository, or None when it is outside."""
    if os.path.isabs(display):
        for candidate in (os.path.abspath(display), os.path.realpath(display)):
            rel = os.path.relpath(candidate, repo.top)
            if not rel.startswith(".."):
                return rel.replace(os.sep, "/")
        return None
    joined = posixpath.normpath(repo.prefix + display.replace(os.sep, "/"))
    if joined == ".." or joined.startswith("../") or joined == ".":
        return None
    return joined


def snapshot(repo: Repo, commit: str, files: Sequence[FileRef], folder: Path) -> Snapshot:
    """Write each file's version at ``commit`` into ``folder`` and classify it."""
    from piiscan.discovery import classify, split_suffix

    wanted: dict[str, list[FileRef]] = {}
    warnings: list[str] = []
    new: list[str] = []
    for ref in files:
        path = repo_path(repo, ref.display)
        if path is None:
            warnings.append(
                f"{ref.display}: outside the git repository; everything in it counts as new"
            )
            new.append(ref.display)
        else:
            wanted.setdefault(path, []).append(ref)
    blobs = _blobs(repo, commit, sorted(wanted))
    refs: list[FileRef] = []
    unchanged: list[str] = []
    for i, (path, refs_here) in enumerate(sorted(wanted.items())):
        blob = blobs.get(path)
        if blob is None:
            new.extend(r.display for r in refs_here)
            continue
        same = [r for r in refs_here if _blob_id(r.path, len(blob)) == blob]
        unchanged.extend(r.display for r in same)
        refs_here = [r for r in refs_here if r not in same]
        if not refs_here:
            continue
        target = folder / str(i) / posixpath.basename(path)
        target.parent.mkdir(parents=True)
        with target.open("wb") as fh:
            if _git(["cat-file", "blob", blob], cwd=repo.top, stdout=fh) is None:
                raise UsageError(f"--diff-base: cannot read {path} at {commit[:12]}")
        for ref in refs_here:
            fmt, compression = split_suffix(target.name)
            found = classify(target, ref.display, fmt or ref.format, compression)
            if isinstance(found, FileRef):
                refs.append(found)
            else:
                warnings.append(
                    f"{ref.display}: its version at {commit[:12]} cannot be read"
                    f" ({found.message}); everything in it counts as new"
                )
                new.append(ref.display)
    return Snapshot(tuple(refs), tuple(sorted(new)), tuple(sorted(unchanged)), tuple(warnings))


def known(findings: Iterable[Finding]) -> Callable[[Finding], bool]:
    """A predicate: does a finding today have its match at the revision (same path, column
    and category, scope no wider)? Findings at the revision with no matched value (a header
    only) do not count: values there now are new."""
    widest: dict[tuple[str, str, Category], Scope] = {}
    for f in findings:
        if f.matched == 0:
            continue
        key = (normalise(f.path), f.column, f.category)
        if widest.get(key) is not Scope.COLUMN:
            widest[key] = f.scope

    def is_known(finding: Finding) -> bool:
        scope = widest.get((normalise(finding.path), finding.column, finding.category))
        return scope is not None and scope_covers(scope, finding.scope)

    return is_known


def _blob_id(path: Path, length: int) -> str | None:
    """git's object id of the file's bytes as a blob (SHA-1, or SHA-256 in a repository of
    that object format), None when it cannot be read. Clean filters (autocrlf, LFS) make a
    file differ from its blob; it is then scanned at the revision, which is only slower."""
    import hashlib

    try:
        size = path.stat().st_size
        # An object id, compared in memory, never written: not a security hash.
        digest = hashlib.sha256() if length == 64 else hashlib.sha1()
        digest.update(f"blob {size}\x00".encode("ascii"))
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _blobs(repo: Repo, commit: str, paths: Sequence[str]) -> dict[str, str]:
    """Repository path to blob id, for the paths that are regular files at ``commit``."""
    out: dict[str, str] = {}
    for start in range(0, len(paths), _BATCH):
        batch = list(paths[start : start + _BATCH])
        listing = _git(["ls-tree", "-z", "--full-tree", commit, "--", *batch], cwd=repo.top)
        if listing is None:
            raise UsageError(f"--diff-base: cannot list files at {commit[:12]}")
        for record in listing.split(b"\x00"):
            meta, tab, name = record.partition(b"\t")
            if not tab:
                continue
            mode, kind, blob = meta.split(b" ")
            # Symlinks (120000) and submodules are not the export itself: treat as absent.
            if kind == b"blob" and mode in (b"100644", b"100755"):
                out[name.decode("utf-8", "surrogateescape")] = blob.decode("ascii")
    return out


def _git(args: list[str], *, cwd: Path, stdout: IO[bytes] | None = None) -> bytes | None:
    """Run git; its stdout (or None when it fails). With ``stdout`` a file, output goes there."""
    env = dict(os.environ)
    env["GIT_LITERAL_PATHSPECS"] = "1"
    env.pop("GIT_PAGER", None)
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError("--diff-base: git is not installed (or not on PATH)") from None
    except OSError as exc:
        raise UsageError(f"--diff-base: cannot run git ({type(exc).__name__})") from None
    if done.returncode != 0:
        return None
    return done.stdout if stdout is None else b""
