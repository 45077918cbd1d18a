"""A client for `snapwriter serve`: one method per operation of docs/openapi.json.

Only the standard library (urllib) is used, so the package installs anywhere.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Mapping, Optional, Union, cast

from .types import (
    JSON,
    VM,
    BackupSet,
    BackupStarted,
    CallAnswer,
    ClockAdvanced,
    Events,
    Exposed,
    Fault,
    Health,
    Host,
    HostBackup,
    SessionOpened,
    ShadowCopy,
    Step,
    Writer,
)

#: Every operation of the OpenAPI document, "METHOD /path" as the document writes it, and
#: the Client method that performs it. tests/test_operations.py compares this table with
#: docs/openapi.json both ways.
OPERATIONS: Dict[str, str] = {
    "GET /health": "health",
    "GET /openapi.json": "openapi",
    "GET /hosts": "hosts",
    "GET /hosts/{host}": "host",
    "GET /hosts/{host}/writers": "host_writers",
    "POST /hosts/{host}/backups": "start_host_backup",
    "GET /hosts/{host}/backups/{id}": "host_backup",
    "GET /vms": "vms",
    "GET /vms/{vm}": "vm",
    "GET /vms/{vm}/writers": "vm_writers",
    "GET /vms/{vm}/msdb/backupset": "backupset",
    "GET /vms/{vm}/errorlog": "errorlog",
    "POST /steps": "run_step",
    "POST /clock/advance": "advance_clock",
    "GET /events": "events",
    "GET /history": "history",
    "GET /faults": "faults",
    "POST /faults": "add_fault",
    "DELETE /faults": "remove_faults",
    "DELETE /faults/{id}": "remove_fault",
    "POST /reset": "reset",
    "GET /metrics": "metrics",
    "POST /vms/{vm}/vss/sessions": "open_vm_session",
    "POST /vms/{vm}/vss/sessions/{id}/calls": "call_vm_session",
    "DELETE /vms/{vm}/vss/sessions/{id}": "release_vm_session",
    "GET /vms/{vm}/shadows": "vm_shadows",
    "POST /vms/{vm}/shadows/{id}/expose": "expose_vm_shadow",
    "DELETE /vms/{vm}/shadows/{id}": "delete_vm_shadow",
    "POST /hosts/{host}/vss/sessions": "open_host_session",
    "POST /hosts/{host}/vss/sessions/{id}/calls": "call_host_session",
    "DELETE /hosts/{host}/vss/sessions/{id}": "release_host_session",
    "GET /hosts/{host}/shadows": "host_shadows",
    "POST /hosts/{host}/shadows/{id}/expose": "expose_host_shadow",
    "DELETE /hosts/{host}/shadows/{id}": "delete_host_shadow",
}

S_OK = "0x00000000"
VSS_E_BAD_STATE = "0x80042301"
VSS_E_OBJECT_NOT_FOUND = "0x80042308"
VSS_E_SNAPSHOT_SET_IN_PROGRESS = "0x80042316"
VSS_E_WRITERERROR_NONRETRYABLE = "0x800423F4"


class APIError(Exception):
    """An HTTP error answer: `{"error": {"code", "message", "path"}}` and its status."""

    def __init__(self, status: int, code: str, message: str, path: Optional[str] = None) -> None:
        super().__init__(f"{status} {code}: {message}" + (f" (at {path})" if path else ""))
        self.status = status
        self.code = code
        self.message = message
        self.path = path


def segment(value: str) -> str:
    """One path segment, percent-encoded (shadow copy ids carry braces)."""
    return urllib.parse.quote(value, safe="")


class Client:
    """The API of one `snapwriter serve`, e.g. ``Client("http://127.0.0.1:8787")``."""

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = 120.0) -> None:
        url = url.rstrip("/")
        if not url.endswith("/api/v1"):
            url += "/api/v1"
        self.base = url
        self.token = token
        self.timeout = timeout

    # Transport

    def request(
        self,
        method: str,
        path: str,
        body: Optional[Mapping[str, Any]] = None,
        query: Optional[Mapping[str, Any]] = None,
        timeout: Optional[float] = None,
    ) -> tuple[int, str, bytes]:
        """Sends one request; answers (status, content type, body). Raises APIError for 4xx/5xx."""
        url = self.base + path
        if query:
            pairs = {k: v for k, v in query.items() if v is not None}
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        data = None
        headers = {"Accept": "application/json, text/plain"}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as err:
            raw = err.read()
            code, message, at = "http-error", raw.decode("utf-8", "replace"), None
            try:
                doc = json.loads(raw)
                error = doc["error"]
                code, message, at = error["code"], error["message"], error.get("path")
            except (ValueError, KeyError, TypeError):
                pass
            raise APIError(err.code, code, message, at) from None

    def _json(self, method: str, path: str, body: Optional[Mapping[str, Any]] = None,
              query: Optional[Mapping[str, Any]] = None, timeout: Optional[float] = None) -> Any:
        _, _, raw = self.request(method, path, body, query, timeout)
        return json.loads(raw) if raw else None

    def _text(self, path: str, query: Optional[Mapping[str, Any]] = None) -> str:
        _, _, raw = self.request("GET", path, query=query)
        return raw.decode("utf-8")

    # Service

    def health(self) -> Health:
        return cast(Health, self._json("GET", "/health"))

    def openapi(self) -> JSON:
        return cast(JSON, self._json("GET", "/openapi.json"))

    def metrics(self) -> str:
        """Prometheus text format."""
        return self._text("/metrics")

    # Hosts

    def hosts(self) -> List[Host]:
        return cast(List[Host], self._json("GET", "/hosts")["hosts"])

    def host(self, host: str) -> Host:
        return cast(Host, self._json("GET", f"/hosts/{segment(host)}"))

    def host_writers(self, host: str) -> List[Writer]:
        return cast(List[Writer], self._json("GET", f"/hosts/{segment(host)}/writers")["writers"])

    def host_writers_vssadmin(self, host: str) -> str:
        """`vssadmin list writers` as the host would print it."""
        return self._text(f"/hosts/{segment(host)}/writers", {"format": "vssadmin"})

    def start_host_backup(self, host: str, type: Optional[str] = None) -> BackupStarted:
        body: Dict[str, Any] = {} if type is None else {"type": type}
        return cast(BackupStarted, self._json("POST", f"/hosts/{segment(host)}/backups", body))

    def host_backup(self, host: str, id: str) -> HostBackup:
        return cast(HostBackup, self._json("GET", f"/hosts/{segment(host)}/backups/{segment(id)}"))

    def wait_host_backup(self, host: str, id: str, timeout: float = 300.0,
                         interval: float = 0.1) -> HostBackup:
        """Polls a host backup until it is no longer running."""
        deadline = time.monotonic() + timeout
        while True:
            backup = self.host_backup(host, id)
            if backup["status"] != "running":
                return backup
            if time.monotonic() > deadline:
                raise TimeoutError(f"host backup {id} on {host} still running after {timeout} s")
            time.sleep(interval)

    def host_backup_run(self, host: str, type: Optional[str] = None,
                        timeout: float = 300.0) -> HostBackup:
        """Starts a host backup and waits for its end."""
        started = self.start_host_backup(host, type)
        return self.wait_host_backup(host, started["id"], timeout)

    # VMs

    def vms(self) -> List[VM]:
        return cast(List[VM], self._json("GET", "/vms")["vms"])

    def vm(self, vm: str) -> VM:
        return cast(VM, self._json("GET", f"/vms/{segment(vm)}"))

    def vm_writers(self, vm: str) -> List[Writer]:
        return cast(List[Writer], self._json("GET", f"/vms/{segment(vm)}/writers")["writers"])

    def vm_writers_vssadmin(self, vm: str) -> str:
        """`vssadmin list writers` as the guest would print it."""
        return self._text(f"/vms/{segment(vm)}/writers", {"format": "vssadmin"})

    def backupset(self, vm: str) -> List[BackupSet]:
        """The VM's msdb backupset rows."""
        return cast(List[BackupSet], self._json("GET", f"/vms/{segment(vm)}/msdb/backupset")["backupset"])

    def errorlog(self, vm: str) -> List[str]:
        """The VM's SQL Server error log lines."""
        return cast(List[str], self._json("GET", f"/vms/{segment(vm)}/errorlog")["lines"])

    def history(self) -> List[BackupSet]:
        """Every replica's msdb rows: the input of `snapwriter chain`."""
        return cast(List[BackupSet], self._json("GET", "/history"))

    # World

    def run_step(self, step: Mapping[str, Any]) -> Step:
        """One scenario step, e.g. ``{"restartService": {"vm": "VM3", "service": "SQLWriter"}}``."""
        return cast(Step, self._json("POST", "/steps", step))

    def advance_clock(self, seconds: float) -> ClockAdvanced:
        return cast(ClockAdvanced, self._json("POST", "/clock/advance", {"seconds": seconds}))

    def events(self, since: Optional[int] = None, wait: Optional[float] = None) -> Events:
        timeout = None if wait is None else max(self.timeout, wait + 30)
        return cast(Events, self._json("GET", "/events", query={"since": since, "wait": wait},
                                       timeout=timeout))

    def reset(self) -> JSON:
        return cast(JSON, self._json("POST", "/reset"))

    # Faults

    def faults(self) -> List[Fault]:
        return cast(List[Fault], self._json("GET", "/faults")["faults"])

    def add_fault(self, rule: Mapping[str, Any]) -> str:
        """Adds a rule written as a scenario's `faults` item; answers its id."""
        return cast(str, self._json("POST", "/faults", rule)["id"])

    def remove_fault(self, id: str) -> JSON:
        return cast(JSON, self._json("DELETE", f"/faults/{segment(id)}"))

    def remove_faults(self) -> JSON:
        return cast(JSON, self._json("DELETE", "/faults"))

    # Requester sessions and shadow copies, by machine kind

    def open_vm_session(self, vm: str) -> "Session":
        opened = cast(SessionOpened, self._json("POST", f"/vms/{segment(vm)}/vss/sessions"))
        return Session(self, "vms", vm, opened)

    def open_host_session(self, host: str) -> "Session":
        opened = cast(SessionOpened, self._json("POST", f"/hosts/{segment(host)}/vss/sessions"))
        return Session(self, "hosts", host, opened)

    def call_vm_session(self, vm: str, id: str, call: Mapping[str, Any]) -> CallAnswer:
        return self._call("vms", vm, id, call)

    def call_host_session(self, host: str, id: str, call: Mapping[str, Any]) -> CallAnswer:
        return self._call("hosts", host, id, call)

    def release_vm_session(self, vm: str, id: str) -> None:
        self.request("DELETE", f"/vms/{segment(vm)}/vss/sessions/{segment(id)}")

    def release_host_session(self, host: str, id: str) -> None:
        self.request("DELETE", f"/hosts/{segment(host)}/vss/sessions/{segment(id)}")

    def vm_shadows(self, vm: str) -> List[ShadowCopy]:
        return self._shadows("vms", vm)

    def host_shadows(self, host: str) -> List[ShadowCopy]:
        return self._shadows("hosts", host)

    def expose_vm_shadow(self, vm: str, id: str) -> str:
        """Mounts the shadow copy read-only; answers its mountpoint."""
        return self._expose("vms", vm, id)

    def expose_host_shadow(self, host: str, id: str) -> str:
        return self._expose("hosts", host, id)

    def delete_vm_shadow(self, vm: str, id: str) -> None:
        self.request("DELETE", f"/vms/{segment(vm)}/shadows/{segment(id)}")

    def delete_host_shadow(self, host: str, id: str) -> None:
        self.request("DELETE", f"/hosts/{segment(host)}/shadows/{segment(id)}")

    def _call(self, kind: str, machine: str, id: str, call: Mapping[str, Any]) -> CallAnswer:
        path = f"/{kind}/{segment(machine)}/vss/sessions/{segment(id)}/calls"
        return cast(CallAnswer, self._json("POST", path, call))

    def _shadows(self, kind: str, machine: str) -> List[ShadowCopy]:
        return cast(List[ShadowCopy], self._json("GET", f"/{kind}/{segment(machine)}/shadows")["shadows"])

    def _expose(self, kind: str, machine: str, id: str) -> str:
        path = f"/{kind}/{segment(machine)}/shadows/{segment(id)}/expose"
        return cast(Exposed, self._json("POST", path))["mountpoint"]


class Session:
    """A requester session (IVssBackupComponents) on one VM's or host's VSS.

    Each method is one VSS call and answers the call's JSON: its `hresult` is VSS's answer
    (a call out of order is a 200 whose hresult is VSS_E_BAD_STATE, not an exception).
    Use it as a context manager to release it at the end.
    """

    def __init__(self, client: Client, kind: str, machine: str, opened: SessionOpened) -> None:
        self.client = client
        self.kind = kind
        self.machine = machine
        self.id = opened["id"]
        self.hresult = opened["hresult"]
        self.name = opened["name"]
        self.released = False

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.released:
            try:
                self.release()
            except APIError:
                pass

    def call(self, name: str, **arguments: Any) -> CallAnswer:
        body: Dict[str, Any] = {"call": name}
        body.update({k: v for k, v in arguments.items() if v is not None})
        return self.client._call(self.kind, self.machine, self.id, body)

    def gather_writer_metadata(self) -> CallAnswer:
        return self.call("GatherWriterMetadata")

    def set_backup_state(self, backup_type: str = "VSS_BT_FULL", select_components: Optional[bool] = None,
                         bootable_system_state: Optional[bool] = None,
                         partial_file_support: Optional[bool] = None) -> CallAnswer:
        return self.call("SetBackupState", backupType=backup_type, selectComponents=select_components,
                         bootableSystemState=bootable_system_state,
                         partialFileSupport=partial_file_support)

    def add_component(self, writer: str, component: str) -> CallAnswer:
        return self.call("AddComponent", writer=writer, component=component)

    def prepare_for_backup(self) -> CallAnswer:
        return self.call("PrepareForBackup")

    def start_snapshot_set(self) -> CallAnswer:
        return self.call("StartSnapshotSet")

    def add_to_snapshot_set(self, volume: str) -> CallAnswer:
        return self.call("AddToSnapshotSet", volume=volume)

    def do_snapshot_set(self) -> CallAnswer:
        return self.call("DoSnapshotSet")

    def gather_writer_status(self) -> CallAnswer:
        return self.call("GatherWriterStatus")

    def set_backup_succeeded(self, writer: str, component: str, succeeded: bool = True) -> CallAnswer:
        return self.call("SetBackupSucceeded", writer=writer, component=component, succeeded=succeeded)

    def backup_complete(self) -> CallAnswer:
        return self.call("BackupComplete")

    def abort_backup(self) -> CallAnswer:
        return self.call("AbortBackup")

    def shadows(self) -> List[ShadowCopy]:
        """The shadow copies of this session's machine."""
        return self.client._shadows(self.kind, self.machine)

    def expose(self, shadow_id: str) -> str:
        """Exposes one of the machine's shadow copies; answers its mountpoint."""
        return self.client._expose(self.kind, self.machine, shadow_id)

    def delete_shadow(self, shadow_id: str) -> None:
        self.client.request("DELETE", f"/{self.kind}/{segment(self.machine)}/shadows/{segment(shadow_id)}")

    def release(self) -> None:
        """Releases the session (BackupShutdown); its shadow copies go with it."""
        self.client.request("DELETE", f"/{self.kind}/{segment(self.machine)}/vss/sessions/{segment(self.id)}")
        self.released = True
