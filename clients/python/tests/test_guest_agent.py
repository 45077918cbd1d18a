"""The QEMU guest agent endpoint driven by real clients: QEMU's own qemu.qmp library and socat,
against `snapwriter guest-agent serve` on two mounted SnapWriter volumes. The answers are the
fact sheet's transcripts (reference/qemu-guest-agent.md §1.8), and a freeze really holds
writes to the FUSE mounts until the thaw."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Iterator, List

import pytest

from conftest import SNAPWRITER, fuse_reason

qmp = pytest.importorskip("qemu.qmp", reason="qemu.qmp is in the test extras: make deps")
from qemu.qmp.legacy import QEMUMonitorProtocol  # noqa: E402
from qemu.qmp.qmp_client import ExecuteError  # noqa: E402


def require_fuse_here() -> None:
    reason = fuse_reason()
    if reason is None:
        return
    if os.environ.get("SNAPWRITER_REQUIRE_FUSE") == "1" or os.environ.get("CI") == "true":
        pytest.fail(f"FUSE is required here (SNAPWRITER_REQUIRE_FUSE=1 or CI=true) but {reason}")
    pytest.skip(f"needs FUSE: {reason}")


def snapwriter(*args: str) -> str:
    done = subprocess.run([str(SNAPWRITER), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"snapwriter {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


class Agent:
    """`snapwriter guest-agent serve` on mounted volumes; `socket` is where clients connect."""

    def __init__(self, root: Path, volumes: int = 2) -> None:
        self.mountpoints: List[Path] = []
        self.directories: List[Path] = []
        for index in range(volumes):
            directory, mountpoint = root / f"vol{index}", root / f"mnt{index}"
            mountpoint.mkdir()
            snapwriter("volume", "create", str(directory), "--size", "64MiB")
            snapwriter("volume", "mount", str(directory), str(mountpoint), "--background")
            self.directories.append(directory)
            self.mountpoints.append(mountpoint)
        # sun_path holds 108 bytes: a short directory of its own, not pytest's deep one.
        self.socket_dir = Path(tempfile.mkdtemp(prefix="swqga", dir="/tmp"))
        self.socket = str(self.socket_dir / "qga.sock")
        args = [str(SNAPWRITER), "guest-agent", "serve", self.socket]
        for directory in self.directories:
            args += ["--volume", str(directory)]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith("serving the guest agent on"), f"{line}{self.process.stderr.read() if self.process.stderr else ''}"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        for mountpoint in self.mountpoints:
            snapwriter("volume", "unmount", str(mountpoint))
        shutil.rmtree(self.socket_dir, ignore_errors=True)
        assert self.process.returncode == 0


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[Agent]:
    require_fuse_here()
    if not SNAPWRITER.exists():
        pytest.fail(f"{SNAPWRITER} is missing: build it first (swift build)")
    served = Agent(tmp_path)
    try:
        yield served
    finally:
        served.stop()


def socat(path: str, data: bytes) -> bytes:
    """One socat session: `data` on stdin, everything the agent wrote on stdout."""
    if shutil.which("socat") is None:
        pytest.fail("socat is not installed (make system-deps installs it)")
    done = subprocess.run(["socat", "-t", "10", "-", f"UNIX-CONNECT:{path}"], input=data, capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


class Writer:
    """A write to a file on a mount, on a thread of its own, so a held write can be watched."""

    def __init__(self, path: Path) -> None:
        self.done = threading.Event()
        self.error: List[BaseException] = []

        def write() -> None:
            try:
                with open(path, "wb") as handle:
                    handle.write(b"written while the guest was frozen\n")
                    handle.flush()
                    os.fsync(handle.fileno())
            except BaseException as err:  # reported by the test
                self.error.append(err)
            finally:
                self.done.set()

        threading.Thread(target=write, daemon=True).start()


def test_qemu_qmp_session(agent: Agent) -> None:
    client = QEMUMonitorProtocol(agent.socket)
    client.connect(negotiate=False)  # qemu-ga sends no greeting
    try:
        assert client.cmd("guest-sync", id=305419896) == 305419896
        assert client.cmd("guest-ping") == {}
        info = client.cmd("guest-info")
        assert info["version"] == "10.2.0"
        names = [c["name"] for c in info["supported_commands"]]
        assert names[0] == "guest-network-get-route" and names[-1] == "guest-sync-delimited"
        assert all(c["enabled"] for c in info["supported_commands"])
        assert client.cmd("guest-fsfreeze-status") == "thawed"

        before = Writer(agent.mountpoints[0] / "before.txt")
        assert before.done.wait(60) and not before.error, "a write to a thawed volume finishes"

        assert client.cmd("guest-fsfreeze-freeze") == 2, "one per volume"
        assert client.cmd("guest-fsfreeze-status") == "frozen"
        held = Writer(agent.mountpoints[1] / "held.txt")
        assert not held.done.wait(1.0), "the write to the frozen volume is held"

        with pytest.raises(ExecuteError) as refused:
            client.cmd("guest-get-time")
        assert refused.value.error_class == "CommandNotFound"
        assert str(refused.value) == "Command guest-get-time has been disabled: the command is not allowed"
        frozen_info = client.cmd("guest-info")["supported_commands"]
        enabled = {c["name"] for c in frozen_info if c["enabled"]}
        assert enabled == {"guest-ping", "guest-info", "guest-sync", "guest-sync-delimited",
                           "guest-fsfreeze-status", "guest-fsfreeze-thaw"}

        assert client.cmd("guest-fsfreeze-thaw") == 2
        assert held.done.wait(60), "the held write finishes once thawed"
        assert not held.error, held.error
        assert (agent.mountpoints[1] / "held.txt").read_bytes() == b"written while the guest was frozen\n"
        assert client.cmd("guest-fsfreeze-status") == "thawed"
        assert isinstance(client.cmd("guest-get-time"), int)
    finally:
        client.close()


def test_socat_transcript(agent: Agent) -> None:
    # §1.8's socat session, one connection per request as a shell user would type them.
    assert socat(agent.socket, b'{"execute":"guest-ping"}') == b'{"return": {}}\n'
    assert socat(agent.socket, b"{'execute':'guest-fsfreeze-status'}\n") == b'{"return": "thawed"}\n'
    assert socat(agent.socket, b'{"execute":"guest-fsfreeze-freeze"}') == b'{"return": 2}\n'
    held = Writer(agent.mountpoints[0] / "held.txt")
    assert socat(agent.socket, b'{"execute":"guest-get-time"}') == (
        b'{"error": {"class": "CommandNotFound", "desc": '
        b'"Command guest-get-time has been disabled: the command is not allowed"}}\n')
    assert not held.done.is_set()
    assert socat(agent.socket, b'{"execute":"guest-fsfreeze-thaw"}') == b'{"return": 2}\n'
    assert held.done.wait(60) and not held.error


def test_socat_sentinel_and_stray_bytes(agent: Agent) -> None:
    # A client that left half a request behind; the next one flushes it with 0xFF.
    assert socat(agent.socket, b'{"execute":"guest-') == b""
    reply = socat(agent.socket, b'\xff{"execute":"guest-sync-delimited","arguments":{"id":1234501}}\n')
    assert reply == (b'{"error": {"class": "GenericError", "desc": "JSON parse error, stray \'\\"guest-\\uFFFD\'"}}\n'
                     b'\xff{"return": 1234501}\n')
    # Proxmox's single write: the sync and the command, answered as two lines.
    reply = socat(agent.socket, b'{"execute":"guest-sync-delimited","arguments":{"id":1234502}}\n'
                                b'{"execute":"guest-fsfreeze-status","arguments":{}}\n')
    assert reply == b'\xff{"return": 1234502}\n{"return": "thawed"}\n'
    assert socat(agent.socket, b"{'execute': 'guest-sync', 'arguments': {'id': 7}, 'id': 'x'}") == (
        b'{"return": 7, "id": "x"}\n')


def test_freeze_list_of_one_mountpoint(agent: Agent) -> None:
    client = QEMUMonitorProtocol(agent.socket)
    client.connect(negotiate=False)
    try:
        assert client.cmd("guest-fsfreeze-freeze-list", mountpoints=[str(agent.mountpoints[1]), "/nowhere"]) == 1
        untouched = Writer(agent.mountpoints[0] / "free.txt")
        assert untouched.done.wait(60) and not untouched.error, "the volume not listed is not frozen"
        assert client.cmd("guest-fsfreeze-thaw") == 1
    finally:
        client.close()
