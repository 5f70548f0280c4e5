"""Who may see which page: one role function and one page registry.

The privacy work plugs real login in here: `current_role()` is the only place
that decides the visitor's role, and `PAGES` is the only list of pages with the
roles allowed on each. `app.py` builds the navigation from it and every page
checks it again (a page file can be opened by URL).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("publik", "pimpinan", "staf", "admin")
ALL_ROLES = frozenset(ROLES)
STAFF = frozenset({"staf", "admin"})


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard: its file, its address, and the roles that may open it."""

    key: str  # i18n title is "page.<key>"
    path: str  # relative to the repository root
    # The address. It must differ from the file's own name: Streamlit treats a `pages/`
    # folder as the old multipage layout and would otherwise run the file without app.py.
    url_path: str
    icon: str
    roles: frozenset[str] = ALL_ROLES


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/overview.py", "ringkasan", ":material/dashboard:"),
    PageSpec("areas", "pages/areas.py", "wilayah", ":material/map:"),
    PageSpec("profile", "pages/profile.py", "profil", ":material/groups:"),
    PageSpec("programme", "pages/programme.py", "program", ":material/school:"),
    PageSpec("follow_up", "pages/follow_up.py", "tindak-lanjut", ":material/assignment:", roles=STAFF),
    PageSpec("quality", "pages/quality.py", "kualitas-data", ":material/fact_check:"),
)
PAGE_BY_KEY: dict[str, PageSpec] = {p.key: p for p in PAGES}


def current_role() -> str:
    """The visitor's role; everyone is staff until login exists (the privacy issue replaces this)."""
    return "staf"


def can_see(page_key: str, role: str) -> bool:
    """True when `role` may open the page `page_key`."""
    return role in PAGE_BY_KEY[page_key].roles


def visible_pages(role: str) -> tuple[PageSpec, ...]:
    """The pages `role` may open, in menu order."""
    return tuple(p for p in PAGES if role in p.roles)
