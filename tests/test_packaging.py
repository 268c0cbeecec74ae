"""The packaging files stay in step with the code: the PyInstaller spec parses and names
files and modules that exist, the desktop metadata shares one application id, and the
.desktop/metainfo files validate (when the validators are installed). Cheap: nothing
here runs PyInstaller (packaging/README.md says how to build and check a bundle)."""

from __future__ import annotations

import ast
import configparser
import fnmatch
import importlib.util
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from planner.app.settings import APP_ID

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "packaging"
SPEC = PKG / "roadmap-planner.spec"
DESKTOP = PKG / f"{APP_ID}.desktop"
METAINFO = PKG / f"{APP_ID}.metainfo.xml"
MIME = PKG / f"{APP_ID}.mime.xml"


def _spec_call(tree: ast.Module, name: str) -> ast.Call:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == name:
            return node
    raise AssertionError(f"the spec has no {name}(...) call")


def _keyword(call: ast.Call, name: str) -> ast.expr:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    raise AssertionError(f"no {name}= in {ast.unparse(call.func)}(...)")


def test_spec_parses_and_its_entry_script_exists():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))
    analysis = _spec_call(tree, "Analysis")
    # [str(ROOT / "packaging" / "launcher.py")]: the path's parts below the repo root
    consts = [n for n in ast.walk(analysis.args[0]) if isinstance(n, ast.Constant)]
    parts = [n.value for n in sorted(consts, key=lambda n: n.col_offset)]
    launcher = ROOT.joinpath(*parts)
    assert launcher == PKG / "launcher.py" and launcher.is_file(), parts
    assert "from planner.cli import main" in launcher.read_text(encoding="utf-8")
    ast.parse(launcher.read_text(encoding="utf-8"))
    assert ast.literal_eval(_keyword(_spec_call(tree, "EXE"), "name")) == "planner"


def test_spec_hidden_imports_exist():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    hidden = ast.literal_eval(_keyword(_spec_call(tree, "Analysis"), "hiddenimports"))
    assert "matplotlib.backends.backend_svg" in hidden  # SVG export from the bundle
    for name in hidden:
        assert importlib.util.find_spec(name) is not None, name


def test_spec_data_patterns_match_the_resources():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    collect = _spec_call(tree, "collect_data_files")
    assert ast.literal_eval(collect.args[0]) == "planner.resources"
    patterns = ast.literal_eval(_keyword(collect, "includes"))
    files = [p.relative_to(ROOT / "resources").as_posix()
             for p in (ROOT / "resources").rglob("*") if p.is_file()]  # fmt: skip
    matched = {f for f in files if any(fnmatch.fnmatch(f, pat) for pat in patterns)}
    assert "sample-roadmap.json" in matched and "icons/app.svg" in matched
    icons = {f for f in files if f.startswith("icons/")}
    assert icons and icons <= matched
    # the wheel, which the spec bundles from, ships every one of those files
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setup = pyproject["tool"]["setuptools"]
    shipped = set()
    for pkg, globs in setup["package-data"].items():
        if pkg != "planner.resources" and not pkg.startswith("planner.resources."):
            continue
        assert pkg in setup["packages"], pkg
        base = "/".join(pkg.split(".")[2:])
        base = base + "/" if base else ""
        shipped |= {
            f for f in files
            if f.startswith(base) and "/" not in f[len(base):]
            and any(fnmatch.fnmatch(f[len(base):], g) for g in globs)
        }  # fmt: skip
    assert matched <= shipped, sorted(matched - shipped)


def test_desktop_metainfo_and_mime_agree_on_ids():
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # keys are case-sensitive
    desktop.read(DESKTOP, encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "planner"
    assert entry["StartupWMClass"] == "planner"
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.find("launchable").text == DESKTOP.name
    assert meta.find("provides/binary").text == "planner"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(MIME).getroot().find("m:mime-type", ns)
    assert entry["MimeType"].rstrip(";") == mime.get("type")
    assert mime.find("m:glob", ns).get("pattern") == "*.roadmap"


@pytest.mark.parametrize(
    ("tool", "args", "path"),
    [
        ("desktop-file-validate", [], DESKTOP),
        ("appstreamcli", ["validate", "--no-net"], METAINFO),
    ],
)
def test_desktop_metadata_validates(tool, args, path):
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (apt-get install desktop-file-utils appstream)")
    res = subprocess.run([exe, *args, str(path)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr


def test_one_version_string_everywhere():
    """The package metadata is the one source: the CLI says it, AppStream's newest
    release names it."""
    import re
    import subprocess
    import sys

    import planner

    assert planner.__version__ not in ("", "0+unknown")
    out = subprocess.run(
        [sys.executable, "-m", "planner.cli", "--version"], capture_output=True, text=True
    ).stdout
    assert out.split() == ["planner", planner.__version__]
    metainfo = ROOT / "packaging" / "io.github.roadmapplanner.RoadmapPlanner.metainfo.xml"
    first = re.search(r'<release version="([^"]+)"', metainfo.read_text(encoding="utf-8"))
    assert first is not None and first.group(1) == planner.__version__
