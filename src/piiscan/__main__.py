"""``python -m piiscan`` and the ``piiscan`` console script.

The command line's imports take a tenth of a second: a Ctrl-C during them is answered like
one during a scan (one line, exit 130), not with a traceback.
"""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from piiscan.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("piiscan: interrupted\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
