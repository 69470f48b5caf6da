"""``python -m piiscan`` and the ``piiscan`` console script.

The command line's imports take a tenth of a second: a Ctrl-C during them is answered like
one during a scan (one line, exit 130), not with a traceback.
"""

from __future__ import annotations

import os
import sys


def run() -> None:
    try:
        from piiscan.cli import main
    except KeyboardInterrupt:
        # As cli's own answer to Ctrl-C: exit at once, not through the interpreter's shutdown
        # (a Ctrl-C inside pyarrow's import would make it end the process by the signal).
        sys.stderr.write("piiscan: interrupted\n")
        sys.stderr.flush()
        os._exit(130)
    main()


if __name__ == "__main__":
    run()
