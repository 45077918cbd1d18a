"""Every relative link in the README and docs/ leads to a file that exists (anchors are
checked against the target's headings), and every command the README shows on an example
file names a file that exists, so the tour never sends a newcomer nowhere."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Iterator, Tuple

from conftest import ROOT

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def pages() -> Iterator[Path]:
    yield ROOT / "README.md"
    yield from sorted((ROOT / "docs").rglob("*.md"))


def anchors(page: Path) -> set:
    """GitHub's anchors: headings lower-cased, punctuation dropped, spaces to dashes."""
    found = set()
    for line in page.read_text().splitlines():
        heading = re.match(r"#+\s+(.*)", line)
        if heading:
            text = re.sub(r"[^\w\- ]", "", html.unescape(heading.group(1)).strip().lower())
            found.add(text.replace(" ", "-"))
    return found


def links() -> Iterator[Tuple[Path, str]]:
    for page in pages():
        in_code = False
        for line in page.read_text().splitlines():
            if line.startswith("```"):
                in_code = not in_code
            if in_code:
                continue
            for target in LINK.findall(line):
                if not re.match(r"[a-z]+:", target):
                    yield page, target


def test_every_relative_link_resolves() -> None:
    broken = []
    for page, target in links():
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            broken.append(f"{page.relative_to(ROOT)}: {target}")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_every_example_file_the_readme_names_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    named = set(re.findall(r"examples/[\w./-]+\.(?:yaml|dsh)", readme))
    missing = sorted(name for name in named if not (ROOT / name).exists())
    assert named and not missing, f"the README names missing files: {missing}"
