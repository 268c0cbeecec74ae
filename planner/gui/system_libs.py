"""Before Qt starts on Linux: are the system libraries its X11 (xcb) platform needs there?

Without one of them Qt prints five lines blaming ``xcb-cursor0`` (whatever is really
missing) and aborts. This asks the dynamic linker instead (``ldd`` on the plugin and on
the library it loads, without importing Qt) and says in one line which libraries are
missing and the one command that installs them. Any doubt (no ldd, another platform, an
odd Qt layout) means "nothing known missing": the probe never stands in the way.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DEBIAN_PACKAGES", "missing_message", "missing_xcb_libraries", "not_found"]

# Library file -> the Debian / Ubuntu package that has it, for what Qt's xcb plugin needs.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


def not_found(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` says it could not find, in its order."""
    return _NOT_FOUND.findall(ldd_output)


def _qt_files() -> list[Path]:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    qt = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return [qt / "plugins" / "platforms" / "libqxcb.so", *sorted(qt.glob("lib/libQt6XcbQpa.so*"))]


def missing_xcb_libraries(environ: Mapping[str, str] | None = None) -> list[str]:
    """The system libraries Qt's xcb platform would fail to load, or [] (none, or not
    Linux with X11, or no way to tell)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return []
    if not env.get("DISPLAY") or shutil.which("ldd") is None:
        return []
    found: list[str] = []
    for path in _qt_files():
        if not path.exists():
            continue
        try:
            res = subprocess.run(
                ["ldd", str(path)], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return []
        found += not_found(res.stdout)
    return list(dict.fromkeys(found))  # each once, in the order ldd said them


def missing_message(libraries: list[str]) -> str:
    """One line: what is missing and the command that installs everything Qt's xcb
    platform needs (Debian / Ubuntu names)."""
    packages = sorted(set(DEBIAN_PACKAGES.values()))
    return (
        f"planner: the desktop app cannot start: missing system "
        f"librar{'y' if len(libraries) == 1 else 'ies'} {', '.join(libraries)}; "
        f"install what the app needs with: sudo apt-get install {' '.join(packages)}"
    )
