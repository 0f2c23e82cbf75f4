"""The command line: thin Typer commands that parse options, query, and hand a Report to
``output``. Output options (--format, --json, --fields) are added once, by ``query``."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, get_args

import typer

from . import __version__, completion, output, reports, schema
from .dataset import Data, load
from .errors import PkitError, UsageProblem, cut
from .periods import PeriodError

try:  # typer >= 0.29 vendors click
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover - older typer depends on click
    from click.exceptions import ClickException, UsageError

INTERRUPTED = 130  # 128 + SIGINT, as shells report it
TOPICS_PANEL, ANALYSIS_PANEL, DATA_PANEL = "Topics", "Analysis", "Data"
TOPICS: tuple[str, ...] = get_args(schema.Topic)  # the closed set the schema allows


class _State:
    """Global options, and the dataset loaded once, on first use."""

    def __init__(self) -> None:
        self.data_path: str | None = None
        self.as_of: date | None = None
        self._data: Data | None = None

    def data(self) -> Data:
        if self._data is None:
            self._data = load(self.data_path, self.as_of)
        return self._data


state = _State()


class PkitGroup(typer.core.TyperGroup):
    """Errors as one line on stderr: 'pkit: …', exit 1 for data, 2 for usage; never a
    traceback (PKIT_DEBUG=1 shows one)."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            # Typer answers an Exit (--help, --version, a Ctrl-C it caught) by returning its
            # code rather than raising it when not standalone; a command returns None.
            returned = super().main(*args, standalone_mode=False, **kwargs)
            code = returned if isinstance(returned, int) else 0
            if code == INTERRUPTED:
                code = _report("interrupted", INTERRUPTED)
        except PkitError as e:
            code = _report(str(e), e.exit_code)
        except UsageError as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # `pkit` alone: help was shown
                code = 0
            else:
                hint = f" (see '{e.ctx.command_path} --help')" if e.ctx is not None else ""
                code = _report(e.format_message() + hint, 2)
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
            what = output.visible(cut(str(e.filename), 200)) if e.filename else "output"
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

    def list_commands(self, ctx: Any) -> list[str]:
        """Help panels in the order people need them: topics, analysis, then the data."""
        order = {TOPICS_PANEL: 0, ANALYSIS_PANEL: 1, DATA_PANEL: 2}
        names = super().list_commands(ctx)
        return sorted(
            names, key=lambda n: order.get(getattr(self.commands[n], "rich_help_panel", None), 3)
        )


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
            f"--as-of: '{output.visible(cut(text))}' is not a date; write YYYY-MM-DD, e.g. 2022-01-01"
        ) from None
    if d.year < 1947:
        raise UsageProblem(f"--as-of {d.isoformat()} is before any data could exist")
    return d


@app.callback()
def main(
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="Use this dataset file instead of the embedded one (or set PKIT_DATA).",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Answer as of DATE (YYYY-MM-DD): figures published later are invisible.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Statistics on Pakistan's IT & digital economy."""
    state.data_path = data
    state.as_of = _parse_as_of(as_of)
    state._data = None


# Output options, registered once for every query command (as gh's --json is) -------------

_OUTPUT_PARAMETERS = [
    inspect.Parameter(
        "format_",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            typer.Option(
                "--format",
                "-f",
                metavar="FORMAT",
                help="table (default), json, csv, tsv or markdown.",
                show_default=False,
                autocompletion=completion.format_names,
            ),
        ],
    ),
    inspect.Parameter(
        "json_",
        inspect.Parameter.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")],
    ),
    inspect.Parameter(
        "fields",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            typer.Option(
                "--fields",
                metavar="A,B,C",
                help="Only these fields, in this order (an unknown name lists the valid ones).",
                show_default=False,
            ),
        ],
    ),
]


def query(name: str, panel: str) -> Callable[[Callable[..., output.Report]], Callable[..., None]]:
    """Register a command that returns a Report; add the output options to it."""

    def register(build: Callable[..., output.Report]) -> Callable[..., None]:
        signature = inspect.signature(build, eval_str=True)

        @functools.wraps(build)
        def command(
            *args: Any, format_: str | None, json_: bool, fields: str | None, **kwargs: Any
        ) -> None:
            fmt = output.choose_format(format_, json_)
            report = build(*args, **kwargs)
            output.emit(report, fmt, fields)
            if report.exit_code:  # e.g. pkit check found a failure: output first, then exit 1
                raise SystemExit(report.exit_code)

        command.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=list(signature.parameters.values()) + _OUTPUT_PARAMETERS
        )
        app.command(name, rich_help_panel=panel)(command)
        return command

    return register


# Option types shared by several commands --------------------------------------------------

FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="PERIOD",
        help="First period, e.g. FY2019-20, FY20, 2020.",
        show_default=False,
        autocompletion=completion.period_labels,
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="PERIOD",
        help="Last period, e.g. FY2024-25, FY25, 2025.",
        show_default=False,
        autocompletion=completion.period_labels,
    ),
]


def _span(first: str | None, last: str | None) -> tuple[Any, Any]:
    a = reports.parse_period_option(first, "--from")
    b = reports.parse_period_option(last, "--to")
    reports.check_span(a, b)
    return a, b


# Commands ---------------------------------------------------------------------------------


@query("exports", TOPICS_PANEL)
def exports(first: FromOpt = None, last: ToOpt = None) -> output.Report:
    """IT & ITeS services exports, freelancing and their total, one row per fiscal year.

    Derived figures are marked †, revised ones ʳ; a missing figure is unknown, not zero.

    Examples:
      pkit exports
      pkit exports --from FY2022-23 --json
      pkit exports --fields period,it_exports_total --format csv
    """
    return reports.exports(state.data(), *_span(first, last))


@query("indicators", DATA_PANEL)
def indicators(
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help="Only this topic: exports, parks, connectivity or talent.",
            show_default=False,
        ),
    ] = None,
) -> output.Report:
    """Every indicator with its latest figure.

    Examples:
      pkit indicators
      pkit indicators --topic connectivity
      pkit indicators --json
    """
    if topic is not None and topic not in TOPICS:
        raise UsageProblem(
            f"--topic '{output.visible(cut(topic))}' is unknown; choose one of {', '.join(TOPICS)}"
        )
    return reports.indicators(state.data(), topic)


@query("show", DATA_PANEL)
def show(
    indicator: Annotated[
        str,
        typer.Argument(
            help="Indicator id (see `pkit indicators`).",
            show_default=False,
            autocompletion=completion.indicator_ids,
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            metavar="PERIOD",
            help="Only this period.",
            show_default=False,
            autocompletion=completion.period_labels,
        ),
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
) -> output.Report:
    """One indicator: definition, notes, and every figure with status, as-of date and source.

    Examples:
      pkit show ict-exports
      pkit show ict-exports --vintages
      pkit show freelancing --period FY2024-25 --json
      pkit show ict-exports --period FY2020-21 --cite
    """
    p = reports.parse_period_option(period, "--period")
    if cite:
        if vintages:
            raise UsageProblem("--cite cites one figure; it cannot be combined with --vintages")
        from . import trust_reports

        return trust_reports.cite(state.data(), indicator, p)
    return reports.show(state.data(), indicator, p, vintages)


@query("growth", ANALYSIS_PANEL)
def growth(
    indicators: Annotated[
        list[str],
        typer.Argument(
            metavar="INDICATOR",
            help="One or more indicator ids.",
            show_default=False,
            autocompletion=completion.indicator_ids,
        ),
    ],
    first: FromOpt = None,
    last: ToOpt = None,
) -> output.Report:
    """Growth between two periods: change, % change, years and CAGR.

    With --from and --to: one row per indicator. With only one of them: from that period to
    the latest, or from the earliest to it. With neither: the year-on-year table of the whole
    series and its compound annual growth rate (CAGR) over the full span.

    Examples:
      pkit growth ict-exports --from 2020 --to 2025
      pkit growth ict-exports freelancing
      pkit growth it-exports-total --from FY24 --json
    """
    return reports.growth(state.data(), indicators, *_span(first, last))


@query("targets", TOPICS_PANEL)
def targets(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One target, with its arithmetic spelled out.",
            show_default=False,
            autocompletion=completion.target_ids,
        ),
    ] = None,
    rate: Annotated[
        float | None,
        typer.Option(
            "--rate",
            metavar="PCT",
            help="Project at this % a year instead of the recent pace (a what-if).",
            show_default=False,
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
) -> output.Report:
    """Government targets: progress, the rate needed, the recent pace and a verdict.

    Examples:
      pkit targets
      pkit targets T1 --chart
      pkit targets --rate 20 --json
    """
    if rate is not None and not -99 < rate < 1000:
        raise UsageProblem(f"--rate {rate:g} is out of range; give a yearly % between -99 and 1000")
    if chart:
        if target is None:
            raise UsageProblem("--chart needs a target ID, e.g. pkit targets T1 --chart")
        from . import chart_reports

        return chart_reports.target_path(state.data(), target, None if rate is None else rate / 100)
    return reports.targets(state.data(), target, rate)


def _topic_command(name: str, summary: str, examples: str) -> None:
    def command() -> output.Report:
        return reports.topic(state.data(), name)

    command.__name__ = name
    command.__doc__ = f"{summary}\n\nExamples:\n{examples}"
    query(name, TOPICS_PANEL)(command)


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


@query("sources", DATA_PANEL)
def sources(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="One source, with every figure, statement and target it supports.",
            show_default=False,
        ),
    ] = None,
) -> output.Report:
    """Every source: publisher, title, date, URL and what it supports.

    Examples:
      pkit sources
      pkit sources arynews-2022-07-28
      pkit sources --json | jq '.[] | {id, url}'
    """
    from . import trust_reports

    return trust_reports.sources(state.data(), source)


@query("check", DATA_PANEL)
def check() -> output.Report:
    """Audit the dataset: components add up, stated growth matches the levels, derived
    figures reproduce their formulas, targets have series. Exit 1 if any check fails.

    Rounding-aware: 3.2 bn stands for 3.15–3.25 bn, and only a contradiction outside the
    ranges the stated precision allows is a failure.

    Examples:
      pkit check
      pkit --data my.json check
      pkit check --json | jq '.checks[] | select(.status != "pass")'
    """
    from . import trust_reports

    return trust_reports.check(state.data())


@query("validate", DATA_PANEL)
def validate(
    file: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="A dataset file (default: --data, $PKIT_DATA, else the embedded dataset).",
            show_default=False,
        ),
    ] = None,
) -> output.Report:
    """Validate a dataset file: every problem at once, with its JSON path. Exit 1 if any.

    Examples:
      pkit validate
      pkit validate my.json
      pkit validate my.json --json
    """
    from . import trust_reports
    from .dataset import resolve_path, validate_file

    return trust_reports.validate(
        validate_file(file if file is not None else resolve_path(state.data_path))
    )


@app.command("schema", rich_help_panel=DATA_PANEL)
def schema_command() -> None:
    """Print the JSON Schema of a dataset file (generated from the models pkit validates with).

    Examples:
      pkit schema > pkit-dataset.schema.json
      pkit schema | python -m json.tool --sort-keys
    """
    from .schema import Dataset

    output.write_json_document(Dataset.model_json_schema())


# Charts -----------------------------------------------------------------------------------


@query("chart", ANALYSIS_PANEL)
def chart(
    indicator: Annotated[
        str,
        typer.Argument(
            help="Indicator id (see `pkit indicators`).",
            show_default=False,
            autocompletion=completion.indicator_ids,
        ),
    ],
    first: FromOpt = None,
    last: ToOpt = None,
    svg: Annotated[
        str | None,
        typer.Option(
            "--svg",
            metavar="FILE",
            help="Also write the chart as an SVG image to FILE (for reports).",
            show_default=False,
        ),
    ] = None,
) -> output.Report:
    """A bar chart of one indicator: a bar per period (latest vintage), its targets marked.

    Derived, revised and provisional figures have their own fill and marker. On a terminal
    the chart is drawn; in a pipe, or with --format, the plotted rows are output instead.

    Examples:
      pkit chart ict-exports
      pkit chart ict-exports --from FY2021-22 --svg ict-exports.svg
      pkit chart telecom-subscriptions --json
    """
    from . import chart_reports

    report = chart_reports.chart(state.data(), indicator, *_span(first, last))
    if svg is not None:
        from .terminal import save_svg

        save_svg(report, svg)
        report.messages.append(f"Chart written to {svg}")
    return report
