"""The client covers docs/openapi.json: every operation has a method, and no more."""

from __future__ import annotations

import inspect
import json

from snapwriter_client import OPERATIONS, APIError, Client, Session, segment

from conftest import OPENAPI

METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def document_operations() -> set:
    doc = json.loads(OPENAPI.read_text())
    return {f"{m.upper()} {path}" for path, item in doc["paths"].items() for m in item if m in METHODS}


def test_every_operation_has_a_client_method() -> None:
    missing = document_operations() - set(OPERATIONS)
    assert not missing, f"operations without a client method: {sorted(missing)}"


def test_the_client_names_no_operation_the_document_lacks() -> None:
    extra = set(OPERATIONS) - document_operations()
    assert not extra, f"client operations the document lacks: {sorted(extra)}"


def test_every_mapped_method_exists() -> None:
    for operation, name in OPERATIONS.items():
        assert callable(getattr(Client, name, None)), f"{operation}: Client.{name} is missing"


def test_a_session_has_a_method_per_vss_call() -> None:
    doc = json.loads(OPENAPI.read_text())
    calls = doc["components"]["schemas"]["Call"]["properties"]["call"]["enum"]
    for call in calls:
        snake = "".join("_" + c.lower() if c.isupper() else c for c in call).lstrip("_")
        assert inspect.isfunction(getattr(Session, snake, None)), f"Session.{snake} for {call}"


def test_path_segments_are_percent_encoded() -> None:
    assert segment("{0b5e-42}") == "%7B0b5e-42%7D"
    assert segment("a/b") == "a%2Fb"


def test_api_error_carries_the_answer() -> None:
    err = APIError(400, "bad-request", "no", "steps[0].backup.type")
    assert (err.status, err.code, err.message, err.path) == (400, "bad-request", "no", "steps[0].backup.type")
