"""Desktop app benchmark: time to an interactive window, and the cost of a drag.

1. Open to first paint: a fresh Python process (offscreen Qt) opens a roadmap and
   shows the main window; the time from just before the process is spawned to the
   end of the timeline's first paint (the event loop is then running: the window is
   interactive). Median of ``--runs`` runs, for the sample roadmap and a generated
   10k-item one (bench/plans.py: 100 teams, ~30k dependencies). The child also
   reports whether matplotlib was imported (it must not be).
2. Drag: on the 10k roadmap, press on an item in the middle of the plan and send
   ``--moves`` mouse moves to random places 1-10 working days either side; each move
   is timed from the mouse event to the end of the repaint it causes (preview
   propagation, ghosts, arrows, paint). p50 / p95 / max.
3. Forecast toggle: on a generated roadmap of the same size with history (bench/
   forecast_bench.py's: the first third done on actual dates, team-typical ratios),
   View > Show forecast is switched on ``--runs`` times (the forecast forgotten each
   time, so each one computes: 1000 runs, seed 1); each is timed from the toggle to the
   end of the repaint that shows the ranges, while a QTimer ticking every 10 ms records
   the longest gap between its ticks: the longest the GUI thread was stalled, while the
   forecast computed (on its worker thread) and while its result was drawn (the
   timeline's ranges, the table's columns, the repaint). The same ticker over the same
   time with nothing to do is the baseline: what the machine itself (other processes on
   its cores) costs the GUI thread.

4. Export dialog (``--export-dialog``, on its own): on a generated 2,000-item roadmap
   (bench/plans.py) File > Export… (Ctrl+E) is opened and its options are changed
   several times (theme, arrows, page, format, title, a team), each change waiting for
   its preview (made off the GUI thread); a QTimer ticking every 10 ms records the
   longest gap between its ticks while the dialog opens and draws its first preview,
   and while the options change: the longest the window could not take input. The same
   ticker idle over the same time is the baseline.

    python bench/gui_bench.py [--items 10000] [--runs 3] [--moves 200] [--json]
                              [--forecast-only] [--export-dialog]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if not os.environ.get("DISPLAY"):  # a real X window (Xvfb) when there is one
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 22)


def write_roadmaps(folder: Path, n: int) -> dict[str, Path]:
    from plans import generate_plan

    from planner.app.sample import sample_plan
    from planner.storage.repository import PlanRepository

    out = {}
    for name, plan in (("sample", sample_plan(TODAY)), (f"{n // 1000}k", generate_plan(n))):
        path = folder / f"{name}.roadmap"
        repo = PlanRepository.open(path, create=True)
        repo.write_plan(plan, "Bench")
        repo.close()
        out[name] = path
    return out


# -- 1. a child process: open, show, first paint --------------------------------------
def child(path: str, t0: float) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from planner.gui.app import create_main_window, make_application

    app = make_application()
    window = create_main_window(path, TODAY)
    window.resize(1600, 1000)

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                QTimer.singleShot(0, done)  # after the paint has been delivered
            return False

    def done():
        elapsed = time.time() - t0
        print(json.dumps({"seconds": elapsed, "matplotlib": "matplotlib" in sys.modules}))
        window.close()
        app.quit()

    spy = FirstPaint()
    window.view.viewport().installEventFilter(spy)
    window.show()
    app.exec()


def time_to_first_paint(path: Path, runs: int, env: dict) -> tuple[float, bool]:
    times, mpl = [], False
    for _ in range(runs):
        t0 = time.time()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(t0)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        row = json.loads(proc.stdout.strip().splitlines()[-1])
        times.append(row["seconds"])
        mpl = mpl or row["matplotlib"]
    return statistics.median(times), mpl


# -- 2. the drag ---------------------------------------------------------------------
def heaviest_item(session, candidates: int = 300, seed: int = 5) -> str:
    """Among random items, the one whose 14-working-day slip pushes the most others."""

    from planner.app.dragging import nudge

    rng = random.Random(seed)
    best, best_n = session.plan.items[0].id, -1
    for it in rng.sample([it for it in session.plan.items if not it.done], candidates):
        n = len(session.preview(nudge(session, it.id, 14)).moved)
        if n > best_n:
            best, best_n = it.id, n
    return best


def drag_costs(path: Path, moves: int, which: str, seed: int = 3, drops_n: int = 15) -> dict:
    """Drag an item: ``which`` is "middle" (the middle of the plan) or "heaviest" (the
    one among 300 random items that pushes the most others)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    from planner.gui.app import create_main_window, make_application
    from planner.gui.timeline_items import MID

    app = make_application()
    window = create_main_window(path, TODAY)
    window.reason_provider = None
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    view = window.view
    view.set_ppd(20.0)
    session = window.session
    if which == "heaviest":
        item_id = heaviest_item(session)
    else:
        item_id = session.plan.items[len(session.plan.items) // 2].id
    window.select_item(item_id)
    app.processEvents()
    g = window.scene.glyphs[item_id]
    start = view.mapFromScene(g.mapToScene(QPointF(g.width / 2 if not g.milestone else 0, MID)))
    vp = view.viewport()
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    rng = random.Random(seed)
    costs, pushed = [], []
    for _ in range(moves):
        days = rng.choice([-1, 1]) * rng.randint(1, 14)
        pos = QPoint(start.x() + int(days * view.ppd), start.y())
        t = time.perf_counter()
        QTest.mouseMove(vp, pos)
        vp.repaint()  # the frame this move causes, painted now
        costs.append((time.perf_counter() - t) * 1000)
        pushed.append(window.scene._ghosts_used)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    costs.sort()
    drops, undos = [], []
    for _ in range(drops_n * 2):  # a drop: mouse release -> end of the repaint; then its undo
        if len(drops) >= drops_n:
            break
        days = rng.choice([-1, 1]) * rng.randint(2, 10)
        g = window.scene.glyphs[item_id]
        start = view.mapFromScene(g.mapToScene(QPointF(g.width / 2 if not g.milestone else 0, MID)))
        pos = QPoint(start.x() + int(days * view.ppd), start.y())
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        QTest.mouseMove(vp, pos)
        vp.repaint()
        steps = window.undo_history.count()
        t = time.perf_counter()
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        vp.repaint()
        elapsed = (time.perf_counter() - t) * 1000
        if window.undo_history.count() == steps:
            continue  # the drop changed nothing (e.g. onto the same day): not a sample
        drops.append(elapsed)
        t = time.perf_counter()
        window.undo_history.undo()
        vp.repaint()
        undos.append((time.perf_counter() - t) * 1000)
    window.close()
    return {
        "drop_p50_ms": statistics.median(drops) if drops else None,
        "undo_p50_ms": statistics.median(undos) if undos else None,
        "which": which,
        "item": item_id,
        "moves": moves,
        "p50_ms": statistics.median(costs),
        "p95_ms": costs[int(0.95 * (len(costs) - 1))],
        "max_ms": costs[-1],
        "ghosts_median": statistics.median(pushed),
        "ghosts_max": max(pushed),
    }


# -- 3. the forecast toggle -------------------------------------------------------------
def write_history_roadmap(folder: Path, n: int) -> tuple[Path, date]:
    """A generated roadmap with history (done tasks on actual dates) and its "today"."""
    from forecast_bench import with_history
    from plans import generate_plan

    from planner.storage.repository import PlanRepository

    plan, today = with_history(generate_plan(n))
    path = folder / f"{n // 1000}k-history.roadmap"
    repo = PlanRepository.open(path, create=True)
    repo.write_plan(plan, "Bench")
    repo.close()
    return path, today


def forecast_toggle(path: Path, today: date, repeats: int) -> dict:
    """Switch the forecast on ``repeats`` times: toggle -> ranges drawn, and the longest
    gap of a 10 ms GUI-thread ticker meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    from planner.gui.app import create_main_window, make_application

    app = make_application()
    window = create_main_window(path, today)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    window.view.go_to_today()
    app.processEvents()
    feature, vp = window.forecast_feature, window.view.viewport()
    feature.set_enabled(False)
    times, computing, drawing, idle = [], [], [], []
    for _ in range(repeats):
        feature.runner.latest = None  # forget it: this toggle computes
        ticks = [time.perf_counter()]
        gaps: list[float] = []

        def tick(ticks=ticks, gaps=gaps):
            now = time.perf_counter()
            gaps.append(now - ticks[0])
            ticks[0] = now

        ticker = QTimer()
        ticker.setInterval(10)
        ticker.timeout.connect(tick)
        loop = QEventLoop()
        drawn = {}

        def shown(_result, loop=loop, drawn=drawn, gaps=gaps):
            drawn["k"] = len(gaps)  # the gaps from here on hold the drawing

            def end():  # after the feature has drawn the result (it is told first)
                vp.repaint()
                drawn["t"] = time.perf_counter()
                loop.quit()

            QTimer.singleShot(0, end)

        feature.runner.finished.connect(shown)
        ticker.start()
        ticks[0] = t0 = time.perf_counter()
        feature.action.trigger()  # View > Show forecast: on
        loop.exec()
        tick()
        ticker.stop()
        feature.runner.finished.disconnect(shown)
        times.append((drawn["t"] - t0) * 1000)
        computing.append(max(gaps[: drawn["k"]], default=0.0) * 1000)
        drawing.append(max(gaps[drawn["k"] :]) * 1000)
        ranges = len(window.scene.forecast.ranges)
        feature.action.trigger()  # off again
        app.processEvents()
        idle.append(longest_idle_gap(drawn["t"] - t0) * 1000)
    window.close()
    return {
        "toggles": repeats,
        "ranges": ranges,
        "toggle_to_drawn_p50_ms": statistics.median(times),
        "toggle_to_drawn_max_ms": max(times),
        "longest_stall_computing_ms": max(computing),
        "longest_stall_computing_p50_ms": statistics.median(computing),
        "longest_stall_drawing_ms": max(drawing),
        "longest_stall_drawing_p50_ms": statistics.median(drawing),
        "longest_stall_idle_ms": max(idle),
    }


def longest_idle_gap(seconds: float) -> float:
    """The longest gap of a 10 ms QTimer over ``seconds`` with nothing else to do."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks, worst = [time.perf_counter()], [0.0]

    def tick():
        now = time.perf_counter()
        worst[0] = max(worst[0], now - ticks[0])
        ticks[0] = now

    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    ticker.start()
    ticks[0] = time.perf_counter()
    loop.exec()
    ticker.stop()
    return worst[0]


# -- 4. the export dialog --------------------------------------------------------------
def _export_changes(dialog) -> list[tuple[str, object]]:
    """What a user changes in the export dialog, one at a time, as (name, action)."""
    from PySide6.QtCore import Qt

    def pick(combo, data):
        return lambda: combo.setCurrentIndex(combo.findData(data))

    def untick_first_team():
        dialog.teams_list.item(0).setCheckState(Qt.CheckState.Unchecked)

    return [
        ("theme: dark", pick(dialog.theme_combo, "dark")),
        ("arrows: off", lambda: dialog.deps_check.setChecked(False)),
        ("page: 4:3", pick(dialog.preset_combo, "slide-4:3")),
        ("format: pdf", pick(dialog.format_combo, "pdf")),
        ("title typed", lambda: dialog.title_edit.setText("Board review")),
        ("a team off", untick_first_team),
        ("format: png", pick(dialog.format_combo, "png")),
        ("theme: light", pick(dialog.theme_combo, "light")),
    ]


def export_dialog_freezes(path: Path) -> dict:
    """Open Ctrl+E on ``path`` and change its options, each change waiting for its
    preview; the longest gaps of a 10 ms GUI-thread ticker meanwhile."""
    from PySide6.QtCore import QEventLoop, QTimer

    from planner.gui.app import create_main_window, make_application

    app = make_application()
    window = create_main_window(path, TODAY)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    ticks, gaps = [time.perf_counter()], []

    def tick():
        now = time.perf_counter()
        gaps.append(now - ticks[0])
        ticks[0] = now

    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    out: dict = {"items": len(window.session.plan.items), "changes": []}

    def until_previewed(dialog) -> float:
        """Wait (the event loop running) for the preview of the current choices."""
        t0 = time.perf_counter()
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(lambda: loop.quit() if not dialog.preview_busy
                             and not dialog._timer.isActive() else None)  # fmt: skip
        poll.start()
        loop.exec()
        poll.stop()
        return time.perf_counter() - t0

    def drive():
        dialog = window.export_feature.dialog
        out["open_to_first_preview_ms"] = (until_previewed(dialog) + opened[0]) * 1000
        out["open_longest_gap_ms"] = max(gaps) * 1000
        for name, change in _export_changes(dialog):
            gaps.clear()
            ticks[0] = t0 = time.perf_counter()
            change()
            waited = until_previewed(dialog)
            out["changes"].append({"change": name, "to_preview_ms": waited * 1000,
                                   "longest_gap_ms": max(gaps, default=0.0) * 1000,
                                   "error": dialog.error_label.text()})  # fmt: skip
            del t0
        dialog.reject()

    opened = [0.0]
    t_open = time.perf_counter()

    def started():  # the dialog's own event loop is running: it is open
        opened[0] = time.perf_counter() - t_open
        drive()

    QTimer.singleShot(0, started)
    ticker.start()
    ticks[0] = time.perf_counter()
    t_all = time.perf_counter()
    window.export_feature.action.trigger()  # Ctrl+E: the modal dialog, until drive ends
    total = time.perf_counter() - t_all
    ticker.stop()
    out["changes_longest_gap_ms"] = max(c["longest_gap_ms"] for c in out["changes"])
    out["idle_longest_gap_ms"] = longest_idle_gap(total) * 1000
    out["seconds"] = total
    window.session.close()
    window.close()
    return out


def print_export_dialog(ed: dict) -> None:
    print(f"export dialog on {ed['items']:,} items (Ctrl+E, then {len(ed['changes'])} option"
          " changes, each waiting for its preview):")  # fmt: skip
    print(f"  open -> first preview {ed['open_to_first_preview_ms']:.0f} ms, longest"
          f" GUI-thread gap meanwhile {ed['open_longest_gap_ms']:.0f} ms")  # fmt: skip
    print(f"  {'change':<14} {'-> preview ms':>13} {'longest gap ms':>15}")
    for c in ed["changes"]:
        err = f"  ({c['error']})" if c["error"] else ""
        print(f"  {c['change']:<14} {c['to_preview_ms']:>13.0f} {c['longest_gap_ms']:>15.0f}{err}")
    print(f"  longest gap over the changes {ed['changes_longest_gap_ms']:.0f} ms; idle"
          f" (the baseline, {ed['seconds']:.0f} s) {ed['idle_longest_gap_ms']:.0f} ms")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--items", type=int, default=10000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--moves", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.add_argument("--forecast-only", action="store_true", help="only 3., the forecast toggle")
    p.add_argument("--export-dialog", action="store_true",
                   help="only 4., the export dialog's longest freeze (2,000 items)")  # fmt: skip
    p.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child[0], float(args.child[1]))
        return 0
    if args.export_dialog:
        return main_export_dialog(args.json)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, PLANNER_CONFIG_DIR=str(folder / "cfg"),
                   PLANNER_DATA_DIR=str(folder / "data"))  # fmt: skip
        os.environ.update(env)
        result: dict = {"open": {}, "drag": []}
        big = f"{args.items // 1000}k"
        if not args.forecast_only:
            paths = write_roadmaps(folder, args.items)
            for name, path in paths.items():
                seconds, mpl = time_to_first_paint(path, args.runs, env)
                result["open"][name] = {"seconds": seconds, "matplotlib_imported": mpl}
            result["drag"] = [drag_costs(paths[big], args.moves, w) for w in ("middle", "heaviest")]
        history, today = write_history_roadmap(folder, args.items)
        result["forecast"] = forecast_toggle(history, today, args.runs)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    if not args.forecast_only:
        print_open_and_drag(result, big, args.moves)
    fc = result["forecast"]
    print(f"forecast toggle on {big} with history, 1000 runs, {fc['ranges']} ranges drawn,"
          f" {fc['toggles']} toggles:")  # fmt: skip
    print(f"  toggle -> ranges drawn: p50 {fc['toggle_to_drawn_p50_ms']:.0f} ms,"
          f" max {fc['toggle_to_drawn_max_ms']:.0f} ms")  # fmt: skip
    print("  longest GUI-thread stall per toggle (10 ms ticker), p50 / max:")
    for what, key in (("while computing", "computing"), ("drawing the result", "drawing")):
        p50, worst = fc[f"longest_stall_{key}_p50_ms"], fc[f"longest_stall_{key}_ms"]
        print(f"    {what:<19} {p50:>4.0f} / {worst:.0f} ms")
    print(f"    {'idle (the baseline)':<19}    - / {fc['longest_stall_idle_ms']:.0f} ms")
    where = os.environ.get("QT_QPA_PLATFORM") or f"xcb, DISPLAY={os.environ.get('DISPLAY')}"
    print(f"Qt platform: {where}")
    return 0


def main_export_dialog(as_json: bool) -> int:
    from plans import generate_plan

    from planner.storage.repository import PlanRepository

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.update(PLANNER_CONFIG_DIR=str(folder / "cfg"),
                          PLANNER_DATA_DIR=str(folder / "data"))  # fmt: skip
        path = folder / "2k.roadmap"
        repo = PlanRepository.open(path, create=True)
        repo.write_plan(generate_plan(2000), "Bench")
        repo.close()
        result = export_dialog_freezes(path)
    if as_json:
        print(json.dumps({"export_dialog": result}, indent=1))
        return 0
    print_export_dialog(result)
    where = os.environ.get("QT_QPA_PLATFORM") or f"xcb, DISPLAY={os.environ.get('DISPLAY')}"
    print(f"Qt platform: {where}")
    return 0


def print_open_and_drag(result: dict, big: str, moves: int) -> None:
    print(f"{'roadmap':<10} {'open -> first paint':>20} {'matplotlib at start':>20}")
    for name, row in result["open"].items():
        print(f"{name:<10} {row['seconds']:>19.2f}s {row['matplotlib_imported']!s:>20}")
    print()
    print(f"drag on {big}, {moves} mouse moves each (mouse event -> end of its repaint):")
    print(f"{'item':<18} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'ghosts p50':>11} {'max':>6}"
          f" {'drop p50':>9} {'undo p50':>9}")  # fmt: skip
    for d in result["drag"]:
        name = f"{d['which']} {d['item']}"
        times = f"{d['p50_ms']:>8.1f} {d['p95_ms']:>8.1f} {d['max_ms']:>8.1f}"
        print(f"{name:<18} {times} {d['ghosts_median']:>11} {d['ghosts_max']:>6}"
              f" {d['drop_p50_ms']:>9.1f} {d['undo_p50_ms']:>9.1f}")  # fmt: skip
    print()


if __name__ == "__main__":
    sys.exit(main())
