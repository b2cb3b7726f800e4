"""The Makefile's choice of interpreter, `make clean`, and the lock files it installs from.

The interpreter tests run `make` in a temporary folder holding a copy of the Makefile, with PATH
reduced to folders of fake interpreters: small shell scripts that answer the Makefile's version
query (`python -c '...print major.minor...'`) as a given Python would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")


@pytest.fixture
def project(tmp_path):
    """A folder with the Makefile and an (empty) runtime lock file, as `make install` needs."""
    folder = tmp_path / "project"
    (folder / "requirements").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", folder / "Makefile")
    (folder / "requirements" / "lock.txt").write_text("")
    return folder


def fake_python(folder: Path, name: str, version: str) -> Path:
    """An executable `name` in `folder` that answers the version query with `version`."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f'#!/bin/sh\n[ "$1" = -c ] && echo {version}\n')
    script.chmod(0o755)
    return script


def broken_shim(folder: Path, name: str) -> Path:
    """Like a pyenv shim of a version that is installed but not active: fails on every call."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f"#!/bin/sh\necho 'pyenv: {name}: command not found' >&2\nexit 127\n")
    script.chmod(0o755)
    return script


def real_python(folder: Path) -> Path:
    """The interpreter running these tests, under its python3.x name."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / f"python3.{sys.version_info.minor}"
    link.symlink_to(sys.executable)
    return link


def make(project: Path, *args: str, path: list[Path], **env: str):
    assert MAKE, "make is needed to build and test the project"
    environment = {
        key: value
        for key, value in os.environ.items()
        # Variables of an outer `make test` (MAKEFLAGS carries its command-line PYTHON=...).
        if key not in {"PYTHON", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    environment.update(PATH=os.pathsep.join(str(p) for p in path), **env)
    return subprocess.run(
        [MAKE, "--no-print-directory", "-s", "-C", str(project), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_newer_python_earlier_on_path_is_picked_and_named(project, tmp_path):
    minor = max(13, sys.version_info.minor + 1)
    newer = fake_python(tmp_path / "newer", f"python3.{minor}", f"3.{minor}")
    real_python(tmp_path / "real")

    result = make(project, "python-info", path=[tmp_path / "newer", tmp_path / "real"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Dùng Python 3.{minor}: {newer}"


def test_the_newest_wins_wherever_it_is_on_path(project, tmp_path):
    fake_python(tmp_path / "first", "python3.12", "3.12")
    newest = fake_python(tmp_path / "later", "python3.13", "3.13")

    result = make(project, "python-info", path=[tmp_path / "first", tmp_path / "later"])

    assert result.stdout.strip() == f"Dùng Python 3.13: {newest}"


def test_plain_python3_counts_by_its_version(project, tmp_path):
    fake_python(tmp_path / "a", "python3.11", "3.11")
    python3 = fake_python(tmp_path / "b", "python3", "3.12")

    result = make(project, "python-info", path=[tmp_path / "a", tmp_path / "b"])

    assert result.stdout.strip() == f"Dùng Python 3.12: {python3}"


def test_an_interpreter_that_does_not_run_is_passed_over(project, tmp_path):
    broken_shim(tmp_path / "shims", "python3.13")
    real = real_python(tmp_path / "real")

    result = make(project, "python-info", path=[tmp_path / "shims", tmp_path / "real"])

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Dùng Python 3.{sys.version_info.minor}: {real}"


def test_only_older_pythons_are_refused_and_nothing_is_created(project, tmp_path):
    old = tmp_path / "old"
    fake_python(old, "python3.10", "3.10")
    fake_python(old, "python3", "3.9")

    info = make(project, "python-info", path=[old])
    install = make(project, "install", path=[old])

    for result in (info, install):
        assert result.returncode != 0
        assert "Không tìm thấy Python 3.11 trở lên trên PATH." in result.stderr
        assert f"{old}/python3: Python 3.9" in result.stderr
        assert f"{old}/python3.10: Python 3.10" in result.stderr
        assert "make PYTHON=/đường/dẫn/python3.12 run" in result.stderr
    assert not (project / ".venv").exists()


def test_an_older_python_named_with_PYTHON_is_refused(project, tmp_path):
    fake_python(tmp_path / "newer", "python3.13", "3.13")
    old = fake_python(tmp_path / "old", "python3.10", "3.10")

    result = make(project, "install", path=[tmp_path / "newer"], PYTHON=str(old))

    assert result.returncode != 0
    assert f"PYTHON={old} là Python 3.10; cần Python 3.11 trở lên." in result.stderr
    assert not (project / ".venv").exists()


def test_PYTHON_names_the_interpreter_over_a_newer_one_on_path(project, tmp_path):
    fake_python(tmp_path / "newer", "python3.13", "3.13")
    chosen = fake_python(tmp_path / "chosen", "python3.12", "3.12")

    result = make(project, "python-info", path=[tmp_path / "newer"], PYTHON=str(chosen))

    assert result.stdout.strip() == f"Dùng Python 3.12: {chosen}"


def test_make_clean_keeps_the_database_and_uploads(project, tmp_path):
    for made in (".venv/bin/python", "staticfiles/site.css", ".pytest_cache/x", "a/__pycache__/b"):
        (project / made).parent.mkdir(parents=True, exist_ok=True)
        (project / made).write_text("x")
    (project / "db.sqlite3").write_text("the editors' work")
    (project / "media" / "images").mkdir(parents=True)
    (project / "media" / "images" / "photo.jpg").write_text("an upload")

    result = make(project, "clean", path=[Path("/usr/bin"), Path("/bin")])

    assert result.returncode == 0, result.stderr
    assert not (project / ".venv").exists()
    assert not (project / "staticfiles").exists()
    assert not (project / ".pytest_cache").exists()
    assert not (project / "a" / "__pycache__").exists()
    assert (project / "db.sqlite3").read_text() == "the editors' work"
    assert (project / "media" / "images" / "photo.jpg").read_text() == "an upload"


# --- the lock files ---------------------------------------------------------------------------


def read_lock(name: str) -> dict[str, list[tuple[Requirement, list[str]]]]:
    """requirements/<name> as {canonical name: [(requirement, hashes)]}: one package can be pinned
    twice, at different versions for different Pythons (the lock serves all of them)."""
    text = (ROOT / "requirements" / name).read_text()
    entries = {}
    for block in text.replace("\\\n", " ").splitlines():
        block = block.split("#", 1)[0].strip()
        if not block:
            continue
        requirement, *hashes = block.split(" --hash=")
        parsed = Requirement(requirement)
        entries.setdefault(canonicalize_name(parsed.name), []).append(
            (parsed, [h.strip() for h in hashes])
        )
    return entries


def pinned_version(requirement: Requirement) -> Version:
    (specifier,) = requirement.specifier
    assert specifier.operator == "==", requirement
    return Version(specifier.version)


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize(
    ("lock", "dependencies"),
    [
        ("lock.txt", PYPROJECT["dependencies"]),
        ("lock-dev.txt", PYPROJECT["dependencies"] + PYPROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_every_dependency_is_locked_at_a_version_pyproject_allows(lock, dependencies):
    locked = read_lock(lock)
    for dependency in map(Requirement, dependencies):
        name = canonicalize_name(dependency.name)
        assert name in locked, f"{dependency.name} is missing from {lock}: run `make lock`"
        for requirement, _ in locked[name]:
            version = pinned_version(requirement)
            assert dependency.specifier.contains(version, prereleases=True), (
                f"{lock} pins {dependency.name} {version}, pyproject.toml asks"
                f" {dependency.specifier}: run `make lock`"
            )


@pytest.mark.parametrize("lock", ["lock.txt", "lock-dev.txt"])
def test_every_locked_package_is_pinned_with_hashes(lock):
    locked = read_lock(lock)
    assert len(locked) > 20
    for name, entries in locked.items():
        for requirement, hashes in entries:
            pinned_version(requirement)
            assert hashes, f"{name} has no hash in {lock}"
            assert all(h.startswith("sha256:") and len(h) == len("sha256:") + 64 for h in hashes)


def test_both_locks_pin_shared_packages_alike():
    def pins(entries):
        return sorted((str(r.specifier), str(r.marker), sorted(hashes)) for r, hashes in entries)

    runtime, dev = read_lock("lock.txt"), read_lock("lock-dev.txt")
    for name, entries in runtime.items():
        assert name in dev, f"{name} is in lock.txt but not lock-dev.txt"
        assert pins(dev[name]) == pins(entries), name


def test_any_python_from_3_11_on_is_allowed():
    allowed = SpecifierSet(PYPROJECT["requires-python"])
    assert "3.10" not in allowed
    assert all(version in allowed for version in ("3.11", "3.12", "3.13", "3.14"))
