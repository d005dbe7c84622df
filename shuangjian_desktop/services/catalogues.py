"""Reference catalogues kept as data under db/catalogues: the negative list (24 rules for training institutions, 19
for schools, each with the aspect it belongs to and whether it is a holiday rule), inspection aspects, complaint
categories."""

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
def unchecked_bases() -> dict[str, str]:
    """Institution rule code -> its legal basis, for the rules whose basis the catalogue marks as not yet checked by
    a legal reviewer (``basis_checked`` false: only a document's name, or an article still to be confirmed)."""
    rules = _load("negative_list.json")["institution_rules"]
    return {r["code"]: r.get("basis", "") for r in rules if not r.get("basis_checked", False)}


@cache
def school_rules() -> tuple[CatalogueItem, ...]:
    return tuple(CatalogueItem(r["code"], r["text"]) for r in _load("negative_list.json")["school_rules"])


def _all_rules() -> list[dict[str, Any]]:
    data = _load("negative_list.json")
    return [*data["institution_rules"], *data["school_rules"]]


@cache
def rule_aspects() -> dict[str, str]:
    """Rule code -> the inspection aspect it belongs to (收费, 培训时间 ...), for the rules that belong to one."""
    return {r["code"]: r["aspect"] for r in _all_rules() if r.get("aspect")}


@cache
def holiday_rules() -> frozenset[str]:
    """The rules of training on legal holidays, rest days and in the vacations (发现节假日违规培训)."""
    return frozenset(r["code"] for r in _all_rules() if r.get("holiday"))


@cache
def breach_rules(school: bool = False) -> dict[str, str]:
    """Training-time breach code (domain/training_rules.py) -> the rule it breaks, for institutions or schools."""
    data = _load("negative_list.json")["school_rules" if school else "institution_rules"]
    return {breach: r["code"] for r in data for breach in r.get("breaches", ())}


def rule_number(code: str) -> str:
    """第18条 (of the institutions' list) or 学校第13条."""
    return f"{'学校' if code.startswith('S') else ''}第{int(code[1:])}条"


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
