"""`lisllm report --format pdf`: the report printed by a real headless Chromium, read back with pypdf.

The text expected in the PDFs is written by hand from seed 000: its title, its fourth research
question (§4.1), and the institution of the Japanese case with its country (§1) as Figure 1 draws it.
"""

from __future__ import annotations

import re
import shutil

import pypdf
import pytest

from browsers import CHROMIUM, needs_chromium
from conftest import needs_dot
from lisllm.errors import LisllmError
from lisllm.report.pdf import check_fonts
from support import lisllm

A4 = (595.28, 841.89)            # points
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _fonts_missing() -> str:
    try:
        check_fonts()
    except LisllmError as error:
        return str(error)
    return ""


needs_fonts = pytest.mark.skipif(bool(_fonts_missing()), reason=_fonts_missing() or "fonts present")


@pytest.fixture(scope="module")
def pdfs(built_project, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    readers = {}
    for lang in ("en", "zh"):
        out = folder / f"report-{lang}.pdf"
        result = lisllm("report", "--lang", lang, "--format", "pdf", "--out", str(out), cwd=built_project.root)
        assert result.returncode == 0, result.stderr
        readers[lang] = pypdf.PdfReader(out)
    return readers


def fonts(resources, seen=None):
    """Every font the resources use, with its descriptor, also inside form XObjects (figures)."""
    seen = [] if seen is None else seen
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        seen += [(font.get("/Subtype"), part.get("/BaseFont"), part.get("/FontDescriptor")) for part in parts]
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            fonts(xobject["/Resources"], seen)
    return seen


def text(reader) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@needs_dot
@needs_chromium
@needs_fonts
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_is_a4_and_embeds_every_font(pdfs, lang):
    reader = pdfs[lang]
    assert len(reader.pages) > 5
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert abs(size[0] - A4[0]) <= 1 and abs(size[1] - A4[1]) <= 1, size
    used = [font for page in reader.pages for font in fonts(page["/Resources"])]
    assert used
    for subtype, name, descriptor in used:
        # Type 3 fonts are glyph drawings without a font program: what Chromium writes for a font it
        # cannot embed, such as a CFF-based one or a faked bold.
        assert subtype != "/Type3" and descriptor is not None, name
        assert any(key in descriptor.get_object() for key in FONT_FILES), name


@needs_dot
@needs_chromium
@needs_fonts
def test_the_pdf_holds_the_report_and_its_figures(pdfs):
    zh = text(pdfs["zh"])
    assert "研究发现报告：图书情报机构参与大语言模型研发的模型：一项探索性多案例研究" in zh
    assert "RQ4：不同国家间存在何种差异？" in zh and "简要回答：" in zh
    assert "日本·日本国立情报学研究所" in zh       # a node of Figure 1, drawn as text
    en = text(pdfs["en"])
    assert "Japan·NationalInstituteofInformatics" in en and "Inshort:" in en


def test_a_pdf_is_not_written_to_standard_output(built_project):
    result = lisllm("report", "--format", "pdf", cwd=built_project.root)
    assert result.returncode == 2 and result.stdout == ""
    assert "--format pdf needs --out FILE: a PDF is not written to standard output" in result.stderr


@pytest.mark.skipif(CHROMIUM is None, reason="shows what happens without the browser that is here")
def test_without_a_browser_the_error_says_what_to_install(built_project, tmp_path, monkeypatch):
    # PATH keeps Graphviz and fontconfig but no browser.
    tools = tmp_path / "bin"
    tools.mkdir()
    for program in ("dot", "fc-list"):
        if shutil.which(program):
            (tools / program).symlink_to(shutil.which(program))
    out = tmp_path / "report.pdf"
    monkeypatch.setenv("PATH", str(tools))
    result = lisllm("report", "--format", "pdf", "--out", str(out), cwd=built_project.root)
    assert result.returncode == 1, result.stderr
    assert "apt install chromium" in result.stderr and "install Google Chrome" in result.stderr
    assert not out.exists()

