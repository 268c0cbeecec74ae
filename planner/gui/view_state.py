"""Where the timeline opens, per roadmap: the first time a roadmap is shown its whole
span is fitted to the width and its lanes to the height (View > Fit all: rows as tall
as fit, down to the shortest there are); after that it opens on the view it was left at
(zoom, row height, first visible day and lane) and with the lanes that were collapsed.
A view saved before rows had a height of their own opens at the default height.

Collapsed lanes: a click on a lane's name (its ▸/▾ marker) or its right-click menu
("Collapse lane" / "Expand lane", "Expand all lanes") shows the lane as one thin row of
ticks; arrows to its items end on that row. The view of each roadmap is kept in the
settings under ``views``, keyed by the roadmap's uid, saved when the window closes and
when another roadmap is opened in it. A first window (no saved geometry) takes about 90%
of the screen, centred (``first_geometry``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QGuiApplication

from planner.app.settings import save_settings
from planner.gui.host import WindowHost
from planner.gui.timeline_layout import HEADER_H, MAX_PPD, MIN_PPD, ROW_H, team_key

__all__ = ["MAX_VIEWS", "ViewState", "first_geometry", "install"]

MAX_VIEWS = 50  # roadmaps whose view is remembered (the least recent are forgotten)


def first_geometry(window) -> QRect:
    """About 90% of the available screen (where the window is, else the primary),
    centred on it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    w, h = int(area.width() * 0.9), int(area.height() * 0.9)
    return QRect(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h)


class ViewState(QObject):
    """The per-roadmap view of one main window (``window.view_state``)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window, self.view, self.scene = window, window.view, window.scene
        self.uid: str | None = None  # the roadmap the remembered view belongs to
        self._session = None  # and its session
        self.current: dict | None = None  # its view as last seen
        self._pending = True  # the view is to be set once the viewport has its size
        self._settling = False  # being shown: sizes still change
        self._shown = False  # the window has had its first Show
        self._applied_w, self._want_v = 0, None  # the width set for; a lane's scroll
        self._applied_h, self._fitted = 0, False  # the height; whether Fit all set the view
        self.view.verticalScrollBar().rangeChanged.connect(self._range_changed)
        for bar in (self.view.horizontalScrollBar(), self.view.verticalScrollBar()):
            bar.valueChanged.connect(self._remember)
        self.scene.row_height_changed.connect(self._remember)
        self.view.viewport().installEventFilter(self)
        window.installEventFilter(self)
        window.session_changed.connect(self._session_changed)
        self._session_changed(window.session)

    # -- collapsing -----------------------------------------------------------------
    def is_collapsed(self, team: str | None) -> bool:
        return team_key(team) in self.scene.collapsed

    def set_collapsed(self, team: str | None, collapsed: bool) -> None:
        keys = set(self.scene.collapsed)
        (keys.add if collapsed else keys.discard)(team_key(team))
        self.scene.set_collapsed(keys)
        self.view.viewport().update()
        self._remember()

    def toggle(self, team: str | None) -> None:
        self.set_collapsed(team, not self.is_collapsed(team))

    def expand_all(self) -> None:
        self.scene.set_collapsed(())
        self.view.viewport().update()
        self._remember()

    # -- the view -------------------------------------------------------------------
    def snapshot(self) -> dict:
        """The view now: zoom, row height, first visible day (and how much of it is
        scrolled past), first visible lane, collapsed lanes."""
        view, scene = self.view, self.scene
        top_left = view.mapToScene(0, int(HEADER_H))
        lane = scene.lanes.lane_at(top_left.y()) or (
            scene.lanes.lanes[0] if scene.lanes.lanes else None
        )
        sc = scene.scale
        left = view.mapToScene(0, 0).x()
        first = sc.day_at(left)
        return {
            "ppd": round(sc.ppd, 4),
            "row_h": scene.rows.h,
            "day": first.isoformat(),
            "day_part": round((left - sc.x_of(first)) / sc.ppd, 3),  # of it, scrolled past
            "lane": team_key(lane.team) if lane is not None else "",
            "collapsed": sorted(scene.collapsed),
        }

    def _remember(self, *_args) -> None:
        session = self.scene.session
        if session is not None and session is self._session and not self._pending:
            self.current = self.snapshot()

    def save(self) -> None:
        """Keep the remembered view of the roadmap shown in the settings (and write them)."""
        if self.uid is None or self.current is None:
            return
        views = self.window.settings.views
        views.pop(self.uid, None)
        views[self.uid] = self.current
        while len(views) > MAX_VIEWS:
            views.pop(next(iter(views)))
        save_settings(self.window.settings)

    def _session_changed(self, session) -> None:
        self.save()  # the roadmap that was shown
        self.uid, self.current = (session.uid if session is not None else None), None
        self._session = session
        saved = self.window.settings.views.get(self.uid or "")
        collapsed = saved.get("collapsed") if isinstance(saved, dict) else None
        if isinstance(collapsed, list):
            self.scene.set_collapsed(k for k in collapsed if isinstance(k, str))
        else:
            self.scene.set_collapsed(())
        self._pending = True
        if self.view.isVisible():
            self._apply()

    def _apply(self) -> None:
        """Show the saved view of the roadmap, else fit its whole span."""
        if not self._pending or self.scene.session is None:
            return
        self._pending = False
        self._applied_w, self._want_v = self.view.viewport().width(), None
        self._applied_h = self.view.viewport().height()
        saved = self.window.settings.views.get(self.uid or "")
        self._fitted = not (isinstance(saved, dict) and self._restore(saved))
        if self._fitted:
            self.view.fit_all()
        self.current = self.snapshot()

    def _restore(self, saved: dict) -> bool:
        ppd, day, lane = saved.get("ppd"), saved.get("day"), saved.get("lane")
        if not isinstance(ppd, int | float) or not isinstance(day, str):
            return False
        row_h = saved.get("row_h", ROW_H)  # saved before rows had a height: the default
        if not isinstance(row_h, int | float) or isinstance(row_h, bool):
            row_h = ROW_H
        try:
            first = date.fromisoformat(day)
        except ValueError:
            return False
        view, scene = self.view, self.scene
        scene.set_ppd(min(MAX_PPD, max(MIN_PPD, float(ppd))), row_h=float(row_h))
        view.scroll_to_day(first, 0.0)
        part = saved.get("day_part", 0.0)  # (views saved before it: the day's start)
        if isinstance(part, int | float) and not isinstance(part, bool) and 0 <= part < 1:
            bar = view.horizontalScrollBar()
            bar.setValue(bar.value() + round(part * scene.scale.ppd))
        found = next((ln for ln in scene.lanes.lanes if team_key(ln.team) == lane), None)
        self._want_v = int(found.top - HEADER_H) if found is not None else 0
        view.verticalScrollBar().setValue(self._want_v)
        return True

    def _resized(self) -> bool:
        """Whether the viewport changed size since the view was set (more than a scroll
        bar's showing or hiding), in width, or in height when the rows were fitted."""
        vp = self.view.viewport()
        if abs(vp.width() - self._applied_w) > 30:
            return True
        return self._fitted and abs(vp.height() - self._applied_h) > 30

    def _range_changed(self, _lo: int, _hi: int) -> None:
        """While the window is being laid out, a restored lane stays at the top."""
        if self._want_v is not None:
            self.view.verticalScrollBar().setValue(self._want_v)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Show and not self._shown:
            self._shown = True  # show() sends this last: the layout is done, set the view
            self._settling = False  # (once: fitting a big plan twice costs a second)
            if self._pending or self._resized():
                self._pending = True
                self._apply()
        elif watched is self.window and kind == QEvent.Type.Show and self._settling:
            self._settling = False
            if self._resized():
                self._pending = True
                self._apply()
        elif watched is self.window and kind == QEvent.Type.Close:
            self._remember()
            self.save()
            self.current = None  # saved once (a window may be closed again)
        elif watched is self.view.viewport() and kind == QEvent.Type.Show and self._pending:
            self._settling = True  # laid out while shown: set again at a new width (until
            # the window's own Show, the last thing show() sends)
            if self._shown:  # a window shown before: no Show of its own is coming
                self._apply()
        elif (
            watched is self.view.viewport() and kind == QEvent.Type.Resize
            and self._settling and not self._pending
        ):  # fmt: skip
            if self._resized():
                self._pending = True
                self._apply()
        elif watched is self.view.viewport() and kind == QEvent.Type.Paint:
            self._want_v = None  # drawn: from now on the view is the user's
        elif kind == QEvent.Type.MouseButtonPress and watched is self.view.viewport():
            team = self.view.lane_chip_at(event.position())
            if team is not None and event.button() == Qt.MouseButton.LeftButton:
                self.toggle(team[0])
                return True
        return False


def install(window: WindowHost) -> None:
    window.view_state = ViewState(window)  # type: ignore[attr-defined]
