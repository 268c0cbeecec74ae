"""User preferences, declared once with their types and defaults.

Stored as JSON in the platform config folder (platformdirs). Window state (geometry,
dock layout) is not here: the GUI keeps that in QSettings. Unknown or mistyped
values in the file fall back to the defaults instead of failing.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

__all__ = [
    "APP_ID",
    "ExportSettings",
    "Settings",
    "default_roadmap_path",
    "load_settings",
    "save_settings",
]

APP_ID = "io.github.roadmapplanner.RoadmapPlanner"
_APP = "roadmap-planner"


@dataclass
class ExportSettings:
    """Last choices of the export dialog."""

    preset: str = "slide-16:9"
    width: int = 1920
    height: int = 1080
    dpi: int = 100
    theme: str = "light"
    show_dependencies: bool = True
    baseline: str = ""
    forecast: bool = False  # draw the forecast ranges
    title: str = ""
    teams: list[str] = field(default_factory=list)
    last_folder: str = ""
    last_format: str = "png"


@dataclass
class Settings:
    recent_files: list[str] = field(default_factory=list)
    max_recent: int = 8
    zoom: str = "weeks"  # weeks | months | quarters
    show_dependencies: bool = True
    show_critical: bool = True
    show_forecast: bool = False  # View > Show forecast
    appearance: str = "system"  # View > Appearance: system | light | dark
    ask_reason_on_drag: bool = True
    tray_notifications: bool = True
    # Notices > Send after each edit: e-mail what an edit made at once (SMTP: mail_settings)
    send_notices_after_edit: bool = False
    export: ExportSettings = field(default_factory=ExportSettings)
    # per roadmap (its uid): the timeline's last view and collapsed lanes (gui/view_state.py)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        self.recent_files = [path] + [p for p in self.recent_files if p != path]
        del self.recent_files[self.max_recent :]


def config_dir() -> Path:
    return Path(os.environ.get("PLANNER_CONFIG_DIR") or user_config_dir(_APP, appauthor=False))


def data_dir() -> Path:
    return Path(os.environ.get("PLANNER_DATA_DIR") or user_data_dir(_APP, appauthor=False))


def default_roadmap_path() -> Path:
    """The user's default roadmap, in the platform data folder."""
    return data_dir() / "My roadmap.roadmap"


def _coerce(cls: type, raw: Any) -> Any:
    obj = cls()
    if not isinstance(raw, dict):
        return obj
    for f in dataclasses.fields(cls):
        if f.name not in raw:
            continue
        current = getattr(obj, f.name)
        value = raw[f.name]
        if dataclasses.is_dataclass(current):
            setattr(obj, f.name, _coerce(type(current), value))
        elif isinstance(current, bool):
            if isinstance(value, bool):
                setattr(obj, f.name, value)
        elif isinstance(current, int):
            if isinstance(value, int) and not isinstance(value, bool):
                setattr(obj, f.name, value)
        elif isinstance(current, list):
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                setattr(obj, f.name, value)
        elif isinstance(value, type(current)):
            setattr(obj, f.name, value)
    return obj


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing or broken file gives the defaults."""
    path = path or config_dir() / "settings.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    result: Settings = _coerce(Settings, raw)
    return result


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; failures are ignored (preferences are not data)."""
    path = path or config_dir() / "settings.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_text(json.dumps(dataclasses.asdict(settings), indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
