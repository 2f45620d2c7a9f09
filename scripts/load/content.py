"""Load content files: split front matter from body and parse YAML safely,
keeping the line of every key and list item so errors can point at them.

Nothing here judges the content; scripts/check/ does. Problems that stop a file
from being read at all (not UTF-8, empty, malformed YAML) come back as
`Problem`s instead of exceptions, so one run can report every file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.load.model import Problem

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "content"

# Content type comes from the folder, so editors never have to repeat it.
KIND_DIRS = {"case": "cases", "strategy": "strategy", "exercise": "reflection", "workshop": "workshops"}

_FENCE = re.compile(r"^---[ \t]*$")


class LineDict(dict):
    """A YAML mapping that remembers the line of each key."""

    line: int = 0
    lines: dict
    duplicates: list


class LineList(list):
    """A YAML sequence that remembers the line of each item."""

    line: int = 0
    lines: list


# libyaml's parser (CSafeLoader) is about ten times faster than PyYAML's own,
# which matters with thousands of cases. It only composes the node tree; the
# values are built by _values() below, and only from the safe, plain tags.
_Loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MAX_NODES = 20_000  # far beyond any front matter; stops alias bombs


_MAX_DEPTH = 50  # nesting levels; front matter needs three


class UnbuildableValue(yaml.constructor.ConstructorError):
    """A value YAML can parse but not build (a date that does not exist, a number too long), in Danish."""

    def __init__(self, danish: str, mark):
        super().__init__(None, None, danish, mark)
        self.danish = danish


# Numbers as the page will show them: YAML also reads 0x1F, 0o17, 1_000 and .inf as numbers, which a
# page would show as other digits than the editor wrote (and a CPR number could hide in).
_PLAIN_NUMBER = {"tag:yaml.org,2002:int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),  # 027 would be read as octal
                 "tag:yaml.org,2002:float": re.compile(r"[-+]?[0-9]*\.[0-9]+")}


def _scalar(loader, node: yaml.ScalarNode):
    plain = _PLAIN_NUMBER.get(node.tag)
    if plain is not None and not plain.fullmatch(node.value):
        raise UnbuildableValue(f"Tallet '{node.value[:20]}' er ikke skrevet med almindelige cifre. Skriv det som "
                               "2018 eller 2,5, eller sæt det i anførselstegn.", node.start_mark)
    construct = loader.yaml_constructors.get(node.tag)
    if construct is None:  # a tag like !!python/object: refused
        raise yaml.constructor.ConstructorError(
            None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark)
    try:
        return construct(loader, node)
    except (ValueError, OverflowError, TypeError):
        if node.tag.endswith(":timestamp"):
            raise UnbuildableValue(f"Datoen '{node.value}' findes ikke. Skriv en rigtig dato på formen ÅÅÅÅ-MM-DD, "
                              "fx 2026-11-23.", node.start_mark) from None
        if node.tag.endswith((":int", ":float")):
            raise UnbuildableValue(f"Tallet '{node.value[:20]}…' er for langt. Skriv det som tekst i anførselstegn, "
                              "hvis det skal stå der.", node.start_mark) from None
        raise UnbuildableValue(f"Værdien '{node.value[:40]}' kan ikke læses. Sæt den i anførselstegn.",
                          node.start_mark) from None


def _values(loader, root: yaml.Node):
    """Plain values from a composed YAML tree, with the line of every key and item.

    Written out instead of PyYAML's constructor machinery because that is
    where validation spent its time. Aliases share one value, as in PyYAML.
    """
    built: dict[int, object] = {}
    count = 0

    def value(node, depth=0):
        nonlocal count
        count += 1
        if count > _MAX_NODES:
            raise yaml.constructor.ConstructorError(None, None, "too many nodes", node.start_mark)
        if depth > _MAX_DEPTH:
            raise UnbuildableValue(f"Værdierne er lagt for dybt inden i hinanden (over {_MAX_DEPTH} niveauer). Skriv "
                              "feltet som en tekst eller en enkel liste.", node.start_mark)
        if id(node) in built:
            return built[id(node)]
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            return _scalar(loader, node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            items = LineList()
            built[id(node)] = items
            items.line = node.start_mark.line + 1
            items.lines = [item.start_mark.line + 1 for item in node.value]
            items.extend(value(item, depth + 1) for item in node.value)
            return items
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            mapping = LineDict()
            built[id(node)] = mapping
            mapping.line = node.start_mark.line + 1
            mapping.lines, mapping.duplicates = {}, []
            loader.flatten_mapping(node)  # merge keys (<<)
            for key_node, value_node in node.value:
                key = value(key_node, depth + 1)
                key = key if isinstance(key, str) else str(key)
                line = key_node.start_mark.line + 1
                if key in mapping:
                    mapping.duplicates.append((key, line))
                mapping[key] = value(value_node, depth + 1)
                mapping.lines[key] = line
            return mapping
        raise yaml.constructor.ConstructorError(
            None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark)

    return value(root)


_SAME_LEVEL = ("Indrykningen passer ikke: felter og punkter i en liste på samme niveau skal starte i samme "
               "kolonne. Ret mellemrummene foran linjen.")

# PyYAML explains itself in English; editors get the common cases in Danish.
_YAML_HINTS = (
    ("found character '\\t'", "Linjen indeholder et tabulatortegn. Brug mellemrum til indrykning."),
    ("could not find expected ':'", "Der mangler et kolon efter feltnavnet (skriv 'navn: værdi')."),
    ("did not find expected key", _SAME_LEVEL),
    ("expected <block end>", _SAME_LEVEL),
    ("did not find expected '-' indicator", "Indrykningen passer ikke: punkter i en liste skal starte i samme kolonne."),
    ("could not determine a constructor", "YAML-mærker som '!!python/...' er ikke tilladt. Skriv værdien som almindelig tekst."),
    ("found undefined tag handle", "YAML-mærker som '!!python/...' er ikke tilladt. Skriv værdien som almindelig tekst."),
    ("found unexpected end of stream", "Et anførselstegn eller en klamme er ikke lukket."),
    ("while scanning a quoted scalar", "Et anførselstegn er ikke lukket."),
    ("while parsing a flow sequence", "En liste i [ ] er ikke lukket korrekt: tjek kommaer og ']'."),
)


_STRAY_INDENT = ("Indrykningen passer ikke: linjen er rykket ind, men linjen over åbner ikke en gruppe. "
                 "Fjern mellemrummene foran, så feltet starter i samme kolonne som felterne over.")
_COLON_IN_VALUE = ("Der står et kolon midt i en værdi. Sæt hele værdien i anførselstegn, "
                   "fx summary: \"Resumé: kort fortalt\".")


def _mapping_hint(lines: list[str], index: int) -> str:
    """'mapping values are not allowed' means either a stray indent or a colon inside a value."""
    if not 0 <= index < len(lines):
        return _COLON_IN_VALUE
    line = lines[index]
    above = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    indent = len(line) - len(line.lstrip(" "))
    if indent > len(above) - len(above.lstrip(" ")) and not above.rstrip().endswith(":"):
        return _STRAY_INDENT
    return _COLON_IN_VALUE


def _yaml_problem(error: yaml.YAMLError, path: str, lines: list[str]) -> Problem:
    if isinstance(error, UnbuildableValue):
        return Problem(path, error.problem_mark.line + 1, f"Ugyldig værdi: {error.danish}")
    text = str(error)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if "could not find expected ':'" in text and getattr(error, "context_mark", None):
        mark = error.context_mark  # the key without a colon, not the line after it
    line = mark.line + 1 if mark else 0
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        # libyaml only says the character "cannot start any token".
        return Problem(path, line, "Ugyldig YAML: Linjen indeholder et tabulatortegn. Brug mellemrum til indrykning.")
    if "mapping values are not allowed" in text:
        return Problem(path, line, f"Ugyldig YAML: {_mapping_hint(lines, line - 1)}")
    hint = next((danish for english, danish in _YAML_HINTS if english in text), None)
    if hint is None:
        problem = getattr(error, "problem", None) or text.splitlines()[0]
        hint = f"YAML kan ikke læses ({problem}). Tjek indrykning, kolon og anførselstegn."
    return Problem(path, line, f"Ugyldig YAML: {hint}")


# libyaml builds flow collections ([...] and {...}) recursively in C: tens of
# thousands nested crash the process. Counting them is cheap and bounds the depth.
MAX_FLOW_BRACKETS = 2_000


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse YAML with line numbers counted from `first_line` of the file."""
    brackets = text.count("[") + text.count("{")
    if brackets > MAX_FLOW_BRACKETS:
        return None, [Problem(path, first_line, f"Ugyldig værdi: YAML-delen har {brackets} '[' og '{{', men højst "
                              f"{MAX_FLOW_BRACKETS}. Skriv lister med '- ' på hver linje i stedet.")]
    padded = "\n" * (first_line - 1) + text  # marks then carry file line numbers
    loader = _Loader(padded)
    try:
        node = loader.get_single_node()
        data = None if node is None else _values(loader, node)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, path, padded.splitlines())]
    except RecursionError:  # libyaml composes the tree recursively, too
        return None, [Problem(path, first_line, f"Ugyldig værdi: Værdierne er lagt for dybt inden i hinanden (over "
                              f"{_MAX_DEPTH} niveauer). Skriv feltet som en tekst eller en enkel liste.")]
    finally:
        loader.dispose()
    return data, []


MAX_FILE_BYTES = 1_000_000  # a content file or a registry; a body may have 200 KB (scripts/check/markup.py)
# C0 and C1 control characters (but tab, line feed and carriage return), the
# Unicode line separators and the bidi controls: invisible in an editor, and
# able to hide or reorder text (or rewrite a terminal showing an error).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_LINES_SHOWN = 10


def control_character(text: str) -> str | None:
    """The first control character in `text`, as 'U+001B', or None."""
    match = _CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """A content file's bytes, or why it cannot be read.

    Never follows a symbolic link, never waits on something that is not a
    file (a FIFO, a device such as /dev/zero), and never reads more than
    MAX_FILE_BYTES, so no file can point the build elsewhere or stall it.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return None, [Problem(display, 0, "Filen findes ikke, men bygningen har brug for den.")]
    if stat.S_ISLNK(info.st_mode):
        return None, [Problem(display, 0, "Filen er et symbolsk link. Links følges ikke: læg selve filen i mappen "
                              "i stedet for linket.")]
    if stat.S_ISDIR(info.st_mode):
        return None, [Problem(display, 0, f"'{path.name}' er en mappe, ikke en fil. Giv mappen et navn, der ikke "
                              "ender på '.md', eller flyt filerne i den op i mappen over.")]
    if not stat.S_ISREG(info.st_mode):
        return None, [Problem(display, 0, "Filen er ikke en almindelig fil. Slet den, og læg en almindelig tekstfil "
                              "i stedet.")]
    if info.st_size > MAX_FILE_BYTES:
        return None, [Problem(display, 0, f"Filen fylder {info.st_size // 1000} KB, men må højst fylde "
                              f"{MAX_FILE_BYTES // 1000} KB. Forkort den.")]
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None, [Problem(display, 0, "Filen kan ikke åbnes. Tjek, at den er en almindelig fil, du må læse.")]
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since lstat
            return None, [Problem(display, 0, "Filen er ikke en almindelig fil.")]
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(display, 0, f"Filen fylder mere end {MAX_FILE_BYTES // 1000} KB. Forkort den.")]
    return raw, []


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 (a BOM is allowed), or say why it cannot be read."""
    raw, problems = read_bytes(path, display)
    if raw is None:
        return None, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [Problem(display, line, "Filen er ikke gemt som UTF-8 (tegnet på denne linje kan "
                              "ikke læses). Gem filen som UTF-8 i din editor.")]
    if not text.strip():
        return None, [Problem(display, 0, "Filen er tom. Udfyld den ud fra skabelonen, eller slet den.")]
    # Windows (CR LF) and old Mac (CR) line endings read as the LF every other step expects.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        problems = []
        for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): it breaks at U+2028 too
            found = control_character(line)
            if found and len(problems) < _CONTROL_LINES_SHOWN:
                problems.append(Problem(display, number, f"Linjen indeholder et usynligt styretegn ({found}). "
                                        "Slet det: styretegn kan skjule eller ændre teksten."))
        return None, problems
    return text, []


@dataclass(frozen=True)
class Document:
    """A content file split into front matter (with lines) and body."""

    kind: str
    slug: str
    path: Path
    display: str
    meta: LineDict
    body: str
    body_line: int
    text: str
    """The whole file, for checks that read every line (the privacy gate)."""


def split_front_matter(text: str, display: str) -> tuple[str, int, str, int] | Problem:
    """Return (front matter, its first line, body, body's first line)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return Problem(display, 1, "Filen mangler front matter: første linje skal være '---', "
                       "derefter felterne (fx 'title: ...') og så en linje med '---'.")
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\r\n")):
            front = "".join(lines[1:index])
            return front, 2, "".join(lines[index + 1:]), index + 2
    return Problem(display, 1, "Front matter slutter aldrig: tilføj en linje med '---' efter det sidste felt.")


def read_document(path: Path, kind: str, root: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    display = display or display_path(path, root)
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    split = split_front_matter(text, display)
    if isinstance(split, Problem):
        return None, [split]
    front, front_line, body, body_line = split
    meta, problems = parse_yaml(front, display, front_line)
    if problems:
        return None, problems
    if meta is None:
        return None, [Problem(display, 1, "Front matter er tom: skriv felterne mellem de to linjer med '---'.")]
    if not isinstance(meta, LineDict):
        return None, [Problem(display, front_line, "Front matter skal bestå af felter på formen 'navn: værdi'.")]
    return Document(kind, path.stem, path, display, meta, body, body_line, text), []


def display_path(path: Path, root: Path) -> str:
    """Name a file relative to the project (or fixture) root, with '/'."""
    # The folder is resolved, the name is not: a link must be named as the link, not as its target.
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


REGISTRIES = ("vocabulary.yml", "sources.yml")
TEMPLATES_FOLDER = "_templates"  # the case template for GitHub's web editor; not a page
# Files systems and tools leave behind; never content.
_IGNORED = {".DS_Store", ".gitkeep", "Thumbs.db", "desktop.ini"}


def content_files(content_dir: Path) -> list[tuple[str, Path]]:
    """Every Markdown file of every content type, in a stable order.

    Everything named *.md counts, also a folder or a link of that name: the
    reader then says what it is, instead of the file quietly disappearing.
    """
    found = []
    for kind, folder in KIND_DIRS.items():
        if (content_dir / folder).is_symlink():
            continue  # reported by unused_entries; never followed
        for path in sorted((content_dir / folder).glob("*.md")):
            found.append((kind, path))
    return found


def content_file_list(content_dir: Path) -> list[tuple[str, Path, str]]:
    """(kind, path, shown name) of every content file."""
    # Files come from globbing inside content_dir, so their shown name is the
    # folder's name plus the path below it; resolving each one would cost a
    # few system calls per file (noticeable with thousands of cases).
    prefix = content_dir.resolve().name
    return [(kind, path, f"{prefix}/{KIND_DIRS[kind]}/{path.name}") for kind, path in content_files(content_dir)]


def unused_entries(content_dir: Path) -> list[Problem]:
    """Files and folders in content/ that would be ignored: a case in the wrong place must not vanish quietly."""
    prefix = content_dir.resolve().name
    problems = []
    known = set(KIND_DIRS.values()) | set(REGISTRIES) | {TEMPLATES_FOLDER}
    for entry in sorted(content_dir.iterdir()) if content_dir.is_dir() else []:
        shown = f"{prefix}/{entry.name}"
        if entry.name in _IGNORED or entry.name in REGISTRIES:
            continue
        if entry.name in KIND_DIRS.values() and entry.is_symlink():
            problems.append(Problem(shown, 0, "Mappen er et symbolsk link. Links følges ikke: læg filerne i en "
                                    "almindelig mappe."))
        elif entry.name not in known:
            guess = next((name for name in KIND_DIRS.values() if name.rstrip("s") == entry.name.rstrip("s").lower()),
                         None)
            problems.append(Problem(shown, 0, f"'{entry.name}' bruges ikke af biblioteket. Indhold skal ligge i en af "
                                    f"mapperne {', '.join(f'{name}/' for name in KIND_DIRS.values())}."
                                    + (f" Mente du '{guess}/'?" if guess else "")))
    templates = content_dir / TEMPLATES_FOLDER
    if templates.is_symlink():
        problems.append(Problem(f"{prefix}/{TEMPLATES_FOLDER}", 0, "Mappen er et symbolsk link. Links følges ikke: "
                                "læg skabelonerne i en almindelig mappe."))
    elif templates.is_dir():
        for entry in sorted(templates.iterdir()):
            if entry.is_symlink() or not entry.is_file():
                problems.append(Problem(f"{prefix}/{TEMPLATES_FOLDER}/{entry.name}", 0, "Skabelonen skal være en "
                                        "almindelig fil, ikke et symbolsk link eller en mappe."))
    for folder in KIND_DIRS.values():
        directory = content_dir / folder
        if not directory.is_dir() or directory.is_symlink():
            continue
        for entry in sorted(directory.iterdir()):
            shown = f"{prefix}/{folder}/{entry.name}"
            if entry.name in _IGNORED or entry.name.endswith(".md"):
                continue  # .md entries are read, and explained there if they are not files
            if entry.is_dir() and not entry.is_symlink():
                problems.append(Problem(shown, 0, f"Mappen bruges ikke: filerne skal ligge direkte i "
                                        f"{prefix}/{folder}/, ikke i en mappe under den."))
            elif entry.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd") or entry.name.lower().endswith(".md"):
                problems.append(Problem(shown, 0, f"Filen bliver ikke brugt: kun filer, der ender på '.md' (med små "
                                        f"bogstaver), bliver til sider. Omdøb den til '{entry.stem}.md'."))
            else:
                problems.append(Problem(shown, 0, f"Filen bliver ikke brugt: i {prefix}/{folder}/ bliver kun "
                                        "Markdown-filer (.md) til sider. Flyt eller slet den."))
    return problems


def load_registry(path: Path, content_dir: Path) -> tuple[object, list[Problem]]:
    """Load vocabulary.yml or sources.yml, with lines."""
    display = display_path(path, content_dir)
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def strings_with_lines(mapping: LineDict, prefix: str = "", seen: set | None = None) -> Iterator[tuple[str, str, int]]:
    """(field, text, line) for every text in front matter, also inside lists and groups.

    YAML aliases let one list appear in another many times over; each list
    and group is visited once, so a few hundred bytes of aliases cannot make
    the walk take minutes.
    """
    seen = set() if seen is None else seen
    if id(mapping) in seen:
        return
    seen.add(id(mapping))
    for key, value in mapping.items():
        line = mapping.lines.get(key, mapping.line)
        yield from _strings_with_lines_in(value, f"{prefix}{key}", line, seen)


def _strings_with_lines_in(value, key: str, line: int, seen: set) -> Iterator[tuple[str, str, int]]:
    if isinstance(value, str):
        yield key, value, line
    elif isinstance(value, LineDict):
        yield from strings_with_lines(value, f"{key}.", seen)
    elif isinstance(value, list) and id(value) not in seen:
        seen.add(id(value))
        for item, item_line in zip(value, getattr(value, "lines", [line] * len(value))):
            yield from _strings_with_lines_in(item, key, item_line, seen)
