"""What every PDF Pulih writes shares: its fonts, and text the fallback font can draw.

The public report (`present/exports.py`), the visit list (`present/visit_list.py`) and the
monthly digest (`sheets/digest.py`) draw with Debian's DejaVu fonts when they are installed
(every character of Indonesian and English text); on a machine without them they fall back to
fpdf2's core Helvetica, which draws Latin-1 only, so their text is transliterated first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

_LATIN1 = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "−": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def as_is(text: str) -> str:
    """Text for a Unicode font: unchanged."""
    return text


def transliterate(text: str) -> str:
    """Text the PDF core fonts can draw (Latin-1): dashes and quotes as ASCII, other letters without accents."""
    text = text.translate(_LATIN1)
    return "".join(
        c if ord(c) < 256 else unicodedata.normalize("NFKD", c).encode("latin-1", "ignore").decode("latin-1")
        for c in text
    )


def use_fonts(pdf: Any) -> tuple[str, Callable[[str], str]]:
    """Add DejaVu (regular and bold) to an `fpdf.FPDF` when installed: the font family to set, and
    what every text must pass through before it is drawn."""
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return "DejaVu", as_is
    return "helvetica", transliterate
