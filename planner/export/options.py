"""Command-line options of ``planner export`` (shared with the export dialog's defaults)."""

from __future__ import annotations

import argparse

__all__ = ["add_export_arguments"]


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", help="first day shown, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", help="last day shown, YYYY-MM-DD")
    p.add_argument("--teams", help="comma-separated team ids to include")
    p.add_argument("--title", help="title of the image (default: the roadmap's name)")
