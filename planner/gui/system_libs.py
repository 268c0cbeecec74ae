"""Before Qt starts on Linux: are the system libraries it needs there?

Without one of them Qt either prints five lines blaming ``xcb-cursor0`` (whatever is
really missing) and aborts, or the import of PySide6 fails with a traceback (libEGL,
libglib, libfontconfig). This asks the dynamic linker instead (``ldd`` on Qt's GUI
libraries and on the platform plugin Qt will load, without importing Qt) and says in
one line which libraries are missing and the one command that installs them
(``missing_message``); ``import_failure`` does the same for an import of PySide6 that
failed all the same. Any doubt (no ldd, another platform, an odd Qt layout) means
"nothing known missing": the probe never stands in the way.
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

__all__ = [
    "DEBIAN_PACKAGES",
    "NEEDED_PACKAGES",
    "WAYLAND_PACKAGES",
    "import_failure",
    "missing_libraries",
    "missing_message",
    "missing_xcb_libraries",
    "not_found",
    "platform_of",
]

# What a fresh Debian / Ubuntu desktop may lack for Qt's xcb platform and its GUI
# libraries, in the order the README names them (the one command installs them all).
NEEDED_PACKAGES = (
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-xkb1", "libxkbcommon-x11-0",
    "libglib2.0-0", "libegl1", "libgl1", "libfontconfig1", "libdbus-1-3",
)  # fmt: skip
WAYLAND_PACKAGES = ("libwayland-client0", "libwayland-cursor0")

# Library file -> the Debian / Ubuntu package that has it, for what Qt loads.
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
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
_LIBRARY = re.compile(r"\b(lib[\w.+-]+?\.so(?:\.\d+)*)\b")


def not_found(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` says it could not find, in its order."""
    return _NOT_FOUND.findall(ldd_output)


def platform_of(environ: Mapping[str, str]) -> str:
    """The platform plugin Qt will load: the first of ``QT_QPA_PLATFORM`` if set, else
    "wayland" in a Wayland session (or with only a Wayland display), else "xcb"."""
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked
    if environ.get("WAYLAND_DISPLAY") and (
        environ.get("XDG_SESSION_TYPE") == "wayland" or not environ.get("DISPLAY")
    ):
        return "wayland"
    return "xcb"


def _qt_files(platform: str = "xcb") -> list[Path]:
    """Qt's GUI libraries and the files of ``platform``'s plugin, as installed."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    qt = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    lib = qt / "lib"
    files = [lib / f"libQt6{name}.so.6" for name in ("Core", "Gui", "Widgets", "DBus")]
    if platform == "xcb":
        files += [
            qt / "plugins" / "platforms" / "libqxcb.so",
            *sorted(lib.glob("libQt6XcbQpa.so*")),
        ]
    elif platform == "wayland":
        files += [qt / "plugins" / "platforms" / "libqwayland.so"]
        files += sorted(lib.glob("libQt6WaylandClient.so*"))
    return files


def missing_libraries(environ: Mapping[str, str] | None = None) -> list[str]:
    """The system libraries Qt's GUI libraries or its platform plugin would fail to load,
    or [] (none, or not Linux, or no way to tell)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return []
    platform = platform_of(env)
    if platform in ("xcb", "wayland") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return []
    found: list[str] = []
    for path in _qt_files(platform):
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


missing_xcb_libraries = missing_libraries  # its first name


def missing_message(libraries: list[str], platform: str = "xcb") -> str:
    """One line: what is missing and the one command that installs everything Qt needs
    (Debian / Ubuntu names): the usual list, the packages of the missing libraries, and
    under Wayland its client libraries."""
    packages = list(NEEDED_PACKAGES)
    if platform == "wayland":
        packages += WAYLAND_PACKAGES
    packages += [DEBIAN_PACKAGES[lib] for lib in libraries if lib in DEBIAN_PACKAGES]
    return (
        f"planner: the desktop app cannot start: missing system "
        f"librar{'y' if len(libraries) == 1 else 'ies'} {', '.join(libraries)}; "
        f"install what the app needs with: sudo apt-get install "
        f"{' '.join(dict.fromkeys(packages))}"
    )


def import_failure(error: BaseException, platform: str = "xcb") -> str | None:
    """The one line for an import of PySide6 that failed on a system library ("libEGL.so.1:
    cannot open shared object file"), or None when the error names none."""
    found = _LIBRARY.findall(str(error))
    libraries = [lib for lib in dict.fromkeys(found) if not lib.startswith(("libQt6", "libpyside"))]
    return missing_message(libraries, platform) if libraries else None
