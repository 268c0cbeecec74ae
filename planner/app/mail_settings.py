"""The SMTP settings notices are sent with, declared once with their defaults.

They live in ``smtp.toml`` in the user's config folder (``config_dir()``:
``$PLANNER_CONFIG_DIR``, else the platform's, e.g. ``~/.config/roadmap-planner`` on
Linux), in one ``[smtp]`` table::

    [smtp]
    host = "smtp.example.com"
    port = 587                  # default: 587 for starttls, 465 for tls, 25 for none
    security = "starttls"       # starttls | tls | none
    user = "pm@example.com"     # empty: no login
    from = "Roadmap Planner <pm@example.com>"   # default: the user, if an address

The environment overrides each key (DESIGN.md): ``PLANNER_SMTP_HOST``,
``PLANNER_SMTP_PORT``, ``PLANNER_SMTP_SECURITY``, ``PLANNER_SMTP_USER``,
``PLANNER_SMTP_FROM``. The password is never in a file, nor in the roadmap:
``PLANNER_SMTP_PASSWORD``, else the OS keyring (service ``roadmap-planner``, the user
name as the account: ``keyring set roadmap-planner pm@example.com``). ``keyring`` is
optional: without it (or without a backend) only the environment variable is read, and
the error that asks for a password says so. Nothing here touches the network.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from planner.app.settings import config_dir
from planner.domain.errors import PlanError
from planner.domain.text import quoted

__all__ = [
    "KEYRING_SERVICE",
    "SECURITY_MODES",
    "Security",
    "SmtpSettings",
    "load_smtp_settings",
    "smtp_password",
    "smtp_settings_path",
]

Security = Literal["starttls", "tls", "none"]
SECURITY_MODES: tuple[Security, ...] = ("starttls", "tls", "none")
KEYRING_SERVICE = "roadmap-planner"
_DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "tls": 465, "none": 25}
_KEYS = ("host", "port", "security", "user", "from", "timeout")
_ENV = {
    "host": "PLANNER_SMTP_HOST",
    "port": "PLANNER_SMTP_PORT",
    "security": "PLANNER_SMTP_SECURITY",
    "user": "PLANNER_SMTP_USER",
    "from": "PLANNER_SMTP_FROM",
}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how notices are sent. ``port`` 0 means the security's usual port;
    ``from_addr`` empty means the user name (when it is an address); ``timeout`` is in
    seconds, for connecting and for each reply of the server."""

    host: str = ""
    port: int = 0
    security: Security = "starttls"
    user: str = ""
    from_addr: str = ""
    timeout: float = 20.0

    @property
    def server_port(self) -> int:
        return self.port or _DEFAULT_PORTS[self.security]

    @property
    def where(self) -> str:
        """'smtp.example.com:587', as messages name the server."""
        return f"{self.host}:{self.server_port}"

    @property
    def sender(self) -> str:
        """The From address: ``from_addr``, else the user name if it is an address."""
        if self.from_addr:
            return self.from_addr
        return self.user if "@" in self.user else ""

    def problem(self) -> str | None:
        """Why nothing can be sent with these settings (one line), or None."""
        if not self.host:
            return (
                f"no SMTP server is set up: set host in {smtp_settings_path()} or PLANNER_SMTP_HOST"
            )
        if not self.sender:
            return (
                f"no sender address is set up: set from in {smtp_settings_path()} "
                "or PLANNER_SMTP_FROM"
            )
        return None


def smtp_settings_path() -> Path:
    """The settings file: ``smtp.toml`` in the user's config folder."""
    return config_dir() / "smtp.toml"


def load_smtp_settings(
    path: Path | None = None, environ: Mapping[str, str] | None = None
) -> SmtpSettings:
    """The settings of the file (none when it is missing) with the environment's
    ``PLANNER_SMTP_*`` over them. Raises PlanError naming the file or variable and the
    key when a value is refused (a port that is not a number, an unknown security)."""
    path = path or smtp_settings_path()
    env = os.environ if environ is None else environ
    raw: dict[str, object] = dict(_read_file(path))
    where = {key: f"{path}: {key}" for key in _KEYS}
    for key, var in _ENV.items():
        if env.get(var):
            raw[key], where[key] = env[var], var
    return SmtpSettings(
        host=_text(raw.get("host", ""), where["host"]).strip(),
        port=_port(raw.get("port", 0), where["port"]),
        security=_security(raw.get("security", "starttls"), where["security"]),
        user=_text(raw.get("user", ""), where["user"]).strip(),
        from_addr=_text(raw.get("from", ""), where["from"]).strip(),
        timeout=_timeout(raw.get("timeout", 20.0), where["timeout"]),
    )


def _read_file(path: Path) -> Mapping[str, object]:
    """The ``[smtp]`` table of the file; nothing when there is no file. Raises PlanError
    for a file that is not TOML or holds an unknown key (a typo would be lost)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise PlanError(f"{path}: can't be read ({e.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as e:
        raise PlanError(f"{path}: not a TOML file ({e})") from None
    table = data.get("smtp", {})
    if not isinstance(table, dict):
        raise PlanError(f"{path}: smtp must be a table ([smtp])")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise PlanError(
            f"{path}: unknown key {quoted(unknown[0])} in [smtp] (known: {', '.join(_KEYS)})"
        )
    return cast(dict[str, object], table)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise PlanError(f"{where}: must be text, not {quoted(value)}")
    if any(c in value for c in "\r\n\x00"):
        raise PlanError(f"{where}: must be on one line")
    return value


def _port(value: object, where: str) -> int:
    number = value
    if isinstance(value, str):
        number = int(value.strip()) if value.strip().isdigit() else None
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 65535:
        raise PlanError(f"{where}: {quoted(value)} is not a port number")
    return number


def _security(value: object, where: str) -> Security:
    text = _text(value, where).strip().lower()
    if text not in SECURITY_MODES:
        raise PlanError(f"{where}: {quoted(value)} is not one of {', '.join(SECURITY_MODES)}")
    return text  # narrowed to Security by the test above


def _timeout(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 600:
        raise PlanError(f"{where}: must be a number of seconds from 1 to 600")
    return float(value)


def smtp_password(user: str, environ: Mapping[str, str] | None = None) -> str:
    """The password of ``user``: ``PLANNER_SMTP_PASSWORD``, else the OS keyring. Raises
    PlanError (one line) saying where to put it when neither has one, and why the keyring
    could not be asked when it could not (not installed, no backend)."""
    env = os.environ if environ is None else environ
    if env.get("PLANNER_SMTP_PASSWORD"):
        return env["PLANNER_SMTP_PASSWORD"]
    found, why_not = _keyring_password(user)
    if found:
        return found
    where = "set PLANNER_SMTP_PASSWORD"
    if why_not:
        where += f" (the keyring can't be used: {why_not})"
    else:
        where += f" or store it in the keyring: keyring set {KEYRING_SERVICE} {user}"
    raise PlanError(f"no password for the SMTP user {quoted(user)}: {where}")


def _keyring_password(user: str) -> tuple[str | None, str]:
    """(the keyring's password for ``user`` or None, why the keyring could not be asked
    or '')."""
    try:
        import keyring
        import keyring.errors
    except ImportError:
        return None, "the keyring package is not installed"
    try:
        return keyring.get_password(KEYRING_SERVICE, user), ""
    except keyring.errors.NoKeyringError:
        return None, "no keyring backend on this system"
    except Exception as e:  # KeyringError, or a backend's own (D-Bus gone, store locked)
        return None, e.__class__.__name__
