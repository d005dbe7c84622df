"""Which database the window works on: the first start's choice (the demo county, the county's own new database,
or one that exists), and the file dialogs of 文件 > 新建数据库… / 打开数据库…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QFileDialog, QLabel, QVBoxLayout, QWidget

from shuangjian_desktop import APP_NAME
from shuangjian_desktop.ui.look import icon

DATABASE_FILTER = "双减台账数据库 (*.sqlite3 *.db);;所有文件 (*)"


def ask_new_database(parent: QWidget | None, folder: Path) -> Path | None:
    """Where a new, empty database goes (a .sqlite3 name is added when the clerk gives none)."""
    name, _ = QFileDialog.getSaveFileName(parent, "新建数据库", str(folder / "本县台账.sqlite3"), DATABASE_FILTER)
    if not name:
        return None
    path = Path(name)  # databases start beside the data folder's own (a local disk), never the program's folder
    return path if path.suffix else path.with_suffix(".sqlite3")


def ask_open_database(parent: QWidget | None, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "打开数据库", str(folder), DATABASE_FILTER)
    return Path(name) if name else None


class FirstStartDialog(QDialog):
    """The very first start: try the demo county, make the county's own database, or open one that exists."""

    def __init__(self, demo: Path, own: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"欢迎使用{APP_NAME}")
        self.setWindowIcon(icon("fa5s.clipboard-list"))
        self.chosen: tuple[Path, bool] | None = None
        """(database, is it the demo county)."""
        self._own = own
        note = QLabel(
            "这是本机第一次运行。台账保存在本机的一个数据库文件中，旁边自动备份，不需要服务器。请选择从哪里开始："
        )
        note.setWordWrap(True)
        self.demo_button = QCommandLinkButton(
            "先看看示范县（演示数据）",
            "载入一个虚构的示范县：机构、包保、工单、检查和通知书都有，可以放心试用；不会与正式台账混在一起。",
        )
        self.own_button = QCommandLinkButton(
            "建立本县的正式数据库", "在本机建立空数据库，然后创建管理员账户、填写单位信息、导入各本台账。"
        )
        self.own_button.setToolTip(str(own))
        # the path on a line of its own: a long one without spaces would be cut off inside the button
        self.where = QLabel(f"正式数据库的位置：{own}")
        self.where.setStyleSheet("color: #555;")
        self.where.setTextInteractionFlags(
            self.where.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.open_button = QCommandLinkButton("打开已有的数据库…", "例如从原来的电脑或U盘拷来的数据库文件。")
        self.demo_button.clicked.connect(lambda: self._choose(demo, True))
        self.own_button.clicked.connect(lambda: self._choose(own, False))
        self.open_button.clicked.connect(self._open_existing)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        for button in (self.demo_button, self.own_button, self.open_button):
            layout.addWidget(button)
        layout.addWidget(self.where)
        self.demo_button.setDefault(True)  # Enter tries the demo county, as the README's first command promises
        self.demo_button.setFocus()
        self.setMinimumWidth(560)

    def _choose(self, path: Path, demo: bool) -> None:
        self.chosen = (path, demo)
        self.accept()

    def _open_existing(self) -> None:
        path = ask_open_database(self, self._own.parent)
        if path is not None:
            self._choose(path, False)
