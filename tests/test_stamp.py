"""Personalised copies: each one carries its own recipient and copy ID, however many are stamped."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pikepdf

from dossier.build import Built
from dossier.distribute.recipients import Recipient
from dossier.distribute.stamp import PARALLEL_FROM, choose_copy_ids, marks_pdf, read_copy_id, stamp_copies


def test_every_copy_names_its_own_recipient_when_two_processes_stamp(minimal: Built, tmp_path: Path) -> None:
    count = PARALLEL_FROM + 3  # odd, so the halves differ in size
    people = [
        Recipient(f"Member {i}", "Dr", f"Parliament {i}", f"m{i}@example.org", "en", "", i + 2)
        for i in range(count)
    ]
    kept = {"m4@example.org": "KEEP-0004"}
    chosen = choose_copy_ids(people, kept)
    assert chosen[4][1] == "KEEP-0004"
    assert len({copy_id for _, copy_id in chosen}) == count

    copies = stamp_copies(minimal.pdf, chosen, marks_pdf(chosen, date(2026, 1, 5)), tmp_path, edition=3)

    assert [(c.recipient, c.copy_id) for c in copies] == chosen
    for copy in copies:
        assert copy.path == tmp_path / f"edition-3-{copy.copy_id}.pdf"
        assert read_copy_id(copy.path) == copy.copy_id
        with pikepdf.open(copy.path) as pdf:
            assert len(pdf.pages) == copy.pages
        text = " ".join(
            subprocess.run(["pdftotext", str(copy.path), "-"], capture_output=True, text=True).stdout.split()
        )
        assert f"Prepared for {copy.recipient.addressed}" in text
        assert text.count(f"Copy {copy.copy_id}") == copy.pages
        others = [c.copy_id for c in copies if c is not copy]
        assert not any(other in text for other in others)
