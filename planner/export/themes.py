"""Colour themes of the roadmap renderer (light for paper and bright rooms, dark for
dark slide decks). Plain values; no matplotlib here."""

from __future__ import annotations

from dataclasses import dataclass

from planner.export.options import OptionError

__all__ = ["THEMES", "Theme", "get_theme", "readable_on"]


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str
    faint: str  # grid lines, lane separators
    band: str  # alternate sprint band
    lane: str  # alternate team lane tint
    header: str  # timeline header background
    critical: str
    deadline: str
    today: str
    dependency: str
    ghost_alpha: float
    done_alpha: float
    strip_alpha: tuple[float, float]  # team-sprint cells, alternating: team colour over bg


LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#1E2330",
    muted="#5F6877",
    faint="#DADDE3",
    band="#F1F3F6",
    lane="#FAFBFC",
    header="#F7F8FA",
    critical="#D7263D",
    deadline="#C77700",
    today="#1D6FE0",
    dependency="#7A8494",
    ghost_alpha=0.45,
    done_alpha=0.45,
    strip_alpha=(0.24, 0.12),
)

DARK = Theme(
    name="dark",
    background="#15181F",
    text="#E7EAF0",
    muted="#9CA5B4",
    faint="#303643",
    band="#1C2029",
    lane="#181B23",
    header="#1E222C",
    critical="#FF5C6C",
    deadline="#F2A93B",
    today="#5EA1FF",
    dependency="#8A94A6",
    ghost_alpha=0.5,
    done_alpha=0.5,
    strip_alpha=(0.34, 0.2),
)

THEMES = {"light": LIGHT, "dark": DARK}


def get_theme(name: str) -> Theme:
    """Raises OptionError (a PlanError) for an unknown theme name."""
    try:
        return THEMES[name.strip().lower()]
    except KeyError:
        raise OptionError("{theme}: unknown theme {0!r} (light or dark)", name) from None


def _luminance(hex_color: str) -> float:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def readable_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (a #RRGGBB colour)."""
    lum = _luminance(fill)
    return "#FFFFFF" if (1.05 / (lum + 0.05)) >= (lum + 0.05) / 0.05 * 0.55 else "#14171F"
