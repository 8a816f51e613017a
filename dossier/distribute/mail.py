"""Turn a stamped copy into an email message, and hand messages to an SMTP server.

Addresses are checked as RFC 5321/5322 define them, and only ASCII ever reaches the
server: a local part must be a dot-atom of ASCII characters (a non-ASCII one would need
SMTPUTF8, which is not used: such an address is refused), and a domain written in another
script is sent in its IDNA (xn--) form, in the envelope and in the To header alike.
"""

from __future__ import annotations

import contextlib
import email.policy
import os
import re
import smtplib
import ssl
import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..errors import DeliveryError, Problem
from ..paths import STYLES
from ..render.templates import environment

PASSWORD_VARIABLE = "DOSSIER_SMTP_PASSWORD"
# RFC 5322 atext, joined by single dots (a dot-atom); quoted local parts are not accepted.
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
LOCAL_PART = re.compile(rf"^{ATOM}(\.{ATOM})*$")
# RFC 1035/5890 letter-digit-hyphen label, as the server will see it.
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Characters IDNA 2003 (the standard library's codec) maps to other letters where IDNA
# 2008 keeps them, so the two lead to different domains: refused rather than guessed.
DEVIATIONS = {"\u00df": "ß", "\u03c2": "ς", "\u200c": "zero width non-joiner", "\u200d": "zero width joiner"}


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


class AddressError(ValueError):
    """An address that cannot be sent to as written; the message says why."""


def _ascii_domain(domain: str, *, dotted: bool) -> str:
    if not domain:
        raise AddressError("nothing after the @")
    if domain.startswith("[") or domain.endswith("."):
        raise AddressError("write the domain as a name (no [address] and no final dot)")
    for char, name in DEVIATIONS.items():
        if char in domain:
            raise AddressError(
                f"the domain contains {name}, which the two IDNA standards turn into different "
                "domains: write the domain in its xn-- form"
            )
    labels = domain.split(".")
    result = []
    for label in labels:
        if label.isascii():
            ascii_label = label.lower()
            if ascii_label.startswith("xn--"):
                try:
                    ascii_label.encode("ascii").decode("idna")
                except UnicodeError:
                    raise AddressError(f"'{label}' is not a valid xn-- (IDNA) label") from None
        else:
            try:
                ascii_label = label.encode("idna").decode("ascii")
                back = ascii_label.encode("ascii").decode("idna")
            except UnicodeError as exc:
                raise AddressError(f"the domain label '{label}' cannot be IDNA-encoded: {exc}") from None
            # IDNA 2003 also maps look-alike forms (full-width letters, compatibility
            # characters) to plain ones: the address would not be the one written.
            if back != unicodedata.normalize("NFC", label).lower():
                raise AddressError(
                    f"the domain label '{label}' is written with characters that stand for others "
                    f"(it would be sent to '{back}'): write it as '{back}'"
                )
        if not LABEL.match(ascii_label):
            raise AddressError(f"'{label}' is not a domain label (letters, digits and inner hyphens)")
        result.append(ascii_label)
    if dotted and len(result) < 2:
        raise AddressError("the domain has no dot")
    ascii_domain = ".".join(result)
    if len(ascii_domain) > 253:
        raise AddressError("the domain is longer than 253 characters")
    return ascii_domain


def ascii_address(address: str, *, dotted: bool = True) -> str:
    """`address` as it will be sent: ASCII local part as written, domain lowercased in IDNA form.

    Raises AddressError. `dotted`: the domain must have a dot (`localhost` is fine for a
    sender on a test machine, not for a parliamentarian).
    """
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in address):
        raise AddressError("it contains a control character or a line break")
    if address.count("@") != 1:
        raise AddressError("an address has exactly one @")
    local, domain = address.split("@")
    if not local:
        raise AddressError("nothing before the @")
    if not local.isascii():
        raise AddressError(
            "the part before the @ has non-ASCII characters, which would need SMTPUTF8: not supported"
        )
    if not LOCAL_PART.match(local):
        raise AddressError(
            "the part before the @ may only hold letters, digits and !#$%&'*+/=?^_`{|}~- "
            "with single dots between them"
        )
    if len(local) > 64:
        raise AddressError("the part before the @ is longer than 64 characters")
    return f"{local}@{_ascii_domain(domain, dotted=dotted)}"


def _header(value: str, what: str) -> str:
    if "\r" in value or "\n" in value:
        raise HeaderInjection(f"{what} contains a line break, which could add mail headers: refused")
    return value


def address_header(display_name: str, address: str) -> EmailMessage:
    """A message holding only a To header for (`display_name`, `address`), checked to name that address.

    The name goes in as a structured Address, which quotes or RFC 2047-encodes it as a
    whole: `formataddr` + a string header encodes only part of a non-ASCII name, and
    "Jané <other@x.example>" then reads back as other@x.example. The header is parsed back
    from its serialised bytes with two parsers, and must give exactly this one address.
    """
    _header(display_name, "the recipient's name")
    _header(address, "the email address")
    local, domain = address.split("@")
    message = EmailMessage()
    try:
        message["To"] = Address(display_name=display_name, username=local, domain=domain)
        raw = message.as_bytes(policy=email.policy.SMTP)
    except (ValueError, TypeError, IndexError) as exc:
        raise HeaderInjection(f"no To header can be made of this name and address: {exc}") from None
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    header = parsed["To"]
    structured = [a.addr_spec.lower() for a in getattr(header, "addresses", ())]
    unfolded = re.sub(r"\r\n[ \t]", " ", raw.decode("ascii", "replace"))
    value = unfolded.split(":", 1)[1].strip() if ":" in unfolded else ""
    loose = [addr.lower() for _, addr in getaddresses([value])]
    if structured != [address.lower()] or loose != [address.lower()]:
        raise HeaderInjection(
            f"the name '{display_name}' makes a To header that reads as {structured or loose}: refused"
        )
    return message


def templates() -> Environment:
    # Plain text: no HTML escaping, but an undefined variable is still an error.
    return environment(STYLES / "email", html=False)


def build_message(
    sender: str,
    to_name: str,
    to_email: str,
    pdf: bytes,
    filename: str,
    context: dict[str, Any],
    web: tuple[bytes, str] | None = None,
) -> EmailMessage:
    """The message for one copy; `sender` and `to_email` are addresses checked by `ascii_address`.
    `web`: the web edition's bytes and file name, attached after the PDF."""
    for value, what in (
        (sender, "the sender"),
        (to_name, "the recipient's name"),
        (to_email, "the email address"),
        (filename, "the file name"),
        *([(web[1], "the file name")] if web else []),
    ):
        _header(value, what)
    try:
        sender = ascii_address(sender, dotted=False)
        to_email = ascii_address(to_email)
    except AddressError as exc:
        raise HeaderInjection(str(exc)) from None
    env = templates()
    # No web edition unless the context says how it is given (attached, or its address).
    context = {"web": "", "web_url": "", **context}
    # Whitespace, line breaks included, is folded: a title cannot add headers either.
    subject = " ".join(env.get_template("subject.txt").render(context).split())
    message = EmailMessage()
    message["From"] = Address(addr_spec=sender)
    message["To"] = address_header(to_name, to_email)["To"]
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    message.set_content(env.get_template("body.txt").render(context))
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=_header(filename, "the file name")
    )
    if web is not None:
        message.add_attachment(web[0], maintype="text", subtype="html", filename=web[1])
    return message


class ConnectionLost(Exception):
    """The server cannot be reached again: the batch stops, and the rest is sent another time."""


class _Dropped(Exception):
    """The connection ended before the message was handed over: nothing was transmitted."""


class Sender:
    """One SMTP connection for a batch; STARTTLS or SSL as configured, password from the environment.

    A connection the server drops is opened again once, before the next recipient: a
    server that closes after every message must not fail everyone after the first. Only
    a message whose DATA was never started is retried; one cut off during DATA may have
    arrived, and is left to a person (Ambiguous).
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.connections = 0  # how many were opened (for the progress line and the tests)

    def _connect(self) -> None:
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
                    raise DeliveryError(
                        [Problem("smtp", None, f"set {PASSWORD_VARIABLE} to the SMTP password")]
                    )
                self.smtp.login(s.user, password)
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            raise DeliveryError(
                [Problem(f"smtp://{s.host}:{s.port}", None, f"cannot connect: {exc}")]
            ) from None
        self.connections += 1

    def _drop(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.close()
        self.smtp = None

    def __enter__(self) -> Sender:
        self._connect()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self._drop()

    def _reconnect(self) -> None:
        self._drop()
        try:
            self._connect()
        except DeliveryError as exc:
            raise ConnectionLost(str(exc.problems[0].message)) from None

    def send(self, message: EmailMessage, envelope_to: str) -> tuple[str, bool]:
        """(server reply, delivered). Raises Ambiguous when the server may have the message,
        ConnectionLost when a dropped connection cannot be opened again."""
        if self.smtp is None:  # the last message ended the connection (Ambiguous)
            self._reconnect()
        try:
            return self._hand_over(message, envelope_to)
        except _Dropped:
            self._reconnect()
        try:
            return self._hand_over(message, envelope_to)
        except _Dropped as exc:
            self._drop()  # the next recipient starts with a new connection
            return f"not sent: the server dropped the connection twice ({exc})", False

    def _hand_over(self, message: EmailMessage, envelope_to: str) -> tuple[str, bool]:
        assert self.smtp is not None
        smtp = self.smtp
        try:
            smtp.ehlo_or_helo_if_needed()
            code, reply = smtp.mail(self.settings.sender)
            if code == 421:  # "closing the channel": nothing sent, try a new connection
                raise _Dropped(f"{code} {reply.decode(errors='replace')}")
            if code != 250:
                smtp.rset()
                return f"{code} {reply.decode(errors='replace')}", False
            code, reply = smtp.rcpt(envelope_to)
            if code == 421:
                raise _Dropped(f"{code} {reply.decode(errors='replace')}")
            if code not in (250, 251):
                smtp.rset()
                return f"{code} {reply.decode(errors='replace')}", False
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            raise _Dropped(str(exc) or type(exc).__name__) from None  # nothing was transmitted yet
        except smtplib.SMTPException as exc:
            return f"not sent: {exc}", False
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
            self._drop()  # whatever state the connection is in, it is not used again
            raise Ambiguous(str(exc)) from None
        return f"{code} {reply.decode(errors='replace')}", code == 250


class Ambiguous(Exception):
    """The connection broke while the message was being handed over: it may have arrived."""


def write_eml(message: EmailMessage, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(message.as_bytes())
