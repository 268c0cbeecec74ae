"""The desktop app (the only package that uses PySide6)."""

from planner.gui._none_guard import protect_none

protect_none()
