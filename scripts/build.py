"""Build the site so that a failure never leaves a half-written `site/`.

MkDocs writes into its output folder as it goes, so it builds into a fresh
folder under `build/`, and only a build that succeeded replaces `site/`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from scripts.content import ROOT

BUILD_DIR = ROOT / "build"
SITE_DIR = ROOT / "site"
CONFIG = ROOT / "mkdocs.yml"
PREVIEW_DIR = BUILD_DIR / "serve"  # generated pages for the preview server's dirty rebuilds


def content_folder_key(content_dir: Path) -> str:
    """A short name for a content folder, so build files of a fixture library never mix with the real one's."""
    return hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:12]


def preview_pages_dir(content_dir: Path) -> Path:
    """Where the preview server keeps the generated pages of one content folder (nothing watches it)."""
    return PREVIEW_DIR / content_folder_key(content_dir)


def run_mkdocs(site_dir: Path, content_dir: Path | None = None, offline: bool = False) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `site_dir`, output captured."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # the notice is known; see README
    if content_dir is not None:
        env["CASEBIBLIOTEK_CONTENT"] = str(content_dir)
    if offline:
        env["CASEBIBLIOTEK_OFFLINE"] = "true"  # enables Material's offline plugin (mkdocs.yml)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )


def build_site(site_dir: Path = SITE_DIR, content_dir: Path | None = None, offline: bool = False) -> tuple[bool, str]:
    """Build into a staging folder and swap it in; return (ok, MkDocs' output)."""
    # Stage next to the target so the final rename stays on one file system.
    build_dir = BUILD_DIR if site_dir == SITE_DIR else site_dir.parent / "build"
    build_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="site-", dir=build_dir))
    try:
        result = run_mkdocs(staging, content_dir, offline)
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            return False, output
        replace_dir(staging, site_dir, build_dir)
        return True, output
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def replace_dir(new: Path, target: Path, build_dir: Path) -> None:
    """Put `new` in place of `target` with two renames, restoring on failure."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix="old-site-", dir=build_dir))
        old.rmdir()
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


OFFLINE_ZIP = BUILD_DIR / "casebiblioteket-offline.zip"
OFFLINE_FOLDER = "casebiblioteket"  # the folder the zip unpacks to


def build_offline(zip_path: Path = OFFLINE_ZIP, content_dir: Path | None = None) -> tuple[bool, str]:
    """A copy of the site that works opened from the disk, zipped; (ok, MkDocs' output)."""
    site = zip_path.parent / "offline-site"
    ok, output = build_site(site, content_dir, offline=True)
    if not ok:
        return False, output
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                archive.write(path, f"{OFFLINE_FOLDER}/{path.relative_to(site).as_posix()}")
    partial.replace(zip_path)  # never leave half a zip where the last good one was
    return True, output
