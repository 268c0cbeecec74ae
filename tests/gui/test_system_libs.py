"""The probe for the system libraries Qt's xcb platform needs (no Qt imported)."""

from __future__ import annotations

import subprocess

from planner.gui import system_libs
from planner.gui.system_libs import missing_message, missing_xcb_libraries, not_found

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
    monkeypatch.setattr(system_libs, "_qt_files", lambda: [plugin, plugin, tmp_path / "absent.so"])
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


def test_on_this_machine_the_probe_answers_quickly_and_without_qt():
    import sys

    code = (
        "import sys; from planner.gui.system_libs import missing_xcb_libraries;"
        "missing_xcb_libraries({'DISPLAY': ':0'});"
        "assert 'PySide6.QtCore' not in sys.modules"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
