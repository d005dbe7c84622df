"""The 四包 coverage check: every gap in who is responsible for whom.

- operating institutions without responsible bureau staff, or without a supervising inspector;
- staff holding more institutions than allowed (default 2);
- inspectors holding fewer or more institutions than the range (default 6-9);
- principals whose responsibility letter is unsigned; teachers whom no principal covers;
- communities without a community secretary (社区书记包社区), compounds without a compound secretary or grid
  worker (小区书记、网格员包小区); each check can be switched off in the settings by a county that does not use it.

Each kind of gap is an SQL listing (services/base/parts.py): counted by an aggregate, read a page at a time, so a
county of 10,000 institutions and 20,000 gaps costs the home page and the coverage list one page of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.enums import AssignmentKind, Status
from shuangjian_desktop.services.base.parts import Part, PartList
from shuangjian_desktop.store.models import (
    Assignment,
    Community,
    Compound,
    Institution,
    Person,
    School,
    Teacher,
    Township,
)
from shuangjian_desktop.store.uow import Store

COVERED_STATUSES = (Status.OPERATING, Status.SUSPENDED, Status.CONVERTED)
STAFF, INSPECTOR = AssignmentKind.STAFF_INSTITUTION, AssignmentKind.INSPECTOR_INSTITUTION


@dataclass(frozen=True)
class Gap:
    kind: str
    """no_staff, no_inspector, staff_overload, inspector_load, letter_unsigned, teachers_uncovered,
    no_community_secretary, no_compound_patroller"""
    title: str
    subject: str
    detail: str


def _active(today: dt.date) -> ColumnElement[bool]:
    return or_(Assignment.ends_on.is_(None), Assignment.ends_on >= today)


def _names(session: Session, model: Any, ids: Sequence[int]) -> dict[int, str]:
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(list(ids)))).all())  # type: ignore[arg-type]


def _unassigned(kind: AssignmentKind, gap: str, title: str, detail: str, today: dt.date) -> Part[Gap]:
    held = exists(
        select(literal(1)).where(Assignment.institution_id == Institution.id, Assignment.kind == kind, _active(today))
    )
    return Part(
        lambda: (
            select(Institution.name)
            .where(Institution.status.in_(COVERED_STATUSES), ~held)
            .order_by(Institution.sort_name, Institution.id)
        ),
        lambda _s, rows: [Gap(gap, title, row.name, detail) for row in rows],
    )


def _loads(kind: AssignmentKind, today: dt.date, outside: Any) -> Any:
    load = func.count().label("load")
    return (
        select(Assignment.person_id, load)
        .where(Assignment.kind == kind, _active(today))
        .group_by(Assignment.person_id)
        .having(outside(func.count()))
        .order_by(Assignment.person_id)
    )


def _places_uncovered(settings: opts.Settings, today: dt.date) -> list[Part[Gap]]:
    """Communities nobody patrols as their secretary, and compounds nobody patrols as secretary or grid worker."""
    parts: list[Part[Gap]] = []
    if settings.get(opts.CHECK_COMMUNITIES):
        secretary = exists(
            select(literal(1)).where(
                Assignment.community_id == Community.id,
                Assignment.kind == AssignmentKind.COMMUNITY_PATROL,
                _active(today),
            )
        )
        parts.append(
            Part(
                lambda: (
                    select(Township.name.label("township"), Community.name)
                    .join(Township, Community.township_id == Township.id)
                    .where(~secretary)
                    .order_by(Township.name, Community.name, Community.id)
                ),
                lambda _s, rows: [
                    Gap(
                        "no_community_secretary",
                        "社区无包保社区书记",
                        f"{r.township}{r.name}",
                        "尚未指定包保该社区的社区书记",
                    )
                    for r in rows
                ],
            )
        )
    if settings.get(opts.CHECK_COMPOUNDS):
        patroller = exists(
            select(literal(1)).where(
                Assignment.compound_id == Compound.id,
                Assignment.kind == AssignmentKind.COMPOUND_PATROL,
                _active(today),
            )
        )
        parts.append(
            Part(
                lambda: (
                    select(Community.name.label("community"), Compound.name)
                    .join(Community, Compound.community_id == Community.id)
                    .where(~patroller)
                    .order_by(Community.name, Compound.name, Compound.id)
                ),
                lambda _s, rows: [
                    Gap(
                        "no_compound_patroller",
                        "小区无小区书记或网格员",
                        f"{r.community}{r.name}",
                        "尚未指定包保该小区的小区书记或网格员",
                    )
                    for r in rows
                ],
            )
        )
    return parts


def gap_parts(settings: opts.Settings, today: dt.date) -> list[Part[Gap]]:
    staff_max = settings.get(opts.STAFF_MAX_INSTITUTIONS)
    low, high = settings.get(opts.INSPECTOR_MIN_INSTITUTIONS), settings.get(opts.INSPECTOR_MAX_INSTITUTIONS)

    def overloaded(session: Session, rows: Sequence[Row[Any]]) -> list[Gap]:
        names = _names(session, Person, [r.person_id for r in rows])
        return [
            Gap("staff_overload", "包保机构过多", names[r.person_id], f"包保{r.load}家机构，超过{staff_max}家")
            for r in rows
        ]

    def out_of_range(session: Session, rows: Sequence[Row[Any]]) -> list[Gap]:
        names = _names(session, Person, [r.person_id for r in rows])
        return [
            Gap("inspector_load", "督学挂牌数不在范围内", names[r.person_id], f"挂牌{r.load}家机构，应为{low}-{high}家")
            for r in rows
        ]

    def unsigned(session: Session, rows: Sequence[Row[Any]]) -> list[Gap]:
        people = _names(session, Person, [r.person_id for r in rows])
        schools = _names(session, School, [r.school_id for r in rows])
        return [
            Gap(
                "letter_unsigned",
                "校长责任书未签订",
                people[r.person_id],
                f"{schools.get(r.school_id, '')}校长尚未签订责任书",
            )
            for r in rows
        ]

    def uncovered(session: Session, rows: Sequence[Row[Any]]) -> list[Gap]:
        counts = dict(
            session.execute(
                select(Teacher.school_id, func.count())
                .where(Teacher.school_id.in_([r.id for r in rows]))
                .group_by(Teacher.school_id)
            ).all()
        )
        return [
            Gap(
                "teachers_uncovered",
                "在职教师无人包保",
                r.name,
                f"{counts.get(r.id, 0)}名在职教师所在学校未指定包保校长",
            )
            for r in rows
        ]

    principal = exists(
        select(literal(1)).where(
            Assignment.school_id == School.id,
            Assignment.kind == AssignmentKind.PRINCIPAL_TEACHERS,
            _active(today),
        )
    )
    taught = exists(select(literal(1)).where(Teacher.school_id == School.id))
    return [
        _unassigned(STAFF, "no_staff", "机构无包保人员", "尚未指定局机关包保工作人员", today),
        _unassigned(INSPECTOR, "no_inspector", "机构无责任督学", "尚未挂牌责任督学", today),
        Part(lambda: _loads(STAFF, today, lambda n: n > staff_max), overloaded),
        Part(lambda: _loads(INSPECTOR, today, lambda n: ~n.between(low, high)), out_of_range),
        Part(
            lambda: (
                select(Assignment.person_id, Assignment.school_id)
                .where(
                    Assignment.kind == AssignmentKind.PRINCIPAL_TEACHERS,
                    _active(today),
                    Assignment.letter_signed_on.is_(None),
                )
                .order_by(Assignment.id)
            ),
            unsigned,
        ),
        Part(lambda: select(School.id, School.name).where(~principal, taught).order_by(School.id), uncovered),
        *_places_uncovered(settings, today),
    ]


GAP_TITLES = (
    "机构无包保人员",
    "机构无责任督学",
    "包保机构过多",
    "督学挂牌数不在范围内",
    "校长责任书未签订",
    "在职教师无人包保",
)
"""The kinds of gap, in the order of ``gap_parts``."""


class CoverageGaps(PartList[Gap]):
    """Every gap, paged: counts by SQL aggregates, rows a page at a time."""

    def __init__(self, store: Store, settings: opts.Settings, today: dt.date | None = None) -> None:
        super().__init__(store, lambda: gap_parts(settings, today or dt.date.today()))

    def summary(self) -> list[tuple[str, int]]:
        """(kind of gap, how many), every kind, in the list's order."""
        counts = self.counts()
        titles = [*GAP_TITLES, *(f"其他缺口（{i}）" for i in range(1, len(counts) - len(GAP_TITLES) + 1))]
        return list(zip(titles, counts, strict=False))


def coverage_gaps(store: Store, settings: opts.Settings, today: dt.date | None = None) -> list[Gap]:
    """Every gap as a list (the supervision report prints them all)."""
    return CoverageGaps(store, settings, today).all()
