"""The scale benchmark (`make bench`): how the library holds at 100, 1,000 and 5,000 cases.

Not part of the tests: it reports numbers, it does not pass or fail on them.
For each size it writes a synthetic library (scripts/tools/synthetic.py) into a
temporary folder and measures, each in a fresh process:

- validation and rendering alone (median of --repeat runs);
- the whole `mkdocs build` through the hook (PDFs off; they are cached per
  document and measured separately), its wall time and peak memory;
- a bare `mkdocs build` of the same case Markdown with plain Material and
  search, no hook, no generated pages: the yardstick for our own overhead;
- what the site weighs: all of it, a case page, the largest page, the
  search index raw and gzipped (before and after fitting it to its budget);
- the first search in headless Chromium, on both search engines built from
  the same pages (the hosted site's Pagefind, and Material's own lunr search,
  as the site shipped it before and as the offline copy still has it): the
  time from opening a page with a query to the first result, every byte
  fetched before it (the page included), and the tab's peak memory;
- at 1,000 cases: the time from saving a case to the preview server
  serving the changed page.

The report (Markdown with a table, and a PNG plot) goes to docs/performance.md.

    python -m scripts.tools.bench [--sizes 100 1000 5000] [--repeat 3] [--out docs/performance.md]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from scripts.engine.build import CONFIG, preview_pages_dir
from scripts.engine.zensical import ZENSICAL_VERSION
from scripts.load.content import CONTENT_DIR, ROOT
from scripts.render.search_index import BUDGET_GZIPPED, parse_trim_message
from scripts.render.site_search import BUNDLE, SEARCH_ENV
from scripts.tools.lighthouse import END as LIGHTHOUSE_END
from scripts.tools.lighthouse import START as LIGHTHOUSE_START
from scripts.tools.lighthouse import replace_section, section_of
from scripts.tools.local_server import free_port, serve

SIZES = (100, 1000, 5000)
LIGHTHOUSE_MARKERS = (LIGHTHOUSE_START, LIGHTHOUSE_END)
# scripts/tools/published_sizes.py's section (its markers, repeated here: that module imports this one).
SIZES_MARKERS = ("<!-- published-sizes: start. scripts/tools/published_sizes.py writes this section; make bench keeps it -->",
                 "<!-- published-sizes: end -->")
EDIT_SIZE = 1000
SEARCH_QUERY = "kommunerne"  # an inflected form: the Danish search has to stem it to find "kommunen"
PDF_SAMPLE = 12  # meeting briefs rendered to measure the cost of one PDF

# The targets of issue 7, at the largest size.
TARGET_OVERHEAD = 0.10  # validation + rendering, as a share of the bare MkDocs build
TARGET_VALIDATION_S = 3.0
TARGET_GROWTH_PER_10X = 11.0
TARGET_CASE_PAGE = 25_000
TARGET_LARGEST_PAGE = 300_000
TARGET_EDIT_S = 3.0
# The targets of issue 13, at every size measured from 1,000 cases: Pagefind against Material's lunr.
TARGET_SEARCH_SHARE = 0.4  # first result, as a share of lunr's time
TARGET_SEARCH_BYTES = 1_000_000  # fetched before the first result, page included
TARGET_TAB_MB = 150.0  # the tab's peak memory
SEARCH_TARGET_FROM = 1000

_ENV = dict(os.environ, CASEBIBLIOTEK_PDF="0", NO_MKDOCS_2_WARNING="1")


@dataclass
class Run:
    """One measured command: wall seconds and the peak resident memory of its largest process."""

    seconds: float
    peak_mb: float
    output: str = ""


@dataclass
class Row:
    """Everything measured at one library size."""

    cases: int
    validation_s: float = 0.0
    rendering_s: float = 0.0
    build_s: float = 0.0
    build_peak_mb: float = 0.0
    bare_build_s: float = 0.0
    bare_peak_mb: float = 0.0
    site_mb: float = 0.0
    case_page_median: int = 0
    case_page_max: int = 0
    largest_page: int = 0
    largest_page_path: str = ""
    index_raw_before: int = 0
    index_gz_before: int = 0
    index_raw: int = 0
    index_gz: int = 0
    index_words_per_section: int | None = None
    bare_index_gz: int = 0
    lunr_build_s: float = 0.0
    zensical_build_s: float = 0.0  # the same site built with Zensical (scripts/engine/zensical.py)
    zensical_peak_mb: float = 0.0
    pagefind_mb: float = 0.0  # the Pagefind bundle on disk
    pagefind_first_s: float = 0.0
    pagefind_bytes: int = 0
    pagefind_tab_mb: float = 0.0
    pagefind_tab_rss_mb: float = 0.0
    lunr_first_s: float = 0.0
    lunr_bytes: int = 0
    lunr_tab_mb: float = 0.0
    lunr_tab_rss_mb: float = 0.0
    validation_runs: list[float] = field(default_factory=list)
    rendering_runs: list[float] = field(default_factory=list)

    @property
    def overhead(self) -> float:
        return (self.validation_s + self.rendering_s) / self.bare_build_s

    @property
    def search_share(self) -> float:
        return self.pagefind_first_s / self.lunr_first_s


def measure(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> Run:
    """Run a command to its end; its wall time, and its peak RSS from the kernel (wait4)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or _ENV, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} … failed:\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


# -- validation and rendering, in a fresh process each time -------------------------------------

def pipeline_times(content: Path) -> dict:
    """Seconds to validate and to render `content` (run in a child process by `_pipeline`)."""
    from scripts.check.library import load_library
    from scripts.load.settings import load_settings
    from scripts.render.pages import render_site

    settings = load_settings()
    start = time.perf_counter()
    library, problems = load_library(content, review_months=settings.review_interval_months)
    validated = time.perf_counter()
    if library is None:
        raise SystemExit(f"the synthetic library does not validate: {problems[:3]}")
    pages = render_site(library, settings, downloads=False)
    rendered = time.perf_counter()
    return {"validation": validated - start, "rendering": rendered - validated, "pages": len(pages)}


def _pipeline(content: Path) -> tuple[float, float]:
    result = subprocess.run([sys.executable, "-m", "scripts.tools.bench", "--pipeline", str(content)],
                            cwd=ROOT, env=_ENV, capture_output=True, text=True, check=True)
    times = json.loads(result.stdout)
    return times["validation"], times["rendering"]


# -- the builds ------------------------------------------------------------------------------

BARE_CONFIG = """\
site_name: Bare
docs_dir: docs
site_dir: site
theme:
  name: material
  language: da
  font: false
plugins:
  - search:
      lang: da
nav:
  - index.md
validation:
  nav:
    omitted_files: ignore
  links:
    not_found: ignore
    anchors: ignore
    unrecognized_links: ignore
"""


def bare_project(content: Path, folder: Path) -> Path:
    """The cases' Markdown, as it is in content/, in a plain Material project."""
    docs = folder / "docs"
    (docs / "cases").mkdir(parents=True)
    (docs / "index.md").write_text("# Bare\n", encoding="utf-8")
    for case in (content / "cases").glob("*.md"):
        (docs / "cases" / case.name).write_bytes(case.read_bytes())
    (folder / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    return folder / "mkdocs.yml"


def our_build(content: Path, site: Path, search: str = "pagefind") -> Run:
    env = dict(_ENV, CASEBIBLIOTEK_CONTENT=str(content), **{SEARCH_ENV: search})
    return measure([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG),
                    "--site-dir", str(site)], env)


def zensical_build(content: Path, site: Path) -> Run:
    """The same site, Pagefind included, built with the second engine's adaptor instead of the hook."""
    return measure([sys.executable, "-m", "scripts.engine.zensical", "--content", str(content),
                    "--site-dir", str(site)])


def bare_build(config: Path, site: Path) -> Run:
    return measure([sys.executable, "-m", "mkdocs", "build", "--config-file", str(config), "--site-dir", str(site)],
                   cwd=config.parent)


# -- what the site weighs --------------------------------------------------------------------

def site_weights(site: Path, row: Row) -> None:
    pages = [(path, path.stat().st_size) for path in site.rglob("*.html")]
    row.site_mb = sum(path.stat().st_size for path in site.rglob("*") if path.is_file()) / 1e6
    cases = sorted(size for path, size in pages if path.parent.parent == site / "cases")
    row.case_page_median, row.case_page_max = int(statistics.median(cases)), cases[-1]
    largest, row.largest_page = max(pages, key=lambda page: page[1])
    row.largest_page_path = largest.relative_to(site).as_posix()
    row.pagefind_mb = sum(path.stat().st_size for path in (site / BUNDLE).rglob("*") if path.is_file()) / 1e6


def lunr_index_weight(site: Path, row: Row) -> None:
    index = (site / "search" / "search_index.json").read_bytes()
    row.index_raw, row.index_gz = len(index), len(gzip.compress(index, 6))


# -- the first search, in Chromium ---------------------------------------------------------------

FIRST_RESULT = "() => document.querySelector('.md-search-result__item') ? performance.now() : null"


@dataclass
class FirstSearch:
    seconds: float
    fetched: int  # bytes of every response before the first result, headers included
    tab_mb: float  # the tab's own memory when the result shows: its renderer's private pages (the search
    # worker runs in it), as Chrome's task manager counts a tab; the libraries it shares with other tabs are not
    tab_rss_peak_mb: float  # the same process's peak resident memory, shared libraries included (VmHWM)


def _renderers() -> set[int]:
    """Chromium's renderer processes for pages, by pid (Chromium keeps a spare one ready, so a new tab's
    process cannot be told apart by when it started: each run has a browser of its own instead)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                arguments = (entry / "cmdline").read_bytes()  # forked from the zygote: one string, not argv
            except OSError:
                continue
            if b"--type=renderer" in arguments and b"--top-chrome-webui" not in arguments:
                pids.add(int(entry.name))
    return pids


def _peak_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM")), 0.0)


def _private_mb(pid: int) -> float:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    return sum(int(line.split()[1]) for line in rollup.splitlines()
               if line.startswith(("Private_Clean:", "Private_Dirty:"))) / 1024


def first_search(site: Path, repeat: int, chromium=None) -> FirstSearch:
    """The first search of a new reader (a new browser, nothing cached), opened from a shared address:
    medians of `repeat` runs, and the highest memory. `chromium`: a Playwright browser type already
    running (a test's), else Playwright is started here."""
    if chromium is not None:
        return _first_search(site, repeat, chromium)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        return _first_search(site, repeat, playwright.chromium)


def _first_search(site: Path, repeat: int, chromium) -> FirstSearch:
    from scripts.tools.system_deps import find_chromium

    runs = []
    with serve(site) as base:
        for _ in range(repeat):
            others = _renderers()  # another Chromium on the machine is not ours to count
            browser = chromium.launch(executable_path=find_chromium(), args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync"])
            try:
                page = browser.new_page()
                finished = []  # requests from the page and its search worker
                page.on("requestfinished", lambda request, finished=finished: finished.append(request))
                page.goto(f"{base}?q={SEARCH_QUERY}")
                handle = page.wait_for_function(FIRST_RESULT, timeout=300_000, polling="raf")
                seconds = handle.json_value() / 1000
                done = list(finished)  # what had arrived when the first result showed
                fetched = sum(max(0, request.sizes()["responseBodySize"]) + max(0, request.sizes()["responseHeadersSize"])
                              for request in done)
                ours = _renderers() - others
                runs.append(FirstSearch(seconds, fetched, max((_private_mb(pid) for pid in ours), default=0.0),
                                        max((_peak_mb(pid) for pid in ours), default=0.0)))
            finally:
                browser.close()
    return FirstSearch(statistics.median(run.seconds for run in runs),
                       int(statistics.median(run.fetched for run in runs)), max(run.tab_mb for run in runs),
                       max(run.tab_rss_peak_mb for run in runs))


# -- the preview server: from saving a case to seeing it ------------------------------------------

def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.read().decode("utf-8")
    except OSError:
        return None


def edit_to_visible(content: Path, edits: int = 3) -> dict[str, list[float]]:
    """Seconds from saving a case (a sentence in its text; its title) to the preview serving the change."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([sys.executable, "-m", "scripts.kb", "--content", str(content), "serve",
                                   "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, env=_ENV, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 900
            while _get(base) is None:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("the preview server did not start:\n" + log.read().decode()[-3000:])
                time.sleep(0.5)
            case = sorted((content / "cases").glob("syntetisk-*.md"))[5]
            url = f"{base}cases/{case.stem}/"
            original = case.read_text(encoding="utf-8")
            results: dict[str, list[float]] = {"text": [], "title": []}
            try:
                # Text edits first: after a title edit, the next text edit would also put the title back.
                for kind in results:
                    for number in range(edits):
                        marker = f"Ændret {kind} {number} {time.time_ns()}"
                        if kind == "text":
                            changed = original.replace("## Udfordringen\n\n", f"## Udfordringen\n\n{marker}. ", 1)
                        else:
                            changed = re.sub(r"^title: .*$", f"title: {marker}", original, count=1, flags=re.M)
                        time.sleep(4)  # the page shows before the rebuild ends; let it end
                        start = time.perf_counter()
                        case.write_text(changed, encoding="utf-8")
                        while marker not in (_get(url) or "") and time.perf_counter() - start < 120:
                            time.sleep(0.02)
                        results[kind].append(time.perf_counter() - start)
            finally:
                case.write_text(original, encoding="utf-8")
        finally:
            server.terminate()
            server.wait()
            shutil.rmtree(preview_pages_dir(content), ignore_errors=True)
    return results


# -- PDFs, reported apart ------------------------------------------------------------------------

def pdf_seconds_each(content: Path) -> float:
    """Seconds to render one meeting brief to PDF (cold cache), from a sample."""
    from scripts.check.library import load_library
    from scripts.load.settings import load_settings
    from scripts.render.pdf import build_pdfs, engine_problem
    from scripts.render.print_docs import print_documents

    if engine_problem():
        return float("nan")
    settings = load_settings()
    library, _ = load_library(content, review_months=settings.review_interval_months)
    documents = [d for d in print_documents(library, settings) if "/moedekort-" in d.path][:PDF_SAMPLE]
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        build_pdfs(documents, Path(cache))
        return (time.perf_counter() - start) / len(documents)


# -- the report ----------------------------------------------------------------------------------

def growth_per_10x(small: Row, large: Row, value) -> float:
    """How much `value` grows for ten times the cases, from two sizes (10.0 is exactly linear)."""
    return (value(large) / value(small)) ** (1 / math.log10(large.cases / small.cases))


def machine() -> dict[str, str]:
    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "ukendt")
    memory = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0.0)
    return {"Kerner": str(len(os.sched_getaffinity(0))), "CPU": cpu, "Hukommelse": f"{memory:.1f} GB",
            "System": f"{platform.system()} {platform.release()}", "Python": platform.python_version(),
            "MkDocs": version("mkdocs"), "Material": version("mkdocs-material"), "Chromium": _chromium_version()}


def _chromium_version() -> str:
    from scripts.tools.system_deps import find_chromium

    try:
        return subprocess.run([find_chromium(), "--version"], capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError, TypeError):
        return "ikke fundet"


def _mark(ok: bool | None) -> str:
    return "– ikke målt" if ok is None else "✓ nået" if ok else "✗ ikke nået"


def _da(value: float, digits: int = 1) -> str:
    """A number the Danish way: decimal comma, thousands with a point (5.000; 0,07)."""
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _s(seconds: float) -> str:
    return f"{_da(seconds, 2 if seconds < 1 else 1)} s"


def _kb(size: int) -> str:
    return f"{_da(size / 1000)} KB"


def _mb(size: float) -> str:
    return f"{_da(size / 1e6, 2)} MB"


def _pct(share: float) -> str:
    return f"{_da(share * 100, 0)} %"


def render_report(rows: list[Row], edits: dict[str, list[float]] | None, pdf_each: float, repeat: int,
                  plot_name: str, info: dict[str, str]) -> str:
    """docs/performance.md: the table, the targets at the largest size, and how it was measured."""
    largest = rows[-1]
    n = _da(largest.cases, 0)
    lines = [
        f"# Ydeevne: Casebiblioteket med {_da(rows[0].cases, 0)} til {n} cases",
        "",
        f"Målt {date.today().isoformat()} med `make bench` (`scripts/tools/bench.py`); målingerne står også i "
        f"`{Path(plot_name).with_suffix('.json').name}`. Tallene er fra én maskine og svinger fra kørsel til "
        "kørsel; sammenlign dem inden for samme kørsel. Casene er syntetiske (`scripts/tools/synthetic.py`): gyldige, "
        "med alle felter, fordelt over alle kommuner, kerneopgaver, temaer og kilder, og med tekst sat sammen af "
        "bibliotekets egne sætninger (500–1.000 ord pr. case).",
        "",
        "## Maskine",
        "",
        "| | |", "|---|---|", *[f"| {key} | {value} |" for key, value in info.items()],
        "",
        "## Målinger",
        "",
        f"Validering, rendering og første søgning: median af {repeat} kørsler, hver i en ny proces eller browser. "
        "Builds: én kørsel hver, med PDF'er slået fra (se nedenfor). Hukommelse: den største proces' højeste RSS.",
        "",
        "| Cases | " + " | ".join(_da(row.cases, 0) for row in rows) + " |",
        "|---|" + "---:|" * len(rows),
    ]

    def line(label: str, value) -> str:
        return f"| {label} | " + " | ".join(value(row) for row in rows) + " |"

    lines += [
        line("Validering", lambda r: _s(r.validation_s)),
        line("Rendering af siderne (Jinja)", lambda r: _s(r.rendering_s)),
        line("Vores build (`mkdocs build` med hook)", lambda r: _s(r.build_s)),
        line("Bar `mkdocs build` af samme Markdown", lambda r: _s(r.bare_build_s)),
        line("**Eget overhead**: (validering + rendering) / bar build", lambda r: f"**{_pct(r.overhead)}**"),
        line("Højeste hukommelse, vores build", lambda r: f"{_da(r.build_peak_mb, 0)} MB"),
        line("Højeste hukommelse, bar build", lambda r: f"{_da(r.bare_peak_mb, 0)} MB"),
        line("Hele sitet", lambda r: f"{_da(r.site_mb, 0)} MB"),
        line("En case-side (median / største)", lambda r: f"{_kb(r.case_page_median)} / {_kb(r.case_page_max)}"),
        line("Største side", lambda r: f"{_kb(r.largest_page)} (`{r.largest_page_path}`)"),
        line("Pagefind-indekset på disken (hentes i små bidder)", lambda r: f"{_da(r.pagefind_mb, 1)} MB"),
        line("Samme build med Materials lunr-søgning", lambda r: _s(r.lunr_build_s)),
        line("lunr-indeks før tilpasning (rå / gzip)", lambda r: f"{_mb(r.index_raw_before)} / {_mb(r.index_gz_before)}"),
        line("lunr-indeks efter tilpasning (rå / gzip)", lambda r: f"{_mb(r.index_raw)} / {_mb(r.index_gz)}"),
        line("Afsnitstekst i lunr-indekset", lambda r: "hele" if r.index_words_per_section is None
             else f"første {r.index_words_per_section} ord"),
        line("Bar build's søgeindeks (gzip)", lambda r: _mb(r.bare_index_gz)),
        "",
        "## Første søgning: Pagefind mod Materials egen søgning",
        "",
        f"Samme sider, samme browser, samme kørsel: siden åbnes med `?q={SEARCH_QUERY}` i en ny browserprofil "
        "(intet i cachen), og der måles til det første resultat står på skærmen. *Hentet* er alle svar før "
        "det første resultat, med siden, CSS, JavaScript og søgefilerne (ukomprimeret, med headers). "
        "*Fanens egen hukommelse* er renderer-processens private hukommelse, da resultatet viste sig (søge-"
        "workeren kører i den), sådan som Chromes jobliste regner en fane; i parentes processens højeste RSS, "
        "hvor de biblioteker, alle faner deler, tæller med (en tom fane har omkring 75 MB). "
        "lunr er Materials søgning, som sitet havde den før, og som den offline kopi stadig bruger.",
        "",
        "| Cases | " + " | ".join(_da(row.cases, 0) for row in rows) + " |",
        "|---|" + "---:|" * len(rows),
        line("Pagefind: første resultat", lambda r: _s(r.pagefind_first_s)),
        line("lunr: første resultat", lambda r: _s(r.lunr_first_s)),
        line("**Pagefinds tid som andel af lunrs**", lambda r: f"**{_da(r.search_share, 2)}×**"),
        line("Pagefind: hentet før første resultat", lambda r: _mb(r.pagefind_bytes)),
        line("lunr: hentet før første resultat", lambda r: _mb(r.lunr_bytes)),
        line("Pagefind: fanens egen hukommelse (højeste RSS)", lambda r: f"{_da(r.pagefind_tab_mb, 0)} MB "
             f"({_da(r.pagefind_tab_rss_mb, 0)} MB)"),
        line("lunr: fanens egen hukommelse (højeste RSS)", lambda r: f"{_da(r.lunr_tab_mb, 0)} MB "
             f"({_da(r.lunr_tab_rss_mb, 0)} MB)"),
        "",
        "## Motorerne: MkDocs mod Zensical",
        "",
        f"Det samme site (alle sider, korte adresser og Pagefind-søgningen; uden PDF'er, som ovenfor) bygget i "
        f"samme kørsel med MkDocs og med Zensical {ZENSICAL_VERSION} (`make build ENGINE=zensical`). Begge tal "
        "er hele bygningen fra `content/` til færdigt site: validering, rendering, motoren og efterarbejdet.",
        "",
        "| Cases | " + " | ".join(_da(row.cases, 0) for row in rows) + " |",
        "|---|" + "---:|" * len(rows),
        line("MkDocs (med hook)", lambda r: _s(r.build_s)),
        line("Zensical (med adapteren)", lambda r: _s(r.zensical_build_s) if r.zensical_build_s else "–"),
        line("**Zensicals tid som andel af MkDocs'**",
             lambda r: f"**{_da(r.zensical_build_s / r.build_s, 2)}×**" if r.zensical_build_s else "–"),
        line("Højeste hukommelse, MkDocs / Zensical", lambda r: f"{_da(r.build_peak_mb, 0)} / "
             f"{_da(r.zensical_peak_mb, 0)} MB" if r.zensical_build_s else "–"),
        "",
        f"![Tid, søgeindeks og første søgning efter antal cases]({plot_name})",
        "",
    ]
    # Growth per step between the measured sizes; the largest step counts (small sizes are fixed costs).
    steps = list(zip(rows, rows[1:]))
    measures = (("validering", lambda r: r.validation_s), ("rendering", lambda r: r.rendering_s),
                ("vores build", lambda r: r.build_s), ("bar build", lambda r: r.bare_build_s))
    growth_text = "; ".join(
        f"{_da(a.cases, 0)}→{_da(b.cases, 0)}: " + ", ".join(
            f"{label} {_da(growth_per_10x(a, b, value))}×" for label, value in measures) for a, b in steps) or "–"
    worst_growth = (max(growth_per_10x(*steps[-1], value) for label, value in measures if label != "bar build")
                    if steps else None)
    lines += [
        f"## Målene ved {n} cases",
        "",
        "| Mål | Målt | |",
        "|---|---|---|",
        f"| Eget overhead højst {_pct(TARGET_OVERHEAD)} af bar build | {_pct(largest.overhead)} "
        f"({_s(largest.validation_s + largest.rendering_s)} af {_s(largest.bare_build_s)}) | "
        f"{_mark(largest.overhead <= TARGET_OVERHEAD)} |",
        f"| Validering under {_s(TARGET_VALIDATION_S)} | {_s(largest.validation_s)} | "
        f"{_mark(largest.validation_s < TARGET_VALIDATION_S)} |",
        f"| Lineær vækst: højst {_da(TARGET_GROWTH_PER_10X, 0)}× pr. 10× cases (omregnet fra hvert spring) | "
        f"{growth_text} | {_mark(None if worst_growth is None else worst_growth <= TARGET_GROWTH_PER_10X)} |",
        f"| En case-side under {_da(TARGET_CASE_PAGE / 1000, 0)} KB HTML | største {_kb(largest.case_page_max)} | "
        f"{_mark(largest.case_page_max < TARGET_CASE_PAGE)} |",
        f"| Ingen side over {_da(TARGET_LARGEST_PAGE / 1000, 0)} KB | største {_kb(largest.largest_page)} | "
        f"{_mark(largest.largest_page <= TARGET_LARGEST_PAGE)} |",
        f"| lunr-indeks (offline-kopien) højst {_da(BUDGET_GZIPPED / 1e6, 0)} MB gzip | {_mb(largest.index_gz)} "
        f"(før: {_mb(largest.index_gz_before)}) | {_mark(largest.index_gz <= BUDGET_GZIPPED)} |",
    ]
    for row in (r for r in rows if r.cases >= SEARCH_TARGET_FROM):
        at = f"ved {_da(row.cases, 0)} cases"
        lines += [
            f"| Søgning {at}: første resultat højst {_da(TARGET_SEARCH_SHARE, 1)}× lunrs tid | "
            f"{_da(row.search_share, 2)}× ({_s(row.pagefind_first_s)} mod {_s(row.lunr_first_s)}) | "
            f"{_mark(row.search_share <= TARGET_SEARCH_SHARE)} |",
            f"| Søgning {at}: højst {_da(TARGET_SEARCH_BYTES / 1e6, 0)} MB hentet før første resultat | "
            f"{_mb(row.pagefind_bytes)} (lunr: {_mb(row.lunr_bytes)}) | {_mark(row.pagefind_bytes <= TARGET_SEARCH_BYTES)} |",
            f"| Søgning {at}: fanen under {_da(TARGET_TAB_MB, 0)} MB | {_da(row.pagefind_tab_mb, 0)} MB "
            f"(lunr: {_da(row.lunr_tab_mb, 0)} MB) | {_mark(row.pagefind_tab_mb < TARGET_TAB_MB)} |",
        ]
    edit_target = f"| Ved {_da(EDIT_SIZE, 0)} cases: en gemt case vises i forhåndsvisningen på under {_s(TARGET_EDIT_S)}"
    if edits:
        for kind, label in (("text", "ny tekst"), ("title", "ny titel")):
            times = edits[kind]
            lines.append(f"{edit_target} ({label}) | median {_s(statistics.median(times))} "
                         f"({', '.join(_s(t) for t in times)}) | {_mark(max(times) < TARGET_EDIT_S)} |")
    else:
        lines.append(f"{edit_target} | – | {_mark(None)} |")
    lines.append("")
    if largest.overhead > TARGET_OVERHEAD:
        lines += OVERHEAD_MISSED.format(share=_pct(largest.overhead)).splitlines() + [""]
    if edits and max(edits["title"]) >= TARGET_EDIT_S:
        lines += TITLE_EDIT_MISSED.format(worst=_s(max(edits["title"]))).splitlines() + [""]
    lines += NOTES.format(pdf_each=_s(pdf_each), pdf_total=_da(pdf_each * largest.cases / 60, 0), n=n,
                          words=largest.index_words_per_section or "alle",
                          budget=_da(BUDGET_GZIPPED / 1e6, 0)).splitlines()
    return "\n".join(lines) + "\n"


OVERHEAD_MISSED = """\
**Hvorfor overheadet er {share} og ikke 10 %.** Validering og rendering vokser lineært med antallet af
cases, ligesom MkDocs' eget arbejde, så andelen bliver omtrent den samme ved alle størrelser i stedet for
at falde. Valideringen læser hver fils YAML med linjenumre (så fejl kan pege på linjen) og tjekker hvert
felt; renderingen kører Jinja for hver side. Begge deler arbejdet over kernerne, hvor MkDocs bruger én.
Det, der er tilbage, er Python-arbejde pr. fil. En mulig næste besparelse (ikke lavet) er at læse YAML uden
linjenumre og først finde linjen, når der er en fejl. Forhåndsvisningen genbruger tjek og sider for uændrede filer, så dér
koster det næsten intet; en almindelig build begynder forfra, som den skal i CI.
"""

TITLE_EDIT_MISSED = """\
**Hvorfor en ny titel kan tage {worst}.** Listerne er sorteret efter titel og delt i sider med 100 cases.
En ny titel flytter casen i alle de lister, den står på, og skubber dermed de andre cases én plads på hver
side mellem den gamle og den nye plads. Alle de sider får ny tekst, og MkDocs skal lave dem om fra Markdown
(ca. en tiendedel sekund pr. side med 100 cases). Rettes titlen igen uden at flytte casen, eller rettes
teksten, er ændringen synlig på omkring to sekunder.
"""

NOTES = """\
## Sådan læses tallene

- **Eget overhead** er det, projektet selv lægger oven i MkDocs: validering af alt indhold og rendering af
  alle sider fra skabelonerne. Den bare build er MkDocs med Material og søgning på præcis de samme
  case-filer, uden hook og uden genererede sider. Vores build bygger desuden oversigtssider,
  refleksionsspørgsmål, kilder og korte adresser, så den er større end bar build plus overhead.
- **Vores build** laver flere og større sider end den bare: hver case-side har nøgletal, relaterede cases,
  refleksionsspørgsmål og links til PDF'er; dertil kommer listesiderne (kommuner, kerneopgaver, temaer,
  kilder, refleksionsspørgsmål, 100 cases pr. side), en kort adresse pr. case og tilpasningen af
  søgeindekset. Hukommelsen vokser med biblioteket, fordi MkDocs holder alle sider i hukommelsen, til
  bygningen er færdig, og fordi hele søgeindekset læses ind for at blive tilpasset.
- **Søgningen** på det hostede site er Pagefind (`scripts/render/site_search.py`): indekset ligger i små filer,
  og en søgning henter kun dem for de ord, der er skrevet, plus teksten til de bedste sider. Den offline
  kopi bruger Materials lunr, som henter hele indekset ved første søgning. Over budgettet ({budget} MB
  gzip) beholder lunr-indekset alle titler, søgeord, resuméer og hele *Kort fortalt*, mens de øvrige
  afsnit forkortes til lige mange ord hver (ved {n} cases: {words}).
- **Første søgning** er målt mod en lokal server uden komprimering, så tiden er browserens egen: hente,
  læse og søge. Over et netværk kommer overførslen oveni; Pagefinds filer er allerede komprimerede,
  resten bliver mindre med gzip.
- **Forhåndsvisningen** (`make serve`) bygger kun de sider om, hvis tekst er ændret (MkDocs' dirty build).
  "Tekst" er en ny sætning i casens brødtekst; "titel" er en ny titel, som også ændrer alle lister, casen
  står på. Tiden er fra filen gemmes, til serveren leverer den nye side; browserens genindlæsning kommer
  oveni (under et halvt sekund).
- **PDF'er** er slået fra i målingerne. Et mødekort tager {pdf_each} at lave; PDF'erne gemmes efter
  indhold, så kun nye og ændrede dokumenter laves igen. Første build med PDF'er ved {n} cases tager derfor
  omkring {pdf_total} minutter ekstra; de næste kun sekunder.
"""


def write_plot(rows: list[Row], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    from matplotlib import pyplot

    cases = [row.cases for row in rows]
    figure, (times, sizes, search) = pyplot.subplots(1, 3, figsize=(15, 4.2), dpi=110)
    for label, values, style in (
        ("Vores build", [r.build_s for r in rows], "o-"),
        ("Bar mkdocs build", [r.bare_build_s for r in rows], "s--"),
        ("Rendering", [r.rendering_s for r in rows], "^-"),
        ("Validering", [r.validation_s for r in rows], "v-"),
    ):
        times.plot(cases, values, style, label=label)
    times.set(xscale="log", yscale="log", xlabel="Cases", ylabel="Sekunder", title="Tid")
    times.grid(True, which="both", alpha=0.3)
    times.legend()
    sizes.plot(cases, [r.index_gz_before / 1e6 for r in rows], "s--", label="Søgeindeks før (gzip)")
    sizes.plot(cases, [r.index_gz / 1e6 for r in rows], "o-", label="Søgeindeks efter (gzip)")
    sizes.axhline(BUDGET_GZIPPED / 1e6, color="grey", linestyle=":", label="Budget")
    sizes.set(xscale="log", xlabel="Cases", ylabel="MB", title="lunr-indekset (offline-kopien)")
    sizes.grid(True, which="both", alpha=0.3)
    sizes.legend()
    search.plot(cases, [r.lunr_first_s for r in rows], "s--", label="lunr (Material)")
    search.plot(cases, [r.pagefind_first_s for r in rows], "o-", label="Pagefind (sitet)")
    search.set(xscale="log", xlabel="Cases", ylabel="Sekunder", title="Første søgning: til første resultat")
    search.grid(True, which="both", alpha=0.3)
    search.legend()
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


# -- the run ---------------------------------------------------------------------------------

def bench_size(cases: int, work: Path, repeat: int) -> Row:
    from scripts.tools.synthetic import write_synthetic_library

    row = Row(cases)
    content = write_synthetic_library(CONTENT_DIR, work / f"content-{cases}", cases)
    print(f"[{cases}] validering og rendering ({repeat}×) …", flush=True)
    for _ in range(repeat):
        validation, rendering = _pipeline(content)
        row.validation_runs.append(validation)
        row.rendering_runs.append(rendering)
    row.validation_s = statistics.median(row.validation_runs)
    row.rendering_s = statistics.median(row.rendering_runs)
    print(f"[{cases}] bar mkdocs build …", flush=True)
    bare = bare_build(bare_project(content, work / f"bare-{cases}"), work / f"bare-site-{cases}")
    row.bare_build_s, row.bare_peak_mb = bare.seconds, bare.peak_mb
    bare_index = (work / f"bare-site-{cases}" / "search" / "search_index.json").read_bytes()
    row.bare_index_gz = len(gzip.compress(bare_index, 6))
    print(f"[{cases}] vores build (Pagefind) …", flush=True)
    site = work / f"site-{cases}"
    ours = our_build(content, site)
    row.build_s, row.build_peak_mb = ours.seconds, ours.peak_mb
    site_weights(site, row)
    print(f"[{cases}] samme site bygget med Zensical …", flush=True)
    zensical_site = work / f"zensical-site-{cases}"
    zensical = zensical_build(content, zensical_site)
    row.zensical_build_s, row.zensical_peak_mb = zensical.seconds, zensical.peak_mb
    shutil.rmtree(zensical_site, ignore_errors=True)
    print(f"[{cases}] samme build med Materials lunr-søgning …", flush=True)
    lunr_site = work / f"lunr-site-{cases}"
    lunr = our_build(content, lunr_site, search="lunr")
    row.lunr_build_s = lunr.seconds
    lunr_index_weight(lunr_site, row)
    fit = parse_trim_message(lunr.output)
    row.index_raw_before, row.index_gz_before = (fit.raw_before, fit.gzipped_before) if fit else (row.index_raw, row.index_gz)
    row.index_words_per_section = fit.words_per_section if fit else None
    print(f"[{cases}] første søgning i Chromium: Pagefind, så lunr …", flush=True)
    pagefind = first_search(site, repeat)
    row.pagefind_first_s, row.pagefind_bytes, row.pagefind_tab_mb = pagefind.seconds, pagefind.fetched, pagefind.tab_mb
    row.pagefind_tab_rss_mb = pagefind.tab_rss_peak_mb
    lunr_search = first_search(lunr_site, repeat)
    row.lunr_first_s, row.lunr_bytes, row.lunr_tab_mb = lunr_search.seconds, lunr_search.fetched, lunr_search.tab_mb
    row.lunr_tab_rss_mb = lunr_search.tab_rss_peak_mb
    shutil.rmtree(lunr_site, ignore_errors=True)
    print(f"[{cases}] {json.dumps({k: v for k, v in asdict(row).items() if not k.endswith('_runs')})}", flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3, help="runs of validation, rendering and search (median)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--no-edit", action="store_true", help="skip the preview server's edit measurement")
    parser.add_argument("--report-only", action="store_true",
                        help="write the report again from the measurements saved next to it (.json)")
    parser.add_argument("--pipeline", type=Path, help=argparse.SUPPRESS)  # internal: one timed run
    args = parser.parse_args(argv)
    if args.pipeline:
        print(json.dumps(pipeline_times(args.pipeline)))
        return 0
    if args.report_only:
        saved = json.loads(args.out.with_suffix(".json").read_text(encoding="utf-8"))
        rows = [Row(**row) for row in saved["rows"]]
        write_report(args.out, rows, saved["edits"], saved["pdf_each"], saved["repeat"], saved["machine"])
        return 0
    sizes = sorted(args.sizes)
    info = machine()
    print("Maskine: " + ", ".join(f"{key} {value}" for key, value in info.items()), flush=True)
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as folder:
        work = Path(folder)
        rows = [bench_size(cases, work, args.repeat) for cases in sizes]
        edits = None
        if not args.no_edit and EDIT_SIZE in sizes:
            print(f"[{EDIT_SIZE}] fra gemt case til synlig ændring i forhåndsvisningen …", flush=True)
            edits = edit_to_visible(work / f"content-{EDIT_SIZE}")
            print(f"[{EDIT_SIZE}] {edits}", flush=True)
        print("PDF: et mødekort …", flush=True)
        pdf_each = pdf_seconds_each(work / f"content-{sizes[0]}")
    write_report(args.out, rows, edits, pdf_each, args.repeat, info)
    return 0


def write_report(out: Path, rows: list[Row], edits, pdf_each: float, repeat: int, info: dict[str, str]) -> None:
    """The report, its plot, and the measurements as JSON (so the report can be rewritten without measuring)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    plot = out.with_suffix(".png")
    write_plot(rows, plot)
    report = render_report(rows, edits, pdf_each, repeat, plot.name, info)
    # `make lighthouse` and `make sizes` write sections of their own into the same file; they stay as they were.
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    for markers in (LIGHTHOUSE_MARKERS, SIZES_MARKERS):
        if kept := section_of(old, markers):
            report = replace_section(report, kept, markers)
    out.write_text(report, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(
        {"machine": info, "repeat": repeat, "rows": [asdict(row) for row in rows], "edits": edits,
         "pdf_each": pdf_each}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Rapporten er skrevet: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}, "
          f"{plot.name} og {out.with_suffix('.json').name}.")


if __name__ == "__main__":
    sys.exit(main())
