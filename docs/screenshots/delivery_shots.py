"""Screenshots of delivered notices: docs/screenshots/notice-email.png (a notice e-mail,
as it arrived at a real SMTP server, shown the way a mail program shows it) and
docs/screenshots/status-page.png (a team's status page of ``planner feed``).

Run from the repository root: ``python docs/screenshots/delivery_shots.py``. Needs
aiosmtpd and a headless chromium (``apt-get install chromium``) on the PATH.
"""

from __future__ import annotations

import dataclasses
import html
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import date, datetime
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller

from planner.app.delivery import SmtpSettings, send_notices
from planner.app.feed import write_feed
from planner.app.sample import sample_plan
from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.storage.repository import PlanRepository

TODAY = date(2026, 11, 22)
NOW = datetime.now().astimezone()  # the notices are recorded on the clock too
OUT = Path(__file__).resolve().parent
CONTACTS = {
    "design": "design@example.com",
    "be": "Backend <backend@example.com>",
    "web": "Web team <web@example.com>, Priya Shah <priya@example.com>",
    "mobile": "mobile@example.com",
}


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content or envelope.content)
        return "250 OK"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _session(folder: Path) -> PlanSession:
    plan = sample_plan(TODAY)
    teams = tuple(dataclasses.replace(t, contact=CONTACTS[t.id]) for t in plan.teams)
    plan = dataclasses.replace(plan, teams=teams)
    path = folder / "Checkout.roadmap"
    PlanRepository.create(path, plan)
    session = PlanSession(PlanRepository.open(path), plan)
    session.apply(RecordSlip("cart", 2, "payment provider asked for a security review", TODAY))
    session.apply(RecordSlip("api", 4, "vendor sandbox down since Monday", TODAY))
    return session


def _mail_view(raw: bytes) -> str:
    """The message as a mail program's reading pane: headers, then the plain text."""
    msg = message_from_bytes(raw, policy=policy.default)
    body = msg.get_body(("plain",)).get_content()
    rows = "".join(
        f"<tr><th>{name}</th><td>{html.escape(str(msg[name]))}</td></tr>"
        for name in ("From", "To", "Date")
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; font: 14px/1.45 system-ui, "Noto Sans", sans-serif; color: #1f2328;
  background: #e9ecef; }}
.window {{ margin: 18px; background: #fff; border: 1px solid #c9ced4; border-radius: 8px;
  box-shadow: 0 2px 10px rgba(0,0,0,.08); overflow: hidden; }}
.bar {{ background: #f6f8fa; border-bottom: 1px solid #d8dee4; padding: 8px 14px;
  color: #57606a; font-size: 13px; }}
.head {{ padding: 14px 20px 10px; border-bottom: 1px solid #eaeef2; }}
h1 {{ font-size: 19px; margin: 0 0 10px; }}
table {{ border-collapse: collapse; font-size: 13px; }}
th {{ text-align: right; color: #57606a; font-weight: 500; padding: 1px 10px 1px 0; }}
.body {{ padding: 16px 20px 22px; white-space: pre-wrap; font: 13.5px/1.55 ui-monospace,
  "DejaVu Sans Mono", monospace; }}
</style></head><body><div class="window"><div class="bar">Inbox — priya@example.com</div>
<div class="head"><h1>{html.escape(str(msg["Subject"]))}</h1><table>{rows}</table></div>
<div class="body">{html.escape(body)}</div></div></body></html>"""


def _shoot(page: Path, png: Path, size: str) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is needed for the screenshots (apt-get install chromium)")
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--window-size={size}", f"--screenshot={png}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        session = _session(folder)
        inbox, port = _Inbox(), _port()
        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()
        try:
            settings = SmtpSettings(
                "127.0.0.1", port, "none", from_addr="Roadmap Planner <pm@example.com>"
            )
            report = send_notices(session, settings, now=NOW, environ={})
        finally:
            server.stop()
        print(*(r.line() for r in report.results), sep="\n")
        web = next(m for m in reversed(inbox.messages) if b"priya@example.com" in m)
        view = folder / "mail.html"
        view.write_text(_mail_view(web), encoding="utf-8")
        _shoot(view, OUT / "notice-email.png", "1100,400")
        feed = folder / "feed"
        write_feed(session, feed, today=TODAY, now=NOW)
        _shoot(feed / "web.html", OUT / "status-page.png", "1000,1010")
        session.close()


if __name__ == "__main__":
    main()
