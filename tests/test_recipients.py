"""recipients.csv: rows end where RFC 4180 says, and every problem of every row is reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.distribute.recipients import read_recipients
from dossier.errors import ContentError

from .conftest import MINIMAL

HEADER = "name,title,parliament,email,language,note\n"


def problems(folder: Path, rows: str) -> list[str]:
    (folder / "recipients.csv").write_text(HEADER + rows, encoding="utf-8", newline="")
    with pytest.raises(ContentError) as caught:
        read_recipients(folder)
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "case")
    return tmp_path / "case"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1e"])
def test_unicode_line_separators_do_not_split_rows(folder: Path, separator: str) -> None:
    found = problems(
        folder,
        f"Jane{separator}Example,Ms,Parliament of Testland,jane@parliament.example,en,\n"
        "Alex Sample,Dr,Senate,not-an-address,en,\n",
    )
    kind = "a line separator" if separator in "\u2028\u2029\x85" else "a control character"
    # The row with the separator is line 2 and the next row line 3: nothing was split.
    assert found == [
        f"2: 'name' contains {kind} (U+{ord(separator):04X})",
        "3: 'not-an-address' is not an email address: an address has exactly one @",
    ]


def test_a_clean_file_with_a_line_separator_in_a_note_is_refused_not_split(folder: Path) -> None:
    found = problems(folder, 'Jane Example,Ms,Parliament,jane@parliament.example,en,"Dear\u2028Jane"\n')
    assert found == ["2: 'note' contains a line separator (U+2028)"]


def test_every_problem_of_every_row_at_once(folder: Path) -> None:
    found = problems(
        folder,
        "Jane\tExample,Ms,Parliament,jane@parliament.example,en,\n"  # 2
        "Alex,Dr,Senate,jäne@parliament.example,en,\n"  # 3
        "Kim,Mx,Assembly,kim@faß.example,en,\n"  # 4
        "Lee,Mr,Assembly,lee@ｂücher.example,en,\n"  # 5
        "Sam,Ms,Assembly,sam@bücher.example,en,\n"  # 6: fine
        "Max,Dr,Assembly,max@-bad.example,en,\n"  # 7
        "Ann,Dr,\u202eAssembly,ann@x.example,en,\n"  # 8
        '"Bo ""Q"" Example",Dr,Assembly,"bo@x.example",english,\n'  # 9
        "Cy,Dr,Assembly,cy@localhost,en,\n"  # 10
        'Di,Dr,Assembly,"""di""@x.example",en,\n',  # 11: a quoted local part
    )
    assert found == [
        "2: 'name' contains a control character (U+0009)",
        "3: 'jäne@parliament.example' is not an email address: the part before the @ has non-ASCII "
        "characters, which would need SMTPUTF8: not supported",
        "4: 'kim@faß.example' is not an email address: the domain contains ß, which the two IDNA "
        "standards turn into different domains: write the domain in its xn-- form",
        "5: 'lee@ｂücher.example' is not an email address: the domain label 'ｂücher' is written with "
        "characters that stand for others (it would be sent to 'bücher'): write it as 'bücher'",
        "7: 'max@-bad.example' is not an email address: '-bad' is not a domain label "
        "(letters, digits and inner hyphens)",
        "8: 'parliament' contains a text direction control (U+202E), which can disguise it",
        "9: language 'english' is not a language code such as en or fr",
        "10: 'cy@localhost' is not an email address: the domain has no dot",
        "11: '\"di\"@x.example' is not an email address: the part before the @ may only hold letters, "
        "digits and !#$%&'*+/=?^_`{|}~- with single dots between them",
    ]


def test_idn_domains_are_kept_in_their_ascii_form(folder: Path) -> None:
    (folder / "recipients.csv").write_text(
        HEADER + "Sam Example,Ms,Bundestag,Sam@Bücher.Example,de,\n", encoding="utf-8"
    )
    (recipient,) = read_recipients(folder)
    assert recipient.email == "Sam@xn--bcher-kva.example"
