"""Headless commands over the same services as the window: demo, import, import-template, export, check, report,
print (every official document), backup, restore.

Exit status: 0 success, 1 rejected input (Chinese messages on stderr), 2 usage errors, 3 an internal error (a
Chinese sentence on stderr, the traceback in the log, never on screen).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from shuangjian_desktop import APP_NAME, __version__, paths
from shuangjian_desktop.atomicfile import FileWriteError
from shuangjian_desktop.cli.server import DB_HELP, add_commands, location_of, open_workspace, server_check
from shuangjian_desktop.cli.server import run as run_server
from shuangjian_desktop.cli.supervision import PUBLIC_LISTS, run_campaign, run_supervision
from shuangjian_desktop.domain.errors import DomainError
from shuangjian_desktop.domain.values import parse_date
from shuangjian_desktop.logs import setup_logging
from shuangjian_desktop.services.accounts import verify_in_file
from shuangjian_desktop.services.backups import BackupService
from shuangjian_desktop.services.base.mapping import field_by_name
from shuangjian_desktop.services.connections import Location, ServerLocation
from shuangjian_desktop.services.health import check_database
from shuangjian_desktop.services.importing import ImportRejected
from shuangjian_desktop.services.ledgers import LEDGERS
from shuangjian_desktop.services.restore import RestoreService
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.settings import Settings
from shuangjian_desktop.store.access import accounts_in_file
from shuangjian_desktop.store.backup import verify_backup
from shuangjian_desktop.store.database_file import OURS, inspect_database

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
PRINT_KINDS = {
    "notice": "一份通知书（附送达回执），须给出文号",
    "notices": "某年的全部通知书（须加 --year）",
    "letters": "全部在岗包保责任人的责任书",
    "inspection": "检查记录表，须给出检查编号",
    "reply": "答复函，须给出工单编号",
}
PRINT_HELP = "；".join(f"{k}（{v}）" for k, v in PRINT_KINDS.items())
LEDGER_HELP = "台账：" + "，".join(f"{name}（{spec.title}）" for name, spec in LEDGERS.items())


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 参数错误：{message}\n")


def _cli_user() -> str:
    try:
        return f"命令行:{getpass.getuser()}"
    except Exception:
        return "命令行"


def sign_in(workspace: Workspace, username: str | None) -> str:
    """The acting name for this command: the signed-in account once the database has accounts, else the OS user.
    The password comes from SHUANGJIAN_PASSWORD or is asked for (not echoed)."""
    if not workspace.accounts.has_accounts():
        return username or _cli_user()
    if not username:
        raise DomainError(
            f"该数据库已设置账户：请用 --user 指定用户名，密码从环境变量 {paths.PASSWORD_ENV} 读取或在提示时输入。"
        )
    password = os.environ.get(paths.PASSWORD_ENV)
    if password is None:
        try:
            password = getpass.getpass(f"{username} 的密码：")
        except EOFError:
            raise DomainError("没有输入密码") from None
    return workspace.accounts.sign_in(username, password).username


def sign_in_to_backup(backup_db: Path, username: str | None) -> str:
    """Who restores a damaged database: an administrator of the backup (checked without writing to it)."""
    if not accounts_in_file(backup_db):
        return username or _cli_user()
    if not username:
        raise DomainError("数据库已损坏；请用 --user 指定备份中的管理员账户（密码见环境变量或提示输入）。")
    password = os.environ.get(paths.PASSWORD_ENV)
    if password is None:
        try:
            password = getpass.getpass(f"{username} 的密码（按备份中的账户）：")
        except EOFError:
            raise DomainError("没有输入密码") from None
    return verify_in_file(backup_db, username, password).username


def _chinese_headings(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="shuangjian",
        description=f"{APP_NAME} {__version__}：不带参数运行打开窗口，带命令则在命令行执行。",
        add_help=False,
    )
    _chinese_headings(parser)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本并退出")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=ChineseArgumentParser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, add_help=False)
        _chinese_headings(sub)
        sub.add_argument(
            "--db",
            default=None,
            help=DB_HELP,
        )
        if name != "check":
            sub.add_argument(
                "--user", metavar="NAME", help=f"用户名（数据库设置了账户时必填；密码见环境变量 {paths.PASSWORD_ENV}）"
            )
        return sub

    command("demo", "在空数据库中载入示范县演示数据")
    imp = command("import", "从表格导入台账（.xlsx/.xls/.et/.ods/.csv，全部通过才写入）")
    imp.add_argument("ledger", choices=list(LEDGERS), metavar="LEDGER", help=LEDGER_HELP)
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="表头=字段",
        help="指定某列对应的字段（可重复），如 --map 单位名称=机构名称；字段写“不导入”则跳过该列",
    )
    tpl = command("import-template", "生成台账导入模板")
    tpl.add_argument("ledger", choices=list(LEDGERS), metavar="LEDGER", help=LEDGER_HELP)
    tpl.add_argument("--out", type=Path, required=True, metavar="F.xlsx", help="模板保存位置")
    exp = command("export", "导出台账或月报为 .xlsx")
    exp.add_argument(
        "ledger",
        choices=[*LEDGERS, "monthly", *PUBLIC_LISTS],
        metavar="LEDGER",
        help=LEDGER_HELP + "；monthly（月报，须加 --month）；blacklist、whitelist（黑名单、白名单公示，.xlsx 或 .pdf）",
    )
    exp.add_argument("--month", metavar="YYYY-MM", help="月报的月份，如 2026-10")
    exp.add_argument("--out", type=Path, required=True, metavar="F.xlsx", help="导出文件保存位置")
    exp.add_argument("--show-id-numbers", action="store_true", help="导出完整身份证号（默认打码）")
    exp.add_argument("--pdf", action="store_true", help="黑名单、白名单导出为公示用 PDF（文件名以 .pdf 结尾时亦然）")
    command("check", "检查数据库：完整性、外键、版本")
    backup = command("backup", "立即备份数据库（校验后保存）")
    backup.add_argument("--to", type=Path, metavar="FOLDER", help="备份到指定文件夹（如U盘），默认为数据库旁的 backups")
    restore = command("restore", "从备份恢复数据库（先备份当前数据库；已损坏的数据库改名保留）")
    restore.add_argument(
        "file", type=Path, metavar="BACKUP", help="备份文件夹（或其中的 manifest.json、旧版的 .sqlite3 备份）"
    )
    report = command("report", "生成督导报告（PDF）或月度巡查计划表（.xlsx）")
    report.add_argument(
        "kind",
        choices=["supervision", "patrol"],
        metavar="supervision|patrol",
        help="报告种类：supervision（督导报告，须加 --from --to）；patrol（巡查计划完成情况，须加 --month）",
    )
    report.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="开始日期")
    report.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="结束日期")
    report.add_argument("--month", metavar="YYYY-MM", help="patrol：计划的月份，如 2026-11")
    report.add_argument("--make-plan", action="store_true", help="patrol：该月尚未制定计划时先按风险等级制定")
    report.add_argument("--out", type=Path, required=True, metavar="F.pdf|F.xlsx", help="报告保存位置")
    risk = command("risk", "重新评定全部机构的风险等级，并导出风险分级表（.xlsx）")
    risk.add_argument("--out", type=Path, required=True, metavar="F.xlsx", help="风险分级表保存位置")
    risk.add_argument("--no-grade", action="store_true", help="不重新评定，只导出现有等级")
    printing = command("print", "打印公文为 PDF：通知书、整改通知书批量、责任书、检查记录表、答复函")
    printing.add_argument("kind", choices=list(PRINT_KINDS), metavar="KIND", help=PRINT_HELP)
    printing.add_argument(
        "target", nargs="?", metavar="文号|ID|工单编号", help="notice 的文号、inspection 的编号、reply 的工单编号"
    )
    printing.add_argument("--year", type=int, metavar="YYYY", help="notices：打印该年下达的全部通知书")
    printing.add_argument("--out", type=Path, required=True, metavar="F.pdf", help="PDF 保存位置")
    printing.add_argument(
        "--single-sided", action="store_true", help="单面打印：不在每份文书后留空白背面（默认按双面打印排版）"
    )
    add_commands(commands, _chinese_headings)
    campaign = command("campaign", "专项行动：列出全部，或导出一项的工作情况（概况、成员单位、检查明细）")
    campaign.add_argument(
        "action", choices=["list", "report"], metavar="list|report", help="list 列出；report 导出报告"
    )
    campaign.add_argument("name", nargs="?", metavar="NAME", help="report：专项行动的名称")
    campaign.add_argument("--out", type=Path, metavar="F.xlsx", help="report：报告保存位置")
    setting = command("settings", "查看设置；--set 修改（管理员，记入操作日志）")
    setting.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="如 --set coverage.staff_max=3"
    )
    merge = commands.add_parser(
        "merge-returns", help="汇总各县月报", description="汇总各县月报（须为同一月份、同一格式）", add_help=False
    )
    _chinese_headings(merge)
    merge.add_argument("files", type=Path, nargs="+", metavar="FILE.xlsx")
    merge.add_argument("--out", type=Path, required=True, metavar="F.xlsx", help="汇总表保存位置")
    return parser


def parse_maps(ledger_name: str, items: list[str]) -> dict[str, str | None]:
    """``--map 表头=字段`` (repeatable) -> header -> field key (None for 不导入)."""
    spec = LEDGERS[ledger_name]
    given: dict[str, str | None] = {}
    for item in items:
        header, sep, name = item.partition("=")
        if not sep or not header.strip():
            raise DomainError(f"--map 的写法是“表头=字段”，如 --map 单位名称=机构名称（收到“{item}”）")
        given[header.strip()] = field_by_name(spec, name)
    return given


def run_import(workspace: Workspace, args: argparse.Namespace, user: str) -> None:
    """Import and print the mapping used (each column, where it went and why) and what reading noticed."""
    imports = workspace.imports
    spec, table = imports.read(args.ledger, args.file)
    mapping = imports.propose(spec, table, parse_maps(args.ledger, args.map))
    sheets = "、".join(f"“{name}”" for name in table.sheets)
    print(f"工作表{sheets}，表头在第{table.header_row}行。列的对应关系：")
    for column in mapping:
        print(f"  {column.describe()}")
    try:
        report = imports.process(spec, table, mapping, user=user, dry_run=args.dry_run)
    except ImportRejected as rejected:
        for note in rejected.report.notes:
            print(f"说明：{note}")
        sys.stdout.flush()
        raise
    for note in report.notes:
        print(f"说明：{note}")
    print(report.summary())


def _open(db: Location) -> Workspace:
    return open_workspace(db, Settings(paths.settings_path()), _cli_user())


def run(args: argparse.Namespace) -> int:
    if args.command == "merge-returns":
        from shuangjian_desktop.services.return_merging import merge_returns  # openpyxl

        merged = merge_returns(list(args.files), args.out)
        print(merged.summary(args.out))
        return EXIT_OK
    if args.command in ("migrate-to", "city"):
        return run_server(args, _cli_user())
    db = location_of(args)
    if args.command == "check":
        items = server_check(_open(db)) if isinstance(db, ServerLocation) else check_database(db)
        for item in items:
            print(f"[{item.word}] {item.name}：{item.detail}")
        return EXIT_OK if all(i.ok or i.advice for i in items) else EXIT_REJECTED
    if args.command == "import-template":
        from shuangjian_desktop.services.exporting import write_import_template

        write_import_template(args.ledger, args.out)
        print(f"已生成{LEDGERS[args.ledger].title}导入模板：{args.out}")
        return EXIT_OK
    if args.command == "restore":
        manifest = verify_backup(args.file)
        if inspect_database(db).kind == OURS:
            workspace = _open(db)
            try:
                user = sign_in(workspace, args.user)
            finally:
                workspace.close()
        else:  # a damaged (or missing) database: the backup's own administrators may restore it
            user = sign_in_to_backup(manifest.database_path, args.user)
        outcome = RestoreService(db, Settings(paths.settings_path())).restore(args.file, user)
        print(outcome.summary())
        return EXIT_OK
    workspace = _open(db)
    try:
        user = sign_in(workspace, args.user)
        if args.command == "demo":
            from shuangjian_desktop.services.demo import load_demo_county

            summary = load_demo_county(workspace.store, user=user)
            print(
                f"已载入示范县演示数据：机构{summary.institutions}家，机关工作人员{summary.staff}名，校长{summary.principals}名，"
                f"在职教师{summary.teachers}名，社区书记{summary.community_secretaries}名，"
                f"小区书记和网格员{summary.compound_patrollers}名，责任督学{summary.inspectors}名，"
                f"工单{summary.tickets}件，检查{summary.inspections}次，通知书{summary.notices}份。数据库：{workspace.where()}"
            )
        elif args.command == "import":
            run_import(workspace, args, user)
        elif args.command == "backup":
            path = BackupService(db, workspace.settings).backup_now(user, args.to)
            print(f"已备份并校验：{path}")
        elif run_supervision(workspace, args, user):
            pass
        elif args.command == "report":
            if not args.first or not args.last:
                raise DomainError("督导报告须用 --from 和 --to 指定起止日期，如 --from 2026-10-01 --to 2026-12-31")
            first, last = parse_date(args.first), parse_date(args.last)
            from shuangjian_desktop.services.supervision_report import make_report

            make_report(workspace.store, workspace.settings, first, last, args.out)
            print(f"已生成{first.isoformat()}至{last.isoformat()}督导报告：{args.out}")
        elif args.command == "print":
            print(print_document(workspace, args))
        elif args.command == "campaign":
            print(run_campaign(workspace, args, user))
        elif args.command == "settings":
            options = workspace.setting_options
            changed = options.save(options.parse(args.set), user) if args.set else None
            if changed is None:
                print("\n".join(options.listing()))
            else:
                print("\n".join(["已修改并记入操作日志：", *changed]) if changed else "设置未变（与现值相同）")
        elif args.command == "export" and args.ledger == "monthly":
            if not args.month:
                raise DomainError("导出月报须用 --month 指定月份，如 --month 2026-10")
            result = workspace.export_monthly_return(args.month, args.out, user)
            if result.warning:
                print(f"注意：{result.warning}", file=sys.stderr)
            print(f"已导出{result.month}月报（{len(result.values)}项指标，{len(result.details)}条明细）：{args.out}")
        elif args.command == "export":
            from shuangjian_desktop.services.exporting import export_ledger  # openpyxl

            result = export_ledger(
                workspace.store, args.ledger, args.out, user=user, reveal_personal=args.show_id_numbers
            )
            print(f"已导出{LEDGERS[args.ledger].title}{result.rows}条：{result.path}")
    finally:
        workspace.close()
    return EXIT_OK


def print_document(workspace: Workspace, args: argparse.Namespace) -> str:
    """One of the print commands; returns what to tell the user."""
    from shuangjian_desktop.services.assignments.letters import people_with_assignments, print_letters  # reportlab
    from shuangjian_desktop.services.inspections.notice_documents import notice_id_by_number, notice_ids_of_year

    kind, target, out, duplex = args.kind, (args.target or "").strip(), args.out, not args.single_sided
    if kind in ("notice", "inspection", "reply") and not target:
        raise DomainError(
            f"print {kind} 须给出{ {'notice': '文号', 'inspection': '检查编号', 'reply': '工单编号'}[kind] }"
        )
    if kind == "notice":
        workspace.inspections.print_notices([notice_id_by_number(workspace.store, target)], out, duplex=duplex)
        return f"已打印通知书 {target}（附送达回执）：{out}"
    if kind == "notices":
        if args.year is None:
            raise DomainError("print notices 须用 --year 指定年份，如 --year 2026")
        ids = notice_ids_of_year(workspace.store, args.year)
        if not ids:
            raise DomainError(f"{args.year}年没有下达通知书")
        count = workspace.inspections.print_notices(ids, out, duplex=duplex)
        return f"已打印{args.year}年通知书{count}份（每份附送达回执，各自从新的一张纸开始）：{out}"
    if kind == "letters":
        count = print_letters(workspace.store, people_with_assignments(workspace.store), out, duplex=duplex)
        return f"已打印责任书{count}份：{out}"
    if kind == "inspection":
        if not target.isdigit():
            raise DomainError(f"检查编号应为数字：{target}")
        workspace.inspections.print_form(int(target), out)
        return f"已打印检查记录表（编号{target}）：{out}"
    workspace.tickets.print_reply(workspace.tickets.ticket_id(target), out)
    return f"已打印工单{target}的答复函：{out}"


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except ImportRejected as error:
        print(str(error), file=sys.stderr)
        return EXIT_REJECTED
    except (DomainError, FileWriteError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_REJECTED
    except ValueError as error:
        print(f"错误：{error}", file=sys.stderr)
        return EXIT_REJECTED
    except FileNotFoundError as error:
        print(f"错误：找不到文件“{error.filename}”", file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return EXIT_REJECTED
    except Exception as error:
        # Never a traceback (it may hold row data) for the clerk: it goes to the log, the clerk gets a sentence.
        path = setup_logging()
        logging.getLogger("shuangjian.cli").exception("command %s failed", args.command)
        print(
            f"程序内部错误（{type(error).__name__}），本次操作未完成。详细信息已记入日志：{path}。"
            "请把该文件发给技术支持。",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
