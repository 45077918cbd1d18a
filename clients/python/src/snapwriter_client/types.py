"""The API's answers as TypedDicts, named as docs/openapi.json's schemas.

Every answer is the decoded JSON object; the TypedDicts only describe it (``total=False``
where the document makes fields optional), so a newer server's extra fields pass through.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Dict, List, Optional, TypedDict

if sys.version_info >= (3, 11):
    from typing import NotRequired
elif TYPE_CHECKING:  # pragma: no cover
    from typing_extensions import NotRequired
else:  # pragma: no cover
    # Annotations stay strings (postponed evaluation): the name only matters to checkers.
    NotRequired = Optional

JSON = Dict[str, Any]


class Health(TypedDict):
    status: str


class Writer(TypedDict):
    name: str
    id: str
    instanceId: str
    state: str
    stateCode: int
    lastError: str
    hresult: str
    inMetadata: NotRequired[bool]
    vssadmin: NotRequired[JSON]


class Writers(TypedDict):
    writers: List[Writer]


class Host(TypedDict):
    name: str
    backupType: str
    vms: List[str]
    writers: List[Writer]


class Database(TypedDict, total=False):
    name: str
    recoveryModel: str
    availabilityGroup: Optional[str]
    role: Optional[str]
    isPreferredBackupReplica: bool
    state: str


class SQLInstance(TypedDict, total=False):
    version: str
    edition: str
    collation: str
    databases: List[Database]


class Volume(TypedDict, total=False):
    name: str
    mountpoint: Optional[str]


class VM(TypedDict):
    name: str
    host: str
    state: str
    backupIntegrationService: bool
    backupMethod: NotRequired[str]
    sql: Optional[SQLInstance]
    volumes: List[Volume]


class BackupStarted(TypedDict):
    id: str
    status: str


class HostBackupFailure(TypedDict, total=False):
    vm: Optional[str]
    writer: str
    event: str
    hresult: str
    message: str
    cause: str


class HostBackup(TypedDict):
    id: str
    host: str
    status: str
    type: NotRequired[str]
    step: NotRequired[Optional[int]]
    hresult: NotRequired[Optional[str]]
    error: NotRequired[Optional[str]]
    failure: NotRequired[Optional[HostBackupFailure]]
    vms: NotRequired[List[JSON]]


class BackupSet(TypedDict):
    backup_set_id: int
    database_name: str
    type: str
    first_lsn: str
    last_lsn: str
    server_name: NotRequired[str]
    is_copy_only: NotRequired[bool]
    is_snapshot: NotRequired[bool]


class Step(TypedDict):
    index: int
    kind: str
    ok: bool
    vm: NotRequired[Optional[str]]
    skipped: NotRequired[bool]
    msg: NotRequired[Optional[int]]
    text: NotRequired[Optional[str]]
    backup: NotRequired[Optional[BackupSet]]
    result: NotRequired[str]
    hresult: NotRequired[Optional[str]]


class ClockAdvanced(TypedDict):
    seconds: float
    nowMs: float


class Event(TypedDict):
    seq: int
    tMs: float
    scope: str
    event: str
    detail: str


class Events(TypedDict):
    events: List[Event]
    next: int


class Fault(TypedDict):
    id: str
    kind: str
    rule: JSON


class SessionOpened(TypedDict):
    id: str
    hresult: str
    name: str


class Component(TypedDict):
    logicalPath: str
    name: str
    files: List[str]


class WriterMetadata(TypedDict):
    name: str
    id: str
    instanceId: str
    components: List[Component]


class SnapshotRef(TypedDict):
    id: str
    volume: str


class CallAnswer(TypedDict):
    call: str
    hresult: str
    name: str
    writers: List[Writer]
    metadata: NotRequired[List[WriterMetadata]]
    snapshotSetId: NotRequired[str]
    snapshotId: NotRequired[str]
    snapshots: NotRequired[List[SnapshotRef]]


class ShadowCopy(TypedDict):
    id: str
    setId: str
    volume: str
    createdAt: str
    exposedAt: Optional[str]
    mountpoint: Optional[str]


class Exposed(TypedDict):
    mountpoint: str
