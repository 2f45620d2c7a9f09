"""What the files for re-users and followers weigh (`make sizes`): at the real library and at 1,000 cases.

Not a test: it reports numbers. It builds the real library and a synthetic
one (scripts/tools/synthetic.py) with the hook, PDFs off, and measures the
open data files, the Atom feed, "Biblioteket i tal" and "Min mappe" as a
reader's browser or a re-user's program would fetch them (raw and gzipped,
as GitHub Pages serves text), and how long the build takes to make them
(median of --repeat runs, in this process, from the loaded library).

The result is a Danish section of docs/performance.md, between markers, so
`make bench` and `make lighthouse` keep it (and it keeps theirs).

    python -m scripts.tools.published_sizes [--sizes 1000] [--repeat 5] [--out docs/performance.md]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scripts.load.content import CONTENT_DIR, ROOT
from scripts.load.paths import CASE_INDEX_SCRIPT
from scripts.tools.bench import SIZES_MARKERS, machine, our_build
from scripts.tools.lighthouse import replace_section

MARKERS = SIZES_MARKERS
START, END = MARKERS

# (site path, what it is, the target at any size in KB gzipped, or None where it grows with the library).
# The feed and the two pages hold a fixed number of entries or only totals, so their size must not grow
# with the library; the data files hold every case and grow linearly by design.
FILES: tuple[tuple[str, str, int | None], ...] = (
    ("feed.xml", "Atom-feedet (`/feed.xml`)", 30),
    ("data/cases.json", "Alle cases som JSON", None),
    ("data/cases.csv", "Alle cases som CSV", None),
    ("data/case.schema.json", "JSON Schema for en case", 20),
    ("data/vocabulary.json", "Ordforrådet (kommuner, kerneopgaver, temaer)", 20),
    ("biblioteket-i-tal/index.html", "Siden «Biblioteket i tal»", 40),
    ("min-mappe/index.html", "Siden «Min mappe»", 40),
    (CASE_INDEX_SCRIPT, "Listen over cases og øvelser, som «Min mappe» og filtrene henter", None),
    ("index.html", "Forsiden (med «Nyt i biblioteket»)", 40),
)


@dataclass
class Measured:
    cases: int
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Site path -> (bytes, bytes gzipped), for the files that exist."""
    make_seconds: float | None = None
    """Median time to make the data files and the feed from the loaded library."""


def file_sizes(site: Path) -> dict[str, tuple[int, int]]:
    sizes = {}
    for path, _, _ in FILES:
        file = site / path
        if file.is_file():
            data = file.read_bytes()
            sizes[path] = (len(data), len(gzip.compress(data, 6)))
    return sizes


def time_to_make(content: Path, repeat: int) -> float:
    """Median seconds to make the data files and the feed from an already loaded library."""
    from scripts.check.library import load_library
    from scripts.engine.build import data_and_feed
    from scripts.load.settings import load_settings

    library, problems = load_library(content)
    if library is None:
        raise SystemExit("Biblioteket har fejl:\n" + "\n".join(map(str, problems)))
    settings = load_settings()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        data_and_feed(library, settings, pdfs=False)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def measure_library(content: Path, cases: int, work: Path, repeat: int) -> Measured:
    site = work / f"site-{cases}"
    print(f"[{cases}] build …", flush=True)
    our_build(content, site)  # raises, with MkDocs' output, if the build fails
    return Measured(cases, file_sizes(site), time_to_make(content, repeat))


def _kb(size: int) -> str:
    text = f"{size / 1e6:.2f} MB" if size >= 1e6 else f"{size / 1000:.1f} KB"
    return text.replace(".", ",")


def render_section(rows: list[Measured], info: dict[str, str]) -> str:
    small, large = rows[0], rows[-1]
    lines = [
        START,
        "## Åbne data, feedet, «Biblioteket i tal» og «Min mappe»",
        "",
        f"Målt {date.today().isoformat()} med `make sizes` (`scripts/tools/published_sizes.py`) på "
        f"{info.get('CPU', 'ukendt CPU')} ({info.get('Kerner', '?')} kerner). Størrelserne er filerne, "
        "som sitet udgiver dem, og gzip-komprimeret "
        "(som GitHub Pages sender tekst). Sitet er bygget med PDF'er slået fra; det ændrer ikke filerne her, "
        "bortset fra at data-filerne ikke nævner PDF-adresser.",
        "",
        f"| Fil | {small.cases:,} cases".replace(",", ".") + " | "
        + " | ".join(f"{row.cases:,} cases".replace(",", ".") for row in rows[1:]) + " | Mål (gzip) |",
        "|---|" + "---:|" * len(rows) + "---|",
    ]
    for path, label, target in FILES:
        if path not in large.sizes:
            continue
        cells = [f"{_kb(row.sizes[path][0])} ({_kb(row.sizes[path][1])} gzip)" if path in row.sizes else "–"
                 for row in rows]
        if target is None:
            per_case = (large.sizes[path][1] - small.sizes.get(path, (0, 0))[1]) / max(1, large.cases - small.cases)
            goal = f"vokser lineært: {per_case:.0f} byte gzip pr. case"
        else:
            goal = f"højst {target} KB ved alle størrelser: " + (
                "✓ nået" if all(row.sizes.get(path, (0, 0))[1] <= target * 1000 for row in rows) else "✗ ikke nået")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {goal} |")
    if large.make_seconds is not None:
        lines += ["", "Tid til at lave data-filerne og feedet ud fra det indlæste bibliotek (median af "
                  "flere kørsler): " + ", ".join(f"{row.cases:,} cases: {row.make_seconds * 1000:.0f} ms".replace(",", ".")
                                                  for row in rows if row.make_seconds is not None) + "."]
    lines += [
        "",
        "- Feedet har kun de nyeste cases (et fast antal), og «Biblioteket i tal» har kun optællinger, ikke "
        "casenes tekst, så de vokser ikke med antallet af cases (siden vokser kun med ordforrådet: 98 kommuner "
        "i de syntetiske cases). «Min mappe» henter titlerne fra listen over cases og øvelser.",
        "- `cases.json` og `cases.csv` har hver case med alle dens metadata; de er til programmer og regneark, "
        "og ingen side henter dem.",
        "- Listen over cases og øvelser har kun titel, adresse og filtrenes værdier for hver; den hentes af "
        "oversigten over cases (filtrene) og af «Min mappe», ikke af andre sider.",
        END,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="published_sizes", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], help="synthetic library sizes")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    from scripts.tools.synthetic import write_synthetic_library

    info = machine()
    with tempfile.TemporaryDirectory(prefix="kb-sizes-") as folder:
        work = Path(folder)
        real = len(list((CONTENT_DIR / "cases").glob("*.md")))
        rows = [measure_library(CONTENT_DIR, real, work, args.repeat)]
        for cases in sorted(args.sizes):
            content = write_synthetic_library(CONTENT_DIR, work / f"content-{cases}", cases)
            rows.append(measure_library(content, cases, work, args.repeat))
    section = render_section(rows, info)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else "# Ydeevne\n"
    args.out.write_text(replace_section(old, section, MARKERS), encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
