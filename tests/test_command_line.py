"""The command line as people type it (issue 9): global options on either side of the
command, completion through the shell's own protocol, one meaning of --fields, help that
reads at 80 columns, and citations that fit a terminal. Expected figures are typed in from
data-sources.md."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import on_a_terminal


def _child_env(**extra: str) -> dict[str, str]:
    drop = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "PKIT_DATA", "COLUMNS", "LINES")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("_PKIT")}
    return env | extra


# 3. Global options before or after the command -----------------------------------------------


def test_as_of_after_the_command_equals_as_of_before_it(run: Any) -> None:
    before = run("--as-of", "2022-01-31", "exports", "--json")
    after = run("exports", "--as-of", "2022-01-31", "--json")
    assert before.exit_code == 0, before.stderr
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout
    periods = [row["period"] for row in json.loads(after.stdout)]
    # As known on 2022-01-31, FY2021-22 was not over: FY2020-21 is the last full year.
    assert "FY2020-21" in periods and "FY2024-25" not in periods


def test_global_options_after_the_command_through_the_entry_point() -> None:
    """The entry point prunes commands by name; options after the name must survive it."""
    command = [sys.executable, "-m", "pkit_cli"]
    env = _child_env()
    before = subprocess.run(
        [*command, "--as-of", "2022-01-31", "exports", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    after = subprocess.run(
        [*command, "exports", "--as-of", "2022-01-31", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (after.returncode, after.stderr) == (0, "")
    assert after.stdout == before.stdout


def test_the_value_after_the_command_wins(run: Any, dataset_file: Any) -> None:
    own = dataset_file(lambda d: d["indicators"][0].update(name="Renamed in my copy"))
    after = run("--as-of", "2030-01-01", "exports", "--as-of", "2022-01-31", "--json")
    assert after.stdout == run("--as-of", "2022-01-31", "exports", "--json").stdout
    listed = run("--data", "/nonexistent.json", "indicators", "--data", str(own), "--json")
    assert listed.exit_code == 0, listed.stderr
    assert "Renamed in my copy" in [row["name"] for row in json.loads(listed.stdout)]


def test_a_bad_global_option_after_the_command_names_the_option(run: Any) -> None:
    result = run("exports", "--as-of", "yesterday")
    assert result.exit_code == 2
    assert result.stderr.startswith("pkit: --as-of: 'yesterday' is not a date")


# 5. An unknown id lists every id, or says how many more there are -------------------------------


def test_an_unknown_indicator_accounts_for_every_id(run: Any) -> None:
    import re

    ids = {row["id"] for row in json.loads(run("indicators", "--json").stdout)}
    assert len(ids) > 12  # the list was cut at 12, silently
    result = run("show", "nope")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0
    listed = set(re.findall(r"[a-z][a-z0-9-]+", message.split("known:", 1)[1])) & ids
    more = re.search(r"and (\d+) more \(see `pkit indicators`\)", message)
    assert len(listed) + (int(more.group(1)) if more else 0) == len(ids)


def test_a_long_list_of_ids_says_how_many_more() -> None:
    from pkit_cli.dataset import _unknown

    names = [f"source-{n:02}" for n in range(30)]
    message = _unknown("source", "zzz", names)
    assert "source-11" in message and "source-12" not in message
    assert message.endswith("and 18 more (see `pkit sources`)")


# 8. --fields selects the fields of every row set; choices in any case -------------------------


def test_fields_select_the_fields_of_every_row_set_in_json(run: Any) -> None:
    result = run("growth", "ict-exports", "--fields", "indicator,percent_change_pct")
    assert result.exit_code == 0, result.stderr
    assert result.stdout  # the table
    doc = json.loads(
        run("growth", "ict-exports", "--fields", "indicator,percent_change_pct", "--json").stdout
    )
    assert {tuple(row) for row in doc["year_on_year"]} == {("indicator", "percent_change_pct")}
    assert [tuple(row) for row in doc["span"]] == [("indicator", "percent_change_pct")]
    # FY2019-20 1,440 mn → FY2024-25 3,810 mn (data-sources.md): +164.58 %.
    assert round(doc["span"][0]["percent_change_pct"], 2) == 164.58


def test_fields_of_another_row_set_are_accepted_in_json_only(run: Any) -> None:
    doc = json.loads(run("growth", "ict-exports", "--fields", "cagr_pct", "--json").stdout)
    assert "year_on_year" not in doc  # none of its fields was named
    # (3,810 / 1,440)^(1/5) − 1 = 21.48 % a year.
    assert round(doc["span"][0]["cagr_pct"], 2) == 21.48
    table = run("growth", "ict-exports", "--fields", "cagr_pct")
    assert table.exit_code == 2 and "--fields" in table.stderr


def test_fields_on_show_leave_out_the_description_above_the_table(run: Any) -> None:
    full = run("show", "ict-exports").stdout
    assert "Definition" in full
    for fmt in ("table", "markdown"):
        cut = run("show", "ict-exports", "--fields", "period,value", "--format", fmt).stdout
        assert "Definition" not in cut and "FY2019-20" in cut
    doc = json.loads(run("show", "ict-exports", "--fields", "period,value", "--json").stdout)
    assert doc["id"] == "ict-exports"  # the object keeps what it describes
    assert {tuple(row) for row in doc["observations"]} == {("period", "value")}


@pytest.mark.parametrize("args", [["--format", "JSON"], ["-f", "Json"]])
def test_format_accepts_any_case(run: Any, args: list[str]) -> None:
    result = run("exports", *args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(run("exports", "--json").stdout)


def test_topic_accepts_any_case(run: Any) -> None:
    upper = run("indicators", "--topic", "Connectivity", "--json")
    assert upper.exit_code == 0, upper.stderr
    assert upper.stdout == run("indicators", "--topic", "connectivity", "--json").stdout


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["exports", "--format", "xml"], ["table", "json", "csv", "tsv", "markdown"]),
        (["indicators", "--topic", "space"], ["exports", "parks", "connectivity", "talent"]),
    ],
)
def test_a_bad_choice_is_one_line_listing_the_choices(
    run: Any, args: list[str], choices: list[str]
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("pkit: ")
    assert all(c in result.stderr for c in choices)
    assert "Value error" not in result.stderr


# 9. Markdown has no drawings ------------------------------------------------------------------

SPARK = set("▁▂▃▄▅▆▇█")


@pytest.mark.parametrize("args", [["indicators"], ["exports"], ["growth", "ict-exports"]])
def test_markdown_has_no_sparklines(run: Any, args: list[str]) -> None:
    out = run(*args, "--format", "markdown").stdout
    assert out.startswith("### ")
    assert not SPARK & set(out)


# 4. Completion through the shell's own protocol ------------------------------------------------


def _bash_complete(line: str) -> list[str]:
    """What bash's completion function (``pkit --show-completion bash``) receives for the
    last word of ``line`` (a trailing space: a new, empty word). Each line of the answer
    is inserted into the command line as typed."""
    import shlex

    words = shlex.split(line)  # bash keeps an escaped space inside its word
    cword = len(words) if line.endswith(" ") else len(words) - 1
    env = _child_env(_PKIT_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(cword))
    # The program named `pkit`, as installed, through the entry point (which prunes commands).
    entry = "import sys; sys.argv[0] = 'pkit'; from pkit_cli.__main__ import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", entry],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=20,
    )
    assert (done.returncode, done.stderr) == (0, "")
    return [w for w in done.stdout.split("\n") if w]


def _as_bash_reads_it(inserted: str) -> list[str]:
    import shlex

    return shlex.split(inserted)


def test_a_period_with_a_space_completes_to_one_word_the_command_accepts(run: Any) -> None:
    offered = _bash_complete("pkit show freelancer-remittances --period FY2024-25")
    partial = [w for w in offered if "Jul" in w]
    assert partial, offered
    for inserted in partial:
        words = _as_bash_reads_it(inserted)
        assert len(words) == 1, inserted  # one word, not 'FY2024-25' and 'Jul-Mar'
        result = run("show", "freelancer-remittances", "--period", words[0], "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["observations"][0]["period"] == words[0]


def test_bash_completes_the_rest_of_an_escaped_period() -> None:
    assert _bash_complete("pkit show freelancer-remittances --period FY2024-25\\ Jul-M") == [
        "FY2024-25\\ Jul-Mar"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "pkit show tech-parks --period ",
        "pkit chart tech-parks --from ",
        "pkit growth tech-parks --to ",
        "pkit --as-of 2026-01-01 growth ict-exports tech-parks --from ",
    ],
)
def test_only_the_named_indicators_periods_are_offered(run: Any, line: str) -> None:
    named = [w for w in line.split() if w in ("tech-parks", "ict-exports")]
    has = {
        row["period"]
        for ident in named
        for row in json.loads(run("show", ident, "--json").stdout)["observations"]
    }
    offered = {_as_bash_reads_it(w)[0] for w in _bash_complete(line)}
    assert offered and offered <= has
    if named == ["tech-parks"]:
        assert "FY2019-20" not in offered  # a period other indicators have


def test_fields_complete_the_commands_fields(run: Any) -> None:
    offered = _bash_complete("pkit exports --fields ")
    assert set(offered) == set(json.loads(run("exports", "--json").stdout)[0])
    assert _bash_complete("pkit growth ict-exports --fields period,perc") == [
        "period,percent_change_pct"
    ]


def test_completion_never_blocks_or_fails_on_a_broken_dataset(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert _bash_complete(f"pkit --data {bad} show ict-exports --period ") == []
    assert _bash_complete(f"pkit --data {bad} exports --fields ") == []


# 9. Help at 80 columns: no type labels, no doubled brackets, no sentence broken mid-line ------


def _help_at_80(*words: str) -> str:
    env = _child_env(COLUMNS="80", TERM="dumb")
    done = subprocess.run(
        [sys.executable, "-m", "pkit_cli", *words, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _commands() -> list[str]:
    import typer

    from pkit_cli.cli import app

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _broken_mid_line(text: str) -> list[str]:
    """Lines that end although the next line's first word would have fitted after them,
    with that next line going on with the same sentence (a lower-case word): a line break
    written into the help text, not one made by wrapping to the width."""
    found = []
    lines = text.splitlines()
    for a, b in itertools.pairwise(lines):
        edge = a.rfind("│") if a.rstrip().endswith("│") else 80
        body = a[:edge].rstrip()
        nxt = b[:edge].strip(" │")
        if not body.strip(" │") or not nxt or not nxt[0].islower() or nxt.startswith("pkit"):
            continue
        if body.rstrip()[-1] in ".:)":
            continue
        word = nxt.split()[0]
        if len(body) + 1 + len(word) < edge - 1:
            found.append(f"{body.strip(' │')!r} / {nxt!r}")
    return found


@pytest.mark.parametrize("name", [None, *_commands()])
def test_help_reads_at_80_columns(name: str | None) -> None:
    text = _help_at_80(*([name] if name else []))
    assert max(len(line) for line in text.splitlines()) <= 80
    for label in ("<bool>", "<str>", "<int>", "<float>", "[[", "]]"):
        assert label not in text, f"{label} in pkit {name or ''} --help"
    assert _broken_mid_line(text) == []


def test_the_mid_line_check_finds_a_written_line_break() -> None:
    def boxed(*lines: str) -> str:
        return "\n".join(("│ " + line).ljust(79) + "│" for line in lines)

    broken = boxed("Audit the dataset: components add up, stated", "growth matches the levels.")
    assert _broken_mid_line(broken) != []
    full = "Audit the dataset: components add up, stated growth matches the levels, and"
    assert _broken_mid_line(boxed(full, "derivations reproduce.")) == []


# 9. No internal ids of the reference in the output -----------------------------------------------

# The reference notes (data-sources.md) number their rows: s1…s16 for the seed report's
# figures, d1/d2 for derived ones, S1…S4 for sections. Output says what a figure is and
# where it was published instead. (Dataset ids, T1 or st-total-fy2024-25, are the
# dataset's own and stay: `pkit sources` lists what each source supports by them.)
INTERNAL = r"\b[Ss]eed\b|\b[sd]\d{1,2}\b|\(S\d\)|\bS\d\b"


def _every_answer(run: Any) -> str:
    ids = [row["id"] for row in json.loads(run("indicators", "--json").stdout)]
    targets = [row["id"] for row in json.loads(run("targets", "--json").stdout)]
    texts = [run("show", i).stdout for i in ids] + [run("targets", t).stdout for t in targets]
    texts += [run(c).stdout for c in ("exports", "targets", "parks", "connectivity", "talent")]
    texts += [run("sources", "dailytimes-2025-07-19").stdout, run("sources").stdout]
    # Definitions are outside this change (the freelancing one still says "seed press
    # conference"): the notes and reasons are what is checked.
    lines = "\n".join(texts).splitlines()
    return "\n".join(line for line in lines if not line.startswith("Definition"))


def test_output_never_shows_the_references_internal_ids(run: Any) -> None:
    import re

    found = sorted({m.group(0) for m in re.finditer(INTERNAL, _every_answer(run))})
    assert found == []


def test_the_internal_id_check_finds_one() -> None:
    import re

    seen = "Seed s15. (s1, and d1 derived from it) (S2), as in S4"
    assert len(re.findall(INTERNAL, seen)) == 6


# 10. On a terminal, sources are cited compactly; pipes and files keep full citations ----------


def _on_a_terminal(*words: str, rows: int = 24, cols: int = 80) -> str:
    """`pkit WORDS` run on a pseudo-terminal of ``rows`` × ``cols``: what a person sees."""
    status, seen = on_a_terminal(*words, env=_child_env(NO_COLOR="1"), rows=rows, cols=cols)
    assert status == 0
    return seen


FULL_CITATION = "[dailytimes-2025-07-19] Daily Times, “Pakistan's IT exports hit $4.6 billion"


def test_exports_fits_a_80_by_24_terminal_with_compact_citations() -> None:
    seen = _on_a_terminal("exports")
    lines = seen.rstrip("\n").splitlines()
    assert len(lines) <= 23, seen  # and a line for the prompt after it
    assert "FY2024-25" in seen and "$4.6 bn" in seen  # the table is there
    assert "Daily Times, 2025-07-19" in seen
    assert "https://" not in seen and FULL_CITATION not in seen
    assert "--cite" in seen  # where the full citations are


def test_cite_shows_the_full_citations_on_a_terminal() -> None:
    seen = _on_a_terminal("exports", "--cite", cols=400)
    assert FULL_CITATION in seen and "https://dailytimes.com.pk/1338773/" in seen


def test_a_forced_terminal_cites_compactly_too(run: Any) -> None:
    forced = run("exports", env={"FORCE_COLOR": "1", "COLUMNS": "80"}).stdout
    assert "Daily Times, 2025-07-19" in forced and "https://" not in forced


def test_pipes_and_files_keep_the_full_citations(run: Any) -> None:
    piped = run("exports").stdout
    assert FULL_CITATION in piped
    assert "https://dailytimes.com.pk/1338773/pakistans-it-exports-hit-4-6-billion" in piped
    assert FULL_CITATION in run("exports", "--format", "markdown").stdout
