"""UI tests: pure helpers, AppTest pages, and a real browser."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shown(markdown: str) -> str:
    """What a reader sees of Markdown holding text Pulih escaped (`present.markup.plain`)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")
