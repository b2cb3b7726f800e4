"""The code stays in rooms a reader can take in at once: no function or method of the apps
(`portal`, `articles`, `models_campaign`; migrations aside) is longer than 60 lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "articles", "models_campaign")
LIMIT = 60


def long_functions(paths, root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > LIMIT:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({length})")
    return found


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_function_in_app_code_is_longer_than_60_lines():
    assert long_functions(app_modules()) == []


def test_the_scan_sees_a_long_function(tmp_path):
    module = tmp_path / "long.py"
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    module.write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}\n", encoding="utf-8")
    assert long_functions([module], root=tmp_path) == [f"long.py:5 long ({LIMIT + 1})"]
