"""A real SMTP server on 127.0.0.1 for the delivery tests (aiosmtpd), recording what it
accepts: one ``Received`` per message, with its envelope and parsed message.

``SmtpServer(password=...)`` asks for a login (AUTH PLAIN/LOGIN, allowed without TLS
since it is loopback); ``refuse={"x@example.com"}`` refuses those recipients;
``tls=(certfile, keyfile)`` offers STARTTLS; ``smtputf8=False`` does not offer
SMTPUTF8. ``stop()`` and ``start()`` keep the port.
"""

from __future__ import annotations

import socket
import ssl
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

__all__ = ["Received", "SmtpServer", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.server.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        with self.server.lock:
            self.server.received.append(
                Received(envelope.mail_from, tuple(envelope.rcpt_tos), msg)  # type: ignore[arg-type]
            )
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(
        self,
        *,
        user: str = "pm@example.com",
        password: str | None = None,
        refuse: set[str] | frozenset[str] = frozenset(),
        tls: tuple[str, str] | None = None,
        smtputf8: bool = True,
    ) -> None:
        self.host, self.port = "127.0.0.1", free_port()
        self.user, self.password, self.refuse, self.tls = user, password, set(refuse), tls
        self.smtputf8 = smtputf8
        self.received: list[Received] = []
        self.logins: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        ok = login == self.user and password == self.password
        return AuthResult(success=ok, handled=False)

    def start(self) -> SmtpServer:
        kwargs: dict = {"enable_SMTPUTF8": self.smtputf8}
        if self.password is not None:
            kwargs.update(
                authenticator=self._authenticate, auth_required=True, auth_require_tls=False
            )
        if self.tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*self.tls)
            kwargs["tls_context"] = context
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def copies_to(self, address: str) -> list[EmailMessage]:
        """Every message this server accepted for ``address``."""
        with self.lock:
            return [r.message for r in self.received if address in r.rcpt_tos]
