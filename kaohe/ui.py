"""Streamlit glue shared by `app.py` and the pages: the cached store and queries, labels, formats, chrome.

This is the only `kaohe` module that imports Streamlit (an import-linter contract in pyproject.toml holds the
rest of the library to that), so the library stays usable from the CLI and tests without a running app.
"""

from __future__ import annotations

import calendar
import json
import logging
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from kaohe import backup, formats, overview, periods, results, thresholds
from kaohe.access import LOCAL_VIEWER, Viewer
from kaohe.auth import LOCAL_CLIENT, Accounts, LoginRefused, Session, has_users
from kaohe.labels import LABELS, LabelledError, current_language, label
from kaohe.navigation import PAGES, pages_for_role
from kaohe.periods import Period, PeriodError, parse_period
from kaohe.store import Store, StoreError, default_db_path, explain_engine_error
from kaohe.thresholds import StabilitySettings

LANG_KEY = "app_lang"
PERIOD_KEY = "app_period"
PERIOD_PARAM = "period"
LANG_PARAM = "lang"
FONT_FAMILY = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif'

TOKEN_KEY = "auth_token"  # the session token of this browser tab; only its hash is in the database
NOTICE_KEY = "auth_notice"  # a message for the sign-in screen (session ended, password changed)
# A refresh or a new tab starts a new Streamlit session with empty session state; this cookie carries the token
# over. The sessions table stays the source of truth: the cookie is only ever a token to check there.
SESSION_COOKIE = "kaohe_session"
COOKIE_READ_KEY = "auth_cookie_read"  # the cookie was read: st.context keeps its value from when the tab connected
COOKIE_WRITTEN_KEY = "auth_cookie_written"  # (token, last_seen) this tab last put in the cookie
COOKIE_CLEAR_KEY = "auth_cookie_clear"  # an ended token to take out of the cookie on the next run
LOCAL_ADDRESSES = ("localhost", "127.0.0.1", "::1")
log = logging.getLogger("kaohe.app")


# -- pages: the registry is kaohe.navigation (PAGES, PageSpec, pages_for_role), read by the menu below ------------


def current_role() -> str:
    """The role of the viewer of this run ("local" in demo mode)."""
    return current_viewer().role.value


def current_viewer() -> Viewer:
    """Who the library calls of this run act for: the signed-in user, or the local user in demo mode.

    Checked against the sessions table on every call. Without a valid session it shows the sign-in form and
    stops the run, so a page file that is ever run on its own still renders nothing for a stranger.
    """
    if demo_mode():
        return LOCAL_VIEWER
    session = current_session()
    if session is None:
        login_page()
        st.stop()
    return session.viewer


# -- accounts ----------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _accounts_for(path: str) -> Accounts:
    return Accounts(_store_for(path))


def accounts() -> Accounts:
    """The accounts of the database in force (one per process, like its Store)."""
    return _accounts_for(str(default_db_path().resolve()))


def current_session() -> Session | None:
    """This tab's session if it still stands server-side (not ended, expired, nor its user disabled).

    A tab without a token (a refresh, a link opened in a new tab) takes the one in the browser's cookie, if any.
    """
    if not st.session_state.get(TOKEN_KEY):
        token = _cookie_token()
        if token is None:
            return None
        st.session_state[TOKEN_KEY] = token
        # Not written by this tab yet: the next sync_session_cookie renews the cookie's lifetime.
        st.session_state.pop(COOKIE_WRITTEN_KEY, None)
    token = str(st.session_state[TOKEN_KEY])
    session = accounts().session(token)
    if session is None:
        # Ended elsewhere (logout in another tab, password change, disabled, idle): say so on the form.
        del st.session_state[TOKEN_KEY]
        st.session_state[NOTICE_KEY] = "auth.ended"
        st.session_state[COOKIE_CLEAR_KEY] = token
    return session


def _browser_cookies() -> Mapping[str, str]:
    # A seam for AppTest, which cannot send cookies.
    return st.context.cookies


def _cookie_token() -> str | None:
    """The session token in the cookie the browser sent when this tab connected, taken once per tab.

    Once only: st.context.cookies keeps the value of the connecting request for the tab's lifetime, so after a
    sign-out it would still hold the ended token.
    """
    if st.session_state.get(COOKIE_READ_KEY):
        return None
    st.session_state[COOKIE_READ_KEY] = True
    return _browser_cookies().get(SESSION_COOKIE) or None


def session_cookie_script(token: str, max_age_seconds: int | None) -> str:
    """The script that sets the session cookie to `token` for `max_age_seconds`, or (None) removes that token.

    Removing leaves a cookie holding another token alone: another tab of the browser may have signed in since.
    """
    name, value = json.dumps(SESSION_COOKIE), json.dumps(token)
    # Secure only over https: a plain-http office server would otherwise never get the cookie back.
    secure = '(location.protocol === "https:" ? "; Secure" : "")'
    if max_age_seconds is None:
        return (
            f"if (document.cookie.split('; ').includes({name} + '=' + {value})) "
            f"document.cookie = {name} + '=; Path=/; Max-Age=0; SameSite=Strict' + {secure};"
        )
    attributes = f"; Path=/; Max-Age={max_age_seconds}; SameSite=Strict"
    return f"document.cookie = {name} + '=' + {value} + '{attributes}' + {secure};"


def sync_session_cookie(session: Session | None) -> None:
    """Bring the browser's session cookie in line with this tab: set or renew it, or remove an ended token.

    Renewed whenever the server touches the session (at most once a minute), so that the cookie lives exactly
    as long as the session's idle timeout. Streamlit has no API to set a cookie: a one-line script does it.
    """
    scripts: list[str] = []
    ended = st.session_state.pop(COOKIE_CLEAR_KEY, None)
    if ended:
        scripts.append(session_cookie_script(str(ended), None))
    token = st.session_state.get(TOKEN_KEY)
    if session is not None and token:
        written = (str(token), session.last_seen.isoformat())
        if st.session_state.get(COOKIE_WRITTEN_KEY) != written:
            st.session_state[COOKIE_WRITTEN_KEY] = written
            max_age = int(accounts().idle_timeout.total_seconds())
            scripts.append(session_cookie_script(str(token), max_age))
    if scripts:
        # The unique comment makes the element new, so the browser runs the script even if the text repeats.
        body = " ".join(scripts)
        st.html(f"<script>{body} /* {uuid.uuid4().hex} */</script>", unsafe_allow_javascript=True)
    elif session is None:
        # The browser loads the code that runs such scripts only when it first meets one; loading it now, on the
        # sign-in form, lets the cookie written at sign-in land as the signed-in page draws, not after a fetch.
        st.html("<script>/* kaohe: ready for the session cookie */</script>", unsafe_allow_javascript=True)


@st.cache_data(show_spinner=False, max_entries=8)
def _has_users(db_path: str, generation: int) -> bool:
    # Adding the first account bumps the generation, so this never outlives demo mode.
    return has_users(_store_for(db_path))


def demo_mode() -> bool:
    """Whether the database has no accounts, so the app runs as the single local user."""
    store = get_store()
    return not _has_users(str(store.path.resolve()), store.generation)


def client_address() -> str:
    """The address of this tab's browser, for throttling sign-ins per client ("localhost" for this machine).

    The address of the websocket connection itself: a header such as X-Forwarded-For is not trusted, since any
    client can send one. Behind a reverse proxy every client therefore shares the proxy's address (README).
    """
    address = st.context.ip_address
    # AppTest has no connection and answers with a stand-in object, not text.
    return address if isinstance(address, str) and address else LOCAL_CLIENT


def demo_address_allowed() -> bool:
    """Demo mode serves only this machine: the server must listen on a loopback address."""
    return str(st.get_option("server.address") or "") in LOCAL_ADDRESSES


def _sign_in() -> None:
    name = str(st.session_state.get("login_name") or "")
    password = str(st.session_state.get("login_password") or "")
    # The password leaves session state at once; only its hash was ever kept.
    st.session_state["login_password"] = ""
    try:
        login = accounts().login(name, password, client=client_address())
    except LoginRefused as refused:
        # Kept as the label and its values, so the form says it in the language chosen when it is drawn.
        st.session_state[NOTICE_KEY] = (refused.key, refused.values)
        return
    st.session_state[TOKEN_KEY] = login.token
    st.session_state[COOKIE_READ_KEY] = True
    st.session_state.pop(NOTICE_KEY, None)


def login_page() -> None:
    """The sign-in screen: name, password and the reason the last attempt or session ended."""
    st.title(t("app.title"))
    st.subheader(t("auth.heading"))
    notice = st.session_state.get(NOTICE_KEY)
    if isinstance(notice, tuple):
        st.warning(t(notice[0], **notice[1]), icon=":material/lock:")
    elif notice:
        text = t(str(notice)) if str(notice).startswith("auth.") else str(notice)
        st.warning(text, icon=":material/lock:")
    with st.form("login_form"):
        st.text_input(t("auth.user_name"), key="login_name", max_chars=64, autocomplete="username")
        st.text_input(
            t("auth.password"), key="login_password", type="password", max_chars=256, autocomplete="current-password"
        )
        st.form_submit_button(t("auth.submit"), on_click=_sign_in, type="primary")


def login_navigation() -> Any:
    """`st.navigation` for a stranger: the sign-in screen only, whatever URL was asked for.

    Every page's URL is routed to the sign-in screen too, so a deep link shows the form (not Streamlit's "Page
    not found" dialog) and, once signed in, the same URL opens the page that was asked for.
    """
    sign_in = [st.Page(login_page, title=t("auth.title"), url_path="login", default=True)]
    deep_links = [st.Page(login_page, title=t("auth.title"), url_path=spec.url_path) for spec in PAGES]
    return st.navigation(sign_in + deep_links, position="hidden")


def can_open(path: str) -> bool:
    """Whether the page file `path` is in the current viewer's menu."""
    return any(spec.path == path for spec in pages_for_role(current_role()))


def page_link(path: str, label_key: str) -> None:
    """A link to another page, drawn only when that page is in the current viewer's menu."""
    if can_open(path):
        st.page_link(path, label=t(label_key), icon=":material/arrow_forward:")


def t_for(key: str, path: str, **values: Any) -> str:
    """The label `key` worded for who reads it: its `.ask` variant (ask the assessors to do it) when the viewer cannot
    open the page `path` that `key` sends people to ("请到「台账导入」页面导入" is no help to the secretary)."""
    return t(key if can_open(path) else f"{key}.ask", **values)


def role_label(key: str, role: str | None = None) -> str:
    """The label `key` as the role sees it: `key.<role>` where a role needs its own words (the menu's first section
    is 书记看板 for the secretary and 本支部 for a branch), else `key`."""
    specific = f"{key}.{role or current_role()}"
    return t(specific) if specific in LABELS else t(key)


def sign_out(notice: str | None = None) -> None:
    """End this tab's session server-side, forget its token and have the next run take it out of the cookie."""
    token = st.session_state.pop(TOKEN_KEY, None)
    accounts().logout(token)
    # With the sweep at the end of this run, downloads made and no longer shown are gone before the form shows.
    _sweep_made_downloads()
    if token:
        st.session_state[COOKIE_CLEAR_KEY] = token
    st.session_state.pop(COOKIE_WRITTEN_KEY, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def user_box(viewer: Viewer) -> None:
    """In the sidebar: who is signed in, and the sign-out button (nothing in demo mode)."""
    if viewer.role.value == "local":
        return
    st.caption(t("auth.signed_in_as", name=viewer.user, role=t(f"app.role.{viewer.role.value}")))
    st.button(t("auth.logout"), key="app_logout", on_click=sign_out, icon=":material/logout:")


def require_app_shell() -> None:
    """First statement of every page: re-run through app.py a request Streamlit routed straight to this file.

    A bare `pages/` folder switches a fresh server into Streamlit's legacy multipage mode until app.py has called
    `st.navigation` once, so the server's first request for a deep link such as /overview would run the page
    file alone: no sign-in, no role check, no chrome. Switching the legacy mode off and re-running sends the same
    URL through app.py, which resolves it to the same page (url paths hash alike in both modes).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def run_page(page: Any) -> None:
    """Run the page; an unexpected error is logged with an id and users see only the id, never a traceback.

    An error that is about the database file itself (damaged, disk full) is said as what it is and what to do.
    """
    try:
        page.run()
    except LabelledError as err:
        log.warning("page %s: %s", getattr(page, "url_path", "?"), err)
        st.error(err.text(lang()), icon=":material/error:")
    except Exception as exc:
        explained = explain_engine_error(exc, default_db_path())
        if explained is not None:
            log.warning("page %s: %s (%s)", getattr(page, "url_path", "?"), explained, exc)
            st.error(explained.text(lang()), icon=":material/error:")
            return
        error_id = uuid.uuid4().hex[:8]
        log.exception("page %s failed, error id %s", getattr(page, "url_path", "?"), error_id)
        st.error(t("app.error", error_id=error_id), icon=":material/error:")


def open_store() -> Store:
    """The store, or (when the file cannot be used) a page that says why and what to do, and the run stops.

    Whatever URL was asked for shows that page, and the menu lists nothing: the pages cannot work without data.
    """
    try:
        return get_store()
    except StoreError as err:
        log.error("database unusable: %s", err)
        problem = _store_problem_page(err)
        pages = [st.Page(problem, title=t("store.problem_title"), url_path="problem", default=True)]
        pages += [st.Page(problem, title=t("store.problem_title"), url_path=spec.url_path) for spec in PAGES]
        with st.sidebar:
            language_switch()  # first: it takes a ?lang=en from the URL before the page speaks
        st.navigation(pages, position="hidden").run()
        st.stop()


def _store_problem_page(err: StoreError) -> Any:
    def page() -> None:
        st.title(t("app.title"))
        st.subheader(t("store.problem_title"))
        st.error(err.text(lang()), icon=":material/database:")
        settings = backup.settings_from_env(default_db_path())
        found = backup.list_backups(settings.folder)[:5]
        if found:
            st.caption(t("backup.page.list"))
            table(backup_table(found), key="problem_backups")

    return page


def backup_table(found: list[backup.Backup]) -> pd.DataFrame:
    """Backups as the admin page and the problem page list them: file, time, size."""
    return pd.DataFrame(
        {
            t("backup.page.col.file"): [str(b.path) for b in found],
            t("backup.page.col.made_at"): [f"{b.made_at:%Y-%m-%d %H:%M:%S}" for b in found],
            t("backup.page.col.size"): [f"{b.size / 1024 / 1024:.1f} MB" for b in found],
        }
    )


def navigation(role: str) -> dict[str, list[Any]]:
    """The `st.navigation` argument for `role`: sections of `st.Page`s, titles in the current language and in the
    role's words (`role_label`). The role's home page (a leader's 我的联系点) is the default page, else the table's
    default."""
    sections: dict[str, list[Any]] = {}
    specs = pages_for_role(role)
    home = next((spec for spec in specs if role in spec.home), None)
    for spec in specs:
        default = spec is home if home is not None else spec.default
        title = role_label(spec.title_key, role)
        page = st.Page(spec.path, title=title, icon=spec.icon, url_path=spec.url_path, default=default)
        sections.setdefault(role_label(spec.section_key, role), []).append(page)
    if home is not None:
        # The home page's section leads the menu.
        first = role_label(home.section_key, role)
        sections = {first: sections[first], **{name: pages for name, pages in sections.items() if name != first}}
    return sections


# -- downloads ---------------------------------------------------------------------------------------

# Made files Streamlit still holds are collected this often, so a download's bytes live about a minute at most.
DOWNLOAD_SWEEP_SECONDS = 30.0


class DownloadRefused(RuntimeError):
    """A download clicked after the tab's session ended: no bytes are made."""


def download_button(
    label_text: str,
    make: Callable[[], bytes],
    *,
    file_name: str,
    mime: str,
    key: str,
    after: Callable[[], None] | None = None,
    container: Any = None,
    **options: Any,
) -> None:
    """A download button whose bytes are made only when it is clicked, by a viewer whose session still stands.

    Streamlit serves a download's bytes at an unguessable /media/… URL to anyone who has the URL, session or
    not. Handing it a callable (Streamlit ≥ 1.50) means no bytes exist before the click; the session is checked
    again at the click, and the made file is collected within a minute (`start_background`). `on_click`
    "ignore" keeps the page from rerunning on a click: a rerun replaces the callable's id, and a second click
    within a second of the first then asked for an id already gone ("Deferred file … not found"). `after`
    runs once the bytes are made (an audit record, say); `container` is where to draw it (a column).
    """
    token = st.session_state.get(TOKEN_KEY)
    check = None if demo_mode() else accounts()

    def produce() -> bytes:
        if check is not None and check.session(str(token) if token else None) is None:
            raise DownloadRefused(f"download {file_name!r} refused: the session ended")
        data = make()
        if after is not None:
            after()
        return data

    (container or st).download_button(
        label_text, data=produce, file_name=file_name, mime=mime, key=key, on_click="ignore", **options
    )


def _sweep_made_downloads() -> None:
    """One pass of Streamlit's collection of files no session shows: it marks them, and deletes the marked."""
    from streamlit import runtime

    if runtime.exists():
        runtime.get_instance().media_file_mgr.remove_orphaned_files()


def _sweep_downloads(stop: threading.Event) -> None:
    while not stop.wait(DOWNLOAD_SWEEP_SECONDS):
        _sweep_made_downloads()


@dataclass
class Background:
    """The threads one server process runs beside its sessions: the backup schedule and the download sweep."""

    schedule: backup.BackupSchedule | None  # None when the backup settings are wrong (the backup page says so)
    stop: threading.Event


@st.cache_resource(show_spinner=False)
def _background_for(path: str) -> Background:
    store = _store_for(path)
    try:
        schedule: backup.BackupSchedule | None = backup.BackupSchedule(store, backup.settings_from_env(Path(path)))
    except backup.BackupError as err:
        log.error("scheduled backups off: %s", err)
        schedule = None
    if schedule is not None:
        schedule.start()
    stop = threading.Event()
    threading.Thread(target=_sweep_downloads, args=(stop,), name="kaohe-download-sweep", daemon=True).start()
    return Background(schedule, stop)


def start_background(store: Store) -> Background:
    """Start (once per process and database) the backup schedule and the sweep of made downloads."""
    return _background_for(str(store.path.resolve()))


# -- store and cached queries ------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> Store:
    # A new Store restarts its generation at 0, so results cached for an earlier Store must go.
    _cached_query.clear()
    _has_users.clear()
    return Store(path)


def get_store() -> Store:
    """The one Store (one DuckDB connection) of this process for the database in force (`$KAOHE_DB`)."""
    return _store_for(str(default_db_path().resolve()))


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached_query(db_path: str, generation: int, name: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    return _store_for(db_path).query(name, dict(params))


def run_query(name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run a named query through the cache; the key includes the store's generation, bumped by every write."""
    store = get_store()
    items = tuple(sorted((params or {}).items()))
    return _cached_query(str(store.path.resolve()), store.generation, name, items)


class CachedSource:
    """A `kaohe.store.Reader` whose reads go through `run_query`, for the library functions pages call."""

    def query(self, name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run the named query through the cache."""
        return run_query(name, params)


def source() -> CachedSource:
    """The cached query source pages hand to library functions."""
    return CachedSource()


_BUILD_LOCK = threading.Lock()


@st.cache_data(show_spinner=False, max_entries=8)
def _needs_demo_build(db_path: str, generation: int) -> bool:
    from kaohe.demo_build import needs_demo_build

    return needs_demo_build(_store_for(db_path))


def ensure_data(store: Store) -> None:
    """On first start (no units in the database), build it from the demo ledgers with a progress bar.

    A build interrupted part-way (the browser closed, the server stopped) resumes on the next run.
    """
    from kaohe.demo_build import build_demo, needs_demo_build

    if not _needs_demo_build(str(store.path), store.generation):
        return
    # Two browser tabs may start at once; the lock makes the second wait and then find the data there.
    with _BUILD_LOCK:
        if not needs_demo_build(store):
            return

        bar = st.progress(0.0, text=t("app.first_start"))

        def progress(done: int, total: int, file_name: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=f"{t('app.first_start')} {file_name}")

        build_demo(store, progress=progress)
        bar.empty()
    st.toast(t("app.first_start_done"), icon=":material/check_circle:")


# -- scores: every page asks kaohe.results ------------------------------------------------------------------

AS_OF_PARAM = "as_of"


def _as_of_key(period: Period) -> str:
    return f"app_as_of_{period.code}"


def cutoff(period: Period) -> date | None:
    """The cut-off this session scores `period` at: None once the period has ended; else the day picked in the
    sidebar (`cutoff_picker`), by default the last day the imported ledgers cover."""
    if results.cutoff_bounds(period) is None:
        return None
    picked = st.session_state.get(_as_of_key(period))
    if isinstance(picked, date):
        return picked
    return results.default_cutoff(get_store(), period)


def cutoff_picker(period: Period) -> None:
    """In the sidebar, for a period under way: the day scores are counted to (统计截止日), kept in the URL."""
    bounds = results.cutoff_bounds(period)
    key = _as_of_key(period)
    if bounds is None:
        if AS_OF_PARAM in st.query_params:
            del st.query_params[AS_OF_PARAM]
        return
    if key not in st.session_state:
        wanted = st.query_params.get(AS_OF_PARAM)
        default = results.default_cutoff(get_store(), period) or bounds[1]
        try:
            day = date.fromisoformat(wanted) if wanted else default
        except ValueError:
            day = default
        st.session_state[key] = min(max(day, bounds[0]), bounds[1])
    st.date_input(
        t("app.as_of"),
        key=key,
        min_value=bounds[0],
        max_value=bounds[1],
        format="YYYY-MM-DD",
        help=t("app.as_of_help"),
    )
    st.query_params[AS_OF_PARAM] = st.session_state[key].isoformat()


def stability_settings() -> StabilitySettings:
    """How grade stability is measured (kaohe/checks.toml or $KAOHE_CHECKS), for the method's words on a page."""
    return thresholds.load().stability


def period_result(period: Period, published: bool | None = None) -> results.Result:
    """The period's result as this viewer may see it, at this session's cut-off (kaohe.results.view)."""
    return results.view(get_store(), current_viewer(), period, as_of=cutoff(period), published=published)


def table(data: Any, **options: Any) -> Any:
    """`st.dataframe` as every table of the product reads: no index column, "—" where a value is missing."""
    options.setdefault("hide_index", True)
    options.setdefault("placeholder", formats.MISSING)
    return st.dataframe(data, **options)


def grid(data: Any, **options: Any) -> Any:
    """`st.data_editor` the same way: no index column, "—" in a cell with no value (typing replaces it)."""
    options.setdefault("hide_index", True)
    options.setdefault("placeholder", formats.MISSING)
    return st.data_editor(data, **options)


def fmt_score(value: Any) -> str:
    """A score as stored, published and exported: two decimals ("73.66"), the same figure on every surface."""
    return formats.score(value)


def fmt_grade(grade: Any, result: results.Result) -> str:
    """A grade as shown: marked 预估 when the result is provisional."""
    return formats.grade(grade, result.status is results.Status.PROVISIONAL, lang())


def grade_cell_style(result: results.Result) -> Callable[[Any], str]:
    """The style of a grade cell: its band's background, for grades as shown (marked 预估 when provisional)."""
    backgrounds = formats.grade_colours(tuple(band.grade for band in result.score.scheme.grades), background=True)
    by_text = {**backgrounds, **{fmt_grade(grade, result): colour for grade, colour in backgrounds.items()}}

    def style(value: Any) -> str:
        colour = by_text.get(str(value))
        return f"background-color: {colour}; color: #111; font-weight: 600" if colour else ""

    return style


def fmt_rank(rank: Any, of: int) -> str:
    """A rank out of every unit scored ("第 3 名 / 共 36 个")."""
    return formats.rank(rank, of, lang())


def result_status(result: results.Result) -> None:
    """Above every score: whether the figures are published (when, by whom), live or provisional, and drift."""
    icon = {
        results.Status.PUBLISHED: ":material/verified:",
        results.Status.LIVE: ":material/bolt:",
        results.Status.PROVISIONAL: ":material/hourglass_top:",
    }[result.status]
    st.caption(f"{icon} {formats.status(result, lang())}")
    if result.drifted and result.publication is not None:
        when = result.publication.published_at.strftime("%Y-%m-%d %H:%M")
        st.warning(t("result.drift", when=when), icon=":material/difference:")


# -- language and labels -----------------------------------------------------------------------------


def lang() -> str:
    """The language of this session: the sidebar switch, else the link's `?lang=` (a new tab opened on an English
    link reads English from its first run, menu included, before the switch is drawn), else `$KAOHE_LANG`."""
    value = st.session_state.get(LANG_KEY)
    if value not in ("zh", "en"):
        value = st.query_params.get(LANG_PARAM)
    return value if value in ("zh", "en") else current_language()


def t(key: str, **values: Any) -> str:
    """The label `key` in the session's language, with `{name}` placeholders filled from `values`."""
    text = label(key, lang())
    return text.format(**values) if values else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def file_uploader(label_text: str, types: list[str], **options: Any) -> Any:
    """`st.file_uploader` with its built-in English ("Upload", "50MB per file • XLSX, CSV") worded in the page's
    language: Streamlit 1.67 has no setting for those words, so a style rule draws ours in their place."""
    button = t("upload.button").replace('"', "'")
    limit = t("upload.limit", mb=st.get_option("server.maxUploadSize"), types=t("list.separator").join(types))
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button { font-size: 0; }'
        '[data-testid="stFileUploaderDropzone"] button * { display: none; }'
        f'[data-testid="stFileUploaderDropzone"] button::after {{ content: "{button}"; font-size: 0.875rem; }}'
        '[data-testid="stFileUploaderDropzoneInstructions"] * { display: none; }'
        f'[data-testid="stFileUploaderDropzoneInstructions"]::after {{ content: "{limit.replace(chr(34), chr(39))}";'
        " font-size: 0.875rem; opacity: 0.6; }"
        "</style>"
    )
    return st.file_uploader(label_text, type=types, **options)


def said(err: BaseException) -> str:
    """An error as this session reads it: labelled errors in its language, any other as the library raised it."""
    text = getattr(err, "text", None)
    return str(text(lang())) if callable(text) else str(err)


def named(name: Any, code: Any, language: str | None = None) -> str:
    """A name with its code: "陇海东路第一社区（SQ01）", "… (SQ01)" in English.

    A widget's format_func may also be called outside the script run (AppTest does), where the session's language
    cannot be read: such a caller passes the language it had when it drew the widget.
    """
    return label("format.name_code", language or lang()).format(name=name, code=code)


def named_choice(names: Mapping[Any, Any], key_is_code: bool = True) -> Callable[[Any], str]:
    """A format_func naming coded choices "name（code）" (or "key（value）" when not key_is_code), in this run's
    language, bound now: AppTest calls a format_func outside the script run, where the session cannot be read."""
    language = lang()
    if key_is_code:
        return lambda key: named(names[key], key, language)
    return lambda key: named(key, names[key], language)


def pair(field: str, value: Any) -> str:
    """A field and its value: "检测到：便民服务", "Detected: Services"."""
    return t("format.pair", field=field, value=value)


def hover(*lines: str) -> str:
    """A plotly hovertemplate of `field: %{…}` pairs (or plain lines), in the page's language, box name hidden."""
    return "<br>".join(lines) + "<extra></extra>"


def escape_markdown(text: str) -> str:
    """`text` shown literally by st.markdown and widget labels: every Markdown, LaTeX and directive character
    (`[x](url)`, `**`, `$…$`, `:red[…]`) backslash-escaped. For text users supply, such as a file's name."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def language_switch() -> str:
    """The zh/en switch in the sidebar, kept in the URL (`?lang=en`) so a refresh or a link keeps it."""
    if LANG_KEY not in st.session_state and st.query_params.get(LANG_PARAM) in ("zh", "en"):
        st.session_state[LANG_KEY] = st.query_params[LANG_PARAM]
    st.radio(
        label("app.language", lang()),
        options=["zh", "en"],
        format_func=lambda code: label(f"app.lang.{code}", code),
        key=LANG_KEY,
        horizontal=True,
    )
    if lang() == "en":
        st.query_params[LANG_PARAM] = "en"
    elif LANG_PARAM in st.query_params:
        del st.query_params[LANG_PARAM]
    return lang()


# -- periods -----------------------------------------------------------------------------------------

_QUARTERS_CN = ("一", "二", "三", "四")  # cjk: numerals of the Chinese quarter label


def period_label(code: str, language: str | None = None) -> str:
    """A period code as people say it, in this session's language (kaohe.formats.period)."""
    return formats.period(parse_period(code).code, language or lang())


def part_label(part: str, language: str | None = None) -> str:
    """A part of a year as the picker names it: "" → "全年", "H1" → "上半年", "Q3" → "第三季度", "06" → "6 月"."""
    lang_ = language or lang()
    if not part:
        return label("period.part.year", lang_)
    if part.startswith("H"):
        return label(f"period.part.h{part[1]}", lang_)
    if part.startswith("Q"):
        q = int(part[1])
        return label("period.part.quarter", lang_).format(q=q, q_cn=_QUARTERS_CN[q - 1])
    month = int(part)
    return label("period.part.month", lang_).format(month=month, abbr=calendar.month_abbr[month])


def period_key(language: str | None = None) -> str:
    """The widget key of the period picker's year, one per language (`period_part_key`: its part of the year).

    The picker shows labels in the session's language ("2025 年" / "2025"); a widget whose labels change under
    it can come back holding the old label instead of the value, so each language has its own widgets and the
    chosen period's code lives apart from them (PERIOD_KEY).
    """
    return f"{PERIOD_KEY}_{language or lang()}"


def period_part_key(language: str | None = None) -> str:
    """The widget key of the period picker's part of the year (全年, a half, a quarter or a month), per language."""
    return f"{PERIOD_KEY}_part_{language or lang()}"


def _keep_picked_period(year_key: str, part_key: str) -> None:
    year, part = int(st.session_state[year_key]), str(st.session_state[part_key])
    if part not in overview.part_choices(year, periods.today()):
        # The same month of the year under way may be still to come: the whole year instead.
        part = ""
    st.session_state[PERIOD_KEY] = periods.of_year(year, part).code


def period_selector(today: date | None = None) -> Period:
    """The period picker, first under the office's name in the sidebar (a phone's drawer opens on it): a year, and
    optionally a part of it (全年 by default, a half, a quarter or a month); kept in the URL (`?period=2025-Q3`) so
    a link reproduces the view."""
    years = overview.data_years(source())
    today = today or periods.today()
    if PERIOD_KEY not in st.session_state:
        # A new session (a link opened, a page refreshed): the URL decides, else the default period.
        wanted = st.query_params.get(PERIOD_PARAM)
        code = overview.default_period(years, today)
        if wanted:
            try:
                code = parse_period(wanted).code
            except PeriodError as err:
                st.toast(str(err), icon=":material/warning:")
        st.session_state[PERIOD_KEY] = code
    period = parse_period(str(st.session_state[PERIOD_KEY]))
    year, part = periods.year_and_part(period.code)
    # An old link may name a year with no data or a part still to come: offer it rather than silently show another.
    year_options = sorted({*(str(y) for y in overview.year_choices(years, today)), str(year)}, reverse=True)
    parts = {*overview.part_choices(year, today), part}
    part_options = [p for p in periods.YEAR_PARTS if p in parts]
    year_key, part_key = period_key(), period_part_key()
    st.session_state[year_key], st.session_state[part_key] = str(year), part
    # Worded now, in this run's language: a format_func may be called after the run (AppTest does), where the
    # session's language switch cannot be read.
    year_names = {y: period_label(y) for y in year_options}
    part_names = {p: part_label(p) for p in part_options}
    left, right = phone_columns(2, "period")
    picked = {"on_change": _keep_picked_period, "args": (year_key, part_key)}
    left.selectbox(t("app.period"), year_options, key=year_key, format_func=year_names.__getitem__, **picked)
    right.selectbox(t("app.period_part"), part_options, key=part_key, format_func=part_names.__getitem__, **picked)
    # Set on every run: switching pages through the navigation menu drops the query string.
    st.query_params[PERIOD_PARAM] = period.code
    return period


def selected_period() -> Period:
    """The period chosen in the sidebar (pages call this; `app.py` draws the picker first)."""
    return parse_period(str(st.session_state[PERIOD_KEY]))


# -- phone -------------------------------------------------------------------------------------------

# Containers keyed with this prefix keep their columns two to a row on a phone, where st.columns would put each on a
# row of its own: the headline cards as a 2×2 grid instead of four cards filling the first screen.
PHONE_GRID = "grid_"
PHONE_WIDTH = 640  # px: below this Streamlit stacks columns and the sidebar becomes a drawer over the page
PHONE_CSS = f"""<style>
@media (max-width: {PHONE_WIDTH}px) {{
  /* The drawer opens on the office, the period and the user, then the menu (not the period below 16 pages). */
  [data-testid="stSidebarContent"] {{ display: flex; flex-direction: column; }}
  [data-testid="stSidebarUserContent"] {{ order: -1; padding-bottom: 1rem; }}
  [data-testid="stSidebarHeader"] {{ order: -2; }}
  [class*="st-key-{PHONE_GRID}"] [data-testid="stColumn"] {{
    min-width: calc(50% - 0.5rem) !important; flex: 1 1 calc(50% - 0.5rem) !important;
  }}
  [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  /* No chart toolbar on a phone: it covers the chart's title and a tap brings it up. */
  .js-plotly-plot .modebar-container {{ display: none !important; }}
}}
</style>"""


def phone_layout() -> None:
    """Once per run (app.py): the style rules that keep pages readable on a phone, 390 px wide.

    Streamlit cannot tell Python how wide the screen is, so this is CSS with media queries; a style-only st.html
    takes no room on the page.
    """
    st.html(PHONE_CSS)


def phone_columns(n: int, key: str, container: Any = None, **options: Any) -> list[Any]:
    """`n` columns (st.columns `options`) that stay two to a row on a phone (four headline cards as a 2×2 grid),
    side by side elsewhere."""
    return list((container or st).container(key=f"{PHONE_GRID}{key}").columns(n, **options))


# -- number formats and charts -----------------------------------------------------------------------


def _short(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def fmt_count(value: int, language: str | None = None) -> str:
    """A count for people: "1,688", "26,190"; in Chinese "12.3 万" from 100,000 and "1.2 亿" from 10⁸."""
    lang_ = language or lang()
    if lang_ == "zh" and abs(value) >= 100_000_000:
        return label("number.yi", lang_).format(value=_short(value / 100_000_000))
    if lang_ == "zh" and abs(value) >= 100_000:
        return label("number.wan", lang_).format(value=_short(value / 10_000))
    return f"{value:,}"


def fmt_change(change: float | None) -> str | None:
    """A relative change as a signed percentage ("+12.3%"), or None when there is nothing to compare."""
    return None if change is None else f"{change:+.1%}"


def month_tick(month: int, language: str | None = None) -> str:
    """A month as a chart tick: "3 月" or "Mar"."""
    return label("chart.month_tick", language or lang()).format(month=month, abbr=calendar.month_abbr[month])


def chart_layout(**overrides: Any) -> dict[str, Any]:
    """The plotly layout every chart shares: CJK fonts, tight margins, the title on top and the legend under it;
    `overrides` add to (or replace) its settings key by key."""
    layout: dict[str, Any] = {
        "font": {"family": FONT_FAMILY, "size": 14},
        # The title at the very top and the legend under it, both from the left: on a narrow screen a legend that
        # wraps grows up into the space below the title instead of over it.
        "title": {
            "font": {"family": FONT_FAMILY, "size": 18},
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 10},
        },
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        "margin": {"l": 60, "r": 20, "t": 80, "b": 50},
    }
    for key, value in overrides.items():
        # A chart's {"title": {"text": …}} adds to the shared title settings rather than dropping them.
        shared = layout.get(key)
        layout[key] = {**shared, **value} if isinstance(shared, dict) and isinstance(value, dict) else value
    return layout


def scope_name(viewer: Viewer) -> str:
    """Whose records a scoped viewer sees, in words: 本支部（SQ01）, 您负责的 5 个党组织; "" when unscoped."""
    scope = viewer.unit_scope
    if scope is None:
        return ""
    if viewer.unit_id is not None:
        return t("scope.branch", unit=viewer.unit_id)
    return t("scope.leader", n=len(scope))


def scope_caption(viewer: Viewer) -> None:
    """Under a page title: that only the viewer's own units' records are shown (nothing for an unscoped viewer)."""
    if viewer.unit_scope is not None:
        st.caption(t("scope.unit_only", scope=scope_name(viewer)))


def demo_banner(role: str) -> None:
    """The visible notice that the app runs as the single local user (no accounts yet) and how to add one."""
    if role == "local":
        st.info(t("app.demo_banner"), icon=":material/info:")
