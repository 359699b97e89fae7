"""scripts/install-system-deps: one table of the system programs lisllm uses; a machine where they
cannot be installed gets one message naming the packages, never a half-done install."""

import shutil
import subprocess

from conftest import REPO

SCRIPT = REPO / "scripts" / "install-system-deps"


def run_script(*args, path: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bash"), str(SCRIPT), *args], env={"PATH": path, **env},
                          capture_output=True, text=True, timeout=60)


def bare_path(tmp_path, *programs: str) -> str:
    """A PATH holding only `programs`: no apt-get, none of the programs the script looks for."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for program in programs:
        (folder / program).symlink_to(shutil.which(program))
    return str(folder)


def test_missing_programs_without_apt_get_stop_with_the_packages_to_install(tmp_path):
    done = run_script("test", path=bare_path(tmp_path, "id"))
    assert done.returncode == 1
    assert ("'make test' needs these system packages, which are not installed: "
            "graphviz fonts-noto-cjk chromium fonts-wqy-zenhei fonts-dejavu-core virtuoso-opensource "
            "default-jre-headless") in done.stderr
    assert "README.md, 'System packages'" in done.stderr


def test_run_needs_graphviz_the_fonts_and_a_browser_for_the_pdf(tmp_path):
    done = run_script("run", path=bare_path(tmp_path, "id"))
    assert done.returncode == 1
    assert "not installed: graphviz fonts-noto-cjk chromium fonts-wqy-zenhei fonts-dejavu-core\n" in done.stderr


def test_a_cjk_font_is_found_through_fontconfig(tmp_path):
    """Any font is no font: fontconfig must name Noto Sans CJK for Chinese (a fallback draws boxes),
    and the PDF's two TrueType fonts."""
    path = bare_path(tmp_path, "id", "grep")
    fc_list = tmp_path / "bin" / "fc-list"
    for program in ("dot", "chromium"):
        (tmp_path / "bin" / program).write_text("#!/bin/sh\n")
        (tmp_path / "bin" / program).chmod(0o755)
    pdf_fonts = "WenQuanYi Zen Hei,文泉驿正黑\nDejaVu Sans"
    for families, missing in (("Droid Sans Fallback", "fonts-noto-cjk fonts-wqy-zenhei fonts-dejavu-core"),
                              (f"Noto Sans CJK SC,Noto Sans CJK SC Regular\n{pdf_fonts}", ""),
                              ("Noto Sans CJK SC\nDejaVu Sans", "fonts-wqy-zenhei")):
        fc_list.write_text(f"#!/bin/sh\nprintf '{families}\\n'\n")
        fc_list.chmod(0o755)
        done = run_script("run", path=path)
        assert done.returncode == (1 if missing else 0), families
        assert f"not installed: {missing}\n" in done.stderr if missing else done.stderr == ""


def test_present_programs_need_nothing(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    for program in ("dot", "chromium", "virtuoso-t", "java"):
        (folder / program).write_text("#!/bin/sh\n")
        (folder / program).chmod(0o755)
    (folder / "fc-list").write_text("#!/bin/sh\nprintf 'Noto Sans CJK SC\\nWenQuanYi Zen Hei\\nDejaVu Sans\\n'\n")
    (folder / "fc-list").chmod(0o755)
    (folder / "grep").symlink_to(shutil.which("grep"))
    assert run_script("test", path=str(folder)).returncode == 0


def test_the_check_can_be_skipped_and_usage_is_checked(tmp_path):
    path = bare_path(tmp_path, "id")
    assert run_script("test", path=path, LISLLM_SYSTEM_DEPS="skip").returncode == 0
    done = run_script("tests", path=path)
    assert done.returncode == 2 and "usage: scripts/install-system-deps run|test|list" in done.stderr


def test_the_table_lists_each_package_with_its_reason(tmp_path):
    done = run_script("list", path=bare_path(tmp_path, "grep"))
    assert done.returncode == 0
    packages = {line.split()[1]: line.split()[2] for line in done.stdout.splitlines()[1:]}
    assert packages == {"graphviz": "run,test", "fonts-noto-cjk": "run,test", "chromium": "run,test",
                        "fonts-wqy-zenhei": "run,test", "fonts-dejavu-core": "run,test",
                        "virtuoso-opensource": "test", "default-jre-headless": "test"}
