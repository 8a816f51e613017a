"""Personalised copies and exactly-once delivery, against a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import csv
import datetime
import email
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import ssl
import subprocess
import sys
from collections.abc import Callable, Iterator
from email import policy
from pathlib import Path

import pikepdf
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from dossier.cli import main
from dossier.distribute.mail import HeaderInjection, build_message
from dossier.errors import DeliveryError

from .conftest import MINIMAL, ROOT
from .delivery import (
    LEDGER,
    RECIPIENTS,
    Mailbox,
    attached_copy_id,
    free_port,
    ledger_rows,
    send_args,
    working_in,
)
from .helpers import release_first_edition


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    with working_in(tmp_path):
        yield tmp_path


def test_dry_run_writes_copies_messages_and_manifest(workdir: Path) -> None:
    result = CliRunner().invoke(main, ["distribute", "minimal"])
    assert result.exit_code == 0, result.output
    assert "dry run: 3 messages in build/outbox/" in result.stdout
    outbox = sorted((workdir / "build" / "outbox").glob("*.eml"))
    assert len(outbox) == 3
    (copies,) = (workdir / "build").glob("minimal-*/edition-2")  # named by folder and ledger
    manifest = json.loads((copies / "manifest.json").read_text())
    assert sorted(row["email"] for row in manifest) == sorted(RECIPIENTS)
    with (copies / "manifest.csv").open() as stream:
        assert [r["copy_id"] for r in csv.DictReader(stream)] == [r["copy_id"] for r in manifest]
    for row in manifest:
        copy = copies / row["file"]
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == row["sha256"]
        with pikepdf.open(copy) as pdf:
            assert str(pdf.docinfo["/DossierCopyID"]) == row["copy_id"]
            assert len(pdf.pages) == row["pages"]
        text = subprocess.run(["pdftotext", str(copy), "-"], capture_output=True, text=True).stdout
        assert f"Prepared for {row['recipient']}" in " ".join(text.split())
        assert text.count(f"Copy {row['copy_id']}") == row["pages"]  # the copy ID on every page
        traced = CliRunner().invoke(main, ["trace", str(copy), "minimal"])
        assert traced.exit_code == 0 and f"prepared for {row['recipient']} <{row['email']}>" in traced.stdout
    message = email.message_from_bytes(outbox[0].read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec in RECIPIENTS


def test_send_delivers_the_right_copy_once(workdir: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    result = CliRunner().invoke(main, send_args(port, "--first-send"))
    assert result.exit_code == 0, result.output
    assert "sent 3, failed 0, unresolved 0" in result.stdout
    rows = ledger_rows(workdir / LEDGER)
    for address in RECIPIENTS:
        (message,) = box.to(address)
        assert attached_copy_id(message) == rows[address][1]
        assert rows[address][0] == "sent"
    again = CliRunner().invoke(main, send_args(port))
    assert again.exit_code == 0 and again.stdout.count("already has edition 2") == 3
    assert len(box.messages) == 3
    status = CliRunner().invoke(main, ["distribute", "minimal", "--status"])
    assert status.stdout.count(" 2  -") == 3


def test_outdated_only_sends_the_new_edition_to_holders_of_an_old_one(
    workdir: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    assert CliRunner().invoke(main, send_args(port, "--first-send")).exit_code == 0
    meta = workdir / "minimal" / "dossier.yaml"
    meta.write_text(meta.read_text().replace("number: 2", "number: 3"))
    with (workdir / "minimal" / "recipients.csv").open("a") as stream:
        stream.write("New Member,Ms,Parliament of Testland,new@parliament.example,en,\n")
    result = CliRunner().invoke(main, send_args(port, "--outdated-only"))
    assert result.exit_code == 0, result.output
    assert len(box.messages) == 6
    assert box.to("new@parliament.example") == []
    assert all(len(box.to(a)) == 2 for a in RECIPIENTS)


def run_sender(port: int, cwd: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", *send_args(port, *extra)],
        cwd=cwd,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("kill_at", [1, 2, 3])
def test_crash_at_each_step_never_sends_twice(workdir: Path, smtp: tuple[Mailbox, int], kill_at: int) -> None:
    box, port = smtp
    box.pause_at = kill_at
    sender = run_sender(port, workdir, "--first-send")
    assert box.arrived.wait(60), sender.communicate()
    os.killpg(sender.pid, signal.SIGKILL)  # mid-send: the server has the message, the ledger no result
    sender.wait()
    box.release.set()
    box.pause_at = None
    rerun = CliRunner().invoke(main, send_args(port))
    rows = ledger_rows(workdir / LEDGER)
    unresolved = {a for a, (status, _) in rows.items() if status == "attempt"}
    for address in RECIPIENTS:
        received = box.to(address)
        assert len(received) <= 1, f"{address} got {len(received)} messages"
        assert len(received) == 1 or address in unresolved
        if address in unresolved:
            assert f"{address}: UNRESOLVED" in rerun.stdout
    assert len(unresolved) == 1  # exactly the one being sent when the sender died
    assert rerun.exit_code == 1  # an unresolved delivery is not success
    decided = CliRunner().invoke(
        main, ["distribute", "minimal", "--resolve", unresolved.pop(), "--as", "sent"]
    )
    assert decided.exit_code == 0
    final = CliRunner().invoke(main, send_args(port))
    assert final.exit_code == 0 and len(box.messages) == 3


def self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def test_starttls_with_a_self_signed_certificate(workdir: Path) -> None:
    cert, key = self_signed(workdir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True)
    controller.start()
    try:
        args = send_args(port, "--first-send")
        args[args.index("none")] = "starttls"
        refused = CliRunner().invoke(main, args)  # the certificate is not trusted without --ca-file
        assert refused.exit_code == 1 and "cannot connect" in refused.stderr and box.messages == []
        result = CliRunner().invoke(main, [*args, "--ca-file", str(cert)])
        assert result.exit_code == 0, result.output
        assert len(box.messages) == 3
    finally:
        controller.stop()


def test_line_breaks_in_header_values_are_refused() -> None:
    with pytest.raises(HeaderInjection):
        build_message("a@b.example", "Jane\r\nBcc: all@x.example", "jane@x.example", b"%PDF", "f.pdf", {})


def test_recipients_file_errors_with_lines(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(MINIMAL, folder)
    (folder / "recipients.csv").write_text(
        "name,title,parliament,email,language\n"
        "Jane Example,Ms,Parliament of Testland,not-an-address,en\n"
        '"Alex\nBcc: everyone@x.example",Dr,Senate,alex@senate.example,en\n'
        "Kim,Mx,Assembly,alex@senate.example,english\n"
    )
    result = CliRunner().invoke(main, ["distribute", str(folder)])
    assert result.exit_code == 1
    lines = [line.split("recipients.csv:", 1)[1] for line in result.stderr.splitlines()]
    assert lines == [
        "2: 'not-an-address' is not an email address: an address has exactly one @",
        "4: 'name' contains a line break",
        "5: duplicate recipient alex@senate.example (first on line 4)",
        "5: language 'english' is not a language code such as en or fr",
    ]


def altered(copy: Path) -> None:
    """The copy re-saved with one change: same copy ID and recipient, other bytes."""
    with pikepdf.open(copy, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Subject"] = "altered after stamping"
        pdf.save(copy)


def run_in_process(port: int, on: str, change: Callable[[], None]) -> None:
    """`distribute --send` in this process, running `change` when a progress line starts with `on`."""
    from dossier.distribute.mail import SmtpSettings
    from dossier.distribute.run import Step, distribute

    def progress(step: Step) -> None:
        if str(step).startswith(on):
            change()

    settings = SmtpSettings("127.0.0.1", port, "none", "briefings@ngo.example")
    distribute(Path("minimal"), smtp=settings, first_send=True, progress=progress)


def copies_of(workdir: Path) -> list[Path]:
    return sorted(
        (workdir / "build").glob("minimal*/edition-2/edition-2-*.pdf"), key=lambda p: p.stat().st_mtime
    )


def test_a_copy_replaced_after_stamping_is_refused_before_anything_is_sent(
    workdir: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    with pytest.raises(DeliveryError) as caught:
        run_in_process(port, "stamped", lambda: altered(copies_of(workdir)[0]))
    (problem,) = caught.value.problems
    assert (
        "is not the one stamped" in problem.message
        and "it was changed or replaced after stamping" in problem.message
    )
    assert box.messages == []
    assert ledger_rows(workdir / LEDGER) == {}  # not even an attempt


def test_a_copy_replaced_midway_is_refused_and_is_not_attached(
    workdir: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp

    def replace_the_next() -> None:
        sent = {attached_copy_id(data) for _, data in box.messages}
        (manifest,) = (workdir / "build").glob("minimal*/edition-2/manifest.json")
        waiting = [row for row in json.loads(manifest.read_text()) if row["copy_id"] not in sent]
        altered(manifest.parent / waiting[0]["file"])  # the copy to be sent next

    with pytest.raises(DeliveryError) as caught:
        run_in_process(port, "[1/3]", replace_the_next)
    (problem,) = caught.value.problems
    assert "is not the one stamped" in problem.message
    assert "1 message sent earlier in this run is recorded" in problem.message
    assert len(box.messages) == 1
    rows = ledger_rows(workdir / LEDGER)
    assert [status for status, _ in rows.values()] == ["sent"]  # the refused one was not attempted
    # The next run stamps the copies anew and sends the other two, once.
    result = CliRunner().invoke(main, send_args(port))
    assert result.exit_code == 0, result.output
    assert all(len(box.to(address)) == 1 for address in RECIPIENTS)


def test_holders_of_different_editions_are_told_what_changed_since_theirs(
    workdir: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    folder = workdir / "minimal"
    meta = folder / "dossier.yaml"
    assert CliRunner().invoke(main, ["release", str(folder)]).exit_code == 0  # edition 2, as sent
    assert CliRunner().invoke(main, send_args(port, "--first-send")).exit_code == 0
    # Edition 3: a new event; only the first recipient is sent it.
    events = folder / "events.yaml"
    events.write_text(
        events.read_text()
        + "- id: appeal-filed\n  date: 2024-06-01\n  kind: appeal\n  text: An appeal was lodged [@ngo2023].\n"
        "  sources: [ngo2023]\n"
    )
    new_edition(meta, 3, "2024-07-10")
    assert CliRunner().invoke(main, ["release", str(folder)]).exit_code == 0
    first, *others = RECIPIENTS
    with (folder / "recipients.csv").open() as stream:
        rows = list(csv.reader(stream))
    with (folder / "recipients.csv").open("w", newline="") as stream:
        csv.writer(stream).writerows([rows[0], *[r for r in rows[1:] if first in r]])
    assert CliRunner().invoke(main, send_args(port)).exit_code == 0
    # Edition 4: a new key point; everyone is sent it, holding edition 2 or 3.
    new_edition(meta, 4, "2024-07-20")
    meta.write_text(
        meta.read_text().replace(
            "key_points:\n", "key_points:\n  - A new key point for the fourth edition [@ngo2023].\n", 1
        )
    )
    with (folder / "recipients.csv").open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)
    result = CliRunner().invoke(main, send_args(port))
    assert result.exit_code == 0, result.output

    def body(address: str) -> str:
        message = email.message_from_bytes(box.to(address)[-1], policy=policy.default)
        part = message.get_body(("plain",))
        assert part is not None
        text: str = part.get_content()
        return text

    since_3 = body(first)
    assert "What has changed since edition 3, which we sent you:" in since_3
    # Under the briefing's own group headings, in its words.
    assert "\r\nSummary and background:\r\n- New key point: A new key point for the fourth edition" in since_3
    assert "appeal-filed" not in since_3  # they had it in edition 3
    since_2 = body(others[0])
    assert "What has changed since edition 2, which we sent you:" in since_2
    # After edition 2's latest source: news, with the court decisions.
    assert "Court decisions, sentences and custody:\r\n- New event: Appeal, 1 June 2024\r\n" in since_2
    assert "- New key point: A new key point for the fourth edition.\r\n" in since_2  # no ids, no citations


def new_edition(meta: Path, number: int, as_of: str) -> None:
    """dossier.yaml raised to edition `number`, its information as of `as_of`, dated the day after."""
    text = re.sub(r"number: \d+", f"number: {number}", meta.read_text(), count=1)
    text = re.sub(r"as_of: \S+", f"as_of: {as_of}", text, count=1)
    day = datetime.date.fromisoformat(as_of) + datetime.timedelta(days=1)
    meta.write_text(re.sub(r"(edition:\n  number: \d+\n  date: )\S+", rf"\g<1>{day}", text, count=1))


def _only(folder: Path, address: str) -> list[list[str]]:
    """recipients.csv cut to `address`; returns every row, to put back."""
    with (folder / "recipients.csv").open() as stream:
        rows = list(csv.reader(stream))
    with (folder / "recipients.csv").open("w", newline="") as stream:
        csv.writer(stream).writerows([rows[0], *[r for r in rows[1:] if address in r]])
    return rows


def test_a_released_edition_changed_between_sends_is_refused_under_the_same_number(
    workdir: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    folder = workdir / "minimal"
    release_first_edition(folder)
    first, *others = RECIPIENTS
    rows = _only(folder, first)  # as if the others' server had answered 451
    assert CliRunner().invoke(main, send_args(port, "--first-send")).exit_code == 0
    with (folder / "recipients.csv").open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)
    first_edition = folder / "editions" / "1.json"
    amended = first_edition.read_text().replace('"Plotting case"', '"Plotting case (as amended)"')
    first_edition.write_text(amended)
    result = CliRunner().invoke(main, send_args(port))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the content changed since edition 2 was first sent" in result.output
    assert len(box.messages) == 1 and all(box.to(a) == [] for a in others)


def test_a_damaged_edition_stops_distribution_before_anything_is_stamped(
    workdir: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    folder = workdir / "minimal"
    release_first_edition(folder)
    first_edition = folder / "editions" / "1.json"
    first_edition.write_text(first_edition.read_text().replace('"month": 5', '"month": 13', 1))
    result = CliRunner().invoke(main, send_args(port, "--first-send"))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    damaged = r"editions/1\.json:\d+: events 'judgment': 'date': '2022-13-02' is not a date"
    assert re.search(damaged, result.output)
    assert box.messages == [] and not list((workdir / "build").glob("minimal-*/edition-2"))


def with_web_column(folder: Path, choices: list[str]) -> None:
    """recipients.csv with a 'web' column: each recipient's choice, in file order."""
    path = folder / "recipients.csv"
    rows = list(csv.reader(path.read_text().splitlines()))
    rows[0].append("web")
    for row, choice in zip(rows[1:], choices, strict=True):
        row.append(choice)
    with path.open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)


def test_the_web_edition_is_attached_or_linked_as_each_recipient_asks_and_recorded(
    workdir: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    with_web_column(workdir / "minimal", ["attach", "link", ""])
    url = "https://briefings.example/minimal-edition-2.html"
    result = CliRunner().invoke(main, [*send_args(port, "--first-send"), "--web-url", url])
    assert result.exit_code == 0, result.output
    (copies,) = (workdir / "build").glob("minimal-*/edition-2")
    web = (copies.parent / "briefing.html").read_bytes()
    assert web.startswith(b"<!DOCTYPE html>")

    def parts(address: str) -> tuple[list[tuple[str, bytes]], str]:
        (raw,) = box.to(address)
        message = email.message_from_bytes(raw, policy=policy.default)
        attached = [
            (str(p.get_filename()), bytes(p.get_payload(decode=True))) for p in message.iter_attachments()
        ]
        body = message.get_body(("plain",))
        assert body is not None
        return attached, " ".join(str(body.get_content()).split())

    attached, body = parts("jane@parliament.example")
    assert [name for name, _ in attached] == ["minimal-edition-2.pdf", "minimal-edition-2.html"]
    assert attached[1][1] == web
    assert "The second attachment, an HTML file, is the same edition" in body
    attached, body = parts("alex@senate.example")
    assert [name for name, _ in attached] == ["minimal-edition-2.pdf"]
    assert f"can be read on a phone or with a screen reader at {url}" in body
    attached, body = parts("kim@assembly.example")
    assert len(attached) == 1 and "screen reader" not in body
    # Recorded like the PDF: what each was given.
    with sqlite3.connect(workdir / LEDGER) as db:
        rows = dict((r[0], r[1:]) for r in db.execute("SELECT email, how, sha256, url FROM web"))
    assert rows == {
        "jane@parliament.example": ("attach", hashlib.sha256(web).hexdigest(), ""),
        "alex@senate.example": ("link", hashlib.sha256(web).hexdigest(), url),
    }


def test_a_link_without_an_address_and_an_unknown_choice_are_refused(workdir: Path) -> None:
    with_web_column(workdir / "minimal", ["link", "", "email"])
    result = CliRunner().invoke(main, ["distribute", "minimal"])
    assert result.exit_code == 1
    assert "recipients.csv:4: 'web' must be attach, link or left empty, not 'email'" in result.stderr
    shutil.copy(MINIMAL / "recipients.csv", workdir / "minimal" / "recipients.csv")
    with_web_column(workdir / "minimal", ["link", "", ""])
    result = CliRunner().invoke(main, ["distribute", "minimal"])
    assert result.exit_code == 1
    assert "recipients.csv:2: 'web' is link for 1 recipient, but no --web-url" in result.stderr
    result = CliRunner().invoke(main, ["distribute", "minimal", "--web-url", "http://plain.example/x"])
    assert result.exit_code == 1 and "is not an https:// address" in result.stderr
    assert not (workdir / "build" / "outbox").exists()  # nothing written
