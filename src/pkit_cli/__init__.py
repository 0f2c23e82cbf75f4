"""pkit: a command-line statistics explorer for Pakistan's IT and digital economy."""

__version__ = "0.1.0"
