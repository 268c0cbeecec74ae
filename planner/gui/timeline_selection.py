"""Which items the timeline draws selected, and the rubber band that selects several.

``GlyphSelection`` is the scene's: the selected item ids (in the order they were added)
and the *primary* one, the last clicked, which the inspector and the table show. A glyph
is drawn selected while its id is in the selection; ids asked for before their glyphs
exist (a big plan draws in slices) are marked as the glyphs are made, and ids whose
items are gone are dropped after a rebuild.

``RubberBand`` is the view's: Shift+drag (or Ctrl+drag, which adds to the selection) on
empty space draws a band, and the items whose bar or diamond it touches are selected
while it is drawn.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize
from PySide6.QtWidgets import QRubberBand

from planner.gui.timeline_items import ItemGlyph

__all__ = ["GlyphSelection", "RubberBand", "shape_rect"]


class GlyphSelection:
    """The selected ids over a scene's ``glyphs`` (a dict the scene replaces on rebuild)."""

    __slots__ = ("ids", "primary", "scene")

    def __init__(self, scene) -> None:
        self.scene = scene
        self.ids: tuple[str, ...] = ()  # wanted: shown once their glyphs exist
        self.primary: str | None = None

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    def set(self, ids, primary: str | None) -> None:
        """Select ``ids`` (``primary`` among them, added if missing); () selects none."""
        ids = tuple(dict.fromkeys(i for i in ids if i))
        if primary is not None and primary not in ids:
            ids += (primary,)
        if primary is None and ids:
            primary = ids[-1]
        glyphs = self.scene.glyphs
        old, new = set(self.ids), set(ids)
        self.ids, self.primary = ids, primary
        for item_id in old ^ new:
            g = glyphs.get(item_id)
            if g is not None:
                g.selected = item_id in new
                g.update()

    def mark(self, glyph: ItemGlyph) -> None:
        """A glyph was made: draw it selected if it is."""
        if glyph.item_id in self.ids:
            glyph.selected = True

    def after_build(self) -> None:
        """Every glyph is made: forget the ids whose items are gone."""
        glyphs = self.scene.glyphs
        ids = tuple(i for i in self.ids if i in glyphs)
        if ids != self.ids:
            primary = self.primary if self.primary in ids else (ids[-1] if ids else None)
            self.ids, self.primary = ids, primary

    def shown(self) -> tuple[str, ...]:
        """The selected ids that have a glyph (all of them once a build is done)."""
        glyphs = self.scene.glyphs
        return tuple(i for i in self.ids if i in glyphs)


def shape_rect(g: ItemGlyph) -> QRectF:
    """A glyph's bar or diamond in scene coordinates (not its label or marks)."""
    m = g.rows
    if g.milestone:
        d = m.diamond
        return QRectF(g.x0 - d, g.y0 + m.mid - d, 2 * d, 2 * d)
    return QRectF(g.x0, g.y0 + m.bar_top, max(g.width, 1.0), m.bar_h)


class RubberBand:
    """A band drawn from a viewport point; ``touched`` is what it selects."""

    def __init__(self, view) -> None:
        self.view = view
        self.band: QRubberBand | None = None
        self.origin = QPointF()  # in scene coordinates: the band stays put while scrolling
        self.end = QPoint()  # the pointer, in viewport coordinates
        self.base: tuple[str, ...] = ()  # what stays selected besides (Ctrl: the selection)

    @property
    def active(self) -> bool:
        return self.band is not None

    def start(self, viewport_pos: QPoint, base: tuple[str, ...]) -> None:
        if self.band is None:
            self.band = QRubberBand(QRubberBand.Shape.Rectangle, self.view.viewport())
        self.origin = self.view.mapToScene(viewport_pos)
        self.end = viewport_pos
        self.base = base
        self.band.setGeometry(QRect(viewport_pos, QSize()))
        self.band.show()

    def follow(self, viewport_pos: QPoint) -> tuple[str, ...]:
        """Stretch the band to the pointer; the ids it selects now (base first)."""
        self.end = viewport_pos
        return self.refresh()

    def refresh(self) -> tuple[str, ...]:
        """Place the band again (after a scroll) and say what it selects."""
        view = self.view
        a = view.mapFromScene(self.origin)
        self.band.setGeometry(QRect(a, self.end).normalized())
        rect = QRectF(self.origin, view.mapToScene(self.end)).normalized()
        return self.base + tuple(i for i in self.touched(rect) if i not in self.base)

    def touched(self, rect: QRectF) -> list[str]:
        """The items whose bar or diamond meets a scene rect, top to bottom."""
        hits = [
            g
            for g in self.view.scene().items(rect)
            if isinstance(g, ItemGlyph) and shape_rect(g).intersects(rect)
        ]
        hits.sort(key=lambda g: (g.y0, g.x0))
        return [g.item_id for g in hits]

    def finish(self) -> None:
        if self.band is not None:
            self.band.hide()
            self.band.deleteLater()
            self.band = None
