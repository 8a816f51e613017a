"""The one rule for files content reaches: regular, inside the folder after links, under a size limit."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.content.validate import check_folder
from dossier.errors import ContentError
from dossier.files import Refused, check_file, read_file
from dossier.limits import FILE_LIMITS, MIB


def test_a_file_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("text")
    assert read_file(tmp_path, "a.md") == b"text"


def test_a_link_that_stays_inside_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("text")
    (tmp_path / "a.md").symlink_to("real.md")
    assert read_file(tmp_path, "a.md") == b"text"


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd", "/dev/zero"])
def test_a_link_out_is_refused(tmp_path: Path, target: str) -> None:
    (tmp_path / "a.md").symlink_to(target)
    with pytest.raises(Refused, match="symbolic link to a file outside the dossier folder"):
        read_file(tmp_path, "a.md")


def test_a_linked_folder_that_leads_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "images").symlink_to("/etc")
    with pytest.raises(Refused, match="symbolic link to a file outside"):
        check_file(tmp_path, "images/passwd")


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.md")
    with pytest.raises(Refused, match="not a regular file"):
        read_file(tmp_path, "a.md")
    with pytest.raises(Refused, match="not a regular file"):
        check_file(tmp_path, "a.md")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.md").mkdir()
    with pytest.raises(Refused, match="is a folder"):
        read_file(tmp_path, "a.md")


def test_absolute_and_escaping_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="absolute path"):
        read_file(tmp_path, "/etc/passwd")
    (tmp_path / "sub").mkdir()
    (tmp_path / "x.md").write_text("text")
    with pytest.raises(Refused, match="lies outside the dossier folder"):
        read_file(tmp_path / "sub", "../x.md")


def test_a_file_over_its_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "a.md"
    with big.open("wb") as stream:
        stream.truncate(FILE_LIMITS[".md"] + 1)  # sparse: nothing is written, nothing read
    with pytest.raises(Refused, match=r"'a.md' is 1\.0 MB; the limit is 1\.0 MB"):
        read_file(tmp_path, "a.md")


def test_content_file_limits_are_reported_with_the_file(content: Path) -> None:
    with (content / "sources.bib").open("ab") as stream:
        stream.truncate(3 * MIB)
    image = content / "map.png"
    with image.open("wb") as stream:
        stream.truncate(21 * MIB)
    (content / "background.md").write_text("A map [@ngo2021].\n\n![Map](map.png)\n")
    with pytest.raises(ContentError) as caught:
        check_folder(content)
    messages = [str(replace(p, path=Path(p.path).name)) for p in caught.value.problems]
    assert "sources.bib: 'sources.bib' is 3.0 MB; the limit is 2.0 MB" in messages
    assert "background.md:3: image 'map.png' is 21.0 MB; the limit is 20.0 MB" in messages


def test_check_stops_at_its_time_limit(content: Path) -> None:
    with pytest.raises(ContentError, match=r"took longer than 0\.001 s and was stopped"):
        check_folder(content, time_limit=0.001)


def test_output_must_be_a_pdf(content: Path, tmp_path: Path) -> None:
    before = (content / "sources.bib").read_bytes()
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(content / "sources.bib")])
    assert result.exit_code == 2
    assert "is not a .pdf file name" in result.output
    assert (content / "sources.bib").read_bytes() == before


def test_pdf_a_attaches_the_content_files_and_nothing_else(content: Path, tmp_path: Path) -> None:
    # What a folder collects in use: a ledger, an outbox, backups, a recipients list.
    (content / "distribution").mkdir()
    (content / "distribution" / "ledger.sqlite").write_bytes(b"SQLite format 3\0")
    (content / "recipients.csv~").write_text("name,email\nX,x@example.org\n")
    (content / "Recipients.csv").write_text("name,email\nX,x@example.org\n")
    (content / "build").mkdir()
    (content / "build" / "old.pdf").write_bytes(b"%PDF-1.7")
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(out), "--pdf-variant", "pdf/a-3u"])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        names = sorted(pdf.attachments.keys())
    assert names == sorted(
        [
            "background.md",
            "charges.yaml",
            "dossier.yaml",
            "events.yaml",
            "manifest.json",
            "positions.yaml",
            "sources.bib",
        ]
    )


def test_huge_files_the_build_does_not_use_are_never_read(content: Path, tmp_path: Path) -> None:
    # Sparse: 5 GB each on paper, nothing on disk. Before, the no-op check hashed every
    # file of the folder and a huge one ended the build with a MemoryError.
    for name in ("video.mp4", "unused-map.png"):
        with (content / name).open("wb") as stream:
            stream.truncate(5 * 1024 * MIB)
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(main, ["build", str(content), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_time_limit_raise_that_is_swallowed_still_stops_the_check() -> None:
    from dossier.limits import TimeLimit, deadline

    # As a garbage-collector callback or __del__ does: the exception is discarded there.
    with pytest.raises(TimeLimit), deadline(0.01):
        for _ in range(200):
            with contextlib.suppress(BaseException):
                time.sleep(0.01)
