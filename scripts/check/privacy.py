"""The privacy gate: no CPR numbers, and a second look at e-mail addresses and phone numbers.

Cases describe how municipalities work, never individual citizens. A CPR
number is always an error; an e-mail address or a phone number is a warning,
because it may be a public address of an office, but it may also identify a
person, and an editor should decide.

The gate looks at text the way a reader would see it, not only the way it is
typed: before matching, each line is normalised (`_views`), so a number
written with an en dash or a character that looks like one, a non-breaking
space, full-width digits, a zero-width space or a blank-looking letter, an
HTML entity, or split by Markdown emphasis, link syntax or an HTML comment is
still found. It reads both the raw file (`personal_data_lines`) and the
parsed YAML values (`personal_data_values`), so YAML escapes, folded lines
and numbers written in hex or octal are caught too, and the texts a page
joins from several values (`source_runs`: a source's title and subtitle);
`personal_data_findings` combines them and reports each finding once.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from scripts.load.text import danish_date

# --- Normalisation -----------------------------------------------------------

# Characters that are not dashes to Unicode (category Pd) but look like one: minus, hyphen bullet, modifier
# minus, heavy minus, non-breaking hyphen; macrons, horizontal lines and scan lines, thin and thick bars; and
# the plain horizontal strokes of other scripts: the Japanese long-vowel mark (the half-width one folds into
# it), CJK 'one' and its radical, the CJK stroke, Hangul EU (its compatibility forms fold into it). The box
# drawing block (U+2500-U+257F) is lines throughout and is mapped as a whole (`_map_char`).
_DASH_LIKE = ("\u2212\u2043\u02d7\u2796\u2011"
              "\u02c9\u02cd\u23af\u23e4\u23ba\u23bb\u23bc\u23bd\u2581\u2594\u25ac\u25ad"
              "\u30fc\u4e00\u31d0\u1173")
_SLASH_LIKE = "\u2044\u2215\u29f8"  # fraction slash, division slash, big solidus
_DOT_LIKE = "\u00b7\u2027\u2219\u22c5\u30fb"  # middle dots
# Letters and symbols drawn as nothing or as a blank, which Unicode does not call spaces or format characters:
# the braille blank and the Hangul fillers (the compatibility fillers U+3164 and U+FFA0 fold into U+1160).
# Dropped, not read as spaces: '0' U+115F '10190-1234' shows a reader '010190-1234'.
_BLANK_LIKE = "\u2800\u115f\u1160"


def _map_char(char: str) -> str:
    """What one character becomes before matching: '' drops it.

    Letters stay letters, also those that look like digits: 'O1O19O-1234'
    with the letter O is not found. It is not a number (a search, a
    spreadsheet or a copy into another system does not read it as one), and
    a rule that read letters as digits would have to read every 'o', 'l' and
    'I' in the text as a possible digit (the pre-filter starts at digits only,
    which keeps it cheap) and then decide which words are numbers, where
    'O' for 0 leads on to 'l' and 'I' for 1, 'S' for 5 and 'B' for 8.
    """
    if char in "\t\n\r\v\f":
        return " "
    if char.isascii():
        return char
    category = unicodedata.category(char)
    if category in ("Cf", "Mn", "Me") or char in _BLANK_LIKE:  # zero-width and soft hyphen (Cf), combining marks
        return ""
    if category == "Pd" or char in _DASH_LIKE or "\u2500" <= char <= "\u257f":
        return "-"
    if category in ("Zs", "Zl", "Zp") or char == "\x85":
        return " "
    if char.isdecimal():  # Arabic-Indic and other decimal digits, which NFKC leaves alone
        return str(unicodedata.decimal(char))
    if char in _SLASH_LIKE:
        return "/"
    if char in _DOT_LIKE:
        return "."
    folded = unicodedata.normalize("NFKC", char)
    if folded != char:  # full-width and compatibility forms: '０', '＠', '①', '²'
        return "".join(_map_char(part) for part in folded)
    return char


class _CharMap(dict):
    """A str.translate table filled in as characters turn up (the whole of Unicode would cost a second to build)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _map_char(chr(code))
        return value


_CHARS = _CharMap()
_EMPHASIS = str.maketrans("", "", "*_`~\\")  # Markdown markers and escapes, which may split a number
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")
# A comment, an unclosed comment (to the end of the line), the end of one opened on an earlier line.
_COMMENT = re.compile(r"<!--.*?-->|<!--.*|^(?:(?!<!--).)*?-->")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# An autolink shows its address ('<https://...>', '<navn@odder.dk>'): its text stays, where a tag goes.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
# Link and image syntax, of which a reader sees only the text: '[' or '![', then '](address "title")',
# '][reference]' or a lone ']' (a shortcut reference '[text]'). The address stays in the view as written.
_LINK = re.compile(r"!?\[|\]\((?:[^()]|\([^()]*\))*\)|\]\[[^\[\]]*\]|\]")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:")  # a reference definition ('[1]: https://...'), which is not shown
_AT = re.compile(r" ?[(\[{] ?at ?[)\]}] ?", re.IGNORECASE)
_DOT = re.compile(r" ?[(\[{] ?(?:dot|punktum|prik) ?[)\]}] ?", re.IGNORECASE)
_SPACES = re.compile(r" {2,}")


def _decode_entity(match: re.Match) -> str:
    return html.unescape(match.group(0))


def _plain(text: str) -> str:
    """Entities decoded, characters mapped (dashes, spaces, digits, invisible characters), '(at)' as '@'."""
    if "&" in text:
        text = _ENTITY.sub(_decode_entity, text)
    text = text.translate(_CHARS)
    if "(" in text or "[" in text or "{" in text:
        text = _AT.sub("@", text)
        if "@" in text:
            text = _DOT.sub(".", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text


def _views(text: str) -> list[str]:
    """The text as written and as rendered, both normalised; one view when they are the same.

    As written keeps HTML comments, tags and link addresses (a CPR number
    inside a comment or an address still counts); as rendered drops them,
    the Markdown emphasis markers and the link and image syntax around a
    link's text, and a reference definition altogether, so
    '0101**90**-1234', '010190-<!-- -->1234' and '[010190](https://...)-1234'
    read as the number a reader sees.
    """
    written = _plain(text)
    if "<" in text or "-->" in text:
        markup = _COMMENT.sub("", text)
        if "<" in markup:
            markup = _TAG.sub("", _AUTOLINK.sub(r"\1", markup))
        rendered = _plain(markup)
    else:  # the markup goes after the characters are mapped, so it can go from the view as written
        rendered = written
    if "[" in rendered or "]" in rendered:
        rendered = "" if _REFERENCE.match(rendered) else _LINK.sub("", rendered)
    rendered = rendered.translate(_EMPHASIS)
    if "  " in rendered:
        rendered = _SPACES.sub(" ", rendered)
    return [written] if rendered == written else [written, rendered]


# --- Patterns, on normalised text --------------------------------------------

# DDMMYY and four digits. Between them: '-', '/', '.', ':' and spaces, up to
# three marks with a space around each ('010190 - 1234', '010190 -- 1234',
# '010190:1234'). A date written with separators ('01.01.90') needs a dash or
# slash before the four digits, so "pr. 01.01.19 2345 borgere" and
# "pr. 01.01.19: 2345 borgere" are not read as one; ':' is not a separator
# inside the date, where it would be a time ('12:30:45'). The date part must
# be a real date, and the number must not continue a longer figure on either
# side ('978-87-...'). A '.' and a digit next to it ('1.200.000') make it part
# of a longer figure too, unless a dash or a slash stands between the six
# digits and the four: then it is written as a CPR number, and
# '010190-1234.5' shows a reader one (`_cpr_matches` checks that).
_CPR = re.compile(r"""
    (?<![0-9])(?<![0-9][-/])
    (?:
        (?P<day>[0-9]{2})(?P<month>[0-9]{2})(?P<year>[0-9]{2})(?P<joint>[ ]?(?:[-./:][ ]?){0,3})
      | (?P<sday>[0-9]{2})[-./ ]{1,2}(?P<smonth>[0-9]{2})[-./ ]{1,2}(?P<syear>[0-9]{2})[. ]{0,2}[-/]{1,2}[ ]?
    )
    [0-9]{4}
    (?![0-9])(?![-/][0-9])
""", re.VERBOSE)
_FIGURE_BEFORE = re.compile(r"[0-9][.]$")
_FIGURE_AFTER = re.compile(r"[.][0-9]")
# Parts no longer than an address can have, so a long line with an '@' costs no more than a short one.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
# Danish numbers: eight digits, together or as 2-2-2-2, 4 4 or 3-3-2 (one
# separator throughout), with an optional +45 or 0045 in front. Four and four
# only with a space: "2015-2018" is a period.
_PHONE = re.compile(r"""
    (?<![\w+-])(?<![0-9][.])
    (?:(?:\+|00)\ ?45[ .-]?)?
    (?:
        [0-9]{8}
      | [0-9]{2}(?P<pair>[ .-])[0-9]{2}(?P=pair)[0-9]{2}(?P=pair)[0-9]{2}
      | [0-9]{4}\ [0-9]{4}
      | [0-9]{3}(?P<three>[ .-])[0-9]{3}(?P=three)[0-9]{2}
    )
    (?![\w-])(?![.][0-9])
""", re.VERBOSE)
_NOT_DIGIT = re.compile(r"[^0-9]")
_EMAIL_NOISE = re.compile(r"[_*`~\\]")


def _is_date(day: str, month: str, year: str) -> bool:
    try:
        date(2000 + int(year), int(month), int(day))  # the century does not matter for the check
    except ValueError:
        return False
    return True


_KINDS = ("cpr", "email", "phone")  # the order findings on one line are reported in


def _cpr_matches(view: str) -> Iterator[re.Match]:
    """The CPR numbers in one normalised view: `_CPR`'s matches with a real date, and not inside a longer figure."""
    position = 0
    while (match := _CPR.search(view, position)) is not None:
        groups = match.groupdict()
        day, month, year = (groups["day"], groups["month"], groups["year"]) if groups["day"] else (
            groups["sday"], groups["smonth"], groups["syear"])
        start, end = match.span()
        in_figure = ((start > 1 and _FIGURE_BEFORE.match(view, start - 2, start))
                     or _FIGURE_AFTER.match(view, end, end + 2))
        dashed = groups["sday"] or "-" in groups["joint"] or "/" in groups["joint"]
        if _is_date(day, month, year) and (dashed or not in_figure):
            yield match
            position = end
        else:  # look again from the next digit: a shorter number may start inside this one
            position = start + 1


def _matches(view: str) -> Iterator[tuple[str, str, str, re.Match]]:
    """(kind, identity, text, match) of everything in one normalised view; the identity ignores how it is written."""
    cprs = []
    for match in _cpr_matches(view):
        digits = _NOT_DIGIT.sub("", match.group(0))
        cprs.append(digits)
        yield "cpr", digits, match.group(0), match
    if "@" in view:
        for match in _EMAIL.finditer(view):
            yield "email", _EMAIL_NOISE.sub("", match.group(0).casefold()), match.group(0), match
    for match in _PHONE.finditer(view):
        digits = _NOT_DIGIT.sub("", match.group(0))[-8:]
        # A CPR number's first eight digits also look like a phone number; report it once, as CPR.
        if not any(digits in cpr for cpr in cprs):
            yield "phone", digits, match.group(0), match


def _found_in(text: str, views: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(kind, identity, text) of everything in one piece of text (or its `views`), each identity once, by `_KINDS`."""
    found, seen = [], set()
    for view in _views(text) if views is None else views:
        for kind, identity, shown, _ in _matches(view):
            if (kind, identity) not in seen:
                seen.add((kind, identity))
                found.append((kind, identity, shown))
    found.sort(key=lambda item: _KINDS.index(item[0]))  # stable: the order in the text within a kind
    return found


# --- Messages ----------------------------------------------------------------

def _severity(kind: str) -> str:
    return "error" if kind == "cpr" else "warning"


def _message(kind: str, shown: str) -> str:
    if kind == "cpr":
        return (f"Teksten ligner et CPR-nummer ('{shown}'). Slet det: Casebiblioteket må aldrig "
                "indeholde oplysninger, der kan identificere en borger.")
    if kind == "email":
        return (f"Teksten indeholder en e-mailadresse ('{shown}'). Slet den, medmindre det er en "
                "offentlig adresse til en afdeling, ikke til en person.")
    return (f"Teksten indeholder noget, der ligner et telefonnummer ('{shown}'). Slet det, "
            "medmindre det er et offentligt nummer til en afdeling.")


@dataclass(frozen=True)
class _Finding:
    line: int
    kind: str
    identity: str
    shown: str

    def report(self) -> tuple[int, str, str]:
        return self.line, _severity(self.kind), _message(self.kind, self.shown)


# --- The cheap pre-filter ----------------------------------------------------

# Anything above needs eight digits, or an '@'. Eight digits with little but
# punctuation, spaces and line breaks between them ('_' is not \W, so it is
# named, and so are the letters `_map_char` reads as a dash or drops) mark the
# lines worth normalising; so do a link between two digits
# ('[010190](https://...)-1234'), an entity or a tag, which can hide a digit
# or an '@' of their own, and the '@' in its forms. Each is one fast search
# over the whole file; only the lines they find get the real checks. The
# digits are every script's decimal digits, and super- and subscript and
# circled ones (a class of ranges is faster here than \d, which asks Unicode
# each time).
# Every decimal digit Unicode knows (category Nd, Unicode 14 as in Python 3.11; tests/test_privacy.py
# fails if Python's Unicode data has digits this list lacks).
DECIMAL_DIGITS = (
    "\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9\u0966-\u096f\u09e6-\u09ef"
    "\u0a66-\u0a6f\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f"
    "\u0ce6-\u0cef\u0d66-\u0d6f\u0de6-\u0def\u0e50-\u0e59\u0ed0-\u0ed9"
    "\u0f20-\u0f29\u1040-\u1049\u1090-\u1099\u17e0-\u17e9\u1810-\u1819"
    "\u1946-\u194f\u19d0-\u19d9\u1a80-\u1a89\u1a90-\u1a99\u1b50-\u1b59"
    "\u1bb0-\u1bb9\u1c40-\u1c49\u1c50-\u1c59\ua620-\ua629\ua8d0-\ua8d9"
    "\ua900-\ua909\ua9d0-\ua9d9\ua9f0-\ua9f9\uaa50-\uaa59\uabf0-\uabf9"
    "\uff10-\uff19\U000104a0-\U000104a9\U00010d30-\U00010d39\U00011066-\U0001106f\U000110f0-\U000110f9"
    "\U00011136-\U0001113f\U000111d0-\U000111d9\U000112f0-\U000112f9\U00011450-\U00011459\U000114d0-\U000114d9"
    "\U00011650-\U00011659\U000116c0-\U000116c9\U00011730-\U00011739\U000118e0-\U000118e9\U00011950-\U00011959"
    "\U00011c50-\U00011c59\U00011d50-\U00011d59\U00011da0-\U00011da9\U00016a60-\U00016a69\U00016ac0-\U00016ac9"
    "\U00016b50-\U00016b59\U0001d7ce-\U0001d7ff\U0001e140-\U0001e149\U0001e2f0-\U0001e2f9\U0001e950-\U0001e959"
    "\U0001fbf0-\U0001fbf9"
)
_OTHER_DIGITS = "\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u249b\u24ea-\u24ff\u2776-\u2793"
# A class with ranges beyond the Basic Multilingual Plane makes the scan several times slower, so the
# usual scan knows the digits below U+FFFF, and a text with any character beyond gets the full class.
_BMP_DIGITS = "".join(DECIMAL_DIGITS[i:i + 3] for i in range(0, len(DECIMAL_DIGITS), 3) if DECIMAL_DIGITS[i] <= "\uffff")
_DIGIT = f"[0-9{_BMP_DIGITS}{_OTHER_DIGITS}]"
_ANY_DIGIT = f"[0-9{DECIMAL_DIGITS}{_OTHER_DIGITS}]"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_GAP = "[\\W_\u02c9\u02cd\u115f\u1160\u1173\u30fc\u3161\u3164\u4e00\uff70\uffa0\uffda]"
_DIGIT_RUN = re.compile(rf"{_DIGIT}(?:{_GAP}{{0,24}}{_DIGIT}){{7,}}")  # 24: a line break and deep indentation
_ANY_DIGIT_RUN = re.compile(rf"{_ANY_DIGIT}(?:{_GAP}{{0,24}}{_ANY_DIGIT}){{7,}}")
# A link's end with a digit soon after; searched from the ']' (a literal is fast to find), then a digit before it.
_LINK_THEN_DIGIT = re.compile(rf"\](?:\([^()\n]*\)|\[[^\[\]\n]*\]){_GAP}{{0,24}}{_DIGIT}")
_DIGIT_BEFORE = re.compile(rf"{_DIGIT}{_GAP}{{0,24}}$")
_ENTITY_START = re.compile(r"&(?:#|[A-Za-z][A-Za-z0-9]*;)")
_TAG_START = re.compile(r"<[A-Za-z/!]")
_AT_FORMS = ("@", "\uff20", "\ufe6b")  # '@', full-width and small
_AT_WORD = re.compile(r"[(\[{] ?at ?[)\]}]", re.IGNORECASE)


def _at_positions(text: str) -> Iterator[int]:
    for form in _AT_FORMS:
        at = text.find(form)
        while at != -1:
            yield at
            at = text.find(form, at + 1)
    # '(at)', '[at]', '{at}': look at each bracket, as 'at' itself is everywhere in Danish.
    for opener in "([{":
        at = text.find(opener)
        while at != -1:
            if _AT_WORD.match(text, at):
                yield at
            at = text.find(opener, at + 1)


def _suspect_spans(text: str) -> list[tuple[int, int]]:
    runs = _ANY_DIGIT_RUN if _ASTRAL.search(text) else _DIGIT_RUN
    spans = [match.span() for match in runs.finditer(text)]
    for match in _LINK_THEN_DIGIT.finditer(text):  # no "](" in text first: that costs more than the search
        before = _DIGIT_BEFORE.search(text, max(0, match.start() - 25), match.start())
        if before is not None:
            spans.append((before.start(), match.end()))
    spans += [(at, at + 1) for at in _at_positions(text)]
    for hint, pattern in (("&", _ENTITY_START), ("<", _TAG_START)):
        if hint in text:
            spans += [match.span() for match in pattern.finditer(text)]
    return sorted(spans)


# --- The raw file ------------------------------------------------------------

_ENDS_IN_NUMBER = re.compile(r"[0-9][-./: ]*$")
# A digit, perhaps after a dash ('-1234'), but not a list item ('- 1234') that starts a block of its own.
_STARTS_WITH_NUMBER = re.compile(r"^ *(?:[-./:]{1,2}(?! ))?[0-9]")


def _suspect_lines(text: str, spans: list[tuple[int, int]]) -> dict[int, int]:
    """Where each line the pre-filter points at starts, by 0-based line number (a span over a break marks both)."""
    lines: dict[int, int] = {}
    counted, number = 0, 0
    for start, end in spans:  # sorted by start, so the line count only moves forward
        number += text.count("\n", counted, start)
        counted = start
        if number not in lines:
            lines[number] = text.rfind("\n", 0, start) + 1
        below, position = number, text.find("\n", start, end)
        while position != -1:
            below += 1
            lines.setdefault(below, position + 1)
            position = text.find("\n", position + 1, end)
    return lines


def _raw_findings(text: str, spans: list[tuple[int, int]] | None = None) -> list[_Finding]:
    suspects = _suspect_lines(text, _suspect_spans(text) if spans is None else spans)
    if not suspects:
        return []
    plain: dict[int, tuple[list[str], int]] = {}  # line number -> its views, and where the next line starts

    def views(index: int, start: int) -> tuple[list[str], int]:
        if index not in plain:
            end = text.find("\n", start)
            plain[index] = _views(text[start:] if end == -1 else text[start:end]), end + 1
        return plain[index]

    findings, seen = [], set()

    def add(index: int, kind: str, identity: str, shown: str) -> None:
        if (index, kind, identity) not in seen:
            seen.add((index, kind, identity))
            findings.append(_Finding(index + 1, kind, identity, shown))

    for index, start in sorted(suspects.items()):
        here, after = views(index, start)
        for kind, identity, shown in _found_in("", here):
            add(index, kind, identity, shown)
        # A CPR number broken over two lines ('010190-' and '1234': a soft line break in Markdown, a folded
        # YAML value) reads as one: join the line with the next when one ends and the other starts like a number.
        if after and any(_ENDS_IN_NUMBER.search(view) for view in here):
            below, _ = views(index + 1, after)
            pairs = [(here[0], below[0])]  # as written; as rendered when either line has a second view
            if (here[-1], below[-1]) != pairs[0]:
                pairs.append((here[-1], below[-1]))
            for first, second in pairs:
                if _STARTS_WITH_NUMBER.search(second) and _ENDS_IN_NUMBER.search(first):
                    first = first.rstrip()
                    for kind, identity, shown, match in _matches(f"{first} {second.lstrip()}"):
                        if kind == "cpr" and match.start() < len(first) < match.end() - 1:
                            add(index, kind, identity, shown)
    findings.sort(key=lambda finding: (finding.line, _KINDS.index(finding.kind)))
    return findings


def personal_data_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, severity, Danish message) for every line of a file that looks like personal data."""
    for finding in _raw_findings(text):
        yield finding.report()


# --- Parsed YAML values ------------------------------------------------------

# A number shorter than this cannot show eight digits (a phone number) or ten (a CPR number) on a page.
_LONG_NUMBER = 10_000_000


def _shown_number(value) -> list[str]:
    """How a page shows a parsed YAML number that may hold personal data: none, or its text (as `str`).

    YAML reads '0xB98A8AF2', '027143242762' (octal), '4:0:0:0:0:0' (base 60),
    '3_112_864_498' and '3.1104e+9' as numbers, and the page shows them in
    decimal: 3112864498. A float shows '.0' after a whole number, which would
    make it a longer figure; its whole-number form counts as well.
    """
    if isinstance(value, bool) or -_LONG_NUMBER < value < _LONG_NUMBER:
        return []
    try:
        shown = [str(value)]
    except ValueError:  # over Python's 4,300 digits (a hex number can be that long): no page can show it either
        return []
    if isinstance(value, float) and value.is_integer():
        shown.append(str(int(value)))
    return shown


def _has_long_number(data) -> bool:
    """Whether parsed YAML may hold a number `_shown_number` would read: a walk by type only, for every file.

    Without a record of what it has seen, which would cost more than the
    walk: a value an alias makes contain itself runs the walk out of its
    budget, and the full walk (`_strings`), which reads each value once,
    decides.
    """
    stack, budget = [data], 1_000
    while stack:
        budget -= 1
        if budget < 0:
            return True
        value = stack.pop()
        for child in value.values() if isinstance(value, dict) else value:
            kind = type(child)
            if kind is str:
                continue
            if kind is int or kind is float:
                if not -_LONG_NUMBER < child < _LONG_NUMBER:
                    return True
            elif isinstance(child, (dict, list)):
                stack.append(child)
    return False


def _strings(data, texts: bool = True) -> tuple[list[str], list[int], list]:
    """Every string value in parsed YAML and the line of its key or item; and the line maps met on the way.

    Long numbers count as the text a page shows for them (`_shown_number`);
    with `texts` false, only they are collected. Keys are left out: the raw
    text has them as written, and a key that is not a field name is an error
    that quotes it anyway.
    """
    strings: list[str] = []
    lines: list[int] = []
    maps: list = []
    stack = [(data, getattr(data, "line", 1))]
    seen: set[int] = set()  # aliases share a value, which can even contain itself
    while stack:
        value, line = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        known = getattr(value, "lines", None)
        if isinstance(value, dict):
            if not isinstance(known, dict):
                known = dict.fromkeys(value, line)
            maps.append(known.values())
            pairs = [(child, known.get(key, line)) for key, child in value.items()]
        else:
            if not isinstance(known, list) or len(known) != len(value):
                known = [line] * len(value)
            maps.append(known)
            pairs = zip(value, known)
        for child, child_line in pairs:
            if isinstance(child, str):
                if texts:
                    strings.append(child)
                    lines.append(child_line)
            elif isinstance(child, (dict, list)):
                stack.append((child, child_line))
            elif isinstance(child, (int, float)):  # dates cannot hide anything
                for shown in _shown_number(child):
                    strings.append(shown)
                    lines.append(child_line)
    return strings, lines, maps


def _value_findings(data, values_end: float, texts: bool = True) -> list[tuple[_Finding, float]]:
    """Findings in parsed YAML values (only in long numbers, with `texts` false), each with the first line after its value.

    A scalar runs from its key or item to the next key or item anywhere
    below it (a scalar cannot contain one); the last one to `values_end`.
    """
    if isinstance(data, (str, int, float)):
        data = [data]
    if not isinstance(data, (dict, list)):
        return []
    strings, lines, maps = _strings(data, texts)
    if not strings:
        return []
    # One pre-filter pass over all values joined, as for a file; then the real checks on the few it points at.
    joined = "\n".join(strings)
    spans = _suspect_spans(joined)
    if not spans:
        return []
    offsets, position = [], 0
    for string in strings:
        offsets.append(position)
        position += len(string) + 1
    suspects = set()
    for start, end in spans:
        suspects.update(range(bisect_right(offsets, start) - 1, bisect_right(offsets, max(start, end - 1))))
    starts = sorted({start for known in maps for start in known})
    findings = []
    for index in sorted(suspects):
        line = lines[index]
        following = bisect_right(starts, line)
        end = starts[following] if following < len(starts) else values_end
        string = strings[index]
        if "\n" in string:  # a literal block keeps its lines: read them as lines of a file are read
            found = [(finding.kind, finding.identity, finding.shown) for finding in _raw_findings(string)]
        else:
            found = _found_in(string)
        for kind, identity, shown in found:
            findings.append((_Finding(line, kind, identity, shown), end))
    return findings


def personal_data_values(data) -> Iterator[tuple[int, str, str]]:
    """(line, severity, Danish message) for every parsed YAML string that looks like personal data.

    `data` is what `scripts.load.content.parse_yaml` returns: mappings and lists
    that remember the line of each key and item; the finding names that line.
    This sees what YAML makes of the text: escapes ('\\u2013', '\\x30') and
    values folded over several lines.
    """
    seen = set()
    for finding, _ in sorted(_value_findings(data, float("inf")), key=lambda item: item[0].line):
        if (finding.line, finding.kind, finding.identity) not in seen:
            seen.add((finding.line, finding.kind, finding.identity))
            yield finding.report()


def _line_start(text: str, line: int) -> int:
    """Offset of the first character of a 1-based line (the end of the text if there are fewer lines)."""
    position = 0
    for _ in range(line - 1):
        position = text.find("\n", position) + 1
        if not position:
            return len(text)
    return position


def _values_can_differ(text: str, spans: list[tuple[int, int]], values_end: int | None) -> bool:
    """Whether parsed strings can hold something the raw text does not show on one line (numbers are read anyway).

    YAML changes text in two ways that matter here: escapes, which need a
    backslash, and lines joined into one value, which can only make a new
    number where a run of digits crosses a line break (the pre-filter's
    runs allow a break and its indentation). Anything else in a value is on
    a line the raw pass reads already. Most files have neither, and skip
    the walk through their values.
    """
    crossing = [start for start, stop in spans if text.find("\n", start, stop) != -1]
    if "\\" not in text and not crossing:  # the common case, without counting lines
        return False
    end = len(text) if values_end is None else _line_start(text, values_end)
    return text.find("\\", 0, end) != -1 or any(start < end for start in crossing)


Run = list[tuple[str, "int | None"]]
"""Text a page joins from several values: (a value's text, its line) and (what the page puts between, None)."""


def _run_findings(run: Run) -> list[_Finding]:
    """What a reader sees in a joined run and in none of its values alone, on the line of the value it starts in."""
    texts = [(piece.strip() if line is not None else _plain(piece), line) for piece, line in run]
    views = [_views(piece) if line is not None else [piece] for piece, line in texts]
    findings = []
    for which in (0, -1):  # the pieces as written, then as rendered
        starts, joined, position = [], [], 0
        for piece_views in views:
            starts.append(position)
            joined.append(piece_views[which])
            position += len(piece_views[which])
        for kind, identity, shown, match in _matches("".join(joined)):
            first = bisect_right(starts, match.start()) - 1
            if match.end() <= starts[first] + len(joined[first]):
                continue  # inside one value, which is checked on its own
            while texts[first][1] is None:  # a match starts with a digit, and separators have none, but be safe
                first += 1
            finding = _Finding(texts[first][1], kind, identity, shown)
            if finding not in findings:
                findings.append(finding)
    return findings


def source_runs(data) -> list[Run]:
    """The texts the site joins from each source's fields in sources.yml, for `personal_data_findings`.

    The pages show a source's title and subtitle as one ('Notat 010190 – 1234',
    `Source.full_title` in scripts/load/model.py), cite it as 'author: full title.
    publisher, year.' (the citation macros in scripts/render/templates) and list it as
    'full title – publisher, year' (sources.md.j2); a number can be split
    between any two of these fields. Other pages put a value alone in its
    cell, line or list item, or after a word ('side 3-4'), so that no digits
    of two values meet.
    """
    runs: list[Run] = []
    if not isinstance(data, list):
        return runs
    for item in data:
        if not isinstance(item, dict):
            continue
        lines = getattr(item, "lines", None) or {}

        def piece(key: str, item=item, lines=lines) -> tuple[str, int] | None:
            value = item.get(key)
            if value is None or isinstance(value, (bool, dict, list)) or value == "":
                return None
            return str(value), lines.get(key, getattr(item, "line", 1))

        title, subtitle, author, publisher = piece("title"), piece("subtitle"), piece("author"), piece("publisher")
        if title is None:
            continue
        full = [title] + ([(" – ", None), subtitle] if subtitle else [])
        year, published = piece("year"), item.get("published")
        if isinstance(published, date):  # the citation gives the date where there is one, the list the year
            cited = (danish_date(published), lines.get("published", title[1]))
        else:
            cited = year
        author_part = [author, (": ", None)] if author else []
        for prefix, between, when in ((author_part, ". ", cited), ([], " – ", year)):
            after = ([publisher] + ([(", ", None), when] if when else [])) if publisher else []
            runs.append(prefix + full + ([(between, None)] + after if after else []))
    return runs


def personal_data_findings(text: str, data=None, values_end: int | None = None,
                           runs: list[Run] = ()) -> list[tuple[int, str, str]]:
    """The raw text, its parsed YAML values and the `runs` joined from them, each finding once, sorted by line.

    A value's finding is left out when the raw text has the same number (or
    address) on a line the value covers: the raw line is the more precise
    one. `values_end` is the first line after the parsed values (the
    closing '---' of front matter); without it, the values may come from
    anywhere in the text. Long numbers among the values are always read;
    strings only when they can differ from the raw text
    (`_values_can_differ`).
    """
    spans = _suspect_spans(text)
    raw = _raw_findings(text, spans)
    findings = list(raw)
    seen = {(finding.line, finding.kind, finding.identity) for finding in raw}
    if data is not None:
        raw_lines: dict[tuple[str, str], list[int]] = {}
        for finding in raw:
            raw_lines.setdefault((finding.kind, finding.identity), []).append(finding.line)
        texts = _values_can_differ(text, spans, values_end)
        walk = texts or (isinstance(data, (dict, list)) and _has_long_number(data))
        for finding, end in _value_findings(data, float("inf") if values_end is None else values_end, texts) if walk else ():
            key = (finding.line, finding.kind, finding.identity)
            covered = any(finding.line <= other < end for other in raw_lines.get((finding.kind, finding.identity), ()))
            if key not in seen and not covered:
                seen.add(key)
                findings.append(finding)
    for run in runs:
        for finding in _run_findings(run):
            key = (finding.line, finding.kind, finding.identity)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    findings.sort(key=lambda finding: (finding.line, _KINDS.index(finding.kind)))
    return [finding.report() for finding in findings]


def file_name_personal_data(name: str) -> list[str]:
    """Danish messages for a CPR number in a content file's name (it would be in the page's address)."""
    stem = name[:-3] if name.endswith(".md") else name
    if _DIGIT_RUN.search(stem) is None:
        return []
    return [f"Filnavnet '{name}' ligner et CPR-nummer ('{shown}'). Omdøb filen, så nummeret ikke står i navnet: "
            "filnavnet bliver til sidens adresse og PDF-filens navn, og Casebiblioteket må aldrig indeholde "
            "oplysninger, der kan identificere en borger."
            for kind, _, shown in _found_in(stem) if kind == "cpr"]


# --- One line of text, as before ---------------------------------------------

def cpr_numbers(text: str) -> Iterator[str]:
    yield from (shown for kind, _, shown in _found_in(text) if kind == "cpr")


def email_addresses(text: str) -> Iterator[str]:
    yield from (shown for kind, _, shown in _found_in(text) if kind == "email")


def phone_numbers(text: str) -> Iterator[str]:
    yield from (shown for kind, _, shown in _found_in(text) if kind == "phone")


def personal_data(text: str) -> Iterator[tuple[str, str]]:
    """(severity, Danish message) for everything in one line of text that looks like personal data."""
    for kind, _, shown in _found_in(text):
        yield _severity(kind), _message(kind, shown)
