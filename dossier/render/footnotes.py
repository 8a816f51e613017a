"""Turn WeasyPrint's footnote placement into ours: notes beside their calls, no page opening with "ibid".

Both rules are applied while WeasyPrint paginates, so the document is laid out once
instead of being laid out, read back and laid out again:

- An "ibid" note carries two texts (markdown.fill): "ibid" and the short form. When
  WeasyPrint places the note, it keeps the short form if the note opens the page's
  notes (the note "ibid" points to is then out of sight), "ibid" otherwise. A note
  moved to the next page is placed again there, and chooses again.
- WeasyPrint 70 squeezes one more line onto a page, where orphans or widows would
  otherwise push it, by moving the page's last notes to the next page, even when
  their calls stay behind. With `footnote-policy: line` the line must go with its
  note instead, so that move is refused and WeasyPrint breaks the page before it.

The rules are stated here; where they hook into WeasyPrint's layout internals is in
weasyprint70.py, which checks the WeasyPrint version first. The post-layout audit
(audit.py) checks every note's page whatever happens there.
"""

from __future__ import annotations

from . import weasyprint70
from .markdown import IBID, SHORT


def install() -> None:
    """Hook the two rules into WeasyPrint's layout (idempotent; lasts for the process).

    Raises BuildError, before anything is hooked, if WeasyPrint is not the version the
    hooks were written for.
    """
    # The second rule has nothing to choose: it only undoes a move of WeasyPrint 70's.
    weasyprint70.install(forms=(IBID, SHORT), dropped_form=dropped_form)


def dropped_form(opens_page: bool) -> str:
    """The text an "ibid" note does not print: "ibid" when it opens the page's notes, else the short form."""
    return IBID if opens_page else SHORT
