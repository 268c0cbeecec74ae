"""Text widths in pixels from the font file itself (FreeType through matplotlib), so
labels are fitted to what Agg, SVG and PDF will draw. Imported only when exporting.

Measuring a string with FreeType loads and hints every glyph of it afresh (about 15 µs a
glyph, a quarter of a millisecond for a short label), and fitting a label measures many
prefixes of it. But the width FreeType reports for a line of ordinary text is exactly
where the pen ends: the sum, over each pair of neighbouring characters, of how far the
pen moves from the first to the second (its advance and the pair's kerning), plus the
advance of the last character. So each measurement that FreeType makes also teaches
those steps (``_Steps``), kept per font and size for the process; a later string made of
pairs already seen is added up from the table without FreeType, to the same 1/64 px.

Only "simple" characters are added up (``_simple``: left-to-right, not combining, no
control or format character, in the font, from the Latin, Greek, Cyrillic and symbol
blocks, where shaping is pairwise); a pair that FreeType draws as one glyph (a ligature
such as "fi") is never learnt. A string with anything else is measured by FreeType
every time, as it always was.
"""

from __future__ import annotations

import unicodedata
from collections import OrderedDict
from functools import lru_cache
from typing import Any

__all__ = ["FAMILY", "TextMeasure"]

FAMILY = "DejaVu Sans"  # ships with matplotlib: the same metrics on every machine
_TABLES = 64  # fonts x sizes x dpis whose steps are kept (a few kB each)
# bidirectional classes that may reorder or join (right-to-left, embeddings, marks)
_NOT_LTR = frozenset(
    ("R", "AL", "AN", "NSM", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI")
)
_SIMPLE_BLOCKS = ((0x20, 0x7E), (0xA0, 0x058F), (0x1E00, 0x1FFF), (0x2010, 0x2027),
                  (0x2030, 0x205E), (0x2070, 0x2BFF))  # fmt: skip


@lru_cache(maxsize=2)
def _font_path(bold: bool) -> str:
    from matplotlib.font_manager import FontProperties, findfont

    return str(findfont(FontProperties(family=FAMILY, weight="bold" if bold else "normal")))


class _Steps:
    """One font at one size: ``pairs`` maps two neighbouring characters to the pen's move
    from the first to the second, ``last`` a character to its advance (26.6 fixed point,
    as FreeType has them)."""

    __slots__ = ("last", "pairs")

    def __init__(self) -> None:
        self.pairs: dict[str, int] = {}
        self.last: dict[str, int] = {}

    def width(self, text: str) -> int:
        """``text``'s width from the table. Raises KeyError for a pair or a last
        character not learnt (or never to be learnt: not simple, a ligature)."""
        pairs = self.pairs
        return sum([pairs[text[i : i + 2]] for i in range(len(text) - 1)]) + self.last[text[-1]]

    def learn(self, text: str, pen_x: Any, width: int) -> None:
        """Learn from FreeType's layout of ``text``: the pen's x at each glyph and the
        width. Nothing is learnt unless each character is one glyph and simple."""
        if len(pen_x) != len(text) or not all(map(_simple, text)):
            return
        xs = [int(x) for x in pen_x]
        for i in range(len(text) - 1):
            self.pairs[text[i : i + 2]] = xs[i + 1] - xs[i]
        self.last[text[-1]] = width - xs[-1]


_steps: OrderedDict[tuple[bool, float, float], _Steps] = OrderedDict()


def _steps_for(key: tuple[bool, float, float]) -> _Steps:
    table = _steps.get(key)
    if table is None:
        table = _steps[key] = _Steps()
        while len(_steps) > _TABLES:
            _steps.popitem(last=False)
    else:
        _steps.move_to_end(key)
    return table


@lru_cache(maxsize=4096)
def _simple(c: str) -> bool:
    """Whether ``c`` is shaped on its own: its steps to its neighbours don't depend on
    any other character (checked against FreeType by tests/export/test_fonts.py)."""
    cp = ord(c)
    if not any(lo <= cp <= hi for lo, hi in _SIMPLE_BLOCKS):
        return False
    if unicodedata.category(c)[0] in "CMZ" and c not in " \u00a0":
        return False  # controls, formats, marks, separators other than the spaces
    if unicodedata.bidirectional(c) in _NOT_LTR:
        return False
    return all(_has_glyph(bold, c) for bold in (False, True))


@lru_cache(maxsize=4096)
def _has_glyph(bold: bool, c: str) -> bool:
    from matplotlib.font_manager import get_font

    return bool(get_font(_font_path(bold)).get_char_index(ord(c)))


class TextMeasure:
    """``measure(text, size_px, bold) -> width_px`` at a given dpi, cached."""

    __slots__ = ("_cache", "_dpi", "_flags", "_fonts")

    def __init__(self, dpi: float) -> None:
        from matplotlib.backends.backend_agg import get_hinting_flag
        from matplotlib.font_manager import get_font

        self._dpi = dpi
        self._flags = get_hinting_flag()  # type: ignore[no-untyped-call]  # not annotated
        self._fonts: dict[bool, Any] = {b: get_font(_font_path(b)) for b in (False, True)}
        self._cache: dict[tuple[str, float, bool], float] = {}

    def __call__(self, text: str, size_px: float, bold: bool = False) -> float:
        key = (text, round(size_px, 2), bold)
        w = self._cache.get(key)
        if w is None:
            w = self._cache[key] = self._measure(text, size_px, bold) / 64.0
        return w

    def _measure(self, text: str, size_px: float, bold: bool) -> int:
        """``text``'s width in 26.6 fixed point: from the table of steps if it can be,
        else by FreeType (which teaches the table)."""
        if not text:
            return 0
        steps = _steps_for((bold, size_px, self._dpi))
        try:
            return steps.width(text)
        except KeyError:
            pass
        font = self._fonts[bold]
        font.set_size(size_px * 72.0 / self._dpi, self._dpi)
        xys = font.set_text(text, 0.0, flags=self._flags)
        width = int(font.get_width_height()[0])
        steps.learn(text, xys[:, 0], width)
        return width
