"""View > Appearance ▸ System / Light / Dark: the app follows the desktop's colour
scheme, or the one chosen (remembered in the settings as ``appearance``).

"System" follows ``QStyleHints.colorScheme()`` and its ``colorSchemeChanged`` signal
(Qt 6.5+); where the desktop says nothing (``Unknown``) the palette it gave the app
decides (a dark window colour: dark). "Light" and "Dark" ask Qt for that scheme
(``setColorScheme``, Qt 6.8+, which also darkens native title bars where it can) and
set the widgets' palette themselves, since not every platform honours the request.
The painted colours switch with it (planner/gui/theme.py), and the timeline repaints.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsView, QProxyStyle, QStyle, QStyleFactory

from planner.app.settings import save_settings
from planner.gui import theme
from planner.gui.host import WindowHost

__all__ = ["CHOICES", "AppearanceFeature", "install", "system_is_dark"]

CHOICES = (("system", "&System"), ("light", "&Light"), ("dark", "&Dark"))
_SCHEME = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}


class ClearIndicators(QProxyStyle):
    """Fusion, but its check boxes and radio buttons keep a visible frame in the dark
    scheme: Fusion draws their frame a shade darker than the window, which on a dark
    window is black on near-black (the box all but vanishes)."""

    _INDICATORS = (
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    )

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element in self._INDICATORS and theme.is_dark():
            option = type(option)(option)
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Window, QColor("#9DA5AE"))
            option.palette = palette  # Fusion's frame: the window colour, darker
        super().drawPrimitive(element, option, painter, widget)


def _clear_indicators() -> None:
    """Fusion (what Qt picks where the desktop has no style of its own) as
    ClearIndicators, once."""
    app = QApplication.instance()
    style = app.style() if isinstance(app, QApplication) else None
    fusion = style is not None and style.name().lower() == "fusion"
    if fusion and not isinstance(style, ClearIndicators):
        QApplication.setStyle(ClearIndicators(QStyleFactory.create("Fusion")))


def install(window: WindowHost) -> None:
    window.appearance_feature = AppearanceFeature(window)  # type: ignore[attr-defined]


def system_is_dark(platform_palette: QPalette) -> bool:
    """What the desktop asks for: its colour scheme, else its palette's lightness."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    return platform_palette.color(QPalette.ColorRole.Window).lightness() < 128


class AppearanceFeature(QObject):
    """The View > Appearance submenu and the scheme it keeps applied."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]  # the window is a QMainWindow
        self.window = window
        self._applying = False
        self.menu = window.menu("&View").addMenu("&Appearance")
        self.group = QActionGroup(self)
        self.actions: dict[str, QAction] = {}
        for key, text in CHOICES:
            act = QAction(text, self.group)
            act.setCheckable(True)
            act.setObjectName(f"appearance_{key}")
            act.triggered.connect(lambda _=False, k=key: self.choose(k))
            self.menu.addAction(act)
            self.actions[key] = act
        self.menu.actions()[0].setStatusTip("Follow the desktop's light or dark setting")
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._desktop_changed)
        theme.on_change(self._repaint)
        choice = window.settings.appearance
        self.choice = choice if choice in self.actions else "system"
        self.apply()

    @property
    def dark(self) -> bool:
        """Whether the dark colours are on now."""
        return theme.is_dark()

    def choose(self, choice: str) -> None:
        """Switch to ``choice`` ("system", "light" or "dark") and remember it."""
        self.choice = choice
        self.window.settings.appearance = choice
        save_settings(self.window.settings)
        self.apply()

    def apply(self) -> None:
        """Put the chosen scheme on: Qt's request, the widgets' palette, the colours."""
        self.actions[self.choice].setChecked(True)
        _clear_indicators()
        hints = QGuiApplication.styleHints()
        forced = _SCHEME.get(self.choice)
        self._applying = True  # the calls below may tell colorSchemeChanged
        try:
            if hasattr(hints, "unsetColorScheme"):  # Qt 6.8+: ask what the desktop says
                hints.unsetColorScheme()
            system_dark = system_is_dark(self.desktop_palette())
            if forced is not None and hasattr(hints, "setColorScheme"):
                hints.setColorScheme(forced)
        finally:
            self._applying = False
        dark = system_dark if forced is None else forced == Qt.ColorScheme.Dark
        if dark != system_dark:  # else the desktop's own palette stays
            fusion = QStyleFactory.create("Fusion")
            QApplication.setPalette(theme.qt_palette() if dark else fusion.standardPalette())
        theme.set_dark(dark)

    @staticmethod
    def desktop_palette() -> QPalette:
        """The palette the desktop gives the app (ours, if one is on, is taken off)."""
        if QApplication.palette().resolveMask():
            QApplication.setPalette(QPalette())  # back to the platform's
        return QApplication.palette()

    def _desktop_changed(self, _scheme=None) -> None:
        if self.choice == "system" and not self._applying:
            self.apply()

    def _repaint(self) -> None:
        """The painted colours changed: repaint the window's graphics views."""
        for view in self.window.findChildren(QGraphicsView):
            view.resetCachedContent()  # the timeline caches its background
            view.viewport().update()
