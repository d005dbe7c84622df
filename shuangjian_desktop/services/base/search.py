"""Finding rows by what a clerk types: Chinese, pinyin initials or full pinyin, several terms ANDed.

Each term is looked up in the table's text index when the database has one (store/derived.py): a term of three
or more characters by its trigrams (then checked against the text itself, since the index keeps no positions), a
term of one or two characters by the indexed trigrams that start with it (the index's vocabulary; every such
string starts one because the indexed text ends with two spaces). Without an index, or for a character so common
that hundreds of trigrams start with it, the text is scanned with instr(), which is several times faster than LIKE on
Chinese text. On PostgreSQL the index holds every piece of one to three characters (store/derived_pg.py): a short
term is one piece, looked up exactly; only how the index is asked differs, the rest of the listing is the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Engine,
    Integer,
    Select,
    Text,
    bindparam,
    column,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.orm import Session

from shuangjian_desktop.store import derived, derived_pg
from shuangjian_desktop.store.models import (
    AuditEntry,
    Community,
    Compound,
    Institution,
    Notice,
    Person,
    School,
    StatusChange,
    Teacher,
    Ticket,
    Township,
)

MAX_PREFIX_TRIGRAMS = 5000
"""A short term starting more indexed trigrams than this is scanned for instead (it is in most rows anyway)."""
WALK_HELD = 300_000
"""Up to this many rows the text index proposes are held while a sort index is walked (tested by id, no row read)."""
FEW_REFERENCED = 20_000
"""Referenced rows (the institutions an inspection list is searched by) this few are looked up once per page, not
tested per listed row."""
COVER_FROM = 7
"""A term this long is looked up by trigrams that cover it without overlapping (fewer doclists to intersect; the
text itself is checked anyway)."""


@dataclass(frozen=True)
class Searchable:
    """A table a term can find rows of: its id column, the text a row is tested with, and the name of its text
    index in store/derived.py (None: scanned only)."""

    id: ColumnElement[int]
    text: ColumnElement[str]
    index: str | None = None


INSTITUTION = Searchable(Institution.id, Institution.search_key, "institution")
PERSON = Searchable(Person.id, Person.search_key, "person")
SCHOOL = Searchable(School.id, School.search_key, "school")
TEACHER = Searchable(Teacher.id, Teacher.search_key, "teacher")
TICKET = Searchable(Ticket.id, Ticket.search_key, "ticket")
NOTICE = Searchable(Notice.id, Notice.doc_number, "notice")
AUDIT = Searchable(AuditEntry.id, AuditEntry.summary + " " + AuditEntry.username, "audit_log")
COMMUNITY = Searchable(Community.id, Community.name)
TOWNSHIP = Searchable(Township.id, Township.name)
COMPOUND = Searchable(Compound.id, Compound.name)
CHANGE_DOC = Searchable(StatusChange.id, func.coalesce(StatusChange.doc_number, ""))

_present: WeakKeyDictionary[Engine, frozenset[str]] = WeakKeyDictionary()


def indexes_present(session: Session) -> frozenset[str]:
    """The tables (by base table name) whose text index exists in this database; read once per engine."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    found = _present.get(engine)
    if found is None:
        if _on_server(session):
            names = set(session.scalars(text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")))
            found = frozenset(t for t, i in derived.TEXT_INDEXES.items() if i.gin in names)
        else:
            names = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
            found = frozenset(t for t, i in derived.TEXT_INDEXES.items() if i.fts in names and i.vocab in names)
        _present[engine] = found
    return found


def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _pieces(index: derived.TextIndex, term: str) -> Select[tuple[int]]:
    """PostgreSQL: the ids of rows whose text has every piece a term of up to three characters is, or a longer
    term's covering trigrams are (the caller then checks the text)."""
    if len(term) <= 3:
        pieces = [term]
    else:
        starts = list(range(0, len(term) - 2, 3 if len(term) >= COVER_FROM else 1))
        pieces = sorted({term[i : i + 3] for i in [*starts, len(term) - 3]})
    table = derived.TEXT_INDEXES[index.table]
    held = text(f"{derived_pg.pieces_expression(table)} @> :pieces").bindparams(
        bindparam("pieces", value=pieces, unique=True, type_=ARRAY(Text))
    )
    return select(column("id", Integer)).select_from(text(index.table)).where(held)


def forget_indexes(engine: Engine) -> None:
    """After the text indexes were made or dropped (start-up repair, tests)."""
    _present.pop(engine, None)


def _quoted(trigram: str) -> str:
    return '"' + trigram.replace('"', '""') + '"'


def _indexed_ids(session: Session, target: Searchable, term: str) -> Select[tuple[int]] | ColumnElement[bool] | None:
    """A SELECT of the rowids the index proposes for ``term`` (false() when none can match), or None when the
    term is to be scanned for."""
    if target.index is None or target.index not in indexes_present(session):
        return None
    index = derived.TEXT_INDEXES[target.index]
    if _on_server(session):
        return _pieces(index, term)
    if len(term) >= 3:
        starts = range(len(term) - 2)
        if len(term) >= COVER_FROM:
            starts = range(0, len(term) - 2, 3)
            starts = [*starts, len(term) - 3]
        query = " AND ".join(sorted({_quoted(term[i : i + 3]) for i in starts}))
    else:
        starts = list(
            session.scalars(
                text(f"SELECT term FROM {index.vocab} WHERE term >= :low AND term < :high LIMIT :most"),
                {"low": term, "high": term + "\U0010ffff", "most": MAX_PREFIX_TRIGRAMS + 1},
            )
        )
        if len(starts) > MAX_PREFIX_TRIGRAMS:
            return None
        if not starts:
            return false()
        query = " OR ".join(_quoted(t) for t in starts)
    matches = text(f"SELECT rowid FROM {index.fts} WHERE {index.fts} MATCH :match").bindparams(
        bindparam("match", value=query, unique=True)  # several terms: each its own parameter
    )
    return select(column("rowid", Integer)).select_from(matches.columns(column("rowid", Integer)).subquery())


_decided: WeakKeyDictionary[Engine, dict[tuple[str, str], bool]] = WeakKeyDictionary()


def _few_candidates(session: Session, target: Searchable, term: str) -> bool:
    """Whether the index proposes at most WALK_HELD rows for the term (remembered per engine: each page asks)."""
    if target.index is None or target.index not in indexes_present(session):
        return False
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    decided = _decided.setdefault(engine, {})
    if len(decided) > 1000:
        decided.clear()
    key = (target.index, term)
    if key not in decided:
        decided[key] = candidates_over(session, target, term, WALK_HELD) is False
    return decided[key]


def candidates_over(session: Session, target: Searchable, term: str, most: int) -> bool | None:
    """Whether the text index proposes more than ``most`` rows of ``target`` for ``term`` (it stops counting there,
    so this costs about ``most`` index entries at any size); None when the term is not looked up in an index."""
    proposed = _indexed_ids(session, target, term)
    if proposed is None:
        return None
    if not isinstance(proposed, Select):
        return False
    counted = select(func.count()).select_from(proposed.limit(most + 1).subquery())
    return (session.scalar(counted) or 0) > most


def indexed_count(session: Session, target: Searchable, term: str) -> int | None:
    """How many rows of ``target`` hold a term of one to three characters, straight from its text index (exact
    for such terms); None when the index cannot say."""
    proposed = _indexed_ids(session, target, term) if len(term) <= 3 else None
    if proposed is None:
        return None
    if not isinstance(proposed, Select):
        return 0
    return session.scalar(select(func.count()).select_from(proposed.subquery())) or 0


def _contains(target: Searchable, term: str) -> ColumnElement[bool]:
    return func.instr(target.text, literal(term)) > 0


def matching_ids(session: Session, target: Searchable, term: str) -> Select[tuple[int]] | ColumnElement[bool]:
    """The ids of ``target`` rows whose text contains ``term`` (a SELECT), or false() when none can."""
    proposed = _indexed_ids(session, target, term)
    if isinstance(proposed, Select):
        if len(term) <= 3:  # a trigram, or the trigrams starting with the term: what the index says is exact
            return proposed
        return select(target.id).where(target.id.in_(proposed), _contains(target, term))
    if proposed is not None:
        return proposed
    return select(target.id).where(_contains(target, term))


def term_clause(session: Session, own: ColumnElement[int], parts: tuple[tuple[ColumnElement[int], Searchable], ...],
                term: str, *, per_row: bool, scan_own: bool = False) -> ColumnElement[bool]:  # fmt: skip
    """Rows of the listed table (``own`` is its id column) that ``term`` finds through any of ``parts`` (a column
    of the table holding the ids of a Searchable's rows).

    ``per_row`` tests each row as it comes (for walking a sort index when matches are common); otherwise the
    matching ids are looked up first (the index does the work when matches are few). ``scan_own`` tests the
    table's own text row by row but looks referenced rows up (counting common matches: a scan in table order
    beats a look-up per match)."""
    clauses: list[ColumnElement[bool]] = []
    for holder, target in parts:
        own_text = holder is own and target.id.table is own.table
        if per_row:
            if own_text:
                proposed = _indexed_ids(session, target, term) if _few_candidates(session, target, term) else None
                if isinstance(proposed, Select):
                    # walking the sort index, a row's id is tested against the index's matches, held once per
                    # page: no read of the row itself unless the term needs checking against its text
                    clauses.append(
                        holder.in_(proposed) & _contains(target, term) if len(term) > 3 else holder.in_(proposed)
                    )
                else:
                    clauses.append(_contains(target, term))
            elif candidates_over(session, target, term, FEW_REFERENCED) is False:
                ids = matching_ids(session, target, term)  # few: looked up once per page, then held
                clauses.append(holder.in_(ids) if isinstance(ids, Select) else ids)
            else:
                clauses.append(exists(select(literal(1)).where(target.id == holder, _contains(target, term))))
            continue
        if scan_own and own_text:
            clauses.append(_contains(target, term))
            continue
        proposed = _indexed_ids(session, target, term)
        if proposed is None:
            scanned = _contains(target, term)
            clauses.append(scanned if own_text else holder.in_(select(target.id).where(scanned)))
        elif not isinstance(proposed, Select):
            continue  # the index says no row of this part can match
        elif len(term) <= 3:  # one trigram, or the trigrams starting with the term: the index is exact
            clauses.append(holder.in_(proposed))
        elif own_text:  # the index proposes, the row's own text decides
            clauses.append(holder.in_(proposed) & _contains(target, term))
        else:
            clauses.append(holder.in_(select(target.id).where(target.id.in_(proposed), _contains(target, term))))
    if not clauses:
        return false()
    if len(clauses) == 1:
        return clauses[0]
    if per_row or scan_own:
        return or_(*clauses)
    # several parts looked up by their indexes: a UNION of each part's rows keeps every part on its own index (an OR
    # of them would be tested row by row over the whole table)
    table = getattr(own, "expression", own).table
    return own.in_(union(*(select(own).select_from(table).where(clause) for clause in clauses)))
