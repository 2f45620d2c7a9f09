"""What a build leaves on the disk: readable permissions, no stray copies, an atomic swap, nothing from outside."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from scripts.engine import build
from scripts.engine.build import OFFLINE_FOLDER, exchange_paths, replace_dir, staging_slot, unsafe_project_files, write_zip
from tests.conftest import MINIMAL, ROOT

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 exists only on Linux")


def kb(*args: str, cwd: Path = ROOT, umask: int | None = None, wait: bool = True):
    """The CLI without PDFs (CASEBIBLIOTEK_PDF=0), optionally under a umask; Popen when wait is False."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CASEBIBLIOTEK_PDF="0")
    command = [sys.executable, "-m", "scripts.kb", *args]
    options = dict(cwd=cwd, env=env, preexec_fn=None if umask is None else (lambda: os.umask(umask)))
    if not wait:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **options)
    return subprocess.run(command, capture_output=True, text=True, check=False, **options)


def contents(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, by path: a byte-for-byte picture of a folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def previous_site(tmp_path) -> Path:
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("forrige version", encoding="utf-8")
    (site / "sub" / "side.html").write_text("også forrige", encoding="utf-8")
    return site


def leftovers(build_dir: Path) -> list[str]:
    """What is in the build folder apart from the lock files (which are meant to stay)."""
    return sorted(p.relative_to(build_dir).as_posix() for p in build_dir.rglob("*")
                  if not (p.parent.name == "staging" and p.suffix == ".lock") and p.name != "staging")


# --- permissions -------------------------------------------------------------------------------------


def assert_ordinary(folder: Path) -> None:
    modes = {}
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        assert stat.S_ISDIR(mode) or stat.S_ISREG(mode), f"{path} is neither a folder nor a file"
        modes[path.relative_to(folder).as_posix()] = stat.S_IMODE(mode)
    wrong = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o755 if (folder / name).is_dir() else 0o644)}
    assert not wrong, wrong
    assert "index.html" in modes


@pytest.mark.parametrize("umask", [0o077, 0o022])
def test_built_site_has_ordinary_permissions_whatever_the_umask(tmp_path, umask):
    site = tmp_path / "site"
    result = kb("--content", str(MINIMAL), "build", "--site-dir", str(site), umask=umask)
    assert result.returncode == 0, result.stderr
    assert_ordinary(site)


def test_offline_folder_and_zip_entries_have_ordinary_permissions(tmp_path):
    zip_path = tmp_path / "kopi.zip"
    result = kb("--content", str(MINIMAL), "offline", "--out", str(zip_path), umask=0o077)
    assert result.returncode == 0, result.stderr
    assert_ordinary(tmp_path / "offline-site")
    assert stat.S_IMODE(zip_path.stat().st_mode) == 0o644
    with zipfile.ZipFile(zip_path) as archive:
        entries = archive.infolist()
    modes = {entry.filename: entry.external_attr >> 16 for entry in entries}
    assert modes[f"{OFFLINE_FOLDER}/"] == stat.S_IFDIR | 0o755
    assert modes[f"{OFFLINE_FOLDER}/index.html"] == stat.S_IFREG | 0o644
    assert {mode for name, mode in modes.items() if name.endswith("/")} == {stat.S_IFDIR | 0o755}
    assert {mode for name, mode in modes.items() if not name.endswith("/")} == {stat.S_IFREG | 0o644}


# --- the swap ------------------------------------------------------------------------------------------


def _folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


@LINUX
def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = _folder(tmp_path / "a", "a"), _folder(tmp_path / "b", "b")
    assert exchange_paths(a, b)
    assert (a / "index.html").read_text(encoding="utf-8") == "b"
    assert (b / "index.html").read_text(encoding="utf-8") == "a"


@LINUX
def test_exchange_raises_on_other_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        exchange_paths(tmp_path / "findes-ikke", _folder(tmp_path / "b", "b"))


def _refusing_renameat2(code: int):
    def renameat2(*args):
        ctypes.set_errno(code)
        return -1
    return renameat2


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS])
def test_exchange_reports_a_file_system_that_cannot(monkeypatch, tmp_path, code):
    monkeypatch.setattr(build, "_renameat2", lambda: _refusing_renameat2(code))
    a, b = _folder(tmp_path / "a", "a"), _folder(tmp_path / "b", "b")
    assert not exchange_paths(a, b)
    assert (a / "index.html").read_text(encoding="utf-8") == "a", "nothing moved"


@pytest.mark.parametrize("renameat2", [None, _refusing_renameat2(errno.EINVAL)], ids=["no renameat2", "EINVAL"])
def test_replace_dir_falls_back_to_two_renames(monkeypatch, tmp_path, renameat2):
    monkeypatch.setattr(build, "_renameat2", lambda: renameat2)
    build_dir = tmp_path / "build"
    site = _folder(tmp_path / "site", "gammel")
    new = _folder(build_dir / "staging" / "ny", "ny")
    replace_dir(new, site, build_dir)
    assert (site / "index.html").read_text(encoding="utf-8") == "ny"
    assert not new.exists()
    assert leftovers(build_dir) == []


def test_replace_dir_puts_a_first_site_in_place(tmp_path):
    new = _folder(tmp_path / "build" / "ny", "ny")
    replace_dir(new, tmp_path / "site", tmp_path / "build")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "ny"
    assert not new.exists()


@LINUX
def test_readers_never_find_the_site_missing_while_it_is_replaced(tmp_path):
    build_dir = tmp_path / "build"
    site = _folder(tmp_path / "site", "0")
    index = site / "index.html"
    done = threading.Event()
    reads, misses = [0], [0]

    def read():
        while not done.is_set():
            try:
                os.stat(index)
            except FileNotFoundError:
                misses[0] += 1
            reads[0] += 1

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(1, 301):
            replace_dir(_folder(build_dir / "staging" / f"ny-{number}", str(number)), site, build_dir)
    finally:
        done.set()
        reader.join()
    assert reads[0] > 300
    assert misses[0] == 0
    assert index.read_text(encoding="utf-8") == "300"
    assert leftovers(build_dir) == []


# --- what killed builds leave behind ----------------------------------------------------------------------


def test_a_build_removes_what_killed_builds_left(tmp_path, previous_site):
    build_dir = tmp_path / "build"
    slot = staging_slot(previous_site, build_dir)
    for stale in (slot.new, slot.old, build_dir / "site-abc_1234", build_dir / "old-site-k9x2m0qz"):
        _folder(stale / "assets", "halvt bygget")
    _folder(build_dir / "site-noter", "not a build's")  # not a name a build ever made: kept
    result = kb("--content", str(MINIMAL), "build", "--site-dir", str(previous_site))
    assert result.returncode == 0, result.stderr
    assert "Odder" in (previous_site / "cases" / "odder-test" / "index.html").read_text(encoding="utf-8")
    assert leftovers(build_dir) == ["site-noter", "site-noter/index.html"]


def test_a_build_killed_between_the_two_renames_gets_the_previous_site_back(tmp_path, previous_site):
    build_dir = tmp_path / "build"
    slot = staging_slot(previous_site, build_dir)
    before = contents(previous_site)
    slot.old.parent.mkdir(parents=True)
    previous_site.rename(slot.old)  # where the fallback swap keeps it for a moment
    build.clear_leftovers(slot, previous_site, build_dir)
    assert contents(previous_site) == before
    assert leftovers(build_dir) == []


def _lock_is_free(lock: Path) -> bool:
    with open(lock, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def test_kill_9_mid_build_keeps_the_site_and_the_next_build_leaves_no_stray_copies(tmp_path, previous_site):
    build_dir = tmp_path / "build"
    slot = staging_slot(previous_site, build_dir)
    before = contents(previous_site)
    process = kb("--content", str(MINIMAL), "build", "--site-dir", str(previous_site), wait=False)
    deadline = time.monotonic() + 120
    # Kill once MkDocs has written into the staging folder, before the swap.
    while process.poll() is None and time.monotonic() < deadline:
        if slot.new.is_dir() and any(slot.new.iterdir()):
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.001)
    process.communicate()
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed mid-way"
    # MkDocs itself may still be running, orphaned; it holds the lock until it is done, and never swaps.
    while not _lock_is_free(slot.lock) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert contents(previous_site) == before
    assert slot.new.is_dir(), "the killed build left its staging folder"

    result = kb("--content", str(MINIMAL), "build", "--site-dir", str(previous_site))
    assert result.returncode == 0, result.stderr
    assert "Odder" in (previous_site / "cases" / "odder-test" / "index.html").read_text(encoding="utf-8")
    assert leftovers(build_dir) == []


def test_a_second_build_of_the_same_site_waits_and_says_so(tmp_path, previous_site):
    slot = staging_slot(previous_site, tmp_path / "build")
    slot.lock.parent.mkdir(parents=True)
    with open(slot.lock, "wb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
        process = kb("--content", str(MINIMAL), "build", "--site-dir", str(previous_site), wait=False)
        ready, _, _ = select.select([process.stderr], [], [], 60)
        assert ready, "no word from the waiting build"
        assert process.stderr.readline() == (
            f"En anden bygning af {previous_site.resolve()}/ er i gang. Denne venter, til den er færdig …\n")
        time.sleep(0.5)
        assert process.poll() is None, "it waits"
        assert (previous_site / "index.html").read_text(encoding="utf-8") == "forrige version"
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert "Odder" in (previous_site / "cases" / "odder-test" / "index.html").read_text(encoding="utf-8")


def test_concurrent_builds_of_one_site_all_succeed_and_leave_one_whole_site(tmp_path):
    site = tmp_path / "site"
    processes = [kb("--content", str(MINIMAL), "build", "--site-dir", str(site), wait=False) for _ in range(3)]
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    assert "Odder" in (site / "cases" / "odder-test" / "index.html").read_text(encoding="utf-8")
    assert_ordinary(site)
    assert leftovers(tmp_path / "build") == []


# --- nothing from outside the project, no live markup ---------------------------------------------------------

LINK = "static/hemmelig.txt er et symbolsk link. Slet linket, og læg selve filen i static/."
LINKED_FOLDER = "static/ssh er et symbolsk link til en mappe. Slet linket, og læg selve mappen i static/."
OVERRIDES_LINK = "overrides/partials/hemmelig.txt er et symbolsk link. Slet linket, og læg selve filen i overrides/partials/."
SVG = ("static/logo.svg er en .svg, og i static/ må kun ligge billeder og tekstfiler (.avif, .gif, .ico, .jpeg, .jpg, "
       ".png, .txt, .webp). Sidens egne stylesheets og scripts hører til i overrides/assets/, og sider skrives i content/.")
HEADER = "Siden blev ikke bygget, fordi nogle filer ikke må udgives:"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file and a folder outside the project that must never be published."""
    folder = tmp_path / "udenfor"
    (folder / "ssh").mkdir(parents=True)
    (folder / "ssh" / "id_rsa").write_text("HEMMELIG-NØGLE", encoding="utf-8")
    (folder / "passwd").write_text("HEMMELIG-ADGANGSKODE", encoding="utf-8")
    return folder


@pytest.fixture
def unsafe_project(tmp_path, secret) -> Path:
    """A copy of the project whose static/ and overrides/ hold links out of it and an SVG."""
    project = tmp_path / "projekt"
    for name in ("scripts", "static", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "casebiblioteket.yml"):
        shutil.copy(ROOT / name, project / name)
    (project / "static" / "hemmelig.txt").symlink_to(secret / "passwd")
    (project / "static" / "ssh").symlink_to(secret / "ssh", target_is_directory=True)
    (project / "overrides" / "partials" / "hemmelig.txt").symlink_to(secret / "passwd")
    (project / "static" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    return project


def test_the_project_ships_nothing_unsafe():
    assert unsafe_project_files(ROOT) == []


def test_unsafe_files_are_named_with_what_to_do(unsafe_project):
    assert unsafe_project_files(unsafe_project) == [LINKED_FOLDER, LINK, SVG, OVERRIDES_LINK]


# static/ is MkDocs' docs_dir and open to pull requests like content/: only files a browser merely shows.
@pytest.mark.parametrize("name", ["side.html", "side.HTM", "a.xhtml", "a.xht", "feed.xml", "stil.xsl", "ssi.shtml",
                                  "logo.svg", "logo.svgz", "side.md", "kode.js", "stil.css", "bilag.pdf", "x.mht", "a.rdf"])
def test_static_holds_only_passive_files_and_templates_stay_allowed_in_overrides(tmp_path, name):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / name).write_text("<x/>", encoding="utf-8")
    for passive in ("billede.png", "foto.JPG", "robots.txt", "CNAME", ".gitkeep"):
        (tmp_path / "static" / passive).write_bytes(b"x")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    (tmp_path / "overrides" / "kb.js").write_text("// the site's own code", encoding="utf-8")
    (tmp_path / "overrides" / "ikon.svg").write_text("<svg/>", encoding="utf-8")  # copied as it is, so refused
    problems = unsafe_project_files(tmp_path)
    assert [p.split(" ")[0] for p in problems] == [f"static/{name}", "overrides/ikon.svg"]
    assert problems[0].startswith(f"static/{name} er en {Path(name).suffix.lower()}, og i static/ må kun ligge billeder")


@pytest.mark.parametrize("name", ["a\\..\\evil.bat", "CON.txt", "nul", "mellem rum.png", "æble.png"])
def test_static_file_names_are_portable(tmp_path, name):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / name).write_bytes(b"x")
    assert unsafe_project_files(tmp_path) == [f"static/{name}: navnet må kun have bogstaverne a-z, tal, '.', '-' og "
                                              "'_'. Omdøb den."]


def test_a_special_file_is_refused(tmp_path):
    (tmp_path / "static" / "billeder").mkdir(parents=True)
    os.mkfifo(tmp_path / "static" / "billeder" / "roer")  # MkDocs would hang reading it
    assert unsafe_project_files(tmp_path) == [
        "static/billeder/roer er ikke en almindelig fil. Slet den, og læg en almindelig fil i static/billeder/."]


def test_a_linked_static_folder_is_refused(tmp_path, secret):
    (tmp_path / "static").symlink_to(secret, target_is_directory=True)
    assert unsafe_project_files(tmp_path) == [
        "static er et symbolsk link til en mappe. Slet linket, og læg selve mappen i projektet."]


def _assert_refused(result) -> None:
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith(HEADER))
    assert lines[start + 1:start + 5] == [LINKED_FOLDER, LINK, SVG, OVERRIDES_LINK]
    assert "Traceback" not in result.stderr


def test_build_refuses_links_and_markup_and_keeps_the_site(tmp_path, unsafe_project, secret, previous_site):
    before = contents(previous_site)
    result = kb("--content", str(MINIMAL), "build", "--site-dir", str(previous_site), cwd=unsafe_project)
    _assert_refused(result)
    assert "site/ er uændret" in result.stderr
    assert contents(previous_site) == before
    assert leftovers(tmp_path / "build") == []


def test_offline_refuses_links_and_markup_and_makes_no_zip(tmp_path, unsafe_project, secret):
    zip_path = tmp_path / "ud" / "kopi.zip"
    result = kb("--content", str(MINIMAL), "offline", "--out", str(zip_path), cwd=unsafe_project)
    _assert_refused(result)
    assert "MkDocs kunne ikke bygge den offline kopi" in result.stderr
    assert not zip_path.exists()
    assert not (tmp_path / "ud" / "offline-site").exists()


def test_serve_refuses_links_and_markup(unsafe_project, secret):
    from scripts.tools.local_server import free_port

    result = subprocess.run(
        [sys.executable, "-m", "scripts.kb", "--content", str(MINIMAL), "serve", "--dev-addr", f"127.0.0.1:{free_port()}"],
        cwd=unsafe_project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", CASEBIBLIOTEK_PDF="0"),
        capture_output=True, text=True, timeout=120, check=False)
    _assert_refused(result)


def test_the_zip_holds_only_regular_files_and_never_follows_a_link(tmp_path, secret):
    site = _folder(tmp_path / "site", "forside")
    (site / "hemmelig.txt").symlink_to(secret / "passwd")
    (site / "ssh").symlink_to(secret / "ssh", target_is_directory=True)
    (site / "fifo").mkdir()
    os.mkfifo(site / "fifo" / "rør")
    zip_path = tmp_path / "kopi.zip"
    write_zip(site, zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        data = b"".join(archive.read(name) for name in names)
    assert names == [f"{OFFLINE_FOLDER}/", f"{OFFLINE_FOLDER}/fifo/", f"{OFFLINE_FOLDER}/index.html"]
    assert b"HEMMELIG" not in data
