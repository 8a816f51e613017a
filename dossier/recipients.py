"""Turn a dossier's recipients.csv into checked Recipient records, reporting problems by line."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, Problems

RECIPIENTS = "recipients.csv"
COLUMNS = ("name", "title", "parliament", "email", "language")
OPTIONAL = ("note",)
EMAIL = re.compile(r"^[^@\s<>(),;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Recipient:
    name: str
    title: str
    parliament: str
    email: str
    language: str
    note: str
    line: int

    @property
    def addressed(self) -> str:
        """'Ms Jane Doe MP, Parliament of Testland' as printed on the copy."""
        return f"{self.title} {self.name}, {self.parliament}".strip()


def read_recipients(folder: Path) -> list[Recipient]:
    """Every recipient of `folder/recipients.csv`; raises ContentError listing all problems."""
    path = folder / RECIPIENTS
    problems = Problems(folder)
    if not path.is_file():
        problems.add(path, 1, "no recipients file: write recipients.csv with columns " + ", ".join(COLUMNS))
        problems.raise_if_any()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.add(path, 1, "file is not UTF-8 text (save the spreadsheet as CSV UTF-8)")
        problems.raise_if_any()
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
    if missing or unknown:
        parts = [f"missing column(s): {', '.join(missing)}"] if missing else []
        parts += [f"unknown column(s): {', '.join(unknown)}"] if unknown else []
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
        for column, value in values.items():
            if "\r" in value or "\n" in value:
                # A line break in a name or address would let a value add mail headers.
                problems.add(path, line, f"'{column}' contains a line break")
        email = values.get("email", "")
        if email and not EMAIL.match(email):
            problems.add(path, line, f"'{email}' is not an email address")
        if values.get("language") and not LANGUAGE.match(values["language"]):
            problems.add(
                path, line, f"language '{values['language']}' is not a language code such as en or fr"
            )
        if email.lower() in seen:
            problems.add(path, line, f"duplicate recipient {email} (first on line {seen[email.lower()]})")
        seen.setdefault(email.lower(), line)
        recipients.append(Recipient(**{c: values.get(c, "") for c in COLUMNS + OPTIONAL}, line=line))
    if not recipients and not problems.items:
        problems.add(path, 1, "no recipients listed")
    if problems.errors:
        raise ContentError(problems.items)
    return recipients
