"""The probe for the system libraries Qt and its platform plugin need (no Qt imported),
and what ``planner`` says when one is missing: one line naming it and the one command
that installs them, exit 1, never Qt's abort nor a traceback."""

from __future__ import annotations

import subprocess

from planner.gui import system_libs
from planner.gui.system_libs import (
    import_failure,
    missing_message,
    missing_xcb_libraries,
    not_found,
    platform_of,
)

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => not found
\tlibQt6XcbQpa.so.6 => /opt/qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
"""


def test_ldd_output_names_what_is_missing():
    assert not_found(LDD) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    assert not_found("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_the_message_is_one_line_with_the_one_command(tmp_path):
    line = missing_message(["libxcb-icccm.so.4"])
    assert "\n" not in line and "missing system library libxcb-icccm.so.4" in line
    assert "sudo apt-get install " in line and "libxcb-icccm4" in line and "libegl1" in line


def test_the_probe_reads_ldd_on_the_plugin(monkeypatch, tmp_path):
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    files = {"xcb": [plugin, plugin, tmp_path / "absent.so"], "wayland": [plugin]}
    monkeypatch.setattr(system_libs, "_qt_files", lambda platform: files.get(platform, []))
    monkeypatch.setattr(system_libs.shutil, "which", lambda name: "/usr/bin/ldd")
    monkeypatch.setattr(system_libs.sys, "platform", "linux")
    calls = []

    def fake_run(argv, **kw):
        calls.append(argv)
        return subprocess.CompletedProcess(argv, 0, LDD, "")

    monkeypatch.setattr(system_libs.subprocess, "run", fake_run)
    env = {"DISPLAY": ":0"}
    assert missing_xcb_libraries(env) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    assert calls == [["ldd", str(plugin)]] * 2  # each missing library named once
    # not asked when Qt will not use xcb, or there is no X display
    assert missing_xcb_libraries({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) == []
    assert missing_xcb_libraries({}) == []
    calls.clear()  # a Wayland session reads the Wayland plugin's
    wayland = missing_xcb_libraries({"WAYLAND_DISPLAY": "wayland-0"})
    assert wayland == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    assert calls == [["ldd", str(plugin)]]


def test_on_this_machine_the_probe_answers_quickly_and_without_qt():
    import sys

    code = (
        "import sys; from planner.gui.system_libs import missing_xcb_libraries;"
        "missing_xcb_libraries({'DISPLAY': ':0'});"
        "assert 'PySide6.QtCore' not in sys.modules"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_the_platform_qt_will_load():
    assert platform_of({"DISPLAY": ":0"}) == "xcb"
    assert platform_of({"WAYLAND_DISPLAY": "wayland-0"}) == "wayland"
    assert platform_of(
        {"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "XDG_SESSION_TYPE": "wayland"}
    ) == ("wayland")
    assert platform_of({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}) == "xcb"  # XWayland asked
    assert platform_of({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}) == "wayland"
    assert platform_of({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"


def test_the_files_probed_are_qts_gui_libraries_and_the_plugin():
    xcb = [p.name for p in system_libs._qt_files("xcb")]
    assert {"libQt6Gui.so.6", "libQt6Widgets.so.6", "libqxcb.so"} <= set(xcb)
    wayland = [p.name for p in system_libs._qt_files("wayland")]
    assert "libqwayland.so" in wayland and "libqxcb.so" not in wayland
    assert "libqxcb.so" not in [p.name for p in system_libs._qt_files("offscreen")]


def test_the_command_installs_the_whole_list_and_what_is_missing():
    line = missing_message(["libEGL.so.1", "libxcb-randr.so.0"])
    packages = line.split("sudo apt-get install ")[1].split()
    assert packages[:9] == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
                            "libxcb-image0", "libxcb-render-util0", "libxcb-shape0",
                            "libxcb-xkb1", "libxkbcommon-x11-0", "libglib2.0-0"]  # fmt: skip
    assert "libxcb-randr0" in packages and packages.count("libegl1") == 1
    assert "libwayland-client0" not in packages
    wayland = missing_message(["libwayland-cursor.so.0"], "wayland")
    assert "libwayland-client0 libwayland-cursor0" in wayland
    assert "missing system library libwayland-cursor.so.0;" in wayland


def test_an_import_that_failed_on_a_library_is_one_line():
    err = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    line = import_failure(err)
    assert line is not None and "\n" not in line
    assert "missing system library libEGL.so.1;" in line and "libegl1" in line
    assert import_failure(ImportError("No module named 'PySide6'")) is None
    assert import_failure(ImportError("libQt6Gui.so.6: cannot open shared object file")) is None


def _planner(tmp_path, code: str, **env_extra):
    import os
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY",
                                                             "WAYLAND_DISPLAY")}  # fmt: skip
    env.update(PLANNER_CONFIG_DIR=str(tmp_path / "c"), PLANNER_DATA_DIR=str(tmp_path / "d"))
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip


def test_planner_with_a_library_missing_says_one_line_and_exits_1(tmp_path):
    """A fake ``ldd`` first on PATH says the plugin lacks libxcb-cursor: the real
    ``planner`` command stops before Qt loads, with no five-line abort."""
    import os

    fake = tmp_path / "bin"
    fake.mkdir()
    ldd = fake / "ldd"
    ldd.write_text("#!/bin/sh\necho '\tlibxcb-cursor.so.0 => not found'\n", encoding="utf-8")
    ldd.chmod(0o755)
    code = "import sys; from planner.cli import main; sys.exit(main([]))"
    res = _planner(tmp_path, code, DISPLAY=":97", PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    assert res.returncode == 1, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "missing system library libxcb-cursor.so.0;" in lines[0]
    assert "sudo apt-get install libxcb-cursor0 " in lines[0]


def test_planner_whose_qt_import_fails_on_libegl_says_one_line_and_exits_1(tmp_path):
    """PySide6's import failing as it does without libEGL (offscreen, so the probe reads
    only Qt's libraries): one line, exit 1, no traceback."""
    code = (
        "import sys, importlib.abc\n"
        "class NoEGL(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.startswith('PySide6.Qt'):\n"
        "            raise ImportError('libEGL.so.1: cannot open shared object file: "
        "No such file or directory')\n"
        "sys.meta_path.insert(0, NoEGL())\n"
        "from planner.gui import system_libs\n"
        "system_libs.missing_libraries = lambda environ=None: []\n"
        "from planner.cli import main\n"
        "sys.exit(main([]))\n"
    )
    res = _planner(tmp_path, code, QT_QPA_PLATFORM="offscreen")
    assert res.returncode == 1, res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr
    assert "missing system library libEGL.so.1;" in lines[0] and "libegl1" in lines[0]
