"""Real headless Chromium (Debian's chromium + chromium-driver) driven by Selenium.

Without Chromium (or without axe-core, installed by `make test` through npm) the browser tests
are skipped with a message, except when REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--lang=vi", "--window-size=1280,900",
)  # fmt: skip


def _find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def _missing(message: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _chromium(*, javascript: bool = True):
    chromium = _find("chromium", "chromium-browser", "google-chrome")
    driver_path = _find("chromedriver")
    if not chromium or not driver_path:
        _missing("Chromium/ChromeDriver không có trên máy: cài gói chromium và chromium-driver.")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


@pytest.fixture(scope="session")
def browser():
    driver = _chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_without_js():
    driver = _chromium(javascript=False)
    yield driver
    driver.quit()


@pytest.fixture
def screenshot(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, width: int) -> Path:
        browser.set_window_size(width, 900)
        path = ARTIFACTS / f"{name}-{width}.png"
        browser.save_screenshot(str(path))
        return path

    return take


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done(r.violations))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""


@pytest.fixture
def axe(browser):
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; returns serious/critical issues."""
    if not AXE_JS.exists():
        _missing("axe-core chưa được cài: chạy `make test` (cần npm) để cài vào tests/browser.")
    source = AXE_JS.read_text(encoding="utf-8")

    def run() -> list[dict]:
        browser.execute_script(source)
        violations = browser.execute_async_script(AXE_RUN)
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n.get("target") for n in v["nodes"]][:5],
            }
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]

    return run
