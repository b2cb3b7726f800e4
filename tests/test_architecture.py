"""The module ownership contract of docs/architecture.md holds.

`.importlinter` says which module owns which rule: the apps import one another in one direction,
and the libraries and private modules behind a rule are imported by its owner only. These tests
run import-linter over the project exactly as `lint-imports --config .importlinter` does, prove
on a small package that the same run reports a break, and keep the documentation's table and
the contract file in step.
"""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / ".importlinter"


def lint_imports(config: Path, cwd: Path) -> subprocess.CompletedProcess:
    """import-linter's command line, run by the interpreter running the tests (the project's
    virtual environment), without its cache so no file is written."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--config",
            str(config),
            "--no-cache",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def contract_ids(config: Path) -> set[str]:
    parser = configparser.ConfigParser()
    parser.read(config, encoding="utf-8")
    prefix = "importlinter:contract:"
    return {name.removeprefix(prefix) for name in parser.sections() if name.startswith(prefix)}


def test_the_project_keeps_its_import_contract():
    result = lint_imports(CONTRACT, ROOT)
    report = result.stdout + result.stderr
    broken = report.split("Broken contracts", 1)[-1] if "Broken contracts" in report else report
    assert result.returncode == 0, f"import contract broken (see docs/architecture.md):\n{broken}"
    assert f"{len(contract_ids(CONTRACT))} kept, 0 broken" in report


def test_a_forbidden_import_is_reported(tmp_path):
    """The same run on a package where one module reaches past the owner: the report fails and
    names both the contract and the offending import; without that module it passes."""
    package = tmp_path / "tinysite"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "core" / "__init__.py").write_text("")
    (package / "core" / "text.py").write_text("import unicodedata\n")
    (package / "app.py").write_text("from tinysite.core import text\n")
    config = tmp_path / ".importlinter"
    config.write_text(
        textwrap.dedent(
            """
            [importlinter]
            root_packages =
                tinysite
            include_external_packages = True

            [importlinter:contract:text]
            name = Only tinysite.core.text normalises Unicode
            type = protected
            protected_modules =
                unicodedata
            allowed_importers =
                tinysite.core.text

            [importlinter:contract:core]
            name = The core knows no app
            type = forbidden
            source_modules =
                tinysite.core
            forbidden_modules =
                tinysite.app
            """
        )
    )

    clean = lint_imports(config, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    (package / "views.py").write_text("import unicodedata\n")
    (package / "core" / "helpers.py").write_text("import tinysite.app\n")
    broken = lint_imports(config, tmp_path)
    report = broken.stdout + broken.stderr
    assert broken.returncode != 0
    assert "Only tinysite.core.text normalises Unicode BROKEN" in report
    assert "tinysite.views" in report
    assert "The core knows no app BROKEN" in report
    assert "tinysite.core.helpers -> tinysite.app" in report


def test_the_architecture_page_and_the_contract_name_the_same_contracts():
    """Every contract the rules table cites exists, and every contract is explained on the page."""
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    declared = contract_ids(CONTRACT)
    assert len(declared) >= 10
    assert sorted(contracts_in_rules_table(page) - declared) == [], (
        "cited, but not in .importlinter"
    )
    assert sorted(declared - set(re.findall(r"`([a-z][a-z-]+)`", page))) == [], (
        "in .importlinter, but not explained in docs/architecture.md"
    )


def contracts_in_rules_table(page: str) -> set[str]:
    """The names in the last column ("contract") of the table "Rules and their owners"."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| rule |"))
    cells = set()
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        last = line.rstrip().rstrip("|").rsplit("|", 1)[-1]
        cells.update(re.findall(r"`([a-z][a-z-]+)`", last))
    return cells
