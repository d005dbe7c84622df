"""What an inspection found, counted the same way everywhere (the monthly return, the campaign figures), and the
result the inspection dialog proposes from it.

发现问题 (problems found) of one inspection:
- every rule of the negative list found broken is one problem;
- every aspect found wanting (收费, 培训时间 ...) that no broken rule of that aspect explains is one more;
- when neither was ticked, what the inspectors wrote counts: one problem a line (or a part between ；).
Written findings beside ticked rules or aspects describe those, and are not counted again.

发现节假日违规培训 counts inspections with a broken rule the catalogue marks as a holiday rule (training on legal
holidays, rest days or in the vacations: 第18条 of the institutions' list, 第13条 of the schools'); the online-lesson
rule (第19条: 30-minute lessons, 10-minute breaks, ending by 21:00) is a training-time rule, not a holiday one.

The proposed result (建议结果): 合格 when nothing was found, 限期整改 otherwise. It is only proposed: the inspection
dialog never fills in 合格 by itself, and the service refuses 合格 beside any problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shuangjian_desktop.domain.enums import InspectionResult

_SEPARATORS = re.compile(r"[\n\r；;]+")


def written_items(text: str | None) -> list[str]:
    """The problems written down: one a line, or separated by ；."""
    return [part.strip(" 。.，,") for part in _SEPARATORS.split(text or "") if part.strip(" 。.，,")]


@dataclass(frozen=True)
class Found:
    """What one inspection found, as recorded."""

    rule_codes: frozenset[str]
    failed_aspects: frozenset[str]
    written: str = ""

    @classmethod
    def of(cls, rule_codes: Iterable[str], failed_aspects: Iterable[str], written: str | None = "") -> Found:
        return cls(frozenset(rule_codes), frozenset(failed_aspects), written or "")

    @property
    def anything(self) -> bool:
        return bool(self.rule_codes or self.failed_aspects or written_items(self.written))


def problems(found: Found, rule_aspects: Mapping[str, str]) -> list[tuple[str, str]]:
    """The problems of one inspection, each once (see the module's docstring), as ("rule", code), ("aspect", code)
    or ("written", text); ``rule_aspects`` maps a rule to its aspect."""
    explained = {rule_aspects.get(code) for code in found.rule_codes}
    counted = [("rule", code) for code in sorted(found.rule_codes)]
    counted += [("aspect", code) for code in sorted(found.failed_aspects - explained)]
    return counted or [("written", text) for text in written_items(found.written)]


def count_problems(found: Found, rule_aspects: Mapping[str, str]) -> int:
    """发现问题 of one inspection."""
    return len(problems(found, rule_aspects))


def holiday_training(rule_codes: Iterable[str], holiday_rules: Iterable[str]) -> bool:
    """Whether the broken rules include one of training on holidays, rest days or in the vacations."""
    return bool(set(rule_codes) & set(holiday_rules))


def propose_result(found: Found) -> InspectionResult:
    """The result to propose: 合格 when nothing was found, else 限期整改 (the inspectors may choose 现场整改 or
    停业整顿 instead)."""
    return InspectionResult.RECTIFY if found.anything else InspectionResult.PASSED


def why_proposed(found: Found) -> str:
    """The proposal in words, naming what was ticked."""
    parts = []
    if found.rule_codes:
        parts.append(f"{len(found.rule_codes)}条负面清单条款")
    if found.failed_aspects:
        parts.append(f"{len(found.failed_aspects)}个方面存在问题")
    if not parts and written_items(found.written):
        parts.append("写明了发现的问题")
    if not parts:
        return "未勾选任何问题：如确无问题，请选择“合格”"
    return f"建议“{InspectionResult.RECTIFY.label}”：{'、'.join(parts)}（也可选“现场整改”或“停业整顿”）"


def result_problem(result: InspectionResult | None, found: Found) -> str | None:
    """Why ``result`` cannot stand beside what was found (a Chinese sentence), or None."""
    if result is None:
        return f"请选择检查结果（{why_proposed(found)}）"
    if result is InspectionResult.PASSED and found.anything:
        what = []
        if found.rule_codes:
            what.append(f"违反{len(found.rule_codes)}条负面清单条款")
        if found.failed_aspects:
            what.append(f"{len(found.failed_aspects)}个方面存在问题")
        if not what:
            what.append("写明了发现的问题")
        return f"发现问题时结果不能为“合格”（{'、'.join(what)}）"
    if result is not InspectionResult.PASSED and not found.anything:
        return f"结果为“{result.label}”时须写明发现的问题，或勾选存在问题的方面、违反的条款"
    return None
