"""Delivering notices by e-mail: the outbox sent over SMTP, each notice once.

``send_notices(session, settings, now=...)`` sends every notice not sent yet (the
session's outbox: acknowledged ones too, withdrawn ones never) to the contact of its
team or stakeholder, one message per notice, addressed to every address of the contact
(a contact may list several, separated by commas). Each message has a stable
Message-ID, ``<notice-{roadmap uid}-{notice id}@roadmap-planner.invalid>`` (the
uid's first 20 hex digits), so a mail
program that sees one twice can tell. A notice is marked sent only once the server has
accepted its message; one that could not be sent stays queued with the reason, and the
next send tries it again; one already sent is never sent again.

A notice whose recipient has no contact (or one that is not an e-mail address) stays
queued with that reason, without any connection being made. When the server can't be
reached, refuses the login or goes away, every notice not yet sent stays queued with
one clear line that says so ("could not connect to smtp.example.com:587: connection
refused"). Nothing is sent unless a caller asks: the CLI's ``planner send``, the app's
"Send notices" (or, opted in, after each edit that made notices).

The steps are separate for the app, which sends off its GUI thread: ``prepare_outbox``
(reads the session), ``deliver`` (only the network: no session, any thread), and
``record`` (writes the result to the session, on the session's thread).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from ipaddress import ip_address
from typing import Literal

from planner.app.mail_settings import SmtpSettings, load_smtp_settings, smtp_password
from planner.app.session import PlanSession
from planner.domain.errors import PlanError, PlannerError
from planner.domain.model import Plan
from planner.domain.notices import NoticeRow
from planner.domain.text import one_line, printable, quoted, shorten
from planner.export import digest

__all__ = [
    "NoticeResult",
    "Outgoing",
    "SendReport",
    "SmtpSettings",
    "deliver",
    "load_smtp_settings",
    "message_id_for",
    "notice_message",
    "parse_contact",
    "prepare_outbox",
    "recipient_of",
    "record",
    "result_of",
    "send_notices",
    "sender_address",
]

Status = Literal["sent", "queued", "would send"]
OnResult = Callable[["Outgoing", bool, str], None]


@dataclass(frozen=True)
class Outgoing:
    """One notice on its way out: whom it goes to, and the message; or, when it can't
    go (no contact), ``message`` is None and ``problem`` says why."""

    notice_id: int
    recipient: str  # the team's or stakeholder's name
    addresses: tuple[str, ...]  # the addr-specs the message goes to
    subject: str
    message_id: str
    message: EmailMessage | None
    problem: str = ""

    @property
    def to(self) -> str:
        """'Backend <be@example.com, lead@example.com>', as a line shows it."""
        if not self.addresses:
            return self.recipient
        return f"{self.recipient} <{', '.join(self.addresses)}>"


@dataclass(frozen=True)
class NoticeResult:
    """What became of one notice: sent, queued (with the reason) or, in a dry run,
    would be sent. A sent notice may carry a reason too: the addresses the server
    refused while it accepted the others."""

    notice_id: int
    to: str
    subject: str
    status: Status
    reason: str = ""

    def line(self) -> str:
        """'Backend <be@example.com>: Slip: API — vendor down: sent'."""
        tail = f"{self.status}: {self.reason}" if self.reason else self.status
        return f"{self.to}: {self.subject}: {tail}"


@dataclass(frozen=True)
class SendReport:
    """What a send did, notice by notice, and ``problem``: one line when something stays
    queued (the connection's failure, else a count and the first reason), or None."""

    results: tuple[NoticeResult, ...]
    problem: str | None = None

    @property
    def sent(self) -> int:
        return sum(r.status == "sent" for r in self.results)

    @property
    def queued(self) -> int:
        return sum(r.status == "queued" for r in self.results)

    @property
    def delivered(self) -> bool:
        """True when nothing stays queued or was refused (also: nothing to send)."""
        return self.problem is None

    @classmethod
    def of(cls, results: Sequence[NoticeResult], fatal: str | None = None) -> SendReport:
        """The report of ``results``; ``fatal`` is the connection's failure, if any."""
        results = tuple(results)
        queued = [r for r in results if r.status == "queued"]
        refused = [r for r in results if r.status == "sent" and r.reason]
        problem = None
        if queued:
            first = fatal or queued[0].reason
            problem = f"{_count(len(queued), 'notice')} of {len(results)} stay queued: {first}"
        elif refused:
            problem = f"{refused[0].to}: {refused[0].reason}"
        return cls(results, problem)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- recipients and messages ----------------------------------------------------------
def recipient_of(plan: Plan, row: NoticeRow) -> tuple[str, str]:
    """(name, contact) of the team or stakeholder a notice goes to; the contact is ''
    when it has none (or is no longer in the plan). The notice's ``team`` holds the
    recipient's id, and its body's ``recipient`` says which kind ("team" by default)."""
    if row.body.get("recipient", "team") == "stakeholder":
        if plan.has_stakeholder(row.team):
            s = plan.stakeholder(row.team)
            return s.name, s.contact
        return row.team, ""
    if not row.team:
        return plan.team_name(None), ""
    if row.team in plan.team_index:
        team = plan.team(row.team)
        return team.name, team.contact
    return row.team, ""


def parse_contact(contact: str) -> tuple[Address, ...]:
    """The addresses of a contact ("Ann <ann@example.com>, ops@example.com"; commas or
    semicolons between them). Raises PlanError naming the part that is not an address."""
    text = one_line(contact).strip()
    parts = [(n, a) for n, a in getaddresses([text.replace(";", ",")]) if n or a]
    out = []
    for name, addr in parts:
        try:
            local, _, domain = addr.rpartition("@")
            if not local or not domain or any(c.isspace() for c in addr):
                raise ValueError(addr)
            out.append(Address(one_line(name), addr_spec=addr))
        except (ValueError, TypeError, IndexError, HeaderParseError):
            # the parser keeps only a piece of what it can't read: name the whole
            # contact unless it lists several
            bad = text if len(parts) == 1 else addr or name
            raise PlanError(f"{quoted(bad)} is not an e-mail address") from None
    if text.strip(" ,;") and not out:  # something written, nothing the parser could read
        raise PlanError(f"{quoted(text)} is not an e-mail address")
    return tuple(out)


def sender_address(sender: str) -> Address:
    """The From address of the settings. Raises PlanError if it is not one address."""
    try:
        found = parse_contact(sender)
    except PlanError:
        found = ()
    if len(found) != 1:
        raise PlanError(f"the sender {quoted(sender)} is not one e-mail address")
    return found[0]


def message_id_for(uid: str, notice_id: int) -> str:
    """The notice's Message-ID: the same for every try, unique to this roadmap. The
    roadmap's uid is cut to 20 hex digits (80 bits) so that the header fits on one line
    and no mail program has to unfold it."""
    return f"<notice-{uid[:20] or 'roadmap'}-{notice_id}@roadmap-planner.invalid>"


def notice_subject(plan: Plan, row: NoticeRow) -> str:
    """The Subject, on one line: a team's names the plan and the notice ('[Q1 roadmap]
    Slip: Payments API — vendor sandbox down'); a stakeholder's is the digest's headline,
    written for a person in another department ('Checkout launch moves to Thu 18 Mar
    (+4 working days)')."""
    headline = digest.notice_headline(plan, row)
    if row.body.get("recipient") != "stakeholder":
        headline = f"[{plan.name}] {headline}"
    return shorten(one_line(headline), 200)


def notice_message(
    plan: Plan,
    row: NoticeRow,
    to: Sequence[Address],
    sender: str,
    message_id: str,
    now: datetime,
    *,
    draft: bool = False,
) -> EmailMessage:
    """The e-mail of one notice: the digest's .eml of it (plain text and Markdown) with
    its own subject, From (none when ``sender`` is ''), To, Date and Message-ID, marked
    auto-generated so that vacation responders leave it be. A ``draft`` keeps the
    digest's X-Unsent, so a mail program opens it to be sent from there. Raises
    PlanError if ``sender`` is not one address."""
    msg = digest.notices_eml(plan, [row], row.team or None)
    for header in ("Subject", "Date", *(() if draft else ("X-Unsent",))):
        del msg[header]
    msg["Subject"] = notice_subject(plan, row)
    if sender:
        msg["From"] = sender_address(sender)
    msg["To"] = tuple(to)
    msg["Date"] = format_datetime(now if now.tzinfo else now.astimezone())
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Roadmap-Notice"] = str(row.id)
    return msg


def prepare_outbox(session: PlanSession, sender: str, now: datetime) -> list[Outgoing]:
    """Every notice of the outbox, oldest first, with its message from ``sender`` ('':
    no From yet), or why it can't be sent. Raises PlanError if ``sender`` is not an
    address (and there is something to send), RoadmapFileError if a stored notice is
    damaged."""
    plan, uid = session.plan, session.uid
    out = []
    for queued in session.unsent_notices():
        row = queued.notice
        name, contact = recipient_of(plan, row)
        mid = message_id_for(uid, row.id)
        subject = notice_subject(plan, row)
        shown = shorten(one_line(name), 60)
        try:
            to = parse_contact(contact) if contact.strip() else ()
        except PlanError as e:
            out.append(
                Outgoing(row.id, name, (), subject, mid, None, f"the contact of {shown}: {e}")
            )
            continue
        if not to:
            out.append(Outgoing(row.id, name, (), subject, mid, None, f"no contact for {shown}"))
            continue
        message = notice_message(plan, row, to, sender, mid, now)
        addresses = tuple(a.addr_spec for a in to)
        out.append(Outgoing(row.id, name, addresses, subject, mid, message))
    return out


# -- the network --------------------------------------------------------------------------
class _Fatal(Exception):
    """The connection failed: nothing more can be sent in this run (one line)."""


def deliver(
    outbox: Sequence[Outgoing],
    settings: SmtpSettings,
    on_result: OnResult,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """Send every message of ``outbox`` over one connection, calling ``on_result(item,
    sent, reason)`` for each as soon as its fate is known: ``sent`` True once the server
    accepted it (``reason`` then names the addresses it refused, if any), else False
    with why. When the connection fails, every item not yet sent gets that one line,
    which is also returned (None when the connection held). Touches no session: the app
    runs it off its GUI thread. Items without a message are not for this function."""
    pending = [o for o in outbox if o.message is not None]
    if not pending:
        return None
    done = 0
    try:
        client = _connect(settings, environ)
        try:
            for item in pending:
                sent, reason = _send_one(client, item, settings)
                done += 1
                on_result(item, sent, reason)
        finally:
            _quit(client)
    except _Fatal as e:
        problem = str(e)
        for item in pending[done:]:
            on_result(item, False, problem)
        return problem
    return None


def _connect(settings: SmtpSettings, environ: Mapping[str, str] | None) -> smtplib.SMTP:
    """A connection, secured and logged in as the settings say. Raises _Fatal."""
    host, port, where = settings.host, settings.server_port, settings.where
    context = ssl.create_default_context()
    try:
        if settings.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=settings.timeout, context=context
            )
        else:
            client = smtplib.SMTP(host, port, timeout=settings.timeout)
    except (OSError, smtplib.SMTPException) as e:
        raise _Fatal(f"could not connect to {where}: {_why(e)}") from None
    try:
        client.ehlo()
        if settings.security == "starttls":
            if not client.has_extn("starttls"):
                raise _Fatal(f"{where} does not offer STARTTLS: set security to tls or none")
            client.starttls(context=context)
            client.ehlo()
        if settings.user:
            if settings.security == "none" and not _is_loopback(host):
                raise _Fatal(
                    f"will not send the SMTP password unencrypted to {where}: "
                    "set security to starttls or tls"
                )
            try:
                password = smtp_password(settings.user, environ)
            except PlanError as e:
                raise _Fatal(str(e)) from None
            client.login(settings.user, password)
    except _Fatal:
        _quit(client)
        raise
    except smtplib.SMTPAuthenticationError:
        _quit(client)
        raise _Fatal("the SMTP server refused the user name or password") from None
    except smtplib.SMTPNotSupportedError:
        _quit(client)
        raise _Fatal(f"{where} does not accept a login (no AUTH): leave the user empty") from None
    except (OSError, smtplib.SMTPException) as e:
        _quit(client)
        raise _Fatal(f"could not talk to {where}: {_why(e)}") from None
    return client


def _send_one(client: smtplib.SMTP, item: Outgoing, settings: SmtpSettings) -> tuple[bool, str]:
    """Send one message: (accepted, reason). A refusal of this message alone is its own
    reason; a failure of the connection raises _Fatal."""
    assert item.message is not None
    sender = settings.sender
    envelope_from = sender_address(sender).addr_spec
    try:
        refused = client.send_message(item.message, envelope_from, list(item.addresses))
    except smtplib.SMTPRecipientsRefused as e:
        return False, "the server refused " + _refusals(e.recipients)
    except smtplib.SMTPDataError as e:
        return False, f"the server refused the message ({_reply(e.smtp_code, e.smtp_error)})"
    except smtplib.SMTPNotSupportedError:  # an address or name beyond ASCII: SMTPUTF8
        return False, f"{settings.where} can't take addresses beyond ASCII (no SMTPUTF8)"
    except smtplib.SMTPSenderRefused as e:
        if e.smtp_code == 530:
            raise _Fatal(
                f"{settings.where} asks for a login: set the SMTP user (and its password)"
            ) from None
        raise _Fatal(
            f"the SMTP server refused the sender {quoted(sender)} "
            f"({_reply(e.smtp_code, e.smtp_error)})"
        ) from None
    except smtplib.SMTPServerDisconnected as e:
        raise _Fatal(f"the SMTP server {settings.where} stopped: {_why(e)}") from None
    except (OSError, smtplib.SMTPException) as e:
        raise _Fatal(f"sending to {settings.where} failed: {_why(e)}") from None
    if refused:
        return True, "not accepted for " + _refusals(refused)
    return True, ""


def _refusals(refused: Mapping[str, tuple[int, bytes | str]]) -> str:
    parts = [f"{addr} ({_reply(code, text)})" for addr, (code, text) in refused.items()]
    return ", ".join(parts)


def _reply(code: int, text: bytes | str) -> str:
    """The server's reply, shortened to one printable line: it is the server's text."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return printable(shorten(one_line(f"{code} {text}"), 120), keep_newlines=False)


def _why(e: BaseException) -> str:
    """A failure of the connection in a few words."""
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, socket.gaierror):
        return "no such host"
    if isinstance(e, TimeoutError):
        return "no answer (timed out)"
    if isinstance(e, ssl.SSLCertVerificationError):
        return f"its certificate can't be trusted ({e.verify_message})"
    if isinstance(e, ssl.SSLError):
        return f"the secure connection failed ({e.reason or e.__class__.__name__})"
    if isinstance(e, smtplib.SMTPServerDisconnected):  # smtplib words a timeout so
        return (
            "no answer (timed out)" if "timed out" in str(e) else "the server closed the connection"
        )
    if isinstance(e, smtplib.SMTPResponseException):
        return _reply(e.smtp_code, e.smtp_error)
    if isinstance(e, OSError) and e.strerror:
        return e.strerror.lower()
    return printable(shorten(one_line(str(e) or e.__class__.__name__), 120))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


# -- the whole send -------------------------------------------------------------------------
def record(session: PlanSession, item: Outgoing, sent: bool, reason: str, now: datetime) -> None:
    """Write one notice's fate to the roadmap: sent (never sent again) or queued with
    ``reason``. Raises RoadmapFileError if it can't be saved."""
    if sent:
        session.mark_sent(item.notice_id, now, item.message_id)
    else:
        session.mark_failed(item.notice_id, reason)


def result_of(item: Outgoing, sent: bool, reason: str) -> NoticeResult:
    return NoticeResult(item.notice_id, item.to, item.subject, "sent" if sent else "queued", reason)


def send_notices(
    session: PlanSession,
    settings: SmtpSettings,
    *,
    dry_run: bool = False,
    now: datetime,
    environ: Mapping[str, str] | None = None,
) -> SendReport:
    """Send every notice of the outbox (see the module docstring) and say what became of
    each. With ``dry_run``, nothing is sent, asked for or written: the report says what
    would be sent, and what would stay queued and why. Raises PlannerError when the
    roadmap can't record what is sent (opened read-only: then nothing is sent),
    PlanError for a sender that is not an address."""
    if session.read_only and not dry_run:
        raise PlannerError(
            f"{session.path}: opened read-only because {session.read_only_reason}; "
            "nothing was sent (a notice sent must be marked sent)"
        )
    outbox = prepare_outbox(session, settings.sender, now)
    if not outbox:
        return SendReport(())
    setup = settings.problem()
    results: list[NoticeResult] = []
    if dry_run:
        for item in outbox:
            why = item.problem or (setup or "")
            results.append(result_of(item, False, why) if why else _would_send(item))
        return SendReport.of(results, setup)

    def on_result(item: Outgoing, sent: bool, reason: str) -> None:
        record(session, item, sent, reason, now)
        results.append(result_of(item, sent, reason))

    for item in outbox:
        if item.message is None or setup:
            on_result(item, False, item.problem or setup or "")
    fatal = None if setup else deliver(outbox, settings, on_result, environ)
    results.sort(key=lambda r: r.notice_id)
    return SendReport.of(results, fatal or setup)


def _would_send(item: Outgoing) -> NoticeResult:
    return NoticeResult(item.notice_id, item.to, item.subject, "would send")
