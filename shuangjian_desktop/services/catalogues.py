"""Reference catalogues kept as data under db/catalogues: negative list, inspection aspects, complaint categories."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from shuangjian_desktop import paths
from shuangjian_desktop.domain.errors import InvalidValue


@dataclass(frozen=True)
class CatalogueItem:
    code: str
    label: str


def _load(name: str) -> Any:
    return json.loads((paths.catalogues_dir() / name).read_text(encoding="utf-8"))


@cache
def complaint_categories() -> tuple[CatalogueItem, ...]:
    return tuple(CatalogueItem(c["code"], c["label"]) for c in _load("complaint_categories.json")["categories"])


@cache
def inspection_aspects() -> tuple[CatalogueItem, ...]:
    return tuple(CatalogueItem(c["code"], c["label"]) for c in _load("inspection_aspects.json")["aspects"])


@cache
def institution_rules() -> tuple[CatalogueItem, ...]:
    return tuple(CatalogueItem(r["code"], r["text"]) for r in _load("negative_list.json")["institution_rules"])


@cache
def rule_bases() -> dict[str, tuple[str, str]]:
    """Institution rule code -> (its text, the legal basis a notice cites for it), as the county keeps them in
    db/catalogues/negative_list.json."""
    return {r["code"]: (r["text"], r.get("basis", "")) for r in _load("negative_list.json")["institution_rules"]}


@cache
def school_rules() -> tuple[CatalogueItem, ...]:
    return tuple(CatalogueItem(r["code"], r["text"]) for r in _load("negative_list.json")["school_rules"])


def category_label(code: str) -> str:
    return next((c.label for c in complaint_categories() if c.code == code), code)


def parse_category(value: Any) -> str:
    """A complaint category by label or code; refuses anything outside the catalogue."""
    text = str(value).strip()
    for item in complaint_categories():
        if text in (item.label, item.code):
            return item.code
    for item in complaint_categories():
        if text and (text in item.label or item.label in text):
            return item.code
    labels = "、".join(c.label for c in complaint_categories())
    raise InvalidValue(f"“{text}”不在问题类别目录中（可选：{labels}）")
