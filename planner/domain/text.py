"""Untrusted text made safe to show or write: shortened, control characters escaped.

Every title, id, team name and reason comes from a file someone else may have written.
Messages quote such values with ``quoted`` (shortened, escaped), terminals get
``printable`` (no escape sequences reach them), one-line fields (mail headers, calendar
summaries) get ``one_line``, XML writers get ``xml_safe``, and a message that names
teams or items names a few with ``name_list`` and counts the rest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["name_list", "one_line", "printable", "quoted", "shorten", "xml_safe"]

ELLIPSIS = "…"

# C0 and C1 controls, DEL, lone surrogates, and the bidirectional overrides and isolates
# (which can make a terminal show text in another order than it is).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_CONTROL_ALL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 forbids: controls other than tab, LF and CR; surrogates; U+FFFE/U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def _escape(m: re.Match[str]) -> str:
    c = m.group(0)
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def shorten(text: str, limit: int = 80) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when it was cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control character shown escaped (``\\x1b``), so nothing from
    a file can move the cursor, clear the screen or retitle a terminal. Newlines and
    tabs stay unless ``keep_newlines`` is False."""
    pattern = _CONTROL if keep_newlines else _CONTROL_ALL
    return pattern.sub(_escape, text)


def quoted(value: object, limit: int = 60) -> str:
    """An untrusted value for a message: quoted like ``repr`` for text, shortened to
    about ``limit`` characters, with control characters escaped."""
    if isinstance(value, str):
        if len(value) <= limit and value.isprintable() and "'" not in value:
            return f"'{value}'"  # the common case, on every entry of a large plan: fast
        text = shorten(value, limit)
        return "'" + printable(text, keep_newlines=False).replace("'", "\\'") + "'"
    huge = isinstance(value, int) and value.bit_length() >= 200  # repr() may even refuse
    text = "a huge number" if huge else repr(value)
    return printable(shorten(text, limit), keep_newlines=False)


def one_line(text: str) -> str:
    """``text`` on one line: line breaks become spaces, other controls are dropped.
    For mail headers, calendar summaries, table cells and other single-line fields."""
    if text.isprintable():  # the common case (a table paints many cells): nothing to do
        return text
    text = _LINE_BREAKS.sub(" ", text)
    return "".join(
        c for c in text if unicodedata.category(c) not in ("Cc", "Cs") or c == "\t"
    ).replace("\t", " ")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (each becomes U+FFFD)."""
    return _XML_FORBIDDEN.sub("\ufffd", text)


def name_list(names: Sequence[str], noun: str, most: int = 3, limit: int = 40) -> str:
    """The first ``most`` of ``names`` for a message, each on one line and shortened to
    ``limit`` characters, and a count of the rest: "Web, Mobile and Data", or "Web,
    Mobile, Data and 41 more teams" for ``noun`` "team" (made plural with an "s")."""
    shown = [shorten(one_line(n), limit) for n in names[:most]]
    rest = len(names) - len(shown)
    if rest:
        return f"{', '.join(shown)} and {rest} more {noun}{'s' if rest != 1 else ''}"
    if len(shown) < 2:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"
