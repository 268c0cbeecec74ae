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

4. Drop and undo: on the 10k roadmap, ``--drops`` real drops of the item in the middle
   of the plan (mouse release -> end of the repaint), each undone with Ctrl+Z (key ->
   end of the repaint); p50 / p95 / max, and the share of the roadmap file's
   transaction (SQLite commit + fsync: the disk's, not the app's) and the GUI thread's
   CPU time (what the app itself costs, whatever else the machine's cores run).
5. Open big roadmaps (``--open-sizes``, default 10k and 100k): a fresh process opens
   each as ``planner FILE`` does (planner.gui.loading.open_window: read and scheduled
   on a worker thread behind a progress dialog, then the window; a big timeline makes
   its glyphs in slices); from just before the process is spawned to the window being
   interactive (its first paint done, the event loop running) and to every glyph made,
   and the longest stall of a 10 ms GUI-thread ticker meanwhile. ``--open-only``.
6. Export dialog (``--export-dialog``, on its own): on a generated 2,000-item roadmap
   (bench/plans.py) File > Export… (Ctrl+E) is opened and its options are changed
   several times (theme, arrows, page, format, title, a team), each change waiting for
   its preview (made off the GUI thread); a QTimer ticking every 10 ms records the
   longest gap between its ticks while the dialog opens and draws its first preview,
   and while the options change: the longest the window could not take input. The same
   ticker idle over the same time is the baseline.

    python bench/gui_bench.py [--items 10000] [--runs 3] [--moves 200] [--json]
                              [--forecast-only] [--drops 30] [--drop-only]
                              [--open-sizes 10000,100000] [--open-only]
                              [--export-dialog]
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


def drag_costs(path: Path, moves: int, which: str, seed: int = 3) -> dict:
    """Drag an item: ``which`` is "middle" (the middle of the plan) or "heaviest" (the
    one among 300 random items that pushes the most others)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    from planner.gui.app import create_main_window, make_application

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
    mid = g.rows.mid
    start = view.mapFromScene(g.mapToScene(QPointF(g.width / 2 if not g.milestone else 0, mid)))
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
    window.close()
    return {
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


# -- 4. drop and undo --------------------------------------------------------------------
def drop_and_undo(path: Path, drops: int, seed: int = 7) -> dict:
    """``drops`` real drops on a 10k roadmap, each followed by its undo: the item in the
    middle of the plan is pressed, moved 2-10 working days either side and released
    (timed from the release to the end of the repaint it causes: the session's apply,
    the file saved, the scene, table, inspector, status bar and every feature told,
    the frame painted), then Ctrl+Z is pressed on the timeline (timed the same way). How
    much of each was the roadmap file's transaction (SQLite's commit and its fsync) is
    measured too: it depends on the disk, not on the app."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest

    from planner.gui.app import create_main_window, make_application

    app = make_application()
    window = create_main_window(path, TODAY)
    window.reason_provider = None
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    view, vp, session = window.view, window.view.viewport(), window.session
    view.set_ppd(20.0)
    item_id = session.plan.items[len(session.plan.items) // 2].id
    window.select_item(item_id)
    window.activateWindow()
    view.setFocus()
    app.processEvents()
    saving: list[float] = []
    repo = session._repo  # the bench looks inside, to tell the disk's share apart
    commit = repo.commit_edit

    def timed_commit(*args, **kw):
        t = time.perf_counter()
        try:
            return commit(*args, **kw)
        finally:
            saving.append((time.perf_counter() - t) * 1000)

    repo.commit_edit = timed_commit
    rng = random.Random(seed)
    drop_ms, undo_ms, drop_save, undo_save, drop_cpu, undo_cpu = [], [], [], [], [], []
    for _ in range(drops * 3):
        if len(drop_ms) >= drops:
            break
        g = window.scene.glyphs[item_id]
        mid = g.rows.mid
        start = view.mapFromScene(g.mapToScene(QPointF(g.width / 2 if not g.milestone else 0, mid)))
        pos = QPoint(start.x() + int(rng.choice([-1, 1]) * rng.randint(2, 10) * view.ppd),
                     start.y())  # fmt: skip
        QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        QTest.mouseMove(vp, pos)
        vp.repaint()
        steps, saving[:] = window.undo_history.count(), []
        t, cpu = time.perf_counter(), time.thread_time()
        QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        vp.repaint()
        elapsed, used = (time.perf_counter() - t) * 1000, (time.thread_time() - cpu) * 1000
        if window.undo_history.count() == steps:
            continue  # the drop changed nothing (onto the same day): not a sample
        drop_ms.append(elapsed)
        drop_cpu.append(used)
        drop_save.append(sum(saving))
        saving[:] = []
        t, cpu = time.perf_counter(), time.thread_time()
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        vp.repaint()
        undo_ms.append((time.perf_counter() - t) * 1000)
        undo_cpu.append((time.thread_time() - cpu) * 1000)
        undo_save.append(sum(saving))
        if window.undo_history.count() != steps:
            raise RuntimeError("Ctrl+Z did not undo the drop")
        app.processEvents()
    window.close()

    def stats(xs: list[float]) -> dict:
        xs = sorted(xs)
        return {"p50_ms": statistics.median(xs), "p95_ms": xs[int(0.95 * (len(xs) - 1))],
                "max_ms": xs[-1]}  # fmt: skip

    return {
        "drops": len(drop_ms),
        "drop": stats(drop_ms),
        "undo": stats(undo_ms),
        "drop_file_save_p50_ms": statistics.median(drop_save),
        "undo_file_save_p50_ms": statistics.median(undo_save),
        "drop_cpu_p50_ms": statistics.median(drop_cpu),
        "undo_cpu_p50_ms": statistics.median(undo_cpu),
    }


def print_drop_and_undo(d: dict, big: str) -> None:
    print(f"drop and undo on {big}, {d['drops']} drops each undone (event -> end of repaint):")
    print(f"{'':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'file save p50':>14}"
          f" {'GUI-thread CPU p50':>19}")  # fmt: skip
    for what in ("drop", "undo"):
        row, save, cpu = d[what], d[f"{what}_file_save_p50_ms"], d[f"{what}_cpu_p50_ms"]
        print(f"{what:<10} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['max_ms']:>8.1f}"
              f" {save:>14.1f} {cpu:>19.1f}")  # fmt: skip
    print()


# -- 5. opening a big roadmap as `planner FILE` does -------------------------------------
def open_child(path: str, t0: float) -> None:
    """In a fresh process: open ``path`` as ``planner FILE`` does (read and scheduled on
    a worker thread behind a progress dialog, then the window, whose timeline makes a
    big plan's glyphs in slices) and print when the window was interactive (shown, its
    timeline painted, the event loop running), when every glyph was made, and the
    longest gap of a 10 ms GUI-thread ticker from the start to the end of the build."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from planner.gui.app import make_application
    from planner.gui.loading import open_window

    app = make_application()
    ticks, gaps = [time.perf_counter()], [0.0]

    def tick():
        now = time.perf_counter()
        gaps[0] = max(gaps[0], now - ticks[0])
        ticks[0] = now

    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(tick)
    ticker.start()
    ticks[0] = time.perf_counter()
    window = open_window(path, TODAY)
    window.resize(1600, 1000)
    marks: dict = {}

    def check():
        n = len(window.session.plan.items)
        if "interactive" in marks and len(window.scene.glyphs) == n and "built" not in marks:
            marks["built"] = time.time() - t0
            tick()
            ticker.stop()
            print(json.dumps({"interactive": marks["interactive"], "built": marks["built"],
                              "items": n, "longest_stall_ms": gaps[0] * 1000}))  # fmt: skip
            window.close()
            app.quit()

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "painted" not in marks:
                marks["painted"] = True
                QTimer.singleShot(0, interactive)  # after the paint: the loop is running
            return False

    def interactive():
        marks["interactive"] = time.time() - t0
        check()

    window.scene.build_progressed.connect(lambda made, total: check() if total == 0 else None)
    spy = FirstPaint()
    window.view.viewport().installEventFilter(spy)
    window.show()
    app.exec()


def open_big(folder: Path, sizes: list[int], runs: int, env: dict) -> dict:
    """Median over ``runs`` fresh processes, per generated roadmap size."""
    from plans import generate_plan

    from planner.storage.repository import PlanRepository

    out = {}
    for n in sizes:
        path = folder / f"open-{n}.roadmap"
        repo = PlanRepository.open(path, create=True)
        repo.write_plan(generate_plan(n), "Bench")
        repo.close()
        rows = []
        for _ in range(runs):
            t0 = time.time()
            proc = subprocess.run(
                [sys.executable, __file__, "--open-child", str(path), str(t0)],
                capture_output=True, text=True, env=env, check=True,
            )  # fmt: skip
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        out[f"{n // 1000}k"] = {
            key: statistics.median(r[key] for r in rows)
            for key in ("interactive", "built", "longest_stall_ms")
        }
    return out


def print_open_big(result: dict) -> None:
    print("open as `planner FILE` (process start -> ...), median of runs:")
    print(f"{'roadmap':<10} {'window interactive':>19} {'every glyph made':>17}"
          f" {'longest GUI stall':>18}")  # fmt: skip
    for name, row in result.items():
        print(f"{name:<10} {row['interactive']:>18.2f}s {row['built']:>16.2f}s"
              f" {row['longest_stall_ms']:>15.0f} ms")  # fmt: skip
    print()


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
                   help="only 6., the export dialog's longest freeze (2,000 items)")  # fmt: skip
    p.add_argument("--drops", type=int, default=30, help="drops (each undone) for 4.")
    p.add_argument("--drop-only", action="store_true", help="only 4., drop and undo")
    p.add_argument("--open-sizes", default="10000,100000", help="roadmap sizes for 5.")
    p.add_argument("--open-only", action="store_true", help="only 5., opening big roadmaps")
    p.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    p.add_argument("--open-child", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child[0], float(args.child[1]))
        return 0
    if args.export_dialog:
        return main_export_dialog(args.json)
    if args.open_child:
        open_child(args.open_child[0], float(args.open_child[1]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, PLANNER_CONFIG_DIR=str(folder / "cfg"),
                   PLANNER_DATA_DIR=str(folder / "data"))  # fmt: skip
        os.environ.update(env)
        result: dict = {"open": {}, "drag": []}
        big = f"{args.items // 1000}k"
        if args.open_only:
            sizes = [int(n) for n in args.open_sizes.split(",")]
            result = {"open_big": open_big(folder, sizes, args.runs, env)}
            if args.json:
                print(json.dumps(result, indent=1))
            else:
                print_open_big(result["open_big"])
                print(f"Qt platform: {platform_name()}")
            return 0
        if args.drop_only:
            path = write_roadmaps(folder, args.items)[big]
            result = {"drop_undo": drop_and_undo(path, args.drops)}
            if args.json:
                print(json.dumps(result, indent=1))
            else:
                print_drop_and_undo(result["drop_undo"], big)
                print(f"Qt platform: {platform_name()}")
            return 0
        if not args.forecast_only:
            paths = write_roadmaps(folder, args.items)
            for name, path in paths.items():
                seconds, mpl = time_to_first_paint(path, args.runs, env)
                result["open"][name] = {"seconds": seconds, "matplotlib_imported": mpl}
            result["drag"] = [drag_costs(paths[big], args.moves, w) for w in ("middle", "heaviest")]
            result["drop_undo"] = drop_and_undo(paths[big], args.drops)
        history, today = write_history_roadmap(folder, args.items)
        result["forecast"] = forecast_toggle(history, today, args.runs)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    if not args.forecast_only:
        print_open_and_drag(result, big, args.moves)
        print_drop_and_undo(result["drop_undo"], big)
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
    print(f"Qt platform: {platform_name()}")
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


def platform_name() -> str:
    return os.environ.get("QT_QPA_PLATFORM") or f"xcb, DISPLAY={os.environ.get('DISPLAY')}"


def print_open_and_drag(result: dict, big: str, moves: int) -> None:
    print(f"{'roadmap':<10} {'open -> first paint':>20} {'matplotlib at start':>20}")
    for name, row in result["open"].items():
        print(f"{name:<10} {row['seconds']:>19.2f}s {row['matplotlib_imported']!s:>20}")
    print()
    print(f"drag on {big}, {moves} mouse moves each (mouse event -> end of its repaint):")
    print(f"{'item':<18} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'ghosts p50':>11} {'max':>6}")
    for d in result["drag"]:
        name = f"{d['which']} {d['item']}"
        times = f"{d['p50_ms']:>8.1f} {d['p95_ms']:>8.1f} {d['max_ms']:>8.1f}"
        print(f"{name:<18} {times} {d['ghosts_median']:>11} {d['ghosts_max']:>6}")
    print()


if __name__ == "__main__":
    sys.exit(main())
