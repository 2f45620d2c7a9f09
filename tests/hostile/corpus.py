"""A content folder in which every field and every body is hostile, for the security suite.

Built from tests/fixtures/minimal/content: every text value of every content
type and of both registries gets a payload, and every body kind (case,
strategy, exercise, workshop) gets a block of hostile Markdown and HTML. Each
payload carries a number of its own, so a dialog (`alert(N)`), a request
(`/hit-N`) or a leaked marker (`kommentar-N`) names the field it came from.

One case keeps a title and summary without script but with every character
that must survive as written, so the suite can check that text is shown
exactly, not just that nothing runs.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "minimal" / "content"

EXACT_TITLE = "Samarbejde <på> tværs & {x}"
EXACT_SUMMARY = 'Resumé med "citat", <b>ikke fed</b> & *ikke kursiv* {: .kb-lead } – 100 %'

# Text a field may hold; every one must be shown as the text it is.
# %N% is replaced by the payload's number, %PORT% by the canary server's port.
FIELD_PAYLOADS = [
    "<img src=x onerror=alert(%N%)>",
    "<svg/onload=alert(%N%)>",
    "</title><script>alert(%N%)</script>",
    '" autofocus onfocus="alert(%N%)" x="',
    '{: tabindex="0" autofocus onfocus="alert(%N%)" }',
    "[klik](javascript:alert(%N%))",
    "<a href=javascript:alert(%N%)>a</a>",
    '<img src="http://127.0.0.1:%PORT%/hit-%N%">',
    "</textarea></script></style><script>alert(%N%)</script>",
    "&lt;img src=x onerror=alert(%N%)&gt;",
    "- %N% <b onmouseover=alert(%N%)>b</b>",
    "| %N% | <i onclick=alert(%N%)>",
    "{{ 7*7 }} {% raw %}%N%",
    "]: javascript:alert(%N%)",
]

# Hostile Markdown and HTML for bodies: the renderer and the sanitizer must
# leave nothing of it live. (`make check` refuses most of it first; the suite
# builds with those rules off to test the walls behind them.)
BODY_PAYLOADS = [
    "<script>alert(%N%)</script>",
    '<iframe src="javascript:alert(%N%)"></iframe>',
    "<svg onload=alert(%N%)></svg>",
    "<img src=x onerror=alert(%N%)>",
    "[klik her](javascript:alert(%N%))",
    'Et afsnit %N%.\n{: tabindex="0" autofocus onfocus="alert(%N%)" onmouseover="alert(%N%)" }',
    "<!-- kommentar-%N% --><img src=x onerror=alert(%N%)>",
    "<style>.md-header{background:#f00 !important}</style>",
    "<details open ontoggle=alert(%N%)><summary>x</summary>y</details>",
    '<form action="http://127.0.0.1:%PORT%/hit-%N%" method="post"><input name="kodeord" type="password"><button>Log ind</button></form>',
    "[ref %N%][rN]\n\n[rN]: javascript:alert(%N%)",
    '<base href="http://127.0.0.1:%PORT%/base-%N%/">',
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:%PORT%/hit-%N%">',
    '<link rel="attachment" href="file:///etc/passwd" title="passwd-%N%">',
    '<link rel="attachment" href="file:///proc/self/environ">',
    '<link rel="attachment" href="%CANARY%">',
    '<a rel="attachment" href="http://127.0.0.1:%PORT%/hit-%N%">vedhæftet %N%</a>',
    '<img src="http://127.0.0.1:%PORT%/hit-%N%">',
    '<link rel="stylesheet" href="http://127.0.0.1:%PORT%/hit-%N%.css">',
    '<style>@import url("http://127.0.0.1:%PORT%/hit-%N%.css");</style>',
    '<object data="javascript:alert(%N%)"></object><embed src="javascript:alert(%N%)">',
    "[entitet %N%](java&#x73;cript:alert(%N%))",
    # Beyond the audit
    '<noscript><p title="</noscript><img src=x onerror=alert(%N%)>">',
    "<svg><animate onbegin=alert(%N%) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(%N%)>",
    '<a href="jav&#x09;ascript:alert(%N%)">tab %N%</a>',
    "[vinkel %N%](<javascript:alert(%N%)>)",
    "<javascript:alert(%N%)>",
    "![billede %N%][bN]\n\n[bN]: javascript:alert(%N%)",
    '[titel %N%](https://eksempel.dk "a\\" onmouseover=\\"alert(%N%)")',
    "[data %N%](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "&#x3C;script&#x3E;alert(%N%)&#x3C;/script&#x3E;",
    "[<img src=x onerror=alert(%N%)>](anden-case.md)",
    '<p id="__config">{"base":"http://127.0.0.1:%PORT%/"}</p>',
    "## __config",
    "## __drawer %N%",
    "<x@y.dk\"onmouseover=alert(%N%)>",
    "<textarea><img src=x onerror=alert(%N%)></textarea>",
    "[protokolrelativ %N%](//127.0.0.1:%PORT%/hit-%N%)",
    "Tekst %N%\n===\n<script>alert(%N%)</script>",
    "- punkt %N%\n    <img src=x onerror=alert(%N%)>",
    "| a | b |\n| --- | --- |\n| <img src=x onerror=alert(%N%)> | [x](javascript:alert(%N%)) |",
    "Term %N%\n:   <svg onload=alert(%N%)>",
    '<div markdown="1">*%N%* <img src=x onerror=alert(%N%)></div>',
    "```\n<script>alert(%N%)</script>\n```",
    # Found by the red-team hunt: a link title becomes HTML in Material's tooltip, and an address on
    # the line after a reference definition slipped past the link check.
    '[tooltip %N%](https://eksempel.dk "&lt;meta http-equiv=refresh content=0;url=http://127.0.0.1:%PORT%/hit-%N%&gt;")',
    '[tooltip-img %N%](https://eksempel.dk "&lt;img src=x onerror=alert(%N%)&gt;")',
    "[næste linje %N%][nN]\n\n[nN]:\n    ../../../../../../etc/passwd",
    # Aimed at the Pagefind search worker, which builds result HTML itself and adds <mark>s of its own:
    # a page quoting marks must not close or open them. Pagefind's section titles arrive with entities
    # decoded twice, so the heading's "&lt;" reaches the worker as "<".
    "Markering %N% </mark><img src=x onerror=alert(%N%)> <mark onmouseover=alert(%N%)>m</mark> "
    "&lt;/mark&gt;&lt;svg onload=alert(%N%)&gt;",
    "## Markering %N% &lt;/mark&gt;&lt;img src=x onerror=alert(%N%)&gt; &amp;lt;b&amp;gt;",
]


# What the one-page meeting brief prints (its *Kort fortalt*): the payloads
# aimed at the PDF engine, short enough to leave the brief on its one page.
BRIEF_PAYLOADS = [payload for payload in BODY_PAYLOADS if any(
    mark in payload for mark in ('rel="attachment"', "stylesheet", "@import", "kommentar-", "/hit-%N%\">"))]


@dataclass
class Corpus:
    """The hostile content folder and what every payload number stands for."""

    content: Path
    port: int
    canary_file: Path
    canary_marker: str
    where: dict[int, str] = field(default_factory=dict)
    """Payload number -> 'file: field' it was put in."""
    exact_case: str = "odder-test"

    def payload(self, template: str, where: str) -> str:
        number = len(self.where) + 1
        self.where[number] = where
        return (template.replace("%PORT%", str(self.port)).replace("%CANARY%", self.canary_file.as_uri())
                .replace("%N%", str(number)))


def _front_matter(meta: dict) -> str:
    lines = []
    for key, value in meta.items():
        if isinstance(value, date):
            lines.append(f"{key}: {value.isoformat()}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def _read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _poison(value, corpus: Corpus, where: str, limit: int | None = None):
    """Every text inside `value` with a payload appended (lists and groups too)."""
    if isinstance(value, str):
        template = FIELD_PAYLOADS[len(corpus.where) % len(FIELD_PAYLOADS)]
        text = f"{value} {corpus.payload(template, where)}"
        return text if limit is None or len(text) <= limit else text[:limit]
    if isinstance(value, list):
        return [_poison(item, corpus, f"{where}[{n}]", limit) for n, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: item if key in ("minutes", "case", "exercise", "pages") else _poison(item, corpus, f"{where}.{key}", limit)
                for key, item in value.items()}
    return value


# Fields that name other records, numbers and dates: kept valid, so the pages are built.
_KEPT = {"municipality", "core_tasks", "themes", "source", "related", "cases", "last_reviewed", "duration_minutes",
         "year", "published", "id", "municipalities"}


def _hostile_block(corpus: Corpus, where: str, payloads=BODY_PAYLOADS) -> str:
    return "\n\n".join(corpus.payload(template, f"{where} (body)") for template in payloads)


def write_corpus(destination: Path, port: int, canary_file: Path, canary_marker: str) -> Corpus:
    """Copy the minimal fixture to `destination` and make all of it hostile."""
    shutil.copytree(MINIMAL, destination)
    corpus = Corpus(destination, port, canary_file, canary_marker)
    renames = _poison_vocabulary(corpus)
    _poison_sources(corpus, renames)
    for path in sorted(destination.glob("*/*.md")):
        meta, body = _read(path)
        where = f"{path.parent.name}/{path.name}"
        for key in list(meta):
            if key in ("municipality",):
                meta[key] = renames.get(meta[key], meta[key])
            elif key in ("core_tasks", "themes"):
                meta[key] = [renames.get(value, value) for value in meta[key]]
            elif key not in _KEPT:
                meta[key] = _poison(meta[key], corpus, f"{where}: {key}", 280 if key == "summary" else None)
        if path.stem == corpus.exact_case:
            meta["title"], meta["summary"] = EXACT_TITLE, EXACT_SUMMARY
        if "## Kort fortalt" in body:  # the meeting brief prints this section
            body = body.replace("## Kort fortalt\n", f"## Kort fortalt\n\n{_hostile_block(corpus, where, BRIEF_PAYLOADS)}\n", 1)
            body = body.replace("## Dilemmaer og læring\n", f"## Dilemmaer og læring\n\n{_hostile_block(corpus, where)}\n", 1)
            # The reflection box is the one element the renderer gives a class: payloads inside it too.
            box = "\n>\n".join(f"> {corpus.payload(template, f'{where} (box)')}" for template in BODY_PAYLOADS[:6])
            body = body.replace("## Sådan kan I bruge casen\n", f"> [!refleksion]\n{box}\n\n## Sådan kan I bruge casen\n", 1)
        else:
            body = f"{body}\n\n{_hostile_block(corpus, where)}\n"
        path.write_text(_front_matter(meta) + body, encoding="utf-8")
    return corpus


def _poison_vocabulary(corpus: Corpus) -> dict[str, str]:
    """Hostile labels and texts in vocabulary.yml; returns old label -> new label."""
    path = corpus.content / "vocabulary.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    renames = {}
    for section, name_key in (("municipalities", "name"), ("core_tasks", "label"), ("themes", "label")):
        for item in data[section]:
            old = item[name_key]
            item[name_key] = f"{old}<img src=x onerror=alert({corpus.payload('%N%', f'vocabulary: {section} {name_key}')})>"
            renames[old] = item[name_key]
            for key in item:
                if key != name_key:
                    item[key] = _poison(item[key], corpus, f"vocabulary: {section}.{key}")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return renames


def _poison_sources(corpus: Corpus, renames: dict[str, str]) -> None:
    path = corpus.content / "sources.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data:
        item["municipalities"] = [renames.get(name, name) for name in item["municipalities"]]
        for key in list(item):
            if key not in _KEPT and key != "url":
                item[key] = _poison(item[key], corpus, f"sources: {key}")
        # Passes make check: a web address with Markdown link syntax in it (found by the red-team hunt).
        number = corpus.payload("%N%", "sources: url")
        item["url"] = (f"https://a.dk/[k](https://b.dk/onmouseover=alert({number})//)[klik](javascript:alert({number}))"
                       f"![i](http://127.0.0.1:{corpus.port}/hit-{number})")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False),
                    encoding="utf-8")


def payload_number(text: str) -> int | None:
    match = re.search(r"(\d+)", text)
    return int(match.group(1)) if match else None
