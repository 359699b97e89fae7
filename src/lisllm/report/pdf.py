"""The findings report as a PDF: its HTML page printed by a headless Chromium-based browser.

Chromium lays out Chinese, draws the inline SVG figures and embeds the fonts it prints with — but
only TrueType fonts become font files in the PDF (FontFile2). Fonts with CFF outlines, Noto Sans
CJK among them, are written as Type 3 glyph drawings without a font file, and so can be a bold or
italic that it fakes for a font without such a face. So the PDF is set in two TrueType fonts,
DejaVu Sans for Latin script and WenQuanYi Zen Hei for Chinese, Japanese and Korean (Debian
fonts-dejavu-core and fonts-wqy-zenhei), with faked styles turned off; the figures are drawn with
the same fonts (FIGURE_FONT), so that Graphviz measures the glyphs the PDF shows. The page is A4.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..atomic import atomic_write_bytes
from ..errors import LisllmError

# On PATH, then where macOS keeps Google Chrome.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MACOS_CHROME = Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
INSTALL = "Debian/Ubuntu: apt install chromium; macOS: install Google Chrome"

FONTS = {"DejaVu Sans": "fonts-dejavu-core", "WenQuanYi Zen Hei": "fonts-wqy-zenhei"}
FIGURE_FONT = ",".join(FONTS)
_STACK = ",".join(f'"{name}"' for name in FONTS)
PRINT_STYLE = (
    "@page{size:A4;margin:16mm 14mm}*{font-synthesis:none}"
    f"body{{max-width:none;margin:0;padding:0;font-size:10pt;font-family:{_STACK}}}"
    f'code{{font-family:"DejaVu Sans Mono",{_STACK}}}'
    "table{font-size:8pt;width:100%}td,li{overflow-wrap:anywhere}thead{display:table-header-group}"
    "tr,figure{break-inside:avoid}h2,h3{break-after:avoid}"
)
TIMEOUT_S = 180
# Background networking, updates and first-run pages would only slow a one-page print down.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
         "--print-to-pdf-no-header")


def find_browser() -> str:
    """The browser that prints the PDF, or an error naming what to install."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if MACOS_CHROME.is_file():
        return str(MACOS_CHROME)
    raise LisllmError(f"--format pdf needs Chromium or Google Chrome to print the report, and none of "
                      f"{', '.join(BROWSERS)} is on PATH; install one ({INSTALL})")


def check_fonts() -> None:
    """Where fontconfig can say, stop when a font of the PDF is missing: Chromium would quietly
    print with another font, perhaps one it cannot embed."""
    if shutil.which("fc-list") is None:
        return
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=60).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    missing = [package for family, package in FONTS.items() if family not in families]
    if missing:
        raise LisllmError(f"--format pdf sets the report in {' and '.join(FONTS)}; install the missing "
                          f"fonts (Debian/Ubuntu: apt install {' '.join(missing)})")


def require() -> str:
    """The browser, after checking that the PDF's fonts are there too."""
    browser = find_browser()
    check_fonts()
    return browser


def print_pdf(browser: str, html_text: str, out: Path) -> None:
    """Print the HTML page to `out`, through a temporary file and a rename."""
    with tempfile.TemporaryDirectory(prefix="lisllm-pdf-") as work:
        folder = Path(work)
        page, pdf = folder / "report.html", folder / "report.pdf"
        page.write_text(html_text, encoding="utf-8")
        # A profile of its own, so that a browser the user has open does not take the job over.
        command = [browser, *FLAGS, f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise LisllmError(f"{browser} took longer than {TIMEOUT_S} s to print the PDF") from exc
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data.startswith(b"%PDF-"):
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise LisllmError(f"{browser} did not print the PDF (exit code {done.returncode}): {' '.join(said)}")
    atomic_write_bytes(out, data)
