"""Who may see which page: one role decision and one page registry.

Roles: `publik` (no login: the public presentation only), `pimpinan` (leadership:
every aggregate page), `staf` (everything, including the follow-up worklist, the
data quality page and, when configured, identity data) and `admin` (staff plus
set-up and write-back). Login is Streamlit's native OIDC (`st.login`); roles are
assigned in `secrets.toml` by e-mail address or domain:

    [roles]
    admin = ["kabid.rehsos@example.go.id"]
    staf = ["@example.go.id"]          # everyone at this domain
    pimpinan = ["kadis@example.go.id"]

Secure by default: with real data and no login configured, only public pages
exist. With the demo data and no login configured, a clearly labelled switcher
lets a visitor preview each role. `decide_role` is the whole decision, pure and
tested; `current_role` only gathers its inputs.

A login counts only when it holds: the provider says the e-mail address is verified
(`email_verified`, or a provider that only issues verified addresses), it is not older
than `[privacy] session_hours` (default 12; Streamlit's cookie itself lasts 30 days),
and its account has not logged out since it was issued (`ui.sessions`). Otherwise the
visitor is public, and the sidebar says why (`login_problem`).

Local staff mode, for one office computer with a workbook or live Sheets and no login
provider: `[access] local_role = "staf"` in `secrets.toml` (or `PULIH_LOCAL_ROLE=staf`,
which wins) gives that role to whoever opens the app, and every page says so in a
banner. It is honoured only when nobody else can reach the server (`local_mode`): no
login is configured, Streamlit listens on a loopback address (`server.address` is
127.0.0.1, ::1 or localhost; the default, empty, listens on every interface), and the
browser's request names a loopback host in its `Host` and `Origin` headers with no
proxy's forwarding header (a reverse proxy on the same machine, or a web page
rebinding its DNS name to 127.0.0.1, does not count). Otherwise it is ignored, and the
sidebar says why (`local_problem`).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sheets.messages import Message
from sheets.offices import Office, OfficesError, home_office
from sheets.settings import Settings

ROLES = ("publik", "pimpinan", "staf", "admin")
ALL_ROLES = frozenset(ROLES)
LEADERSHIP = frozenset({"pimpinan", "staf", "admin"})
STAFF = frozenset({"staf", "admin"})
# The roles that open the province page (every office side by side), held at every office:
# `province_scope` is the one gate (an office's own staff never see the other offices there).
PROVINCE_ROLES = frozenset({"pimpinan", "staf", "admin"})
PREVIEW_ROLE = "preview_role"  # session_state key of the demo's role switcher
OFFICE_KEY = "office"  # session_state key of the sidebar's office selector, and the query parameter
REFUSED_KEY = "office_refused"  # session_state: the OfficeChoice whose `office=` was not honoured
DEMO_DEFAULT_ROLE = "staf"  # the demo opens on everything; the switcher shows the narrower views
# Issuers that only put verified addresses in `email` (Google documents `email_verified` and
# sends it; this only covers an answer without it). Anyone else must say `email_verified: true`.
VERIFYING_ISSUERS = frozenset({"https://accounts.google.com", "accounts.google.com"})
ENV_LOCAL_ROLE = "PULIH_LOCAL_ROLE"
LOCAL_ROLES = frozenset({"pimpinan", "staf", "admin"})  # what local staff mode may grant
# A proxy in front of the server says so in one of these (a local mode would then reach everyone).
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")
_log = logging.getLogger(__name__)
_logged: set[tuple[str, str]] = set()  # local-mode problems already in the server's log


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard: its file, its address, and the roles that may open it."""

    key: str  # i18n title is "page.<key>"
    path: str  # relative to the repository root
    url_path: str  # the address a visitor types or shares
    icon: str
    roles: frozenset[str] = ALL_ROLES
    many_offices: bool = False  # only in a deployment that lists more than one office


PAGES: tuple[PageSpec, ...] = (
    PageSpec("public", "app_pages/public.py", "paparan", ":material/co_present:"),
    PageSpec("overview", "app_pages/overview.py", "ringkasan", ":material/dashboard:", roles=LEADERSHIP),
    PageSpec("areas", "app_pages/areas.py", "wilayah", ":material/map:", roles=LEADERSHIP),
    PageSpec("profile", "app_pages/profile.py", "profil", ":material/groups:", roles=LEADERSHIP),
    PageSpec("programme", "app_pages/programme.py", "program", ":material/school:", roles=LEADERSHIP),
    PageSpec("follow_up", "app_pages/follow_up.py", "tindak-lanjut", ":material/assignment:", roles=STAFF),
    PageSpec("quality", "app_pages/quality.py", "kualitas-data", ":material/fact_check:", roles=STAFF),
    PageSpec(
        "publications", "app_pages/publications.py", "terbitan", ":material/verified:", roles=LEADERSHIP
    ),
    PageSpec("history", "app_pages/history.py", "riwayat", ":material/history:", roles=STAFF),
)
# Pages of a deployment that lists more than one office (`offices_listed`), after the others.
MANY_OFFICE_PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "province",
        "app_pages/province.py",
        "provinsi",
        ":material/account_balance:",
        roles=PROVINCE_ROLES,
        many_offices=True,
    ),
)
ALL_PAGES = PAGES + MANY_OFFICE_PAGES
PAGE_BY_KEY: dict[str, PageSpec] = {p.key: p for p in ALL_PAGES}
HOME_PATH = "beranda"  # the default page's own address (it is served at the root)


def _rank(role: str) -> int:
    return ROLES.index(role)


def _names(entries: object) -> set[str]:
    """The casefolded addresses and @domains of one role's list (a single string counts as a list of one)."""
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, Sequence):
        return set()
    return {str(e).strip().casefold() for e in entries}


def role_for_email(email: str | None, assignments: Mapping[str, object], office: str | None = None) -> str:
    """The viewer's role at `office`: the highest role whose list names `email` exactly or its `@domain`.

    The lists searched are the flat ones (`[roles] staf = [...]`: province scope, every office)
    and, with `office`, that office's own table (`[roles."32.12"] staf = [...]`). The highest
    rank of all wins: an office table can add to a province-scope role, never take it away.
    `publik` when no list names the viewer.
    """
    if not email:
        return "publik"
    email = email.strip().casefold()
    domain = "@" + email.rpartition("@")[2]
    tables: list[Mapping[str, object]] = [assignments]
    own = assignments.get(office) if office else None
    if isinstance(own, Mapping):
        tables.append(own)
    best = "publik"
    for table in tables:
        for role, entries in table.items():
            if role not in ROLES or isinstance(entries, Mapping):
                continue
            names = _names(entries)
            if (email in names or domain in names) and _rank(role) > _rank(best):
                best = role
    return best


def roles_of(email: str | None, assignments: Mapping[str, object], offices: Sequence[str]) -> dict[str, str]:
    """The viewer's role at each of `offices` (codes, in order), `role_for_email` for each."""
    return {code: role_for_email(email, assignments, code) for code in offices}


def role_problems(assignments: Mapping[str, object], offices: Sequence[str]) -> tuple[Message, ...]:
    """What in `[roles]` cannot mean anything (`roles.*` messages): nobody gets a role from it.

    A key is a role (`staf`) or a listed office's code with its own table (`[roles."32.12"]`);
    a role's value is a list of addresses and @domains.
    """
    problems: list[Message] = []
    known = ", ".join(r for r in ROLES if r != "publik")

    def check_list(where: str, value: object) -> None:
        if isinstance(value, str) or (isinstance(value, Sequence) and all(isinstance(e, str) for e in value)):
            return
        problems.append(Message.of("roles.not_a_list", where=where))

    for key, value in assignments.items():
        if isinstance(value, Mapping):
            where = f'[roles."{key}"]'
            if key not in offices:
                problems.append(
                    Message.of(
                        "roles.unlisted_office", where=where, code=repr(key), listed=", ".join(offices)
                    )
                )
                continue
            for role, entries in value.items():
                if role not in ROLES:
                    problems.append(Message.of("roles.unknown_role", where=where, role=role, known=known))
                else:
                    check_list(f"{where} {role}", entries)
        elif key in ROLES:
            check_list(f"[roles] {key}", value)
        else:
            problems.append(Message.of("roles.not_a_role", where=f"[roles] {key}", known=known))
    return tuple(problems)


def offices_visible(roles: Mapping[str, str], page_key: str | None = None) -> tuple[str, ...]:
    """The offices (codes, in `roles`' order) a viewer whose role at each office is `roles` may see.

    Those where they hold a role above `publik`: an office's staff and leadership see their own
    office, a province-scope role sees every office. Someone who holds no role anywhere (the
    public) sees every office, on its public pages. With `page_key`, only the offices where the
    viewer's role there may open that page (`can_see`).
    """
    held = [code for code, role in roles.items() if role != "publik"]
    visible = held or list(roles)
    if page_key is not None:
        visible = [code for code in visible if can_see(page_key, roles[code])]
    return tuple(visible)


@dataclass(frozen=True)
class OfficeChoice:
    """The office a session shows and, when the address asked for another, why it was not honoured."""

    code: str
    refused: str = ""  # the `office=` value not honoured ('' when none was refused)
    problem: str = ""  # '', `unknown` (no such office) or `forbidden` (not the viewer's)


def choose_office(
    requested: str | None, chosen: str | None, visible: Sequence[str], known: Sequence[str], default: str
) -> OfficeChoice:
    """The office shown: the address's `office=` if the viewer may see it, else the session's choice,
    else `default`, else the first visible office; never an office outside `visible`.

    `visible` must not be empty (`offices_visible` never is when there is an office).
    """
    fallback = chosen if chosen in visible else default if default in visible else visible[0]
    wanted = (requested or "").strip()
    if not wanted:
        return OfficeChoice(fallback)
    if wanted in visible:
        return OfficeChoice(wanted)
    return OfficeChoice(fallback, wanted, "forbidden" if wanted in known else "unknown")


@dataclass(frozen=True)
class Login:
    """A login as the identity provider's claims (`st.user`) describe it."""

    email: str | None
    verified: bool
    issued_at: float | None  # `iat`: when the provider issued it (seconds since 1970)
    account: str  # issuer and subject, hashed: what a logout is recorded under


def login_of(claims: Mapping[str, object]) -> Login:
    """The facts of a login that its role depends on."""
    flag = claims.get("email_verified")
    issuer = str(claims.get("iss") or "")
    verified = issuer in VERIFYING_ISSUERS if flag is None else flag is True or str(flag).lower() == "true"
    issued = claims.get("iat")
    try:
        issued_at = float(issued) if issued is not None and not isinstance(issued, bool) else None
    except (TypeError, ValueError):
        issued_at = None
    email = claims.get("email")
    account = hashlib.sha256(f"{issuer}\n{claims.get('sub') or email or ''}".encode()).hexdigest()
    return Login(str(email) if email else None, verified, issued_at, account)


def login_problem(login: Login, *, ended_up_to: float | None, now: float, max_age_s: float) -> str:
    """'' when the login may carry a role; else why not: `unverified`, `ended` (logged out) or `expired`."""
    if not login.verified:
        return "unverified"
    if login.issued_at is None or now - login.issued_at > max_age_s:
        return "expired"  # without an issue time its age is unknown
    if ended_up_to is not None and login.issued_at <= ended_up_to:
        return "ended"
    return ""


def decide_role(
    *,
    login_configured: bool,
    logged_in: bool,
    email: str | None,
    assignments: Mapping[str, object],
    is_demo: bool,
    preview: str | None,
    local_role: str | None = None,
    office: str | None = None,
) -> str:
    """The visitor's role at `office` from the facts of this request (see the module docstring).

    `local_role` is local staff mode's role when `local_mode` honours it (None otherwise); it,
    the demo's preview and the public hold the same role at every office.
    """
    if login_configured:
        return role_for_email(email, assignments, office) if logged_in else "publik"
    if local_role in LOCAL_ROLES:
        return local_role
    if is_demo:
        return preview if preview in ROLES else DEMO_DEFAULT_ROLE
    return "publik"  # real data and nobody can log in: public pages only


def configured_local_role(secrets: Mapping[str, object], environ: Mapping[str, str] = os.environ) -> str:
    """Local staff mode's setting: `PULIH_LOCAL_ROLE`, else `[access] local_role`; '' when unset."""
    return Settings.build(secrets, environ).access.local_role


def is_loopback(host: str | None) -> bool:
    """True for a loopback host name or address: localhost, 127.x.x.x, ::1 (also `[::1]`)."""
    host = (host or "").strip().strip("[]").rstrip(".").casefold()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_of(value: str | None, *, is_origin: bool) -> str | None:
    """The host name in a `Host` header (`127.0.0.1:8501`) or an `Origin` (`http://localhost:8501`)."""
    if not value or value == "null":
        return None
    try:
        return urlsplit(value if is_origin else f"//{value}").hostname
    except ValueError:
        return None


@dataclass(frozen=True)
class LocalMode:
    """Local staff mode for this request: the role it grants (None when off) and why it is off."""

    role: str | None = None
    problem: str = ""  # '' (off because unset, or on), invalid, login, not_loopback or remote


def local_mode(
    configured: str, *, login_configured: bool, server_address: str | None, headers: Mapping[str, str]
) -> LocalMode:
    """Whether local staff mode holds for this request (see the module docstring); pure.

    `configured` is `configured_local_role`, `server_address` Streamlit's `server.address`
    (None or '' listens on every interface), `headers` the browser's request headers.
    """
    if not configured:
        return LocalMode()
    if configured not in LOCAL_ROLES:
        return LocalMode(problem="invalid")
    if login_configured:
        return LocalMode(problem="login")  # a login provider exists: it decides
    if not is_loopback(server_address):
        return LocalMode(problem="not_loopback")
    lower = {str(k).casefold(): str(v) for k, v in headers.items()}
    if (
        not is_loopback(_host_of(lower.get("host"), is_origin=False))
        or not is_loopback(_host_of(lower.get("origin"), is_origin=True))
        or any(lower.get(name) for name in FORWARDING_HEADERS)
    ):
        return LocalMode(problem="remote")
    return LocalMode(role=configured)


def current_local_mode() -> LocalMode:
    """Local staff mode for this visitor: gathers `local_mode`'s inputs from Streamlit."""
    import streamlit as st

    from ui import config

    settings = config.settings()
    configured = settings.access.local_role
    if not configured:
        return LocalMode()
    try:
        headers = dict(st.context.headers)
    except Exception:  # noqa: BLE001 - no browser request (a bare script run): nobody to trust
        headers = {}
    mode = local_mode(
        configured,
        login_configured=settings.access.login_configured,
        server_address=st.get_option("server.address"),
        headers=headers,
    )
    if mode.problem and (configured, mode.problem) not in _logged:
        _logged.add((configured, mode.problem))
        _log.warning(
            "local staff mode (%s=%r) ignored for this visitor: %s (see README: local staff mode)",
            ENV_LOCAL_ROLE,
            configured,
            mode.problem,
        )
    return mode


def login_configured(secrets: Mapping[str, object]) -> bool:
    """True when `[auth]` in secrets.toml names an OIDC provider Streamlit can use."""
    return Settings.build(secrets, {}).access.login_configured


def session_hours(secrets: Mapping[str, object]) -> float:
    """How long a login carries its role: `[privacy] session_hours`, default 12."""
    return Settings.build(secrets, {}).privacy.session_hours


def current_login() -> tuple[Login | None, str]:
    """This visitor's login (None when not logged in or login is not configured) and its problem."""
    import time

    import streamlit as st  # here, so the role rules above import (and test) without Streamlit

    from ui import config, sessions

    settings = config.settings()
    if not settings.access.login_configured or not st.user.get("is_logged_in"):
        return None, ""
    login = login_of(st.user)
    return login, login_problem(
        login,
        ended_up_to=sessions.ended_up_to(login.account),
        now=time.time(),
        max_age_s=settings.privacy.session_hours * 3600,
    )


def current_offices() -> tuple[Office, ...]:
    """The offices of this deployment (`sheets.offices.deployment_offices`); OfficesError when misconfigured."""
    from ui import config

    return config.offices()


def switching() -> bool:
    """True when each session chooses its office: store mode with an office list of more than one.

    Otherwise the app server shows its own office (`[province] office` / PULIH_OFFICE, else the
    first; the one office of a single-office deployment).
    """
    from ui import config

    settings = config.settings()
    if not (settings.sync.read_from_store and settings.province.configured):
        return False
    try:
        return len(current_offices()) > 1
    except OfficesError:
        return False


def current_roles() -> dict[str, str]:
    """The visitor's role at each office of the deployment (code -> role), for this run."""
    import streamlit as st

    from ui import config

    settings = config.settings()  # the source decides whether the demo's role switcher exists
    login, problem = current_login()
    local_role = current_local_mode().role
    return {
        office.code: decide_role(
            login_configured=settings.access.login_configured,
            logged_in=login is not None,
            email=login.email if login is not None and not problem else None,
            assignments=settings.access.roles,
            is_demo=settings.source.kind == "demo",
            preview=st.session_state.get(PREVIEW_ROLE),
            local_role=local_role,
            office=office.code,
        )
        for office in current_offices()
    }


def current_choice(roles: Mapping[str, str] | None = None) -> OfficeChoice:
    """The office this session shows (`choose_office`): the address's `office=` on the session's first
    run, then the sidebar's choice; only ever one of the offices the viewer may see."""
    import streamlit as st

    from ui import config

    offices = current_offices()
    roles = current_roles() if roles is None else roles
    home = home_office(config.settings(), offices).code
    visible = offices_visible(roles) if switching() else (home,)
    first_run = OFFICE_KEY not in st.session_state
    requested = st.query_params.get(OFFICE_KEY) if first_run else None
    choice = choose_office(
        requested, st.session_state.get(OFFICE_KEY), visible, [o.code for o in offices], home
    )
    if choice.problem:
        st.session_state[REFUSED_KEY] = choice
    if st.session_state.get(OFFICE_KEY) != choice.code:  # before the sidebar's selector exists only
        st.session_state[OFFICE_KEY] = choice.code
    return choice


def current_office() -> Office:
    """The office this session shows (see `current_choice`)."""
    code = current_choice().code
    return next(o for o in current_offices() if o.code == code)


def current_role() -> str:
    """The visitor's role for this run: their role at the office this session shows."""
    roles = current_roles()
    return roles[current_choice(roles).code]


def offices_listed(settings: Settings | None = None) -> int:
    """How many offices the deployment lists (1 for a single-office deployment)."""
    if settings is None:
        from ui import config

        settings = config.settings()
    return max(1, len(settings.province.offices))


def _allowed(page: PageSpec, role: str, offices: int | None) -> bool:
    """The one gate: the page's roles, and a province page only where there is a province."""
    if role not in page.roles:
        return False
    return not page.many_offices or (offices if offices is not None else offices_listed()) > 1


def can_see(page_key: str, role: str, offices: int | None = None) -> bool:
    """True when `role` may open the page `page_key` (`offices`: how many are listed; default the settings')."""
    return _allowed(PAGE_BY_KEY[page_key], role, offices)


def visible_pages(role: str, offices: int | None = None) -> tuple[PageSpec, ...]:
    """The pages `role` may open, in menu order (`offices` as in `can_see`)."""
    return tuple(p for p in ALL_PAGES if _allowed(p, role, offices))


def province_scope(roles: Mapping[str, str], codes: Sequence[str]) -> bool:
    """True when a viewer whose role at each office is `roles` may open the province page: a role
    that opens it at every office in `codes`. An office's own staff or leadership (one office in
    `offices_visible`) never see the other offices' figures there."""
    allowed = PAGE_BY_KEY["province"].roles
    return bool(codes) and all(roles.get(code, "publik") in allowed for code in codes)


def current_pages(role: str) -> tuple[PageSpec, ...]:
    """The pages this session may open: `visible_pages(role)`, the province page only for a
    province-scope viewer (`province_scope`)."""
    pages = visible_pages(role)
    if any(p.many_offices for p in pages) and not current_province_scope():
        pages = tuple(p for p in pages if not p.many_offices)
    return pages


def current_province_scope() -> bool:
    """`province_scope` for this session's viewer over the deployment's offices."""
    return province_scope(current_roles(), [o.code for o in current_offices()])
