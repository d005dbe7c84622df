"""The shape every ledger's spreadsheet mapping follows: columns (Field), and a LedgerSpec per ledger."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy.orm import Session

from shuangjian_desktop import settings as opts
from shuangjian_desktop.domain.credit_code import normalize_credit_code
from shuangjian_desktop.domain.enums import LabelledEnum
from shuangjian_desktop.domain.errors import FieldProblem, InvalidValue
from shuangjian_desktop.domain.text import clean_text, to_halfwidth

if TYPE_CHECKING:  # openpyxl loads only when a sheet is written
    from shuangjian_desktop.documents.xlsx_writer import ColumnSpec

if TYPE_CHECKING:  # the workbook modules (openpyxl) load when a sheet is read or written, not at start-up
    from shuangjian_desktop.documents.xlsx_writer import ColumnSpec


@dataclass(frozen=True)
class Field:
    """One column: its field key, Chinese header, header synonyms, parser and whether it must be filled."""

    key: str
    label: str
    parse: Callable[[Any], Any]
    required: bool = False
    synonyms: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    help: str = ""
    example: Any = None
    max_length: int | None = None
    """The longest text the database column takes (its String(n)); Text columns take Excel's 32,767."""
    lenient: Callable[[Any], Any] | None = None
    """How a sheet's cell is read when that differs from a form's ``parse`` (a platform's own wording...)."""
    optional_in_sheet: bool = False
    """Required in a form, but a sheet may leave the column out (the ledger's check fills or derives it)."""

    @property
    def sheet_parse(self) -> Callable[[Any], Any]:
        return self.lenient or self.parse

    @property
    def required_in_sheet(self) -> bool:
        return self.required and not self.optional_in_sheet

    def names(self) -> set[str]:
        from shuangjian_desktop.documents.xlsx_reader import normalize_header

        return {normalize_header(n) for n in (self.label, *self.synonyms)}

    def column(self) -> ColumnSpec:
        from shuangjian_desktop.documents.xlsx_writer import ColumnSpec

        return ColumnSpec(self.label, self.required, self.choices, self.help)


def enum_field(key: str, label: str, enum: type[LabelledEnum], **kwargs: Any) -> Field:
    def parse(value: Any) -> LabelledEnum:
        text = clean_text(str(value))
        try:
            return enum.from_label(text)
        except ValueError as error:
            half = to_halfwidth(text)
            for candidate in (half, half.replace("(", "（").replace(")", "）")):
                try:
                    return enum.from_label(candidate)
                except ValueError:
                    continue
            raise InvalidValue(str(error)) from None

    return Field(key, label, parse, choices=tuple(enum.labels()), **kwargs)


@dataclass
class RowInput:
    """A row after parsing: values by field key (absent when the cell was empty) and the Excel row number."""

    row: int
    values: dict[str, Any]
    problems: list[FieldProblem] = field(default_factory=list)

    def problem(self, field_label: str, reason: str) -> None:
        self.problems.append(FieldProblem(self.row, field_label, reason))

    def has_problem(self, *field_labels: str) -> bool:
        return any(p.field in field_labels for p in self.problems)


class LedgerSpec:
    """Subclasses declare ``name``, ``title``, ``fields`` and implement the hooks below."""

    name: ClassVar[str]
    title: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]]
    key_label: ClassVar[str] = ""
    """The label of the column(s) that identify a record, for the 'repeated in the file' message."""

    def field_by_header(self) -> dict[str, Field]:
        mapping: dict[str, Field] = {}
        for f in self.fields:
            for name in f.names():
                mapping.setdefault(name, f)
        return mapping

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    def missing_columns(self, mapped: set[str]) -> list[tuple[str, str]]:
        """(field label, reason) for each required column the mapping leaves out."""
        return [(f.label, "表格缺少此列（必填）") for f in self.fields if f.required_in_sheet and f.key not in mapped]

    def mapping_notes(self, mapped: set[str]) -> dict[str, str]:
        """What happens to a mapped column that cannot land as it stands (by field key), shown beside the mapping."""
        return {}

    def columns(self) -> list[ColumnSpec]:
        return [f.column() for f in self.fields]

    def example(self) -> list[Any]:
        return [f.example for f in self.fields]

    # hooks ---------------------------------------------------------------------------------------------------
    def prepare(self, session: Session, settings: opts.Settings) -> Any:
        """Load what matching and resolving need (existing records by key, places...) once per import."""
        return None

    def check(self, context: Any, row: RowInput) -> None:
        """Cross-field rules and reference look-ups; report with row.problem(label, reason)."""

    def key(self, row: RowInput) -> Hashable | None:
        """What identifies the record in this file (for the duplicate check); None when it has none."""
        return None

    def check_notes(self, context: Any) -> list[str]:
        """What the checks noticed about rows that pass but the clerk should know (added to the import's report)."""
        return []

    def apply(self, session: Session, context: Any, row: RowInput) -> bool:
        """Insert or update the record for a valid row; return True when it inserted."""
        raise NotImplementedError

    def finish(self, session: Session, context: Any) -> None:
        """Write what ``apply`` gathered for a bulk insert (called once, after the last row)."""

    def export_columns(self) -> list[ColumnSpec]:
        return self.columns()

    def export_rows(self, session: Session, *, reveal_personal: bool = False) -> Iterator[Sequence[Any]]:
        raise NotImplementedError


def credit_code_field(help: str = "") -> Field:
    """统一社会信用代码 as every sheet that names an institution takes it (18 characters, checked by our own rules)."""
    return Field(
        "credit_code",
        "统一社会信用代码",
        normalize_credit_code,
        synonyms=("信用代码", "社会信用代码"),
        help=help,
        example="91511423MA62C1Y00G",
    )


def column_length(attribute: Any) -> int | None:
    """The n of a model attribute's String(n) column (None for Text)."""
    return getattr(attribute.property.columns[0].type, "length", None)


def join_place(township: str | None, address: str | None) -> str | None:
    """The township written in front of the address (when the address does not name it already)."""
    if not township:
        return address
    if address and township in address:
        return address
    return f"{township}{address or ''}"


def first(values: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if values.get(key) is not None:
            return values[key]
    return None
