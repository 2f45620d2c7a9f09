"""Lighthouse on the built site (`make lighthouse`): mobile scores for the home page and a case page.

Builds the site as it is published (or takes --site), serves it the way
GitHub Pages does (scripts/tools/local_server.py: gzip, Cache-Control, 404.html),
and runs the Lighthouse pinned in tools/lighthouse/ (`npm ci` there) in
Debian's headless Chromium, --runs times per page, with Lighthouse's default
mobile settings (an emulated phone, simulated slow 4G and a 4x slower CPU).
Chromium may reach 127.0.0.1 only, and every run is checked for requests to
any other host.

It takes the median of the four category scores and of FCP, LCP, TBT and CLS,
lists the audits that fail and the opportunities still left, and writes them
as a Danish section of docs/performance.md, between markers, so that
`make bench` (which writes the rest of that file) and this script each keep
the other's part. It exits with 1 when a target is missed: performance at
least 95, accessibility, best practices and SEO 100, no foreign request.

    python -m scripts.tools.lighthouse [--site DIR] [--runs 5] [--out docs/performance.md] [--reports DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scripts.load.content import ROOT
from scripts.tools.local_server import serve

LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
REPORT = ROOT / "docs" / "performance.md"
PAGES = {"": "Forsiden", "cases/odder-samskabt-styring/": "En case-side"}
CATEGORIES = {"performance": "Ydeevne", "accessibility": "Tilgængelighed", "best-practices": "Best practices",
              "seo": "SEO"}
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS"}

# Why an opportunity Lighthouse names is still there (Danish, for the report).
WHY_LEFT = {
    "render-blocking-resources": "Materials `main.css` og `palette.css` og sitets `kb.css` skal være der til det "
    "første billede; `print.css` hentes kun til udskrift og `kb.js` venter (`defer`). `search-on-demand.js` "
    "(2 KB komprimeret) skal køre før Materials bundle, og den indlæser Materials skabelon uden `defer`.",
    "render-blocking-insight": "Se ovenfor.",
    "unused-css-rules": "Det er Materials `main.css`, som har alle temaets komponenter; den er den samme på alle "
    "sider, så browseren henter den én gang. At skære i den kræver en bygning, der ved, hvilke klasser "
    "Materials JavaScript sætter.",
    "legacy-javascript": "Materials bundle, som den kommer fra Material.",
    "uses-long-cache-ttl": "Sitets egne filer har ingen hash i navnet, så en browser må ikke gemme dem længe (så "
    "ville den vise en ny side med gammel CSS); GitHub Pages giver alle filer 10 minutter.",
}

START = "<!-- lighthouse: start. scripts/tools/lighthouse.py writes this section; make bench keeps it -->"
END = "<!-- lighthouse: end -->"

# The flags the other browser runs use, headless, and no host but this one: a page that tried to
# reach another host would get a failed lookup (and the request check below names it).
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"')
_LOCAL = re.compile(r"^(https?://127\.0\.0\.1(:\d+)?/|data:|blob:|about:)")
# Audits that never pass or fail (they describe the page), and those that do not apply.
_NOT_SCORED = {"notApplicable", "manual", "informative", "error"}
# Lighthouse 12 reports some findings twice: as its classic audit and as the newer "insight" that will
# replace it. The insight is left out where the classic audit is in the same report.
_SAME_AS = {"render-blocking-insight": "render-blocking-resources", "legacy-javascript-insight": "legacy-javascript",
            "cache-insight": "uses-long-cache-ttl", "network-dependency-tree-insight": "critical-request-chains",
            "unused-css-insight": "unused-css-rules", "document-latency-insight": "server-response-time",
            "duplicated-javascript-insight": "duplicated-javascript", "font-display-insight": "font-display",
            "image-delivery-insight": "modern-image-formats", "lcp-discovery-insight": "prioritize-lcp-image",
            "third-parties-insight": "third-party-summary", "viewport-insight": "viewport",
            "cls-culprits-insight": "layout-shifts", "dom-size-insight": "dom-size"}


@dataclass
class Run:
    """What one Lighthouse run says about one page."""

    scores: dict[str, int]
    metrics: dict[str, float]
    failing: dict[str, tuple[str, str, str]]
    """Audit id -> (category, title, what it found) for accessibility, best practices and SEO."""
    opportunities: dict[str, tuple[str, str, float, float, tuple[str, ...]]]
    """Audit id -> (title, Lighthouse's estimate, ms it estimates FCP and LCP would gain, the files it names)."""
    errors: dict[str, str]
    """Audits Lighthouse could not run -> its message."""
    requests: int
    foreign: list[str] = field(default_factory=list)
    lighthouse: str = ""
    benchmark_index: float = 0.0


def read_run(report: dict) -> Run:
    """The parts of a Lighthouse report (its JSON, as a dict) that this script reports."""
    audits = report["audits"]
    failing, opportunities, errors = {}, {}, {}
    for category_id, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if audit["scoreDisplayMode"] == "error":
                errors[ref["id"]] = audit.get("errorMessage", "")
            if audit["scoreDisplayMode"] in _NOT_SCORED or audit["score"] is None or audit["score"] >= 1:
                continue
            if category_id != "performance":
                failing[ref["id"]] = (category_id, audit["title"], _found(audit))
            elif ref.get("group") not in ("metrics", "hidden") and _SAME_AS.get(ref["id"]) not in audits:
                savings = audit.get("metricSavings") or {}
                opportunities[ref["id"]] = (audit["title"], audit.get("displayValue", ""),
                                            float(savings.get("FCP", 0)), float(savings.get("LCP", 0)),
                                            _files(audit))
    urls = [item["url"] for item in audits.get("network-requests", {}).get("details", {}).get("items", [])]
    return Run(
        scores={key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES},
        metrics={key: float(audits[key]["numericValue"]) for key in METRICS},
        failing=failing, opportunities=opportunities, errors=errors, requests=len(urls),
        foreign=[url for url in urls if not _LOCAL.match(url)],
        lighthouse=report.get("lighthouseVersion", ""),
        benchmark_index=float(report.get("environment", {}).get("benchmarkIndex", 0)),
    )


def _files(audit: dict) -> tuple[str, ...]:
    """The files an audit names, by their name in the site (the address without the server)."""
    items = (audit.get("details") or {}).get("items") or []
    urls = [item["url"] for item in items if isinstance(item.get("url"), str)]
    return tuple(dict.fromkeys(re.sub(r"^https?://[^/]+/", "", url) for url in urls))


def _found(audit: dict) -> str:
    """The failing elements of an audit, by selector (at most three), or what it says it found."""
    items = (audit.get("details") or {}).get("items") or []
    selectors = [item["node"]["selector"] for item in items if isinstance(item.get("node"), dict)
                 and item["node"].get("selector")]
    if selectors:
        unique = list(dict.fromkeys(selectors))
        more = f" og {len(unique) - 3} til" if len(unique) > 3 else ""
        count = f" ({len(selectors)} elementer)" if len(selectors) > 1 else ""
        return ", ".join(f"`{selector}`" for selector in unique[:3]) + more + count
    return audit.get("displayValue", "")


@dataclass
class PageResult:
    path: str
    runs: list[Run]

    @property
    def scores(self) -> dict[str, float]:
        return {key: statistics.median(run.scores[key] for run in self.runs) for key in CATEGORIES}

    @property
    def metrics(self) -> dict[str, float]:
        return {key: statistics.median(run.metrics[key] for run in self.runs) for key in METRICS}

    @property
    def median_run(self) -> Run:
        """The run with the median performance score (the lower middle one for an even count)."""
        ordered = sorted(self.runs, key=lambda run: (run.scores["performance"], -run.metrics["largest-contentful-paint"]))
        return ordered[(len(ordered) - 1) // 2]

    def missed(self) -> list[str]:
        """The targets this page misses, in words (empty when it meets them all)."""
        scores = self.scores
        missed = [f"{CATEGORIES[key]} {_da(scores[key])} (mål: {target})" for key, target in TARGETS.items()
                  if scores[key] < target]
        foreign = sorted({url for run in self.runs for url in run.foreign})
        if foreign:
            missed.append("forespørgsler til andre værter: " + ", ".join(foreign))
        return missed


def _da(value: float, digits: int = 0) -> str:
    """A number the Danish way (decimal comma)."""
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _metric(key: str, value: float) -> str:
    if key == "cumulative-layout-shift":
        return _da(value, 3)
    if key == "total-blocking-time":
        return f"{_da(value)} ms"
    return f"{_da(value / 1000, 1)} s"


def _runs(count: int) -> str:
    return f"{count} kørsel" if count == 1 else f"{count} kørsler"


def _mark(ok: bool) -> str:
    return "✓ nået" if ok else "✗ ikke nået"


def render_section(pages: list[PageResult], runs: int, node: str, chromium: str, load: float) -> str:
    """The Danish section for docs/performance.md, markers included (`load`: the load average at the start)."""
    first = pages[0].runs[0]
    bench_index = statistics.median(run.benchmark_index for page in pages for run in page.runs)
    lines = [
        START,
        "## Lighthouse: forsiden og en case-side på mobil",
        "",
        f"Målt {date.today().isoformat()} med `make lighthouse` (`scripts/tools/lighthouse.py`): Lighthouse "
        f"{first.lighthouse} fra npm (låst i `tools/lighthouse/package-lock.json`, kørt med Node {node}) i "
        f"Chromium {chromium}, headless. Lighthouses mobilindstillinger: "
        "en emuleret telefon, simuleret langsom 4G og en CPU, der er gjort 4 gange langsommere. "
        f"{_runs(runs)} pr. side; tallene er medianen, og for ydeevnen står den laveste og højeste i parentes. "
        "Sitet er bygget, som det udgives, og serveres af `scripts/tools/local_server.py` sådan, som GitHub Pages "
        "serverer det: tekst gzip-komprimeret, Cache-Control på hvert svar og `404.html` for ukendte adresser. "
        "Chromium kan kun nå 127.0.0.1 (alle andre værter peger ingen steder hen), og hver kørsel tjekker, at "
        "siden ikke har spurgt andre værter.",
        "",
        "| Side | " + " | ".join(CATEGORIES.values()) + " | " + " | ".join(METRICS.values()) + " |",
        "|---|" + "---:|" * (len(CATEGORIES) + len(METRICS)),
    ]
    for page in pages:
        scores, metrics = page.scores, page.metrics
        performance = [run.scores["performance"] for run in page.runs]
        cells = [f"{_da(scores['performance'])} ({min(performance)}–{max(performance)})"]
        cells += [_da(scores[key]) for key in CATEGORIES if key != "performance"]
        cells += [_metric(key, metrics[key]) for key in METRICS]
        lines.append(f"| {PAGES.get(page.path, page.path)} (`/{page.path}`) | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| Mål | " + " | ".join(PAGES.get(page.path, page.path) for page in pages) + " |",
        "|---|" + "---|" * len(pages),
    ]
    for key, target in TARGETS.items():
        label = f"{CATEGORIES[key]} mindst {target}" if target < 100 else f"{CATEGORIES[key]} {target}"
        lines.append(f"| {label} | " + " | ".join(
            f"{_da(page.scores[key])} {_mark(page.scores[key] >= target)}" for page in pages) + " |")
    lines.append("| Ingen forespørgsler til andre værter | " + " | ".join(
        f"{max(run.requests for run in page.runs)} forespørgsler, "
        f"{sum(len(run.foreign) for run in page.runs)} andre steder hen {_mark(not any(r.foreign for r in page.runs))}"
        for page in pages) + " |")
    lines += ["", "### Det, Lighthouse stadig finder", ""]
    for page in pages:
        lines += [f"**{PAGES.get(page.path, page.path)}** (`/{page.path}`), fra kørslen med medianens ydeevne:", ""]
        median = page.median_run
        failing = {key: value for run in page.runs for key, value in run.failing.items()}
        for key, (category, title, found) in sorted(failing.items()):
            count = sum(key in run.failing for run in page.runs)
            lines.append(f"- {CATEGORIES[category]}: {title} (`{key}`, {count} af {_runs(len(page.runs))})"
                         + (f": {found}" if found else ""))
        if not failing:
            lines.append("- Tilgængelighed, best practices og SEO: ingen fejl.")
        for key, (title, shown, fcp, lcp, files) in sorted(median.opportunities.items(),
                                                            key=lambda item: (-item[1][2] - item[1][3], item[0])):
            gains = ", ".join(f"{name} −{_da(ms)} ms" for name, ms in (("FCP", fcp), ("LCP", lcp)) if ms > 0)
            named = ", ".join(f"`{name.rsplit('/', 1)[-1]}`" for name in files)
            lines.append(f"- Ydeevne: {title} (`{key}`)" + (": " if shown or gains or named else "")
                         + "; ".join(part for part in (shown, gains, named) if part)
                         + (f". {WHY_LEFT[key]}" if key in WHY_LEFT else ""))
        if not median.opportunities:
            lines.append("- Ydeevne: ingen muligheder tilbage.")
        errors = {key: message for run in page.runs for key, message in run.errors.items()}
        for key, message in sorted(errors.items()):
            lines.append(f"- Kunne ikke måles: `{key}` ({message})")
        lines.append("")
    lines += [
        "Sådan læses tallene:",
        "",
        "- Tiderne er Lighthouses simulering (lantern) af en langsom telefon ud fra én rigtig indlæsning, "
        "ikke målt på en telefon. Simuleringen bruger de overførte bytes, så komprimeringen tæller; "
        "maskinens belastning tæller også, via den CPU-tid, der blev målt "
        f"(Lighthouses benchmarkindeks: {_da(bench_index)}; belastning ved start: {_da(load, 1)} på "
        f"{len(os.sched_getaffinity(0))} kerner).",
        "- Ydeevnen er et vægtet gennemsnit af målingerne (FCP, Speed Index, LCP, TBT og CLS); "
        "de muligheder, Lighthouse nævner, tæller ikke selv med, og dens besparelser er anslåede.",
        "- Hver kørsel er en første indlæsning med tom cache, så Cache-Control ændrer ikke tallene; "
        "Lighthouse nævner den bare. GitHub Pages sender `max-age=600` for alle filer; den lokale server "
        "sender det samme for sitets egne filer, `no-cache` for sider og et år for filer med en hash i navnet.",
        f"- Lighthouse {first.lighthouse}, ikke 13: Lighthouse 13 kræver Node 22.19, og med Node 20 kunne tre "
        "af dens målinger ikke køre (de bruger JavaScript, som Node 20 ikke har). Opdatér "
        "`tools/lighthouse/package.json`, når maskinerne har Node 22.",
        "- Dette afsnit skrives af `make lighthouse` mellem to markører; `make bench` skriver resten af "
        "filen og beholder afsnittet, som det er, så de to målinger kan køres hver for sig.",
        END,
    ]
    return "\n".join(lines) + "\n"


def replace_section(text: str, section: str, markers: tuple[str, str] = (START, END)) -> str:
    """`text` with its section between `markers` (Lighthouse's by default) replaced by `section`
    (added at the end if it has none)."""
    first, last = markers
    start, end = text.find(first), text.find(last)
    if start != -1 and end > start:
        return text[:start] + section.rstrip("\n") + text[end + len(last):]
    return text.rstrip("\n") + "\n\n" + section


def section_of(text: str, markers: tuple[str, str] = (START, END)) -> str | None:
    """The section between `markers` (Lighthouse's by default) in `text`, markers included, or None."""
    first, last = markers
    start, end = text.find(first), text.find(last)
    return text[start:end + len(last)] + "\n" if start != -1 and end > start else None


def run_lighthouse(url: str, output: Path) -> dict:
    """One Lighthouse run on `url`; its report is kept in `output` (JSON) and returned."""
    from scripts.tools.system_deps import find_chromium

    command = [str(LIGHTHOUSE), url, f"--chrome-path={find_chromium()}",
               *(f"--chrome-flags={flag}" for flag in CHROME_FLAGS),
               f"--only-categories={','.join(CATEGORIES)}", "--locale=da", "--output=json",
               f"--output-path={output}", "--quiet"]
    result = subprocess.run(command, cwd=LIGHTHOUSE_DIR, capture_output=True, text=True, check=False, timeout=300)
    if result.returncode != 0 or not output.is_file():
        raise RuntimeError(f"Lighthouse fejlede på {url}:\n{result.stderr[-3000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse kunne ikke måle {url}: {report['runtimeError'].get('message')}")
    return report


def _build(site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "scripts.kb", "build", "--site-dir", str(site)], cwd=ROOT,
                            env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError("Sitet kunne ikke bygges:\n" + result.stdout + result.stderr)


def _version(command: list[str]) -> str:
    """The version number a program prints for `command` (node --version, chromium --version)."""
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError, TypeError):
        return "ukendt"
    found = re.search(r"\d+(\.\d+)+", output)
    return found.group(0) if found else "ukendt"


def measure(site: Path, runs: int, reports: Path) -> list[PageResult]:
    results = []
    with serve(site, like_a_host=True) as base:
        for path, label in PAGES.items():
            page = PageResult(path, [])
            for number in range(1, runs + 1):
                report = run_lighthouse(base + path, reports / f"{path.strip('/').replace('/', '-') or 'forside'}"
                                                              f"-{number}.json")
                page.runs.append(read_run(report))
                run = page.runs[-1]
                print(f"{label} {number}/{runs}: " + ", ".join(f"{CATEGORIES[k]} {v}" for k, v in run.scores.items())
                      + "; " + ", ".join(f"{METRICS[k]} {_metric(k, v)}" for k, v in run.metrics.items()), flush=True)
            results.append(page)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site already built (default: build one now)")
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (the median counts)")
    parser.add_argument("--out", type=Path, default=REPORT, help="the Markdown file the section goes into")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this folder")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print(f"Lighthouse er ikke installeret. Kør 'make lighthouse', eller: npm ci --prefix {LIGHTHOUSE_DIR.relative_to(ROOT)}",
              file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kb-lighthouse-") as folder:
        work = Path(folder)
        site = args.site.resolve() if args.site else None
        if site is None:
            print("Bygger sitet …", flush=True)
            site = work / "site"
            _build(site)
        reports = (args.reports or work / "reports").resolve()
        reports.mkdir(parents=True, exist_ok=True)
        pages = measure(site, args.runs, reports)
    from scripts.tools.system_deps import find_chromium

    section = render_section(pages, args.runs, _version(["node", "--version"]),
                             _version([find_chromium(), "--version"]), load)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(replace_section(old, section), encoding="utf-8")
    print(f"Skrevet: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    missed = [f"{PAGES.get(page.path, page.path)}: {text}" for page in pages for text in page.missed()]
    for page in pages:
        print(f"{PAGES.get(page.path, page.path)} (median): " + ", ".join(
            f"{CATEGORIES[k]} {_da(v)}" for k, v in page.scores.items()) + "; " + ", ".join(
            f"{METRICS[k]} {_metric(k, v)}" for k, v in page.metrics.items()))
    if missed:
        print("Mål, der ikke er nået:\n  " + "\n  ".join(missed), file=sys.stderr)
        return 1
    print("Alle mål er nået.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
