"""The Atom feed of new and updated cases (site/feed.xml, RFC 4287).

A case carries one date, `last_reviewed`: the day it was last reviewed, or
added. The feed lists the most recent cases by that date, newest first, each
with its title, summary, kommune (and kerneopgaver and temaer) as categories,
and a link to its page. Every text comes from content and is escaped for
XML, and characters XML 1.0 does not allow are dropped; the feed holds only
Atom elements, so opened in a browser it is shown as data and runs nothing
(tests/test_feed.py checks both).
"""

from __future__ import annotations

import re
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from scripts.load import paths
from scripts.load.model import Case, Library
from scripts.load.settings import Settings

FEED_TITLE = "Casebiblioteket: nye og opdaterede cases"
FEED_ENTRIES = 50  # the most recent; a reader polls the feed, so it stays small at any size of library
SUBTITLE = ("De senest tilføjede eller gennemgåede cases (højst {limit}), nyeste først. Datoen er den dag, "
            "casen sidst blev gennemgået eller lagt ind.")
HOME_RECENT = 5  # the home page's "Nyt i biblioteket"
ATOM = "http://www.w3.org/2005/Atom"
# What XML 1.0 does not allow at all (most control characters, lone surrogates, U+FFFE/U+FFFF), and the
# C1 controls it discourages: dropped, so a title from content cannot make the feed unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def recent_cases(cases, count: int) -> list[Case]:
    """The `count` cases reviewed (or added) most recently, newest first; title, then slug, breaks ties."""
    return sorted(cases, key=lambda c: (-c.last_reviewed.toordinal(), c.title.casefold(), c.slug))[:count]


def xml_text(text: str) -> str:
    """Text for an XML element: escaped, without characters XML cannot hold."""
    return escape(_NOT_XML.sub("", text))


def xml_attribute(text: str) -> str:
    """A quoted XML attribute value (line breaks and tabs as references, so they survive)."""
    return quoteattr(_NOT_XML.sub("", text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _category(term: str, scheme: str) -> str:
    return f"    <category term={xml_attribute(term)} scheme={xml_attribute(scheme)} label={xml_attribute(term)}/>"


def feed_xml(library: Library, settings: Settings, limit: int = FEED_ENTRIES) -> str:
    """The feed as Atom XML."""
    site = settings.site_url
    entries = recent_cases(library.cases, limit)
    updated = entries[0].last_reviewed if entries else date(2000, 1, 1)
    author = settings.owner or "Casebiblioteket"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang="da">',
        f"  <id>{xml_text(site + paths.FEED)}</id>",
        f"  <title>{xml_text(FEED_TITLE)}</title>",
        f"  <subtitle>{xml_text(SUBTITLE.format(limit=limit))}</subtitle>",
        f"  <updated>{_timestamp(updated)}</updated>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={xml_attribute(site + paths.FEED)}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={xml_attribute(site)}/>",
        f"  <author><name>{xml_text(author)}</name><email>{xml_text(settings.contact_email)}</email></author>",
        f"  <rights>{xml_text(_rights(settings))}</rights>",
    ]
    vocabulary = library.vocabulary
    for case in entries:
        address = paths.absolute_address(site, paths.case_path(case.slug))
        lines += [
            "  <entry>",
            f"    <id>{xml_text(address)}</id>",
            f"    <title type=\"text\">{xml_text(case.title)}</title>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={xml_attribute(address)}/>",
            f"    <updated>{_timestamp(case.last_reviewed)}</updated>",
            f"    <summary type=\"text\">{xml_text(case.summary)}</summary>",
            _category(case.municipality, site + paths.page_url(
                paths.municipality_path(vocabulary.municipality(case.municipality).slug))),
            *[_category(task, site + paths.page_url(paths.core_task_path(vocabulary.core_task(task).slug)))
              for task in case.core_tasks],
            *[_category(theme, site + paths.page_url(paths.theme_path(vocabulary.theme(theme).slug)))
              for theme in case.themes],
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _rights(settings: Settings) -> str:
    if settings.data_licence:
        return (f"Casebibliotekets egne ord, efter licensen {settings.data_licence.name} "
                f"({settings.data_licence.url}); kilderne tilhører deres udgivere.")
    return "Casebibliotekets egne ord; kilderne tilhører deres udgivere. Der er ikke valgt en licens for genbrug."


def feed_files(library: Library, settings: Settings) -> dict[str, str]:
    """{site path: text} of the feed, for the engine adaptors."""
    return {paths.FEED: feed_xml(library, settings)}
