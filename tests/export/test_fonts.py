"""Widths added up from learnt steps are FreeType's own, to the 1/64 px."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.export.fonts import TextMeasure, _font_path, _simple

# simple characters (the table adds them up) and others that FreeType always measures:
# ligatures (fi, ffl), combining marks, right-to-left letters, CJK (a fallback font)
SIMPLE = string.ascii_letters + string.digits + string.punctuation + " éüßøçñÅ–—…“”’·⚠✓ΩЖж€"
OTHER = "fi\u0301\u05d0\u0627\u200b\u00ad"
TEXT = st.text(st.sampled_from(SIMPLE + OTHER), min_size=1, max_size=40)
WORDS = st.lists(
    st.sampled_from(["Item", "Build", "office", "AVAWAY", "To", "billing", "Ty.", "fjord",
                     "⚠ 3d late", "62% on time", "…", " ", "Löwe", "Ω-Ж"]),
    min_size=1, max_size=6,
).map(" ".join)  # fmt: skip


def freetype_width(text: str, size: float, bold: bool, dpi: float) -> float:
    from matplotlib.backends.backend_agg import get_hinting_flag
    from matplotlib.font_manager import get_font

    font = get_font(_font_path(bold))
    font.set_size(size * 72.0 / dpi, dpi)
    font.set_text(text, 0.0, flags=get_hinting_flag())
    return font.get_width_height()[0] / 64.0


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(TEXT, WORDS), min_size=1, max_size=30),
       st.sampled_from([5.0, 8.37, 12.0, 16.74, 30.1]), st.booleans(),
       st.sampled_from([100.0, 38.5]))  # fmt: skip
def test_every_width_is_freetypes_whether_measured_or_added_up(texts, size, bold, dpi):
    m = TextMeasure(dpi)
    for text in texts:  # the earlier ones teach the later ones their steps
        for t in (text, text[: len(text) // 2] + "…", text[::-1]):
            assert m(t, size, bold) == freetype_width(t, size, bold, dpi), t
    # a new measure (an empty cache) adds up what the first one learnt
    again = TextMeasure(dpi)
    for text in texts:
        assert again(text, size, bold) == freetype_width(text, size, bold, dpi), text


def test_simple_characters_are_the_pairwise_shaped_ones():
    assert all(_simple(c) for c in "Aa1 .,…⚠✓éΩЖ€")
    assert not any(_simple(c) for c in "\u0301\u05d0\u0627中\u200b\t\n\u202e")


def test_a_ligature_is_measured_by_freetype_every_time():
    m = TextMeasure(100)
    for text in ("office", "fi", "Define the profile"):
        assert m(text, 12.0) == freetype_width(text, 12.0, False, 100)
    assert m("of", 12.0) + m("ce", 12.0) != m("office", 12.0)  # not two halves added up
