"""Options that more than one command takes, stated once."""

from __future__ import annotations

import click

no_cache_option = click.option(
    "--no-cache", is_flag=True,
    help="Neither read nor write the reasoner's cache (.cache/lisllm/reasoner/ in the project): HermiT runs.")
