"""The rule catalog: importing this package registers every rule in ``findings.RULES``."""
from . import consistency, costs, dates, department, formulas, funding, indicators, sums  # noqa: F401
