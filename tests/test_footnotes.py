"""Notes placed by footnotes.py's rules (hooked in by weasyprint70.py), read back from layouts and PDFs."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from weasyprint.layout import LayoutContext

from dossier.render import weasyprint70
from dossier.render.audit import audit, short_form_notes
from dossier.render.pdf import PdfOptions, layout, pdf_bytes

from .conftest import MINIMAL

STYLE = """<style>
@font-face { font-family: Serif; src: url("fonts/NotoSerif-Regular.ttf"); }
@page { size: 105mm 148mm; margin: 10mm; }
html { font: 10pt/1.4 Serif; }
.footnote { float: footnote; footnote-policy: line; font-size: 8pt; }
::footnote-marker { content: counter(footnote) ". "; }
.next { break-before: page; }
</style>"""


def note(number: int, text: str, short: str | None = None) -> str:
    if short is None:
        return f'<span class="footnote" id="fn{number}">{text}</span>'
    forms = f'<span class="ibid-form">{text}</span><span class="short-form">{short}</span>'
    return f'<span class="footnote" id="fn{number}">{forms}</span>'


def pages_text(html: str) -> list[str]:
    document = layout(html, PdfOptions(variant="plain"), MINIMAL)
    with pdfplumber.open(io.BytesIO(pdf_bytes(document, PdfOptions(variant="plain")))) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_ibid_opening_a_page_prints_its_short_form_and_elsewhere_ibid() -> None:
    html = (
        f"<html lang=en>{STYLE}<body>"
        f"<p>First claim.{note(1, 'Amnesty International, Full Title (2018).')}"
        f" Second claim.{note(2, 'ibid.', 'Amnesty International (n 1).')}</p>"
        f"<p class=next>Third claim.{note(3, 'ibid 4.', 'Amnesty International (n 1) 4.')}"
        f" Fourth claim.{note(4, 'ibid.', 'Amnesty International (n 1).')}</p>"
        "</body></html>"
    )
    first, second = pages_text(html)
    assert "2. ibid." in first and "(n 1)" not in first
    assert "3. Amnesty International (n 1) 4." in second
    assert "4. ibid." in second
    document = layout(html, PdfOptions(variant="plain"), MINIMAL)
    assert short_form_notes(document) == {3}
    assert audit(document, 4, {}) == []


def test_audit_names_a_page_opened_by_ibid() -> None:
    # A note with no short form to fall back on: the audit must catch it.
    html = (
        f"<html lang=en>{STYLE}<body><p>Claim.{note(1, 'Full reference.')}</p>"
        f'<p class=next>Claim.<span class="footnote" id="fn2"><span class="ibid-form">ibid.</span></span></p>'
        "</body></html>"
    )
    document = layout(html, PdfOptions(variant="plain"), MINIMAL)
    assert audit(document, 2, {}) == ["note 2 opens the notes of page 2 with 'ibid'"]


# WeasyPrint 70 moves the page's last note to the next page to fit line "g" (orphans 2),
# leaving its call behind (compare WeasyPrint issue #2432's example).
SQUEEZE = f"""<html lang=en><style>
@font-face {{ font-family: Serif; src: url("fonts/NotoSerif-Regular.ttf"); }}
@page {{ margin: 0; size: 100px; @footnote {{ margin-top: 0 }} }}
html {{ font: 10px/1 Serif; }} body {{ margin: 0 }} div {{ break-before: avoid }}
.footnote {{ float: footnote; footnote-policy: line }} ::footnote-call {{ vertical-align: baseline }}
</style><body><div>a<br>b<br>c<br>d<br>e</div>
<div>f{note(1, "one")}{note(2, "two")}{note(3, "three")}{note(4, "four")}<br>g<br>h<br>i</div>
</body></html>"""

RAW = """
import sys
from pathlib import Path
from weasyprint import HTML
from dossier.render.audit import _read
from dossier.render.resources import BASE_URL, SandboxFetcher
from dossier.paths import STYLES
document = HTML(string=sys.stdin.read(), base_url=BASE_URL,
                url_fetcher=SandboxFetcher(STYLES, Path(sys.argv[1]))).render()
read = _read(document)
print(sorted(read.calls.items()), sorted(read.notes.items()))
"""


def test_notes_stay_on_the_page_of_their_calls_where_weasyprint_would_part_them() -> None:
    raw = subprocess.run(
        [sys.executable, "-c", RAW, str(MINIMAL)], input=SQUEEZE, capture_output=True, text=True, check=True
    )
    # Plain WeasyPrint: note 4 printed on page 2, its call on page 1 (if this ever stops
    # happening, WeasyPrint fixed it and the refusal in weasyprint70.py can go).
    assert raw.stdout.split() != [] and "(4, 1)" in raw.stdout and "(4, 2)" in raw.stdout
    document = layout(SQUEEZE, PdfOptions(variant="plain"), MINIMAL)
    assert audit(document, 4, {}) == []


def test_notes_measured_once_lay_out_exactly_as_weasyprint_measures_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pages crowded with notes of many lengths: the PDF must be the same bytes whether
    # the footnote area is measured note by note (weasyprint70.py) or whole, each time.
    words = [
        "the",
        "court",
        "adjourned",
        "the",
        "hearing",
        "again",
        "citing",
        "the",
        "absence",
        "of",
        "witnesses",
    ]
    paragraphs = []
    for p in range(12):
        calls = "".join(
            f" Claim {p}.{i}.{note(p * 4 + i + 1, ' '.join(words[: 3 + (p * 7 + i * 5) % 11]) + '.')}"
            for i in range(4)
        )
        paragraphs.append(f"<p>{' '.join(words * 3)}{calls}</p>")
    html = f"<html lang=en>{STYLE}<body>{''.join(paragraphs)}</body></html>"
    options = PdfOptions(variant="plain")
    fast = layout(html, options, MINIMAL)
    assert len(fast.pages) >= 3
    assert audit(fast, 48, {}) == []
    monkeypatch.setattr(
        LayoutContext, "_update_footnote_area", weasyprint70.ORIGINAL["_update_footnote_area"]
    )
    whole = layout(html, options, MINIMAL)
    assert pdf_bytes(fast, options) == pdf_bytes(whole, options)


# A list item whose line must break just before a span, as the changes list's did: at this
# width, only the space before the span overflows the first line.
SPAN_AT_LINE_END = STYLE.replace("size: 105mm 148mm", "size: 198mm 148mm") + (
    '<ul style="text-align: left"><li>House arrest, 10 September 2018: date from September 2018 to '
    "10 September 2018; court or body <span>A Cambodian judge</span> (not given before); text "
    "reworded.</li></ul>"
)


RAW_LINES = """
import io, sys
from pathlib import Path
import pdfplumber
from weasyprint import HTML
from dossier.render.resources import BASE_URL, SandboxFetcher
from dossier.paths import STYLES
pdf = HTML(string=sys.stdin.read(), base_url=BASE_URL,
           url_fetcher=SandboxFetcher(STYLES, Path(sys.argv[1]))).write_pdf()
with pdfplumber.open(io.BytesIO(pdf)) as read:
    print(read.pages[0].extract_text())
"""


def test_a_text_whose_trailing_space_alone_overflows_breaks_at_its_last_opportunity() -> None:
    raw = subprocess.run(
        [sys.executable, "-c", RAW_LINES, str(MINIMAL)],
        input=SPAN_AT_LINE_END,
        capture_output=True,
        text=True,
    )
    assert raw.returncode == 0, raw.stderr
    # Plain WeasyPrint 70: "House" alone on the first line, the rest on the next.
    assert raw.stdout.splitlines()[0] == "• House", raw.stdout
    document = layout(SPAN_AT_LINE_END, PdfOptions(variant="plain"), MINIMAL)
    with pdfplumber.open(io.BytesIO(pdf_bytes(document, PdfOptions(variant="plain")))) as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    assert lines[0].startswith("• House arrest, 10 September 2018: date from September 2018 to"), lines
    assert lines[0].endswith("court or body"), lines  # broken before the span, at its last space


def test_a_source_a_date_cites_is_not_lent_to_the_events_text(content: Path) -> None:
    """The judgment's text cites the court; ngo2023, listed on the event, gives one of its two
    dates: it is cited there, and not added to the text as "see also" (helper-39: PEN's date
    was added after the BBC's sentence that contradicts it)."""
    import re

    from dossier.build import Settings, build

    from .helpers import edit, text

    edit(
        content / "events.yaml",
        "  date: 2022-05-02\n",
        "  date: {differ: [{value: 2022-05-02, sources: [court2022]},"
        " {value: 2022-05-03, sources: [ngo2023]}]}\n",
    )
    built = build(content, content.parent / "out.pdf", Settings(emit_html=True))
    assert built.html is not None
    html = built.html.read_text()
    after = re.search(
        r"seven <span class=\"with-call\">years\.(<span class=\"footnote[^>]*>.*?</span>)", html
    )
    assert after is not None
    assert text(after[1]).startswith("Testland City Court") and "Overturn" not in text(after[1])
    # It is cited where it gives its date.
    cell = re.search(r'<tr id="event-judgment">\s*<td class="date">(.*?)</td>', html, re.S)
    assert cell is not None and "3 May 2022 (Example Watch)Example Watch, ‘Testland: Overturn" in " ".join(
        text(cell[1]).split()
    )
