"""The `pkit` command and `python -m pkit_cli`: the process policy, in one place.

Everything that concerns the process rather than a question — the garbage collector,
which commands Typer builds, Ctrl-C, streams that are closed or full, and leaving without
the interpreter's teardown — lives here and nowhere else; ``cli`` only answers.
"""

from __future__ import annotations

import gc
import os
import sys

INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def main() -> None:
    """Console-script entry point. A Ctrl-C at any moment, even while the imports run,
    ends with one line and exit 130, never a traceback nor a success."""
    try:
        # A run lives for a fraction of a second and makes no reference cycles worth
        # collecting (reference counting frees the rest); importing typer and pydantic makes
        # tens of thousands of objects and a query over a large dataset millions, and the
        # cyclic GC rescanning them cost 10 ms of a 150 ms start and doubled a large query
        # (README, Performance).
        gc.disable()
        _guard_closed_streams()
        _narrow_encodings()
        code = run(sys.argv[1:])
    except KeyboardInterrupt:
        code = interrupted()
    exit_now(code)


def run(args: list[str]) -> object:
    """Run one command line; the exit status (as SystemExit carries it)."""
    from .cli import GLOBAL_OPTIONS_WITH_VALUE, HELP_OPTIONS, app

    # Typer builds the parameters of every registered command on each run (~5 ms for ours);
    # a run needs only the command it names. Completion and help need them all.
    name = command_named(args, GLOBAL_OPTIONS_WITH_VALUE, HELP_OPTIONS)
    only = [c for c in app.registered_commands if c.name == name]
    if only and not any(k.startswith("_PKIT_COMPLETE") for k in os.environ):
        app.registered_commands = only
    try:
        app(args=args, prog_name="pkit")
    except SystemExit as e:
        return e.code
    return 0


def command_named(
    args: list[str], options_with_value: tuple[str, ...], help_options: tuple[str, ...]
) -> str | None:
    """The subcommand a command line runs, past the global options before it (the option
    names are the command line's, in cli.py); None for `pkit` alone or asking for help,
    which need every command."""
    skip_value = False
    for arg in args:
        if skip_value:
            skip_value = False
        elif arg in options_with_value:
            skip_value = True
        elif arg in help_options:
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def interrupted() -> int:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the message
    _write_stderr("pkit: interrupted\n")
    return INTERRUPTED


class _ClosedStdout:
    """Stands for a stdout the shell closed (`pkit … >&-`): Python leaves sys.stdout None,
    and the first write would be an AttributeError; this makes it the OSError it is."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import io

        raise io.UnsupportedOperation("standard output is closed")


def _guard_closed_streams() -> None:
    """A closed stderr (`2>&-`) loses the messages but never changes the exit status."""
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit


# What a stream that cannot encode pkit's typography shows instead (PYTHONIOENCODING=ascii,
# latin-1, a C locale): words and ASCII signs, then "?" for anything else.
_ASCII_FALLBACKS = {
    "—": "-", "–": "-", "−": "-", "→": "->", "…": "...", "×": "x", "÷": "/", "±": "+/-",
    "†": "+", "ʳ": "r", "ᵖ": "p", "ᵉ": "e", "“": '"', "”": '"', "‘": "'", "’": "'",
    "≈": "~", "≥": ">=", "≤": "<=", "·": ".", "•": "*", "\u00a0": " ",
}  # fmt: skip


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_ASCII_FALLBACKS.get(c, "?") for c in bad), error.end


def _narrow_encodings() -> None:
    """Output on a stream that cannot encode it is replaced, never an error: the text
    formats fall back to ASCII signs, and JSON escapes (output writes it ASCII-only)."""
    import codecs

    codecs.register_error("pkit-ascii", _fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="pkit-ascii")


def _write_stderr(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass  # nowhere left to say it; the exit status still does


def exit_now(code: object) -> None:
    """Flush and leave without the interpreter's teardown, which frees every object one by
    one: 0.5 s of a 2 s answer over a million observations. The OS reclaims it all at once.

    Output that cannot be written is an error (exit 1), except a reader that left early
    (`pkit … | head`), which is how pipes end."""
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        _write_stderr(code + "\n")
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except KeyboardInterrupt:
        status = interrupted()
    except OSError as e:
        status = status or 1
        _write_stderr(f"pkit: cannot write output: {e.strerror or e}\n")
    except (ValueError, AttributeError):
        pass  # already closed
    _write_stderr("")
    os._exit(status)


if __name__ == "__main__":
    main()
