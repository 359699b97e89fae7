"""YAML cases are composed by libyaml where PyYAML has it: the same nodes at the same positions as
PyYAML's own composer, and a syntax error still says what PyYAML's says, where it says it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lisllm.errors import LisllmError
from lisllm.graph.yaml_case import FAST_LOADER, _compose, parse_yaml_case

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "yaml-case"


def _nodes(node) -> list[tuple]:
    found = [(node.tag, node.start_mark.line, node.start_mark.column, node.end_mark.line,
              node.value if isinstance(node, yaml.ScalarNode) else None)]
    children = node.value if isinstance(node, yaml.SequenceNode) else (
        [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else [])
    for child in children:
        found += _nodes(child)
    return found


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.name)
def test_the_fast_composer_gives_the_nodes_and_positions_of_pyyamls(path):
    text = path.read_text(encoding="utf-8")
    assert _nodes(_compose(text)) == _nodes(yaml.compose(text, Loader=yaml.SafeLoader))


def test_the_fast_composer_is_libyamls_where_pyyaml_has_it():
    assert FAST_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


def test_a_syntax_error_says_what_pyyaml_says_where_it_says_it(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("case:\n  institution: a\n   country: b\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError) as pyyaml:
        yaml.compose(broken.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    with pytest.raises(LisllmError) as ours:
        parse_yaml_case(broken, {})
    mark = pyyaml.value.problem_mark
    assert ours.value.message == f"YAML syntax: {pyyaml.value.problem}"
    assert (ours.value.location.line, ours.value.location.column) == (mark.line + 1, mark.column + 1)
