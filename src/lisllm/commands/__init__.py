"""Subcommands of `lisllm`, one module per area; each module exposes a COMMANDS list."""
