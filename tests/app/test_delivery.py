"""Delivering notices over SMTP, against a real server on 127.0.0.1 (aiosmtpd): one
message per notice and address, a stable Message-ID, nothing sent twice, failures
queued with one clear line and delivered by a later send."""

from __future__ import annotations

import dataclasses
import socket
import threading
from datetime import UTC, date, datetime

import pytest
from smtp_server import SmtpServer, free_port

from planner.app import delivery, mail_settings
from planner.app.delivery import SmtpSettings, message_id_for, parse_contact, send_notices
from planner.app.session import PlanSession
from planner.app.slips import RecordSlip
from planner.domain.errors import PlanError, PlannerError
from planner.domain.model import Plan
from planner.storage.repository import PlanRepository

# the test server takes a login without TLS: it is on 127.0.0.1
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
CONTACTS = {"be": "be@example.com", "web": "Web team <web@example.com>, lead@example.com"}


def with_contacts(plan: Plan, contacts: dict[str, str]) -> Plan:
    """The plan with these team contacts."""
    teams = tuple(dataclasses.replace(t, contact=contacts.get(t.id, "")) for t in plan.teams)
    return dataclasses.replace(plan, teams=teams)


@pytest.fixture
def session(contract_plan):
    plan = with_contacts(contract_plan, CONTACTS)
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    s = PlanSession(repo, plan)
    s.apply(RecordSlip("A", 3, "vendor sandbox down", TODAY))  # notices: be, web, mobile
    return s


@pytest.fixture
def server():
    srv = SmtpServer().start()
    yield srv
    srv.stop()


def settings_for(srv: SmtpServer, **kw) -> SmtpSettings:
    base = {"host": srv.host, "port": srv.port, "security": "none", "from_addr": "pm@example.com"}
    return SmtpSettings(**{**base, "timeout": 5.0, **kw})


def send(session, settings, **kw):
    return send_notices(session, settings, now=NOW, environ=kw.pop("environ", {}), **kw)


def test_one_message_per_notice_and_address_with_a_stable_message_id(session, server):
    report = send(session, settings_for(server))
    by_team = {r.team: r.id for r in session.notices(include_acknowledged=True)}
    assert report.sent == 2 and report.queued == 1  # Mobile has no contact
    for address, team in [
        ("be@example.com", "be"),
        ("web@example.com", "web"),
        ("lead@example.com", "web"),
    ]:
        copies = server.copies_to(address)
        assert len(copies) == 1, address
        assert copies[0]["Message-ID"] == message_id_for(session.uid, by_team[team])
        assert len(f"Message-ID: {copies[0]['Message-ID']}") <= 78  # never folded
    assert len(server.received) == 2  # web's two addresses share one message
    web = server.copies_to("web@example.com")[0]
    assert web["To"] == "Web team <web@example.com>, lead@example.com"
    assert web["From"] == "pm@example.com" and web["Auto-Submitted"] == "auto-generated"
    assert web["Subject"] == "[Contract example] Slip: Payments API — vendor sandbox down"
    assert "X-Unsent" not in web
    body = web.get_body(("plain",)).get_content()
    assert "Checkout page: 3 working days later" in body
    assert server.received[0].mail_from == "pm@example.com"


def test_a_second_send_sends_nothing_again(session, server):
    first = send(session, settings_for(server))
    second = send(session, settings_for(server))
    assert first.sent == 2 and second.sent == 0
    assert len(server.received) == 2
    assert [r.status for r in second.results] == ["queued"]  # only Mobile, no contact
    assert [q.notice.team for q in session.unsent_notices()] == ["mobile"]


def test_a_recipient_without_contact_stays_queued_with_its_reason(session, server):
    report = send(session, settings_for(server))
    (mobile,) = [r for r in report.results if r.status == "queued"]
    assert mobile.reason == "no contact for Mobile"
    assert report.problem == "1 notice of 3 stay queued: no contact for Mobile"
    assert not report.delivered
    (queued,) = session.unsent_notices()
    assert queued.send_error == "no contact for Mobile"


def test_a_stopped_server_keeps_everything_queued_then_a_later_send_delivers(session, server):
    settings = settings_for(server)
    server.stop()
    report = send(session, settings)
    line = f"could not connect to 127.0.0.1:{server.port}: connection refused"
    assert report.sent == 0 and report.queued == 3
    assert report.problem == f"3 notices of 3 stay queued: {line}"
    errors = {q.notice.team: q.send_error for q in session.unsent_notices()}
    assert errors == {"be": line, "web": line, "mobile": "no contact for Mobile"}
    server.start()
    later = send(session, settings)
    assert later.sent == 2 and len(server.received) == 2
    assert [q.notice.team for q in session.unsent_notices()] == ["mobile"]


def test_a_wrong_password_says_so_in_one_line_and_the_right_one_delivers(session):
    srv = SmtpServer(password="s3cret").start()
    try:
        settings = settings_for(srv, user="pm@example.com")
        wrong = send(session, settings, environ={"PLANNER_SMTP_PASSWORD": "guess"})
        line = "the SMTP server refused the user name or password"
        assert wrong.problem == f"3 notices of 3 stay queued: {line}"
        assert srv.received == [] and set(srv.logins) == {("pm@example.com", "guess")}
        right = send(session, settings, environ={"PLANNER_SMTP_PASSWORD": "s3cret"})
        assert right.sent == 2 and len(srv.received) == 2
    finally:
        srv.stop()


def test_a_server_that_wants_a_login_says_so_when_no_user_is_set(session):
    srv = SmtpServer(password="s3cret").start()
    try:
        report = send(session, settings_for(srv))
        assert report.sent == 0
        assert report.problem.endswith(
            f"127.0.0.1:{srv.port} asks for a login: set the SMTP user (and its password)"
        )
    finally:
        srv.stop()


def test_no_password_anywhere_names_the_variable_and_the_keyring(session, server, monkeypatch):
    monkeypatch.setattr(mail_settings, "_keyring_password", lambda user: (None, "no backend"))
    report = send(session, settings_for(server, user="pm@example.com"))
    assert report.problem == (
        "3 notices of 3 stay queued: no password for the SMTP user 'pm@example.com': "
        "set PLANNER_SMTP_PASSWORD (the keyring can't be used: no backend)"
    )
    assert server.received == []


def test_the_keyring_gives_the_password(session, monkeypatch):
    srv = SmtpServer(password="from-keyring").start()
    asked = []

    def keyring_password(user):
        asked.append(user)
        return "from-keyring", ""

    monkeypatch.setattr(mail_settings, "_keyring_password", keyring_password)
    try:
        report = send(session, settings_for(srv, user="pm@example.com"))
        assert report.sent == 2 and asked == ["pm@example.com"]
    finally:
        srv.stop()


def test_the_keyring_is_optional(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_keyring(name, *args, **kwargs):
        if name == "keyring" or name.startswith("keyring."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_keyring)
    with pytest.raises(PlanError, match=r"keyring can't be used: the keyring package is not"):
        mail_settings.smtp_password("pm@example.com", {})
    assert mail_settings.smtp_password("pm@example.com", {"PLANNER_SMTP_PASSWORD": "x"}) == "x"


def test_withdrawn_notices_are_never_sent(session, server):
    session.undo()  # the slip is undone: its notices are withdrawn
    report = send(session, settings_for(server))
    assert report.results == () and report.delivered
    assert server.received == [] and session.unsent_notices() == []
    session.redo()  # they come back, and go out
    assert send(session, settings_for(server)).sent == 2


def test_acknowledged_notices_are_sent_too(session, server):
    session.acknowledge([r.id for r in session.notices()])
    assert send(session, settings_for(server)).sent == 2


def test_a_dry_run_sends_and_records_nothing(session, server):
    report = send(session, settings_for(server), dry_run=True)
    assert [r.status for r in report.results] == ["would send", "would send", "queued"]
    assert report.results[1].to == "Web <web@example.com, lead@example.com>"
    assert server.received == [] and server.logins == []
    assert all(q.send_error is None for q in session.unsent_notices())


def test_a_dry_run_without_settings_says_what_is_missing(session):
    report = send(session, SmtpSettings(), dry_run=True)
    assert report.queued == 3
    assert "no SMTP server is set up: set host in" in report.results[0].reason


def test_a_refused_recipient_keeps_only_that_notice_queued(session):
    srv = SmtpServer(refuse={"be@example.com"}).start()
    try:
        report = send(session, settings_for(srv))
        reasons = {r.to.split(" ")[0]: (r.status, r.reason) for r in report.results}
        assert reasons["Backend"] == (
            "queued",
            "the server refused be@example.com (550 5.1.1 no such mailbox here)",
        )
        assert reasons["Web"] == ("sent", "")
        assert [q.notice.team for q in session.unsent_notices()] == ["be", "mobile"]
    finally:
        srv.stop()


def test_one_refused_address_of_two_still_marks_the_notice_sent(session):
    srv = SmtpServer(refuse={"lead@example.com"}).start()
    try:
        report = send(session, settings_for(srv))
        web = next(r for r in report.results if r.to.startswith("Web"))
        assert web.status == "sent"
        assert web.reason == "not accepted for lead@example.com (550 5.1.1 no such mailbox here)"
        assert (
            len(srv.copies_to("web@example.com")) == 1 and srv.copies_to("lead@example.com") == []
        )
        assert not report.delivered
        assert send(session, settings_for(srv)).sent == 0  # never sent twice
    finally:
        srv.stop()


def test_a_server_that_does_not_answer_times_out_in_one_line(session):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never says hello
    port = silent.getsockname()[1]
    try:
        settings = SmtpSettings("127.0.0.1", port, "none", from_addr="pm@example.com", timeout=0.5)
        report = send(session, settings)
        assert report.problem.endswith(
            f"could not connect to 127.0.0.1:{port}: no answer (timed out)"
        )
        assert len(session.unsent_notices()) == 3
    finally:
        silent.close()


def test_starttls_not_offered_is_one_line(session, server):
    report = send(session, settings_for(server, security="starttls"))
    assert report.problem.endswith(
        f"127.0.0.1:{server.port} does not offer STARTTLS: set security to tls or none"
    )


def test_starttls_with_a_trusted_certificate_delivers(session, tmp_path, monkeypatch):
    cert, key = _self_signed(tmp_path)
    srv = SmtpServer(tls=(cert, key)).start()
    real = delivery.ssl.create_default_context
    monkeypatch.setattr(delivery.ssl, "create_default_context", lambda: real(cafile=cert))
    try:
        report = send(session, settings_for(srv, security="starttls", host="localhost"))
        assert report.sent == 2 and len(srv.received) == 2
    finally:
        srv.stop()


def test_a_password_is_never_sent_unencrypted_to_another_host(monkeypatch):
    """Refused before any password is looked up or sent (a server that would take it)."""
    said = []

    class PlainServer:
        def __init__(self, host, port, timeout):
            said.append("connect")

        def ehlo(self):
            said.append("ehlo")

        def login(self, user, password):
            said.append("login")

        def quit(self):
            said.append("quit")

    monkeypatch.setattr(delivery.smtplib, "SMTP", PlainServer)
    monkeypatch.setattr(mail_settings, "_keyring_password", lambda user: said.append("pw"))
    settings = SmtpSettings("smtp.example.com", 25, "none", "pm@example.com", "pm@example.com")
    with pytest.raises(delivery._Fatal) as e:
        delivery._connect(settings, {"PLANNER_SMTP_PASSWORD": "x"})
    assert str(e.value) == (
        "will not send the SMTP password unencrypted to smtp.example.com:25: "
        "set security to starttls or tls"
    )
    assert said == ["connect", "ehlo", "quit"]


def test_a_read_only_roadmap_sends_nothing(tmp_path, contract_plan, server):
    path = tmp_path / "r.roadmap"
    PlanRepository.create(path, with_contacts(contract_plan, CONTACTS))
    writer = PlanSession.open(path)
    writer.apply(RecordSlip("A", 3, "outage", TODAY))
    reader = PlanSession.open(path)  # the writer holds the lock
    try:
        with pytest.raises(PlannerError, match=r"opened read-only because .*nothing was sent"):
            send(reader, settings_for(server))
        assert server.received == []
    finally:
        reader.close()
        writer.close()


def test_a_bad_contact_stays_queued_and_names_it(contract_plan, server):
    plan = with_contacts(contract_plan, {"be": "not an address", "web": "web@example.com"})
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    s = PlanSession(repo, plan)
    s.apply(RecordSlip("A", 3, "outage", TODAY))
    report = send(s, settings_for(server))
    be = report.results[0]
    assert be.status == "queued"
    assert be.reason == "the contact of Backend: 'not an address' is not an e-mail address"


def test_hostile_text_can_not_add_a_header(contract_plan, server):
    hostile = "Payments\r\nBcc: victim@example.com"
    plan = with_contacts(contract_plan, CONTACTS)
    plan = plan.replace_item(dataclasses.replace(plan.item("A"), title=hostile))
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    s = PlanSession(repo, plan)
    s.apply(RecordSlip("A", 3, "down\nX-Evil: 1", TODAY))
    send(s, settings_for(server))
    msg = server.copies_to("be@example.com")[0]
    assert "Bcc" not in msg and "X-Evil" not in msg
    subject = " ".join(msg["Subject"].split())  # unfolded
    assert subject == "[Contract example] Slip: Payments Bcc: victim@example.com — down X-Evil: 1"
    assert all(r.rcpt_tos != ("victim@example.com",) for r in server.received)


def test_parse_contact_reads_names_commas_and_semicolons():
    got = parse_contact('"Doe, Ann" <ann@example.com>; ops@example.com')
    assert [(a.display_name, a.addr_spec) for a in got] == [
        ("Doe, Ann", "ann@example.com"),
        ("", "ops@example.com"),
    ]
    with pytest.raises(PlanError, match="'nope' is not an e-mail address"):
        parse_contact("ann@example.com, nope")


def test_the_environment_overrides_the_settings_file(tmp_path):
    path = tmp_path / "smtp.toml"
    path.write_text(
        '[smtp]\nhost = "smtp.example.com"\nsecurity = "tls"\nuser = "pm@example.com"\n'
    )
    s = mail_settings.load_smtp_settings(path, {})
    assert (s.host, s.server_port, s.security, s.sender) == (
        "smtp.example.com", 465, "tls", "pm@example.com",
    )  # fmt: skip
    env = {"PLANNER_SMTP_HOST": "mail.test", "PLANNER_SMTP_PORT": "2525",
           "PLANNER_SMTP_SECURITY": "STARTTLS", "PLANNER_SMTP_FROM": "Me <me@x.test>"}  # fmt: skip
    s = mail_settings.load_smtp_settings(path, env)
    assert (s.where, s.security, s.user, s.sender) == (
        "mail.test:2525", "starttls", "pm@example.com", "Me <me@x.test>",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ('[smtp]\nport = "abc"\n', {}, r"smtp.toml: port: 'abc' is not a port number"),
        ("[smtp]\nsecurity = 'ssl'\n", {}, r"security: 'ssl' is not one of starttls, tls, none"),
        ("[smtp]\nhots = 'x'\n", {}, r"unknown key 'hots' in \[smtp\]"),
        ("[smtp\n", {}, r"smtp.toml: not a TOML file"),
        ("", {"PLANNER_SMTP_PORT": "99999"}, r"PLANNER_SMTP_PORT: '99999' is not a port number"),
    ],
)
def test_a_refused_setting_is_named_in_one_line(tmp_path, text, env, message):
    path = tmp_path / "smtp.toml"
    path.write_text(text)
    with pytest.raises(PlanError, match=message):
        mail_settings.load_smtp_settings(path, env)


def test_no_settings_file_gives_the_defaults_and_says_what_is_missing(tmp_path):
    s = mail_settings.load_smtp_settings(tmp_path / "none.toml", {})
    assert s == SmtpSettings()
    assert s.problem().startswith("no SMTP server is set up: set host in")


def test_sending_from_another_thread_only_uses_the_network(session, server):
    """``deliver`` touches no session: the app runs it off its GUI thread."""
    outbox = delivery.prepare_outbox(session, "pm@example.com", NOW)
    seen = []
    thread = threading.Thread(
        target=delivery.deliver,
        args=(
            outbox,
            settings_for(server),
            lambda item, ok, why: seen.append((item.recipient, ok)),
        ),
        kwargs={"environ": {}},
    )
    thread.start()
    thread.join(10)
    assert seen == [("Backend", True), ("Web", True)]  # Mobile has no message to send
    assert len(session.unsent_notices()) == 3  # recording is the caller's


def test_nothing_to_send_makes_no_connection(contract_plan):
    repo = PlanRepository.memory()
    repo.write_plan(contract_plan)
    s = PlanSession(repo, contract_plan)
    settings = SmtpSettings("127.0.0.1", free_port(), "none", from_addr="pm@example.com")
    report = send(s, settings)
    assert report.results == () and report.delivered


def _self_signed(tmp_path):
    """A certificate for localhost, and its key (files)."""
    x509 = pytest.importorskip("cryptography.x509")
    from datetime import timedelta

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


def test_a_file_from_before_the_outbox_gets_it_with_every_notice_queued(tmp_path, contract_plan):
    import sqlite3

    from planner.storage.schema import SCHEMA_VERSION

    path = tmp_path / "old.roadmap"
    PlanRepository.create(path, contract_plan)
    s = PlanSession.open(path)
    s.apply(RecordSlip("A", 3, "outage", TODAY))
    s.close()
    con = sqlite3.connect(path)
    for column in ("sent_at", "send_error", "message_id"):
        con.execute(f"ALTER TABLE notices DROP COLUMN {column}")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_outbox'")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    con.commit()
    con.close()
    s = PlanSession.open(path)  # upgraded in place, a backup beside it
    try:
        assert [q.notice.team for q in s.unsent_notices()] == ["be", "web", "mobile"]
        assert all(q.send_error is None for q in s.unsent_notices())
    finally:
        s.close()


def test_a_damaged_send_error_is_reported_as_damage(tmp_path, contract_plan):
    import sqlite3

    from planner.domain.errors import RoadmapFileError

    path = tmp_path / "r.roadmap"
    PlanRepository.create(path, contract_plan)
    s = PlanSession.open(path)
    s.apply(RecordSlip("A", 3, "outage", TODAY))
    s.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE notices SET send_error = x'ff' WHERE team = 'web'")  # not text
    con.commit()
    con.close()
    s = PlanSession.open(path)
    try:
        with pytest.raises(
            RoadmapFileError, match=r"damaged: notice 2: send error is b'\\xff', not text"
        ):
            s.unsent_notices()
    finally:
        s.close()


def test_marking_sent_keeps_the_first_time_and_clears_the_error(session):
    first = session.unsent_notices()[0].notice.id
    session.mark_failed(first, "could not connect")
    assert session.unsent_notices()[0].send_error == "could not connect"
    session.mark_sent(first, NOW, "<a@b>")
    session.mark_failed(first, "late news")  # a sent notice is not queued again
    assert first not in {q.notice.id for q in session.unsent_notices()}


def test_an_address_beyond_ascii_without_smtputf8_stays_queued_alone(contract_plan):
    plan = with_contacts(contract_plan, {"be": "ops@bücher.example", "web": "web@example.com"})
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    s = PlanSession(repo, plan)
    s.apply(RecordSlip("A", 3, "outage", TODAY))
    srv = SmtpServer(smtputf8=False).start()
    try:
        report = send(s, settings_for(srv))
        be, web = report.results[:2]
        assert (be.status, be.reason) == (
            "queued",
            f"127.0.0.1:{srv.port} can't take addresses beyond ASCII (no SMTPUTF8)",
        )
        assert web.status == "sent" and len(srv.received) == 1
        srv.stop()
        srv.smtputf8 = True  # a server that can: the address is fine
        srv.start()
        assert send(s, settings_for(srv)).sent == 1
        assert srv.copies_to("ops@bücher.example")
    finally:
        srv.stop()


def test_a_stakeholder_notice_goes_to_the_stakeholder_contact(contract_plan):
    from planner.domain.model import Stakeholder
    from planner.domain.notices import NoticeRow

    plan = dataclasses.replace(
        with_contacts(contract_plan, CONTACTS),
        stakeholders=(Stakeholder("sales", "Sales", "Sales desk <sales@example.com>"),),
    )

    def row(team, recipient):
        return NoticeRow(
            1, 1, team, "2026-11-22T09:00:00", "", "", {"recipient": recipient}, False, False
        )

    assert delivery.recipient_of(plan, row("sales", "stakeholder")) == (
        "Sales", "Sales desk <sales@example.com>",
    )  # fmt: skip
    assert delivery.recipient_of(plan, row("be", "team")) == ("Backend", "be@example.com")
    assert delivery.recipient_of(plan, row("gone", "stakeholder")) == ("gone", "")
    assert delivery.recipient_of(plan, row("", "team")) == ("No team", "")


def test_a_watching_stakeholder_gets_its_own_message_with_the_headline(contract_plan, server):
    from planner.domain.model import Stakeholder

    plan = dataclasses.replace(
        with_contacts(contract_plan, CONTACTS),
        stakeholders=(Stakeholder("sales", "Sales", "Sales desk <sales@example.com>"),),
    )
    plan = plan.replace_item(dataclasses.replace(plan.item("E"), watchers=("sales",)))
    repo = PlanRepository.memory()
    repo.write_plan(plan)
    s = PlanSession(repo, plan)
    s.apply(RecordSlip("A", 3, "vendor sandbox down", TODAY))
    report = send(s, settings_for(server))
    sales = next(r for r in report.results if r.to.startswith("Sales"))
    assert sales.status == "sent" and sales.to == "Sales <sales@example.com>"
    (msg,) = server.copies_to("sales@example.com")
    assert msg["To"] == "Sales desk <sales@example.com>"
    assert msg["Subject"].startswith("Receipts moves to ")  # the headline, for a person
    assert "vendor sandbox down" in msg.get_body(("plain",)).get_content()
    assert send(s, settings_for(server)).sent == 0


@pytest.mark.parametrize("contact", ["ann@example.", "ann@", "@example.com", "a b@example.com"])
def test_a_contact_that_is_no_address_is_refused_in_one_line(contact):
    from planner.app.delivery import parse_contact
    from planner.domain.errors import PlanError

    with pytest.raises(PlanError):
        parse_contact(contact)
