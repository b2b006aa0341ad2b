"""Real Chromium (Debian's), driven by Playwright, against pytest-django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own
# database calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        message = "Chromium not found: install Debian's chromium package or set CHROMIUM_PATH."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Waiting assertions wait as long as actions do: CI runs two suites side by side.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# Run before any script of the page (and outside its Content-Security-Policy):
# every violation the browser reports reaches the console with this prefix.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
                `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def new_page(browser, live_server):
    """A fresh browser context's page; the test fails if any page it visits breaks the CSP or throws an
    uncaught script error."""
    contexts = []
    violations = []
    script_errors = []

    def watch(message):
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def make():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", watch)
        context.on(
            "weberror", lambda error: script_errors.append(f"{error.page.url if error.page else '?'}: {error.error}")
        )
        contexts.append(context)
        return context.new_page()

    make.violations = violations  # for the test that proves the watch reports a real violation
    yield make
    for context in contexts:
        context.close()
    assert not violations, "The Content-Security-Policy was violated:\n" + "\n".join(violations)
    assert not script_errors, "A page's script failed:\n" + "\n".join(script_errors)


@pytest.fixture
def axe_check():
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    axe = Axe()

    def check(page):
        # A click that navigates returns before the next document exists: axe
        # must run on the page the test now stands on, not on the one unloading.
        page.wait_for_load_state("load")
        try:
            results = axe.run(page)
        except PlaywrightError as error:
            if "documentElement" not in str(error) and "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state("load")
            results = axe.run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"axe-core on {page.url}:\n" + "\n".join(serious)
        return results

    return check


def sign_in(page, username, password="pass-word-123"):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/workspace/")
