"""The README's ten-minute tour does what it says: its own scenario exits 0 as written,
1 when the builds are patched to SP2 CU2 (an expectation misses and the replay line is
printed), and 2 with the file, line, column and key for a misspelt key."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import ROOT, SNAPWRITER


def tour_scenario() -> str:
    readme = (ROOT / "README.md").read_text()
    found = re.search(r"Save this as `mine\.yaml`:\n\n```yaml\n(.*?)```", readme, flags=re.DOTALL)
    assert found, "the README's tour no longer holds the mine.yaml block"
    return found.group(1)


def run(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(SNAPWRITER), "run", str(path)], capture_output=True, text=True, timeout=300)


def test_the_tour_scenario_runs_as_the_readme_says(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(tour_scenario())
    as_written = run(mine)
    assert as_written.returncode == 0, as_written.stderr
    assert "0x800423F4" in as_written.stdout

    mine.write_text(tour_scenario().replace("version: 2012-SP2,", "version: 2012-SP2-CU2,"))
    patched = run(mine)
    assert patched.returncode == 1, patched.stderr
    assert "expectation missed: steps.0.ok" in patched.stderr
    assert "replay: snapwriter run" in patched.stderr

    mine.write_text(tour_scenario().replace("replicas:", "replica:"))
    misspelt = run(mine)
    assert misspelt.returncode == 2
    assert re.search(r"mine\.yaml:\d+:\d+: .*unknown key 'replica'", misspelt.stderr), misspelt.stderr
