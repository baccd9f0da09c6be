"""The g60desk command: opens the window, or does one job on a file and exits.

One module per family of verbs — files.py (sample, new, info, export-json, import-json), check.py,
printing.py (print), exchange.py (submit, merge, consolidate, xlsx) — put together by parser.py; start.py
chooses between the window and a verb without loading any of them; errors.py is the one place where a
refusal becomes one Chinese line on stderr and an exit status.

Exit status: 0 success; 1 the job found problems (e.g. 审核 errors); 2 the file cannot be opened or the
command is misused — with one line of Chinese on stderr and no traceback.
"""
from .start import main

__all__ = ["main"]
