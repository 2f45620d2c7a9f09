"""One content file checked against the content model (scripts/check/fields.py).

The validator never stops at the first mistake: `validate_document` yields
every `Problem` of a file (its fields, its sections, its body's Markdown and
voice, the privacy gate, freshness) and gives the clean values only when
there is no error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from scripts.check.fields import (
    AGENDA_KEYS,
    CASE_SECTION_GUIDANCE,
    CASE_SECTIONS,
    CASE_WORDS,
    EARLIEST,
    FIELD_ALIASES,
    FIELDS,
    KIND_NAMES,
    LATEST,
    REFERENCE_KINDS,
    RESULT_LENGTHS,
    SHORT_VERSION_WORDS,
    SOURCE_PART_KEYS,
    WORKSHOP_MAX_CASES,
    WORKSHOP_MAX_EXERCISES,
    FieldSpec,
)
from scripts.check.hints import describe, did_you_mean, options_text, suggest
from scripts.check.markup import body_links, body_problems, field_markup
from scripts.check.privacy import file_name_personal_data, personal_data_findings
from scripts.check.voice import voice_problems
from scripts.load.content import LineDict, LineList, control_character, strings_with_lines
from scripts.load.model import Problem, Vocabulary
from scripts.load.paths import PAGE_HEADINGS, content_page_path, heading_anchor
from scripts.load.review import is_overdue, review_due
from scripts.load.text import danish_date, page_numbers, split_sections, without_comments, word_count


@dataclass(frozen=True)
class Context:
    """What the check of one file needs to know of the rest of the library."""

    vocabulary: Vocabulary
    source_ids: tuple[str, ...]
    case_slugs: tuple[str, ...]
    exercise_durations: dict[str, int]
    """Slug -> duration of every exercise that itself has a valid duration."""
    exercise_slugs: tuple[str, ...] = ()
    review_months: int | None = None
    """The review interval; None leaves freshness unchecked."""
    today: date = date.min


def _text(value, spec: FieldSpec, line: int) -> Iterator[tuple[int, str]]:
    if not isinstance(value, str):
        yield line, (f"Feltet '{spec.name}' skal være tekst (fik {describe(value)}). "
                     "Sæt værdien i anførselstegn, hvis den ligner et tal eller en dato.")
    elif not value.strip():
        yield line, f"Feltet '{spec.name}' er tomt. {spec.hint}"
    elif spec.max_length and len(value.strip()) > spec.max_length:
        yield line, (f"Feltet '{spec.name}' må højst være {spec.max_length} tegn (er {len(value.strip())}). "
                     "Forkort teksten.")


def _items(value, spec: FieldSpec, line: int) -> Iterator[tuple[int, str]]:
    """Check that a value is a list of the right length; item rules follow."""
    if not isinstance(value, list):
        yield line, f"Feltet '{spec.name}' skal være en liste (fik {describe(value)}). {spec.hint}"
        return
    if len(value) < spec.min_items or (spec.max_items is not None and len(value) > spec.max_items):
        wanted = (f"{spec.min_items}-{spec.max_items} punkter" if spec.max_items is not None
                  else f"mindst {spec.min_items} {'punkt' if spec.min_items == 1 else 'punkter'}")
        yield line, f"Feltet '{spec.name}' skal have {wanted} (har {len(value)})."


def _check_list(value, spec, line) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if problems and not isinstance(value, list):
        return
    for item, item_line in zip(value, getattr(value, "lines", [line] * len(value))):
        if not isinstance(item, str) or not item.strip():
            yield item_line, f"Hvert punkt i '{spec.name}' skal være en tekst (fik {describe(item)})."
        elif spec.max_length and len(item.strip()) > spec.max_length:
            yield item_line, (f"Hvert punkt i '{spec.name}' må højst være {spec.max_length} tegn (er "
                              f"{len(item.strip())}). Forkort det.")


def _check_vocabulary_list(value, spec, line, options) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    seen = set()
    # A list far too long is reported by its length; checking every item against every option
    # would let one file cost minutes (and megabytes of messages).
    checked = value[:spec.max_items] if spec.max_items else value
    for item, item_line in zip(checked, value.lines):
        if not isinstance(item, str):
            yield item_line, f"Hvert punkt i '{spec.name}' skal være en tekst, fx '{options[0]}' (fik {describe(item)})."
        elif item not in options:
            yield item_line, (f"Feltet '{spec.name}' skal være en af: {options_text(options)} "
                              f"(fik {describe(item)}).{did_you_mean(item, options)}")
        elif item in seen:
            yield item_line, f"'{item}' står to gange i '{spec.name}'."
        else:
            seen.add(item)


def _date_problems(value, name: str) -> Iterator[str]:
    if isinstance(value, datetime):
        yield (f"Feltet '{name}' skal være en dato uden klokkeslæt, fx {value.date().isoformat()} (fik "
               f"{value.isoformat(sep=' ')}).")
    elif not isinstance(value, date):
        yield f"Feltet '{name}' skal være en dato på formen ÅÅÅÅ-MM-DD, fx 2026-11-23 (fik {describe(value)})."
    elif not EARLIEST <= value <= LATEST:
        yield (f"Feltet '{name}' skal være en dato mellem {EARLIEST.year} og {LATEST.year} (fik "
               f"{value.isoformat()}). Tjek årstallet.")


def _check_value(value, spec: FieldSpec, line: int, ctx: Context) -> Iterator[tuple[int, str]]:
    kind = spec.kind
    if kind == "text":
        yield from _text(value, spec, line)
    elif kind == "text_list":
        yield from _check_list(value, spec, line)
    elif kind == "municipality":
        names = [m.name for m in ctx.vocabulary.municipalities]
        if value not in names:
            yield line, (f"Feltet 'municipality' skal være navnet på en kommune, som det står i "
                         f"content/vocabulary.yml (fik {describe(value)}).{did_you_mean(value, names)}")
    elif kind == "core_tasks":
        yield from _check_vocabulary_list(value, spec, line, [t.label for t in ctx.vocabulary.core_tasks])
    elif kind == "themes":
        yield from _check_vocabulary_list(value, spec, line, [t.label for t in ctx.vocabulary.themes])
    elif kind == "period":
        if isinstance(value, bool) or not isinstance(value, (int, str)) or (isinstance(value, str) and not value.strip()):
            yield line, (f"Feltet 'period' skal være et år (2018), en periode i anførselstegn ('2015-2018') "
                         f"eller null, hvis kilden ikke oplyser det (fik {describe(value)}).")
        elif isinstance(value, int) and not EARLIEST.year <= value <= LATEST.year:
            yield line, (f"Feltet 'period' skal være et år mellem {EARLIEST.year} og {LATEST.year} (fik {value}). "
                         "Skriv andet end et år i anførselstegn.")
        elif isinstance(value, str) and len(value.strip()) > spec.max_length:
            yield line, f"Feltet 'period' må højst være {spec.max_length} tegn (er {len(value.strip())}). Forkort det."
    elif kind == "pages":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            yield line, f"Feltet '{spec.name}' skal være et sidetal eller et interval som '15-17' (fik {describe(value)})."
        elif isinstance(value, int) and not 1 <= value <= 100_000:
            yield line, f"Feltet '{spec.name}' skal være et sidetal mellem 1 og 100000 (fik {value})."
        elif isinstance(value, str) and len(value.strip()) > spec.max_length:
            yield line, f"Feltet '{spec.name}' må højst være {spec.max_length} tegn (er {len(value.strip())})."
    elif kind == "results":
        yield from _check_results(value, spec, line)
    elif kind in ("source_sections", "source_questions"):
        yield from _check_source_parts(value, spec, line)
    elif kind == "steps":
        yield from _check_steps(value, spec, line)
    elif kind == "agenda":
        yield from _check_agenda(value, spec, line, ctx)
    elif kind == "source":
        if value not in ctx.source_ids:
            yield line, (f"Feltet 'source' skal være id'et på en kilde i content/sources.yml (fik {describe(value)})."
                         f"{did_you_mean(value, ctx.source_ids)} Findes kilden ikke, så tilføj den dér først.")
    elif kind == "case_sections":
        yield from _check_vocabulary_list(value, spec, line, list(CASE_SECTIONS))
    elif kind == "case_refs":
        problems = list(_items(value, spec, line))
        yield from problems
        if isinstance(value, list):
            for item, item_line in zip(value, value.lines):
                if item not in ctx.case_slugs:
                    yield item_line, (f"Feltet '{spec.name}' peger på {describe(item)}, som ikke er en case i "
                                      f"content/cases/.{did_you_mean(item, ctx.case_slugs)}")
    elif kind == "date":
        yield from ((line, message) for message in _date_problems(value, spec.name))
    elif kind == "minutes":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
            yield line, f"Feltet '{spec.name}' skal være et helt antal minutter mellem 1 og 600 (fik {describe(value)})."
    else:  # pragma: no cover - a FieldSpec with a kind nobody implemented
        raise ValueError(f"unknown field kind {kind!r}")


def _check_results(value, spec, line) -> Iterator[tuple[int, str]]:
    if not isinstance(value, list):
        yield line, f"Feltet 'results' skal være en liste (fik {describe(value)}). {spec.hint}"
        return
    if spec.max_items and len(value) > spec.max_items:
        yield line, f"Feltet 'results' må højst have {spec.max_items} nøgletal (har {len(value)}). Vælg de vigtigste."
        return
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or set(item) != {"figure", "measure"}:
            yield item_line, ("Hvert nøgletal skal have præcis to felter: 'figure' (tallet, fx \"6 → 2 år\") "
                              "og 'measure' (hvad det måler).")
            continue
        for key in ("figure", "measure"):
            if not isinstance(item[key], (str, int, float)) or isinstance(item[key], bool) or not str(item[key]).strip():
                yield item.lines[key], f"Nøgletallets '{key}' skal være en tekst eller et tal."
            elif len(str(item[key]).strip()) > RESULT_LENGTHS[key]:
                yield item.lines[key], (f"Nøgletallets '{key}' må højst være {RESULT_LENGTHS[key]} tegn (er "
                                        f"{len(str(item[key]).strip())}). Forkort det.")


def _check_source_parts(value, spec, line) -> Iterator[tuple[int, str]]:
    """source_sections and source_questions: a list of {title|question, pages}."""
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    key, what = SOURCE_PART_KEYS[spec.name]
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or key not in item or not set(item) <= {key, "pages"}:
            yield item_line, (f"Hvert punkt i '{spec.name}' skal have '{key}' og kan have 'pages'. {spec.hint}")
            continue
        text = item[key]
        if not isinstance(text, str) or not text.strip():
            yield item.lines[key], f"'{key}' i '{spec.name}' skal være en tekst: {what} med egne ord."
        elif len(text.strip()) > spec.max_length:
            yield item.lines[key], (f"'{key}' i '{spec.name}' må højst være {spec.max_length} tegn (er "
                                    f"{len(text.strip())}). Forkort det.")
        if "pages" in item:
            pages = item["pages"]
            if isinstance(pages, bool) or not isinstance(pages, (int, str)) or page_numbers(str(pages)) is None:
                yield item.lines["pages"], (f"'pages' i '{spec.name}' skal være sidetal som \"24\" eller "
                                            f"\"15-16, 34\" (fik {describe(pages)}).")


def _check_source_pages(document) -> Iterator[Problem]:
    """The sections' pages together are the case's source_pages: the two cannot drift apart."""
    meta = document.meta
    sections, pages = meta.get("source_sections"), meta.get("source_pages")
    if not isinstance(sections, list) or not sections:
        return
    if pages is None:
        yield Problem(document.display, meta.lines["source_sections"],
                      "Feltet 'source_sections' har afsnit, men 'source_pages' mangler. Skriv sidetallene i "
                      "'source_pages' (alle afsnittenes sider).", "source_sections")
        return
    wanted = page_numbers(str(pages)) if isinstance(pages, (int, str)) and not isinstance(pages, bool) else None
    found: set[int] = set()
    for item in sections:
        if not isinstance(item, dict) or "pages" not in item:
            continue
        numbers = page_numbers(str(item["pages"]))
        if numbers is None:
            return  # reported with the item
        found |= numbers
    if wanted is None or not found or found == wanted:
        return
    missing, extra = sorted(wanted - found), sorted(found - wanted)
    parts = []
    if missing:
        parts.append(f"side {', '.join(map(str, missing))} står i 'source_pages' men ikke ved noget afsnit")
    if extra:
        parts.append(f"side {', '.join(map(str, extra))} står ved et afsnit men ikke i 'source_pages'")
    yield Problem(document.display, meta.lines["source_sections"],
                  f"Afsnittenes sider skal tilsammen være 'source_pages' ({pages}): {' og '.join(parts)}.",
                  "source_sections")


def _check_steps(value, spec, line) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or set(item) != {"minutes", "text"}:
            yield item_line, ("Hvert trin skal have præcis to felter: 'minutes' (hvor lang tid trinet tager) og "
                              "'text' (hvad I gør), fx '- {minutes: 10, text: Læs casen højt.}'.")
            continue
        minutes, text = item["minutes"], item["text"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
            yield item.lines["minutes"], ("Trinets 'minutes' skal være et helt antal minutter mellem 1 og 600 "
                                          f"(fik {describe(minutes)}).")
        if not isinstance(text, str) or not text.strip():
            yield item.lines["text"], "Trinets 'text' skal være en tekst, der siger, hvad I gør."
        elif len(text.strip()) > spec.max_length:
            yield item.lines["text"], f"Trinets 'text' må højst være {spec.max_length} tegn (er {len(text.strip())})."


def _check_agenda(value, spec, line, ctx: Context) -> Iterator[tuple[int, str]]:
    problems = list(_items(value, spec, line))
    yield from problems
    if not isinstance(value, list):
        return
    for key, most, name in (("case", WORKSHOP_MAX_CASES, "cases"), ("exercise", WORKSHOP_MAX_EXERCISES, "øvelser")):
        used = {str(item.get(key)) for item in value if isinstance(item, dict) and item.get(key)}
        if len(used) > most:
            yield line, (f"Workshoppen bruger {len(used)} forskellige {name}, men højst {most}: pakken printer dem "
                         "alle. Del den op i to workshops.")
    for item, item_line in zip(value, value.lines):
        if not isinstance(item, LineDict) or not {"minutes", "text"} <= set(item):
            yield item_line, ("Hvert punkt i 'agenda' skal have 'minutes' og 'text' og kan have 'case' eller "
                              "'exercise', fx '- {minutes: 45, text: Øvelsen i grupper., exercise: hvem-skal-vi-"
                              "samarbejde-med}'.")
            continue
        for key in sorted(set(item) - AGENDA_KEYS):
            yield item.lines[key], (f"Ukendt felt '{key}' i et punkt i 'agenda'. Et punkt kan have: minutes, text, "
                                    f"case og exercise.{did_you_mean(key, sorted(AGENDA_KEYS))}")
        minutes = item["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
            yield item.lines["minutes"], ("Punktets 'minutes' skal være et helt antal minutter mellem 1 og 600 "
                                          f"(fik {describe(minutes)}).")
        if not isinstance(item["text"], str) or not item["text"].strip():
            yield item.lines["text"], "Punktets 'text' skal være en tekst, der siger, hvad der sker."
        elif len(item["text"].strip()) > spec.max_length:
            yield item.lines["text"], (f"Punktets 'text' må højst være {spec.max_length} tegn (er "
                                       f"{len(item['text'].strip())}).")
        case = item.get("case")
        if "case" in item and case not in ctx.case_slugs:
            yield item.lines["case"], (f"Punktets 'case' peger på {describe(case)}, som ikke er en case i "
                                       f"content/cases/.{did_you_mean(case, ctx.case_slugs)}")
        if "exercise" in item:
            exercise = item["exercise"]
            if exercise not in ctx.exercise_slugs:
                yield item.lines["exercise"], (f"Punktets 'exercise' peger på {describe(exercise)}, som ikke er en "
                                               f"øvelse i content/reflection/."
                                               f"{did_you_mean(exercise, ctx.exercise_slugs)}")
            elif exercise in ctx.exercise_durations and isinstance(minutes, int) \
                    and minutes != ctx.exercise_durations[exercise]:
                yield item.lines["minutes"], (f"Øvelsen '{exercise}' tager {ctx.exercise_durations[exercise]} "
                                              f"minutter, men punktet har {minutes}. Giv punktet øvelsens tid.")


def _check_step_total(document) -> Iterator[Problem]:
    """An exercise's steps (a workshop's agenda) must add up to its duration, so the time plan is true."""
    meta = document.meta
    key = "agenda" if document.kind == "workshop" else "steps"
    steps, duration = meta.get(key), meta.get("duration_minutes")
    if not isinstance(steps, list) or isinstance(duration, bool) or not isinstance(duration, int):
        return
    minutes = [step.get("minutes") for step in steps if isinstance(step, dict)]
    if len(minutes) != len(steps) or not all(isinstance(m, int) and not isinstance(m, bool) for m in minutes):
        return  # the step itself is reported
    if sum(minutes) != duration:
        what = "Punkterne i 'agenda'" if key == "agenda" else "Trinene i 'steps'"
        yield Problem(document.display, meta.lines["duration_minutes"],
                      f"{what} tager {sum(minutes)} minutter tilsammen, men 'duration_minutes' er "
                      f"{duration}. Ret tallene, så de passer sammen.", "duration_minutes")


def _check_case_sections(document) -> Iterator[Problem]:
    """Printed sections of a case need one case to take them from."""
    meta = document.meta
    sections, cases = meta.get("case_sections"), meta.get("cases")
    if sections and not (isinstance(cases, list) and len(cases) == 1):
        yield Problem(document.display, meta.lines["case_sections"],
                      "Feltet 'case_sections' kræver, at øvelsen bruger præcis én case i 'cases' (fik "
                      f"{len(cases) if isinstance(cases, list) else 0}). Nævn den case, afsnittene er fra.",
                      "case_sections")


def _check_length(document) -> Iterator[Problem]:
    words = word_count(document.body)
    low, high = CASE_WORDS
    if document.body.strip() and not low <= words <= high:
        yield Problem(document.display, document.body_line,
                      f"Casen har {words} ord. En case bør have {low}-{high} ord, så den kan læses på fem minutter.",
                      "body", severity="warning")


# A '## ' heading at the start of a line, looked for as "\n##" in "\n" + body:
# a pattern that begins with fixed text is found several times faster than one
# that begins with ^, which matters over thousands of cases.
_H2 = re.compile(r"\n##[ \t]+([^\n]+?)[ \t]*#*[ \t]*(?=\n|\Z)")


def _sections(body: str) -> list[tuple[str, int, int]]:
    """(title, start of the heading, start of the text under it) for every '## ' heading of a body."""
    return [(match.group(1).strip(), match.start(), match.end() - 1) for match in _H2.finditer("\n" + body)]


def _check_sections(document) -> Iterator[Problem]:
    sections = _sections(document.body)
    found = [title for title, _, _ in sections]
    missing = [title for title in CASE_SECTIONS if title not in found]
    shape = f"En case har afsnittene {', '.join(CASE_SECTIONS)}, i den rækkefølge."
    if missing:
        names = ", ".join(f"'## {title}'" for title in missing)
        yield Problem(document.display, document.body_line,
                      f"Casen mangler {'afsnittet' if len(missing) == 1 else 'afsnittene'} {names}. {shape}", "body")
    elif [title for title in found if title in CASE_SECTIONS] != list(CASE_SECTIONS):
        yield Problem(document.display, document.body_line, f"Afsnittene står i forkert rækkefølge. {shape}", "body")
    else:
        yield from _check_empty_sections(document, sections)
        yield from _check_short_version(document, sections)


def _check_short_version(document, sections) -> Iterator[Problem]:
    """*Kort fortalt* must fit the one-page meeting brief: said here, before any PDF is laid out."""
    body = document.body
    for number, (title, start, text_start) in enumerate(sections):
        if title != CASE_SECTIONS[0]:
            continue
        end = sections[number + 1][1] if number + 1 < len(sections) else len(body)
        words = word_count(without_comments(body[text_start:end]))
        if words > SHORT_VERSION_WORDS:
            yield Problem(document.display, document.body_line + body.count("\n", 0, start),
                          f"Afsnittet '## {title}' har {words} ord, men højst {SHORT_VERSION_WORDS}, så det kan stå "
                          f"på mødekortets ene side. {CASE_SECTION_GUIDANCE[title]}", "body")


def _check_empty_sections(document, sections) -> Iterator[Problem]:
    """A section with nothing but the scaffold's guidance has not been written yet."""
    body = document.body
    for number, (title, start, text_start) in enumerate(sections):
        end = sections[number + 1][1] if number + 1 < len(sections) else len(body)
        if title in CASE_SECTIONS and not without_comments(body[text_start:end]).strip():
            line = document.body_line + body.count("\n", 0, start)
            yield Problem(document.display, line, f"Afsnittet '## {title}' er tomt. {CASE_SECTION_GUIDANCE[title]}",
                          "body")


def _check_body(document) -> Iterator[Problem]:
    """The body's Markdown: what the site cannot show as written, and the form of its links."""
    for line, message in body_problems(document.body, document.body_line):
        yield Problem(document.display, line, message, "body")
    for line, message in voice_problems(without_comments(document.body), document.body_line,
                                        lesson_rule=document.kind == "case"):
        yield Problem(document.display, line, message, "body")
    _, link_problems = body_links(document.body, content_page_path(document.kind, document.slug), document.body_line)
    for line, message in link_problems:
        yield Problem(document.display, line, message, "body")
    # Two headings with one anchor: a link to the second would land on the first.
    generated = {heading_anchor(title): title for title in PAGE_HEADINGS.get(document.kind, ())}
    seen: dict[str, str] = {}
    for section in split_sections(document.body):
        if section.title is None:
            continue
        anchor = heading_anchor(section.title)
        line = document.body_line + section.line - 1
        if anchor in generated:
            yield Problem(document.display, line, f"Overskriften '{section.title}' skriver siden selv (afsnittet "
                          f"'{generated[anchor]}'). Giv dit afsnit et andet navn.", "body")
        elif anchor in seen:
            yield Problem(document.display, line, f"Overskriften '{section.title}' står to gange (også "
                          f"'{seen[anchor]}'). Giv hvert afsnit sin egen overskrift.", "body")
        seen[anchor] = section.title


def _check_field_text(document) -> Iterator[Problem]:
    """Field values are shown as plain text: no control characters, and a word to editors who write markup."""
    front = document.text.split("\n", document.body_line - 1)
    front = "\n".join(front[:-1]) if len(front) == document.body_line else document.text
    # The raw file has no control characters (read_text refuses them), so a value can only get one from a
    # YAML escape; and markup or a comment would show in the raw text. Most files have neither.
    if "\\" not in front and "<!--" not in front and not field_markup(front):
        return
    references = {spec.name for spec in FIELDS[document.kind] if spec.kind in REFERENCE_KINDS}
    for key, value, line in strings_with_lines(document.meta):
        found = control_character(value)
        if found:
            yield Problem(document.display, line, f"Feltet '{key}' indeholder et usynligt styretegn ({found}). "
                          "Slet det: styretegn kan skjule eller ændre teksten.", key)
        elif "<!--" in value:
            yield Problem(document.display, line, f"Feltet '{key}' indeholder en kommentar ('<!--'). Felterne vises, "
                          "som de står, så kommentaren ville blive udgivet; skriv den i teksten under front matter.", key)
        elif key.split(".")[0] not in references and (markup := field_markup(value)) is not None:
            yield Problem(document.display, line, f"Feltet '{key}' indeholder '{markup}', som ligner HTML eller "
                          "Markdown. Felterne vises som ren tekst, præcis som de står; skriv uden formatering.", key,
                          severity="warning")


def validate_document(document, ctx: Context) -> tuple[dict | None, list[Problem]]:
    """Check one document against its field specs; return clean values."""
    specs = FIELDS[document.kind]
    by_name = {spec.name: spec for spec in specs}
    meta: LineDict = document.meta
    problems = []

    def report(line: int, message: str, field: str | None) -> None:
        problems.append(Problem(document.display, line, message, field))

    for key, line in document.meta.duplicates:
        report(line, f"Feltet '{key}' står to gange. Slet den ene.", key)
    meant = set()  # fields that a misspelt key stands in for
    for key in meta:
        if key not in by_name:
            alias = FIELD_ALIASES.get(key.casefold())
            guess = alias if alias in by_name else None
            if guess is None:
                close = suggest(key, list(by_name) + [a for a, f in FIELD_ALIASES.items() if f in by_name])
                guess = FIELD_ALIASES.get(close, close) if close else None
            meant.add(guess)
            report(meta.lines[key], f"Ukendt felt '{key}'." + (
                f" Mente du '{guess}'? Ret feltnavnet (feltnavnene er på engelsk)." if guess else
                f" Tilladte felter: {', '.join(by_name)}."), key)
    for spec in specs:
        if spec.name not in meta:
            if spec.required and spec.name not in meant:
                report(meta.line, f"Feltet '{spec.name}' mangler. {spec.hint}", spec.name)
            continue
        value, line = meta[spec.name], meta.lines[spec.name]
        if value is None:
            if spec.required and not spec.nullable:
                report(line, f"Feltet '{spec.name}' er tomt. {spec.hint}", spec.name)
            continue
        for problem_line, message in _check_value(value, spec, line, ctx):
            report(problem_line, message, spec.name)
    if document.kind == "case":
        problems.extend(_check_sections(document))
    if document.kind in ("exercise", "workshop"):
        problems.extend(_check_step_total(document))
    if document.kind == "exercise":
        problems.extend(_check_case_sections(document))
    if document.kind in ("case", "strategy"):
        problems.extend(_check_source_pages(document))
    problems.extend(_check_body(document))
    problems.extend(_check_field_text(document))
    related = meta.get("related")
    if document.kind == "case" and isinstance(related, LineList) and document.slug in related:
        report(related.lines[related.index(document.slug)], f"Casen kan ikke være relateret til sig selv. Slet "
               f"'{document.slug}' fra 'related'.", "related")
    if not document.body.strip() and document.kind in ("case", "strategy"):
        report(document.body_line - 1, f"Der er ingen tekst efter front matter. Skriv {KIND_NAMES[document.kind]} "
               "under den sidste linje med '---'.", "body")
    problems.extend(_check_personal_data(document))
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    # The softer rules only for a file without errors: an editor fixes those first.
    if document.kind == "case":
        problems.extend(_check_length(document))
    if ctx.review_months is not None:
        problems.extend(_check_review(document, ctx.review_months, ctx.today))
    return {spec.name: meta.get(spec.name) for spec in specs}, problems


def _check_personal_data(document) -> Iterator[Problem]:
    """The privacy gate: the file's name, its raw text and its parsed front matter (YAML escapes, folded lines)."""
    for message in file_name_personal_data(document.path.name):
        yield Problem(document.display, 0, message, severity="error")
    for number, severity, message in personal_data_findings(document.text, document.meta, document.body_line - 1):
        yield Problem(document.display, number, message, severity=severity)


def _check_review(document, months: int, today: date) -> Iterator[Problem]:
    reviewed = document.meta.get("last_reviewed")
    if isinstance(reviewed, date) and is_overdue(reviewed, months, today):
        yield Problem(document.display, document.meta.lines["last_reviewed"],
                      f"{KIND_NAMES[document.kind].capitalize()} blev sidst gennemgået {danish_date(reviewed)} og "
                      f"skulle gennemgås igen senest {danish_date(review_due(reviewed, months))} (hver "
                      f"{months}. måned). Læs den igennem, ret det forældede, og sæt 'last_reviewed' til dagens "
                      "dato.", "last_reviewed", severity="warning")
