"""The main window: navigation on the left, one page per ledger, menus and shortcuts that act on the ledger on
screen, a status bar naming the database and the user, and a layout that is remembered."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from shuangjian_desktop import APP_NAME
from shuangjian_desktop.domain.access import Action, Actor
from shuangjian_desktop.paths import storage_warning
from shuangjian_desktop.services.assignments.coverage_print import print_coverage
from shuangjian_desktop.services.trends import trends
from shuangjian_desktop.services.workspace import Workspace
from shuangjian_desktop.ui.account_actions import AccountActions
from shuangjian_desktop.ui.assignments_page import AssignmentsPage
from shuangjian_desktop.ui.campaigns_page import CampaignsPage
from shuangjian_desktop.ui.changes_page import ChangesPage
from shuangjian_desktop.ui.database_actions import DatabaseActions
from shuangjian_desktop.ui.db_check import DatabaseChecks
from shuangjian_desktop.ui.gc_guard import collect_on_gui_thread
from shuangjian_desktop.ui.home_page import HomePage
from shuangjian_desktop.ui.inspections_page import InspectionsPage
from shuangjian_desktop.ui.institutions_page import InstitutionsPage
from shuangjian_desktop.ui.key_refresh import KeyRefresh
from shuangjian_desktop.ui.look import icon
from shuangjian_desktop.ui.page_loads import PageLoads
from shuangjian_desktop.ui.pages import ReportsPage
from shuangjian_desktop.ui.people_page import PeoplePage
from shuangjian_desktop.ui.register_view import RegisterView
from shuangjian_desktop.ui.supervision_page import SupervisionPage
from shuangjian_desktop.ui.tickets_page import TicketsPage
from shuangjian_desktop.ui.tools_actions import ToolsActions
from shuangjian_desktop.ui.view_aids import explain_disabled

if TYPE_CHECKING:  # the import wizard (openpyxl) loads when the clerk imports
    from shuangjian_desktop.services.importing import ImportReport
    from shuangjian_desktop.ui.import_wizard import ImportWizard

NAVIGATION = (
    ("home", "首页", "fa5s.home"),
    ("institutions", "机构台账", "fa5s.school"),
    ("status-changes", "转型注销", "fa5s.exchange-alt"),
    ("assignments", "包保台账", "fa5s.user-shield"),
    ("people", "人员与学校", "fa5s.users"),
    ("tickets", "投诉工单", "fa5s.phone-alt"),
    ("inspections", "检查与整改", "fa5s.clipboard-check"),
    ("supervision", "监管", "fa5s.shield-alt"),
    ("reports", "报表", "fa5s.chart-bar"),
)
ALIASES = {"notices": "inspections", "schools": "people", "teachers": "people"}


class MainWindow(AccountActions, DatabaseActions, ToolsActions, QMainWindow):
    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        *,
        demo: bool = False,
        ui_state: QSettings | None = None,
        recent: list[Path] | None = None,
    ) -> None:
        super().__init__()
        collect_on_gui_thread()  # never on a background thread (ui/gc_guard.py)
        self.workspace = workspace
        self.actor = actor
        self.user = user = actor.username
        self.pending_restore: Path | None = None
        """A backup the clerk chose to restore: the program restores it once this window has closed the database."""
        self.pending_switch: Path | None = None
        """A database the clerk chose to open instead: the program opens it once this window has closed."""
        self.recent = list(recent or [])
        self.demo = demo
        self.ui_state = ui_state
        self._set_title()
        self.setWindowIcon(icon("fa5s.clipboard-list"))
        registers = workspace.registers

        self.home = HomePage(
            workspace.tiles, workspace.attention, trends=lambda: trends(workspace.store), is_empty=workspace.is_empty
        )
        self.institutions = InstitutionsPage(registers.institutions, user, ui_state)
        self.changes = ChangesPage(registers.status_changes, user, workspace.reduction, ui_state)
        self.assignments = AssignmentsPage(
            registers.assignments,
            user,
            workspace.coverage_gaps,
            workspace.print_letters,
            registers.assignments.people_of,
            ui_state,
            print_coverage=lambda path: print_coverage(workspace.store, workspace.settings, path),
        )
        self.people = PeoplePage(registers.people, registers.schools, registers.teachers, user, ui_state)
        self.tickets = TicketsPage(registers.tickets, workspace.tickets, workspace.tickets.handlers, user, ui_state)
        campaigns = CampaignsPage(
            registers.campaigns,
            registers.departments,
            registers.vacations,
            workspace.campaigns,
            workspace.inspections,
            user,
            ui_state,
        )
        self.inspections = InspectionsPage(
            registers.inspections, registers.notices, workspace.inspections, user, ui_state, campaigns=campaigns
        )
        self.supervision = SupervisionPage(workspace.supervision, user, self.open_import_of, ui_state)
        self.reports = ReportsPage(
            lambda ledger, path: workspace.export_ledger(ledger, path, user),
            workspace.write_import_template,
            self.open_import,
            lambda month, path: workspace.export_monthly_return(month, path, user),
            workspace.merge_returns,
            workspace.supervision_report,
            workspace.monthly_figures,
        )
        self.pages: dict[str, QWidget] = {
            "home": self.home,
            "institutions": self.institutions,
            "status-changes": self.changes,
            "assignments": self.assignments,
            "people": self.people,
            "tickets": self.tickets,
            "inspections": self.inspections,
            "supervision": self.supervision,
            "reports": self.reports,
        }
        self.stack = QStackedWidget()
        self.nav = QListWidget()
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet(
            "QListWidget { background: #f3f6fa; border: none; font-size: 11pt; }"
            "QListWidget::item { padding: 9px 8px; }"
            "QListWidget::item:selected { background: #2f5597; color: white; }"
        )
        for key, label, icon_name in NAVIGATION:
            item = QListWidgetItem(icon(icon_name), label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self.stack.addWidget(self.pages[key])
        self.nav.currentRowChanged.connect(self._show_page)
        self.home.navigate.connect(self.go)
        self.home.first_step.connect(self.first_step)
        for view in self.views():
            view.count_changed.connect(lambda _n: self._update_status())
            view.changed.connect(self.home.invalidate)
            view.changed.connect(lambda: self.loads.invalidate(self.supervision))  # visits, grades, lists follow
        self.loads = PageLoads(
            {
                self.changes: self.changes.reload_figures,
                self.assignments: self.assignments.reload_gaps,
                self.tickets: self.tickets.reload_figures,
                self.inspections: self.inspections.reload,
                self.supervision: self.supervision.reload,
            }
        )

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        risk = None if workspace.on_server else storage_warning(workspace.db_path)
        if risk:
            warning = QLabel(f"提醒：{risk}")
            warning.setObjectName("storageBanner")
            warning.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            warning.setStyleSheet("#storageBanner { background: #fff4ce; color: #7a5b00; padding: 6px 12px; }")
            column.addWidget(warning)
        if workspace.read_only:
            locked = QLabel(f"只读模式：{workspace.read_only}。可以查看、打印和导出，不能修改。")
            locked.setObjectName("readOnlyBanner")
            locked.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            locked.setStyleSheet(
                "#readOnlyBanner { background: #fde7e9; color: #a4262c; padding: 6px 12px;"
                " border-bottom: 1px solid #f1bbbc; font-weight: bold; }"
            )
            column.addWidget(locked)
        if demo:
            banner = QLabel(
                "当前打开的是示范县演示数据，可放心试用各项功能；"
                "正式使用时请用“文件 > 新建数据库…”建立本县的正式数据库。"
            )
            banner.setObjectName("demoBanner")
            banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            banner.setStyleSheet(
                "#demoBanner { background: #fff4ce; color: #5c4400; padding: 6px 12px;"
                " border-bottom: 1px solid #e6d38a; }"
            )
            column.addWidget(banner)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        column.addLayout(body, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(f"数据库：{workspace.where()}")
        self.user_label = QLabel(f"当前用户：{actor.describe()}")
        self.count_label = QLabel()
        self.statusBar().addWidget(self.db_label, 1)
        self.key_refresh = KeyRefresh.in_window(
            self, workspace, self.refresh
        )  # an upgrade's new keys, in the background
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.user_label)
        for tabs in (self.people.tabs, self.inspections.tabs, self.tickets.tabs):
            tabs.currentChanged.connect(lambda _i: self._update_status())  # the count of the list on screen
        self.checks = DatabaseChecks(self, workspace)
        self._build_menus()
        self.apply_permissions()
        self.resize(1360, 820)
        self._restore_state()
        self.nav.setCurrentRow(0)

    # pages --------------------------------------------------------------------------------------------------------
    def views(self) -> list[RegisterView]:
        return [
            self.institutions.view,
            self.changes.view,
            self.assignments.view,
            *self.people.views(),
            self.tickets.view,
            *self.inspections.views(),
            *self.supervision.views(),
        ]

    def current_view(self) -> RegisterView | None:
        page = self.stack.currentWidget()
        if isinstance(page, RegisterView):
            return page
        if isinstance(page, InstitutionsPage | AssignmentsPage | TicketsPage | ChangesPage):
            return page.view
        if isinstance(page, PeoplePage):
            return page.views()[page.tabs.currentIndex()]
        if isinstance(page, InspectionsPage | SupervisionPage):
            return page.current_view()
        return None

    def go(self, key: str) -> None:
        if key.startswith("campaigns"):  # 首页's patrol list: the campaigns tab (":draft" drafts one)
            self.go("inspections")
            self.inspections.open_campaigns(key)
            return
        asked, _, tab = key.partition(":")  # "supervision:risk" opens that tab of 监管
        key = ALIASES.get(asked, asked)
        if key == "supervision":
            self.supervision.show_tab(tab)
        for row in range(self.nav.count()):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.nav.setCurrentRow(row)
        if asked == "notices":
            self.inspections.tabs.setCurrentIndex(1)

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if page is self.home and self.home.stale:
            self.home.reload()
        self.loads.shown(page)
        self._update_status()

    def _update_status(self) -> None:
        view = self.current_view()
        self.count_label.setText(f"{view.register.title} 共 {view.model.rowCount()} 条" if view else "")

    # menus --------------------------------------------------------------------------------------------------------
    def _action(self, text: str, slot: object, shortcut: object = None, icon_name: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        return action

    def _on_view(self, method: str) -> object:
        def run() -> None:
            view = self.current_view()
            if view is not None:
                getattr(view, method)()

        return run

    def _set_title(self) -> None:
        """Which database is open, always in sight: the county (or the file's name), and whether it is the demo."""
        county = self.workspace.county_name() or self.workspace.short_name()
        self.setWindowTitle(f"{APP_NAME} — {county}（示范县演示数据）" if self.demo else f"{APP_NAME} — {county}")

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("文件(&F)")
        self.add_database_menu(menu)
        menu.addSeparator()
        self.import_action = self._action("导入台账(&I)…", self.open_import, "Ctrl+I", "fa5s.file-import")
        menu.addAction(self.import_action)
        menu.addAction(self._action("导出当前列表(&E)…", self._on_view("export_view"), "Ctrl+E", "fa5s.file-excel"))
        menu.addAction(
            self._action("打印预览(&P)…", self._on_view("print_preview"), QKeySequence.StandardKey.Print, "fa5s.print")
        )
        menu.addAction(self._action("报表与导出(&R)", lambda: self.go("reports")))
        menu.addSeparator()
        self.backup_action = self._action("备份数据库(&B)…", self.backup_now, None, "fa5s.save")
        self.restore_action = self._action("从备份恢复(&S)…", self.choose_restore, None, "fa5s.undo")
        menu.addActions([self.backup_action, self.restore_action])
        menu.addAction(self._action("打开数据文件夹(&D)", self.open_data_folder))
        menu.addAction(self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit))
        edit = self.menuBar().addMenu("编辑(&E)")
        edit.addAction(self._action("新增(&N)…", self._on_view("add"), QKeySequence.StandardKey.New, "fa5s.plus"))
        edit.addAction(self._action("编辑(&O)…", self._on_view("edit_current"), "Ctrl+O", "fa5s.edit"))
        edit.addAction(
            self._action(
                "删除(&D)…", self._on_view("delete_selected"), QKeySequence.StandardKey.Delete, "fa5s.trash-alt"
            )
        )
        edit.addSeparator()
        edit.addAction(
            self._action("复制选中行(&C)", self._on_view("copy_selected"), QKeySequence.StandardKey.Copy, "fa5s.copy")
        )
        edit.addAction(self._action("查找(&F)", self.focus_search, QKeySequence.StandardKey.Find, "fa5s.search"))
        view = self.menuBar().addMenu("查看(&V)")
        for number, (key, label, icon_name) in enumerate(NAVIGATION, start=1):
            view.addAction(self._action(label, lambda _c=False, k=key: self.go(k), f"Ctrl+{number}", icon_name))
        view.addSeparator()
        view.addAction(self._action("刷新(&R)", self.refresh, QKeySequence.StandardKey.Refresh, "fa5s.sync"))
        tools = self.menuBar().addMenu("工具(&T)")
        self.profile_action = self._action("单位信息(&U)…", self.edit_profile, None, "fa5s.building")
        self.calendar_action = self._action("节假日安排(&H)…", self.open_calendar, None, "fa5s.calendar-alt")
        self.settings_action = self._action("设置(&S)…", self.open_settings, None, "fa5s.sliders-h")
        tools.addActions([self.profile_action, self.calendar_action, self.settings_action])
        tools.addAction(self._action("操作日志(&L)…", self.open_audit, None, "fa5s.history"))
        tools.addAction(self._action("最近删除(&Z)…", self.open_recycle, None, "fa5s.trash-restore"))
        tools.addAction(self._action("检查数据库完整性(&K)…", self.checks.check_now, None, "fa5s.stethoscope"))
        tools.addSeparator()
        self.accounts_action = self._action("账户管理(&A)…", self.open_accounts, None, "fa5s.users-cog")
        tools.addAction(self.accounts_action)
        tools.addAction(self._action("修改密码(&P)…", self.change_password, None, "fa5s.key"))
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self._action("关于(&A)", self.about))

    # permissions --------------------------------------------------------------------------------------------------
    def apply_permissions(self) -> None:
        """Grey out what the signed-in role may not do; the services check again, so this is only a convenience."""
        may = self.actor.may
        why = f"{self.actor.describe()}可以查看、打印和导出；这项操作需要其他角色的账户。"
        for view in (self.institutions.view, self.changes.view, self.assignments.view, *self.people.views()):
            view.set_may_edit(may(Action.EDIT_LEDGERS), why)
        self.tickets.set_may_act(may(Action.HANDLE_TICKETS), why)
        self.inspections.set_permissions(may(Action.RECORD_INSPECTIONS), may(Action.ISSUE_NOTICES), why)
        if self.inspections.campaigns is not None:
            self.inspections.campaigns.set_permissions(may(Action.EDIT_LEDGERS), may(Action.EDIT_SETTINGS), why)
        self.settings_action.setEnabled(may(Action.EDIT_SETTINGS))
        self.supervision.set_permissions(may(Action.EDIT_LEDGERS), may(Action.IMPORT), why)
        self.import_action.setEnabled(may(Action.IMPORT))
        self.reports.import_button.setEnabled(may(Action.IMPORT))
        self.backup_action.setEnabled(may(Action.BACKUP))
        self.restore_action.setEnabled(may(Action.RESTORE) and not self.workspace.read_only)
        self.profile_action.setEnabled(may(Action.EDIT_SETTINGS))
        self.calendar_action.setEnabled(may(Action.EDIT_SETTINGS))
        self.accounts_action.setEnabled(may(Action.MANAGE_USERS))
        explain_disabled(self, self.actor, (
            (self.import_action, Action.IMPORT), (self.backup_action, Action.BACKUP),
            (self.restore_action, Action.RESTORE), (self.profile_action, Action.EDIT_SETTINGS),
            (self.calendar_action, Action.EDIT_SETTINGS), (self.accounts_action, Action.MANAGE_USERS),
        ), self.workspace.read_only)  # fmt: skip
        self.reports.import_button.setToolTip(self.import_action.toolTip())

    # actions ------------------------------------------------------------------------------------------------------
    def open_import(self) -> ImportWizard | None:
        if not self.ask_before_importing_into_the_demo():
            return None
        from shuangjian_desktop.ui.import_wizard import ImportWizard

        wizard = ImportWizard(
            self.workspace.imports, self.user, self.workspace.write_import_template, self._imported, self, self.ui_state
        )
        self.last_wizard = wizard
        wizard.open()
        return wizard

    def open_import_of(self, ledger: str) -> ImportWizard | None:
        """The import wizard with ``ledger`` chosen (a bank's balance sheet from 监管 > 资金监管)."""
        wizard = self.open_import()
        if wizard is not None:
            wizard.choose.ledger.setCurrentIndex(max(0, wizard.choose.ledger.findData(ledger)))
        return wizard

    def _imported(self, report: ImportReport) -> None:
        self.refresh()

    def refresh(self) -> None:
        """After an import or a holiday schedule: what is on screen reloads now, the rest when next shown."""
        for view in self.views():
            view.invalidate()
        self.loads.invalidate()
        self.loads.shown(self.stack.currentWidget())
        self.home.invalidate()
        self._update_status()

    def focus_search(self) -> None:
        view = self.current_view()
        if view is not None:
            view.search.setFocus()
            view.search.selectAll()

    # remembered layout --------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        if self.ui_state is None:
            return
        geometry = self.ui_state.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.ui_state.value("institutions/splitter")
        if isinstance(splitter, QByteArray):
            self.institutions.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ui_state is not None:
            self.ui_state.setValue("main/geometry", self.saveGeometry())
            self.ui_state.setValue("institutions/splitter", self.institutions.splitter.saveState())
            for view in self.views():
                view.save_state()
            self.ui_state.sync()
        super().closeEvent(event)
