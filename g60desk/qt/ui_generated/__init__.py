"""Python forms generated from ui/*.ui by g60desk/build_ui.py — do not edit by hand."""
