"""Turn a stamped copy into an email message, and hand messages to an SMTP server."""

from __future__ import annotations

import contextlib
import email.policy
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .errors import BuildError, Problem
from .inputs import STYLES

PASSWORD_VARIABLE = "DOSSIER_SMTP_PASSWORD"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "starttls", "ssl" or "none"
    sender: str
    user: str | None = None
    cafile: str | None = None  # a certificate authority to trust besides the system's
    timeout: float = 30


class HeaderInjection(ValueError):
    pass


def _header(value: str, what: str) -> str:
    if "\r" in value or "\n" in value:
        raise HeaderInjection(f"{what} contains a line break, which could add mail headers: refused")
    return value


def templates() -> Environment:
    # Plain text: no HTML escaping, but an undefined variable is still an error.
    return Environment(
        loader=FileSystemLoader(STYLES / "email"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def build_message(
    sender: str, to_name: str, to_email: str, pdf: bytes, filename: str, context: dict[str, Any]
) -> EmailMessage:
    for value, what in (
        (sender, "the sender"),
        (to_name, "the recipient's name"),
        (to_email, "the email address"),
        (filename, "the file name"),
    ):
        _header(value, what)
    env = templates()
    # Whitespace, line breaks included, is folded: a title cannot add headers either.
    subject = " ".join(env.get_template("subject.txt").render(context).split())
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((to_name, to_email))
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message.set_content(env.get_template("body.txt").render(context))
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=_header(filename, "the file name")
    )
    return message


class Sender:
    """One SMTP connection for a batch; STARTTLS or SSL as configured, password from the environment."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Sender:
        s = self.settings
        context = ssl.create_default_context(cafile=s.cafile)
        try:
            if s.security == "ssl":
                self.smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                self.smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    self.smtp.starttls(context=context)
            if s.user:
                password = os.environ.get(PASSWORD_VARIABLE)
                if password is None:
                    raise BuildError([Problem("smtp", 1, f"set {PASSWORD_VARIABLE} to the SMTP password")])
                self.smtp.login(s.user, password)
        except (OSError, smtplib.SMTPException) as exc:
            raise BuildError([Problem(f"smtp://{s.host}:{s.port}", 1, f"cannot connect: {exc}")]) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()

    def send(self, message: EmailMessage, envelope_to: str) -> tuple[str, bool]:
        """(server reply, delivered). Raises Ambiguous when the server may have the message."""
        assert self.smtp is not None
        smtp = self.smtp
        try:
            smtp.ehlo_or_helo_if_needed()
            code, reply = smtp.mail(self.settings.sender)
            if code != 250:
                return f"{code} {reply.decode(errors='replace')}", False
            code, reply = smtp.rcpt(envelope_to)
            if code not in (250, 251):
                smtp.rset()
                return f"{code} {reply.decode(errors='replace')}", False
        except (OSError, smtplib.SMTPException) as exc:
            return f"not sent: {exc}", False  # nothing was transmitted yet
        try:
            # CRLF line ends: smtplib passes bytes through as they are, and a server reads
            # a message with bare LF line ends as one over-long line.
            code, reply = smtp.data(message.as_bytes(policy=email.policy.SMTP))
        except smtplib.SMTPDataError as exc:
            error = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else exc.smtp_error
            )
            return f"{exc.smtp_code} {error}", False
        except (OSError, smtplib.SMTPException) as exc:
            raise Ambiguous(str(exc)) from None
        return f"{code} {reply.decode(errors='replace')}", code == 250


class Ambiguous(Exception):
    """The connection broke while the message was being handed over: it may have arrived."""


def write_eml(message: EmailMessage, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(message.as_bytes())
