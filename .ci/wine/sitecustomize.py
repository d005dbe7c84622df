"""Put into the Windows CPython's site-packages by .ci/windows (test infrastructure, never shipped).

Wine hands Windows programs the Linux environment but drops every QT_* variable, so .ci/windows passes them as
WINE_QT_* and this copies them back; WINE_CHECKOUT puts the checkout first on sys.path (the embeddable CPython's
python311._pth ignores PYTHONPATH)."""

import os
import sys

for _name, _value in list(os.environ.items()):
    if _name.upper().startswith("WINE_QT_"):
        os.environ[_name[len("WINE_") :]] = _value
if os.environ.get("WINE_CHECKOUT"):
    sys.path.insert(0, os.environ["WINE_CHECKOUT"])
