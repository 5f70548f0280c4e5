"""Pulih: the router. Page setup, the shared sidebar, and navigation by role.

Run with `streamlit run app.py` (see the Makefile). Pages live in `app_pages/` (not `pages/`, which
Streamlit would take for its legacy multipage folder) and
are listed, with the roles that may see them, in `ui/access.py`.

The file is read twice over: Streamlit runs it as `__main__` for every run of every session
(`main`, the router), and `streamlit run app.py` first imports it to look for an ASGI app,
finds `app` (an `st.App` of this same file) and serves it, with the same Starlette server it
would start otherwise; the app's lifespan imports what a first visit needs while the server
starts (`ui/warm.py`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

FAVICON = Path(__file__).parent / "ui" / "favicon.svg"


def main() -> None:
    """One run of the router: a session's visit, a filter change."""
    # The favicon is a local SVG, which Streamlit inlines as a data: URL: a `:material/...:` icon or an
    # image URL would make every visitor's browser fetch it from the internet (fonts.gstatic.com).
    st.set_page_config(
        page_title="Pulih", page_icon=str(FAVICON), layout="wide", initial_sidebar_state="auto"
    )  # collapsed on phones
    # A session's first run: the browser fetches the tile's code while this server reads (and imports
    # what the warm-up of ui/warm.py has not imported yet); removed once the read is done.
    from ui import preload

    held = preload.send()

    from present import i18n, public  # after the preload is sent, see above
    from ui import access, data, gc_freeze, page, prefetch, runlog, sidebar, state

    started = runlog.start()  # off unless PULIH_RUN_LOG is set (make bench-app)
    st.html(page.SHARED_CSS)

    lang = sidebar.language_switch()
    # An unusable office list (or an unlisted PULIH_OFFICE): said, no data, and no preload left behind.
    page.offices_or_stop(lang, before_stop=lambda: preload.remove(held))
    role = access.current_role()
    sidebar.office_box(lang)
    spec = data.source_spec()
    loaded = data.load(spec, data.today())
    preload.remove(held)  # its work is done: none of it stays on the page
    sidebar.source_box(spec, loaded, role, lang)
    page.office_refused_banner(lang)
    page.roles_banner(lang)
    page.local_mode_banner(lang)
    page.freshness_banner(loaded, role, lang)
    # The read's history entry is written after the page's figures (ui/data.py): its warning waits too.
    history_banner = page.when_recorded(lambda: page.history_banner(loaded, role, lang))
    if loaded.has_data:
        bounds = page.bounds_of(loaded)
        state.init_from_url(bounds)
        sidebar.view_controls(bounds, lang)
        state.sync_url(bounds)

    sidebar.role_box(role, lang)
    pages = access.current_pages(role)
    if not pages:
        st.info(i18n.t("access.no_pages", lang))
        data.finish_recordings()
        st.stop()
    # Only the role's pages exist for this session: another page's address opens the default page.
    # The default page is served at the root, where its own address does not reach it: it is listed
    # once more, hidden from the menu, at its address (`/paparan`, the address presenters share).
    first = pages[0]
    home = st.Page(
        first.path,
        title=i18n.t(f"page.{first.key}", lang),
        icon=first.icon,
        url_path=access.HOME_PATH,
        default=True,
    )
    entries = [(first.key, home)] + [
        (
            p.key,
            st.Page(
                p.path,
                title=i18n.t(f"page.{p.key}", lang),
                icon=p.icon,
                url_path=p.url_path,
                visibility="hidden" if p is first else "visible",
            ),
        )
        for p in pages
    ]
    navigation = st.navigation([entry for _, entry in entries])
    st.sidebar.caption(i18n.t("app.tagline", lang, office=public.office_title(access.current_office().name)))
    try:
        navigation.run()
    finally:  # also after st.stop() inside a page
        data.finish_recordings()  # the read this run made is in the history store when the run ends
        history_banner()
        runlog.record(next(key for key, entry in entries if entry is navigation), started)
        if (opened := page.opened()) is not None:  # a regency-wide view: each kecamatan's, when idle
            prefetch.nearby(opened[1], opened[0])
        gc_freeze.after_run()  # before Streamlit's own full collection, which then skips the libraries


if __name__ == "__main__":  # a run of a session
    from ui import foreground  # standard library only: before the preload, as main() wants

    with foreground.run():  # background work (ui/prefetch.py) waits for the end of every run
        main()
else:  # imported by `streamlit run app.py`, which serves this app
    from ui import warm

    app = st.App(__file__, lifespan=warm.lifespan)
