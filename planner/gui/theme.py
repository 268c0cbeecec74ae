"""The app's colours, light and dark, in one place.

Painted colours (the timeline's canvas, lanes, weekends, sprint bands, header, lane
chips, labels, arrows, ghosts, the today line; the table's red and green) are *live*
QColor objects: a module asks ``color(name)`` once (a module constant) and paints with
it; ``set_dark`` recolours every live colour, pen and brush in place, so a switch costs
nothing per item and paint code reads a constant. Widgets styled with fixed colours
(banners, muted or red labels) register a stylesheet template with ``style(widget,
css)`` — ``{name}`` fields are filled from the palette — and get it again on a switch.
``qt_palette`` is the widgets' QPalette for the dark scheme (Fusion's roles).

Which scheme is on (the desktop's, or the one chosen in View > Appearance) is decided
by planner/gui/appearance_feature.py; this module only holds the two palettes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor, QPalette, QPen
from PySide6.QtWidgets import QWidget

__all__ = [
    "DARK",
    "LIGHT",
    "brush",
    "color",
    "css",
    "edge",
    "hex_color",
    "is_dark",
    "on_change",
    "pen",
    "qt_palette",
    "set_dark",
    "style",
]

Rgba = str | tuple[int, int, int, int]

LIGHT: dict[str, Rgba] = {
    # the timeline
    "canvas": "#FFFFFF",
    "text": "#1F2328",
    "muted": "#6E7781",
    "late": "#C62828",
    "critical": "#7A1010",
    "select": "#1565C0",
    "deadline": "#57606A",
    "target": "#8250DF",
    "commitment": "#57606A",
    "progress": "#1A7F37",
    "baseline": "#57606A",
    "arrow": "#8A939C",
    "weekend": (0, 0, 0, 14),
    "sprint_tint": (80, 110, 160, 16),
    "grid": (0, 0, 0, 28),
    "month_grid": (0, 0, 0, 60),
    "lane_line": (0, 0, 0, 50),
    "header_bg": "#F6F8FA",
    "header_line": "#D0D7DE",
    "header_text": "#24292F",
    "header_muted": "#57606A",
    "chip_bg": (255, 255, 255, 235),
    "label_bg": (255, 255, 255, 190),  # behind an item's label: arrows under it stay faint
    "today": "#D81B60",
    "label_back": (255, 255, 255, 225),  # behind a chance's text over the plan
    # status colours of text anywhere
    "bad": "#C62828",
    "fair": "#B25E00",
    "good": "#2E7D32",
    "added": "#1565C0",
    "subtle": "#57606A",  # secondary text in panels and dialogs
    "faint": "#8C959F",  # what is out of reach: a calendar's non-working days, no forecast
    "grey": "#6B6B6B",  # notes in the notices, slip and review windows
    "caution": "#9A6700",  # what an import only approximated
    "at_risk": "#9A4E00",  # a deadline at risk (on at_risk_bg)
    "missed": "#B71C1C",  # a deadline missed (on missed_bg)
    # the strips above the timeline
    "warn_bg": "#FFF8C5",
    "warn_border": "#D4A72C",
    "warn_text": "#3B2300",
    "info_bg": "#E8F1FB",
    "info_border": "#9CC3EC",
    "info_text": "#0B3A66",
    "info_link": "#0B57D0",
    "info_muted": "#44546A",
    "at_risk_bg": "#FFF1D6",
    "missed_bg": "#FDE7E7",
}

DARK: dict[str, Rgba] = {
    "canvas": "#15191E",
    "text": "#E6EDF3",
    "muted": "#8D96A0",
    "late": "#FF7B72",
    "critical": "#F0F6FC",  # as light's near-black: the most contrast on any bar
    "select": "#58A6FF",
    "deadline": "#9BA4AE",
    "target": "#C297FF",
    "commitment": "#9BA4AE",
    "progress": "#3FB950",
    "baseline": "#9BA4AE",
    "arrow": "#768390",
    "weekend": (255, 255, 255, 10),
    "sprint_tint": (130, 160, 220, 20),
    "grid": (255, 255, 255, 30),
    "month_grid": (255, 255, 255, 62),
    "lane_line": (255, 255, 255, 45),
    "header_bg": "#1C2128",
    "header_line": "#3D444D",
    "header_text": "#E6EDF3",
    "header_muted": "#A2ABB5",
    "chip_bg": (33, 38, 45, 235),
    "label_bg": (21, 25, 30, 190),
    "today": "#FF5C93",
    "label_back": (21, 25, 30, 225),
    "bad": "#FF7B72",
    "fair": "#E3A03A",
    "good": "#56D364",
    "added": "#58A6FF",
    "subtle": "#A2ABB5",
    "faint": "#6E7681",
    "grey": "#A2ABB5",
    "caution": "#E3B341",
    "at_risk": "#F0B45A",
    "missed": "#FF8E87",
    "warn_bg": "#2E2612",
    "warn_border": "#9E6A03",
    "warn_text": "#F2CC60",
    "info_bg": "#122840",
    "info_border": "#1F4E86",
    "info_text": "#CFE3F8",
    "info_link": "#79B8FF",
    "info_muted": "#A6B7CB",
    "at_risk_bg": "#3A2A0C",
    "missed_bg": "#42191A",
}

_dark = False
_colors: dict[str, QColor] = {}
_pens: list[tuple[QPen, str]] = []
_brushes: list[tuple[QBrush, str]] = []
_styled: dict[int, tuple[weakref.ref[QWidget], str]] = {}
_listeners: list[weakref.WeakMethod[Callable[[], None]]] = []


def _value(name: str) -> QColor:
    raw = (DARK if _dark else LIGHT)[name]
    return QColor(raw) if isinstance(raw, str) else QColor(*raw)


def is_dark() -> bool:
    return _dark


def color(name: str) -> QColor:
    """The live colour ``name`` (KeyError for a name in neither palette)."""
    c = _colors.get(name)
    if c is None:
        c = _colors[name] = _value(name)
    return c


def edge(c: QColor, factor: int = 150) -> QColor:
    """An outline of colour ``c`` that stands out on the canvas: darker on the light
    one, lighter on the dark one."""
    return c.lighter(factor) if _dark else c.darker(factor)


def pen(name: str, width: float) -> QPen:
    """A pen of live colour ``name``, recoloured with it."""
    p = QPen(color(name), width)
    _pens.append((p, name))
    return p


def brush(name: str) -> QBrush:
    """A brush of live colour ``name``, recoloured with it."""
    b = QBrush(color(name))
    _brushes.append((b, name))
    return b


class hex_color:  # reads as a function: a colour's name
    """Live colour ``key`` as #RRGGBB wherever it is formatted (f-strings, ``str``), for
    rich text built with a module constant."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        color(key)  # KeyError now for a name in neither palette
        self.key = key

    def __str__(self) -> str:
        return color(self.key).name().upper()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def css(template: str) -> str:
    """``template`` with each ``{name}`` replaced by that colour (#RRGGBB)."""
    return template.format_map({k: color(k).name().upper() for k in LIGHT})


def style(widget: QWidget, template: str) -> None:
    """Style ``widget`` with ``css(template)`` now and after every switch (a later call
    for the same widget replaces its template)."""
    known = _styled.get(id(widget))
    if known is not None and known[0]() is widget and known[1] == template:
        return
    _styled[id(widget)] = (weakref.ref(widget), template)
    widget.setStyleSheet(css(template))


def on_change(listener: Callable[[], None]) -> None:
    """Call the bound method ``listener()`` after every switch (views repaint), for as
    long as its object lives."""
    _listeners.append(weakref.WeakMethod(listener))  # type: ignore[arg-type]


def set_dark(dark: bool) -> bool:
    """Switch every live colour, pen, brush and registered stylesheet to the dark (or
    light) palette; False if it was on already."""
    global _dark
    if dark == _dark:
        return False
    _dark = dark
    for name, c in _colors.items():
        c.setRgba(_value(name).rgba())
    for p, name in _pens:
        p.setColor(_colors[name])
    for b, name in _brushes:
        b.setColor(_colors[name])
    for key, (ref, template) in list(_styled.items()):
        widget = ref()
        try:
            if widget is None:
                raise RuntimeError
            widget.setStyleSheet(css(template))
        except RuntimeError:  # its Qt object is gone
            del _styled[key]
    for ref in list(_listeners):
        listener = ref()
        try:
            if listener is None:
                raise RuntimeError
            listener()
        except RuntimeError:  # its object (or its Qt object) is gone
            _listeners.remove(ref)
    return True


def qt_palette() -> QPalette:
    """The widgets' palette in the dark scheme (what Fusion paints with)."""
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    p = QPalette()
    roles = {
        R.Window: "#1E2227", R.WindowText: "#E6EDF3", R.Base: "#15191E",
        R.AlternateBase: "#1C2128", R.ToolTipBase: "#2D333B", R.ToolTipText: "#E6EDF3",
        R.PlaceholderText: "#8D96A0", R.Text: "#E6EDF3", R.Button: "#2D333B",
        R.ButtonText: "#E6EDF3", R.BrightText: "#FF7B72", R.Light: "#444C56",
        R.Midlight: "#373E47", R.Mid: "#2D333B", R.Dark: "#15191E", R.Shadow: "#0B0E11",
        R.Highlight: "#2F6FCF", R.HighlightedText: "#FFFFFF", R.Link: "#79B8FF",
        R.LinkVisited: "#C297FF",
    }  # fmt: skip
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    for role in (R.WindowText, R.Text, R.ButtonText, R.HighlightedText):
        p.setColor(G.Disabled, role, QColor("#6E7681"))
    p.setColor(G.Disabled, R.Highlight, QColor("#3D444D"))
    return p
