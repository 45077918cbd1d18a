"""A real backup program on an exposed shadow copy: restic backs up VM1's D: at its point
in time, and the restored Sales.mdf is the snapshot's, byte for byte."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from snapwriter_client import S_OK

from conftest import Server


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(root: Path) -> dict:
    return {str(p.relative_to(root)): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def restic(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, RESTIC_REPOSITORY=str(repo), RESTIC_PASSWORD="snapwriter",
               RESTIC_CACHE_DIR=str(repo.parent / "restic-cache"))
    done = subprocess.run(["restic", *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"restic {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done


def test_restic_backs_up_the_exposed_shadow_copy(server: Server, tmp_path: Path) -> None:
    if shutil.which("restic") is None:
        pytest.fail("restic is not installed (make deps installs it)")
    api = server.client
    with api.open_vm_session("VM1") as s:
        assert s.set_backup_state("VSS_BT_COPY")["hresult"] == S_OK
        assert s.gather_writer_metadata()["hresult"] == S_OK
        assert s.start_snapshot_set()["hresult"] == S_OK
        shadow = s.add_to_snapshot_set("D:")["snapshotId"]
        assert s.prepare_for_backup()["hresult"] == S_OK
        assert s.do_snapshot_set()["hresult"] == S_OK
        mountpoint = Path(s.expose(shadow))
        at_snapshot = sha256(mountpoint / "Data" / "Sales.mdf")

        repo = tmp_path / "restic-repo"
        restic(repo, "init")
        restic(repo, "backup", str(mountpoint))
        # The live volume moves on; the shadow copy stays at its point in time.
        live = Path(next(v["mountpoint"] for v in api.vm("VM1")["volumes"] if v["name"] == "D:"))
        live_before = tree_digest(live)
        api.advance_clock(30)
        assert tree_digest(live) != live_before, "the workload writes the live volume"
        assert sha256(mountpoint / "Data" / "Sales.mdf") == at_snapshot

        target = tmp_path / "restored"
        restic(repo, "restore", "latest", "--target", str(target))
        restored = target / mountpoint.relative_to("/") / "Data" / "Sales.mdf"
        assert sha256(restored) == at_snapshot
        assert s.backup_complete()["hresult"] == S_OK
    rows = [r for r in api.backupset("VM1") if r["database_name"] == "Sales"]
    assert rows and rows[-1].get("is_copy_only") is True, rows
