"""``python -m planner``: the ``planner`` command (the app, or one of its subcommands)."""

import sys

from planner.cli import main

sys.exit(main())
