"""The errors pkit reports to users: one line on stderr and an exit code."""

from __future__ import annotations


class PkitError(Exception):
    """An error shown to the user as ``pkit: <message>``."""

    exit_code = 1


class DataError(PkitError):
    """The dataset could not be read or is invalid (exit 1)."""


class LookupProblem(PkitError):
    """An id, period or figure the data does not have (exit 1)."""


class UsageProblem(PkitError):
    """The command line asked for something malformed (exit 2)."""

    exit_code = 2
