"""The floor: the smallest Typer + pydantic (+ Rich) program that does what a pkit command
does — validate a row with a pydantic model and print it as JSON or as a Rich table.

Whatever this costs is the price of the stack; everything pkit adds above it is ours.

    python bench/floor.py --json     # floor J: one validated row as JSON
    python bench/floor.py            # floor T: a one-row Rich table (force a terminal)
    python bench/floor.py --help     # floor H: Typer's help
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from pydantic import BaseModel

ROW = b'{"period": "FY2024-25", "value": 3800000000, "status": "reported", "as_of": "2025-07-19"}'


class Row(BaseModel):
    period: str
    value: float
    status: str
    as_of: str


app = typer.Typer()


@app.command()
def main(
    json_: Annotated[bool, typer.Option("--json", help="Print the row as JSON.")] = False,
) -> None:
    """Print one validated row, as JSON or as a table."""
    row = Row.model_validate_json(ROW)
    if json_:
        print(json.dumps(row.model_dump()))
        return
    from rich.console import Console  # only the table path pays for Rich
    from rich.table import Table

    table = Table(title="Floor")
    for name in Row.model_fields:
        table.add_column(name)
    table.add_row(*(str(v) for v in row.model_dump().values()))
    Console().print(table)


if __name__ == "__main__":
    app()
