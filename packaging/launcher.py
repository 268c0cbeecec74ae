"""Entry script for frozen builds (PyInstaller): the same as the `planner` command."""

import multiprocessing
import sys

from planner.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the export preview's worker process starts here too
    sys.exit(main())
