"""The `pkit` command and `python -m pkit_cli`."""

import gc


def main() -> None:
    # Importing typer and pydantic and building the schema makes tens of thousands of objects
    # and no cycles worth collecting in a run that lasts a fraction of a second; with the
    # collector on, it rescans them over and over (10 ms of a 150 ms start, measured).
    gc.disable()
    from .cli import run

    run()


if __name__ == "__main__":
    main()
