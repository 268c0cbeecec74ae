"""View > Appearance: the app follows the desktop's scheme or the one chosen (saved in
the settings); the dark scheme recolours the widgets, the painted timeline, the strips
and the icons, with enough contrast to read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from planner.app.sample import resource_path
from planner.app.settings import load_settings
from planner.gui import theme
from planner.gui.app import create_main_window
from planner.gui.appearance_feature import AppearanceFeature
from planner.gui.themed_icons import themed_icon
from planner.gui.timeline_items import TEXT
from planner.gui.timeline_scene import CANVAS
from planner.gui.timeline_view import HEADER_BG

from .conftest import TODAY

WINDOW = QPalette.ColorRole.Window


@pytest.fixture
def win(window):
    yield window
    window.appearance_feature.choose("system")  # later tests paint in the light scheme


def appearance(win, key: str):
    """The View > Appearance submenu's action for ``key``, as the user sees it."""
    view = win.menu("&View")
    sub = next(a.menu() for a in view.actions() if a.menu() and a.text() == "&Appearance")
    return next(a for a in sub.actions() if a.objectName() == f"appearance_{key}")


def lightness(c: QColor) -> int:
    return c.lightness()


def pixel(widget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(QPoint(x, y))


def canvas_pixel(win) -> QColor:
    """A pixel of the timeline's background: its bottom left corner, left of every bar."""
    vp = win.view.viewport()
    return pixel(vp, 2, vp.height() - 3)


def test_dark_recolours_the_widgets_the_timeline_and_the_strips(win, qtbot):
    assert not theme.is_dark()  # the offscreen desktop is light
    light_canvas = canvas_pixel(win)
    appearance(win, "dark").trigger()
    assert theme.is_dark() and appearance(win, "dark").isChecked()
    assert lightness(QApplication.palette().color(WINDOW)) < 60
    base = QPalette.ColorRole.Base  # the widgets hear of the new palette by an event
    qtbot.waitUntil(lambda: lightness(win.table.view.palette().color(base)) < 60, timeout=2000)
    # the timeline's live colours switched, and the view paints them
    assert lightness(CANVAS) < 40 and lightness(TEXT) > 200 and lightness(HEADER_BG) < 50
    dark_canvas = canvas_pixel(win)
    assert lightness(light_canvas) > 200 and lightness(dark_canvas) < 60
    # the read-only strip and the status counts take the dark palette's colours
    assert theme.css("{warn_bg}") in win.banner.styleSheet()
    assert theme.css("{bad}") in win.counts.styleSheet()  # the sample misses one
    assert theme.css("{info_bg}") in win.review_feature.banner.styleSheet()
    # back to light: every colour as it was
    appearance(win, "light").trigger()
    assert not theme.is_dark()
    assert CANVAS.name() == "#ffffff" and TEXT.name() == theme.LIGHT["text"].lower()
    assert lightness(canvas_pixel(win)) > 200
    assert "#fff8c5" in win.banner.styleSheet().lower()


def test_the_choice_is_saved_and_a_new_window_starts_with_it(win, qtbot, sample_path):
    appearance(win, "dark").trigger()
    assert load_settings().appearance == "dark"
    win.appearance_feature.choose("light")
    assert load_settings().appearance == "light"
    win.appearance_feature.choose("dark")
    other = create_main_window(sample_path, TODAY)  # a second window (read-only) on it
    qtbot.addWidget(other)
    try:
        assert other.appearance_feature.choice == "dark" and theme.is_dark()
        assert appearance(other, "dark").isChecked()
    finally:
        other.session.close()


def test_system_follows_the_desktop_and_a_forced_choice_does_not(win, monkeypatch):
    feature = win.appearance_feature
    assert feature.choice == "system" and appearance(win, "system").isChecked()
    # the desktop turns dark (here: its palette, as where it names no colour scheme)
    monkeypatch.setattr(AppearanceFeature, "desktop_palette", staticmethod(theme.qt_palette))
    feature._desktop_changed()
    assert theme.is_dark()
    assert not QApplication.palette().resolveMask()  # the desktop's own palette, not ours
    appearance(win, "light").trigger()  # light chosen: the dark desktop is not followed
    assert not theme.is_dark()
    assert lightness(QApplication.palette().color(WINDOW)) > 200
    feature._desktop_changed()
    assert not theme.is_dark()
    appearance(win, "system").trigger()
    assert theme.is_dark()


def test_the_icons_lighten_their_line_in_dark(win):
    icon = themed_icon(resource_path("icons/open.svg"))
    assert not icon.isNull()

    def darkest_line() -> int:
        img = icon.pixmap(48, 48).toImage()
        seen = [img.pixelColor(x, y) for x in range(48) for y in range(48)]
        drawn = [c for c in seen if c.alpha() > 200]
        assert drawn
        return max(c.lightness() for c in drawn)

    light = darkest_line()
    theme.set_dark(True)
    try:
        assert darkest_line() > light + 80
    finally:
        theme.set_dark(False)


def _luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(QColor(fg)), _luminance(QColor(bg))), reverse=True)
    return (a + 0.05) / (b + 0.05)


TEXT_ON = {  # text colour -> what it is read on, and the least contrast it needs
    "text": ("canvas", 7.0),
    "muted": ("canvas", 3.0),  # a done item's label, secondary on purpose
    "late": ("canvas", 4.5),
    "header_text": ("header_bg", 7.0),
    "header_muted": ("header_bg", 4.5),
    "bad": ("canvas", 4.5),
    "good": ("canvas", 4.5),
    "fair": ("canvas", 4.5),
    "subtle": ("canvas", 4.5),
    "grey": ("canvas", 4.5),
    "caution": ("canvas", 4.5),
    "at_risk": ("at_risk_bg", 4.5),
    "missed": ("missed_bg", 4.5),
    "faint": ("canvas", 3.0),  # days out of reach: readable, not inviting
    "select": ("canvas", 4.5),
    "warn_text": ("warn_bg", 7.0),
    "info_text": ("info_bg", 7.0),
    "info_link": ("info_bg", 4.5),
    "info_muted": ("info_bg", 4.5),
}


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
def test_text_colours_are_readable_on_what_they_are_read_on(palette):
    low = {
        fg: round(contrast(palette[fg], palette[bg]), 2)
        for fg, (bg, need) in TEXT_ON.items()
        if contrast(palette[fg], palette[bg]) < need
    }
    assert low == {}


def test_both_palettes_name_the_same_colours():
    assert set(theme.LIGHT) == set(theme.DARK)
    with pytest.raises(KeyError):
        theme.color("no such colour")


def test_the_widgets_dark_palette_reads_well():
    p = theme.qt_palette()
    R = QPalette.ColorRole
    for fg, bg in ((R.WindowText, R.Window), (R.Text, R.Base), (R.ButtonText, R.Button),
                   (R.HighlightedText, R.Highlight), (R.ToolTipText, R.ToolTipBase)):  # fmt: skip
        assert contrast(p.color(fg).name(), p.color(bg).name()) >= 4.5, fg
    assert contrast(p.color(R.PlaceholderText).name(), p.color(R.Base).name()) >= 4.5


def test_a_switch_repaints_with_the_new_header(win, qtbot):
    y = 8  # in the pinned header's top row
    before = pixel(win.view.viewport(), 30, y)
    appearance(win, "dark").trigger()
    after = pixel(win.view.viewport(), 30, y)
    assert lightness(before) > 200 and lightness(after) < 60


def test_check_boxes_keep_a_visible_frame_in_dark(win, qtbot):
    """Fusion frames a check box a shade darker than the window: black on near-black in
    the dark scheme. The app's style draws the frame light there."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    appearance(win, "dark").trigger()
    box = QCheckBox("Deadline")
    qtbot.addWidget(box)
    box.resize(120, 30)
    box.setPalette(QApplication.palette())
    option = QStyleOptionButton()
    option.initFrom(box)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    image = box.grab().toImage()
    around = [
        image.pixelColor(QPoint(x, rect.center().y())) for x in range(rect.left(), rect.right() + 1)
    ]
    window = QApplication.palette().color(WINDOW)
    assert max(lightness(c) for c in around) > lightness(window) + 40


@pytest.mark.parametrize("palette", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
def test_the_critical_outline_stands_out_on_every_team_colour(palette):
    """A critical item's outline (and a critical link) is told apart from the bar it
    rings, whatever the team's colour (dark's salmon was lost on an orange bar), and
    from the canvas around it."""
    from planner.domain.model import TEAM_COLORS

    low = {c: round(contrast(palette["critical"], c), 2) for c in TEAM_COLORS
           if contrast(palette["critical"], c) < 1.75}  # fmt: skip
    assert low == {}
    assert contrast(palette["critical"], palette["canvas"]) >= 7.0
