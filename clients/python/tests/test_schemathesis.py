"""schemathesis against the served document: no 5xx, and every answer as the document says.

Every operation is exercised, POST /reset and the session calls included; the number of
examples per operation is bounded, and valid clock advances and workload steps are capped
at 60 s of emulated time (schemathesis_hooks.py), so the run takes a few minutes on two cores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Server

HERE = Path(__file__).resolve().parent
MAX_EXAMPLES = os.environ.get("SNAPWRITER_SCHEMATHESIS_EXAMPLES", "20")


def schemathesis_command() -> list:
    beside = Path(sys.executable).parent / "schemathesis"   # the virtualenv's, as make deps installs it
    found = str(beside) if beside.exists() else shutil.which("schemathesis")
    if found is None:
        pytest.fail("schemathesis is not installed (make deps installs it)")
    return [found]


def test_schemathesis_finds_no_server_error_and_no_nonconforming_answer(server: Server, tmp_path: Path) -> None:
    report = tmp_path / "schemathesis"
    command = schemathesis_command() + [
        "run", f"{server.url}/api/v1/openapi.json",
        "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance",
        "--max-examples", MAX_EXAMPLES,
        "--phases", "examples,coverage,fuzzing",
        "--seed", "1",
        "--workers", "1",
        "--request-timeout", "120",
        "--report", "junit", "--report-dir", str(report),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path,
                          env=dict(os.environ, NO_COLOR="1", SCHEMATHESIS_HOOKS="schemathesis_hooks",
                                   PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])))
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout[-20000:]}\n{done.stderr[-4000:]}"
    assert server.process.poll() is None, "the server survived the run"
    assert server.client.health() == {"status": "ok"}
