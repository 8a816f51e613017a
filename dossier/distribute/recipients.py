"""Turn a dossier's recipients.csv into checked Recipient records, reporting problems by line.

Everything a message will need from a row is checked here, before anything is built or
sent: the address as the mail standards define it (mail.ascii_address), and the To header
its name and address make (mail.address_header), so that no recipient can fail midway
through a batch for a reason that was already in the file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problems
from .mail import AddressError, HeaderInjection, address_header, ascii_address

RECIPIENTS = "recipients.csv"
COLUMNS = ("name", "title", "parliament", "email", "language")
OPTIONAL = ("note", "web")
# What a recipient gets of the web edition besides the PDF: the file attached, a link to
# where it is published (`distribute --web-url`), or nothing (left empty).
WEB = ("attach", "link")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
# Characters that change how the text around them is shown (bidirectional embeddings,
# overrides and isolates): a name could display as something other than what it is.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Recipient:
    name: str
    title: str
    parliament: str
    email: str  # as it is sent: ASCII, the domain in its IDNA form (mail.ascii_address)
    language: str
    note: str
    line: int
    web: str = ""  # "attach", "link" or ""

    @property
    def addressed(self) -> str:
        """'Ms Jane Doe MP, Parliament of Testland' as printed on the copy."""
        return f"{self.title} {self.name}, {self.parliament}".strip()

    @property
    def display_name(self) -> str:
        """The name in the To header."""
        return f"{self.title} {self.name}".strip()


def cell_problem(value: str) -> str | None:
    """Why a cell's text cannot go into a header or onto a copy, or None."""
    for char in value:
        if char in "\r\n":
            # A line break in a name or address would let a value add mail headers.
            return "contains a line break"
        category = unicodedata.category(char)
        if category in ("Zl", "Zp") or char == "\x85":
            return f"contains a line separator (U+{ord(char):04X})"
        if category == "Cc":
            return f"contains a control character (U+{ord(char):04X})"
        if char in BIDI_CONTROLS:
            return f"contains a text direction control (U+{ord(char):04X}), which can disguise it"
    return None


def read_recipients(folder: Path) -> list[Recipient]:
    """Every recipient of `folder/recipients.csv`; raises ContentError listing all problems."""
    path = folder / RECIPIENTS
    problems = Problems(folder)
    if not path.is_file():
        problems.add(
            path, None, "no recipients file: write recipients.csv with columns " + ", ".join(COLUMNS)
        )
        problems.raise_if_any()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(path, None, "file is not UTF-8 text (save the spreadsheet as CSV UTF-8)")
        problems.raise_if_any()
    # newline="": rows end at CR, LF or CRLF only, as RFC 4180 says. str.splitlines()
    # would also end a row at U+2028, U+2029, U+0085 or a form feed inside a cell.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    if missing or unknown:
        parts = (
            [f"missing {'column' if len(missing) == 1 else 'columns'}: {', '.join(missing)}"]
            if missing
            else []
        )
        parts += (
            [f"unknown {'column' if len(unknown) == 1 else 'columns'}: {', '.join(unknown)}"]
            if unknown
            else []
        )
        problems.add(path, 1, "; ".join(parts))
        problems.raise_if_any()
    reader.fieldnames = header
    recipients: list[Recipient] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if None in row:
            problems.add(path, line, "more cells than columns (a comma inside a value needs quotes)")
            continue
        for column in COLUMNS:
            if not values.get(column):
                problems.add(path, line, f"empty '{column}'")
        clean = True
        for column, value in values.items():
            why = cell_problem(value)
            if why:
                problems.add(path, line, f"'{column}' {why}")
                clean = False
        written = values.get("email", "")
        email = written
        if written and clean:
            try:
                email = ascii_address(written)
            except AddressError as exc:
                problems.add(path, line, f"'{written}' is not an email address: {exc}")
                clean = False
        if values.get("language") and not LANGUAGE.match(values["language"]):
            problems.add(
                path, line, f"language '{values['language']}' is not a language code such as en or fr"
            )
        if email and clean:
            try:
                address_header(f"{values.get('title', '')} {values.get('name', '')}".strip(), email)
            except HeaderInjection as exc:
                problems.add(path, line, str(exc))
        web = values.get("web", "").lower()
        if web not in ("", *WEB):
            problems.add(path, line, f"'web' must be attach, link or left empty, not '{values['web']}'")
        values["web"] = web
        if email and email.lower() in seen:
            problems.add(path, line, f"duplicate recipient {email} (first on line {seen[email.lower()]})")
        seen.setdefault(email.lower(), line)
        fields = {c: values.get(c, "") for c in COLUMNS + OPTIONAL}
        recipients.append(Recipient(**{**fields, "email": email}, line=line))
    if not recipients and not problems.items:
        problems.add(path, None, "no recipients listed")
    if problems.errors:
        raise ContentError(problems.items)
    return recipients
