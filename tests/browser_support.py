"""A real headless Chromium for the tests that need a browser.

Chromium comes from Debian's packages (``make browser`` installs it); without
it the tests fail and say so: a missing component is a failure, not a skip.

One Chromium serves every test of a process (an xdist worker): a start takes over
a second and 1.4 s of CPU (its processes together), and five modules used to start
six. It starts at its first use and quits when the session ends. The fixtures hand
it out with their window size set, an empty page loaded and the HTTP cache emptied,
so that a test meets neither an earlier test's page nor a response cached for it;
no test keeps anything else in the profile (cookies, storage). Registered as a
plugin in conftest.py (``pytest_plugins``), so that there is one fixture, not one
per module that imports it.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, ClassVar

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
DESKTOP = (1280, 900)
PHONE = (390, 844)  # set_window_size gives the page these 390 pixels (a start option: 500)


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A headless Chromium with its own profile folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert Path(CHROMIUM).exists() and Path(DRIVER).exists(), (
        "Chromium/chromedriver nicht installiert (make browser installiert sie aus Debian)"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        driver.set_page_load_timeout(20)  # a page that hangs fails its test, not the run
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def chromium_of_the_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def _handed_out(driver: Any, size: tuple[int, int]) -> Any:
    """The browser as a new one would be: one blank window, no dialog, cache, cookies or
    storage a test before left behind (a test that failed may leave any of them)."""
    from selenium.common.exceptions import NoAlertPresentException

    with suppress(NoAlertPresentException):
        driver.switch_to.alert.dismiss()
    first, *others = driver.window_handles
    for handle in others:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(first)
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": "*", "storageTypes": "all"})
    driver.set_window_size(*size)
    return driver


@pytest.fixture
def browser(chromium_of_the_process: Any) -> Any:
    """The process's Chromium in a desktop window (1280×900)."""
    return _handed_out(chromium_of_the_process, DESKTOP)


@pytest.fixture
def phone_browser(chromium_of_the_process: Any) -> Any:
    """The process's Chromium in a phone's window (390×844)."""
    return _handed_out(chromium_of_the_process, PHONE)


class _Sink(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def sink_server() -> Iterator[tuple[str, list[str]]]:
    """The "outside": a web server on localhost that records every request (host, paths)."""
    seen: list[str] = []
    handler = type("Sink", (_Sink,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
