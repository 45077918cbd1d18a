"""Headless Chromium for the timeline's tests: finds Debian's `chromium`, skips with the
reason when it is missing (fails instead under CI=true or SNAPWRITER_REQUIRE_CHROMIUM=1),
dumps a page's rendered DOM and the console lines Chromium logged while rendering it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Dict, List, Optional, Tuple

import pytest


def chromium() -> str:
    """The chromium binary, or a skip (a failure where it is required)."""
    found = os.environ.get("SNAPWRITER_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = "needs headless Chromium (Debian's package chromium; make system-deps installs it)"
    if os.environ.get("CI") == "true" or os.environ.get("SNAPWRITER_REQUIRE_CHROMIUM") == "1":
        pytest.fail(f"chromium is required here (CI=true or SNAPWRITER_REQUIRE_CHROMIUM=1) but missing: {reason}")
    pytest.skip(reason)


def dump_dom(url: str, virtual_time_ms: Optional[int] = None, headers_token: Optional[str] = None) -> Tuple[str, List[str]]:
    """The DOM after the page ran its scripts, and every console line it logged. With
    `virtual_time_ms`, Chromium lets that much page time pass (fetches in flight stop the
    clock), so a script that follows the server has caught up before the dump."""
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="snapwriter-chromium-") as profile:
        args = [binary, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        if virtual_time_ms is not None:
            args.append(f"--virtual-time-budget={virtual_time_ms}")
        args.append(url)
        done = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"chromium exited {done.returncode}: {done.stderr[-2000:]}"
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return done.stdout, console


class Rendered(HTMLParser):
    """What a dumped DOM shows: its lanes (`data-vm`), its text, and its root's markers."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.lanes: List[str] = []
        self.writers: Dict[str, List[str]] = {}
        self.root: Dict[str, str] = {}
        self.ids: Dict[str, Dict[str, str]] = {}
        self.texts: List[str] = []
        self._lane: Optional[str] = None
        self._skip = 0
        self.feed(dom)
        self.text = " ".join(self.texts)

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.root = values
        if tag in ("script", "style"):
            self._skip += 1
        if "id" in values:
            self.ids[values["id"]] = dict(values, tag=tag)
        if "data-vm" in values:
            self.lanes.append(values["data-vm"])
            self._lane = values["data-vm"]
        if "data-writer" in values and self._lane:
            self.writers.setdefault(self._lane, []).append(values["data-writer"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def assert_clean(rendered: Rendered, console: List[str]) -> None:
    """The page's scripts ran (their marker is set), none failed, nothing was logged."""
    assert "data-script-error" not in rendered.root, rendered.root
    assert rendered.root.get("data-timeline-ready") == "1", rendered.root
    assert console == [], console


def svgs(html: str) -> List[ET.Element]:
    """Every <svg> of a page, each parsed as XML on its own (ParseError when not well-formed)."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", html, flags=re.DOTALL)]
