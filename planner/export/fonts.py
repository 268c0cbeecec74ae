"""Text widths in pixels from the font file itself (FreeType through matplotlib), so
labels are fitted to what Agg, SVG and PDF will draw. Imported only when exporting."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["FAMILY", "TextMeasure"]

FAMILY = "DejaVu Sans"  # ships with matplotlib: the same metrics on every machine


@lru_cache(maxsize=2)
def _font_path(bold: bool) -> str:
    from matplotlib.font_manager import FontProperties, findfont

    return str(findfont(FontProperties(family=FAMILY, weight="bold" if bold else "normal")))


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
            font = self._fonts[bold]
            font.set_size(size_px * 72.0 / self._dpi, self._dpi)
            font.set_text(text, 0.0, flags=self._flags)
            w = font.get_width_height()[0] / 64.0
            self._cache[key] = w
        return w
