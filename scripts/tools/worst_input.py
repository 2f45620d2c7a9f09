"""How long the slowest content that `make check` accepts takes to check and to build.

    python -m scripts.tools.worst_input [--out docs/worst-input.md]

A hostile pull request can be built before anyone reads it, so the cost of a
single file is bounded by rules in `make check` (scripts/check/markup.py). This
makes the largest bodies those rules still accept, in the shapes that cost
Python-Markdown and WeasyPrint most, puts each in a case of the tiny fixture
library (in the section the workshop pack prints in full), and times
`kb validate` and a whole `kb build` with PDFs. The numbers go to
docs/worst-input.md; SECURITY.md refers to them.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from scripts.check.markup import MAX_BODY_BYTES, MAX_BRACKETS_PER_PARAGRAPH, MAX_INDENT, MAX_QUOTE_DEPTH, MAX_TABLE_ROWS

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "minimal" / "content"
SECTION = "## Dilemmaer og læring"  # printed whole in the workshop pack, so it reaches WeasyPrint too


def _fill(unit: str, separator: str = "\n\n") -> str:
    """As many copies of `unit` as stay under the body limit (leaving room for the case's own text)."""
    copies = (MAX_BODY_BYTES - 1_500) // len((unit + separator).encode("utf-8"))
    return separator.join([unit] * copies)


def _table(columns: int) -> str:
    """The longest table the check allows."""
    header = "| " + " | ".join(["h"] * columns) + " |\n|" + "---|" * columns
    return header + "".join("\n| " + " | ".join(["celle"] * columns) + " |" for _ in range(MAX_TABLE_ROWS))


SHAPES: dict[str, Callable[[], str]] = {
    "ingen ekstra tekst (testbiblioteket, som det er)": lambda: "",
    f"{MAX_BRACKETS_PER_PARAGRAPH} '[' i hvert afsnit": lambda: _fill("Se " + "[" * MAX_BRACKETS_PER_PARAGRAPH),
    f"lister {MAX_INDENT // 4} niveauer dybt": lambda: _fill(
        "\n".join("    " * level + "- punkt" for level in range(MAX_INDENT // 4 + 1))),
    f"citater {MAX_QUOTE_DEPTH} niveauer dybt": lambda: _fill(">" * MAX_QUOTE_DEPTH + " citat"),
    f"tabeller med 20 kolonner og {MAX_TABLE_ROWS} rækker": lambda: _fill(_table(20)),
    f"tabeller med 2 kolonner og {MAX_TABLE_ROWS} rækker": lambda: _fill(_table(2)),
    "en definitionsliste": lambda: _fill("Ord\n:   Forklaring"),
    "fremhævning på hvert ord": lambda: _fill("*a* _b_ **c** `d` " * 40),
    "et link på hvert ord": lambda: _fill("[ord](https://eksempel.dk/) " * 40),
    "almindelige ord": lambda: _fill("ord " * 200),
}


def _timed(arguments: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "scripts.kb", *arguments], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    return time.perf_counter() - start, result.returncode


def measure(work: Path) -> list[tuple[str, int, float, int, float, int]]:
    """(shape, body bytes, validate s, its exit, build s, its exit) for each shape."""
    rows = []
    for name, make in SHAPES.items():
        folder = work / str(len(rows))
        shutil.copytree(FIXTURE, folder / "content")
        case = folder / "content" / "cases" / "odder-test.md"
        body = make()
        if body:
            case.write_text(case.read_text(encoding="utf-8").replace(SECTION + "\n", f"{SECTION}\n\n{body}\n", 1),
                            encoding="utf-8")
        content = ["--content", str(folder / "content")]
        validate, validate_exit = _timed([*content, "validate"])
        build, build_exit = _timed([*content, "build", "--site-dir", str(folder / "site")])
        rows.append((name, len(body.encode("utf-8")), validate, validate_exit, build, build_exit))
        print(f"{name}: validate {validate:.2f} s, build {build:.2f} s", flush=True)
    return rows


def report(rows) -> str:
    def seconds(value: float) -> str:
        return f"{value:.1f}".replace(".", ",")

    lines = [
        "# Det langsomste indhold, tjekket accepterer",
        "",
        f"Målt {date.today().isoformat()} på {platform.machine()} med Python {platform.python_version()} af "
        "`python -m scripts.tools.worst_input` (kører også i `make bench`). Hver krop er den største, "
        f"`make check` tillader ({MAX_BODY_BYTES // 1000} KB, højst {MAX_BRACKETS_PER_PARAGRAPH} '[' pr. afsnit, "
        f"{MAX_INDENT} tegns indrykning, {MAX_QUOTE_DEPTH} citatniveauer, {MAX_TABLE_ROWS} rækker pr. tabel), lagt i "
        "én case i testbiblioteket "
        f"(`tests/fixtures/minimal`) under '{SECTION[3:]}', som workshoppakken udskriver i sin helhed. "
        "Bygningen er hele `kb build` med alle PDF'er, fra en tom PDF-cache.",
        "",
        "| Krop | Størrelse | `make check` | Hele bygningen |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, size, validate, validate_exit, build, build_exit in rows:
        ok = "" if validate_exit == 0 and build_exit == 0 else " (fejlede)"
        lines.append(f"| {name} | {size // 1000} KB | {seconds(validate)} s | {seconds(build)} s{ok} |")
    lines += ["", "Grænserne står i `scripts/check/markup.py`; tallene er én kørsel hver, ikke et gennemsnit.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="worst_input", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "worst-input.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-worst-") as work:
        rows = measure(Path(work))
    args.out.write_text(report(rows), encoding="utf-8")
    print(f"Skrev {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
