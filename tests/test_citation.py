"""CITATION.cff is valid Citation File Format 1.2.0 and says what the release and its code say."""

import subprocess
import sys
import tomllib
from pathlib import Path

from lisllm.graph.about import FACTS, LICENSE

ROOT = Path(__file__).resolve().parent.parent
CFFCONVERT = Path(sys.executable).parent / "cffconvert"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_file_is_valid_against_the_cff_schema():
    result = validate(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


def test_an_invalid_citation_file_is_refused(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text((ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("license: CC-BY-4.0", "license: 7"),
                      encoding="utf-8")
    assert validate(broken).returncode != 0


def test_citation_agrees_with_the_package_and_the_dataset_description():
    from ruamel.yaml import YAML

    cff = YAML(typ="safe").load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"]
    assert cff["title"] == FACTS["title"]["en"] and cff["keywords"] == FACTS["keywords"]
    assert LICENSE == "https://creativecommons.org/licenses/by/4.0/" and cff["license"] == "CC-BY-4.0"
