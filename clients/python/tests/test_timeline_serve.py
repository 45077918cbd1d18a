"""`snapwriter serve`'s `GET /`: the live timeline in headless Chromium. Before any backup it
holds a lane per VM and no host backup; after one run through the API, the page that starts
from an empty trace (`/?at=0`) follows the events endpoint and redraws until it holds them
all, with the failure's HRESULT; the token guards the page as every other path."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from snapwriter_client import Client

from conftest import ROOT, Server, require_fuse, scenario_without_expect
from headless import Rendered, assert_clean, chromium, dump_dom, svgs


def test_live_page_follows_a_host_backup_run_through_the_api(server: Server, api: Client) -> None:
    chromium()
    before, console = dump_dom(server.url + "/")
    rendered = Rendered(before)
    assert_clean(rendered, console)
    assert rendered.lanes == ["VM1", "VM2", "VM3"]
    assert "No host backup has run yet." in rendered.text
    assert "HostBackupStarted" not in before

    backup = api.host_backup_run("HV01")
    assert backup["status"] in ("succeeded", "failed"), backup
    events = api.events(since=0)["next"]
    assert events > 0

    # The page drawn from no events at all must catch up by itself, through its script.
    caught_up, console = dump_dom(server.url + "/?at=0", virtual_time_ms=1500)
    rendered = Rendered(caught_up)
    assert_clean(rendered, console)
    live = rendered.ids["live"]
    assert int(live["data-next"]) >= events, live
    assert rendered.lanes == ["VM1", "VM2", "VM3"]
    assert "following the trace" in rendered.text
    assert "No host backup has run yet." not in rendered.text
    assert "host backup" in rendered.text
    if backup["status"] == "failed":
        assert backup["hresult"] in rendered.text
        assert f"failed: {backup['hresult']}" in rendered.text

    with urllib.request.urlopen(server.url + "/timeline", timeout=60) as answer:
        assert answer.headers["Content-Type"].startswith("text/html")
        fragment = answer.read().decode()
    assert len(svgs(fragment)) == 1


def test_live_page_needs_the_token_like_every_path(tmp_path: Path) -> None:
    require_fuse()
    scenario = scenario_without_expect(ROOT / "examples" / "three-vms.yaml", tmp_path / "three-vms.yaml")
    srv = Server(scenario, tmp_path / "out", token="s3cret")
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(srv.url + "/", timeout=60)
        assert refused.value.code == 401
        request = urllib.request.Request(srv.url + "/", headers={"Authorization": "Bearer s3cret"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            page = answer.read().decode()
        assert re.findall(r'data-vm="([^"]+)"', page) == ["VM1", "VM2", "VM3"]
    finally:
        code = srv.stop()
    assert code == 0
