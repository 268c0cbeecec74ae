"""Refused export options, named as the caller names them.

The export layer checks option values (``page_spec``, ``get_theme``,
``RoadmapOptions.check``) and raises ``OptionError`` for a bad one. Its message says the
options it is about in words ("the 'from' date"); a caller that names them otherwise
asks for its own wording (the command line names its flags; the export dialog shows the
words). So no export message names a command-line flag.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.domain.errors import PlanError

__all__ = ["OPTION_WORDS", "OptionError"]

# Every option an OptionError may name, by its field (RoadmapOptions, page_spec), in words.
OPTION_WORDS: Mapping[str, str] = {
    "date_from": "the 'from' date",
    "date_to": "the 'to' date",
    "teams": "the teams",
    "preset": "the page preset",
    "width": "the width",
    "height": "the height",
    "dpi": "the resolution (dpi)",
    "theme": "the theme",
}


class OptionError(PlanError):
    """A refused option value. ``template`` names the options it is about by field, in
    braces (``"{date_to} {0} is before {date_from} {1}"``; the fields of OPTION_WORDS),
    and takes ``values`` by position. ``str()`` names the options in words, ``naming``
    as a caller calls them."""

    def __init__(self, template: str, *values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(self.naming(OPTION_WORDS))

    def naming(self, names: Mapping[str, str]) -> str:
        """The message with each option named by ``names`` (field -> name). Raises
        KeyError for an option that ``names`` lacks."""
        # Only the template is parsed: a value holding braces is inserted as it is.
        return self.template.format(*self.values, **names)
