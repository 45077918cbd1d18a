"""A typed client for `snapwriter serve`'s HTTP API (standard library only)."""

from .client import (
    OPERATIONS,
    S_OK,
    VSS_E_BAD_STATE,
    VSS_E_OBJECT_NOT_FOUND,
    VSS_E_SNAPSHOT_SET_IN_PROGRESS,
    VSS_E_WRITERERROR_NONRETRYABLE,
    APIError,
    Client,
    Session,
    segment,
)
from . import types

__all__ = [
    "OPERATIONS",
    "S_OK",
    "VSS_E_BAD_STATE",
    "VSS_E_OBJECT_NOT_FOUND",
    "VSS_E_SNAPSHOT_SET_IN_PROGRESS",
    "VSS_E_WRITERERROR_NONRETRYABLE",
    "APIError",
    "Client",
    "Session",
    "segment",
    "types",
]
