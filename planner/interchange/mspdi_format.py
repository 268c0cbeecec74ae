"""What MS Project XML (MSPDI) says and how, shared by its reader and its writer: the
namespace, the custom fields that carry our ids, the codes of link types and lag
formats, and dates, durations and numbers in the file's text.

Our ids travel in the task custom field Text1 (FieldID 188743731), declared in the
project's ``ExtendedAttributes`` with the alias "Roadmap id": MS Project keeps custom
fields and their values when it opens and saves a file, and it shows the column to
whoever adds it to a view. A team's colour rides in Text2 ("Roadmap colour") on its
summary task and a task's estimate in Number1 ("Roadmap estimate"). A file whose Text1
carries another alias is someone's own custom field and is not read as ids.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from fractions import Fraction

from planner.domain.model import DepType

__all__ = [
    "COLOR_FIELD",
    "ELAPSED_FORMATS",
    "ESTIMATE_FIELD",
    "FIELDS",
    "ID_FIELD",
    "LAG_DAYS_FORMAT",
    "LINK_CODES",
    "LINK_TYPES",
    "MINUTES_PER_DAY",
    "NAMESPACE",
    "PERCENT_FORMATS",
    "SOURCE",
    "child",
    "children",
    "duration_text",
    "finish_text",
    "parse_bool",
    "parse_day",
    "parse_duration",
    "parse_int",
    "parse_moment",
    "parse_time",
    "start_text",
    "text_of",
]

SOURCE = "MS Project XML"
NAMESPACE = "http://schemas.microsoft.com/project"

ID_FIELD = "188743731"  # pjCustomTaskText1
COLOR_FIELD = "188743734"  # pjCustomTaskText2
ESTIMATE_FIELD = "188743767"  # pjCustomTaskNumber1
# FieldID -> (FieldName, the alias that says the field is ours)
FIELDS = {
    ID_FIELD: ("Text1", "Roadmap id"),
    COLOR_FIELD: ("Text2", "Roadmap colour"),
    ESTIMATE_FIELD: ("Number1", "Roadmap estimate"),
}

MINUTES_PER_DAY = 480  # what we write: an 8-hour working day, 08:00-12:00 and 13:00-17:00

# PredecessorLink/Type
LINK_TYPES: dict[int, DepType] = {0: "FF", 1: "FS", 2: "SF", 3: "SS"}
LINK_CODES: dict[str, int] = {t: code for code, t in LINK_TYPES.items()}

# LagFormat (and DurationFormat): 3=m 4=em 5=h 6=eh 7=d 8=ed 9=w 10=ew 11=mo 12=emo
# 19=% 20=e%, and the same plus 32 for estimated values ("d?" = 39).
LAG_DAYS_FORMAT = 7
ELAPSED_FORMATS = frozenset({4, 6, 8, 10, 12, 36, 38, 40, 42, 44})
PERCENT_FORMATS = frozenset({19, 20, 51, 52})

# xsd:duration as MS Project writes it (PT8H0M0S), and with days; bounded digits keep a
# hostile number from costing anything.
_DURATION = re.compile(
    r"(-)?P(?:(\d{1,12}(?:\.\d{1,9})?)D)?"
    r"(?:T(?:(\d{1,12}(?:\.\d{1,9})?)H)?(?:(\d{1,12}(?:\.\d{1,9})?)M)?(?:(\d{1,12}(?:\.\d{1,9})?)S)?)?",
    re.ASCII,
)
# the usual PT40H0M0S, read without a Fraction
_HOURS = re.compile(r"PT(\d{1,12})H(\d{1,2})M0S", re.ASCII)
_INT = re.compile(r"[-+]?\d{1,18}", re.ASCII)
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", re.DOTALL | re.ASCII)
_MOMENT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)
_TIME = re.compile(r"(\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,9})?)?", re.ASCII)


# The reader's tags may be "namespace}Name" (see planner.interchange.mspdi._parser),
# which ElementTree's find() would take for a path: these look children up by tag.
def child(el: ET.Element | None, tag: str) -> ET.Element | None:
    """The first child of ``el`` with this tag, or None."""
    if el is not None:
        for c in el:
            if c.tag == tag:
                return c
    return None


def children(el: ET.Element | None, tag: str) -> list[ET.Element]:
    """The children of ``el`` with this tag, in order."""
    return [] if el is None else [c for c in el if c.tag == tag]


def text_of(el: ET.Element | None, tag: str) -> str | None:
    """The text of the first child of ``el`` with this tag, or None."""
    c = child(el, tag)
    return None if c is None else c.text


def parse_int(text: str | None) -> int | None:
    """A whole number, or None when ``text`` is missing or not one."""
    if text is None:
        return None
    if text.isdigit() and text.isascii() and len(text) <= 18:
        return int(text)  # the usual case, without a regular expression
    text = text.strip()
    return int(text) if _INT.fullmatch(text) else None


def parse_bool(text: str | None) -> bool:
    """An xsd:boolean: "1" or "true" is True; anything else (or nothing) False."""
    if text == "1" or text == "0":
        return text == "1"
    return text is not None and text.strip().lower() in ("1", "true")


def parse_day(text: str) -> date:
    """The day of an xsd:dateTime ("2027-01-04T08:00:00"); the time of day is not kept.
    Raises ValueError if it is not a date."""
    if len(text) == 19 and text[10] == "T" and text[4] == "-" and text[7] == "-":
        return date.fromisoformat(text[:10])  # the usual 2027-01-04T08:00:00; ValueError
    m = _DAY.fullmatch(text.strip())
    if not m:
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3]))


def parse_moment(text: str) -> tuple[date, int | None]:
    """The day of an xsd:dateTime and its time of day in minutes (None when it has no
    time). Raises ValueError if it is not a date."""
    if len(text) == 19 and text[10] == "T" and text[13] == ":":  # the usual 2027-01-04T08:00:00
        hours, minutes = text[11:13], text[14:16]
        if hours.isdigit() and minutes.isdigit() and hours.isascii() and minutes.isascii():
            return parse_day(text), int(hours) * 60 + int(minutes)
    m = _MOMENT.fullmatch(text.strip())
    if not m:
        raise ValueError(text)
    day = date(int(m[1]), int(m[2]), int(m[3]))
    return day, (int(m[4]) * 60 + int(m[5]) if m[4] else None)


def parse_time(text: str | None) -> int | None:
    """An xsd:time ("08:00:00") in minutes after midnight; None if it is not one."""
    m = _TIME.fullmatch((text or "").strip())
    if not m or int(m[1]) > 24 or int(m[2]) > 59:
        return None
    return int(m[1]) * 60 + int(m[2])


def parse_duration(text: str) -> int | Fraction:
    """An xsd:duration in minutes, exactly (a whole number as an int). Raises ValueError
    for anything else (years or months, which have no fixed length, included)."""
    m = _HOURS.fullmatch(text)
    if m:
        return int(m[1]) * 60 + int(m[2])
    m = _DURATION.fullmatch(text.strip())
    if not m or not any(m.groups()[1:]) or text.strip().endswith("T"):
        raise ValueError(text)
    days, hours, minutes, seconds = (Fraction(g) if g else Fraction(0) for g in m.groups()[1:])
    total = days * 1440 + hours * 60 + minutes + seconds / 60
    return -total if m[1] else total


def start_text(day: date) -> str:
    """A day's start as MSPDI writes it: ``2027-01-04T08:00:00``."""
    return f"{day.isoformat()}T08:00:00"


def finish_text(day: date) -> str:
    """A day's end (a finish, a milestone, a deadline): ``2027-01-08T17:00:00``."""
    return f"{day.isoformat()}T17:00:00"


def duration_text(days: int) -> str:
    """``days`` working days of 8 hours as an xsd:duration: ``PT40H0M0S``."""
    return f"PT{days * MINUTES_PER_DAY // 60}H0M0S"
