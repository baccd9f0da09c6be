"""The window: Qt models, views and dialogs over the services (nothing below imports Qt)."""
from . import source_scan

source_scan.install()   # before the window's modules are imported: PySide6 looks into each (source_scan.py)
