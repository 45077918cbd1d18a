"""Fixtures that start the real `snapwriter serve` on a copy of examples/three-vms.yaml."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from snapwriter_client import Client

ROOT = Path(__file__).resolve().parents[3]
SNAPWRITER = Path(os.environ.get("SNAPWRITER", ROOT / ".build" / "debug" / "snapwriter"))
OPENAPI = ROOT / "docs" / "openapi.json"


def fuse_reason() -> Optional[str]:
    """Why FUSE cannot be used here, or None when /dev/fuse opens."""
    try:
        fd = os.open("/dev/fuse", os.O_RDWR)
    except OSError as err:
        return f"/dev/fuse cannot be opened ({err.strerror})"
    os.close(fd)
    return None


def require_fuse() -> None:
    reason = fuse_reason()
    if reason is None:
        return
    if os.environ.get("SNAPWRITER_REQUIRE_FUSE") == "1":
        pytest.fail(f"SNAPWRITER_REQUIRE_FUSE=1 but {reason}")
    pytest.skip(f"needs FUSE: {reason}")


def snapwriter_mounts(under: Path) -> List[str]:
    """Mountpoints of fuse.snapwriter file systems under a directory."""
    found = []
    prefix = str(under.resolve())
    with open("/proc/self/mounts") as mounts:
        for line in mounts:
            fields = line.split()
            point = fields[1].replace("\\040", " ")
            if fields[2] == "fuse.snapwriter" and point.startswith(prefix):
                found.append(point)
    return found


def scenario_without_expect(source: Path, target: Path) -> Path:
    """The scenario with its `expect:` block cut off (serve refuses expect)."""
    text = source.read_text()
    cut = re.search(r"^expect:", text, flags=re.MULTILINE)
    target.write_text(text[: cut.start()] if cut else text)
    return target


class Server:
    """One `snapwriter serve` process and a client for it."""

    def __init__(self, scenario: Path, out: Path, token: Optional[str] = None) -> None:
        if not SNAPWRITER.exists():
            pytest.fail(f"{SNAPWRITER} is missing: build it first (swift build)")
        self.out = out
        self.stderr_path = out.parent / (out.name + ".stderr")
        self.stderr = open(self.stderr_path, "w")
        args = [str(SNAPWRITER), "serve", str(scenario), "--listen", "127.0.0.1:0", "--out", str(out)]
        if token:
            args += ["--token", token]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        self.lines: List[str] = []
        ready = threading.Event()

        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self.lines.append(line.rstrip("\n"))
                if line.startswith("listening on "):
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(120) or not any(l.startswith("listening on ") for l in self.lines):
            self.process.kill()
            self.process.wait()
            pytest.fail(f"serve did not start: {self.lines} {self.stderr_path.read_text()[-2000:]}")
        self.url = next(l for l in self.lines if l.startswith("listening on ")).split()[-1]
        self.client = Client(self.url, token=token)

    def stop(self) -> int:
        """SIGTERM, then the exit status; fails the test if a mount is left behind."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(120)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail("serve did not end within 120 s of SIGTERM")
        self.stderr.close()
        left = snapwriter_mounts(self.out)
        assert left == [], f"fuse.snapwriter mounts left after SIGTERM: {left}"
        return self.process.returncode


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return scenario_without_expect(ROOT / "examples" / "three-vms.yaml", tmp_path / "three-vms.yaml")


@pytest.fixture
def server(tmp_path: Path, scenario: Path) -> Iterator[Server]:
    require_fuse()
    srv = Server(scenario, tmp_path / "out")
    try:
        yield srv
    finally:
        code = srv.stop()
    assert code == 0, f"serve exited {code}: {srv.stderr_path.read_text()[-2000:]}"


@pytest.fixture
def api(server: Server) -> Client:
    return server.client
