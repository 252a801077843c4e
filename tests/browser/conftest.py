"""Fixtures for the browser suite: the app under gunicorn, Debian's Chromium through Playwright, and
per-page checks (axe-core, Content-Security-Policy, language, screenshot).

Chromium must be at /usr/bin/chromium (``apt-get install -y chromium``) or at $MENTORBRUG_CHROMIUM.
Without it the browser tests FAIL, unless MENTORBRUG_SKIP_BROWSER=1 says to skip them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .liveserver import LiveServer
from .pagecheck import PageChecker, PageProblems, shared_checker

CHROMIUM = os.environ.get("MENTORBRUG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
SKIP = os.environ.get("MENTORBRUG_SKIP_BROWSER") == "1"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Every test in tests/browser/ carries the ``browser`` marker (so ``-m browser`` / ``-m 'not browser'`` work)."""
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A scenario is a chain of steps: once a step fails, the later steps of the same run are skipped."""
    report = yield
    story = getattr(item, "funcargs", {}).get("story")
    if story is not None and report.failed and call.when == "call" and not call.excinfo.errisinstance(PageProblems):
        story.broken_at = item.name
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a browser test: fail it when any page it visited broke a check (see PageChecker.check)."""
    if HERE not in Path(str(item.fspath)).resolve().parents:
        return (yield)
    shared_checker().take_problems()
    result = yield
    problems = shared_checker().take_problems()
    if problems:
        raise PageProblems("pages with problems:\n" + "\n".join(problems))
    return result


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if SKIP:
        pytest.skip("MENTORBRUG_SKIP_BROWSER=1: browser tests skipped on request")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Install it with `apt-get install -y chromium` "
            "(or set MENTORBRUG_CHROMIUM), or set MENTORBRUG_SKIP_BROWSER=1 to skip the browser tests.",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, chromium_path):
    """Mentorbrug under gunicorn (2 workers) with a fresh SQLite database and the demo data loaded."""
    server = LiveServer(tmp_path_factory.mktemp("live"))
    server.prepare(seed_demo=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def checker() -> PageChecker:
    return shared_checker()


@pytest.fixture
def new_context(browser, live_server):
    """Factory for browser contexts (one per person): ``new_context(lang="en", javascript=False)``."""
    contexts = []

    def _new(lang: str = "nl", javascript: bool = True, width: int = 1280, **options):
        """``width`` 375 is a phone (touch, 812 px high), 1280 a laptop."""
        phone = width < 768
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL" if lang == "nl" else "en-GB",
            java_script_enabled=javascript, viewport={"width": width, "height": 812 if phone else 900},
            has_touch=phone, **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()
