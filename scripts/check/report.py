"""The report `make check` prints: every problem, one per line, and a Danish summary."""

from __future__ import annotations

from collections import defaultdict

from scripts.load.model import Problem


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


SHOWN_PER_FILE = 50  # a file with more is best fixed from the top; the count says how many are left


def format_report(problems: list[Problem]) -> str:
    """All problems (at most SHOWN_PER_FILE a file), one per line, and a Danish summary line."""
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    lines, shown = [], defaultdict(int)
    for problem in problems:
        shown[problem.path] += 1
        if shown[problem.path] <= SHOWN_PER_FILE:
            lines.append(str(problem))
        elif shown[problem.path] == SHOWN_PER_FILE + 1:
            more = sum(1 for other in problems if other.path == problem.path) - SHOWN_PER_FILE
            lines.append(str(Problem(problem.path, 0, f"… og {_count(more, 'problem', 'problemer')} mere i filen. "
                                     "Ret dem ovenfor, og kør igen.", severity="warning")))
    files = len({p.path for p in errors})
    if errors:
        lines.append(f"Fandt {len(errors)} fejl i {files} fil{'er' if files != 1 else ''}"
                     + (f" og {_count(len(warnings), 'advarsel', 'advarsler')}." if warnings else ".")
                     + " Ret fejlene og kør igen.")
    elif warnings:
        lines.append(f"Ingen fejl, {_count(len(warnings), 'advarsel', 'advarsler')}.")
    return "\n".join(lines)
