"""Real triple stores for the integration tests: `oxigraph serve` and a private Virtuoso instance.

Both listen on 127.0.0.1 on free ports, keep their data in a temporary folder, and are stopped by
the fixture that started them.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from servers import stop_process

from .conftest import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
# The test user Virtuoso gets, with the right to run SPARQL Update (SPARQL_UPDATE role).
VIRTUOSO_USER = ("lisllm", "lisllm-test")


class Process:
    def __init__(self, command: list[str], log: Path, ready_url: str, timeout: float = 120):
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                httpx.get(ready_url, timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{command[0]} did not start within {timeout} s")

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM, 30)


class OxigraphServer(Process):
    def __init__(self, folder: Path, *, union_default_graph: bool = False, read_only: bool = False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        mode = "serve-read-only" if read_only else "serve"
        command = [str(OXIGRAPH), mode, "--location", str(folder), "--bind", f"127.0.0.1:{self.port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        super().__init__(command, folder.parent / f"oxigraph-{self.port}.log", self.url + "/query")


VIRTUOSO_INI = """
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = ., {d}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 512M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""


class VirtuosoServer(Process):
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=self.sql_port, http_port=self.http_port))
        super().__init__([VIRTUOSO, "+foreground", "+configfile", str(ini)], folder / "console.log",
                         self.url + "/sparql")
        user, password = VIRTUOSO_USER
        self.isql(f"DB.DBA.USER_CREATE('{user}', '{password}');",
                  f"GRANT SPARQL_UPDATE TO \"{user}\";",
                  f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{user}', 7);")

    def isql(self, *statements: str) -> str:
        script = " ".join(statements)
        result = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={script}"],
                                capture_output=True, text=True, timeout=60)
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
            raise RuntimeError(f"isql failed: {result.stdout}{result.stderr}")
        return result.stdout
