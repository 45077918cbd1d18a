"""The 2012 SP1 story through the client: the host backup fails on VM3's secondary, a
restart does not cure it, patching to 2012 SP2 CU2 does, and VM3's Sales is copy-only."""

from __future__ import annotations

from typing import Any, Dict

from snapwriter_client import S_OK, VSS_E_WRITERERROR_NONRETRYABLE, Client


def vm_entry(backup: Dict[str, Any], name: str) -> Dict[str, Any]:
    vms = backup.get("vms") or []
    if isinstance(vms, dict):
        return dict(vms[name], name=name)
    return next(v for v in vms if v.get("name") == name)


def database(entry: Dict[str, Any], name: str) -> Dict[str, Any]:
    databases = entry.get("databases") or []
    if isinstance(databases, dict):
        return databases[name]
    return next(d for d in databases if d.get("name") == name)


def test_sp1_fails_then_patched_secondary_is_copy_only(api: Client) -> None:
    first = api.host_backup_run("HV01")
    assert first["status"] == "failed", first
    assert first["hresult"] == VSS_E_WRITERERROR_NONRETRYABLE, first
    assert (first.get("failure") or {}).get("vm") == "VM3", first
    writer = next(w for w in api.vm_writers("VM3") if w["name"] == "SqlServerWriter")
    assert writer["state"] == "VSS_WS_FAILED_AT_PREPARE_SNAPSHOT", writer
    assert "SqlServerWriter" in api.vm_writers_vssadmin("VM3")

    restarted = api.run_step({"restartService": {"vm": "VM3", "service": "SQLWriter"}})
    assert restarted["ok"], restarted
    patched = api.run_step({"patchSql": {"vm": "VM3", "version": "2012-SP2-CU2"}})
    assert patched["ok"], patched
    assert (api.vm("VM3")["sql"] or {}).get("version") == "2012-SP2-CU2"

    second = api.host_backup_run("HV01")
    assert second["status"] == "succeeded", second
    assert second.get("hresult") in (None, S_OK), second
    sales = database(vm_entry(second, "VM3"), "Sales")
    assert sales.get("backedUp") is True, sales
    assert sales.get("decision") == "downgraded-to-copy-only", sales
    assert (sales.get("backup") or {}).get("is_copy_only") is True, sales

    rows = api.backupset("VM3")
    assert any(r["database_name"] == "Sales" and r.get("is_copy_only") is True and r.get("is_snapshot") is True
               for r in rows), rows
    assert 'snapwriter_host_backups_total{host="HV01",result="failed"} 1' in api.metrics()
