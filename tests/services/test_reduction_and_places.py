"""The reduction counts an institution converted and later deregistered once and says so; institutions registered
after the baseline date are not in the baseline; a new running for-profit subject institution needs its
registration date; a misspelt township never makes a new one; communities and compounds without their patrol
are coverage gaps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.access import Action
from shuangjian_desktop.domain.enums import AssignmentKind, ChangeKind
from shuangjian_desktop.domain.errors import RecordRejected
from shuangjian_desktop.services.assignments.coverage import CoverageGaps
from shuangjian_desktop.services.importing import ImportRejected
from shuangjian_desktop.services.monthly_return import build_return
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.models import Assignment, Community, Compound, Institution, StatusChange, Township
from tests.sheets import INSTITUTION_HEADERS, credit_code, institution_row, write_sheet

BASELINE = dt.date(2021, 7, 24)
HEADERS = [*INSTITUTION_HEADERS, "成立日期"]


def sheet(tmp_path: Path, name: str, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    return write_sheet(tmp_path / name, headers, rows)


def subject(n: int, registered: object = None, **overrides: object) -> list[object]:
    return [*institution_row(n, 类别="学科类", 非学科类别=None, **overrides), registered]


def changes(workspace: Workspace, tmp_path: Path, rows: list[list[object]]) -> None:
    path = write_sheet(tmp_path / "c.xlsx", ["统一社会信用代码", "变更类型", "生效日期", "文号"], rows)
    workspace.imports.run("status-changes", path, user="t")


def test_converted_then_deregistered_is_reduced_once_and_the_return_says_why(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [subject(n, dt.date(2019, 3, 1)) for n in (1, 2, 3)]
    workspace.imports.run("institutions", sheet(tmp_path, "i.xlsx", rows), user="t")
    changes(
        workspace,
        tmp_path,
        [
            [credit_code(1), "学改非", "2026-10-05", "示教体审〔2026〕1号"],
            [credit_code(1), "注销", "2026-10-25", "示教体审〔2026〕2号"],
            [credit_code(2), "注销", "2026-10-10", "示教体审〔2026〕3号"],
        ],
    )
    _baseline, figures = workspace.reduction(dt.date(2026, 10, 31))
    assert (figures.baseline, figures.to_non_subject, figures.deregistered, figures.both) == (3, 1, 2, 1)
    assert figures.reduction_count == 2 and "1 + 2 − 1 = 2" in figures.explanation()
    values = build_return(workspace.store, "2026-10", BASELINE).values
    assert (values["to_non_subject_total"], values["deregistered_total"], values["reduction_overlap"]) == (1, 2, 1)
    assert values["reduction_count"] == 2
    assert values["reduction_count"] == values["to_non_subject_total"] + values["deregistered_total"] - 1


def test_institutions_registered_after_the_baseline_date_are_not_in_it(workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        subject(1, dt.date(2019, 3, 1)),
        subject(2, "2021.07.24"),
        subject(3),  # no date: taken as registered before (and listed in the report)
        [*institution_row(4, 类别="学科类", 非学科类别=None, 营利性质="非营利性"), "2023年5月1日"],
    ]
    report = workspace.imports.run("institutions", sheet(tmp_path, "i.xlsx", rows), user="t")
    assert any("没有登记日期" in note and "第3培训学校" in note for note in report.notes)
    with workspace.store.read() as uow:
        dates = dict(uow.session.execute(select(Institution.credit_code, Institution.registered_on)).all())
    assert dates[credit_code(2)] == dt.date(2021, 7, 24) and dates[credit_code(4)] == dt.date(2023, 5, 1)
    assert workspace.reduction()[1].baseline == 3
    # an institution registered after the baseline and changed since (the path that undoes later changes)
    with workspace.store.write("t", Action.EDIT_LEDGERS) as uow:
        late = uow.session.scalar(select(Institution).where(Institution.credit_code == credit_code(3)))
        late.registered_on = dt.date(2022, 1, 1)
        uow.commit()
    changes(
        workspace, tmp_path, [[credit_code(3), "注销", "2026-10-10", ""], [credit_code(1), "注销", "2026-10-11", ""]]
    )
    figures = workspace.reduction(dt.date(2026, 10, 31))[1]
    assert (figures.baseline, figures.deregistered) == (2, 1)


def test_a_new_running_for_profit_subject_institution_needs_its_registration_date(
    workspace: Workspace, tmp_path: Path
) -> None:
    late = sheet(tmp_path, "late.xlsx", [subject(1, "2024-09-01"), subject(2, "2018-09-01")])
    with pytest.raises(ImportRejected, match="第2行 营利性质：登记日期2024-09-01在2021年7月24日之后"):
        workspace.imports.run("institutions", late, user="t")
    register = workspace.registers.institutions
    form = {
        "name": "示范县新开学科培训学校有限公司",
        "credit_code": credit_code(7),
        "category": "学科类",
        "profit_status": "营利性",
    }
    with pytest.raises(RecordRejected, match="中办发〔2021〕40号") as refused:
        register.save(None, form, "t")
    assert refused.value.problems[0].field == "营利性质"
    with pytest.raises(RecordRejected, match="登记日期2022-03-01在2021年7月24日之后"):
        register.save(None, {**form, "registered_on": "2022-03-01"}, "t")
    saved = register.save(None, {**form, "registered_on": "2020-03-01"}, "t")
    assert register.load(saved)["registered_on"] == "2020-03-01"
    allowed = ({"status": "无证机构"}, {"profit_status": "非营利性"}, {"category": "非学科类", "area": "体育"})
    for n, change in enumerate(allowed, start=20):
        register.save(None, {**form, "credit_code": credit_code(n), "name": f"示范县第{n}培训学校", **change}, "t")
    register.save(saved, {**register.load(saved), "phone": "13812345678"}, "t")  # editing it asks nothing again


def test_a_misspelt_township_never_makes_a_new_one(workspace: Workspace, tmp_path: Path) -> None:
    rows = [institution_row(1), institution_row(2, **{"乡镇（街道）": "新华镇"})]
    first = sheet(tmp_path, "first.xlsx", rows, INSTITUTION_HEADERS)
    workspace.imports.run("institutions", first, user="t")  # a county with no townships yet: made
    with workspace.store.read() as uow:
        assert set(uow.session.scalars(select(Township.name))) == {"城关镇", "新华镇"}
    typo = sheet(tmp_path, "typo.xlsx", [institution_row(3, **{"乡镇（街道）": "城关真"})], INSTITUTION_HEADERS)
    with pytest.raises(ImportRejected) as rejected:
        workspace.imports.run("institutions", typo, user="t")
    assert "第2行 乡镇（街道）：“城关真”不是本县已有的乡镇（街道），是否为：城关镇？" in str(rejected.value)
    register = workspace.registers.institutions
    form = {"name": "示范县某培训学校", "credit_code": credit_code(9), "category": "非学科类", "area": "体育"}
    with pytest.raises(RecordRejected, match="是否为：新华镇") as refused:
        register.save(None, {**form, "profit_status": "营利性", "township": "新华", "community": "新华社区"}, "t")
    assert refused.value.problems[0].field == "乡镇（街道）"
    register.save(None, {**form, "profit_status": "营利性", "township": "新华镇", "community": "河坝社区"}, "t")
    schools = workspace.registers.schools
    with pytest.raises(RecordRejected, match="城关镇"):
        schools.save(None, {"name": "示范县实验小学", "stage": "小学", "township": "城关"}, "t")
    with workspace.store.read() as uow:
        assert set(uow.session.scalars(select(Township.name))) == {"城关镇", "新华镇"}
        # a new community under a known township is fine
        assert uow.session.scalar(select(func.count()).select_from(Community)) == 3


def test_communities_and_compounds_without_their_patrol_are_gaps(demo_workspace: Workspace) -> None:
    gaps = CoverageGaps(demo_workspace.store, demo_workspace.settings)
    found = gaps.all()
    with demo_workspace.store.read() as uow:
        session = uow.session
        communities = session.scalar(select(func.count()).select_from(Community))
        patrolled = session.scalar(
            select(func.count(func.distinct(Assignment.community_id))).where(
                Assignment.kind == AssignmentKind.COMMUNITY_PATROL
            )
        )
        compound = session.scalar(select(Compound).order_by(Compound.id).limit(1))
        compound_name = compound.name
    by_kind = {g.kind for g in found}
    community_gaps = [g for g in found if g.kind == "no_community_secretary"]
    assert communities == 22 and patrolled == 6 and len(community_gaps) == 16
    assert "no_compound_patroller" not in by_kind  # every demo compound has its secretary or grid worker
    # a compound whose patroller leaves becomes a gap; the count is an SQL aggregate, pages come a page at a time
    with demo_workspace.store.write("李晓燕", Action.EDIT_LEDGERS) as uow:
        for a in uow.session.scalars(select(Assignment).where(Assignment.compound_id == compound.id)):
            a.ends_on = dt.date(2026, 11, 1)
        uow.commit()
    gaps.reload()
    compound_gaps = [g for g in gaps.all() if g.kind == "no_compound_patroller"]
    assert [g.subject.endswith(compound_name) for g in compound_gaps] == [True]
    assert len(gaps.page(0, 5)) == 5 and gaps.count() == len(gaps.all())
    # a county that does not use community or compound patrols switches the checks off
    settings = opts.Settings(values={opts.CHECK_COMMUNITIES.key: False, opts.CHECK_COMPOUNDS.key: False})
    assert not {"no_community_secretary", "no_compound_patroller"} & {
        g.kind for g in CoverageGaps(demo_workspace.store, settings).all()
    }
    attention = demo_workspace.attention()
    attention.reload()
    assert sum(1 for a in attention.all() if a.category == "社区无包保社区书记") == 16


def test_stop_notices_change_in_the_ledger_carry_their_number(demo_workspace: Workspace) -> None:
    with demo_workspace.store.read() as uow:
        suspensions = list(uow.session.scalars(select(StatusChange).where(StatusChange.kind == ChangeKind.SUSPENDED)))
    assert any((s.doc_number or "").startswith("示教体停办") for s in suspensions)
