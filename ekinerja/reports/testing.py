"""Helpers for tests that read the PDFs back."""

import subprocess


def pages(pdf: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page: in drawing order (a wrapped table cell stays in one piece), or with
    the layout kept (a table row reads left to right)."""
    result = subprocess.run(
        ["pdftotext", "-layout" if layout else "-raw", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    text = result.stdout.decode()
    return text.split("\f")[: text.count("\f")]


def flat(text: str) -> str:
    """Whitespace collapsed; the zero-width breaks the templates put into long words removed."""
    return " ".join(text.replace("\u200b", "").split())
