"""Makes review-banner.png, review-dialog.png and review-slide.png here.

The roadmap is the one tests/gui/test_review_gui.py reviews (``build_review_roadmap``):
three teams, Sprint 14 (Mon 1 – Fri 12 Mar 2027) ended with items done, late and added
after its "Sprint 14 start" baseline; today is Tue 16 Mar. The real window is opened on
it: first with the "Sprint 14 ended" strip, then with the review dialog, three decisions
chosen (Webhooks: 4 days remaining, Invoices carried, Receipts: 3 days remaining) and
their preview; the slide is the dialog's own PNG export. Offscreen, the widgets are
grabbed (``widget.grab()``); on X11 the screen is captured with ImageMagick's ``import``
and cut to each window's frame, and the whole screen is kept as ``x-review-*.png``.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/review_shots.py [OUT]
    DISPLAY=:97 python docs/screenshots/review_shots.py [OUT]   # Xvfb + openbox

OUT defaults to this folder. Settings and window state go to a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

_private = tempfile.mkdtemp(prefix="planner-shots-")
os.environ["PLANNER_CONFIG_DIR"] = f"{_private}/config"
os.environ["PLANNER_DATA_DIR"] = f"{_private}/data"
# the roadmap the GUI tests review
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "gui"))

from PySide6.QtCore import QRect, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402
from test_review_gui import TODAY, build_review_roadmap  # noqa: E402

from planner.gui.app import create_main_window, make_application  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
X11 = os.environ.get("QT_QPA_PLATFORM", "") != "offscreen"
LIMIT = 300_000  # bytes per picture


def capture(widget: QWidget, name: str) -> None:
    """``widget`` as OUT/name: grabbed offscreen; on X11 cut from the screen (with the
    window manager's frame), the whole screen kept as OUT/x-name."""
    target = OUT / name
    if not X11:
        widget.grab().save(str(target))
    else:
        screen = OUT / f"x-{name}"
        subprocess.run(["import", "-window", "root", str(screen)], check=True)
        g: QRect = widget.frameGeometry()
        crop = f"{g.width()}x{g.height()}+{g.x()}+{g.y()}"
        subprocess.run(["convert", str(screen), "-crop", crop, "+repage", str(target)], check=True)
    size = target.stat().st_size
    print(f"{target}: {size:,} bytes" + ("  (over the limit)" if size > LIMIT else ""))


def main() -> int:
    app = make_application()
    path = build_review_roadmap(Path(_private) / "Payments relaunch.roadmap")
    win = create_main_window(path, TODAY)
    win.setGeometry(0, 0, 1400, 820)
    win.show()
    feature = win.review_feature  # type: ignore[attr-defined]

    def banner() -> None:
        app.processEvents()
        capture(win, "review-banner.png")
        feature.open_review("Sprint 14")
        dialog = feature.dialog
        dialog.set_remaining("hooks", 4)
        dialog.set_carry("invoices")
        dialog.set_remaining("receipts", 3)
        dialog.set_reason("vendor sandbox down two days; invoices wait for Sprint 15")
        dialog.move(160, 60)
        QTimer.singleShot(1200, review)

    def review() -> None:
        app.processEvents()
        dialog = feature.dialog
        capture(dialog, "review-dialog.png")
        slide = dialog.export_slide(OUT / "review-slide.png")
        print(f"{slide}: {slide.stat().st_size:,} bytes")
        dialog.close()
        win.session.close()
        app.quit()

    QTimer.singleShot(1500 if X11 else 0, banner)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
