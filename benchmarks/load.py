"""Benchmark: N people using the app at once, over Streamlit's own websocket, as their browsers would.

Not a test: run `python benchmarks/load.py [--sessions 30] [--rounds 2] [--url URL]` (or `make bench`). Without
--url it builds a fresh demo database with one secretary account per session (production argon2 parameters,
so sign-in costs what it costs), starts the app on a free port and stops it afterwards.

Each session is one websocket to /_stcore/stream speaking Streamlit's protocol (protobuf BackMsg/ForwardMsg,
the messages the browser sends and receives): it opens the app, signs in through the form (the widget ids are
read from the form the server sends), then opens the overview, scorecard and trends pages `--rounds` times.
A step's time runs from the request to the server's "script finished"; a step fails if it times out or the
page shows an exception or an error box. All sessions start together. Printed: per step the median and
maximum over sessions, errors, and the server's CPU time; then the argon2 cost of one sign-in.

The websocket rather than N headless browsers: 30 Chromium pages would need more CPU than this 2-core machine
has and would measure the browsers; the websocket client costs next to nothing, so the figures are the server's.

Target: 30 concurrent sessions, 0 errors, page median ≤ 2 s and maximum ≤ 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "scorecard", "trends")
PASSWORD = "load-test-pass-1"
STEP_TIMEOUT = 120.0
PAGE_MEDIAN_TARGET, PAGE_MAX_TARGET = 2.0, 5.0


@dataclass
class Results:
    """Seconds per step name, and what went wrong."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, step: str, seconds: float) -> None:
        self.times.setdefault(step, []).append(seconds)


class Session:
    """One browser tab's conversation with the server."""

    def __init__(self, url: str, user: str) -> None:
        self.url = url
        self.user = user
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.widgets: dict[str, str] = {}  # widget key → widget id
        self.texts: list[str] = []
        self.problems: list[str] = []
        self.ws: Any = None

    async def connect(self) -> None:
        import websockets

        stream = self.url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await websockets.connect(
            stream,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.url,  # type: ignore[arg-type]
            max_size=None,
            open_timeout=STEP_TIMEOUT,
            ping_interval=None,
        )

    async def run(self, page_hash: str = "", widgets: list[Any] | None = None) -> float:
        """Ask for a script run (a page, or the form submitted) and wait until it has finished; its seconds."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        message.rerun_script.query_string = "period=2025"
        message.rerun_script.page_script_hash = page_hash
        if widgets:
            message.rerun_script.widget_states.widgets.extend(widgets)
        self.texts, self.problems = [], []
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=STEP_TIMEOUT)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "navigation":
                for page in forward.navigation.app_pages:
                    self.pages[page.url_pathname] = page.page_script_hash
            elif kind == "delta":
                self._read(forward.delta)
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for another run (st.rerun): the step is not done yet
                return time.perf_counter() - started

    def _read(self, delta: Any) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.problems.append(f"exception: {element.exception.message[:200]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            self.problems.append(f"error box: {element.alert.body[:200]}")
        elif kind in ("text_input", "button"):
            widget = getattr(element, kind)
            self.widgets[widget.id.rsplit("-", 1)[-1]] = widget.id
        elif kind == "markdown":
            self.texts.append(element.markdown.body)
        elif kind == "heading":
            self.texts.append(element.heading.body)

    async def sign_in(self) -> float:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        await self.run()
        name = WidgetState(id=self.widgets["login_name"], string_value=self.user)
        password = WidgetState(id=self.widgets["login_password"], string_value=PASSWORD)
        submit_id = next(i for k, i in self.widgets.items() if "FormSubmitter" in i or k.startswith("login_form"))
        submit = WidgetState(id=submit_id, trigger_value=True)
        seconds = await self.run(widgets=[name, password, submit])
        if not any(text.startswith("当前用户") for text in self.texts):
            self.problems.append(f"{self.user} not signed in: {self.texts[:3]}")
        return seconds

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def one_person(url: str, user: str, rounds: int, results: Results, start: asyncio.Event) -> None:
    from kaohe.labels import label

    session = Session(url, user)
    await start.wait()
    try:
        started = time.perf_counter()
        await session.connect()
        results.add("connect", time.perf_counter() - started)
        results.add("sign in", await session.sign_in())
        results.errors += [f"{user} sign in: {p}" for p in session.problems]
        for _ in range(rounds):
            for page in PAGES:
                seconds = await session.run(session.pages[page])
                results.add(page, seconds)
                results.errors += [f"{user} {page}: {p}" for p in session.problems]
                if label(f"page.{page}", "zh") not in session.texts:
                    results.errors.append(f"{user} {page}: the page's title did not arrive")
    except Exception as exc:
        results.errors.append(f"{user}: {type(exc).__name__}: {exc}")
    finally:
        await session.close()


async def load(url: str, users: list[str], rounds: int) -> tuple[Results, float]:
    results = Results()
    start = asyncio.Event()
    people = [asyncio.create_task(one_person(url, user, rounds, results, start)) for user in users]
    started = time.perf_counter()
    start.set()
    await asyncio.gather(*people)
    return results, time.perf_counter() - started


# -- a server of our own --------------------------------------------------------------------------------


def build(db: Path, users: list[str]) -> None:
    """The demo database with one secretary per session, hashed with production argon2 parameters."""
    from kaohe.access import LOCAL_VIEWER
    from kaohe.auth import Accounts
    from kaohe.demo_build import build_demo
    from kaohe.store import Store

    with Store(db) as store:
        build_demo(store)
        accounts = Accounts(store)
        for user in users:
            accounts.add_user(LOCAL_VIEWER, user, PASSWORD, "secretary")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://localhost:{port}"
    env = {**os.environ, "KAOHE_DB": str(db), "KAOHE_BACKUP_HOURS": "0"}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"the server did not start; see {log}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def argon2_seconds() -> float:
    """One sign-in's hash check with the parameters new passwords are hashed with."""
    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    hashed = hasher.hash(PASSWORD)
    started = time.perf_counter()
    for _ in range(5):
        hasher.verify(hashed, PASSWORD)
    return (time.perf_counter() - started) / 5


def report(results: Results, wall: float, sessions: int, cpu: float | None) -> bool:
    print(f"{sessions} sessions at once, {wall:.1f} s in all" + (f", server CPU {cpu:.1f} s" if cpu else ""))
    print(f"{'step':<10} {'n':>4} {'median s':>9} {'max s':>7}")
    page_medians, page_maxes = [], []
    for step in ("connect", "sign in", *PAGES):
        times = results.times.get(step, [])
        if not times:
            continue
        median, worst = statistics.median(times), max(times)
        print(f"{step:<10} {len(times):>4} {median:>9.2f} {worst:>7.2f}")
        if step in PAGES:
            page_medians.append(median)
            page_maxes.append(worst)
    print(f"errors: {len(results.errors)}")
    for error in results.errors[:20]:
        print(f"  {error}")
    met = (
        not results.errors
        and bool(page_medians)
        and max(page_medians) <= PAGE_MEDIAN_TARGET
        and max(page_maxes) <= PAGE_MAX_TARGET
    )
    verdict = "met" if met else "NOT met"
    print(f"target (0 errors, page median ≤ {PAGE_MEDIAN_TARGET:g} s, max ≤ {PAGE_MAX_TARGET:g} s): {verdict}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="people using the app at once (default 30)")
    parser.add_argument("--rounds", type=int, default=2, help="times each opens the three pages (default 2)")
    parser.add_argument("--url", default=None, help="an app already running (its accounts: load01 … loadNN)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and server log")
    args = parser.parse_args()
    users = [f"load{i:02d}" for i in range(1, args.sessions + 1)]
    work = Path(tempfile.mkdtemp(prefix="kaohe-load-"))
    server = None
    try:
        if args.url is None:
            started = time.perf_counter()
            build(work / "kaohe.duckdb", users)
            print(f"built the demo database with {len(users)} accounts in {time.perf_counter() - started:.1f} s")
            server, url = start_server(work / "kaohe.duckdb", work / "streamlit.log")
        else:
            url = args.url.rstrip("/")
        # One person first, alone: the cold start (caches empty) is not what 30 people at once cost.
        warm, _ = asyncio.run(load(url, users[:1], 1))
        if warm.errors:
            raise SystemExit(f"a single session fails: {warm.errors}")
        print("one session alone (cold caches): " + ", ".join(f"{k} {v[0]:.2f} s" for k, v in warm.times.items()))
        before = cpu_seconds(server.pid) if server else None
        results, wall = asyncio.run(load(url, users, args.rounds))
        cpu = cpu_seconds(server.pid) - before if server and before is not None else None
        report(results, wall, len(users), cpu)
        print(f"argon2 check of one password (default parameters): {argon2_seconds():.2f} s")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
