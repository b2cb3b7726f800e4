"""Real headless Chromium (Debian's chromium + chromium-driver) driven by Selenium.

Without Chromium the browser tests are skipped with a message, except when REQUIRE_BROWSER=1
(as in CI), where a missing browser fails them.
"""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    chromium = _find("chromium", "chromium-browser", "google-chrome")
    driver_path = _find("chromedriver")
    if not chromium or not driver_path:
        message = "Chromium/ChromeDriver không có trên máy: cài gói chromium và chromium-driver."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=vi",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
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
