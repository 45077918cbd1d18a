"""A requester session on VM1 through the client, in VSS's documented order."""

from __future__ import annotations

import hashlib
from pathlib import Path

from snapwriter_client import S_OK, VSS_E_BAD_STATE, VSS_E_SNAPSHOT_SET_IN_PROGRESS, Client

from conftest import Server, snapwriter_mounts


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_copy_backup_in_vss_order(server: Server) -> None:
    api = server.client
    with api.open_vm_session("VM1") as s:
        assert s.hresult == S_OK
        assert s.set_backup_state("VSS_BT_COPY")["hresult"] == S_OK
        metadata = s.gather_writer_metadata()
        assert metadata["hresult"] == S_OK
        sql = next(w for w in metadata["metadata"] if w["name"] == "SqlServerWriter")
        assert {c["name"] for c in sql["components"]} >= {"Sales", "Inventory"}
        started = s.start_snapshot_set()
        assert started["hresult"] == S_OK and started["snapshotSetId"]
        added = s.add_to_snapshot_set("D:")
        assert added["hresult"] == S_OK
        shadow = added["snapshotId"]
        assert shadow.startswith("{") and shadow.endswith("}")
        assert s.prepare_for_backup()["hresult"] == S_OK
        done = s.do_snapshot_set()
        assert done["hresult"] == S_OK
        assert [x["id"] for x in done["snapshots"]] == [shadow]

        mountpoint = Path(s.expose(shadow))
        assert str(mountpoint).startswith(str(server.out.resolve())) or str(mountpoint).startswith(str(server.out))
        copy = server.out.parent / "Sales.mdf"
        copy.write_bytes((mountpoint / "Data" / "Sales.mdf").read_bytes())
        assert sha256(copy) == sha256(mountpoint / "Data" / "Sales.mdf")
        listed = s.shadows()
        assert listed[0]["id"] == shadow and listed[0]["mountpoint"] == str(mountpoint)
        assert s.gather_writer_status()["hresult"] == S_OK
        assert s.backup_complete()["hresult"] == S_OK

    lines = api.errorlog("VM1")
    assert any(l.startswith("I/O is frozen on database Sales.") for l in lines), lines
    assert any(l.startswith("I/O was resumed on database Sales.") for l in lines), lines
    rows = [r for r in api.backupset("VM1") if r["database_name"] == "Sales"]
    assert rows and rows[-1].get("is_copy_only") is True and rows[-1].get("is_snapshot") is True, rows
    assert api.vm_shadows("VM1") == [], "the shadow copy goes with the released session"
    assert not [m for m in snapwriter_mounts(server.out) if m == str(mountpoint)]


def test_out_of_order_calls_and_a_second_set(api: Client) -> None:
    with api.open_vm_session("VM1") as first, api.open_vm_session("VM1") as second:
        early = first.do_snapshot_set()
        assert (early["hresult"], early["name"]) == (VSS_E_BAD_STATE, "VSS_E_BAD_STATE")
        assert first.gather_writer_metadata()["hresult"] == S_OK
        assert first.start_snapshot_set()["hresult"] == S_OK
        assert second.gather_writer_metadata()["hresult"] == S_OK
        refused = second.start_snapshot_set()
        assert refused["hresult"] == VSS_E_SNAPSHOT_SET_IN_PROGRESS, refused
        assert refused["name"] == "VSS_E_SNAPSHOT_SET_IN_PROGRESS"
        assert refused["writers"]
