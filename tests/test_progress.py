"""The terminal progress bar: drawn on a terminal, silent on a pipe or a file, cleared
before a command prints its result or its error, and never a reason to fail."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from planner.cli import main
from planner.progress import BAR, TerminalProgress

DATA = Path(__file__).parent / "data"


class FakeTerminal(io.StringIO):
    """What a terminal would receive."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


def screen(raw: str) -> str:
    """What the last line of a terminal shows after ``raw``: a carriage return moves
    back to the line's start and later characters overwrite earlier ones."""
    line: list[str] = []
    col = 0
    for ch in raw.split("\n")[-1]:
        if ch == "\r":
            col = 0
            continue
        if col < len(line):
            line[col] = ch
        else:
            line.append(ch)
        col += 1
    return "".join(line)


def test_a_counted_step_draws_a_bar_up_to_100_percent_and_done_clears_it():
    term = FakeTerminal()
    bar = TerminalProgress(term, columns=100)
    bar.step("writing out.json", total=400)
    assert screen(term.getvalue()).startswith("planner: writing out.json ▕░")
    for _ in range(200):
        bar.advance()
    assert screen(term.getvalue()).endswith(f"▕{'█' * (BAR // 2)}{'░' * (BAR // 2)}▏  50%")
    bar.advance(200)
    assert screen(term.getvalue()).endswith(f"▕{'█' * BAR}▏ 100%")
    draws = term.getvalue().count("\r")
    assert draws <= 102  # redrawn when the line changes, not for every unit
    bar.done()
    assert screen(term.getvalue()).strip() == ""


def test_an_uncounted_step_shows_its_label():
    term = FakeTerminal()
    with TerminalProgress(term, columns=80) as bar:
        bar.step("scheduling 200,000 items")
        assert screen(term.getvalue()) == "planner: scheduling 200,000 items …"
        bar.step("reading a.json")  # a shorter line covers the longer one
        assert screen(term.getvalue()).rstrip() == "planner: reading a.json …"
    assert screen(term.getvalue()).strip() == ""


def test_nothing_is_written_to_a_pipe():
    read_fd, write_fd = os.pipe()
    with open(write_fd, "w", encoding="utf-8") as pipe:
        bar = TerminalProgress(pipe)
        assert not bar.live
        bar.step("scheduling", total=10)
        bar.advance(10)
        bar.done()
    with open(read_fd, encoding="utf-8") as r:
        assert r.read() == ""


def test_labels_show_control_characters_escaped_and_fit_the_terminal():
    term = FakeTerminal()
    bar = TerminalProgress(term, columns=40)
    bar.step("reading \x1b]0;pwned\x07" + "x" * 200 + ".json", total=3)
    shown = screen(term.getvalue())
    assert "\x1b" not in term.getvalue() and "\x07" not in term.getvalue()
    assert len(shown) <= 39 and shown.endswith("   0%")


def test_a_terminal_without_block_characters_gets_ascii():
    raw = io.BytesIO()

    class AsciiTerminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    term = AsciiTerminal(raw, encoding="ascii")
    bar = TerminalProgress(term, columns=80)
    bar.step("writing", total=2)
    bar.advance()
    term.flush()
    assert screen(raw.getvalue().decode("ascii")).endswith(
        f"[{'#' * (BAR // 2)}{'-' * (BAR // 2)}]  50%"
    )


def test_a_broken_stream_silences_the_bar_instead_of_failing():
    term = FakeTerminal()
    bar = TerminalProgress(term)
    term.close()
    bar.step("scheduling", total=5)  # no ValueError: the bar just stops
    bar.advance(5)
    bar.done()
    assert not bar.live


# -- the commands ----------------------------------------------------------------------


def _terminal(monkeypatch) -> FakeTerminal:
    """stderr as a terminal (set inside the test: capture replaces it until then)."""
    term = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", term)
    return term


@pytest.mark.parametrize(
    "args, steps",
    [
        (["schedule", DATA / "contract-example.json"], ["reading", "scheduling", "listing"]),
        (["export", DATA / "contract-example.json", "{tmp}/out.json"],
         ["reading", "scheduling", "writing the plan"]),
        (["import", DATA / "contract-example.json", "{tmp}/r.roadmap"],
         ["reading", "checking", "writing r.roadmap"]),
    ],
)  # fmt: skip
def test_long_commands_show_their_steps_on_a_terminal_and_clear_them(
    monkeypatch, capsys, tmp_path, args, steps
):
    terminal = _terminal(monkeypatch)
    argv = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    assert main(argv) == 0
    raw = terminal.getvalue()
    for step in steps:
        assert f"planner: {step}" in raw
    assert screen(raw).strip() == ""  # cleared before the result was printed
    out, _err = capsys.readouterr()
    assert out and "planner:" not in out


def test_the_same_commands_write_nothing_to_stderr_when_it_is_not_a_terminal(capsys, tmp_path):
    for argv in (["schedule", DATA / "contract-example.json"],
                 ["export", DATA / "contract-example.json", tmp_path / "out.json"],
                 ["import", DATA / "contract-example.json", tmp_path / "r.roadmap"]):  # fmt: skip
        assert main([str(a) for a in argv]) == 0
        assert capsys.readouterr().err == ""


def test_an_error_line_starts_on_a_clean_line(monkeypatch, tmp_path):
    terminal = _terminal(monkeypatch)
    assert main(["schedule", str(tmp_path / "missing.json")]) == 1
    raw = terminal.getvalue()
    assert "planner: reading missing.json" in raw
    assert screen(raw.rstrip("\n")).startswith("planner: ") and "cannot read" in raw
    before_error = raw.rsplit("planner: ", 1)[0]
    assert screen(before_error).strip() == ""  # the bar was gone when the error came
