"""The guards at the edges: a WeasyPrint or citeproc-py the hooks do not fit is refused, by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import citeproc
import pytest
import weasyprint
from citeproc.model import Name, TextCased
from weasyprint.document import Page
from weasyprint.layout import LayoutContext, block

from dossier.build import build
from dossier.cite import citeproc_fixes
from dossier.cite.notes import NoteBook
from dossier.errors import BuildError
from dossier.render import footnotes, weasyprint70
from dossier.render.audit import audit
from dossier.render.pdf import PdfOptions, layout

from .conftest import MINIMAL
from .helpers import source, style


def messages(error: pytest.ExceptionInfo[BuildError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


# -- WeasyPrint ---------------------------------------------------------------------------


def test_the_installed_weasyprint_passes_the_guard_before_and_after_the_hooks() -> None:
    assert weasyprint.__version__.startswith("70.")
    weasyprint70.check()
    footnotes.install()
    weasyprint70.check()


@pytest.mark.parametrize("version", ["71.0", "69.1", "7.0"])
def test_another_weasyprint_version_is_refused_by_name(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", version)
    with pytest.raises(BuildError) as error:
        weasyprint70.check()
    assert messages(error) == [f"weasyprint: dossier needs WeasyPrint 70.x; found {version}"]


def _no_page_box(self: Any, page_box: Any) -> None:
    self.width = page_box.margin_width()


def _breaks_lines(context: Any, box: Any) -> None:
    return None


@pytest.mark.parametrize(
    ("owner", "name", "replacement", "feature"),
    [
        (
            LayoutContext,
            "_update_footnote_area",
            None,
            "weasyprint.layout.LayoutContext._update_footnote_area(self)",
        ),
        (
            LayoutContext,
            "layout_footnote",
            lambda self: None,
            "weasyprint.layout.LayoutContext.layout_footnote(self, footnote)",
        ),
        (
            block,
            "_linebox_layout",
            _breaks_lines,
            "weasyprint.layout.block._linebox_layout reading .in_column",
        ),
        (Page, "__init__", _no_page_box, "weasyprint.document.Page._page_box"),
    ],
)
def test_a_missing_or_changed_private_name_is_refused_by_name(
    owner: Any, name: str, replacement: Any, feature: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if replacement is None:
        monkeypatch.delattr(owner, name)
    else:
        monkeypatch.setattr(owner, name, replacement)
    with pytest.raises(BuildError) as error:
        weasyprint70.check()
    found = weasyprint.__version__
    assert messages(error) == [f"weasyprint: dossier needs WeasyPrint 70.x; found {found} without {feature}"]


def test_the_hooks_are_not_installed_past_a_failed_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whether or not an earlier test installed them: nothing is replaced, nor kept as
    # WeasyPrint's own method, once the guard has failed.
    names = ("layout_footnote", "_update_footnote_area", "in_column")
    hooked = ({name: LayoutContext.__dict__.get(name) for name in names}, dict(weasyprint70.ORIGINAL))
    monkeypatch.setattr(weasyprint70, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(BuildError) as error:
        footnotes.install()
    assert messages(error) == ["weasyprint: dossier needs WeasyPrint 70.x; found 71.0"]
    assert ({name: LayoutContext.__dict__.get(name) for name in names}, dict(weasyprint70.ORIGINAL)) == hooked
    assert not weasyprint70._installed


def test_the_audit_reads_no_box_past_a_failed_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    document = layout("<p id=one>One</p>", PdfOptions(variant="plain"), MINIMAL)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(BuildError) as error:
        audit(document, 0, {})
    assert messages(error) == ["weasyprint: dossier needs WeasyPrint 70.x; found 71.0"]


def test_a_build_on_another_weasyprint_stops_with_the_guards_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The child process that renders is forked from this one, and inherits both patches.
    monkeypatch.setattr(weasyprint70, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(BuildError) as error:
        build(MINIMAL, tmp_path / "out.pdf")
    assert messages(error) == ["weasyprint: dossier needs WeasyPrint 70.x; found 71.0"]
    assert not (tmp_path / "out.pdf").exists()


# -- citeproc-py --------------------------------------------------------------------------


def test_the_installed_citeproc_passes_the_guard_before_and_after_the_corrections() -> None:
    citeproc_fixes.check()
    citeproc_fixes.install()
    citeproc_fixes.check()


@pytest.mark.parametrize("version", ["0.12.0", "1.0.0", "0.5.3", "unknown"])
def test_another_citeproc_version_is_refused_by_name(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(citeproc, "__version__", version)
    with pytest.raises(BuildError) as error:
        citeproc_fixes.check()
    assert messages(error) == [f"citeproc-py: dossier needs citeproc-py >=0.6,<0.12; found {version}"]


def _initialize_everything(self: Any, given: Any) -> Any:
    return given


@pytest.mark.parametrize(
    ("owner", "name", "replacement", "feature"),
    [
        (TextCased, "_stop_words", None, "citeproc.model.TextCased._stop_words"),
        (Name, "initialize", _initialize_everything, "citeproc.model.Name.initialize"),
    ],
)
def test_a_missing_or_changed_citeproc_name_is_refused_by_name(
    owner: Any, name: str, replacement: Any, feature: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if replacement is None:
        monkeypatch.delattr(owner, name)
    else:
        monkeypatch.setattr(owner, name, replacement)
    with pytest.raises(BuildError) as error:
        citeproc_fixes.check()
    found = citeproc.__version__
    assert messages(error) == [
        f"citeproc-py: dossier needs citeproc-py >=0.6,<0.12; found {found} without {feature}"
    ]


def test_citeproc_is_not_corrected_past_a_failed_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    corrected = (TextCased.case, TextCased._stop_words, Name.initialize, dict(citeproc_fixes.ORIGINAL))
    monkeypatch.setattr(citeproc_fixes, "_installed", False)
    monkeypatch.setattr(citeproc, "__version__", "0.12.0")
    book = NoteBook({"a": source("a", "Amnesty International", "A title", 2018)}, style("oscola"))
    book.cite_keys(["a"])
    with pytest.raises(BuildError) as error:
        book.render()
    assert messages(error) == ["citeproc-py: dossier needs citeproc-py >=0.6,<0.12; found 0.12.0"]
    assert (
        TextCased.case,
        TextCased._stop_words,
        Name.initialize,
        dict(citeproc_fixes.ORIGINAL),
    ) == corrected
