"""`timeline.html` as a browser shows it: `run --out` and `compare --out` pages rendered in
headless Chromium hold a lane per VM, the failure's HRESULT, no script error and no console
line; their SVGs are well-formed XML; the screenshot script makes a PNG."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import List

import pytest

from conftest import ROOT, SNAPWRITER
from headless import Rendered, assert_clean, chromium, dump_dom, svgs

EXAMPLES = ROOT / "examples"


def run(example: str, out: Path, *extra: str) -> Path:
    """`snapwriter run EXAMPLE --out OUT` (exit 0: the example's expectations held)."""
    if not SNAPWRITER.exists():
        pytest.fail(f"{SNAPWRITER} is missing: build it first (swift build)")
    done = subprocess.run([str(SNAPWRITER), "run", str(EXAMPLES / example), "--out", str(out), *extra],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    page = out / "timeline.html"
    assert page.is_file(), sorted(p.name for p in out.iterdir())
    return page


def vm_names(example: str) -> List[str]:
    """The VM names of a single-host example, as its `vms:` list writes them."""
    names = []
    inside = False
    for line in (EXAMPLES / example).read_text().splitlines():
        if line.startswith("vms:"):
            inside = True
        elif inside and line and not line.startswith(" "):
            break
        elif inside and line.strip().startswith("- name:"):
            names.append(line.split(":", 1)[1].strip())
    return names


def test_sp1_page_renders_a_lane_per_vm_and_the_hresult(tmp_path: Path) -> None:
    page = run("version-2012-sp1-secondary-fails.yaml", tmp_path / "out")
    dom, console = dump_dom(page.as_uri())
    rendered = Rendered(dom)
    assert_clean(rendered, console)
    assert rendered.lanes == ["VM1", "VM2", "VM3"]
    assert "0x800423F4" in rendered.text
    assert "failed: 0x800423F4" in rendered.text
    assert rendered.writers["VM1"][0] == "SqlServerWriter"


def test_eight_vms_page_has_every_lane(tmp_path: Path) -> None:
    example = "eight-vms-sp2-cu2.yaml"
    page = run(example, tmp_path / "out")
    dom, console = dump_dom(page.as_uri())
    rendered = Rendered(dom)
    assert_clean(rendered, console)
    assert rendered.lanes == vm_names(example) and len(rendered.lanes) == 8


def test_fleet_page_leads_with_the_calendar_and_a_link_opens_its_night(tmp_path: Path) -> None:
    page = run("private-cloud-week.yaml", tmp_path / "out")
    html = page.read_text()
    assert html.index('<table class="calendar">') < html.index("<details")
    dom, console = dump_dom(page.as_uri() + "#night-HV01-day3")
    rendered = Rendered(dom)
    assert_clean(rendered, console)
    night = rendered.ids["night-HV01-day3"]
    assert night["tag"] == "details" and "open" in night, night
    assert set(rendered.lanes) == {"SQL1", "FILE1", "SQL2", "WEB2"}
    assert "FAILED 0x800423F4" in rendered.text


@pytest.mark.parametrize("example", [
    "version-2012-sp1-secondary-fails.yaml",
    "ag-offload-backups-to-secondary.yaml",
    "freeze-window-timeout.yaml",
    "host-vm-stops-mid-freeze.yaml",
    "private-cloud-week.yaml",
])
def test_every_svg_is_well_formed_xml(tmp_path: Path, example: str) -> None:
    page = run(example, tmp_path / "out")
    parsed = svgs(page.read_text())
    assert parsed, "no <svg> on the page"
    for svg in parsed:
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    lanes = [g.get("data-vm") for svg in parsed for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("data-vm")]
    assert lanes, "no data-vm lane"


def test_compare_out_puts_the_builds_side_by_side(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([str(SNAPWRITER), "compare", str(EXAMPLES / "version-2012-sp1-secondary-fails.yaml"),
                           "--sql-versions", "2012-SP1,2012-SP2-CU2", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "compare.json").is_file()
    html = (out / "timeline.html").read_text()
    assert len(svgs(html)) == 2
    dom, console = dump_dom((out / "timeline.html").as_uri())
    rendered = Rendered(dom)
    assert_clean(rendered, console)
    assert rendered.lanes == ["VM1", "VM2", "VM3"] * 2
    assert "version-2012-SP1" in rendered.ids and "version-2012-SP2-CU2" in rendered.ids


def test_screenshot_script_makes_a_png(tmp_path: Path) -> None:
    chromium()
    page = run("version-2012-sp1-secondary-fails.yaml", tmp_path / "out")
    png = tmp_path / "shot.png"
    done = subprocess.run([str(ROOT / "scripts" / "timeline-screenshot"), str(page), str(png)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
