"""The toolbar's SVG icons in the colours of the scheme on (planner/gui/theme.py).

The icons are drawn in a dark slate line (``LINE``) that vanishes on a dark toolbar;
``themed_icon(path)`` is a QIcon whose engine draws the SVG each time it is painted,
with that line lightened while the dark scheme is on (the coloured accents stay), and
faded when the action is disabled. Nothing is re-set on a switch: a repaint is enough.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from planner.gui import theme

__all__ = ["DARK_LINE", "LINE", "themed_icon"]

LINE = b"#3B4451"  # the icons' line colour (resources/icons/*.svg)
DARK_LINE = b"#CDD5DE"  # the same line on a dark toolbar


class _SvgEngine(QIconEngine):
    """Draws one SVG file, its line colour swapped for the dark scheme."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data
        self._renderers: dict[bool, QSvgRenderer] = {}

    def _renderer(self) -> QSvgRenderer:
        dark = theme.is_dark()
        r = self._renderers.get(dark)
        if r is None:
            r = self._renderers[dark] = QSvgRenderer(
                self._data.replace(LINE, DARK_LINE) if dark else self._data
            )
        return r

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.35)
        self._renderer().render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pm = QPixmap(size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        self.paint(p, QRect(0, 0, size.width(), size.height()), mode, state)
        p.end()
        return pm

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._data)

    def isNull(self) -> bool:
        return not self._data


def themed_icon(path: str) -> QIcon:
    """The SVG at ``path`` as a scheme-following icon (an empty icon if it is missing)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return QIcon()
    return QIcon(_SvgEngine(data))
