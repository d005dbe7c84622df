"""Townships, communities and compounds named in a sheet or a form: found by name, made when new (inside the
import's transaction, so a rejected file makes none).

A county's townships (乡镇、街道) are a short, fixed list: once it has any, a township name that is not among them
is refused with the closest known names (a misspelt 城关真 never becomes a second 城关镇). Only a county with no
townships yet (its first import) makes them from what the sheet says. Communities and compounds are many and change,
so a new one under a known township or community is made.
"""

from __future__ import annotations

import difflib

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.store.models import Community, Compound, Township


def closest(name: str, known: list[str], count: int = 3) -> list[str]:
    """The known names nearest to ``name`` (shared characters in order), best first."""
    found = difflib.get_close_matches(name, known, n=count, cutoff=0.4)
    if found:
        return found
    scored = sorted(known, key=lambda k: -len(set(k) & set(name)))
    return [k for k in scored[:count] if set(k) & set(name)]


class UnknownTownship(ValueError):
    """A township the county does not have, where none may be made."""


class PlaceBook:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.townships = {t.name: t for t in session.scalars(select(Township))}
        self.may_add_townships = not self.townships
        """Only a county with no townships yet (its first import) makes them from the names it is given."""
        self.communities: dict[tuple[str, str], Community] = {}
        self.by_community_name: dict[str, list[Community]] = {}
        for c in session.scalars(select(Community).join(Township)):
            self.communities[(c.township.name, c.name)] = c
            self.by_community_name.setdefault(c.name, []).append(c)
        self.compounds: dict[tuple[int, str], Compound] = {
            (c.community_id, c.name): c for c in session.scalars(select(Compound))
        }
        self.by_compound_name: dict[str, list[Compound]] = {}
        for c in self.compounds.values():
            self.by_compound_name.setdefault(c.name, []).append(c)

    def township_problem(self, name: str | None) -> str | None:
        """Why ``name`` is not a township of this county (with the closest known ones), or None."""
        if not name or name in self.townships or self.may_add_townships:
            return None
        known = sorted(self.townships)
        near = closest(name, known)
        if near:
            return f"“{name}”不是本县已有的乡镇（街道），是否为：{'、'.join(near)}？"
        listed = "、".join(known[:10]) + ("等" if len(known) > 10 else "")
        return f"“{name}”不是本县已有的乡镇（街道）（已有：{listed}）"

    def community_problem(self, township: str | None, community: str | None) -> str | None:
        """Why (township, community) cannot be resolved, or None when it can (perhaps by making it)."""
        if community is None:
            return None
        township_reason = self.township_problem(township)
        if township_reason:
            return township_reason
        if township is None:
            found = self.by_community_name.get(community, [])
            if not found:
                return f"社区“{community}”尚未登记，请同时填写所属乡镇（街道）"
            if len(found) > 1:
                return f"有{len(found)}个乡镇都有“{community}”社区，请填写所属乡镇（街道）"
        return None

    def township(self, name: str) -> Township:
        township = self.townships.get(name)
        if township is None:
            why = self.township_problem(name)
            if why:
                raise UnknownTownship(why)
            township = Township(name=name)
            self.session.add(township)
            self.townships[name] = township
        return township

    def community(self, township: str | None, name: str | None) -> Community | None:
        if name is None:
            return None
        if township is None:
            return self.by_community_name[name][0]
        found = self.communities.get((township, name))
        if found is None:
            found = Community(township=self.township(township), name=name)
            self.session.add(found)
            self.communities[(township, name)] = found
            self.by_community_name.setdefault(name, []).append(found)
        return found

    def compound_problem(self, community: str | None, compound: str | None) -> str | None:
        if compound is None:
            return None
        if community is None:
            found = self.by_compound_name.get(compound, [])
            if not found:
                return f"小区“{compound}”尚未登记，请同时填写所属社区"
            if len(found) > 1:
                return f"有{len(found)}个社区都有“{compound}”小区，请填写所属社区"
        return None

    def compound(self, community: Community | None, name: str | None) -> Compound | None:
        if name is None:
            return None
        if community is None:
            return self.by_compound_name[name][0]
        if community.id is None:
            self.session.flush()
        found = self.compounds.get((community.id, name))
        if found is None:
            found = Compound(community=community, name=name)
            self.session.add(found)
            self.compounds[(community.id, name)] = found
            self.by_compound_name.setdefault(name, []).append(found)
        return found
