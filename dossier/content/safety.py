"""Turn Markdown written by content authors into what it may not do: raw HTML, links and images out of bounds.

Validation runs this before anything is rendered; the renderer (render/markdown.py) then
keeps raw HTML off and links to the same schemes, so the two agree by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from ..limits import BLOCK_DEPTH, MARKDOWN_DEPTH, WORD_PIECES

SAFE_SCHEMES = ("http://", "https://", "mailto:")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
WHITE = re.compile(r"\s")
_SCHEME = re.compile(r"[a-zA-Z][\w+.-]*:|//")  # anchored by match(): one pass, no backtracking


def has_scheme(url: str) -> bool:
    """True for `file:...`, `javascript:...`, `//host/...`: anything that is not a relative path."""
    return _SCHEME.match(url) is not None


@dataclass
class Findings:
    """What one Markdown text asks for: problems, and the images to check against the folder."""

    problems: list[tuple[int, str]] = field(default_factory=list)  # (0-based line, message)
    images: list[tuple[int, str]] = field(default_factory=list)  # (0-based line, relative path)


# Blocks that hold blocks: each level indents the text, and past markdown-it's limit of 20
# levels the rest of the text was dropped without a word.
CONTAINERS = {
    "blockquote_open",
    "blockquote_close",
    "bullet_list_open",
    "bullet_list_close",
    "ordered_list_open",
    "ordered_list_close",
}


def content_problems(text: str) -> Findings:
    """Raw HTML, link or image targets content may not use, and emphasis or links nested
    deeper than the layout can follow, by 0-based line."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    found = Findings()
    containers = 0
    nested: dict[int, int] = {}  # line: deepest, where deeper than BLOCK_DEPTH
    for block in md.parse(text):
        line = block.map[0] if block.map else 0
        if block.type in CONTAINERS:
            containers += block.nesting
            if containers > BLOCK_DEPTH and block.nesting > 0:
                nested[line] = max(nested.get(line, 0), containers)
        depth = deepest = 0
        run = longest = 0  # pieces of emphasis, links and code in one word
        if block.type == "html_block":
            found.problems.append((line, "raw HTML is not allowed in content: write Markdown"))
        for token in block.children or []:
            depth += token.nesting
            deepest = max(deepest, depth)
            if token.nesting == 1 or token.type == "code_inline":
                run += 1
                longest = max(longest, run)
            elif token.type in ("softbreak", "hardbreak") or (
                token.type == "text" and WHITE.search(token.content)
            ):
                run = 0
            if token.type == "html_inline":
                found.problems.append((line, "raw HTML is not allowed in content: write Markdown"))
            elif token.type == "link_open":
                href = str(token.attrGet("href") or "")
                if not href.lower().startswith(SAFE_SCHEMES):
                    found.problems.append(
                        (line, f"link to '{href}': links may only go to http(s) or mailto addresses")
                    )
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                if has_scheme(src):
                    found.problems.append(
                        (line, f"image '{src}': images must be files in the dossier folder")
                    )
                elif not src.lower().endswith(IMAGE_TYPES):
                    found.problems.append((line, f"image '{src}': use a PNG, JPEG, GIF, SVG or WebP file"))
                else:
                    found.images.append((line, src))
        if longest > WORD_PIECES and deepest <= MARKDOWN_DEPTH:  # nesting, where it is that, says more
            found.problems.append(
                (line, f"{longest} pieces of emphasis, links or code in one word (at most {WORD_PIECES})")
            )
        if deepest > MARKDOWN_DEPTH:
            found.problems.append(
                (line, f"emphasis and links nested {deepest} deep (at most {MARKDOWN_DEPTH})")
            )
    for line, deepest in nested.items():
        found.problems.append((line, f"quotations and lists nested {deepest} deep (at most {BLOCK_DEPTH})"))
    # One report per line and kind, however many tags.
    found.problems = list(dict.fromkeys(found.problems))
    found.images = list(dict.fromkeys(found.images))
    return found
