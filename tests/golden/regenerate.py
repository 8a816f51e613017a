"""Write the golden HTML of each dossier in GOLDEN: `make golden` runs this, nobody edits the files.

Each golden file is the HTML that a build hands to WeasyPrint (`dossier build --emit-html`),
notes filled in as the layout settled them. tests/test_golden.py compares a fresh build with
it, so any change to what the briefing says or how it is marked up shows as a diff to review.
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


def html_of(folder: Path, scratch: Path) -> str:
    built = build(folder, scratch / f"{folder.name}.pdf", Settings(emit_html=True), force=True)
    assert built.html is not None
    return built.html.read_text(encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        for name, folder in GOLDEN.items():
            (HERE / name).write_text(html_of(folder, Path(scratch)), encoding="utf-8")
            print(f"wrote {(HERE / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
