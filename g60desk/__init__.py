"""g60desk: 项目支出绩效目标申报 — the package. ``g60desk.__version__`` comes from g60desk/version.py."""


def __getattr__(name: str):
    if name == "__version__":     # computed when asked (it may ask git), not at every import
        from .version import version
        return version()
    raise AttributeError(f"module 'g60desk' has no attribute {name!r}")
