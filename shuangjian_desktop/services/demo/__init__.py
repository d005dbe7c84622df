"""The demo county (示范县) for a newcomer's first start: invented names, valid-format codes, same seed, same data."""

from shuangjian_desktop.services.demo.county import DemoSummary, load_demo_county

__all__ = ["DemoSummary", "load_demo_county"]
