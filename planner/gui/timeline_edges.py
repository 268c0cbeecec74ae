"""Edge markers: while a drag previews what it pushes, the pushed items out of view and
the deadlines broken out of view are counted at the viewport's edges ("▶ 12 pushed",
"◀ 2 deadlines broken"), so a push that runs off the screen is not missed.

``OutOfView`` keeps the preview's ghosts as arrays (their new first and last working
day, their row, whether they break a deadline) when the scene shows a preview;
``counts(view)`` compares them with what the view shows, in working days and scene y, so
a count costs a few vectorised comparisons, nothing per glyph. An item right of the
view (and also below it) counts on both sides: each marker says how many lie that way.
``paint_markers`` draws them in viewport coordinates (the view's ``drawForeground``)
in the theme's colours.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QPen

from planner.gui.theme import color
from planner.gui.timeline_layout import HEADER_H, ROW_H

__all__ = ["SIDES", "OutOfView", "marker_boxes", "marker_texts", "paint_markers"]

# live colours of planner/gui/theme.py: recoloured in place for the dark scheme
CHIP_BG, CHIP_LINE, TEXT, LATE = map(color, ("chip_bg", "header_line", "text", "late"))
SIDES = ("left", "right", "top", "bottom")
ARROWS = {"left": "◀", "right": "▶", "top": "▲", "bottom": "▼"}
Counts = dict[str, tuple[int, int]]  # side -> (pushed, deadlines broken) that way


class OutOfView:
    """The ghosts of the preview on screen, as arrays; empty when there is none."""

    __slots__ = ("breaks", "first", "last", "mid_y")

    def __init__(self) -> None:
        self.set([], {})

    def set(self, ghosts, row_y: dict[str, float], row_h: float = ROW_H) -> None:
        """``ghosts``: (item id, new start point, new finish point, breaks its deadline),
        as the scene shows them; ``row_y``: each item's row top, rows ``row_h`` tall."""
        n = len(ghosts)
        ids, s, f, breaks = zip(*ghosts, strict=True) if n else ((), (), (), ())
        s, f = np.array(s, np.int64), np.array(f, np.int64)
        self.first = s - (s == f)  # a milestone is its day, the one before its point
        self.last = f - 1
        self.mid_y = np.fromiter(map(row_y.get, ids, repeat(np.nan)), float, n) + row_h / 2
        self.breaks = np.array(breaks, bool)

    def __len__(self) -> int:
        return len(self.first)

    def counts(self, view) -> Counts:
        """Per side of ``view``, how many ghosts lie beyond it, and how many of those
        break a deadline; sides with none are left out."""
        if not len(self.first):
            return {}
        scene = view.scene()
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        cal, sc = scene.session.calendar, scene.scale
        lo = cal.start_index(sc.day_at(seen.left()))  # the first working day in view
        hi = cal.last_index(sc.day_at(seen.right() - 1))  # the last
        beyond = {
            "left": self.last < lo,
            "right": self.first > hi,
            "top": self.mid_y < seen.top() + HEADER_H,
            "bottom": self.mid_y > seen.bottom(),
        }
        out = {}
        for side, mask in beyond.items():
            n = int(np.count_nonzero(mask))
            if n:
                out[side] = (n, int(np.count_nonzero(mask & self.breaks)))
        return out


def marker_texts(side: str, pushed: int, broken: int) -> list[tuple[str, bool]]:
    """The chips of one side: ('▶ 12 pushed', False), ('▶ 2 deadlines broken', True)."""
    arrow = ARROWS[side]
    out = [(f"{arrow} {pushed} pushed", False)]
    if broken:
        out.append((f"{arrow} {broken} deadline{'s' * (broken != 1)} broken", True))
    return out


def paint_markers(
    painter, counts: Counts, width: float, height: float, font: QFont,
    avoid: QRectF | None = None,
) -> None:  # fmt: skip
    """Draw the chips of ``counts`` at the edges of a viewport ``width`` x ``height``
    (the plan's part starts below the pinned header), clear of ``avoid``."""
    if not counts:
        return
    painter.setFont(font)
    for box, text, bad in marker_boxes(counts, painter.fontMetrics(), width, height, avoid):
        _chip(painter, box, text, bad)


def marker_boxes(
    counts: Counts, fm, width: float, height: float, avoid: QRectF | None = None
) -> list[tuple[QRectF, str, bool]]:
    """Where each chip goes: (box, text, bad). Left and right chips stack at mid height,
    top and bottom ones sit side by side at mid width; a stack that would come near
    ``avoid`` (the dragged item, in viewport coordinates) moves below or above it, a row
    beside it: a chip never covers what is being dragged."""
    out = []
    h = fm.height() + 8
    mid_y = HEADER_H + (height - HEADER_H) / 2
    for side, (pushed, broken) in counts.items():
        chips = marker_texts(side, pushed, broken)
        sizes = [fm.horizontalAdvance(text) + 16 for text, _ in chips]
        if side in ("left", "right"):
            column, widest = len(chips) * (h + 4) - 4, max(sizes)
            left = 6 if side == "left" else width - widest - 6
            y = mid_y - column / 2
            if avoid is not None and _meets(avoid, QRectF(left, y, widest, column)):
                below = avoid.bottom() + 8
                y = below if below + column <= height - 4 else avoid.top() - 8 - column
            for (text, bad), w in zip(chips, sizes, strict=True):
                x = 6 if side == "left" else width - w - 6
                out.append((QRectF(x, y, w, h), text, bad))
                y += h + 4
        else:
            row = sum(sizes) + 6 * (len(chips) - 1)
            x = width / 2 - row / 2
            y = HEADER_H + 6 if side == "top" else height - h - 6
            if avoid is not None and _meets(avoid, QRectF(x, y, row, h)):
                right = avoid.right() + 8
                x = right if right + row <= width - 4 else max(4.0, avoid.left() - 8 - row)
            for (text, bad), w in zip(chips, sizes, strict=True):
                out.append((QRectF(x, y, w, h), text, bad))
                x += w + 6
    return out


def _meets(avoid: QRectF, box: QRectF) -> bool:
    """Whether ``box`` comes within 6 px of ``avoid``."""
    return box.adjusted(-6, -6, 6, 6).intersects(avoid)


def _chip(painter, box: QRectF, text: str, bad: bool) -> None:
    painter.setPen(QPen(LATE if bad else CHIP_LINE, 1.2))
    painter.setBrush(QBrush(CHIP_BG))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(LATE if bad else TEXT)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
