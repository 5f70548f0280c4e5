"""Start the app: `python -m ui.serve [streamlit options]` (what `make run` does).

Streamlit treats a `pages/` folder next to the main script as its legacy
multipage folder until the first `st.navigation` call; the first visit after a
start then runs through the legacy router, which shows "Page not found" for our
page addresses. Declaring the folder unused before the server starts makes every
run go through app.py's `st.navigation`. (`streamlit run app.py` also works; its
only difference is that one-time message.)
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli


def main(argv: list[str] | None = None) -> None:
    """Run `streamlit run app.py` in this process with the legacy pages folder switched off."""
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", "app.py", *(sys.argv[1:] if argv is None else argv)]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
