"""Scaffold a new case file with every field and section, and guidance in each.

Used by `python -m scripts.kb new-case` (and `make new-case`). The field
comments are the validator's own hints (scripts/check/fields.py), so the scaffold
and the rules cannot drift apart; content/_templates/case.md, for editors
who work in GitHub's web editor, is the same scaffold with placeholders.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jinja2

from scripts.check.fields import CASE_FIELDS, CASE_SECTION_GUIDANCE
from scripts.check.hints import suggest
from scripts.load.model import Vocabulary, slugify

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_FILE = Path("_templates") / "case.md"  # inside the content folder

# Fields the scaffold cannot fill from the questions it asks.
_EMPTY = {"summary": '""', "target_group": '""', "period": "null", "results": "[]", "source_pages": "null",
          "source_sections": "[]", "keywords": "[]", "reflection_questions": "[]", "source_questions": "[]",
          "related": "[]"}


class ScaffoldError(Exception):
    """The case cannot be created; the message is Danish and says what to do."""


def _yaml(value) -> str:
    """A value as YAML: JSON is valid YAML and quotes whatever needs it."""
    return json.dumps(value, ensure_ascii=False)


def render_case(values: dict[str, str]) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             autoescape=False)  # noqa: S701 - the output is YAML and Markdown, not HTML
    return env.get_template("new_case.md.j2").render(fields=CASE_FIELDS, sections=CASE_SECTION_GUIDANCE,
                                                     values={**_EMPTY, **values})


def template_text() -> str:
    """The scaffold with placeholders, as kept in content/_templates/case.md."""
    return render_case({"title": _yaml("Skriv casens titel her"), "municipality": _yaml("Skriv kommunens navn"),
                        "core_tasks": "[]", "themes": "[]", "source": _yaml("skriv-kildens-id"),
                        "last_reviewed": "ÅÅÅÅ-MM-DD"})


def check_choice(value: str, options: list[str], label: str) -> str:
    """The option `value` names, or a ScaffoldError with a did-you-mean."""
    if value in options:
        return value
    guess = suggest(value, options)
    hint = f" Mente du '{guess}'?" if guess else f" Mulige værdier: {', '.join(options)}."
    where = "content/sources.yml" if label == "Kilden" else "content/vocabulary.yml"
    raise ScaffoldError(f"{label} '{value}' findes ikke i {where}.{hint}")


def scaffold_case(library_or_vocabulary, source_ids: list[str], title: str, municipality: str,
                  core_tasks: list[str], themes: list[str], source: str, today: date) -> tuple[str, str]:
    """(slug, file text) for a new case; ScaffoldError names every value that is not allowed."""
    vocabulary: Vocabulary = getattr(library_or_vocabulary, "vocabulary", library_or_vocabulary)
    problems, chosen = [], {}
    slug = slugify(title)
    if not title.strip():
        problems.append("Titlen må ikke være tom.")
    elif not slug:
        problems.append(f"Titlen '{title}' giver intet filnavn: den skal have bogstaver eller tal.")
    elif slug == "index":
        problems.append("Titlen giver filnavnet 'index.md', som er forbeholdt oversigten over cases. Vælg en anden "
                        "titel.")
    checks = [("municipality", municipality, [m.name for m in vocabulary.municipalities], "Kommunen")]
    checks += [("core_tasks", task, [t.label for t in vocabulary.core_tasks], "Kerneopgaven") for task in core_tasks]
    checks += [("themes", theme, [t.label for t in vocabulary.themes], "Temaet") for theme in themes]
    checks += [("source", source, source_ids, "Kilden")]
    for field, value, options, label in checks:
        try:
            chosen.setdefault(field, []).append(check_choice(value, options, label))
        except ScaffoldError as error:
            problems.append(str(error))
    if not core_tasks:
        problems.append("Vælg mindst én kerneopgave.")
    if not 1 <= len(themes) <= 5:
        problems.append("Vælg 1-5 temaer.")
    if problems:
        raise ScaffoldError("\n".join(problems))
    text = render_case({"title": _yaml(title.strip()), "municipality": _yaml(chosen["municipality"][0]),
                        "core_tasks": _yaml(chosen["core_tasks"]), "themes": _yaml(chosen["themes"]),
                        "source": _yaml(chosen["source"][0]), "last_reviewed": today.isoformat()})
    return slug, text


def write_new_case(content_dir: Path, slug: str, text: str) -> Path:
    path = content_dir / "cases" / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"content/cases/{slug}.md findes allerede, og den overskrives ikke. Giv casen en anden "
                            "titel, eller ret den eksisterende fil.")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never replace a file that appeared meanwhile
        handle.write(text)
    return path


def pick(answer: str, options: list[str], label: str) -> list[str]:
    """Values from an answer: names or numbers from the shown list, separated by commas."""
    chosen = []
    for part in (item.strip() for item in answer.split(",")):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(options):
            chosen.append(options[int(part) - 1])
        else:
            chosen.append(check_choice(part, options, label))
    return chosen


def ask_missing(values: dict, choices: dict[str, list[str]], ask=input, say=print,
                shown: dict[str, str] | None = None) -> dict:
    """Ask for every value the editor did not give as an option, until each one is allowed.

    `shown` maps an option to a longer text for the list (a source id to its title).
    """
    shown = shown or {}
    questions = [
        ("title", "Titel (med egne ord)", None, False),
        ("municipality", "Kommune", None, False),
        ("core_tasks", "Kerneopgaver (numre eller navne, adskilt med komma)", "core_tasks", True),
        ("themes", "Temaer, 1-5 (numre eller navne, adskilt med komma)", "themes", True),
        ("source", "Kilde (nummer eller id)", "source", False),
    ]
    labels = {"municipality": "Kommunen", "core_tasks": "Kerneopgaven", "themes": "Temaet", "source": "Kilden"}
    for field, question, listed, many in questions:
        while not values.get(field):
            if listed:
                say("\n".join(f"  {number}) {shown.get(option, option)}"
                               for number, option in enumerate(choices[listed], start=1)))
            answer = ask(f"{question}: ").strip()
            if field == "title":
                values[field] = answer
                continue
            try:
                picked = pick(answer, choices[field], labels[field])
            except ScaffoldError as error:
                say(str(error))
                continue
            values[field] = picked if many else (picked[0] if picked else "")
    return values
