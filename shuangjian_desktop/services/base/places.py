"""Townships, communities and compounds named in a sheet: found by name, made when new (inside the import's
transaction, so a rejected file makes none)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangjian_desktop.store.models import Community, Compound, Township


class PlaceBook:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.townships = {t.name: t for t in session.scalars(select(Township))}
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

    def community_problem(self, township: str | None, community: str | None) -> str | None:
        """Why (township, community) cannot be resolved, or None when it can (perhaps by making it)."""
        if community is None:
            return None
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
