"""Page sizes of roadmap exports: named presets (slides, paper) or a custom size.

A preset is a size in inches; the resolution (dpi) turns it into pixels, so the
default ``slide-16:9`` at 100 dpi is a 1920x1080 PNG, and the same slide at 200 dpi is
3840x2160 with the same layout. A width and a height in pixels make a custom size.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.errors import PlanError
from planner.export.options import OptionError

__all__ = ["DEFAULT_PRESET", "PRESETS", "PageSpec", "page_spec"]

DEFAULT_PRESET = "slide-16:9"
DEFAULT_DPI = 100
# name -> (width, height) in inches, landscape
PRESETS: dict[str, tuple[float, float]] = {
    "slide-16:9": (19.2, 10.8),
    "slide-4:3": (14.4, 10.8),
    "a4-landscape": (297 / 25.4, 210 / 25.4),
    "letter-landscape": (11.0, 8.5),
}
PRESET_LABELS = {
    "slide-16:9": "Slide 16:9 (1920×1080)",
    "slide-4:3": "Slide 4:3 (1440×1080)",
    "a4-landscape": "A4 landscape",
    "letter-landscape": "Letter landscape",
    "custom": "Custom size",
}
MIN_DPI, MAX_DPI = 30, 600
MIN_PX, MAX_PX = 320, 12000


@dataclass(frozen=True)
class PageSpec:
    """One page: size in inches and resolution."""

    width_in: float
    height_in: float
    dpi: float = DEFAULT_DPI
    preset: str = DEFAULT_PRESET

    @property
    def width_px(self) -> int:
        return round(self.width_in * self.dpi)

    @property
    def height_px(self) -> int:
        return round(self.height_in * self.dpi)

    def scaled(self, dpi: float) -> PageSpec:
        """The same page at another resolution (e.g. a small live preview)."""
        return PageSpec(self.width_in, self.height_in, dpi, self.preset)


def page_spec(
    preset: str | None = None,
    width: int | None = None,
    height: int | None = None,
    dpi: int | None = None,
) -> PageSpec:
    """The page for a preset name, optionally overridden by a size in pixels and a dpi.

    Giving ``width`` or ``height`` makes a custom page (the other side keeps the preset's
    aspect ratio if omitted). Raises OptionError (a PlanError) naming the bad option, or
    PlanError for a page that is too large, too small or not landscape.
    """
    name = (preset or DEFAULT_PRESET).strip().lower()
    if name != "custom" and name not in PRESETS:
        raise OptionError(
            "{preset}: unknown preset {0!r} (choose {1})", preset, ", ".join([*PRESETS, "custom"])
        )
    res = DEFAULT_DPI if dpi is None else dpi
    if not MIN_DPI <= res <= MAX_DPI:
        raise OptionError("{dpi}: {0} is out of range ({1} to {2})", dpi, MIN_DPI, MAX_DPI)
    for side, v in (("width", width), ("height", height)):
        if v is not None and not MIN_PX <= v <= MAX_PX:
            message = "{" + side + "}: {0} pixels is out of range ({1} to {2})"
            raise OptionError(message, v, MIN_PX, MAX_PX)
    if name == "custom" and (width is None or height is None):
        raise OptionError("{preset} custom needs both {width} and {height} (pixels)")
    base_w, base_h = PRESETS.get(name, PRESETS[DEFAULT_PRESET])
    if width is None and height is None:
        return PageSpec(base_w, base_h, res, name)
    w_px = width if width is not None else round((height or 0) * base_w / base_h)
    h_px = height if height is not None else round((width or 0) * base_h / base_w)
    if not (MIN_PX <= w_px <= MAX_PX and MIN_PX <= h_px <= MAX_PX):
        raise PlanError(f"page size {w_px}x{h_px} pixels is out of range ({MIN_PX} to {MAX_PX})")
    if w_px < h_px * 0.75:
        raise PlanError(f"page size {w_px}x{h_px}: a roadmap needs a landscape page")
    return PageSpec(w_px / res, h_px / res, res, "custom")
