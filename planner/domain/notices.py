"""A delay notice as stored in the roadmap file: a plain value for every layer to read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["NoticeRow"]


@dataclass(frozen=True)
class NoticeRow:
    """A stored notice; ``body`` is the notice content as a JSON-ready dict."""

    id: int
    history_id: int
    team: str
    created: str
    reason: str
    root: str
    body: dict[str, Any]
    acknowledged: bool
    withdrawn: bool
