"""Roadmap Planner: schedule a roadmap on a working-day calendar and tell teams what moved."""

from functools import cache


@cache
def _version() -> str:
    """The one version string: the installed package's (pyproject.toml's ``version``)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("roadmap-planner")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # Looked up when asked for, not at import: finding the installed distribution
    # scans every folder on the path, which every command would pay for.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
