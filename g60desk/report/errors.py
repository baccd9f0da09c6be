"""The one error a print job reports to the person printing."""
from __future__ import annotations


class ReportError(ValueError):
    """A print job that cannot be done as asked (an unknown node …); the message is plain Chinese."""
