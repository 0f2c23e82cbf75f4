"""pkit: a command-line statistics explorer for Pakistan's IT and digital economy, and the
same figures for Python:

    import pkit_cli as pkit
    d = pkit.load()                     # the embedded dataset (or a path; as_of=...)
    rows = d.observations("ict-exports")
    frame = pkit.to_frame(rows)         # needs the pandas extra

See ``pkit_cli.api`` for every method. Importing this package imports nothing else: the
library loads on first use, and never loads typer or Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Dataset", "load", "to_frame"]

if TYPE_CHECKING:  # their types, for a checker; at run time __getattr__ loads them on use
    from .api import Dataset, load, to_frame


def __getattr__(name: str) -> Any:  # Any: one of the names in __all__
    # Lazy (PEP 562): `pkit` the command imports this package first and must not pay for
    # the library, nor build it before its entry point has switched the collector off.
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'pkit_cli' has no attribute {name!r}")
