"""The few SQL functions the services use whose spelling differs between SQLite and PostgreSQL, compiled for each:
the services write ``func.instr(text, term)`` and ``func.strftime("%Y-%m", column)`` once, and PostgreSQL reads
``strpos`` and ``to_char``. Importing this module registers them (store/uow.py does)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.functions import GenericFunction

STRFTIME_TO_CHAR = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "HH24", "%M": "MI", "%S": "SS"}


class instr(GenericFunction[int]):  # noqa: N801  (SQL's name)
    """Where ``term`` first occurs in ``text`` (1-based; 0 when it does not)."""

    type = Integer()
    inherit_cache = True


class strftime(GenericFunction[str]):  # noqa: N801
    """A date or time as text in a strftime format (only %Y %m %d %H %M %S)."""

    type = String()
    inherit_cache = True


@compiles(instr, "postgresql")
def _instr_pg(element: instr, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clause_expr.element, **kw)})"


@compiles(strftime, "postgresql")
def _strftime_pg(element: strftime, compiler: Any, **kw: Any) -> str:
    form, value = list(element.clauses)
    if not isinstance(form, BindParameter) or not isinstance(form.value, str):
        raise ValueError("strftime takes a literal format")
    pattern = form.value
    for code, picture in STRFTIME_TO_CHAR.items():
        pattern = pattern.replace(code, picture)
    # the format is written into the statement: select and GROUP BY must read the same expression
    return f"to_char({compiler.process(value, **kw)}, '{pattern}')"
