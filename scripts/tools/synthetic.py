"""Synthetic cases for the benchmark: valid, realistic Danish, spread over the vocabularies.

The text is the library's own: sentences and questions are drawn from the
real cases and recombined, so words, lengths and Markdown look like real
content (and nothing is taken from the source documents). Cases are spread
evenly over all municipalities, core tasks, themes and sources, and each has
every field, so the build exercises every page type at scale.
"""

from __future__ import annotations

import random
import re
import shutil
from datetime import date
from pathlib import Path

import yaml

from scripts.check.fields import CASE_SECTIONS
from scripts.check.library import load_library
from scripts.load.voice import LESSON_SECTION, MARKER

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # keep a link's text: its target means nothing in another case


def _corpus(library) -> tuple[list[str], list[str], list[str]]:
    sentences, questions, keywords = [], [], []
    for case in library.cases:
        for paragraph in case.body.split("\n\n"):
            if paragraph.startswith(("#", "-", "1.", "<!--")):
                continue
            plain = _LINK.sub(r"\1", paragraph.replace("\n", " ")).replace("*", "")
            sentences += [s.strip() for s in _SENTENCE.findall(plain) if len(s.split()) > 4]
        questions += case.reflection_questions
        keywords += case.keywords
    return sentences, questions, keywords


def _paragraphs(rng: random.Random, sentences: list[str], words: int) -> str:
    paragraphs, current, count = [], [], 0
    while count < words:
        sentence = rng.choice(sentences)
        current.append(sentence)
        count += len(sentence.split())
        if len(current) >= rng.randint(3, 5):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def write_synthetic_library(real_content: Path, target: Path, total_cases: int, seed: int = 7) -> Path:
    """A content folder with the real library plus synthetic cases, `total_cases` cases in all."""
    library, problems = load_library(real_content)
    if library is None:
        raise RuntimeError("the real content has errors; run make check")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(real_content, target)
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    sentences, questions, keywords = _corpus(library)
    vocabulary = library.vocabulary
    municipalities = [m.name for m in vocabulary.municipalities]
    tasks = [t.label for t in vocabulary.core_tasks]
    themes = [t.label for t in vocabulary.themes]
    sources = [s.id for s in library.sources]
    count = total_cases - len(library.cases)
    slugs = [f"syntetisk-case-{number:05d}" for number in range(count)]
    for number, slug in enumerate(slugs):
        chosen_tasks = rng.sample(tasks, rng.randint(1, 3))
        chosen_themes = rng.sample(themes, rng.randint(1, 4))
        related = rng.sample(slugs[:number], min(number, rng.randint(0, 2)))
        results = [{"figure": f"{rng.randint(2, 60)} {rng.choice(['%', 'mio. kr.', 'borgere', 'uger'])}",
                    "measure": rng.choice(sentences)[:90].rstrip(".")} for _ in range(rng.randint(0, 4))]
        body = []
        for section in CASE_SECTIONS:
            if section == "Kort fortalt":
                text = "\n".join(f"- {rng.choice(sentences)}" for _ in range(3))
            elif section == LESSON_SECTION:
                # As real cases write it: the source's points attributed, the library's own in a box.
                first, *rest = _paragraphs(rng, sentences, rng.randint(100, 135)).split("\n\n")
                box = "\n>\n".join(f"> {paragraph}" for paragraph in rest or [first])
                text = f"Ifølge kilden: {first}\n\n> {MARKER}\n{box}"
            else:
                text = _paragraphs(rng, sentences, rng.randint(100, 135))
            body.append(f"## {section}\n\n{text}\n")
        front = {
            "title": f"Syntetisk case {number + 1}: {rng.choice(sentences)[:60].rstrip(' ,.')}",
            "municipality": municipalities[number % len(municipalities)],
            "core_tasks": chosen_tasks,
            "themes": chosen_themes,
            "summary": rng.choice(sentences)[:280],
            "target_group": rng.choice(["Voksne med behov for støtte", "Udsatte familier", "Unge under uddannelse",
                                        "Ældre borgere", "Ledige borgere"]),
            "period": rng.choice([None, "2016", "2017-2019", "2020"]),
            "results": results,
            "source": sources[number % len(sources)],
            "source_pages": None,
            "keywords": rng.sample(keywords, 4),
            "reflection_questions": rng.sample(questions, rng.randint(3, 6)),
            "related": related,
            "last_reviewed": date.today(),
        }
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + \
            "\n".join(body)
        (target / "cases" / f"{slug}.md").write_text(text, encoding="utf-8")
    return target
