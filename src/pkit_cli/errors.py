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


# Domain errors that name no option: cli.py words them for the command line (``worded``).


class EmptyDataPath(DataError):
    """The dataset path given (on the command line or in the environment) is empty."""

    def __init__(self) -> None:
        super().__init__("the dataset path is empty: give the path of a dataset file")


class NotYetPublished(LookupProblem):
    """Something asked for by id that did not exist yet on the as-of date."""

    def __init__(self, what: str, as_of: object) -> None:
        super().__init__(f"{what}, after the as-of date {as_of}")
        self.what = what
        self.as_of = as_of


class UnknownFields(UsageProblem):
    """Field names a report does not have (or none at all), with the ones it has."""

    def __init__(self, unknown: list[str], available: list[str]) -> None:
        if unknown:
            what = f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"
        else:
            what = "no fields given"
        super().__init__(f"{what}; available fields: {', '.join(available)}")
        self.unknown = unknown
        self.available = available


def cannot_write(name: str, reason: str) -> str:
    """Why a file could not be written, ``name`` being how the user named it (cli.py puts
    the option before the path): one wording wherever pkit writes a file."""
    return f"{name}: cannot write: {reason}"


class CannotWrite(PkitError):
    """An output file could not be written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(cannot_write(path, reason))
        self.path = path
        self.reason = reason


class OutputExists(PkitError):
    """The output file exists and replacing it was not asked for."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} exists")
        self.path = path


class UnknownChoice(UsageProblem):
    """A value outside a closed set of choices."""

    def __init__(self, what: str, value: str, choices: tuple[str, ...]) -> None:
        super().__init__(f"{what} '{value[:60]}' is unknown; choose one of {', '.join(choices)}")
        self.what = what
        self.value = value
        self.choices = choices
