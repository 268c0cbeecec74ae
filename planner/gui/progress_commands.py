"""Recording progress from the item menu and the inspector, the one way both do it.

``record_progress`` applies one ``RecordProgress`` through ``window.apply_asking``: an
edit that moves other teams' items asks for the optional reason first (Cancel changes
nothing), as a drop does. A recorded start says in the status bar where the item went:
"Mark started" on an item planned in the future moves it to today, and the PM sees by
how much ("Started today, Wed 2 Dec: moved 45 working days earlier").
"""

from __future__ import annotations

from datetime import date

from planner.app.actuals import RecordProgress
from planner.gui.day_format import day_text

__all__ = ["record_progress", "started_text"]


def started_text(day: date, today: date, shift: int) -> str:
    """'Started today, Wed 2 Dec: moved 45 working days earlier' (``shift``: working days
    its start moved, negative: earlier); without the move when it stayed."""
    text = f"Started {'today, ' if day == today else ''}{day_text(day, today)}"
    if shift:
        n = abs(shift)
        text += f": moved {n} working day{'s' * (n != 1)} {'earlier' if shift < 0 else 'later'}"
    return text


def record_progress(window, item_id: str, **fields):
    """One RecordProgress of ``fields`` (started=, done=, progress=, remaining=) for
    ``item_id``, reason asked as ``window.apply_asking`` does; a start (without done)
    says where the item went. Returns the Changes, or None when refused or cancelled."""
    session = window.session
    before = session.schedule.points(item_id)[0]
    changes = window.apply_asking(RecordProgress(item_id, window.today, **fields))
    day = fields.get("started")
    if changes is not None and day is not None and fields.get("done") is None:
        after = window.session.schedule.points(item_id)[0]
        window.statusBar().showMessage(started_text(day, window.today, after - before), 10000)
    return changes
