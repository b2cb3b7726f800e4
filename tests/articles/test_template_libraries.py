"""Imports go one way (portal <- articles <- models_campaign), templates included: a `{% load %}`
in an articles template is a dependency that no Python import shows."""

import re
from pathlib import Path

from django.template import engines

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def test_articles_templates_load_no_showcase_library():
    libraries = engines["django"].engine.libraries  # name -> module path
    loaded = {
        (path.relative_to(TEMPLATES).as_posix(), name)
        for path in (TEMPLATES / "articles").rglob("*.html")
        for names in LOAD.findall(path.read_text("utf-8"))
        for name in names.split()
    }
    assert loaded, "the articles templates load libraries: the scan must see them"
    wrong = sorted(
        (template, name)
        for template, name in loaded
        if libraries.get(name, "").startswith("models_campaign.")
    )
    assert wrong == []
