"""The rows each command returns, one module per command family. Each builder returns a
``Report`` and never prints; the fields of a report are listed next to the code that fills
its rows, so the fields a user can choose and the JSON shape cannot drift. Modules are imported by the
command that needs them, so a command loads only its own."""
