"""The demo county (示范县) for a newcomer's first start: invented names, valid-format codes, same seed, same data.

The county's builder loads when it is first asked for (PEP 562), so the sign-in's demo accounts cost no more."""

from __future__ import annotations

from typing import Any

__all__ = ["DemoSummary", "load_demo_county"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from shuangjian_desktop.services.demo import county

        return getattr(county, name)
    raise AttributeError(name)
