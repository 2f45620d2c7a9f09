"""The JSON Schema of one published case (site/data/case.schema.json), made from the content model.

Every field a case file has comes from `CASE_FIELDS` (scripts/check/fields.py),
with the same types, required fields, limits and allowed values that `make
check` applies, and its Danish label and hint as the schema's title and
description; the allowed kommuner, kerneopgaver and temaer come from the
loaded vocabulary, each with its own description. The published record adds
what the build knows (the case's id and addresses, and its source in full),
described here. scripts/render/open_data.py writes the records; the test
validates every one of them against this schema with a real validator.
"""

from __future__ import annotations

import json

from scripts.check.fields import CASE_FIELDS, EARLIEST, LATEST, RESULT_LENGTHS, SLUG, SOURCE_PART_KEYS, FieldSpec
from scripts.load.model import Vocabulary
from scripts.load.paths import CASE_SCHEMA, VOCABULARY_JSON

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TEXT = {"type": "string", "minLength": 1, "pattern": r"\S"}  # the validator refuses empty and blank text
_DATE = (rf"^({EARLIEST.year // 100}\d\d|{LATEST.year // 100 - 1}\d\d|{LATEST.year})"
         r"-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_URL = {"type": "string", "format": "uri", "pattern": "^https?://"}

# What the build adds to a case's own fields, in the order the record has them (scripts/render/open_data.py).
ADDED_FIELDS = {
    "url": ("Adresse", "Casens side på Casebiblioteket."),
    "short_url": ("Kort adresse", "Den korte adresse, der står under QR-koden på casens mødekort; den sender "
                                  "videre til casens side."),
    "pdf_url": ("Mødekort (PDF)", "Adressen på casens mødekort som PDF, eller null, hvis siden er bygget uden "
                                  "PDF'er."),
    "region": ("Region", "Den region, kommunen ligger i (fra ordforrådet)."),
    "source_details": ("Kilden", "Kilden, casen er skrevet ud fra, som den står i content/sources.yml og på "
                                 "kildens side på Casebiblioteket."),
}


def _described(label: str, hint: str) -> dict:
    return {"title": label, "description": hint}


def _length(schema: dict, spec: FieldSpec) -> dict:
    return {**schema, "maxLength": spec.max_length} if spec.max_length else schema


def _array(spec: FieldSpec, items: dict, unique: bool = False) -> dict:
    schema = {"type": "array", "items": items}
    if spec.min_items:
        schema["minItems"] = spec.min_items
    if spec.max_items is not None:
        schema["maxItems"] = spec.max_items
    if unique:
        schema["uniqueItems"] = True
    return schema


def _one_of(options: list[tuple[str, str]]) -> dict:
    """A value from a vocabulary: each allowed value with its own description."""
    return {"type": "string", "oneOf": [{"const": value, "description": text} for value, text in options]}


def _value_schema(spec: FieldSpec, vocabulary: Vocabulary, source_ids: list[str]) -> dict:
    """The schema of one field's published value; a kind with no rule here fails loudly."""
    kind = spec.kind
    if kind == "text":
        return _length(dict(_TEXT), spec)
    if kind == "text_list":
        return _array(spec, _length(dict(_TEXT), spec))
    if kind == "municipality":
        return _one_of([(m.name, f"Kommune i {m.region}.") for m in vocabulary.municipalities])
    if kind == "core_tasks":
        return _array(spec, _one_of([(t.label, f"{t.description} Bevægelsen for borgeren: {t.movement}")
                                     for t in vocabulary.core_tasks]), unique=True)
    if kind == "themes":
        return _array(spec, _one_of([(t.label, t.description) for t in vocabulary.themes]), unique=True)
    if kind in ("period", "pages"):  # a year or a page is published as text, like '2018' or '15-17'
        return {"type": ["string", "null"], "minLength": 1, "pattern": r"\S", "maxLength": spec.max_length}
    if kind == "results":
        return _array(spec, {"type": "object", "required": ["figure", "measure"], "additionalProperties": False,
                             "properties": {
                                 "figure": {**_TEXT, "maxLength": RESULT_LENGTHS["figure"], "title": "Tallet",
                                            "description": "Tallet, som kilden oplyser det, fx '6 → 2 år'."},
                                 "measure": {**_TEXT, "maxLength": RESULT_LENGTHS["measure"], "title": "Måler",
                                             "description": "Hvad tallet måler."}}})
    if kind in ("source_sections", "source_questions"):
        key, _ = SOURCE_PART_KEYS[spec.name]
        return _array(spec, {"type": "object", "required": [key, "pages"], "additionalProperties": False,
                             "properties": {key: {**_TEXT, "maxLength": spec.max_length},
                                            "pages": {"type": ["string", "null"], "title": "Sider",
                                                      "description": "Sidetal i kilden, fx '15-16', eller null."}}})
    if kind == "source":
        return {"type": "string", "enum": list(source_ids)}
    if kind == "case_refs":
        return _array(spec, {"type": "string", "pattern": SLUG.pattern,
                             "description": "En anden cases 'slug' i cases.json."})
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": _DATE}
    raise ValueError(f"the published schema has no rule for the field kind {kind!r} ({spec.name})")


def case_schema(vocabulary: Vocabulary, source_ids: list[str], site_url: str) -> dict:
    """The JSON Schema (draft 2020-12) of one record in cases.json."""
    properties: dict[str, dict] = {
        "slug": {"type": "string", "pattern": SLUG.pattern, "title": "Id",
                 "description": "Casens faste id: navnet på casens fil uden .md. Det ændrer sig ikke, så længe "
                                "casen findes, og indgår i casens adresse."},
    }
    for spec in CASE_FIELDS:
        schema = _value_schema(spec, vocabulary, source_ids)
        hint = spec.hint if spec.required else f"{spec.hint} (Valgfrit felt: en tom liste eller null, hvis casen ikke har det.)"
        properties[spec.name] = {**_described(spec.label, hint), **schema}
    (url_label, url_text), (short_label, short_text), (pdf_label, pdf_text), (region_label, region_text), \
        (source_label, source_text) = ADDED_FIELDS.values()
    properties["region"] = {**_described(region_label, region_text), "type": "string",
                            "enum": list(dict.fromkeys(m.region for m in vocabulary.municipalities))}
    properties["url"] = {**_described(url_label, url_text), **_URL}
    properties["short_url"] = {**_described(short_label, short_text), **_URL}
    properties["pdf_url"] = {**_described(pdf_label, pdf_text), "type": ["string", "null"], "format": "uri",
                             "pattern": "^https?://.*\\.pdf$"}
    nullable_text = {"type": ["string", "null"]}
    properties["source_details"] = {
        **_described(source_label, source_text), "type": "object", "additionalProperties": False,
        "required": ["id", "title", "author", "publisher", "year", "url", "page_url"],
        "properties": {
            "id": {"type": "string", "enum": list(source_ids), "title": "Kildens id"},
            "title": {"type": "string", "title": "Titel", "description": "Kildens titel (og undertitel)."},
            "author": {**nullable_text, "title": "Forfatter", "description": "Forfatteren, eller null."},
            "publisher": {"type": "string", "title": "Udgiver", "description": "Den, der har udgivet kilden; "
                                                                              "rettighederne til kilden er dens."},
            "year": {"type": ["integer", "null"], "title": "År", "description": "Udgivelsesåret, eller null."},
            "url": {**nullable_text, "title": "Kildens adresse",
                    "description": "Hvor kilden selv findes på nettet, eller null."},
            "page_url": {**_URL, "title": "Kildens side", "description": "Kildens side på Casebiblioteket."},
        },
    }
    order = ["slug"] + [spec.name for spec in CASE_FIELDS[:2]] + ["region"] + [spec.name for spec in CASE_FIELDS[2:]]
    order += ["source_details", "url", "short_url", "pdf_url"]
    required = ["slug", "region", "source_details", "url", "short_url", "pdf_url"]
    required += [spec.name for spec in CASE_FIELDS if spec.required]
    return {
        "$schema": DRAFT,
        "$id": site_url + CASE_SCHEMA,
        "title": "En case i Casebiblioteket",
        "description": ("Én post i listen 'cases' i cases.json. Felterne er de samme som i en cases fil (se "
                        "feltreferencen i CONTRIBUTING.md), med de samme regler, som 'make check' håndhæver; "
                        "hertil casens id, adresser og kilde. Kommuner, kerneopgaver og temaer er dem i "
                        f"ordforrådet ({site_url}{VOCABULARY_JSON}). Alle felter står i hver post; et valgfrit "
                        "felt, casen ikke har, er en tom liste eller null."),
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in order if name in required],
        "properties": {name: properties[name] for name in order},
    }


def schema_file(vocabulary: Vocabulary, source_ids: list[str], site_url: str) -> dict[str, str]:
    """{site path: text} of the schema file, for the engine adaptors."""
    schema = case_schema(vocabulary, source_ids, site_url)
    return {CASE_SCHEMA: json.dumps(schema, ensure_ascii=False, indent=1) + "\n"}
