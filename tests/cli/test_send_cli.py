"""`planner send ROADMAP [--dry-run]` against a real SMTP server on 127.0.0.1: a line per
notice, exit 0 when all went, 1 with one line on stderr when something stays queued."""

from __future__ import annotations

import json

import pytest
from clitools import run
from conftest import DATA
from smtp_server import SmtpServer, free_port

# the test server takes a login without TLS: it is on 127.0.0.1
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

CONTACTS = {"be": "be@example.com", "web": "web@example.com", "mobile": "mobile@example.com"}


@pytest.fixture
def roadmap(tmp_path, capsys):
    """The contract example with a contact per team, and a slip's three notices."""
    data = json.loads((DATA / "contract-example.json").read_text())
    for t in data["teams"]:
        t["contact"] = CONTACTS[t["id"]]
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(data))
    path = tmp_path / "r.roadmap"
    assert run(capsys, "import", source, path)[0] == 0
    slip = ("slip", path, "A", "--days", "3", "--reason", "vendor down", "--today", "2026-11-22")
    assert run(capsys, *slip)[0] == 0
    return path


@pytest.fixture
def server(monkeypatch):
    srv = SmtpServer().start()
    monkeypatch.setenv("PLANNER_SMTP_HOST", srv.host)
    monkeypatch.setenv("PLANNER_SMTP_PORT", str(srv.port))
    monkeypatch.setenv("PLANNER_SMTP_SECURITY", "none")
    monkeypatch.setenv("PLANNER_SMTP_FROM", "Roadmap <pm@example.com>")
    monkeypatch.delenv("PLANNER_SMTP_USER", raising=False)
    monkeypatch.delenv("PLANNER_SMTP_PASSWORD", raising=False)
    yield srv
    srv.stop()


SUBJECT = "[Contract example] Slip: Payments API — vendor down"


def test_send_delivers_each_notice_once_and_says_so(roadmap, server, capsys):
    code, out, err = run(capsys, "send", roadmap)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Backend <be@example.com>: {SUBJECT}: sent",
        f"Web <web@example.com>: {SUBJECT}: sent",
        f"Mobile <mobile@example.com>: {SUBJECT}: sent",
    ]
    assert len(server.received) == 3
    code, out, err = run(capsys, "send", roadmap)
    assert (code, out, err) == (0, "Nothing to send: every notice has been sent.\n", "")
    assert len(server.received) == 3


def test_a_stopped_server_exits_1_with_one_line_and_a_later_send_delivers(roadmap, server, capsys):
    server.stop()
    code, out, err = run(capsys, "send", roadmap)
    line = f"could not connect to 127.0.0.1:{server.port}: connection refused"
    assert code == 1
    assert err == f"planner: 3 notices of 3 stay queued: {line}\n"
    assert out.splitlines()[0] == f"Backend <be@example.com>: {SUBJECT}: queued: {line}"
    server.start()
    code, out, err = run(capsys, "send", roadmap)
    assert (code, err) == (0, "") and out.count(": sent") == 3
    assert len(server.received) == 3


def test_a_dry_run_sends_nothing(roadmap, server, capsys):
    code, out, err = run(capsys, "send", roadmap, "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Backend <be@example.com>: {SUBJECT}: would send"
    assert server.received == []
    code, out, _ = run(capsys, "send", roadmap)
    assert code == 0 and len(server.received) == 3


def test_a_wrong_password_is_one_line(roadmap, capsys, monkeypatch):
    srv = SmtpServer(password="right").start()
    try:
        monkeypatch.setenv("PLANNER_SMTP_HOST", srv.host)
        monkeypatch.setenv("PLANNER_SMTP_PORT", str(srv.port))
        monkeypatch.setenv("PLANNER_SMTP_SECURITY", "none")
        monkeypatch.setenv("PLANNER_SMTP_USER", "pm@example.com")
        monkeypatch.setenv("PLANNER_SMTP_PASSWORD", "wrong")
        code, _, err = run(capsys, "send", roadmap)
        assert code == 1
        assert err == (
            "planner: 3 notices of 3 stay queued: "
            "the SMTP server refused the user name or password\n"
        )
    finally:
        srv.stop()


def test_no_server_set_up_says_where_to_set_it(roadmap, capsys, monkeypatch):
    for var in ("HOST", "PORT", "SECURITY", "USER", "FROM", "PASSWORD"):
        monkeypatch.delenv(f"PLANNER_SMTP_{var}", raising=False)
    code, _, err = run(capsys, "send", roadmap)
    assert code == 1
    assert err.startswith("planner: 3 notices of 3 stay queued: no SMTP server is set up: ")
    assert "smtp.toml or PLANNER_SMTP_HOST" in err and err.count("\n") == 1


def test_a_bad_settings_file_is_named_in_one_line(roadmap, capsys, monkeypatch, tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "smtp.toml").write_text('[smtp]\nhost = "h"\nport = "x"\n')
    monkeypatch.setenv("PLANNER_CONFIG_DIR", str(config))
    monkeypatch.delenv("PLANNER_SMTP_PORT", raising=False)
    code, out, err = run(capsys, "send", roadmap)
    assert (code, out) == (1, "")
    assert err == f"planner: {config / 'smtp.toml'}: port: 'x' is not a port number\n"


def test_a_roadmap_open_elsewhere_sends_nothing(roadmap, server, capsys):
    from planner.app.session import PlanSession

    writer = PlanSession.open(roadmap)  # the app has it open
    try:
        code, _, err = run(capsys, "send", roadmap)
    finally:
        writer.close()
    assert code == 1 and "opened read-only" in err and err.count("\n") == 1
    assert server.received == []


def test_nothing_to_send_needs_no_server(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PLANNER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PLANNER_SMTP_PORT", str(free_port()))  # nobody listens
    path = tmp_path / "r.roadmap"
    assert run(capsys, "import", DATA / "contract-example.json", path)[0] == 0
    assert run(capsys, "send", path) == (0, "Nothing to send: every notice has been sent.\n", "")
