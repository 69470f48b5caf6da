"""Ctrl-C at any moment of a scan: one line on stderr, exit 130, no traceback from the main
process or its workers, and no native abort at exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import piiscan


def _exports(folder: Path, files: int, rows: int) -> Path:
    folder.mkdir()
    body = "".join(f"{i},user{i}@example.com,a note about order {i}\n" for i in range(rows))
    for n in range(files):
        (folder / f"part-{n:03d}.csv").write_text("id,email,note\n" + body, encoding="utf-8")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_is_one_line_and_exit_130(tmp_path: Path, jobs: str) -> None:
    folder = _exports(tmp_path / "exports", files=40, rows=20_000)
    env = {**os.environ, "PYTHONPATH": str(Path(piiscan.__file__).parents[1])}
    interrupted = 0
    for delay in (0.1, 0.3, 0.6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "piiscan", "check", str(folder), "-j", jobs, "-f", "json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # a terminal's Ctrl-C reaches the whole process group
        )
        time.sleep(delay)
        if proc.poll() is not None:
            continue  # finished before the signal: nothing to judge
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 130, err
        assert err.decode() == "piiscan: interrupted\n"
        interrupted += 1
    assert interrupted, "every scan ended before it could be interrupted"


@pytest.mark.slow
def test_ctrl_c_does_not_wait_for_a_worker_on_a_big_file(tmp_path: Path) -> None:
    """Workers ignore Ctrl-C (the main process answers it): they are stopped, not waited for
    while each finishes the file it scans (a minute for a big one)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    with (folder / "big.csv").open("w", encoding="utf-8") as fh:
        fh.write("id,note\n")
        for k in range(20):  # every note a distinct phone in a sentence: slow on purpose
            fh.write(
                "".join(
                    f"{n},please call +7 916 {n // 10_000:03d}-{n // 100 % 100:02d}-{n % 100:02d}"
                    " after lunch\n"
                    for n in range(k * 100_000, (k + 1) * 100_000)
                )
            )
    (folder / "small.csv").write_text("id,plan\n1,basic\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(piiscan.__file__).parents[1])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "piiscan", "check", str(folder), "-j", "2", "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    time.sleep(2)
    assert proc.poll() is None, "the scan ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=10)  # the worker alone needs far longer than this
    assert (proc.returncode, err.decode()) == (130, "piiscan: interrupted\n")
