"""The README and docs/ stay short, linked and true to the code.

An officer who inherits the portal reads the README first: it must stay short, its table of
contents must lead to its sections, every link in it and in docs/ must open a file and a heading
that exist, every `make` target it names must exist, and its configuration table must list every
environment variable the settings read. These checks need no database.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MAX_LINES = 250

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`([^`]*)`")


def markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, line))
    return lines


def code_text(text: str) -> str:
    """Everything written as code: fenced blocks and inline code spans."""
    parts, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            parts.append(line)
        else:
            parts.extend(INLINE_CODE.findall(line))
    return "\n".join(parts)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text as rendered (no code marks, link targets or
    emphasis), lower-cased, without punctuation (letters of any script, digits, `_` and `-`
    stay), spaces turned into hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "")
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown file, with GitHub's -1, -2... for repeated ones."""
    seen: dict[str, int] = {}
    found = set()
    for _number, line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        slug = github_slug(match.group(2))
        if slug in seen:
            seen[slug] += 1
            found.add(f"{slug}-{seen[slug]}")
        else:
            seen[slug] = 0
            found.add(slug)
    return found


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    """Relative links of one Markdown file whose file or heading does not exist."""
    problems = []
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        for target in LINK.findall(INLINE_CODE.sub("", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            where = f"{path.relative_to(root)}:{number}: {target}"
            if not linked.exists():
                problems.append(f"{where} (no such file)")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                problems.append(f"{where} (no such heading)")
    return problems


def section(text: str, title: str) -> str:
    """The body of the level-2 section `title` of a Markdown text."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"README has no section '## {title}'"
    return match.group(1)


def table_first_column(text: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [row.split("|")[1].strip() for row in rows[2:]]


# --- the helpers themselves ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Quickstart", "quickstart"),
        ("Search: 100,000 articles", "search-100000-articles"),
        ("JSON API (`/api/v1/`)", "json-api-apiv1"),
        ('Showcase entries ("mô hình")', "showcase-entries-mô-hình"),
        ("Bản tin sinh hoạt chi bộ (the cell-meeting bulletin)",
         "bản-tin-sinh-hoạt-chi-bộ-the-cell-meeting-bulletin"),
        ("Storage: local disk or S3-compatible", "storage-local-disk-or-s3-compatible"),
    ],
)  # fmt: skip
def test_heading_anchors_follow_githubs_rules(heading, slug):
    assert github_slug(heading) == slug


def test_the_link_check_reports_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## Kept heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[fine](other.md#kept-heading) [gone](missing.md) [wrong](other.md#no-such)\n"
        "[here](#page) [nowhere](#nowhere) [web](https://example.vn/x)\n"
        "```\n[inside a code block](not-checked.md)\n```\n",
        encoding="utf-8",
    )
    problems = broken_links(page, root=tmp_path)
    assert problems == [
        "page.md:3: missing.md (no such file)",
        "page.md:3: other.md#no-such (no such heading)",
        "page.md:4: #nowhere (no such heading)",
    ]


# --- the README -------------------------------------------------------------------------------


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines (at most {README_MAX_LINES}): move detail to docs/"
    )


def test_table_of_contents_links_every_section_and_only_existing_ones():
    text = README.read_text(encoding="utf-8")
    contents = section(text, "Contents")
    listed = re.findall(r"^- \[[^\]]+\]\(#([^)]+)\)", contents, flags=re.M)
    sections = [
        github_slug(match.group(2))
        for _n, line in prose_lines(text)
        if (match := HEADING.match(line)) and len(match.group(1)) == 2
    ]
    sections.remove("contents")
    assert listed, "README's '## Contents' lists no links"
    assert [slug for slug in listed if slug not in anchors(README)] == []
    assert [slug for slug in sections if slug not in listed] == [], "sections missing from Contents"
    assert listed == sections, "Contents should list the sections in their order"


def test_every_page_of_docs_is_listed_in_the_readme():
    text = README.read_text(encoding="utf-8")
    linked = {(README.parent / target.partition("#")[0]).resolve() for target in LINK.findall(text)}
    pages = [*sorted(DOCS.glob("*.md")), DOCS / "huong-dan" / "README.md"]
    assert [str(page.relative_to(ROOT)) for page in pages if page.resolve() not in linked] == []


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-zA-Z][\w.-]*)\s*:(?!=)", makefile, flags=re.M))
    written = re.findall(
        r"\bmake[ \t]+(?:[A-Z_]+=\S+[ \t]+)*([a-z][\w-]*)",
        code_text(README.read_text(encoding="utf-8")),
    )
    assert written, "the README names no make target"
    assert sorted({target for target in written if target not in targets}) == []


def environment_variables_read() -> set[str]:
    """Names the settings modules read with django-environ (`env("X")`, `env.int("X")`...),
    and the GUNICORN_* variables of portal/gunicorn.conf.py."""
    names = set()
    for path in sorted((ROOT / "portal" / "settings").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            is_env = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "env"
            )
            first = node.args[0]
            if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    gunicorn = (ROOT / "portal" / "gunicorn.conf.py").read_text(encoding="utf-8")
    names.update(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", gunicorn))
    return names


def documented_variables() -> set[str]:
    table = section(README.read_text(encoding="utf-8"), "Configuration")
    return {name for cell in table_first_column(table) for name in INLINE_CODE.findall(cell)}


def test_the_configuration_table_lists_every_environment_variable_read():
    read = environment_variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "GUNICORN_WORKERS"} <= read
    assert sorted(read - documented_variables()) == []


def test_every_variable_in_the_configuration_table_is_read_by_the_code():
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("portal", "articles", "models_campaign", "tests")
        for path in (ROOT / folder).rglob("*.py")
    ) + (ROOT / "manage.py").read_text(encoding="utf-8")
    unread = [name for name in documented_variables() if f'"{name}"' not in sources]
    assert sorted(unread) == []


def test_the_dependency_table_explains_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project.get("optional-dependencies", {}).get("dev", [])]

    def normal(name: str) -> str:
        return re.split(r"[\[<>=!~; ]", name.strip(), maxsplit=1)[0].lower().replace("_", "-")

    table = section(README.read_text(encoding="utf-8"), "Dependencies and why")
    explained = {
        normal(part)
        for cell in table_first_column(table)
        for part in re.sub(r"\([^)]*\)", "", cell).split(",")
        if part.strip()
    }
    assert sorted(normal(name) for name in declared if normal(name) not in explained) == []


# --- every Markdown file ----------------------------------------------------------------------


@pytest.mark.parametrize("path", markdown_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_relative_links_open_an_existing_file_and_heading(path):
    assert broken_links(path) == []
