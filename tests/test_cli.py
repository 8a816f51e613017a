"""The command line, run in-process: exit codes, messages, and what lands in build/."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main

from .conftest import MINIMAL
from .helpers import corpus_case


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    # Every failure leaves through click's handler as SystemExit; anything else escaped it
    # and a user would have seen a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_check_ok() -> None:
    code, out, err = run("check", str(MINIMAL))
    assert (code, err) == (0, "")
    assert out.strip().endswith(": ok")


def test_check_reports_every_problem_without_traceback(tmp_path: Path) -> None:
    folder = corpus_case("many-errors", tmp_path / "many-errors")
    code, _, err = run("check", str(folder))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 4
    assert lines[0] == f"{folder / 'background.md'}:3: unknown source key 'ngo2012' (did you mean 'ngo2023'?)"
    assert lines[-1] == f"3 errors in {folder}"


def test_usage_errors_exit_2() -> None:
    assert run("check", "/no/such/folder")[0] == 2
    assert run("build")[0] == 2
    assert run("frobnicate")[0] == 2


def test_build_default_output_and_html(in_tmp: Path) -> None:
    code, out, err = run("build", str(MINIMAL), "--emit-html")
    assert code == 0, err
    pdf = in_tmp / "build" / "minimal.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o666 & ~umask
    assert (in_tmp / "build" / "minimal.layout.html").read_text().startswith("<!DOCTYPE html>")
    # The count it says is the count of notes the PDF prints.
    from .pdfread import footnotes

    assert f"({len(footnotes(pdf))} footnotes)" in out


def test_failed_build_leaves_last_good_pdf_untouched(tmp_path: Path) -> None:
    target = tmp_path / "build" / "briefing.pdf"
    assert run("build", str(MINIMAL), "-o", str(target))[0] == 0
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    folder = corpus_case("bad-yaml", tmp_path / "bad-yaml")
    code, _, err = run("build", str(folder), "-o", str(target))
    assert code == 1
    assert "events.yaml:5: malformed YAML" in err
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    # the PDF and the record of its inputs (for no-op rebuilds); no temporary file
    assert sorted(p.name for p in target.parent.iterdir()) == [".briefing.pdf.inputs", "briefing.pdf"]


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run("build", str(MINIMAL), "-o", str(blocker / "out.pdf"))
    assert code == 1
    assert "out.pdf: cannot write this file" in err


def test_check_does_not_load_weasyprint() -> None:
    # Validation must feel instant: importing WeasyPrint alone takes most of a second.
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from dossier.cli import main\n"
        f"result = CliRunner().invoke(main, ['check', {str(MINIMAL)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('weasyprint' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


def test_strict_makes_warnings_errors(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "case"
    shutil.copytree(MINIMAL, folder)
    with (folder / "sources.bib").open("a") as bib:
        bib.write("\n@misc{spare,\n  author = {{Nobody}},\n  title = {Never cited},\n  date = {2020}\n}\n")
    code, _, err = run("check", str(folder))
    assert code == 0 and "sources.bib:25: warning: source 'spare' is never cited" in err
    code, _, err = run("check", "--strict", str(folder))
    assert code == 1 and "1 warning, which --strict makes errors" in err
    code, _, err = run("build", "--strict", str(folder), "-o", str(tmp_path / "out.pdf"))
    # It failed because of the warning, not for another reason, and wrote nothing.
    assert code == 1 and "1 warning, which --strict makes errors" in err
    assert "sources.bib:25: warning: source 'spare' is never cited" in err
    assert not (tmp_path / "out.pdf").exists()


def test_unchanged_dossier_is_not_rebuilt(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "case"
    shutil.copytree(MINIMAL, folder)
    target = tmp_path / "out.pdf"
    assert "wrote" in run("build", str(folder), "-o", str(target))[1]
    code, out, _ = run("build", str(folder), "-o", str(target))
    assert code == 0 and "is up to date" in out
    assert (
        "is up to date" not in run("build", str(folder), "-o", str(target), "--draft")[1]
    )  # an option changed
    assert "is up to date" in run("build", str(folder), "-o", str(target), "--draft")[1]
    events = folder / "events.yaml"
    events.write_text(events.read_text().replace("Arrested at home.", "Arrested at his home."))
    assert "wrote" in run("build", str(folder), "-o", str(target), "--draft")[1]  # content changed
    target.write_bytes(target.read_bytes() + b"\n")  # the PDF was touched since
    assert "wrote" in run("build", str(folder), "-o", str(target), "--draft")[1]
    assert "wrote" in run("build", str(folder), "-o", str(target), "--draft", "--force")[1]


def test_a_folder_name_with_a_control_character_is_one_message(tmp_path: Path) -> None:
    folder = tmp_path / "case\x0bname"
    shutil.copytree(MINIMAL, folder)
    for command in ("check", "build", "distribute"):
        result = CliRunner().invoke(main, [command, str(folder)])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        message = "the folder's name holds the control character U+000B: rename the folder"
        shown = str(folder).replace("\x0b", "\\u000b")  # printed, not obeyed by the terminal
        assert result.output.splitlines() == [f"{shown}: {message}"]


def test_a_folder_too_deep_for_its_files_to_open_is_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As 1,200 folders named "folder" deep: a path (some 9,000 bytes) past what the system
    # opens. Fewer, longer names: pytest removes its old folders recursively.
    monkeypatch.chdir(tmp_path)
    for _ in range(300):
        os.mkdir("f" * 30)
        os.chdir("f" * 30)
    for source in MINIMAL.iterdir():
        Path(source.name).write_bytes(source.read_bytes())
    for command in ("check", "build"):
        result = CliRunner().invoke(main, [command, "."])
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert re.fullmatch(
            r"\.: the folder's path is too long to open its files \(\d+ bytes\): move it\n", result.output
        )
