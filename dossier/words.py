"""Turn a count and a noun into the words printed: "1 error", "3 errors", "1 year"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`number` followed by `noun`, in the plural unless it is exactly one."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
