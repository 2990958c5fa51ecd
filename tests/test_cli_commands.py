"""The command group loads each sub-command when it runs (cli/__init__.py): every name resolves to its
command, an unknown one is a usage error, and a convert does not import the other commands' code."""
from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from regimen_fhir.cli import COMMANDS, main


def test_every_listed_command_resolves_to_a_click_command_of_its_name():
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        assert isinstance(cmd, click.Command) and cmd.name == name


def test_help_lists_every_command():
    out = CliRunner().invoke(main, ["--help"]).output
    for name in COMMANDS:
        assert f"  {name} " in out


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["convertt"])
    assert result.exit_code == 2 and "No such command 'convertt'" in result.output


def test_convert_does_not_import_the_apply_engine(tmp_path):
    code = ("import sys; from regimen_fhir.cli import main\n"
            "try:\n    main(['convert', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('regimen_fhir.apply') or m == 'regimen_fhir.cli.apply'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
