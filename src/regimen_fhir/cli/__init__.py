"""The `regimen-fhir` command: one module per sub-command; this file only assembles them.

Sub-commands are imported when they run, not when the command starts: a `convert` of a few pages
should not pay for importing `apply` (the calendar engine) or the packaging code."""
from __future__ import annotations

import importlib

import click

from .. import __version__

# command name -> its module in this package (each module defines a click command of that name)
COMMANDS = {
    "convert": "convert",
    "apply": "apply",
    "package": "package",
    "terms": "terms",
    "fidelity": "fidelity",
    "validate": "validate",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="regimen-fhir")
def main() -> None:
    """Turn cancer-regimen content pages (HTML) into validated FHIR."""
