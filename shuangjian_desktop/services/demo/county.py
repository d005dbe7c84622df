"""Build the demo county 示范县 in an empty database, shaped like the 洪雅县 "四包" case in the seeds:
57 institutions, 47 bureau staff holding 1-2 each, 32 principals with their schools and teachers, 6 community
secretaries, 286 compound secretaries or grid workers, 8 supervising inspectors; conversions, deregistrations,
tickets, inspections and notices spread over the 12 months before ``today``. Same seed and day, same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import (
    AssignmentKind,
    Category,
    ChangeKind,
    Mode,
    NonSubjectArea,
    PersonRole,
    ProfitStatus,
    RiskGrade,
    SchoolStage,
    Status,
)
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.services.demo import activity, supervision
from shuangjian_desktop.services.demo import campaigns as demo_campaigns
from shuangjian_desktop.services.demo import names as n
from shuangjian_desktop.services.demo.accounts import add_demo_accounts
from shuangjian_desktop.services.institutions.sheet import follow_change, institution_search_key
from shuangjian_desktop.services.people.keys import person_search_text, school_search_text, teacher_search_text
from shuangjian_desktop.store.models import (
    Assignment,
    BureauProfile,
    Community,
    Compound,
    Institution,
    Person,
    PersonRoleRow,
    School,
    StatusChange,
    Teacher,
    Township,
)
from shuangjian_desktop.store.uow import Store

DEMO_USER = "演示数据"
INSTITUTIONS = 57
STAFF = 47
PRINCIPALS = 32
COMMUNITY_SECRETARIES = 6
COMPOUNDS = 286
INSPECTOR_LOADS = (9, 8, 7, 7, 7, 7, 6, 5)  # 56 of 57: one institution left without an inspector, one light load


@dataclass(frozen=True)
class DemoSummary:
    institutions: int
    staff: int
    principals: int
    teachers: int
    community_secretaries: int
    compound_patrollers: int
    inspectors: int
    status_changes: int
    tickets: int
    inspections: int
    notices: int


class DatabaseNotEmpty(DomainError):
    def __init__(self) -> None:
        super().__init__("数据库中已有机构数据，演示数据只能载入空数据库（为保护现有数据未作任何改动）。")


def load_demo_county(
    store: Store, *, seed: int = 20211, today: dt.date | None = None, user: str = DEMO_USER
) -> DemoSummary:
    """Fill an empty database with the demo county, in one transaction; its three accounts come with it when the
    database has none yet (else ``user`` must be an account allowed to import)."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    with store.read() as uow:
        if uow.session.scalar(select(func.count()).select_from(Institution)):
            raise DatabaseNotEmpty
    with store.write(user, Action.IMPORT) as uow:
        session = uow.session
        if session.scalar(select(func.count()).select_from(Institution)):
            raise DatabaseNotEmpty
        add_demo_accounts(session)
        session.add(
            BureauProfile(
                id=1,
                county="示范县",
                unit_name="示范县教育和体育局",
                person_in_charge="周建华",
                contact="李晓燕",
                contact_phone="0833-5550101",
                doc_prefix_rectification="示教体整改",
                doc_prefix_stop="示教体停办",
                baseline_on=dt.date(2021, 7, 24),
            )
        )
        communities, compounds = _places(session, rng)
        institutions = _institutions(session, rng, communities, today)
        changes = _status_changes(session, rng, institutions, today)
        people = _people(session, rng, institutions, communities, compounds, today)
        teachers = _schools(session, rng, people["principal"], [c.township for c in communities], today)
        session.flush()
        tickets, inspections, notices = activity.generate(session, rng, today, institutions, people, DEMO_USER)
        session.flush()
        demo_campaigns.generate(session, today, institutions)
        session.flush()
        supervision.generate(session, seed, today, institutions, DEMO_USER)
        uow.commit()
    return DemoSummary(
        institutions=len(institutions),
        staff=len(people["staff"]),
        principals=len(people["principal"]),
        teachers=teachers,
        community_secretaries=len(people["community"]),
        compound_patrollers=len(people["compound"]),
        inspectors=len(people["inspector"]),
        status_changes=changes,
        tickets=tickets,
        inspections=inspections,
        notices=notices,
    )


def _places(session: Session, rng: random.Random) -> tuple[list[Community], list[Compound]]:
    communities: list[Community] = []
    for name in n.TOWNSHIPS:
        township = Township(name=name)
        session.add(township)
        words = n.CITY_COMMUNITIES if name == "城关镇" else n.VILLAGE_COMMUNITY_WORDS[: rng.choice((1, 2, 3))]
        for word in words:
            short = name.removesuffix("镇").removesuffix("乡").removesuffix("街道")
            community_name = word if name == "城关镇" else short + word
            community = Community(township=township, name=community_name)
            session.add(community)
            communities.append(community)
    compounds: list[Compound] = []
    used: set[tuple[int, str]] = set()
    city = communities[:6]
    while len(compounds) < COMPOUNDS:
        community = rng.choice(city) if rng.random() < 0.8 else rng.choice(communities)
        name = rng.choice(n.COMPOUND_STEMS) + rng.choice(n.COMPOUND_WORDS)
        if (id(community), name) in used:
            continue
        used.add((id(community), name))
        compound = Compound(community=community, name=name)
        session.add(compound)
        compounds.append(compound)
    return communities, compounds


def _institutions(
    session: Session, rng: random.Random, communities: list[Community], today: dt.date
) -> list[Institution]:
    institutions: list[Institution] = []
    brands = list(n.BRANDS)
    rng.shuffle(brands)
    for i in range(INSTITUTIONS):
        subject = i < 16  # 16 for-profit subject institutions at the baseline, as in a small county
        area = None if subject else rng.choice(list(NonSubjectArea))
        word = rng.choice(n.SUBJECT_WORDS) if subject else rng.choice(n.AREA_WORDS[area.value])
        unlicensed = not subject and i >= INSTITUTIONS - 3
        non_profit = not subject and rng.random() < 0.15
        suffix = "培训中心" if unlicensed else ("培训学校" if non_profit else "培训学校有限公司")
        community = rng.choice(communities[:6]) if rng.random() < 0.75 else rng.choice(communities)
        inst = Institution(
            name=f"示范县{brands[i]}{word}{suffix}",
            credit_code=None if unlicensed else n.credit_code(rng, non_profit=non_profit),
            licence_no=None if unlicensed else f"教民5101993{rng.randrange(10**7):07d}号",
            category=Category.SUBJECT if subject else Category.NON_SUBJECT,
            area=area,
            mode=Mode.ONLINE if rng.random() < 0.05 else Mode.OFFLINE,
            profit_status=ProfitStatus.NON_PROFIT if non_profit else ProfitStatus.FOR_PROFIT,
            status=Status.UNLICENSED if unlicensed else Status.OPERATING,
            address=f"{community.township.name}{rng.choice(n.STREETS)}{rng.randrange(1, 300)}号",
            community=community,
            legal_rep=n.person_name(rng),
            phone=n.mobile(rng),
            students=0 if unlicensed else rng.randrange(20, 400),
            prepaid_balance_cents=0 if unlicensed else rng.randrange(0, 300) * 100_00,
            fund_supervised=not unlicensed and rng.random() < 0.85,
            risk_grade=rng.choices(list(RiskGrade), weights=(50, 30, 15, 5))[0],
            blacklisted=unlicensed and i == INSTITUTIONS - 1,
            created_at=dt.datetime(2021, 3, 1) + dt.timedelta(days=rng.randrange(120)),
        )
        inst.search_key = institution_search_key(inst)
        session.add(inst)
        institutions.append(inst)
    return institutions


def _status_changes(session: Session, rng: random.Random, institutions: list[Institution], today: dt.date) -> int:
    """Of the 16 subject institutions: 9 to non-subject, 5 deregistered, 1 to non-profit, 1 still for-profit
    subject; two non-subject ones suspended (one since resumed). Dates within the last 12 months."""
    plan = [ChangeKind.TO_NON_SUBJECT] * 9 + [ChangeKind.DEREGISTERED] * 5 + [ChangeKind.TO_NON_PROFIT]
    changes = [(institutions[i], [kind]) for i, kind in enumerate(plan)]
    changes += [
        (institutions[20], [ChangeKind.SUSPENDED]),
        (institutions[21], [ChangeKind.SUSPENDED, ChangeKind.RESUMED]),
    ]
    count = 0
    for seq, (inst, kinds) in enumerate(changes, start=1):
        day = today - dt.timedelta(days=rng.randrange(20, 360))
        for kind in kinds:
            session.add(
                StatusChange(
                    institution=inst,
                    kind=kind,
                    effective_on=day,
                    approved_on=day - dt.timedelta(days=3),
                    doc_number=f"示教体审〔{day.year}〕{seq}号",
                    note=None,
                )
            )
            follow_change(inst, kind)
            day = min(today, day + dt.timedelta(days=rng.randrange(15, 40)))
            count += 1
    return count


def _person(
    session: Session, rng: random.Random, used: set[str], roles: list[PersonRole], unit: str, title: str
) -> Person:
    person = Person(name=n.person_name(rng, used), phone=n.mobile(rng), unit=unit, title=title)
    person.role_rows = [PersonRoleRow(role=r) for r in roles]
    person.search_key = person_search_text(person.name, unit, person.phone)
    session.add(person)
    return person


def _people(
    session: Session,
    rng: random.Random,
    institutions: list[Institution],
    communities: list[Community],
    compounds: list[Compound],
    today: dt.date,
) -> dict[str, list[Person]]:
    used: set[str] = set()
    start = today - dt.timedelta(days=365)
    offices = ("基础教育股", "职成教股", "政策法规股", "督导室", "办公室", "计财股", "人事股", "体卫艺股", "安全稳定股")
    staff = [
        _person(
            session,
            rng,
            used,
            [PersonRole.STAFF],
            f"示范县教育和体育局{rng.choice(offices)}",
            rng.choice(("科员", "副股长", "股长", "干部")),
        )
        for _ in range(STAFF)
    ]
    # 47 staff for 57 institutions: ten hold two, the rest one.
    holders = staff + staff[: INSTITUTIONS - STAFF]
    for person, inst in zip(holders, institutions, strict=True):
        session.add(
            Assignment(
                kind=AssignmentKind.STAFF_INSTITUTION,
                person=person,
                institution=inst,
                starts_on=start,
                letter_signed_on=start + dt.timedelta(days=rng.randrange(1, 10)),
            )
        )
    inspectors = [
        _person(session, rng, used, [PersonRole.INSPECTOR], "示范县人民政府教育督导室", "责任督学")
        for _ in INSPECTOR_LOADS
    ]
    pool = list(institutions)
    rng.shuffle(pool)
    for person, load in zip(inspectors, INSPECTOR_LOADS, strict=True):
        for inst in [pool.pop() for _ in range(load)]:
            session.add(
                Assignment(kind=AssignmentKind.INSPECTOR_INSTITUTION, person=person, institution=inst, starts_on=start)
            )
    community_people = []
    for community in communities[:COMMUNITY_SECRETARIES]:
        person = _person(session, rng, used, [PersonRole.COMMUNITY_SECRETARY], f"城关镇{community.name}", "党委书记")
        session.add(
            Assignment(
                kind=AssignmentKind.COMMUNITY_PATROL,
                person=person,
                community=community,
                starts_on=start,
                letter_signed_on=start + dt.timedelta(days=5),
            )
        )
        community_people.append(person)
    compound_people = []
    for i, compound in enumerate(compounds):
        role = PersonRole.COMPOUND_SECRETARY if i % 3 else PersonRole.GRID_WORKER
        person = _person(session, rng, used, [role], compound.community.name, role.label)
        session.add(Assignment(kind=AssignmentKind.COMPOUND_PATROL, person=person, compound=compound, starts_on=start))
        compound_people.append(person)
    principals = [_person(session, rng, used, [PersonRole.PRINCIPAL], "", "校长") for _ in range(PRINCIPALS)]
    return {
        "staff": staff,
        "inspector": inspectors,
        "community": community_people,
        "compound": compound_people,
        "principal": principals,
    }


def _schools(
    session: Session, rng: random.Random, principals: list[Person], townships: list[Township], today: dt.date
) -> int:
    teachers = 0
    start = today - dt.timedelta(days=365)
    used_ids: set[str] = set()
    for i, principal in enumerate(principals):
        stem = n.SCHOOL_STEMS[i % len(n.SCHOOL_STEMS)]
        stage = SchoolStage.PRIMARY if i < 20 else (SchoolStage.JUNIOR if i < 29 else SchoolStage.NINE_YEAR)
        name = f"示范县{stem}{'小学' if stage is SchoolStage.PRIMARY else '中学'}"
        if i >= len(n.SCHOOL_STEMS):
            name = f"示范县{stem}{'小学' if stage is SchoolStage.PRIMARY else '初级中学'}"
        township = rng.choice(townships)
        school = School(
            name=name,
            stage=stage,
            township=township,
            address=f"{township.name}{rng.choice(n.STREETS)}{i + 1}号",
            phone=f"0833-555{rng.randrange(10000):04d}",
        )
        school.search_key = school_search_text(school.name, school.address)
        session.add(school)
        principal.unit = name
        signed = None if i in (5, 17, 30) else start + dt.timedelta(days=rng.randrange(1, 20))
        session.add(
            Assignment(
                kind=AssignmentKind.PRINCIPAL_TEACHERS,
                person=principal,
                school=school,
                starts_on=start,
                letter_signed_on=signed,
            )
        )
        for _ in range(rng.randrange(14, 38)):
            number = n.id_number(rng)
            if number in used_ids:
                continue
            used_ids.add(number)
            teacher = Teacher(
                name=n.person_name(rng),
                id_number=number,
                school=school,
                subject=rng.choice(n.SUBJECTS),
                phone=n.mobile(rng),
                pledge_signed=signed is not None and rng.random() < 0.97,
                moonlighting=rng.random() < 0.004,
            )
            teacher.search_key = teacher_search_text(teacher.name, teacher.subject)
            session.add(teacher)
            teachers += 1
    return teachers
