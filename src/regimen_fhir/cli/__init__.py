"""The `regimen-fhir` command: one module per sub-command; this file only assembles them."""
from __future__ import annotations

import click

from .. import __version__
from .apply import apply
from .convert import convert
from .package import package
from .terms import terms
from .fidelity import fidelity
from .validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="regimen-fhir")
def main() -> None:
    """Turn cancer-regimen content pages (HTML) into validated FHIR."""


main.add_command(convert)
main.add_command(apply)
main.add_command(package)
main.add_command(terms)
main.add_command(fidelity)
main.add_command(validate)
