"""Inspections and notices: what is recorded, numbers that never repeat or skip (even from two processes at
once), the notice's life through re-inspection and escalation, and the printed notice read back."""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from shuangjian_desktop.domain.doc_number import parse_doc_number
from shuangjian_desktop.domain.enums import InspectionResult, Method, NoticeKind, NoticeStatus, Status
from shuangjian_desktop.domain.errors import DomainError, RecordRejected
from shuangjian_desktop.services.inspections.service import InspectionInput
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.store.location import location_text
from shuangjian_desktop.store.models import Attachment, Inspection, Institution, Notice, Person


def basics(workspace: Workspace) -> tuple[int, list[int]]:
    with workspace.store.read() as uow:
        inst = uow.session.scalar(select(Institution.id).where(Institution.status == Status.OPERATING))
        people = list(uow.session.scalars(select(Person.id).order_by(Person.id).limit(2)))
    return inst, people


def record(workspace: Workspace, **changes: object) -> int:
    inst, people = basics(workspace)
    values: dict = {
        "institution_id": inst,
        "started_at": dt.datetime(2026, 11, 18, 19, 10),
        "method": Method.UNANNOUNCED,
        "inspector_ids": people,
        "result": InspectionResult.RECTIFY,
        "aspects": {"fees": (False, "一次性收取6个月费用"), "hours": (False, "")},
        "rule_codes": ["I12", "I18"],
    }
    values.update(changes)
    return workspace.inspections.record(InspectionInput(**values), "李晓燕")


def test_an_inspection_with_its_aspects_rules_and_attachments(demo_workspace: Workspace, tmp_path: Path) -> None:
    photo = tmp_path / "..\\..\\现场照片.JPG"
    photo.write_bytes(b"\xff\xd8 fake jpeg")
    inspection_id = record(demo_workspace, attachments=[photo])
    with demo_workspace.store.read() as uow:
        inspection = uow.session.get(Inspection, inspection_id)
        assert inspection.key_hours and inspection.holiday_training_found
        assert {a.aspect: a.passed for a in inspection.aspects}["fees"] is False
        assert len(inspection.aspects) == 7 and {v.rule_code for v in inspection.violations} == {"I12", "I18"}
        assert inspection.findings == "收费方面：一次性收取6个月费用"  # what was found, in the clerk's words
        attachment = uow.session.scalar(select(Attachment).where(Attachment.owner_id == inspection_id))
    assert attachment.original_name == "现场照片.JPG" and attachment.stored_name.endswith(".jpg")
    stored = demo_workspace.inspections.attachments_dir / attachment.stored_name
    assert stored.read_bytes() == b"\xff\xd8 fake jpeg" and stored.parent == demo_workspace.inspections.attachments_dir


def test_inconsistent_records_are_refused(demo_workspace: Workspace) -> None:
    with pytest.raises(RecordRejected) as rejected:
        record(demo_workspace, result=InspectionResult.PASSED, inspector_ids=[], rule_codes=["I99"])
    text = str(rejected.value)
    assert "检查人员" in text and "I99" in text and "不能为“合格”" in text


def test_numbers_run_per_prefix_and_year_without_gaps(demo_workspace: Workspace) -> None:
    service = demo_workspace.inspections
    numbers = [
        parse_doc_number(
            demo_workspace.registers.notices.load_number(
                service.issue(
                    record(demo_workspace), NoticeKind.RECTIFICATION, 15, "李晓燕", issued_on=dt.date(2027, 1, 5)
                )
            )
        )
        for _ in range(3)
    ]
    assert [n.seq for n in numbers] == [1, 2, 3] and {n.year for n in numbers} == {2027}
    stop = parse_doc_number(
        demo_workspace.registers.notices.load_number(
            service.issue(
                record(demo_workspace), NoticeKind.STOP_OPERATION, 30, "李晓燕", issued_on=dt.date(2027, 1, 6)
            )
        )
    )
    assert stop.prefix == "示教体停办" and stop.seq == 1


def _issue_many(db: str, inspection_id: int, count: int, queue: mp.Queue) -> None:
    """A writer straight on the database (on a file: below the one-window lock; on a server: a second clerk's
    PC): the numbering must hold even then."""
    from shuangjian_desktop.services.inspections.service import InspectionService
    from shuangjian_desktop.store.engine import make_engine
    from shuangjian_desktop.store.location import parse_location
    from shuangjian_desktop.store.uow import Store

    store = Store(make_engine(parse_location(db)))
    service = InspectionService(store, Path(tempfile.mkdtemp()) / "attachments")
    for _ in range(count):
        queue.put(service.issue(inspection_id, NoticeKind.RECTIFICATION, 15, "李晓燕", issued_on=dt.date(2028, 3, 1)))
    store.dispose()


def test_two_processes_issuing_at_once_never_repeat_or_skip(demo_workspace: Workspace) -> None:
    inspection_id = record(demo_workspace)
    context = mp.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_issue_many, args=(location_text(demo_workspace.location), inspection_id, 8, queue))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    with demo_workspace.store.read() as uow:
        numbers = sorted(
            parse_doc_number(n).seq
            for n in uow.session.scalars(select(Notice.doc_number).where(Notice.issued_on == dt.date(2028, 3, 1)))
        )
    assert numbers == list(range(1, 17))


def test_a_notice_through_service_rectification_reinspection_and_escalation(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = demo_workspace.inspections
    notice_id = service.issue(
        record(demo_workspace, started_at=dt.datetime(2026, 10, 30, 19, 0)),
        NoticeKind.RECTIFICATION,
        15,
        "李晓燕",
        issued_on=dt.date(2026, 11, 1),
    )
    with pytest.raises(RecordRejected, match="签收人"):
        service.step(notice_id, "serve", "李晓燕", on=dt.date(2026, 11, 2))
    assert service.step(notice_id, "serve", "李晓燕", on=dt.date(2026, 11, 2), signer="李明") is NoticeStatus.SERVED
    assert service.step(notice_id, "rectifying", "李晓燕") is NoticeStatus.RECTIFYING
    assert notice_id in [f.notice_id for f in service.follow_ups(dt.date(2026, 11, 20))]
    reinspection = record(demo_workspace, method=Method.FOLLOW_UP, started_at=dt.datetime(2026, 11, 17, 10))
    with pytest.raises(RecordRejected, match="复查不合格须选择复查时的检查记录"):
        service.step(notice_id, "fail", "李晓燕")  # never a silent pick
    choices = [i for i, _label in service.reinspection_choices(notice_id)]
    assert choices[0] == reinspection and notice_id not in choices
    status = service.step(notice_id, "fail", "李晓燕", reinspection_id=reinspection)
    assert status is NoticeStatus.FAILED
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Notice, notice_id).reinspection_id == reinspection
    with pytest.raises(DomainError, match="不能“复查合格”"):
        service.step(notice_id, "pass", "李晓燕")
    # A failure while the stop-operation notice is issued (a crash, a full disk) leaves the old one as it was ...
    with monkeypatch.context() as patch:

        def broken(*_args: object, **_kwargs: object) -> None:
            raise OSError("断电")

        patch.setattr("shuangjian_desktop.services.inspections.notices.issue_notice", broken)
        with pytest.raises(OSError):
            service.escalate(notice_id, "李晓燕")
    with demo_workspace.store.read() as uow:
        assert uow.session.get(Notice, notice_id).status is NoticeStatus.FAILED
    stop_id = service.escalate(notice_id, "李晓燕")  # ... and the retry is not refused
    with demo_workspace.store.read() as uow:
        old, new = uow.session.get(Notice, notice_id), uow.session.get(Notice, stop_id)
        assert old.status is NoticeStatus.ESCALATED and old.escalated_to_id == stop_id
        assert old.served_on == dt.date(2026, 11, 2) and old.receipt_signer == "李明"
        assert new.kind is NoticeKind.STOP_OPERATION and new.status is NoticeStatus.ISSUED
        assert old.doc_number in new.items
    assert notice_id not in [f.notice_id for f in service.follow_ups(dt.date(2026, 11, 20))]


def test_a_passed_inspection_needs_no_notice(demo_workspace: Workspace) -> None:
    passed = record(demo_workspace, result=InspectionResult.PASSED, aspects={}, rule_codes=[])
    with pytest.raises(DomainError, match="无需下达"):
        demo_workspace.inspections.issue(passed, NoticeKind.RECTIFICATION, 15, "李晓燕")


def test_printed_notices_hold_number_institution_findings_and_deadline(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    service = demo_workspace.inspections
    ids = [
        service.issue(record(demo_workspace), NoticeKind.RECTIFICATION, 15, "李晓燕", issued_on=dt.date(2026, 11, 20)),
        service.issue(record(demo_workspace), NoticeKind.STOP_OPERATION, 30, "李晓燕", issued_on=dt.date(2026, 11, 20)),
    ]
    path = tmp_path / "通知书.pdf"
    assert service.print_notices(ids, path) == 2
    reader = PdfReader(path)
    assert all(
        abs(float(p.mediabox.width) - 595.28) < 1 and abs(float(p.mediabox.height) - 841.89) < 1 for p in reader.pages
    )
    text = "\n".join(p.extract_text() for p in reader.pages)
    with demo_workspace.store.read() as uow:
        notices = [uow.session.get(Notice, i) for i in ids]
        names = [n.institution.name for n in notices]
    for notice, name in zip(notices, names, strict=True):
        assert notice.doc_number in text and name in text
    assert "第12条“不得在公示的项目和标准外收取其他费用" in text.replace("\n", "")
    flat = text.replace("\n", "")
    assert "自收到本通知书之日起15日内" in flat and "自收到本通知书之日起30日内" in flat
    assert "限期整改通知书" in text and "停止办学通知书" in text and text.count("送达回执") == 2
    assert "— 1 —" in text
    used_fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0" or "/FontFile2" in font.get("/FontDescriptor", {}):
                used_fonts.add(str(font["/BaseFont"]))
            elif "/FontDescriptor" in font:
                assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
    assert used_fonts and all("+" in name for name in used_fonts)  # embedded subsets


def test_an_attachment_that_is_a_program_is_kept_but_never_opened(demo_workspace: Workspace, tmp_path: Path) -> None:
    disguised = tmp_path / "整改照片.jpg.exe"
    disguised.write_bytes(b"MZ\x90\x00 a program")
    named_like_a_scan = tmp_path / "扫描件.pdf"
    named_like_a_scan.write_bytes(b"MZ\x90\x00 another program")
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    inspection = record(demo_workspace, attachments=[disguised, named_like_a_scan, photo])
    files = demo_workspace.inspections.attachments_of(inspection)
    shown = {name: (path.suffix, safe) for name, path, safe in files}
    assert shown == {"整改照片.jpg.exe": (".bin", False), "扫描件.pdf": (".bin", False), "现场.jpg": (".jpg", True)}
    assert all(path.read_bytes()[:2] in (b"MZ", b"\xff\xd8") for _n, path, _s in files)  # kept, byte for byte
