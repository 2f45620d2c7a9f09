"""Check, and where possible install, what Casebiblioteket needs from the system.

Usage: python -m scripts.tools.system_deps [--for site|test] [--install]

Python packages come from the lock file; a few things come from the
operating system: Pango for WeasyPrint (the PDFs), and for the tests
pdftotext and Chromium. With --install, missing Debian/Ubuntu packages are
installed with apt-get when this user may (root, or sudo without a
password); otherwise the message names the command to run. Exit status is 0
either way: the site can be served without PDFs, and a test that lacks a
tool says so itself.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def weasyprint_works() -> bool:
    try:
        import weasyprint  # noqa: F401 - imported to see whether Pango loads
    except OSError:
        return False
    return True


def find_chromium() -> str | None:
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass(frozen=True)
class Need:
    what: str
    """Danish: what the project uses it for."""
    packages: tuple[str, ...]
    """Debian/Ubuntu packages that provide it."""
    present: Callable[[], bool]
    scope: str
    """'site' is needed to build the site; 'test' only to run the tests."""


NEEDS = (
    Need("PDF'er (WeasyPrint bruger Pango)",
         ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"), weasyprint_works, "site"),
    Need("testene af PDF'erne (pdftotext)", ("poppler-utils",), lambda: shutil.which("pdftotext") is not None, "test"),
    Need("browsertestene (Chromium)", ("chromium",), lambda: find_chromium() is not None, "test"),
)


def _apt_command() -> list[str] | None:
    """The command that runs apt-get as this user may (with sudo if needed), or None."""
    apt_get, sudo = shutil.which("apt-get"), shutil.which("sudo")
    if not apt_get:
        return None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return [apt_get]
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:
        return [sudo, "-n", apt_get]
    return None


def install(packages: list[str]) -> bool:
    apt = _apt_command()
    if apt is None:
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installerer fra systemets pakker: {' '.join(packages)} ...", flush=True)
    update = subprocess.run([*apt, "update", "-qq"], env=env)
    if update.returncode != 0:
        return False
    result = subprocess.run([*apt, "install", "-y", "-qq", "--no-install-recommends", *packages], env=env)
    return result.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--for", dest="scope", choices=("site", "test"), default="site")
    parser.add_argument("--install", action="store_true")
    args = parser.parse_args(argv)
    wanted = [need for need in NEEDS if need.scope == "site" or args.scope == "test"]
    missing = [need for need in wanted if not need.present()]
    if missing and args.install:
        install(sorted({package for need in missing for package in need.packages}))
        missing = [need for need in missing if not need.present()]
    for need in missing:
        print(f"Mangler til {need.what}. Installér pakkerne med:\n"
              f"    sudo apt-get install {' '.join(need.packages)}\n"
              "  (på macOS: brew install pango poppler chromium)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
