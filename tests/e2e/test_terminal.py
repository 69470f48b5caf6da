"""The text report as a real terminal shows it: captured from tmux at 80 columns.

The capture is what a user sees (``tests/e2e/golden/terminal_80.txt``); regenerate it with
``PIISCAN_UPDATE_GOLDEN=1`` and review the diff like any golden file.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden" / "terminal_80.txt"
DONE = "piiscan-exit="

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _capture(tmp_path: Path, width: int) -> str:
    """Run ``piiscan check examples`` in a detached tmux terminal ``width`` columns wide and
    return the screen, trailing blanks trimmed."""
    socket = str(tmp_path / "tmux.sock")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS", "TMUX")}
    env |= {"NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src"), "TERM": "xterm-256color"}
    command = (
        f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m piiscan check examples;"
        f" echo {DONE}$?; sleep 60"
    )
    tmux = ["tmux", "-S", socket, "-f", os.devnull]
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", str(width), "-y", "150", "sh", "-c", command],
        env=env,
        check=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-S", "0", "-E", "149"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            if DONE in screen or time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    lines = [line.rstrip() for line in screen.splitlines()]
    return "\n".join(lines).strip("\n") + "\n"


def test_report_in_a_real_terminal_at_80_columns(tmp_path: Path) -> None:
    screen = _capture(tmp_path, 80)
    assert f"{DONE}1" in screen
    if os.environ.get("PIISCAN_UPDATE_GOLDEN"):
        GOLDEN.write_text(screen, encoding="utf-8")
    assert screen == GOLDEN.read_text(encoding="utf-8")
    assert max(cell_len(line) for line in screen.splitlines()) <= 80
