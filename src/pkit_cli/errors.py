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


def cut(text: str, limit: int = 60) -> str:
    """A value echoed in an error message, at most ``limit`` characters: a 1 MB argument
    is not worth a 1 MB line. (``output.print_message`` makes control characters visible.)"""
    return text if len(text) <= limit else text[: limit - 3] + "..."
