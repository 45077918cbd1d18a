"""Misuse of the API is an APIError carrying the answer's status, code, message and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from snapwriter_client import APIError, Client

from conftest import Server, require_fuse


def test_unknown_names_and_bad_bodies(api: Client) -> None:
    with pytest.raises(APIError) as unknown:
        api.vm("VM9")
    assert (unknown.value.status, unknown.value.code) == (404, "not-found")
    assert "VM9" in unknown.value.message
    with pytest.raises(APIError) as bad:
        api.run_step({"backup": {"vm": "VM1", "database": "Sales", "type": "sideways"}})
    assert (bad.value.status, bad.value.code) == (400, "bad-request")
    assert bad.value.path and bad.value.path.startswith("steps[0].backup")
    with pytest.raises(APIError) as shadow:
        api.expose_vm_shadow("VM1", "{00000000-0000-0000-0000-000000000000}")
    assert shadow.value.status == 404


def test_faults_and_events(api: Client) -> None:
    assert api.faults() == []
    id = api.add_fault({"vm": "VM1", "writer": "SqlServerWriter", "event": "freeze", "action": "hang"})
    assert [f["id"] for f in api.faults()] == [id]
    api.remove_fault(id)
    with pytest.raises(APIError) as gone:
        api.remove_fault(id)
    assert gone.value.status == 404
    api.add_fault({"host": "second-backup", "event": "freeze"})
    api.remove_faults()
    assert api.faults() == []
    first = api.events(since=0)
    assert first["events"] and first["next"] >= first["events"][-1]["seq"]
    api.advance_clock(5)
    later = api.events(since=first["next"], wait=1)
    assert all(e["seq"] > first["next"] - 1 for e in later["events"])
    assert api.reset()["status"] == "reset"
    assert [v["name"] for v in api.vms()] == ["VM1", "VM2", "VM3"]
    assert api.openapi()["openapi"].startswith("3.")
    assert isinstance(api.history(), list)


def test_token(tmp_path: Path, scenario: Path) -> None:
    require_fuse()
    server = Server(scenario, tmp_path / "out", token="s3cret")
    try:
        anonymous = Client(server.url)
        assert anonymous.health() == {"status": "ok"}
        with pytest.raises(APIError) as refused:
            anonymous.hosts()
        assert (refused.value.status, refused.value.code) == (401, "unauthorized")
        assert [h["name"] for h in server.client.hosts()] == ["HV01"]
    finally:
        assert server.stop() == 0
