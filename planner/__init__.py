"""Roadmap Planner: schedule a roadmap on a working-day calendar and tell teams what moved."""

from importlib.metadata import PackageNotFoundError, version

try:  # the one version string: the installed package's (pyproject.toml's ``version``)
    __version__ = version("roadmap-planner")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
