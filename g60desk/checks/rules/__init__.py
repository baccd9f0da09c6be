"""The rule catalog: importing this package registers every rule in ``findings.RULES``."""
from . import consistency, costs, dates, department, formulas, funding, goals, indicators, sums  # noqa: F401
