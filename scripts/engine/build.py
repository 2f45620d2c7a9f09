"""Build the site so that a failure never leaves a half-written `site/`.

MkDocs writes into its output folder as it goes, so it builds into a staging
folder under `build/`, and only a build that succeeded replaces `site/`.

Each target folder has one fixed staging place, `build/staging/<name>-<key>.new`
(and `.old` for the moment of a swap where the OS cannot exchange two folders),
guarded by a lock file beside it. A build takes the lock, removes what a killed
build left there, builds, and swaps; a second build of the same target waits.
The built site gets ordinary permissions (folders 0755, files 0644) whatever
the umask, so a web server running as another user can read it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from scripts.check.json_schema import schema_file
from scripts.load.content import ROOT
from scripts.render.feed import feed_files
from scripts.render.open_data import open_data_files

try:
    import fcntl
except ImportError:  # not on Windows: builds there are not locked against each other
    fcntl = None

BUILD_DIR = ROOT / "build"
SITE_DIR = ROOT / "site"
CONFIG = ROOT / "mkdocs.yml"
PREVIEW_DIR = BUILD_DIR / "serve"  # generated pages for the preview server's dirty rebuilds

DIR_MODE = 0o755
FILE_MODE = 0o644
# Opened from the site, a file of these types is a page of its own that can run scripts.
LIVE_MARKUP = (".html", ".htm", ".xhtml", ".xht", ".svg", ".svgz", ".xml", ".xsl", ".xslt", ".shtml", ".mht",
               ".mhtml", ".rdf", ".xsd", ".rng", ".atom", ".rss")
# What static/ (MkDocs' docs_dir, open to pull requests like content/) may hold: files a browser only shows.
PASSIVE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".txt"})
PASSIVE_NAMES = frozenset({"CNAME", ".gitkeep"})  # GitHub Pages' custom domain; an empty folder's marker
# Portable names: no backslash, no reserved Windows names, nothing a zip tool could misread as a path.
_SAFE_NAME = re.compile(r"(?!(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$))[A-Za-z0-9._-]+", re.IGNORECASE)
# What earlier versions left after a kill: tempfile.mkdtemp(prefix="site-" / "old-site-").
_LEGACY_LEFTOVER = re.compile(r"(old-)?site-[a-z0-9_]{8}")


def data_and_feed(library, settings, pdfs: bool) -> dict[str, str]:
    """{site path: text} of the open data (data/: cases, schema, vocabularies) and the Atom feed (feed.xml).

    Both engine adaptors add these to the site; `pdfs` says whether the build makes the PDFs the records name.
    """
    return {**open_data_files(library, settings, pdfs),
            **schema_file(library.vocabulary, [source.id for source in library.sources], settings.site_url),
            **feed_files(library, settings)}


def content_folder_key(content_dir: Path) -> str:
    """A short name for a content folder, so build files of a fixture library never mix with the real one's."""
    return hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:12]


def preview_pages_dir(content_dir: Path) -> Path:
    """Where the preview server keeps the generated pages of one content folder (nothing watches it)."""
    return PREVIEW_DIR / content_folder_key(content_dir)


def unsafe_project_files(root: Path = ROOT) -> list[str]:
    """Danish messages, one per file under static/ or overrides/ that must not be published.

    MkDocs follows symbolic links, so a link would publish whatever it points
    at (a password file, a home folder). static/ is MkDocs' docs_dir, which
    pull requests may change like content: it may hold only passive files
    (PASSIVE_TYPES), because a Markdown file there becomes a page with raw
    HTML, and a script, stylesheet or markup file would run as the site's own.
    The site's own CSS and JavaScript are theme files in overrides/ (code,
    reviewed as code); of those, a markup type other than a template is refused.
    """
    problems = []
    for folder, templates in ((root / "static", None), (root / "overrides", (".html",))):
        for path in [folder] if folder.is_symlink() else _walk(folder):
            shown = path.relative_to(root).as_posix()
            where = f"{path.parent.relative_to(root).as_posix()}/" if path.parent != root else "projektet"
            suffix = path.suffix.lower()
            if path.is_symlink() and path.is_dir():
                problems.append(f"{shown} er et symbolsk link til en mappe. Slet linket, og læg selve mappen i {where}.")
            elif path.is_symlink():
                problems.append(f"{shown} er et symbolsk link. Slet linket, og læg selve filen i {where}.")
            elif not path.is_dir() and not path.is_file():
                problems.append(f"{shown} er ikke en almindelig fil. Slet den, og læg en almindelig fil i {where}.")
            elif templates is None and not _SAFE_NAME.fullmatch(path.name):
                problems.append(f"{shown}: navnet må kun have bogstaverne a-z, tal, '.', '-' og '_'. Omdøb den.")
            elif templates is None and path.is_file() and suffix not in PASSIVE_TYPES and path.name not in PASSIVE_NAMES:
                problems.append(f"{shown} er en {suffix or 'fil uden endelse'}, og i static/ må kun ligge billeder "
                                f"og tekstfiler ({', '.join(sorted(PASSIVE_TYPES))}). Sidens egne stylesheets og "
                                "scripts hører til i overrides/assets/, og sider skrives i content/.")
            elif templates is not None and path.is_file() and suffix in LIVE_MARKUP and suffix not in templates:
                problems.append(f"{shown} er en {suffix}-fil, og den slags filer kan køre scripts, når en læser åbner "
                                "dem fra siden, så de må ikke udgives. Slet filen; brug et billede som PNG eller JPEG, "
                                "eller skriv siden i content/.")
    return problems


def _walk(folder: Path) -> Iterator[Path]:
    """Everything under `folder`, sorted, never following a symbolic link."""
    for parent, dirs, files in os.walk(folder):  # os.walk does not descend into linked folders
        dirs.sort()
        for name in dirs + sorted(files):
            yield Path(parent, name)


def run_mkdocs(site_dir: Path, content_dir: Path | None = None, offline: bool = False,
               lock: int | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `site_dir`, output captured.

    The lock's file descriptor is passed on, so a MkDocs left running after its
    parent was killed still holds the lock until it stops writing.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")  # the notice is known; see README
    if content_dir is not None:
        env["CASEBIBLIOTEK_CONTENT"] = str(content_dir)
    if offline:
        env["CASEBIBLIOTEK_OFFLINE"] = "true"  # enables Material's offline plugin (mkdocs.yml)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        pass_fds=() if lock is None else (lock,),
    )


class Slot(NamedTuple):
    """The fixed places of one target folder's builds."""

    lock: Path
    new: Path  # the build in progress; after a swap, the previous site on its way out
    old: Path  # the previous site between the two renames, where the OS cannot exchange


def staging_slot(target: Path, build_dir: Path) -> Slot:
    # The key names the target itself, so it stays the same while the target is missing or a link.
    key = hashlib.sha256(str(target.parent.resolve() / target.name).encode()).hexdigest()[:12]
    base = build_dir / "staging" / f"{target.name}-{key}"
    return Slot(base.with_suffix(".lock"), base.with_suffix(".new"), base.with_suffix(".old"))


def _build_dir(site_dir: Path) -> Path:
    # Stage next to the target so the final rename stays on one file system.
    return BUILD_DIR if site_dir == SITE_DIR else site_dir.parent / "build"


def build_site(site_dir: Path = SITE_DIR, content_dir: Path | None = None, offline: bool = False) -> tuple[bool, str]:
    """Build into the target's staging folder and swap it in; return (ok, MkDocs' output)."""
    build_dir = _build_dir(site_dir)
    slot = staging_slot(site_dir, build_dir)
    with locked(slot, site_dir) as lock:
        return _build_locked(site_dir, build_dir, slot, lock, content_dir, offline)


def _build_locked(site_dir: Path, build_dir: Path, slot: Slot, lock: int | None, content_dir: Path | None,
                  offline: bool) -> tuple[bool, str]:
    clear_leftovers(slot, site_dir, build_dir)
    slot.new.mkdir()
    try:
        result = run_mkdocs(slot.new, content_dir, offline, lock)
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            return False, output
        ordinary_permissions(slot.new)
        replace_dir(slot.new, site_dir, build_dir)
        return True, output
    finally:
        _remove(slot.new)


@contextlib.contextmanager
def locked(slot: Slot, target: Path) -> Iterator[int | None]:
    """Hold the target's lock file (fcntl.flock); wait, and say so, while another build holds it.

    The lock goes with the process: a killed build never leaves it taken.
    """
    slot.lock.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield None
        return
    fd = os.open(slot.lock, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"En anden bygning af {_shown(target)}/ er i gang. Denne venter, til den er færdig …",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)  # releases the lock


def clear_leftovers(slot: Slot, target: Path, build_dir: Path) -> None:
    """Remove what a killed build left behind (call with the lock held)."""
    if slot.old.exists():
        if not os.path.lexists(target):
            slot.old.rename(target)  # killed between the two renames: the previous site goes back
        else:
            _remove(slot.old)
    _remove(slot.new)
    if build_dir.is_dir():
        for entry in build_dir.iterdir():
            if _LEGACY_LEFTOVER.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink():
                _remove(entry)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def ordinary_permissions(folder: Path) -> None:
    """Folders 0755 and files 0644 whatever the umask (symbolic links are left alone)."""
    os.chmod(folder, DIR_MODE)
    for path in _walk(folder):
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            os.chmod(path, DIR_MODE)
        elif stat.S_ISREG(mode):
            os.chmod(path, FILE_MODE)


def replace_dir(new: Path, target: Path, build_dir: Path) -> None:
    """Put the folder `new` in place of `target`, which is never missing where the OS can exchange them.

    Afterwards `new` no longer exists. Elsewhere (or on a file system that
    cannot exchange), two renames through the target's fixed `.old` place,
    restoring on failure; a build killed between them is mended by the next
    one (clear_leftovers).
    """
    if not os.path.lexists(target):
        new.rename(target)
        return
    if exchange_paths(new, target):
        _remove(new)  # holds the previous site now
        return
    old = staging_slot(target, build_dir).old
    old.parent.mkdir(parents=True, exist_ok=True)
    _remove(old)
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    old.rename(new)  # so `.old` only ever holds a whole previous site
    _remove(new)


# Linux renameat2(2) flags and the "relative to the working directory" descriptor.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 answers where the kernel or the file system cannot exchange.
_CANNOT_EXCHANGE = (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP)


@functools.cache
def _renameat2():
    """glibc's renameat2 (2.28 and later) on Linux, or None."""
    if getattr(os, "uname", None) is None or os.uname().sysname != "Linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange_paths(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (renameat2 RENAME_EXCHANGE).

    False, with nothing moved, where the OS or the file system cannot; any
    other failure raises OSError.
    """
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in _CANNOT_EXCHANGE:
        return False
    raise OSError(error, os.strerror(error), str(a), None, str(b))


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


OFFLINE_ZIP = BUILD_DIR / "casebiblioteket-offline.zip"
OFFLINE_FOLDER = "casebiblioteket"  # the folder the zip unpacks to


def build_offline(zip_path: Path = OFFLINE_ZIP, content_dir: Path | None = None) -> tuple[bool, str]:
    """A copy of the site that works opened from the disk, zipped; (ok, MkDocs' output)."""
    site = zip_path.parent / "offline-site"
    build_dir = _build_dir(site)
    slot = staging_slot(site, build_dir)
    with locked(slot, site) as lock:  # held while zipping too, so no other build swaps the folder meanwhile
        ok, output = _build_locked(site, build_dir, slot, lock, content_dir, offline=True)
        if ok:
            # Only a host shows the 404 page, at any address, so its links start at the site's root;
            # opened from the disk they would lead nowhere, and a browser shows its own error instead.
            (site / "404.html").unlink(missing_ok=True)
            write_zip(site, zip_path)
    return ok, output


def write_zip(folder: Path, zip_path: Path) -> None:
    """Zip the regular files of `folder` under OFFLINE_FOLDER/, with ordinary permissions.

    Symbolic links and other special files are left out, and a link is never
    followed, so nothing from outside the folder can end up in the zip.
    """
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_entry(f"{OFFLINE_FOLDER}/", DIR_MODE, time.time()), b"")
        for path in _walk(folder):
            name = f"{OFFLINE_FOLDER}/{path.relative_to(folder).as_posix()}"
            info = path.lstat()
            if stat.S_ISDIR(info.st_mode):
                archive.writestr(_entry(name + "/", DIR_MODE, info.st_mtime), b"")
            elif stat.S_ISREG(info.st_mode):
                _add_file(archive, path, name)
    os.chmod(partial, FILE_MODE)
    partial.replace(zip_path)  # never leave half a zip where the last good one was


def _add_file(archive: zipfile.ZipFile, path: Path, name: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:  # replaced by a link since it was listed
            return
        raise
    with open(fd, "rb") as source:
        info = os.fstat(source.fileno())
        if not stat.S_ISREG(info.st_mode):
            return
        with archive.open(_entry(name, FILE_MODE, info.st_mtime), "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def _entry(name: str, mode: int, mtime: float) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=max(time.localtime(mtime)[:6], (1980, 1, 1, 0, 0, 0)))
    if name.endswith("/"):
        entry.external_attr = (stat.S_IFDIR | mode) << 16 | 0x10  # 0x10: the MS-DOS folder flag
    else:
        entry.external_attr = (stat.S_IFREG | mode) << 16
        entry.compress_type = zipfile.ZIP_DEFLATED
    return entry
