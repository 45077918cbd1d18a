"""A KVM host served: QEMU's own qemu.qmp client drives a Windows guest's agent through
its socket (no greeting, ids echoed, the allowlist while frozen, guest-info's flags), and
the host backup that follows finds the agent thawed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from qemu.qmp import ExecuteError, QMPClient

from conftest import Server, require_fuse

SCENARIO = """\
name: kvm-qmp
host: { name: PVE1, hypervisor: kvm }
vms:
  - name: WIN1
    guestAgent: { vssOption: 5 }
    sql: { version: 2019, databases: [ { name: Sales } ] }
"""

ALLOWED_WHILE_FROZEN = ["guest-fsfreeze-status", "guest-fsfreeze-thaw", "guest-info", "guest-ping", "guest-sync",
                        "guest-sync-delimited"]


async def session(socket: str) -> dict:
    agent = QMPClient("WIN1")
    # qemu-ga sends no greeting and takes no qmp_capabilities.
    agent.await_greeting = False
    agent.negotiate = False
    await agent.connect(socket)
    seen = {"sync": await agent.execute("guest-sync", {"id": 305419896})}
    seen["status"] = await agent.execute("guest-fsfreeze-status")
    seen["freeze"] = await agent.execute("guest-fsfreeze-freeze")
    info = await agent.execute("guest-info")
    seen["enabled"] = sorted(c["name"] for c in info["supported_commands"] if c["enabled"])
    with pytest.raises(ExecuteError) as refused:
        await agent.execute("guest-get-time")
    seen["refused"] = (refused.value.error_class, str(refused.value))
    seen["thaw"] = await agent.execute("guest-fsfreeze-thaw")
    seen["after"] = await agent.execute("guest-fsfreeze-status")
    await agent.disconnect()
    return seen


def test_qemu_qmp_drives_the_agent_and_the_host_backup_follows(tmp_path: Path) -> None:
    require_fuse()
    scenario = tmp_path / "kvm.yaml"
    scenario.write_text(SCENARIO)
    server = Server(scenario, tmp_path / "out")
    try:
        vm = server.client.vm("WIN1")
        socket = vm["guestAgent"]["socket"]
        assert socket == str(tmp_path / "out" / "vms" / "WIN1" / "qga.sock")
        seen = asyncio.run(session(socket))
        assert seen["sync"] == 305419896
        assert seen["status"] == "thawed"
        assert seen["freeze"] == 2
        assert seen["enabled"] == ALLOWED_WHILE_FROZEN
        assert seen["refused"] == ("CommandNotFound",
                                   "Command guest-get-time has been disabled: the command is not allowed")
        assert seen["thaw"] == 2
        assert seen["after"] == "thawed"
        # The snapshot the agent's freeze made is VssOption 5's: copy-only in msdb.
        rows = server.client.backupset("WIN1")
        assert [(r["is_snapshot"], r["is_copy_only"]) for r in rows] == [(True, True)]
    finally:
        assert server.stop() == 0
