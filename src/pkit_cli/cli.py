"""The command line: thin Typer commands that parse options, query, and hand a Report to
``output``. Output options (--format, --json, --fields) are added once, by ``query``."""

from __future__ import annotations

import enum
import functools
import importlib
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from enum import Enum
from typing import Annotated, Any, get_args

import typer

from . import __version__, completion, output, periods, schema
from .dataset import Data, load, resolve_overlays
from .errors import (
    CannotWrite,
    EmptyDataPath,
    NotYetPublished,
    PkitError,
    UnknownFields,
    UsageProblem,
    cannot_write,
    cut,
)
from .periods import PeriodError
from .report import Report
from .text import visible

try:  # typer >= 0.29 vendors click
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover - older typer depends on click
    # [import-not-found, no-redef]: checked against typer 0.29, where click is not installed.
    from click.exceptions import ClickException, UsageError  # type: ignore[import-not-found, no-redef]

INTERRUPTED = 130  # 128 + SIGINT, as shells report it
TOPICS_PANEL, ANALYSIS_PANEL, DATA_PANEL = "Topics", "Analysis", "Data"
# What the entry point needs to find the command a line runs (it builds only that one).
GLOBAL_OPTIONS_WITH_VALUE = ("--data", "--as-of", "--overlay")
HELP_OPTIONS = ("--help", "-h")
TOPICS: tuple[str, ...] = get_args(schema.Topic)  # the closed set the schema allows

# Closed sets of choices as enums: Typer then checks them (in any case), lists them in the
# error for a bad value, and completes them. [misc]: mypy sees an Enum's members only in a
# literal, and these are read from output.FORMATS and schema.Topic.
FormatChoice = Enum("FormatChoice", {name: name for name in output.FORMATS}, type=str)  # type: ignore[misc]
TopicChoice = Enum("TopicChoice", {name: name for name in TOPICS}, type=str)  # type: ignore[misc]


class State:
    """Global options, and the dataset loaded once, on first use. Carried by Typer's
    context object (``ctx.obj``) from the callback to the command."""

    def __init__(
        self,
        data_path: str | None = None,
        as_of: date | None = None,
        overlays: list[str] | None = None,
    ) -> None:
        self.data_path = data_path
        self.as_of = as_of
        self.overlays = overlays or []
        self._data: Data | None = None

    def data(self) -> Data:
        if self._data is None:
            paths = resolve_overlays(self.overlays)
            if paths:  # only then: a plain load pays nothing for overlays
                from . import overlay

                self._data = overlay.load(self.data_path, paths, self.as_of)
            else:
                self._data = load(self.data_path, self.as_of)
        return self._data

    def newest_figure(self) -> date | None:
        """The newest figure of the dataset, if a command loaded one (for a table's footer)."""
        return None if self._data is None else self._data.newest_figure()


def _data(ctx: typer.Context) -> Data:
    """The dataset the global options name, loaded on first use."""
    return _state(ctx).data()


def _state(ctx: typer.Context) -> State:
    if not isinstance(ctx.obj, State):  # a command invoked without the callback
        ctx.obj = State()
    return ctx.obj


# Any in the overrides below stands for click's own objects (Context, Parameter): their module
# is click under typer 0.28 and typer._click under 0.29, so neither can be named for both.


class PkitGroup(typer.core.TyperGroup):
    """Errors as one line on stderr: 'pkit: …', exit 1 for data, 2 for usage; never a
    traceback (PKIT_DEBUG=1 shows one)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,  # click's own keywords, passed through
    ) -> int:
        try:
            # Typer answers an Exit (--help, --version, a Ctrl-C it caught) by returning its
            # code rather than raising it when not standalone; a command returns None.
            returned = super().main(
                args,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = returned if isinstance(returned, int) else 0
            if code == INTERRUPTED:
                code = _report("interrupted", INTERRUPTED)
        except PkitError as e:
            code = _report(worded(e), e.exit_code)
        except UsageError as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # `pkit` alone: help was shown
                code = 0
            else:
                hint = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
                # Typer validates choices with pydantic, whose messages start "Value error, ".
                message = e.format_message().replace(": Value error, ", ": ")
                code = _report(_cut_quoted(message) + hint, 2)
        except ClickException as e:
            code = _report(e.format_message(), e.exit_code)
        except (PeriodError, OverflowError) as e:  # the schema bounds the data; the last net
            code = _report(f"out of range: {e}", 1)
        except typer.Abort:
            code = _report("interrupted", INTERRUPTED)
        except (typer.Exit, SystemExit) as e:
            # Rich (help, tables) and Typer answer a reader that left with exit 1; pkit
            # ends a pipe that closed early (`pkit --help | head`) as commands do: 0.
            if not isinstance(e.__context__, BrokenPipeError):
                raise
            code = 0
        except BrokenPipeError:  # the reader left (`pkit … | head`): how pipes end
            code = 0
        except OSError as e:  # reading the dataset is a DataError: this is writing
            # A named file (--install-completion's shell profile) or stdout (/dev/full, closed).
            what = visible(cut(str(e.filename), 200)) if e.filename else "output"
            code = _report(f"cannot write {what}: {e.strerror or e}", 1)
        except Exception as e:  # a bug: say so in one line, not a traceback
            if os.environ.get("PKIT_DEBUG"):
                raise
            code = _report(
                f"internal error: {type(e).__name__}: {e} (set PKIT_DEBUG=1 for details)", 1
            )
        if standalone_mode:
            sys.exit(code)
        return code

    def _main_shell_completion(self, *args: Any, **kwargs: Any) -> None:
        """Completion (the shell's Tab): after Typer has set up its shells' protocols."""
        completion.escape_for_bash()
        super()._main_shell_completion(*args, **kwargs)

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_type_labels(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        """Help panels in the order people need them: topics, analysis, then the data."""
        order: dict[str | None, int] = {TOPICS_PANEL: 0, ANALYSIS_PANEL: 1, DATA_PANEL: 2}
        names = super().list_commands(ctx)
        return sorted(
            names, key=lambda n: order.get(getattr(self.commands[n], "rich_help_panel", None), 3)
        )


def _without_type_labels(params: list[Any]) -> list[Any]:
    """Help without Typer's type labels (`<bool>` after a flag, `<str>` after an argument):
    a flag takes no value, and every value is named by its metavar (PERIOD, DATE, ID)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        elif param.param_type_name == "argument":
            param.display_type_rich = _no_type_label
    return params


def _no_type_label(ctx: Any) -> None:
    return None


class PkitCommand(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _without_type_labels(super().get_params(ctx))


def worded(e: PkitError) -> str:
    """A domain error in the command line's words: the option it came from."""
    if isinstance(e, NotYetPublished):
        return f"{e.what}, after --as-of {e.as_of}"
    if isinstance(e, UnknownFields):
        return f"--fields: {e}"
    if isinstance(e, EmptyDataPath):
        return "--data/PKIT_DATA is empty: give the path of a dataset file"
    if isinstance(e, CannotWrite):  # the one file pkit writes: a chart's SVG
        return cannot_write(f"--svg {visible(e.path)}", e.reason)
    return str(e)


def _cut_quoted(message: str) -> str:
    """Click's messages echo the value given in quotes: a 1 MB value is not worth a 1 MB
    line, so each quoted value is cut as pkit's own messages cut them."""
    return re.sub(r"'([^']{61,})'", lambda m: f"'{cut(m.group(1))}'", message)


def _report(message: str, code: int) -> int:
    output.print_message(f"pkit: {message}")
    return code


app = typer.Typer(
    cls=PkitGroup,
    name="pkit",
    help="Statistics on Pakistan's IT & digital economy: exports, growth, targets, tech parks, "
    "connectivity and talent, from one cited dataset.\n\n"
    "Examples:\n"
    "  pkit exports\n"
    "  pkit growth ict-exports --from 2020 --to 2025\n"
    "  pkit chart ict-exports\n"
    "  pkit monthly --from 2025-07\n"
    "  pkit ytd\n"
    "  pkit info\n"
    "  pkit targets --json | jq '.[] | {id, verdict}'",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"pkit {__version__}\n")
        raise typer.Exit()


def _parse_as_of(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        d = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(
            f"--as-of: '{visible(cut(text))}' is not a date; write YYYY-MM-DD, e.g. 2022-01-01"
        ) from None
    if d.year < 1947:
        raise UsageProblem(f"--as-of {d.isoformat()} is before any data could exist")
    return d


# Global options: on `pkit` itself and again on every command, so that they work before or
# after the command's name, as gh's do. Given twice, the value after the command wins.

GLOBAL_PANEL = "Global options"
_DATA_HELP = "Use this dataset file instead of the embedded one (or set PKIT_DATA)."
_AS_OF_HELP = "Answer as of DATE (YYYY-MM-DD): figures published later are invisible."
_OVERLAY_HELP = (
    "Add the figures of this overlay file on top of the dataset (repeatable; or set "
    "PKIT_OVERLAY, several files joined by the path separator). See `pkit add`."
)


# -> Any: typer.Option and typer.Argument return Any, to stand as any parameter's default.
def _option(
    *names: str,
    metavar: str | None,
    help: str,
    complete: Callable[..., Any] | None = None,
    **more: Any,
) -> Any:
    """An option that takes a value, named in help by its metavar, with no default shown
    (its help says what leaving it out means); ``complete`` completes its values."""
    return typer.Option(
        *names, metavar=metavar, help=help, show_default=False, autocompletion=complete, **more
    )


def _argument(
    help: str, metavar: str | None = None, complete: Callable[..., Any] | None = None
) -> Any:
    """An argument, as ``_option`` declares an option."""
    return typer.Argument(metavar=metavar, help=help, show_default=False, autocompletion=complete)


def _data_option(panel: str | None = None) -> Any:
    return _option("--data", metavar="PATH", help=_DATA_HELP, rich_help_panel=panel)


def _as_of_option(panel: str | None = None) -> Any:
    return _option("--as-of", metavar="DATE", help=_AS_OF_HELP, rich_help_panel=panel)


def _overlay_option(panel: str | None = None) -> Any:
    return _option("--overlay", metavar="FILE", help=_OVERLAY_HELP, rich_help_panel=panel)


@app.callback()
def main(
    ctx: typer.Context,
    data: Annotated[str | None, _data_option()] = None,
    as_of: Annotated[str | None, _as_of_option()] = None,
    overlay: Annotated[list[str] | None, _overlay_option()] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Statistics on Pakistan's IT & digital economy."""
    ctx.obj = State(data, _parse_as_of(as_of), overlay)


def _override_globals(
    ctx: typer.Context, data: str | None, as_of: str | None, overlays: list[str] | None = None
) -> None:
    """The global options given after the command's name replace those given before it;
    overlays add to them."""
    if data is None and as_of is None and not overlays:
        return
    state = _state(ctx)
    ctx.obj = State(
        data if data is not None else state.data_path,
        _parse_as_of(as_of) if as_of is not None else state.as_of,
        [*state.overlays, *(overlays or [])],
    )


_GLOBAL_PARAMETERS = [
    inspect.Parameter(
        "global_data",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[str | None, _data_option(GLOBAL_PANEL)],
    ),
    inspect.Parameter(
        "global_as_of",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[str | None, _as_of_option(GLOBAL_PANEL)],
    ),
    inspect.Parameter(
        "global_overlay",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[list[str] | None, _overlay_option(GLOBAL_PANEL)],
    ),
]


# Output options, registered once for every query command (as gh's --json is) -------------
# (and the global options again, after them: see _GLOBAL_PARAMETERS)

_OUTPUT_PARAMETERS = [
    inspect.Parameter(
        "format_",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            FormatChoice | None,
            _option(
                "--format",
                "-f",
                metavar="FORMAT",
                help="table (default), json, csv, tsv or markdown.",
                case_sensitive=False,
            ),
        ],
    ),
    inspect.Parameter(
        "json_",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")],
    ),
]


def _fields_parameter(fields: Callable[[Data], Iterable[str]] | None) -> inspect.Parameter:
    """--fields, completing the names of the fields of the command's report."""
    return inspect.Parameter(
        "fields",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            _option(
                "--fields",
                metavar="A,B,C",
                help="Only these fields of the rows, in this order (an unknown name lists the "
                "valid ones). JSON keeps the object around the rows; a table leaves out the "
                "lines above it.",
                complete=None if fields is None else completion.field_names(fields),
            ),
        ],
    )


def _choose_format(choice: Enum | None, json_flag: bool) -> output.Format:
    fmt = None if choice is None else choice.value
    if json_flag and fmt not in (None, "json"):
        raise UsageProblem(f"--json conflicts with --format {fmt}: give one of them")
    return "json" if json_flag else (fmt or "table")


def _declared(module: str, *lists: str) -> Callable[[Data], list[str]]:
    """The keys of the field lists a report module declares beside the code that fills
    them (imported only when --fields is completed)."""

    def keys(data: Data) -> list[str]:
        declared = importlib.import_module(f"{__package__}.reports.{module}")
        return [f.key for name in lists for f in getattr(declared, name)]

    return keys


def _exports_fields(data: Data) -> list[str]:
    """The exports table has a column per exports indicator the dataset has."""
    from .reports import exports as build

    return [f.key for f in build.exports(data, None, None).fields]


def reflowed(doc: str | None) -> str:
    """A command's help as Typer should print it: each paragraph of prose one line, for
    Rich to wrap at the terminal's width (Typer keeps a docstring's line breaks, which
    break sentences mid-line); the lines of the Examples block stay lines."""
    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(p if p.startswith("Examples:") else " ".join(p.split()) for p in paragraphs)


_CITE_PARAMETER = inspect.Parameter(
    "cite_",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[
        bool,
        typer.Option(
            "--cite",
            help="Cite the sources in full (publisher, title, date, URL) on a terminal "
            "too, as pipes and files always do.",
        ),
    ],
)
_SHORT_CITATIONS_HINT = "In full: --cite, or `pkit sources`."


def query(
    name: str,
    panel: str,
    fields: Callable[[Data], Iterable[str]] | None = None,
    cite: bool = False,
) -> Callable[[Callable[..., Report]], Callable[..., None]]:
    """Register a command that returns a Report; add the output options to it. ``fields``
    lists the names of the fields of its report, for completing --fields; ``cite`` adds
    --cite, for a report with a sources footer, which a terminal shows short."""

    def register(build: Callable[..., Report]) -> Callable[..., None]:
        signature = inspect.signature(build, eval_str=True)

        @functools.wraps(build)
        def command(  # *args, **kwargs: the builder's own parameters, as Typer parsed them
            *args: Any,
            format_: Enum | None,
            json_: bool,
            fields: str | None,
            global_data: str | None,
            global_as_of: str | None,
            global_overlay: list[str] | None,
            **kwargs: Any,
        ) -> None:
            _override_globals(kwargs["ctx"], global_data, global_as_of, global_overlay)
            fmt = _choose_format(format_, json_)
            in_full = kwargs.pop("cite_", False)
            report = build(*args, **kwargs)
            hint = None if in_full else _SHORT_CITATIONS_HINT if cite else output.FULL_CITATIONS
            # Only a table or Markdown shows the footer: JSON and CSV never pay for it.
            newest = _state(kwargs["ctx"]).newest_figure() if fmt in output.PEOPLE else None
            output.emit(report, fmt, fields, citations=hint, data_as_of=newest)
            if report.exit_code:  # e.g. pkit check found a failure: output first, then exit 1
                raise SystemExit(report.exit_code)

        # Typer reads the parameters a function's __signature__ declares: the builder's and
        # the output options. [attr-defined]: a function type declares no such attribute.
        command.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=list(signature.parameters.values())
            + _OUTPUT_PARAMETERS
            + [_fields_parameter(fields)]
            + ([_CITE_PARAMETER] if cite else [])
            + _GLOBAL_PARAMETERS
        )
        command.__doc__ = reflowed(build.__doc__)
        app.command(name, cls=PkitCommand, rich_help_panel=panel)(command)
        return command

    return register


# Option types shared by several commands --------------------------------------------------


def _period_option(*names: str, help: str) -> Any:
    return _option(*names, metavar="PERIOD", help=help, complete=completion.period_labels)


FromOpt = Annotated[
    str | None, _period_option("--from", help="First period, e.g. FY2019-20, FY20, 2020.")
]
IndicatorArg = Annotated[
    str, _argument("Indicator id (see `pkit indicators`).", complete=completion.indicator_ids)
]
ToOpt = Annotated[
    str | None, _period_option("--to", help="Last period, e.g. FY2024-25, FY25, 2025.")
]


OutOpt = Annotated[
    str | None,
    _option(
        "--out",
        "-o",
        metavar="FILE",
        help="Also write a chart fit to print: FILE.png, .svg or .pdf (needs the charts extra).",
    ),
]


def _span(
    first: str | None, last: str | None
) -> tuple[periods.Period | None, periods.Period | None]:
    a = periods.parse_given(first, "--from")
    b = periods.parse_given(last, "--to")
    if a is not None and b is not None and b < a:
        raise UsageProblem(f"--from {a.label} is after --to {b.label}: swap them")
    return a, b


# Commands ---------------------------------------------------------------------------------


@query("exports", TOPICS_PANEL, _exports_fields, cite=True)
def exports(ctx: typer.Context, first: FromOpt = None, last: ToOpt = None) -> Report:
    """ICT services exports, freelancing and their total, one row per fiscal year.

    Derived figures are marked †, revised ones ʳ; a missing figure is unknown, not zero.

    Examples:
      pkit exports
      pkit exports --from FY2022-23 --json
      pkit exports --fields period,it_exports_total --format csv
    """
    from .reports import exports as build

    return build.exports(_data(ctx), *_span(first, last))


@query("indicators", DATA_PANEL, _declared("indicators", "INDICATOR_FIELDS"))
def indicators(
    ctx: typer.Context,
    topic: Annotated[
        TopicChoice | None,
        _option(
            "--topic",
            metavar="TOPIC",
            help="Only this topic: exports, parks, connectivity or talent.",
            case_sensitive=False,
        ),
    ] = None,
) -> Report:
    """Every indicator with its latest figure.

    Examples:
      pkit indicators
      pkit indicators --topic connectivity
      pkit indicators --json
    """
    from .reports import indicators as build

    return build.indicators(_data(ctx), None if topic is None else topic.value)


@query("show", DATA_PANEL, _declared("indicators", "OBSERVATION_FIELDS"))
def show(
    ctx: typer.Context,
    indicator: IndicatorArg,
    period: Annotated[
        str | None, _period_option("--period", "-p", help="Only this period.")
    ] = None,
    vintages: Annotated[
        bool, typer.Option("--vintages", help="Every release of each figure, oldest first.")
    ] = False,
    cite: Annotated[
        bool,
        typer.Option(
            "--cite", help="One paste-ready citation line for the figure (needs --period)."
        ),
    ] = False,
) -> Report:
    """One indicator: definition, notes, and every figure with status, as-of date and source.

    Examples:
      pkit show ict-exports
      pkit show ict-exports --vintages
      pkit show freelancing --period FY2024-25 --json
      pkit show ict-exports --period FY2020-21 --cite
    """
    p = periods.parse_given(period, "--period")
    if cite:
        if vintages:
            raise UsageProblem("--cite cites one figure; it cannot be combined with --vintages")
        if p is None:
            _data(ctx).indicator(indicator)  # an unknown id is the first thing to say
            raise UsageProblem(
                "--cite cites one figure: give --period too, e.g. --period FY2024-25"
            )
        from .reports import sources as cited

        return cited.cite(_data(ctx), indicator, p)
    from .reports import indicators as build

    return build.show(_data(ctx), indicator, p, vintages)


@query("growth", ANALYSIS_PANEL, _declared("growth", "GROWTH_FIELDS", "YOY_FIELDS"))
def growth(
    ctx: typer.Context,
    indicators: Annotated[
        list[str],
        _argument(
            "One or more indicator ids.", metavar="INDICATOR", complete=completion.indicator_ids
        ),
    ],
    first: FromOpt = None,
    last: ToOpt = None,
) -> Report:
    """Growth between two periods: change, % change, years and CAGR.

    With --from and --to: one row per indicator. With only one of them: from that period to
    the latest, or from the earliest to it. With neither: the year-on-year table of the whole
    series and its compound annual growth rate (CAGR) over the full span.

    Examples:
      pkit growth ict-exports --from 2020 --to 2025
      pkit growth ict-exports freelancing
      pkit growth it-exports-total --from FY24 --json
    """
    from .reports import growth as build

    return build.growth(_data(ctx), indicators, *_span(first, last))


def _month(text: str | None, option: str) -> periods.Period | None:
    """A month as the user may write it (2025-12, Dec 2025, December 2025, 2025/12)."""
    p = periods.parse_given(text, option)
    if p is not None and p.kind != "month":
        raise UsageProblem(
            f"{option} {p.label} is not a month; give one as 2025-12, Dec 2025, "
            "December 2025 or 2025/12"
        )
    return p


MonthlyIndicatorArg = Annotated[
    str,
    _argument(
        "A flow series with monthly figures (default: ict-exports).",
        metavar="INDICATOR",
        complete=completion.indicator_ids,
    ),
]


def _month_option(name: str, help_text: str) -> Any:
    return _option(name, metavar="MONTH", help=help_text, complete=completion.month_labels)


@query("monthly", ANALYSIS_PANEL, _declared("monthly", "MONTHLY_FIELDS"), cite=True)
def monthly(
    ctx: typer.Context,
    indicator: MonthlyIndicatorArg = "ict-exports",
    first: Annotated[
        str | None, _month_option("--from", "First month, e.g. 2025-07, Jul 2025, 2025/07.")
    ] = None,
    last: Annotated[
        str | None, _month_option("--to", "Last month, e.g. 2026-02, Feb 2026, 2026/02.")
    ] = None,
) -> Report:
    """Month by month: each month's value against the same month a year earlier, the fiscal
    year to date (from July) and the twelve-month rolling total, each with its growth.

    Sums are taken only when every month is in the data; a total that includes a derived
    month is marked as derived.

    Examples:
      pkit monthly
      pkit monthly --from 2025-07
      pkit monthly ict-exports --from "Dec 2024" --to "Feb 2025" --json
    """
    from .reports import monthly as build

    a, b = _month(first, "--from"), _month(last, "--to")
    if a is not None and b is not None and b < a:
        raise UsageProblem(f"--from {a.label} is after --to {b.label}: swap them")
    return build.monthly(_data(ctx), indicator, a, b)


@query("ytd", ANALYSIS_PANEL, _declared("monthly", "YTD_FIELDS"), cite=True)
def ytd(
    ctx: typer.Context,
    indicator: MonthlyIndicatorArg = "ict-exports",
    through: Annotated[
        str | None,
        _month_option("--through", "The last month of the span (default: the latest)."),
    ] = None,
) -> Report:
    """The fiscal year to date against the same months a year earlier, summed from the
    months, and beside it the cumulative total a source printed for that span, with
    whether the two agree within rounding.

    Examples:
      pkit ytd
      pkit ytd --through 2025-12
      pkit ytd --through "Dec 2024" --json
    """
    from .reports import monthly as build

    return build.ytd(_data(ctx), indicator, _month(through, "--through"))


@query(
    "targets",
    TOPICS_PANEL,
    _declared("targets", "TARGET_FIELDS", "WHAT_IF_FIELDS", "HISTORY_FIELDS"),
    cite=True,
)
def targets(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        _argument("One target, with its arithmetic spelled out.", "ID", completion.target_ids),
    ] = None,
    rate: Annotated[
        float | None,
        _option(
            "--rate",
            metavar="PCT",
            help="Project at this % a year instead of the recent pace (a what-if).",
        ),
    ] = None,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart",
            help="With ID: the actual series against the path the required rate takes "
            "to the deadline, year by year.",
        ),
    ] = False,
    out: OutOpt = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Every target in the order it was set, with the actual at its deadline "
            "or today's projection: the moving goalposts.",
        ),
    ] = False,
) -> Report:
    """Government targets: progress, the rate needed, the recent pace and a verdict.

    A deadline year under way (months in the data, no full-year figure) is judged by its
    run-rate and a projection, labelled as one.

    Examples:
      pkit targets
      pkit targets T8
      pkit targets --history
      pkit targets T1 --chart
      pkit targets T1 --chart --out t1-path.png
      pkit targets --rate 20 --json
    """
    if history:
        given = [
            name
            for name, value in (("the ID", target), ("--rate", rate), ("--chart", chart or None))
            if value is not None
        ] + (["--out"] if out is not None else [])
        if given:
            raise UsageProblem(
                f"--history lists every target in the order set: leave out {given[0]} "
                "(one target's working: pkit targets ID)"
            )
        from .reports import targets as build

        return build.history(_data(ctx))
    if rate is not None and not -99 < rate < 1000:
        raise UsageProblem(f"--rate {rate:g} is out of range; give a yearly % between -99 and 1000")
    fraction = None if rate is None else rate / 100  # one unit below the command line
    if chart:
        if target is None:
            raise UsageProblem("--chart needs a target ID, e.g. pkit targets T1 --chart")
        from .reports import charts

        report = charts.target_path(_data(ctx), target, fraction)
        if out is not None:
            _print_chart(report, out, "--out")
        return report
    if out is not None:
        raise UsageProblem("--out draws a target's path: add --chart and an ID")
    from .reports import targets as build

    return build.targets(_data(ctx), target, fraction)


def _topic_command(name: str, summary: str, examples: str) -> None:
    def command(ctx: typer.Context) -> Report:
        from .reports import topics

        return topics.topic(_data(ctx), name)

    command.__name__ = name
    command.__doc__ = f"{summary}\n\nExamples:\n{examples}"
    query(name, TOPICS_PANEL, _declared("topics", "TOPIC_FIELDS"), cite=True)(command)


_topic_command(
    "parks",
    "Tech parks, Special Technology Zones, new co-working spaces and the professionals they house.",
    "  pkit parks\n  pkit parks --json\n  pkit parks --format markdown",
)
_topic_command(
    "connectivity",
    "Mobile and telecom subscribers, broadband users, teledensity, data usage, villages connected.",
    "  pkit connectivity\n  pkit connectivity --fields name,period,value --format csv",
)
_topic_command(
    "talent",
    "Young people trained in digital skills, and the programmes that trained them.",
    "  pkit talent\n  pkit talent --json",
)


# Trust: sources, the audit, validation and the schema ------------------------------------


@query("sources", DATA_PANEL, _declared("sources", "SOURCE_FIELDS", "SUPPORT_FIELDS"))
def sources(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        _argument("One source, with every figure, statement and target it supports.", "ID"),
    ] = None,
) -> Report:
    """Every source: publisher, title, date, URL and what it supports.

    Examples:
      pkit sources
      pkit sources arynews-2022-07-28
      pkit sources --json | jq '.[] | {id, url}'
    """
    from .reports import sources as build

    return build.sources(_data(ctx), source)


@query("check", DATA_PANEL, _declared("audit", "CHECK_FIELDS"))
def check(ctx: typer.Context) -> Report:
    """Audit the dataset: components add up, stated growth matches the levels, derived
    figures reproduce their formulas, targets have series. Exit 1 if any check fails.

    Rounding-aware: 3.2 bn stands for 3.15–3.25 bn, and only a contradiction outside the
    ranges the stated precision allows is a failure.

    Examples:
      pkit check
      pkit --data my.json check
      pkit check --json | jq '.checks[] | select(.status != "pass")'
    """
    from .reports import audit

    return audit.check(_data(ctx))


@query("info", DATA_PANEL, _declared("info", "INFO_FIELDS"))
def info(ctx: typer.Context) -> Report:
    """How old the data is: the dataset's version and newest figure; for each headline
    series its latest period, when it was published, and when the next release was due
    (judged against today, or --as-of).

    Examples:
      pkit info
      pkit info --as-of 2026-04-01
      pkit --as-of 2026-11-28 info --json
    """
    from .reports import info as build

    return build.info(_data(ctx), __version__)


def _day_option(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageProblem(
            f"{option}: '{visible(cut(text))}' is not a date; write YYYY-MM-DD, e.g. 2026-04-20"
        ) from None


def add_command(
    ctx: typer.Context,
    indicator: IndicatorArg,
    period: Annotated[
        str, typer.Argument(metavar="PERIOD", help="The figure's period, e.g. 2026-03.")
    ],
    value: Annotated[
        float,
        typer.Argument(metavar="VALUE", help="The figure in base units (USD, not mn)."),
    ],
    source_url: Annotated[
        str, typer.Option("--source-url", metavar="URL", help="The page that printed it.")
    ],
    published: Annotated[
        str,
        typer.Option(
            "--published", metavar="DATE", help="When the page was published (YYYY-MM-DD)."
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The overlay file (created if missing)."
        ),
    ],
    publisher: Annotated[
        str | None, _option("--publisher", metavar="P", help="Default: the URL's host.")
    ] = None,
    title: Annotated[
        str | None, _option("--title", metavar="T", help="The headline as printed.")
    ] = None,
) -> None:
    """Add a cited figure of your own (a newer release) to an overlay file.

    The figure is checked against the dataset in use before the file is written, and the
    file is replaced whole or not at all. A figure for a period the data already has,
    published later, is a revision. Use the file with --overlay FILE (or PKIT_OVERLAY).

    Examples:
      pkit add ict-exports 2026-03 400000000 --published 2026-04-20 --source-url https://example.org/m -o mine.json
      pkit add ict-exports "Mar 2026" 4e8 --published 2026-04-20 --source-url https://example.org/m -o mine.json
    """
    from . import overlay

    when = _day_option(published, "--published")
    p = periods.parse_given(period, "PERIOD")
    assert p is not None
    added = overlay.add(_data(ctx), out, indicator, p, value, source_url, when, publisher, title)
    what = f"{added.indicator} {p.label} = {added.observation['value']}"
    if added.text is None:
        output.print_message(f"{what} as of {when} is already there; {out} unchanged")
        return
    try:
        with output.file_replaced_whole(out, force=True) as temporary:
            output.write_text_file(temporary, added.text)
    except CannotWrite as e:
        raise PkitError(cannot_write(f"-o {visible(e.path)}", e.reason)) from None
    output.print_message(
        f"Added {what} ({added.observation['status']}, source {added.source}) to {out}"
    )


add_command.__doc__ = reflowed(add_command.__doc__)
app.command("add", cls=PkitCommand, rich_help_panel=DATA_PANEL)(add_command)


@query("validate", DATA_PANEL, _declared("sources", "PROBLEM_FIELDS"))
def validate(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        _argument(
            "A dataset file (default: --data, $PKIT_DATA, else the embedded dataset).", "FILE"
        ),
    ] = None,
) -> Report:
    """Validate a dataset file: every problem at once, with its JSON path. Exit 1 if any.

    Examples:
      pkit validate
      pkit validate my.json
      pkit validate my.json --json
    """
    from .dataset import resolve_path, validate_file
    from .reports import sources as build

    return build.validate(
        validate_file(file if file is not None else resolve_path(_state(ctx).data_path))
    )


@app.command(
    "schema",
    cls=PkitCommand,
    rich_help_panel=DATA_PANEL,
    help=reflowed(
        """Print the JSON Schema of a dataset file (generated from the models pkit validates with).

    Examples:
      pkit schema > pkit-dataset.schema.json
      pkit schema | python -m json.tool --sort-keys
    """
    ),
)
def schema_command() -> None:
    """Print the JSON Schema of a dataset file (generated from the models pkit validates with).

    Examples:
      pkit schema > pkit-dataset.schema.json
      pkit schema | python -m json.tool --sort-keys
    """
    from .schema import Dataset

    output.write_json_document(Dataset.model_json_schema())


# Charts -----------------------------------------------------------------------------------


@query("chart", ANALYSIS_PANEL, _declared("charts", "CHART_FIELDS"), cite=True)
def chart(
    ctx: typer.Context,
    indicator: IndicatorArg,
    first: FromOpt = None,
    last: ToOpt = None,
    out: OutOpt = None,
    svg: Annotated[
        str | None,
        _option(
            "--svg",
            metavar="FILE",
            help="Deprecated: the same as --out FILE.svg (goes in the next release).",
            hidden=True,
        ),
    ] = None,
    monthly: Annotated[
        bool,
        typer.Option(
            "--monthly",
            help="The months of a flow series (e.g. ict-exports), grouped by fiscal year; "
            "a series with only months is charted so without it.",
        ),
    ] = False,
) -> Report:
    """A bar chart of one indicator: a bar per period (latest vintage), its targets marked.

    Derived, revised and provisional figures have their own fill and marker. On a terminal
    the chart is drawn; in a pipe, or with --format, the plotted rows are output instead.
    With --out, a chart fit to print is also written (PNG, SVG or PDF, by the file's
    extension; needs the charts extra: pip install 'pkit-cli[charts]').

    Examples:
      pkit chart ict-exports
      pkit chart ict-exports --from FY2021-22 --out ict-exports.png
      pkit chart telecom-subscriptions --json
      pkit chart ict-exports --monthly --from 2024-07
    """
    from .reports import charts

    report = charts.chart(_data(ctx), indicator, *_span(first, last), monthly=monthly)
    if svg is not None:
        report.messages.append("--svg FILE is now --out FILE.svg; --svg goes in the next release")
        _print_chart(report, svg, "--svg")
    if out is not None:
        _print_chart(report, out, "--out")
    return report


def _print_chart(report: Report, path: str, option: str) -> None:
    """Write the report's chart fit to print (matplotlib), whole or not at all."""
    from . import print_chart

    assert report.chart is not None
    try:
        fmt = print_chart.file_format(path)
        with output.file_replaced_whole(path, force=True) as temporary:
            print_chart.save(report.chart, temporary, fmt)
    except print_chart.ChartFormatProblem:
        raise UsageProblem(f"{option} {visible(path)}: name the file .png, .svg or .pdf") from None
    except CannotWrite as e:
        raise PkitError(cannot_write(f"{option} {visible(path)}", e.reason)) from None
    except OSError as e:  # matplotlib writing into the temporary file
        raise PkitError(cannot_write(f"{option} {visible(path)}", str(e.strerror or e))) from None
    report.messages.append(f"Chart written to {path}")


# Export -------------------------------------------------------------------------------------


class Frequency(enum.StrEnum):
    annual = "annual"
    partial_year = "partial-year"
    monthly = "monthly"
    daily = "daily"


class ExportFormat(enum.StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    sqlite = "sqlite"


def export_command(
    ctx: typer.Context,
    format_: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="csv, jsonl (one JSON object per line) or sqlite (needs -o).",
        ),
    ] = ExportFormat.csv,
    out: Annotated[
        str | None,
        _option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (required for sqlite; default: stdout).",
        ),
    ] = None,
    vintages: Annotated[
        bool,
        typer.Option(
            "--vintages",
            help="Every release of each figure, not only the latest (csv and jsonl; a "
            "database always holds every release, with a view 'latest').",
        ),
    ] = False,
    indicator: Annotated[
        str | None,
        _option(
            "--indicator",
            "-i",
            metavar="ID",
            help="Only this indicator (csv and jsonl).",
            complete=completion.indicator_ids,
        ),
    ] = None,
    frequency: Annotated[
        Frequency | None,
        _option(
            "--frequency",
            metavar=None,
            help="Only periods of this kind (csv and jsonl).",
            case_sensitive=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """The whole dataset as one tidy table, or as a SQLite database.

    One row per observation, with its indicator, unit, period and its dates, value,
    status, vintage (as-of date) and source. A database also holds the indicators,
    sources, targets and statements, with keys, a view of the latest vintages and a
    table describing every column.

    Examples:
      pkit export > pkit.csv
      pkit export --format jsonl --vintages -o pkit.jsonl
      pkit export --format sqlite -o pkit.db
      pkit export --indicator ict-exports --format jsonl
    """
    from . import sqlite_store
    from .errors import OutputExists
    from .reports import export

    data = _data(ctx)
    try:
        if format_ is ExportFormat.sqlite:
            if out is None:
                raise UsageProblem("--format sqlite needs -o FILE: a database is a file")
            if indicator is not None or frequency is not None:
                raise UsageProblem(
                    "--format sqlite writes the whole dataset: drop --indicator and --frequency"
                )
            tables = {
                "sources": export.source_rows(data),
                "indicators": export.indicator_rows(data),
                "periods": export.period_rows(data),
                "statements": export.statement_rows(data),
                "targets": export.target_rows(data),
            }
            with output.file_replaced_whole(out, force=force) as temporary:
                sqlite_store.write(
                    temporary, tables, export.observation_blocks(data, vintages=True, ordered=False)
                )
        else:
            rows = export.observation_blocks(
                data,
                vintages=vintages,
                indicator=indicator,
                frequency=None if frequency is None else frequency.value,
            )
            write = (
                functools.partial(output.stream_csv, export.KEYS, free_text=export.FREE_TEXT)
                if format_ is ExportFormat.csv
                else functools.partial(output.stream_jsonl, export.KEYS)
            )
            if out is None:
                write(rows, sys.stdout)
                return
            with (
                output.file_replaced_whole(out, force=force) as temporary,
                open(temporary, "w", encoding="utf-8", newline="") as f,
            ):
                write(rows, f)
    except OutputExists as e:
        raise PkitError(f"{visible(e.path)} exists; add --force to replace it") from None
    except CannotWrite as e:
        raise PkitError(cannot_write(f"-o {visible(e.path)}", e.reason)) from None
    output.print_message(f"Wrote {out}")


export_command.__doc__ = reflowed(export_command.__doc__)
app.command("export", cls=PkitCommand, rich_help_panel=DATA_PANEL)(export_command)
