"""Shared fixtures: paths to the fixture libraries and sites built once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.tools.local_server import serve

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal" / "content"
BROKEN = FIXTURES / "broken" / "content"


def run_kb(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the project's CLI the way an editor would (`env`: settings added to the environment)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "scripts.kb", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


def build_synthetic_site(folder: Path, cases: int) -> Path:
    """The real library plus synthetic cases (scripts/tools/synthetic.py), `cases` in all, built without PDFs."""
    from scripts.load.content import CONTENT_DIR
    from scripts.tools.synthetic import write_synthetic_library

    content = write_synthetic_library(CONTENT_DIR, folder / "content", cases)
    site = folder / "site"
    result = run_kb("--content", str(content), "build", "--site-dir", str(site), env={"CASEBIBLIOTEK_PDF": "0"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return site


@pytest.fixture(scope="session")
def minimal_library():
    """The tiny fixture library, loaded and validated (records are frozen, so tests can share it)."""
    from scripts.check.library import load_library

    library, problems = load_library(MINIMAL)
    assert library is not None, problems
    return library


@pytest.fixture(scope="session")
def real_library():
    """The real library in content/, loaded and validated."""
    from scripts.check.library import load_library

    library, problems = load_library(ROOT / "content")
    assert library is not None, problems
    return library


@pytest.fixture(scope="session")
def project_site(tmp_path_factory) -> Path:
    """The real library, built strictly once per session."""
    site = tmp_path_factory.mktemp("project") / "site"
    result = run_kb("build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory) -> Path:
    """The tiny fixture library, built strictly once per session."""
    site = tmp_path_factory.mktemp("minimal") / "site"
    result = run_kb("--content", str(MINIMAL), "build", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> Path:
    """The real library as the offline zip (`kb offline`), unpacked once per session."""
    import zipfile

    from scripts.engine.build import OFFLINE_FOLDER

    folder = tmp_path_factory.mktemp("offline")
    result = run_kb("offline", "--out", str(folder / "kopi.zip"))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(folder / "kopi.zip") as archive:
        archive.extractall(folder / "udpakket")
    return folder / "udpakket" / OFFLINE_FOLDER


# The browser tests that issue 15 runs on both engines' builds of the real library (MkDocs, the default,
# and Zensical); every other test sees the MkDocs build. Where the two differ, the test says how by name (e.g.
# the search's result markup, below), and is not skipped.
BOTH_ENGINES = {"test_accessibility", "test_third_parties", "test_browser_filters", "test_browser_print",
                "test_browser_folder", "test_browser_present"}
ENGINES = ("mkdocs", "zensical")


def pytest_generate_tests(metafunc):
    if "site_server" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_ENGINES:
        metafunc.parametrize("site_engine", ENGINES, indirect=True, scope="session")


@pytest.fixture(scope="session")
def site_engine(request) -> str:
    """The site engine whose build `site_server` serves (not test_browser_search's search engines)."""
    return getattr(request, "param", "mkdocs")


@pytest.fixture(scope="session")
def zensical_project_site(tmp_path_factory) -> Path:
    """The real library built with Zensical (`kb build --engine zensical`), once per session."""
    site = tmp_path_factory.mktemp("zensical-project") / "site"
    result = run_kb("build", "--engine", "zensical", "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def site_server(request, site_engine):
    site = request.getfixturevalue("zensical_project_site" if site_engine == "zensical" else "project_site")
    with serve(site) as address:
        yield address


def require_chromium() -> str:
    """The system's Chromium, or a failed test run that says what is missing (never a silent skip)."""
    from scripts.tools.system_deps import find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.fail("Chromium mangler, så browsertestene kan ikke køre. Kør 'make test' (installerer Debians "
                    "chromium-pakke, hvis du må) eller: sudo apt-get install chromium")
    return executable


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. A missing browser fails the run, loudly."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync"])
        yield browser
        browser.close()


def pdftotext(path: Path) -> str:
    """The text of a PDF as a reader would select it (poppler's pdftotext)."""
    import shutil

    executable = shutil.which("pdftotext")
    if executable is None:
        pytest.fail("pdftotext mangler, så PDF-testene kan ikke køre. Kør 'make setup' eller: "
                    "sudo apt-get install poppler-utils")
    return subprocess.run([executable, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


# One page of every kind a reader meets, for the browser tests.
PAGE_KINDS = {
    "forside": "",
    "alle cases": "cases/",
    "case": "cases/odder-samskabt-styring/",
    "kommuner": "kommuner/",
    "kommune": "kommuner/odder/",
    "kerneopgaver": "kerneopgaver/",
    "kerneopgave": "kerneopgaver/laering/",
    "temaer": "temaer/",
    "tema": "temaer/samskabelse/",
    "refleksionsspørgsmål": "refleksionsspoergsmaal/",
    "øvelser": "oevelser/",
    "øvelse": "oevelser/moed-borgeren-foer-sagen/",
    "workshoppakker": "workshops/",
    "workshoppakke": "workshops/kommunen-som-gaest/",
    "strategier": "strategier/",
    "strategi": "strategier/hedensted-kerneopgaver/",
    "kilder": "kilder/",
    "kilde": "kilder/mandag-morgen-hedensted-en-velfaerd-der-kan-baere/",
    "til gennemgang": "til-gennemgang/",
    "tilgængelighed": "tilgaengelighed/",
    "biblioteket i tal": "biblioteket-i-tal/",
    "min mappe": "min-mappe/",
    "ikke fundet": "404.html",
}


def open_search(page, base: str, query: str) -> None:
    """Search the way a reader does: a query in the address (the home page's form) or typed."""
    from urllib.parse import quote

    page.goto(f"{base}?q={quote(query)}")
    page.locator(f"{SEARCH_RESULT}, {ZENSICAL_SEARCH_RESULT}").first.wait_for()
    wait_for_animations(page)


# A search result in Material's search (the MkDocs build) and in Zensical's dialog (its shadow root is open,
# and Playwright's selectors reach into it); the empty result's hint likewise.
SEARCH_RESULT = ".md-search-result__item"
ZENSICAL_SEARCH_RESULT = "dialog ol[role=listbox] > li"
SEARCH_HINT = ".kb-search-hint"
ZENSICAL_SEARCH_HINT = "dialog ol[role=listbox] > li:has-text('Prøv et kortere ord')"


def wait_for_animations(page) -> None:
    """Let the search overlay finish fading in: checks such as axe's contrast rule must see the end
    state, not a half-transparent frame."""
    page.evaluate("""Promise.allSettled(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
        .map(a => a.finished))""")
