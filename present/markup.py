"""Text from outside shown as text: spreadsheet headers and cells, tab and file names, login claims.

Streamlit renders Markdown in `st.markdown`, `st.error`/`st.warning`/`st.info`,
captions and most labels, and plotly renders a little HTML in chart text. A header
cell typed as `![x](http://evil.example/a.png)` would make every staff browser that
opens the data quality page fetch that address (telling its owner who looked, and
when); `<a href=...>` in a cell would become a link in a chart. Whatever did not come
from Pulih itself goes through `plain` (Markdown) or `chart_text` (plotly) on its way
to the page; `st.dataframe` and widget options show text as text already.
"""

from __future__ import annotations

import re
import string

import pandas as pd

# CommonMark: any ASCII punctuation may be escaped with a backslash and then stands for itself:
# no image, link, HTML tag, emphasis or heading, nor Streamlit's `:color[...]` and `$maths$`.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GFM turns bare `http://...`, `www.` and `name@host` into links after parsing, escapes or not; an
# invisible word joiner where those patterns need their next character keeps them text.
_AUTOLINKS = re.compile(r"(?i)(?<=www)(?=\.)|(?=://)|(?<=@)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)")
WORD_JOINER = "\u2060"
_CHART_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def plain(text: object) -> str:
    """`text` for a Markdown context, shown as typed on one line: no link, image, HTML or heading.

    The only change a reader could notice: an invisible word joiner (U+2060) after `http`,
    `www` or `@` where the text would otherwise have become a bare link.
    """
    one_line = _LINE_BREAKS.sub(" ", str(text))
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINKS.sub(WORD_JOINER, one_line))


def chart_text(text: object) -> object:
    """`text` for plotly (labels, titles, hover): its `<`, `>` and `&` shown, never read as tags."""
    if not isinstance(text, str):
        return text
    return "".join(_CHART_ENTITIES.get(c, c) for c in text)


def chart_columns(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """`frame` with the free text of `columns` made safe for plotly (`chart_text`)."""
    return frame.assign(**{c: frame[c].map(chart_text) for c in columns if c in frame})
