"""Delivering notices from the app: File > Send notices, Open notice in mail app, and
the opt-in "Send notices after each edit".

``install(window)`` adds, to the File menu (above its last group) and to the Notices
dock's right-click menu:

- **Send notices…**: e-mails every notice not sent yet (``planner.app.delivery``, the
  same as ``planner send``). The outbox is read and the results are written on the GUI
  thread; only the SMTP conversation runs on a worker thread, so the window stays live.
  The status bar counts the progress; at the end a message box says what was sent and
  what stays queued, with each reason.
- **Open notice in mail app**: the selected notice (in the Notices dock) as a draft
  .eml, addressed to its team's or stakeholder's contact, written to a temporary file
  and handed to the desktop (``QDesktopServices.openUrl``): the mail program opens it to
  be checked and sent from there. Nothing is marked sent.
- **Send notices after each edit** (off by default, ``Settings.send_notices_after_edit``):
  an edit that made notices sends them at once, reporting in the status bar only.

Nothing is sent unless one of these asks. The SMTP settings are the user's
(``planner.app.mail_settings``: smtp.toml and the PLANNER_SMTP_* variables).
"""

from __future__ import annotations

import tempfile
import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDockWidget, QMessageBox, QWidget

from planner.app import delivery
from planner.app.delivery import NoticeResult, Outgoing, SendReport
from planner.app.session import PlanSession
from planner.app.settings import save_settings
from planner.domain.errors import PlannerError
from planner.domain.text import shorten
from planner.gui.host import WindowHost
from planner.gui.notices_dock import ROLE_ID, ROLE_KIND
from planner.gui.plain_text import show_message

__all__ = ["DeliveryFeature", "install"]

TITLE = "Send notices"


def install(window: WindowHost) -> None:
    window.delivery_feature = DeliveryFeature(window)


class _Relay(QObject):
    """Carries the worker thread's news to the GUI thread (queued connections)."""

    result = Signal(object, bool, str)  # Outgoing, sent, reason
    finished = Signal(object)  # the connection's failure (str) or None


class DeliveryFeature(QObject):
    """The actions, the worker thread and the report of a send; see the module
    docstring. ``last_report`` is the report of the last send finished."""

    send_finished = Signal(object)  # the SendReport

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)
        self.window = window
        self.last_report: SendReport | None = None
        self.last_eml: Path | None = None
        self._running = False
        self._again = False
        self._quiet = False
        self._results: list[NoticeResult] = []
        self._total = 0
        self._session = None
        self._now = datetime.now().astimezone()

        self.send_action = QAction("Se&nd notices…", window)
        self.send_action.setObjectName("send_notices")
        self.send_action.setStatusTip(
            "E-mail every notice not sent yet to its team's or stakeholder's contact"
        )
        self.send_action.triggered.connect(lambda: self.send())
        self.mail_action = QAction("Open notice in &mail app", window)
        self.mail_action.setObjectName("open_notice_in_mail_app")
        self.mail_action.setStatusTip(
            "Open the selected notice as a draft e-mail in your mail program"
        )
        self.mail_action.triggered.connect(lambda: self.open_in_mail_app())
        self.auto_action = QAction("Send notices after each &edit", window)
        self.auto_action.setObjectName("send_notices_after_edit")
        self.auto_action.setCheckable(True)
        self.auto_action.setChecked(bool(window.settings.send_notices_after_edit))
        self.auto_action.setStatusTip(
            "E-mail the notices an edit makes as soon as it is made (off: only when asked)"
        )
        self.auto_action.toggled.connect(self._set_auto)
        self._add_to_menu()
        self._add_to_dock()

        self.relay = _Relay()
        self.relay.result.connect(self._on_result)
        self.relay.finished.connect(self._on_finished)
        window.changes_applied.connect(self._on_changes)
        window.session_changed.connect(lambda _s: self.update_actions())
        window.installEventFilter(self)  # a close waits for a send under way
        self.update_actions()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Closing the window while notices are being sent first lets the send finish
        (each message the server accepts must be recorded, or it would go twice)."""
        if watched is self.window and event.type() == QEvent.Type.Close and self._running:
            self.window.statusBar().showMessage("Finishing sending notices…")
            while self._running:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return False

    # -- wiring ----------------------------------------------------------------------------
    def _add_to_menu(self) -> None:
        menu = self.window.menu("&File")
        separators = [a for a in menu.actions() if a.isSeparator()]
        before = separators[-1] if separators else None
        for action in (self.send_action, self.mail_action, self.auto_action):
            if before is not None:
                menu.insertAction(before, action)
            else:
                menu.addAction(action)
        if before is not None:
            menu.insertSeparator(self.send_action)

    def _notices_dock(self) -> QDockWidget | None:
        docks = [
            d for d in self.window.findChildren(QDockWidget) if d.objectName() == "NoticesDock"
        ]
        return docks[0] if docks else None

    def _add_to_dock(self) -> None:
        """The dock's tree gets the actions as its right-click menu."""
        dock = self._notices_dock()
        tree = getattr(dock, "tree", None)
        if isinstance(tree, QWidget):
            tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            tree.addAction(self.mail_action)
            tree.addAction(self.send_action)

    def update_actions(self) -> None:
        session = self.window.session
        writable = session is not None and not session.read_only
        queued = 0
        if writable:
            try:
                queued = len(session.unsent_notices())
            except PlannerError:
                queued = 0
        self.send_action.setText(
            f"Se&nd notices ({queued} queued)…" if queued else "Se&nd notices…"
        )
        self.send_action.setEnabled(writable and not self._running)
        self.mail_action.setEnabled(session is not None)

    def _set_auto(self, on: bool) -> None:
        self.window.settings.send_notices_after_edit = on
        save_settings(self.window.settings)

    def _on_changes(self, changes) -> None:
        self.update_actions()
        if changes is not None and changes.notices and self.auto_action.isChecked():
            self.send(quiet=True)

    # -- sending ---------------------------------------------------------------------------
    def send(self, *, quiet: bool = False) -> bool:
        """Start sending the outbox; True when a send was started (or will follow the one
        running). ``quiet`` reports in the status bar only (the send after an edit)."""
        session = self.window.session
        if session is None:
            return False
        if self._running:
            self._again = True
            return True
        if session.read_only:
            self._say(
                f"Nothing was sent: the roadmap is read-only ({session.read_only_reason}).", quiet
            )
            return False
        now = datetime.now().astimezone()
        try:
            settings = delivery.load_smtp_settings()
            outbox = delivery.prepare_outbox(session, settings.sender, now)
        except PlannerError as e:
            self._say(str(e), quiet)
            return False
        if not outbox:
            self._finish(SendReport(()), quiet)
            return False
        self._session, self._now, self._quiet = session, now, quiet
        self._results, self._total = [], len(outbox)
        setup = settings.problem()
        for item in outbox:
            if item.message is None or setup:
                self._record(item, False, item.problem or setup or "")
        pending = [] if setup else [o for o in outbox if o.message is not None]
        if not pending:
            self._finish(SendReport.of(self._results, setup), quiet)
            return True
        self._running = True
        self.update_actions()
        self._progress()
        relay = self.relay

        def work() -> None:
            try:
                fatal = delivery.deliver(pending, settings, relay.result.emit)
            except Exception as e:  # a bug must not leave the app waiting forever
                fatal = f"sending stopped: {e.__class__.__name__}: {shorten(str(e), 120)}"
            relay.finished.emit(fatal)

        threading.Thread(target=work, name="send-notices", daemon=True).start()
        return True

    def _record(self, item: Outgoing, sent: bool, reason: str) -> None:
        """Write one notice's fate to the roadmap (on the GUI thread, which owns it). If
        the window has let go of that roadmap meanwhile (another one was opened), the
        roadmap is opened again to record it: a notice the server accepted must be
        marked sent, or the next send would send it twice."""
        try:
            try:
                delivery.record(self._session, item, sent, reason, self._now)
            except PlannerError:
                if self._session is None or self._session is self.window.session:
                    raise
                self._record_in_file(item, sent, reason)
        except PlannerError as e:  # it can't be written
            reason = f"{reason}; and it could not be recorded: {e}" if reason else str(e)
        self._results.append(delivery.result_of(item, sent, reason))

    def _record_in_file(self, item: Outgoing, sent: bool, reason: str) -> None:
        """Record in the roadmap file the send began with, opened again for this. Raises
        PlannerError if it can't be (it is gone, or another planner holds it)."""
        path = self._session.path if self._session is not None else None
        if path is None:
            raise PlannerError("the roadmap was closed")
        again = PlanSession.open(path)
        try:
            if again.read_only:
                raise PlannerError(f"{path.name} is open read-only ({again.read_only_reason})")
            delivery.record(again, item, sent, reason, self._now)
        finally:
            again.close()

    def _on_result(self, item: Outgoing, sent: bool, reason: str) -> None:
        self._record(item, sent, reason)
        self._progress()

    def _progress(self) -> None:
        done = len(self._results)
        self.window.statusBar().showMessage(f"Sending notices… {done} of {self._total}")

    def _on_finished(self, fatal: str | None) -> None:
        self._running = False
        results = sorted(self._results, key=lambda r: r.notice_id)
        self._finish(SendReport.of(results, fatal), self._quiet)
        if self._again:
            self._again = False
            self.send(quiet=True)

    def _finish(self, report: SendReport, quiet: bool) -> None:
        self.last_report = report
        self.update_actions()
        self.window.statusBar().showMessage(_summary(report), 15000)
        if not quiet:
            icon = QMessageBox.Icon.Information if report.delivered else QMessageBox.Icon.Warning
            show_message(self.window, TITLE, _details(report), icon)
        self.send_finished.emit(report)

    def _say(self, text: str, quiet: bool) -> None:
        if quiet:
            self.window.statusBar().showMessage(f"Notices not sent: {text}", 15000)
        else:
            show_message(self.window, TITLE, text)

    def is_sending(self) -> bool:
        return self._running

    # -- Open in mail app ----------------------------------------------------------------
    def selected_notice_id(self) -> int | None:
        """The notice selected in the Notices dock (or the one an item of it belongs to)."""
        dock = self._notices_dock()
        tree = getattr(dock, "tree", None)
        if tree is None:
            return None
        nodes = tree.selectedItems() or ([tree.currentItem()] if tree.currentItem() else [])
        for node in nodes:
            while node is not None and node.data(0, ROLE_KIND) not in ("notice", "team", None):
                node = node.parent()
            if node is not None and node.data(0, ROLE_KIND) == "notice":
                return int(node.data(0, ROLE_ID))
        return None

    def open_in_mail_app(self, notice_id: int | None = None) -> Path | None:
        """Write the notice's draft .eml to a temporary file and hand it to the desktop;
        returns the file (None when there was no notice, or nothing could open it)."""
        session = self.window.session
        nid = notice_id if notice_id is not None else self.selected_notice_id()
        if session is None or nid is None:
            self.window.statusBar().showMessage("Select a notice in the Notices dock first", 8000)
            return None
        try:
            path = self.write_draft(nid)
        except (PlannerError, OSError) as e:
            show_message(self.window, "Open in mail app", str(e))
            return None
        self.last_eml = path
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            show_message(
                self.window,
                "Open in mail app",
                f"No mail program opened the notice. It is saved as {path}",
            )
            return None
        self.window.statusBar().showMessage(
            f"Opened the notice in the mail program ({path.name})", 8000
        )
        return path

    def write_draft(self, notice_id: int) -> Path:
        """The notice as a draft .eml in the temporary folder. Raises PlannerError when
        there is no such notice, OSError when the file can't be written."""
        session = self.window.session
        rows = session.notices(include_acknowledged=True)
        row = next((r for r in rows if r.id == notice_id), None)
        if row is None:
            raise PlannerError(f"there is no notice {notice_id} any more")
        plan = session.plan
        _name, contact = delivery.recipient_of(plan, row)
        try:
            to = delivery.parse_contact(contact)
        except PlannerError:
            to = ()  # the mail program lets the user type the address
        try:
            sender = delivery.load_smtp_settings().sender
            delivery.sender_address(sender)
        except PlannerError:
            sender = ""  # the mail program fills in its own From
        mid = delivery.message_id_for(session.uid, row.id)
        msg = delivery.notice_message(
            plan, row, to, sender, mid, datetime.now().astimezone(), draft=True
        )
        # a folder of our own (mode 0700, a name no one can guess), not a fixed one in
        # the shared temp folder another user could have made or filled with links
        folder = Path(tempfile.mkdtemp(prefix="roadmap-planner-"))
        path = folder / f"notice-{session.uid[:12] or 'roadmap'}-{row.id}.eml"
        with path.open("xb") as f:
            f.write(msg.as_bytes())
        return path


def _summary(report: SendReport) -> str:
    """One line for the status bar."""
    if not report.results:
        return "Nothing to send: every notice has been sent."
    if report.problem is None:
        return f"Sent {report.sent} notice{'s' if report.sent != 1 else ''}."
    return f"Sent {report.sent}; {report.problem}"


def _details(report: SendReport) -> str:
    """The message box: the summary, then a line per notice."""
    lines = [_summary(report)]
    if report.results:
        lines.append("")
        lines += [r.line() for r in report.results[:40]]
        if len(report.results) > 40:
            lines.append(f"… and {len(report.results) - 40} more")
    return "\n".join(lines)
