"""The mouse and keyboard gestures that are not menu actions, in one list.

Help > Keyboard shortcuts shows every action's shortcut (read from the window's
QActions, so a feature's actions appear by themselves) and then these: what the
timeline, the table and the find strip do with the mouse and keys. A feature that adds
a gesture adds its line here, under its place.
"""

from __future__ import annotations

__all__ = ["GESTURES", "Gesture"]

Gesture = tuple[str, str]  # (the keys or the mouse move, what it does)

GESTURES: dict[str, tuple[Gesture, ...]] = {
    "Timeline": (
        ("Click an item", "Select it (the inspector shows it)"),
        ("Ctrl+click an item", "Add it to the selection, or take it out"),
        ("Shift+drag / Ctrl+drag on empty space", "Select the items the band touches "
         "(Ctrl adds them to the selection)"),
        ("Ctrl+A", "Select the items in view"),
        ("Drag one of several selected items", "Move them all the same days: one preview, "
         "one undo step (done items stay)"),
        ("Right-click one of several selected items", "Mark done, lock, change team or "
         "delete them all at once"),
        ("Double-click an item or its title", "Rename it in place (Enter keeps, Esc drops)"),
        ("Right-click an item, a lane or empty space", "Its menu: edit, progress, slip, "
         "links, lock, team, delete; add an item there"),
        ("Click a lane's name (▾ / ▸)", "Collapse the lane to one thin row, or expand it "
         "(its menu: Collapse lane, Expand all lanes; kept per roadmap)"),
        ("Rest the mouse on an item", "A card: its dates, slack, what drives it, its deadline"),
        ("Rest the mouse on a deadline mark", "Which date it is: deadline, target or commitment"),
        ("Drag a bar or a diamond", "Move it; what it pushes and the deadlines it breaks "
         "show while you drag"),
        ("Drag a bar's right end", "Make it longer or shorter"),
        ("Hold a drag near the timeline's edge", "Scroll that way (faster nearer the edge); "
         "the drag follows. Markers at the edges count what it pushes out of view"),
        ("Drag from the handle after an item onto another", "Link them: the other starts "
         "after this one finishes; what it pushes, or the cycle it would make, shows first"),
        ("Click an arrow", "Select its link (the inspector edits its type and lag)"),
        ("Delete / Esc with a link selected", "Delete the link / clear the selection"),
        ("Right-click an arrow", "Change the link's type or lag, select an end, delete it"),
        ("Rest the mouse on an arrow", "Which link it is: its two items, type and lag"),
        ("Left / Right", "Move the selected items one working day earlier / later "
         "(repeats make one undo step)"),
        ("Esc", "Cancel the drag under way, else clear the selection"),
        ("Drag the background, or drag with the middle button", "Pan"),
        ("Wheel", "Scroll up and down"),
        ("Ctrl+Wheel", "Zoom in or out around the mouse"),
    ),
    "Table": (
        ("Click a column's header", "Sort by it (again: the other way round)"),
        ("Right-click a row", "The item's menu, as on the timeline"),
        ("F2, a double click or typing", "Edit the cell"),
        ("Enter / Esc while editing", "Keep / drop the change"),
    ),
    "Find strip": (
        ("Enter / Shift+Enter", "Next / previous match"),
        ("Esc", "Close it and show every item again"),
    ),
}  # fmt: skip
