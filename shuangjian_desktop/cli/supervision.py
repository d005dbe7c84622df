"""The command line's supervision commands (issue 16): campaign list/report, report patrol, risk, and the public
lists' export blacklist/whitelist; each prints what it did in Chinese and raises DomainError for the user's mistakes."""

from __future__ import annotations

import argparse
import sys

from shuangjian_desktop.domain.access import NotPermitted
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.public_lists import ListKind
from shuangjian_desktop.services.supervised import parse_month
from shuangjian_desktop.services.workspace import Workspace


def run_campaign(workspace: Workspace, args: argparse.Namespace, user: str) -> str:
    service = workspace.campaigns
    if args.action == "list":
        found = service.listing()
        return "\n".join(found) if found else "还没有专项行动"
    if not args.name or args.out is None:
        raise DomainError("campaign report 须给出专项行动的名称和 --out 报告保存位置")
    figures = service.export_report(service.campaign_named(args.name), args.out, user)
    return f"已导出专项行动“{figures.name}”工作情况（检查{len(figures.lines)}次）：{args.out}"


PUBLIC_LISTS = {"blacklist": ListKind.BLACK, "whitelist": ListKind.WHITE}


def run_supervision(workspace: Workspace, args: argparse.Namespace, user: str) -> bool:
    """The supervision commands; False when ``args`` is none of them."""
    desk = workspace.supervision
    if args.command == "report" and args.kind == "patrol":
        if not args.month:
            raise DomainError("巡查计划表须用 --month 指定月份，如 --month 2026-11")
        year, month = parse_month(args.month)
        label = f"{year:04d}-{month:02d}"
        if args.make_plan and desk.plan_id(year, month) is None:
            made = desk.make_plan(year, month, user)
            print(made.regraded)
            print(made.summary())
        rows = desk.export_patrol(year, month, args.out, user)
        figures, how = desk.plan_summary(year, month)
        if figures is not None:
            print(figures.sentence(label))
        print(f"已导出{label}巡查计划表（{rows}行；{how}）：{args.out}")
        return True
    if args.command == "risk":
        if not args.no_grade:
            try:
                print(desk.grade_all(user).summary())
            except NotPermitted as refused:
                print(f"注意：{refused}导出的是现有等级。", file=sys.stderr)
        rows = desk.export_risk(args.out, user)
        print(f"已导出风险分级表{rows}家机构：{args.out}")
        return True
    if args.command == "export" and args.ledger in PUBLIC_LISTS:
        kind = PUBLIC_LISTS[args.ledger]
        rows = desk.publish(kind, args.out, user, pdf=True if args.pdf else None)
        shape = "PDF" if args.pdf or args.out.suffix.lower() == ".pdf" else "表格"
        print(f"已导出{kind.label}公示{shape}（{rows}家）：{args.out}")
        return True
    return False
