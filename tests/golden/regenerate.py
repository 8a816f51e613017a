"""Write the golden files of each dossier in GOLDEN: `make golden` runs this, nobody edits the files.

Each golden HTML file is the HTML that a build hands to WeasyPrint (`dossier build
--emit-html`), notes filled in as the layout settled them; each golden reading
(`<name>.read.txt`) is what a screen reader reads of the pages in READ, from the PDF's
structure tree (tests/pdfread.py). tests/test_golden.py compares a fresh build with them,
so any change to what the briefing says, how it is marked up or how it is read out shows
as a diff to review.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from dossier.build import Settings, build

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# golden file name -> the dossier folder it is built from
GOLDEN = {
    "kem-sokha.html": ROOT / "content" / "kem-sokha",
    "minimal.html": ROOT / "tests" / "fixtures" / "minimal",
}


# The pages read aloud from the sample's structure tree: the contents, and a page where
# the procedural history begins with its figure after notes-dense text.
READ = {"kem-sokha.read.txt": (ROOT / "content" / "kem-sokha", (2, 7))}
# What `dossier diff` prints for each sample: edition 2 against its released edition 1.
DIFF = {
    f"{name}.diff.txt": ROOT / "content" / name
    for name in ("kem-sokha", "jimmy-lai", "oleg-orlov", "narges-mohammadi")
}


def html_of(folder: Path, scratch: Path) -> str:
    built = build(folder, scratch / f"{folder.name}.pdf", Settings(emit_html=True), force=True)
    assert built.html is not None
    return built.html.read_text(encoding="utf-8")


def diff_of(folder: Path) -> str:
    from click.testing import CliRunner

    from dossier.cli import main

    result = CliRunner().invoke(main, ["diff", str(folder)])
    assert result.exit_code == 0, result.output
    return str(result.output)


def reading_of(folder: Path, pages: tuple[int, ...], scratch: Path) -> str:
    from tests.pdfread import read_aloud

    built = build(folder, scratch / f"{folder.name}-read.pdf", Settings(), force=True)
    return "".join(f"== page {page}\n{read_aloud(built.pdf, page)}" for page in pages)


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        for name, folder in GOLDEN.items():
            (HERE / name).write_text(html_of(folder, Path(scratch)), encoding="utf-8")
            print(f"wrote {(HERE / name).relative_to(ROOT)}")
        for name, folder in DIFF.items():
            (HERE / name).write_text(diff_of(folder), encoding="utf-8")
            print(f"wrote {(HERE / name).relative_to(ROOT)}")
        for name, (folder, pages) in READ.items():
            (HERE / name).write_text(reading_of(folder, pages, Path(scratch)), encoding="utf-8")
            print(f"wrote {(HERE / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
