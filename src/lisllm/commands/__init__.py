"""Subcommands of `lisllm`, one module per area; each module exposes a COMMANDS list.

May import: base, graph, cases, sparql, report, validation, server, publish.
"""
