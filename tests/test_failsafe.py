"""Fail safe (issue 12): interrupts, files that never end or never open, closed and full
output streams, narrow encodings, terminal-active characters, and values pkit cannot compute
with. Where the process's own exit is the point, a real `python -m pkit_cli` process runs.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, indicator

SHIPPED = REPO / "data" / "indicators.json"
ADDRESS_SPACE = 300 * 1024 * 1024  # the bound for endless and blocking files


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PKIT_DATA", "PKIT_DEBUG")}
    env.update(extra or {})
    return env


def pkit(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    kwargs.setdefault("capture_output", True)
    return subprocess.run(
        [sys.executable, "-m", "pkit_cli", *args],
        env=_env(env),
        timeout=kwargs.pop("timeout", 60),
        **kwargs,
    )


def one_line(stderr: bytes | str) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert text.startswith("pkit: ") and text.count("\n") == 1, text
    assert "Traceback" not in text and "internal error" not in text, text
    return text


@pytest.fixture
def fifo(tmp_path: Path) -> str:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return str(path)


# 1. Interrupts --------------------------------------------------------------------------


def _interrupt_after(seconds: float, *args: str) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pkit_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    time.sleep(seconds)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_ctrl_c_while_waiting_on_a_pipe_is_exit_130(fifo):
    """Typer caught the KeyboardInterrupt and returned 130, and the entry point dropped it:
    the run reported success."""
    done = _interrupt_after(1.0, "--data", fifo, "exports")
    assert done.returncode == 130
    assert one_line(done.stderr) == "pkit: interrupted\n"
    assert done.stdout == b""


@pytest.mark.parametrize("seconds", [0.12, 0.3])
def test_ctrl_c_while_pkit_starts_is_exit_130(fifo, seconds):
    """During the imports (the first 0.3 s) a Ctrl-C was a KeyboardInterrupt traceback."""
    done = _interrupt_after(seconds, "--data", fifo, "exports")
    assert done.returncode == 130, done.stderr
    assert one_line(done.stderr) == "pkit: interrupted\n"


def test_an_interrupted_chart_leaves_no_partial_file(run, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from pkit_cli import print_chart

    def interrupted(chart: Any, path: str, fmt: str) -> None:  # Ctrl-C halfway through
        Path(path).write_bytes(b"<?xml half a chart")
        raise KeyboardInterrupt

    monkeypatch.setattr(print_chart, "save", interrupted)
    run("chart", "ict-exports", "--out", str(tmp_path / "chart.svg"))
    assert list(tmp_path.iterdir()) == []


# 2. Files that are not regular files --------------------------------------------------------


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _bounded(*args: str, env: dict[str, str] | None = None, stdin: Any = None) -> str:
    start = time.monotonic()
    done = pkit(*args, env=env, stdin=stdin, preexec_fn=_limit_address_space, timeout=20)
    assert time.monotonic() - start < 5
    assert done.returncode == 1, done.stderr
    return one_line(done.stderr)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_end_at_once_within_300_mb(tmp_path, device):
    link = tmp_path / "link.json"
    link.symlink_to(device)
    assert "not a regular file" in _bounded("--data", device, "exports")
    assert "not a regular file" in _bounded("validate", device)
    assert "not a regular file" in _bounded("exports", env={"PKIT_DATA": str(link)})
    with open(device, "rb") as stdin:
        assert "not a regular file" in _bounded("--data", "/dev/stdin", "exports", stdin=stdin)


def test_a_fifo_nobody_writes_to_ends_within_5_s(fifo):
    assert "no data" in _bounded("--data", fifo, "exports")


def test_a_pipe_that_does_send_a_dataset_is_read(tmp_path):
    with open(SHIPPED, "rb") as f:
        cat = subprocess.Popen(["cat"], stdin=f, stdout=subprocess.PIPE)
        done = pkit("--data", "/dev/stdin", "exports", "--json", stdin=cat.stdout)
        cat.wait()
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["period"] == "FY2019-20"


def test_a_pipe_longer_than_the_limit_is_cut_at_the_limit():
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        message = _bounded(
            "--data", "/dev/stdin", "exports", env={"PKIT_MAX_DATA_MB": "1"}, stdin=yes.stdout
        )
    finally:
        yes.kill()
        yes.wait()
    assert "limit" in message


def test_completion_on_a_fifo_never_blocks(fifo):
    """Shell completion loaded --data, and open() on a FIFO froze the user's shell."""
    env = {
        "_PKIT_COMPLETE": "complete_bash",
        "COMP_WORDS": f"pkit --data {fifo} show ict",
        "COMP_CWORD": "4",
    }
    start = time.monotonic()
    done = pkit("--data", fifo, "show", "ict", env=env, timeout=20)
    assert time.monotonic() - start < 2.5
    assert done.returncode == 0 and b"Traceback" not in done.stderr


# 4. Output streams ------------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_exit_1():
    with open("/dev/full", "wb") as full:
        done = pkit("exports", stdout=full, stderr=subprocess.PIPE, capture_output=False)
    assert done.returncode == 1
    assert done.stderr.decode() == "pkit: cannot write output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_1():
    done = pkit(
        "exports",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        capture_output=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1
    assert "cannot write output" in one_line(done.stderr)


@pytest.mark.parametrize(("args", "code"), [(["growth", "ict-exports", "--from", "x"], 2),
                                            (["show", "nope"], 1), (["exports"], 0)])  # fmt: skip
def test_a_closed_stderr_keeps_the_exit_code(args, code):
    done = pkit(
        *args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        capture_output=False,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == code


@pytest.mark.parametrize("args", [["--help"], ["exports", "--help"], ["exports"]])
def test_a_reader_that_leaves_early_is_exit_0(args):
    """`pkit --help | head -c 10` exited 1 (Rich's broken-pipe exit) where commands exit 0."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pkit_cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env({"COLUMNS": "80"}),
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before pkit writes a byte
    err = proc.stderr.read() if proc.stderr else b""
    assert proc.wait(timeout=30) == 0, err
    assert err == b""


def test_a_one_field_tsv_with_an_empty_value(run):
    """csv refuses a lone empty field unquoted: 'single empty field record must be quoted'."""
    result = run("exports", "--format", "tsv", "--fields", "freelancing")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "freelancing"
    assert lines[1] == ""  # FY2019-20: no freelancing figure (data-sources.md)
    rows = json.loads(run("exports", "--json").stdout)
    assert len(lines) == len(rows) + 2  # the header, a line per row, the final newline


# 5. Narrow encodings ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", [["exports"], ["targets", "--format", "markdown"], ["show", "x"]])
def test_a_narrow_encoding_never_crashes(encoding, args):
    done = pkit(*args, env={"PYTHONIOENCODING": encoding, "COLUMNS": "100"})
    assert done.returncode == (1 if args == ["show", "x"] else 0), done.stderr
    assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
    done.stdout.decode("ascii")  # every character was given an ASCII stand-in


def test_json_in_ascii_is_the_same_document():
    utf8 = pkit("targets", "--json")
    ascii_ = pkit("targets", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert ascii_.returncode == 0, ascii_.stderr
    assert json.loads(ascii_.stdout.decode("ascii")) == json.loads(utf8.stdout)


# 6. Terminal-active characters through JSON -------------------------------------------------

ACTIVE = "csi\x9b31m osc\x9d8;;x\x9c rlo\u202e lre\u202a pdf\u202c"


@pytest.mark.parametrize("fmt", ["json", "table", "csv", "tsv", "markdown"])
def test_c1_controls_and_bidi_overrides_never_reach_stdout(run, dataset_file, fmt):
    def mutate(data: dict[str, Any]) -> None:
        indicator(data, "ict-exports")["name"] = ACTIVE
        indicator(data, "ict-exports")["observations"][0]["note"] = ACTIVE

    path = str(dataset_file(mutate))
    for args in (["indicators"], ["show", "ict-exports"], ["show", "ict-exports", "--vintages"]):
        result = run("--data", path, *args, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        leaked = [c for c in result.stdout if "\x80" <= c <= "\x9f" or "\u202a" <= c <= "\u202e"]
        assert not leaked, (args, leaked)
    if fmt == "json":  # escaped, not changed: the document still holds the exact string
        names = [r["name"] for r in json.loads(run("--data", path, "indicators", "--json").stdout)]
        assert ACTIVE in names
        assert "\\u009b" in run("--data", path, "indicators", "--json").stdout


def test_a_delete_in_an_otherwise_ascii_json_row_is_escaped(run, dataset_file):
    def mutate(data: dict[str, Any]) -> None:
        indicator(data, "ict-exports")["name"] = "ICT\x7fexports"

    out = run("--data", str(dataset_file(mutate)), "indicators", "--json").stdout
    row = next(line for line in out.splitlines() if '"ict-exports"' in line)
    assert row.isascii() and "\x7f" not in row and "ICT\\u007fexports" in row


# 9. Small ones ----------------------------------------------------------------------------


def test_an_empty_format_is_an_error(run):
    result = run("exports", "--format", "")
    assert result.exit_code == 2
    # one line naming the option and the choices (Click's wording of an invalid choice)
    assert result.stderr.count("\n") == 1 and "'--format'" in result.stderr
    assert "'table', 'json', 'csv', 'tsv', 'markdown'" in result.stderr


@pytest.mark.parametrize("text", ["２０２５", "FY٢٠٢٥", "FY2024-２５", "२०२५-06"])
def test_unicode_digits_in_a_period_are_a_usage_error(run, text):
    result = run("growth", "ict-exports", "--from", text)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("pkit: --from")


@pytest.mark.parametrize(
    "args",
    [
        ["growth", "ict-exports", "--from", "x" * 1_000_000],
        ["--as-of", "y" * 1_000_000, "exports"],
        ["indicators", "--topic", "z" * 1_000_000],
        ["exports", "--format", "w" * 1_000_000],
        ["exports", "--fields", "v" * 1_000_000],
        ["show", "u" * 1_000_000],
    ],
    ids=["from", "as-of", "topic", "format", "fields", "id"],
)
def test_values_echoed_in_errors_are_cut(run, args):
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert len(result.stderr) < 1000, len(result.stderr)
    assert "..." in result.stderr


def test_a_byte_order_mark_is_named(run, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SHIPPED.read_bytes())
    for args in (["--data", str(path), "exports"], ["validate", str(path)]):
        result = run(*args)
        assert result.exit_code == 1
        assert "byte-order mark" in one_line(result.stderr)


@pytest.mark.parametrize("value", ["inf", "1e400", "-1", "abc", "nan", "0"])
def test_a_bad_size_limit_is_one_line_naming_the_variable(run, value):
    result = run("--data", str(SHIPPED), "exports", env={"PKIT_MAX_DATA_MB": value})
    assert result.exit_code == 1
    assert "PKIT_MAX_DATA_MB" in one_line(result.stderr)


def test_an_unwritable_home_for_completion_is_one_clear_line(tmp_path):
    home = tmp_path / "home"  # a file, so nothing can be created in it (as HOME=/sys; even root)
    home.write_text("")
    done = pkit("--install-completion", "bash", env={"HOME": str(home), "SHELL": "/bin/bash"})
    assert done.returncode == 1
    assert "cannot write" in one_line(done.stderr) and str(home) in done.stderr.decode()


# House: output never prints a value object by accident -----------------------------------


def test_a_namedtuple_never_reaches_output_as_its_repr():
    from pkit_cli import output
    from pkit_cli.analysis import Result
    from pkit_cli.periods import fiscal_year

    report = output.Report("t", [output.Field("p", "P"), output.Field("r", "R")], [])
    report.rows = [{"p": fiscal_year(2024), "r": 1.0}]
    assert json.loads(output.to_json(report, report.fields)) == [{"p": "FY2024-25", "r": 1}]
    report.rows = [{"p": fiscal_year(2024), "r": Result(0.25)}]
    for render in (output.to_json, output.to_markdown):
        with pytest.raises(TypeError, match="Result"):
            render(report, report.fields)


# 7 and 9. Values the schema refuses: extremes, and numbers written as strings ------------


def _observation(data: dict[str, Any]) -> dict[str, Any]:
    return indicator(data, "ict-exports")["observations"][0]


def _derivation(data: dict[str, Any]) -> dict[str, Any]:
    return next(
        o["derivation"]
        for i in data["indicators"]
        for o in i["observations"]
        if o.get("derivation")
    )


EXTREMES = {
    "precision 5e-324": (lambda d: _observation(d).update(precision=5e-324), "precision"),
    "target 5e-324": (lambda d: d["targets"][0].update(value=5e-324), "targets[0].value"),
    "value 1e300": (lambda d: _observation(d).update(value=1e300), "value"),
    "FY1947-48": (lambda d: _observation(d).update(period="FY1947-48"), "period"),
    "a date in 2199": (lambda d: _observation(d).update(as_of="2199-07-19"), "as_of"),
    "a 1 and 400 zeros": (
        lambda d: _derivation(d).update(formula=_derivation(d)["formula"] + " * 1" + "0" * 400),
        "formula",
    ),
    "1e999": (lambda d: _derivation(d).update(formula=_derivation(d)["formula"] + " * 1e999"),
              "formula"),
    "a number in quotes": (lambda d: _observation(d).update(value="1440000000"), "value"),
    "a precision in quotes": (lambda d: _observation(d).update(precision="0.01"), "precision"),
}  # fmt: skip


@pytest.mark.parametrize("case", EXTREMES, ids=list(EXTREMES))
def test_values_pkit_cannot_compute_with_are_refused_with_their_path(run, dataset_file, case):
    mutate, where = EXTREMES[case]
    path = str(dataset_file(mutate))
    for command in (["exports"], ["check"], ["targets"], ["growth", "ict-exports"]):
        result = run("--data", path, *command)
        assert result.exit_code == 1, (command, result.stdout)
        assert where in one_line(result.stderr)
    listed = run("validate", path, "--json")
    assert listed.exit_code == 1
    assert any(where in p["path"] for p in json.loads(listed.stdout)["problems"])


def test_a_number_in_quotes_is_named_as_such(run, dataset_file):
    result = run("--data", str(dataset_file(EXTREMES["a number in quotes"][0])), "exports")
    assert "not a string in quotes" in result.stderr


def test_formulas_that_overflow_give_no_value():
    from pkit_cli.formula import evaluate

    assert evaluate("a * b", {"a": 1e200, "b": 1e200}) is None  # inf, not a number to print
    assert evaluate("a / b", {"a": 1.0, "b": 0.0}) is None
    assert evaluate("a * 100", {"a": 0.25}) == 25.0


# The output layer: any row set, any format, any fields, never raises ---------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=date(1948, 1, 1), max_value=date(2198, 12, 31)),
)
_values = st.one_of(_scalars, st.lists(_scalars, max_size=3))
_KEYS = ["a", "b", "period", "c d"]


@st.composite
def _reports(draw: Any) -> Any:
    from pkit_cli import output

    keys = draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=4, unique=True))
    fields = [
        output.Field(k, draw(st.text(min_size=1, max_size=8)), numeric=draw(st.booleans()))
        for k in keys
    ]
    cell = st.one_of(_values, st.builds(output.Cell, _scalars, st.text(max_size=12), st.none()))
    rows = draw(st.lists(st.fixed_dictionaries({k: cell for k in keys}), max_size=4))
    report = output.Report(draw(st.text(max_size=10)), fields, rows)
    report.notes = draw(st.lists(st.text(max_size=10), max_size=2))
    if draw(st.booleans()):
        report.meta = {"id": draw(st.text(max_size=8)), "n": draw(_values)}
    return report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=_reports(), fmt=st.sampled_from(["table", "json", "csv", "tsv", "markdown"]),
       pick=st.data())  # fmt: skip
def test_any_rows_in_any_format_with_any_fields_never_raise(report, fmt, pick):
    import io

    from pkit_cli import output

    keys = [f.key for f in report.fields]
    spec = pick.draw(
        st.none() | st.lists(st.sampled_from(keys), min_size=1, unique=True).map(",".join)
    )
    out = io.StringIO()
    output.emit(report, fmt, spec, out=out)
    text = out.getvalue()
    assert not any("\x80" <= c <= "\x9f" or "\u202a" <= c <= "\u202e" for c in text)
    if fmt == "json":
        json.loads(text)


# 3. Memory proportional to the input, whatever its shape ---------------------------------

MEMORY_BASE_MB, MEMORY_PER_FILE_MB = 100, 20  # README, "Exit codes and errors"


def _peak_mb(*args: str) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Peak RSS of one pkit process, measured by a parent of its own (RUSAGE_CHILDREN of
    the test process would be the largest of every child it ever ran)."""
    probe = (
        "import resource, subprocess, sys\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "sys.stdout.buffer.write(p.stdout[-2000:]); sys.stderr.buffer.write(p.stderr)\n"
        "print('\\nPEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(p.returncode)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "pkit_cli", *args],
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    peak_kb = int(done.stdout.rsplit(b"PEAK", 1)[1])
    return peak_kb / 1024, done


@pytest.fixture(scope="module")
def three_million_empty_notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped dataset with three million empty notes: 9 MB, schema-valid but for them."""
    text = SHIPPED.read_text(encoding="utf-8")
    head, sep, tail = text.partition('"notes": [')
    path = tmp_path_factory.mktemp("hostile") / "notes.json"
    path.write_text(head + sep + '"",' * 3_000_000 + tail, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["exports"], ["validate"]], ids=" ".join)
def test_three_million_empty_notes_within_the_memory_bound(three_million_empty_notes, command):
    """Was 28 s and 4.6 GB for `exports`; `validate` as a table never finished."""
    path = str(three_million_empty_notes)
    size_mb = os.path.getsize(path) / 2**20
    peak, done = _peak_mb("--data", path, *command)
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    assert peak <= MEMORY_BASE_MB + MEMORY_PER_FILE_MB * size_mb, (peak, size_mb)


def test_validate_lists_a_thousand_problems_and_counts_the_rest(run, three_million_empty_notes):
    result = run("validate", str(three_million_empty_notes), "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert len(doc["problems"]) == 1000
    assert doc["problems"][999]["path"] == "$.notes[999]"
    assert doc["unlisted"] == 2_999_000  # three million empty notes, a thousand listed
    table = run("validate", str(three_million_empty_notes))
    assert "3,000,000 problems" in table.stdout and "2,999,000 more" in table.stdout


# House: the process policy lives in the entry point only ---------------------------------


def test_process_policy_lives_only_in_the_entry_point():
    """The gc switch, command pruning and os._exit were in __main__.main, cli.run and
    dataset.parse (which only tests ran with the collector on)."""
    import ast

    policy = {("gc", "disable"), ("gc", "enable"), ("gc", "freeze"), ("os", "_exit")}
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "src" / "pkit_cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in policy
            ) or (isinstance(node, ast.Attribute) and node.attr == "registered_commands"):
                found.setdefault(path.name, set()).add(node.attr)
    assert set(found) == {"__main__.py"}, found
    assert found["__main__.py"] >= {"disable", "_exit", "registered_commands"}
