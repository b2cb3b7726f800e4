"""The demo content lives in YAML data files next to the code that loads it; this module reads
one such file and checks it against what its loader expects, so that a mistyped key stops
`load_demo` with a message naming the file and the entry instead of a KeyError half-way.

A loader declares its file's shape as a schema: one section per top-level key,

- `Rows(required, optional)`: a list of mappings, one per row (an article, an entry...);
- `Record(required, optional)`: one mapping (the contest, the bulletin...);
- `Texts()`: a list of strings (paragraphs, captions...).

`optional` maps a key to its default, filled in when the key is left out; `nested` gives the
shape of a key whose value is itself rows or a record (an entry's recognitions). The file is
read with `yaml.safe_load` (plain data only: strings, numbers, dates, lists, mappings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class DemoDataError(ValueError):
    """A demo data file does not have the shape its loader expects (message in Vietnamese)."""


@dataclass(frozen=True)
class Rows:
    required: tuple[str, ...]
    optional: dict[str, Any] = field(default_factory=dict)
    nested: dict[str, Rows | Record] = field(default_factory=dict)

    def check(self, value, where: str) -> list[dict]:
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: phải là một danh sách các mục.")
        return [_checked(row, self, f"{where}, mục {n}") for n, row in enumerate(value, start=1)]


@dataclass(frozen=True)
class Record:
    required: tuple[str, ...]
    optional: dict[str, Any] = field(default_factory=dict)
    nested: dict[str, Rows | Record] = field(default_factory=dict)

    def check(self, value, where: str) -> dict:
        return _checked(value, self, where)


@dataclass(frozen=True)
class Texts:
    def check(self, value, where: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise DemoDataError(f"{where}: phải là một danh sách các đoạn chữ không rỗng.")
        return value


def _checked(row, shape: Rows | Record, where: str) -> dict:
    if not isinstance(row, dict):
        raise DemoDataError(f"{where}: phải là một bảng khóa: giá trị.")
    first = next(iter(row.values()), "")
    if isinstance(first, str) and first:
        where = f"{where} (“{first[:60]}”)"
    missing = [key for key in shape.required if key not in row]
    unknown = [key for key in row if key not in shape.required and key not in shape.optional]
    if missing:
        raise DemoDataError(f"{where}: thiếu khóa {', '.join(missing)}.")
    if unknown:
        known = ", ".join([*shape.required, *shape.optional])
        raise DemoDataError(f"{where}: khóa không nhận ra {', '.join(unknown)} (dùng: {known}).")
    row = {**shape.optional, **row}
    for key, inner in shape.nested.items():
        row[key] = inner.check(row[key], f"{where}, {key}")
    return row


def read(path: Path, schema: dict[str, Rows | Record | Texts]) -> dict[str, Any]:
    """The file's sections, each checked against `schema` (every section is required)."""
    data = _load(Path(path))
    name = Path(path).name
    if not isinstance(data, dict):
        raise DemoDataError(f"Tệp dữ liệu mẫu {name}: phải là một bảng các phần.")
    missing = [key for key in schema if key not in data]
    unknown = [key for key in data if key not in schema]
    if missing:
        raise DemoDataError(f"Tệp dữ liệu mẫu {name}: thiếu phần {', '.join(missing)}.")
    if unknown:
        raise DemoDataError(f"Tệp dữ liệu mẫu {name}: phần không nhận ra {', '.join(unknown)}.")
    return {
        key: shape.check(data[key], f"Tệp dữ liệu mẫu {name}, phần {key}")
        for key, shape in schema.items()
    }


def _load(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise DemoDataError(f"Tệp dữ liệu mẫu {path.name} không đúng cú pháp YAML: {exc}") from exc
