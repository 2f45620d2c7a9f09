"""Shared fixtures: paths to the fixture libraries and sites built once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINIMAL = FIXTURES / "minimal" / "content"
BROKEN = FIXTURES / "broken" / "content"


def run_kb(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the project's CLI the way an editor would."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "scripts.kb", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)


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
