"""双减监管台账 (shuangjian_desktop): the county bureau's Double Reduction supervision ledgers."""

__version__ = "0.1.0"
APP_NAME = "双减监管台账"
