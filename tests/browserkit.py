"""What the browser tests share: Debian's Chromium found (or the test skipped / failed under CI), a directory served
on 127.0.0.1, and a headless Chromium launched through Playwright with this machine's flags."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# Without the background-networking flags Chromium keeps opening connections this closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    """The Chromium executable ($CHROMIUM, Debian's /usr/bin/chromium, or chromium on PATH), or None."""
    for cand in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


def missing(reason: str) -> None:
    """Skip the test for a missing browser, or fail it under CI=true (.ci/run installs Debian's chromium)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; .ci/run installs Debian's chromium)")
    pytest.skip(reason)


def require_browser() -> str:
    """The Chromium executable, with Playwright importable; otherwise skip (or fail under CI)."""
    exe = chromium()
    if exe is None:
        missing("no Chromium: install Debian's `chromium` package (apt-get install chromium) or set $CHROMIUM")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("playwright (Python) is not installed: pip install -r requirements.txt")
    return exe


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free port of 127.0.0.1; yields the base URL."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def persistent_context(profile: Path, viewport: dict | None = None) -> Iterator[object]:
    """A headless Chromium context with an empty profile directory (Playwright's BrowserContext)."""
    exe = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(str(profile), executable_path=exe, headless=True, args=CHROMIUM_ARGS,
                                                    viewport=viewport or {"width": 1280, "height": 900})
        try:
            yield ctx
        finally:
            ctx.close()
