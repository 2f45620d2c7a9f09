"""Generated documentation: CONTRIBUTING.md's field reference and the case template.

Both come from the rules themselves (the FieldSpecs and section guidance in
scripts/check/fields.py) and from content/vocabulary.yml, so they cannot drift:
`make docs` rewrites them, and a test fails when a change to the rules or
the vocabulary has not been carried over.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from scripts.check.fields import CASE_FIELDS, CASE_SECTION_GUIDANCE, EXERCISE_FIELDS, STRATEGY_FIELDS, WORKSHOP_FIELDS
from scripts.check.registries import load_registries
from scripts.tools.new_case import TEMPLATE_FILE, template_text

ROOT = Path(__file__).resolve().parents[2]
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
START = ("<!-- feltreference:start: lavet af 'make docs' ud fra scripts/check/fields.py og content/vocabulary.yml; "
         "ret ikke her -->")
END = "<!-- feltreference:end -->"


class DocsError(Exception):
    """The generated documentation cannot be written; the message is Danish."""


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _fields_table(specs) -> list[str]:
    lines = ["| Felt | Betydning | Skal med | Sådan udfylder du det |", "| --- | --- | --- | --- |"]
    for spec in specs:
        lines.append(f"| `{spec.name}` | {_cell(spec.label)} | {'ja' if spec.required else 'nej'} | "
                     f"{_cell(spec.hint)} |")
    return lines


def field_reference(vocabulary) -> str:
    """The field reference section of CONTRIBUTING.md, in Markdown."""
    lines = ["### Felter i en case (`content/cases/`)", "", *_fields_table(CASE_FIELDS), "",
             "### Afsnit i en case", "",
             "Brødteksten har disse afsnit, i denne rækkefølge, hver med en overskrift på formen `## Titel`:", ""]
    lines += [f"{number}. **{title}**: {guidance}"
              for number, (title, guidance) in enumerate(CASE_SECTION_GUIDANCE.items(), start=1)]
    lines += ["", "Refleksionsspørgsmål, relaterede cases og kilden skrives ikke i teksten: siden laver dem "
              "ud fra felterne.", ""]
    for title, folder, specs in (("en strategi", "strategy", STRATEGY_FIELDS),
                                 ("en øvelse", "reflection", EXERCISE_FIELDS),
                                 ("en workshoppakke", "workshops", WORKSHOP_FIELDS)):
        lines += [f"### Felter i {title} (`content/{folder}/`)", "", *_fields_table(specs), ""]
    lines += ["### Kerneopgaver", "", "| Kerneopgave | Bevægelsen for borgeren | Omfatter |", "| --- | --- | --- |"]
    lines += [f"| {_cell(t.label)} | {_cell(t.movement)} | {_cell(t.description)} |" for t in vocabulary.core_tasks]
    lines += ["", "### Temaer", "", "| Tema | Beskrivelse |", "| --- | --- |"]
    lines += [f"| {_cell(t.label)} | {_cell(t.description)} |" for t in vocabulary.themes]
    lines += ["", "### Kommuner", "",
              f"Alle {len(vocabulary.municipalities)} kommuner kan bruges. Skriv navnet præcis sådan:", ""]
    for region, municipalities in groupby(vocabulary.municipalities, key=lambda m: m.region):
        lines.append(f"- **{region}:** " + ", ".join(m.name for m in municipalities))
    lines += ["", "Kilderne står i `content/sources.yml` og på sidens side *Kilder*. En case peger på en kilde "
              "med dens `id`."]
    return "\n".join(lines)


def generated_docs(content_dir: Path) -> dict[Path, str]:
    """Every generated file and the text it should have."""
    vocabulary, _, problems = load_registries(content_dir)
    if vocabulary is None:
        raise DocsError("content/vocabulary.yml har fejl; kør 'make check' og ret dem først.")
    contributing = CONTRIBUTING.read_text(encoding="utf-8")
    if START not in contributing or END not in contributing:
        raise DocsError(f"CONTRIBUTING.md mangler linjerne, der markerer feltreferencen:\n{START}\n{END}")
    head, rest = contributing.split(START, 1)
    tail = rest.split(END, 1)[1]
    return {CONTRIBUTING: f"{head}{START}\n{field_reference(vocabulary)}\n{END}{tail}",
            content_dir / TEMPLATE_FILE: template_text()}


def write_generated_docs(content_dir: Path) -> list[str]:
    """Rewrite the generated files that are out of date; return their names."""
    changed = []
    for path, text in generated_docs(content_dir).items():
        if path.is_symlink():  # never write through a link into a file outside the project
            path.unlink()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path))
    return changed
