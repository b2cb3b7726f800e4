"""Browser tests wait for the condition they need (WebDriverWait), never for a fixed time: a
fixed sleep is too short on a busy machine and wasted time on a quiet one."""

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fixed_sleeps(source: str) -> list[int]:
    """Line numbers of calls to any `sleep` (time.sleep, asyncio.sleep, `from time import
    sleep`, an alias of either) and of Selenium's implicit waits."""
    tree = ast.parse(source)
    aliases = {"sleep"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("time", "asyncio"):
            aliases |= {a.asname or a.name for a in node.names if a.name == "sleep"}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in aliases or name in ("sleep", "implicitly_wait"):
            found.append(node.lineno)
    return sorted(found)


def test_the_scan_finds_every_spelling_of_a_sleep():
    source = (
        "import time\nfrom time import sleep as pause\nimport asyncio\n"
        "time.sleep(0.3)\npause(1)\nasyncio.sleep(1)\ndriver.implicitly_wait(2)\n"
        "WebDriverWait(driver, 10).until(ready)\n"
    )
    assert fixed_sleeps(source) == [4, 5, 6, 7]


def test_no_browser_test_sleeps_a_fixed_time():
    found = {
        path.name: lines
        for path in sorted(HERE.glob("*.py"))
        if (lines := fixed_sleeps(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"fixed waits (use WebDriverWait on the awaited condition): {found}"
