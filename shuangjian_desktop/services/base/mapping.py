"""Which column of a clerk's sheet holds which field of a ledger: matched by header, suggested by similarity to each
field's label and synonyms (with the reason shown), remembered once the clerk confirmed it, or given by hand.

A confirmed mapping is remembered in the settings file (per Windows user, beside the database folder), keyed by the
ledger and the sheet's headers: it describes the clerk's spreadsheets, not the county's records, so it needs no
schema change, works in a read-only window and the demo county alike, and stays out of backups and the audit trail.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from difflib import SequenceMatcher

from shuangjian_desktop import settings as opts
from shuangjian_desktop.documents.xlsx_reader import normalize_header
from shuangjian_desktop.domain import values
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.base.sheet import Field, LedgerSpec

SUGGEST_AT = 0.6
IGNORE_WORDS = ("不导入", "忽略", "-", "—", "无")

HOW_EXACT = "表头一致"
HOW_REMEMBERED = "上次确认的对应关系"
HOW_GIVEN = "手动指定"


@dataclass(frozen=True)
class ColumnMapping:
    """One column of the sheet: where it goes (field key and label, or None for 不导入) and why."""

    column: int
    """1-based, as the clerk counts."""
    header: str
    field_key: str | None
    field_label: str | None
    how: str = ""
    note: str = ""
    """What happens to it beyond landing in its field (a unit converted, a township joined to the address...)."""

    def describe(self) -> str:
        target = self.field_label or "不导入"
        extra = "；".join(part for part in (self.how, self.note) if part)
        return f"第{self.column}列“{self.header}” → {target}" + (f"（{extra}）" if extra else "")


def in_wan(f: Field, raw_header: str) -> bool:
    """A money column whose header says its unit is 万元 (ten thousand yuan)."""
    return f.parse is values.parse_money_cents and "万" in raw_header


def similarity(header: str, name: str) -> float:
    """0..1: equal 1; one inside the other by how much of it they share; else the characters in common."""
    if not header or not name:
        return 0.0
    if header == name:
        return 1.0
    short, long_ = sorted((header, name), key=len)
    if short in long_:
        return 0.6 + 0.35 * len(short) / len(long_)
    matcher = SequenceMatcher(None, header, name, autojunk=False)
    bound = matcher.real_quick_ratio()
    if bound < SUGGEST_AT:
        return bound  # cannot reach a suggestion: no need for the full comparison
    bound = matcher.quick_ratio()
    return bound if bound < SUGGEST_AT else matcher.ratio()


def best_field(spec: LedgerSpec, header: str) -> tuple[Field | None, float, str]:
    """The field a header most resembles, the score and the name (label or synonym) it resembles."""
    best: tuple[Field | None, float, str] = (None, 0.0, "")
    for f in spec.fields:
        for name in (f.label, *f.synonyms):
            score = similarity(header, normalize_header(name))
            if score > best[1]:
                best = (f, score, name)
    return best


def signature(spec: LedgerSpec, headers: list[str]) -> str:
    text = spec.name + "\x1f" + "\x1f".join(headers)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def remembered(settings: opts.Settings, spec: LedgerSpec, headers: list[str]) -> dict[str, str] | None:
    """The confirmed mapping of a sheet with exactly these headers: normalized header -> field key ("" = 不导入)."""
    found = settings.get(opts.IMPORT_MAPPINGS).get(signature(spec, headers))
    if not isinstance(found, dict):
        return None
    keys = {f.key for f in spec.fields}
    return {h: k for h, k in found.items() if isinstance(k, str) and (k in keys or k == "")}


def remember(settings: opts.Settings, spec: LedgerSpec, headers: list[str], mapping: list[ColumnMapping]) -> None:
    stored = dict(settings.get(opts.IMPORT_MAPPINGS))
    stored[signature(spec, headers)] = {headers[m.column - 1]: m.field_key or "" for m in mapping}
    while len(stored) > 200:  # the oldest first: dicts keep insertion order
        stored.pop(next(iter(stored)))
    settings.set(opts.IMPORT_MAPPINGS, stored)
    settings.save()


def known_headers(spec: LedgerSpec, settings: opts.Settings) -> set[str]:
    """Every header the program would place: exact names and those confirmed before (for finding the header row)."""
    names = set(spec.field_by_header())
    for found in settings.get(opts.IMPORT_MAPPINGS).values():
        if isinstance(found, dict):
            names.update(h for h, k in found.items() if k)
    return names


def recognises(spec: LedgerSpec, settings: opts.Settings) -> object:
    """A predicate for the header-row search: exact, remembered or similar enough to a field."""
    exact = known_headers(spec, settings)
    seen: dict[str, bool] = {}

    def test(header: str) -> bool:
        if not header or len(header) > 16 or header[0].isdigit():
            return False
        if header in exact:
            return True
        if header not in seen:
            seen[header] = best_field(spec, header)[1] >= SUGGEST_AT + 0.1
        return seen[header]

    return test


def field_by_name(spec: LedgerSpec, name: str) -> str | None:
    """A field key from what a clerk types after ``--map 表头=``: a label, a synonym, a key, or 不导入."""
    text = name.strip()
    if text in IGNORE_WORDS:
        return None
    for f in spec.fields:
        if text == f.key or normalize_header(text) in f.names():
            return f.key
    labels = "、".join(f.label for f in spec.fields)
    raise DomainError(f"{spec.title}没有字段“{text}”（可选：{labels}，或“不导入”）")


def propose(
    spec: LedgerSpec,
    headers: list[str],
    raw_headers: list[str],
    settings: opts.Settings,
    given: dict[str, str | None] | None = None,
) -> list[ColumnMapping]:
    """The mapping the program proposes: given by hand first, then remembered, exact names, then suggestions."""
    given = {normalize_header(h): k for h, k in (given or {}).items()}
    unknown_given = [h for h in given if h not in headers]
    if unknown_given:
        raise DomainError(
            f"表格中没有名为“{'、'.join(unknown_given)}”的列（表头：{'、'.join(h for h in headers if h)}）"
        )
    memory = remembered(settings, spec, headers) or {}
    by_header = spec.field_by_header()
    choice: dict[int, tuple[str | None, str]] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        if header in given:
            choice[index] = (given[header], HOW_GIVEN)
    taken.update(k for k, _ in choice.values() if k)
    for index, header in enumerate(headers):
        if index not in choice and header in memory and (memory[header] == "" or memory[header] not in taken):
            key = memory[header] or None
            choice[index] = (key, HOW_REMEMBERED)
            if key:
                taken.add(key)
    for index, header in enumerate(headers):
        found = by_header.get(header)
        if index not in choice and found is not None and found.key not in taken:
            same = header == normalize_header(found.label)
            choice[index] = (found.key, HOW_EXACT if same else f"“{found.label}”的常见写法")
            taken.add(found.key)
    candidates = []
    for index, header in enumerate(headers):
        if index in choice or not header:
            continue
        f, score, name = best_field(spec, header)
        if f is not None and score >= SUGGEST_AT:
            candidates.append((score, index, f, name))
    for _score, index, f, name in sorted(candidates, key=lambda c: -c[0]):
        if f.key in taken or index in choice:
            continue
        reason = f"与“{f.label}”相近" if name == f.label else f"与“{name}”相近（即“{f.label}”）"
        choice[index] = (f.key, reason)
        taken.add(f.key)
    notes = spec.mapping_notes(taken)
    labels = {f.key: f.label for f in spec.fields}
    mapping = []
    for index, header in enumerate(headers):
        raw = raw_headers[index] if index < len(raw_headers) else header
        if not header and index not in choice:
            continue
        key, how = choice.get(index, (None, ""))
        note = notes.get(key or "", "")
        if key is None and not how:
            how = "没有相近的字段"
        if key and in_wan(spec.field(key), raw):
            note = "按万元换算为元"
        mapping.append(ColumnMapping(index + 1, raw or f"第{index + 1}列", key, labels.get(key or ""), how, note))
    return mapping
