"""Project settings from casebiblioteket.yml, read once and frozen.

Settings that several parts need (the site's address for printed QR codes,
later the review interval) live in one small YAML file at the project root,
so neither the build scripts nor MkDocs' own config owns them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "casebiblioteket.yml"
SITE_URL_ENV = "CASEBIBLIOTEK_SITE_URL"
# One address, nothing that could break out of a mailto: link (no spaces, quotes, '?', '&' or '<').
# An address that is safe in an attribute, in XML and in Markdown as it is: no spaces, quotes, brackets or '<'.
URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


class SettingsError(Exception):
    """casebiblioteket.yml cannot be used; the message is Danish and names the fix."""


@dataclass(frozen=True)
class Licence:
    """The licence the site owner chose for reusing the library's data (casebiblioteket.yml's data_licence)."""

    name: str
    url: str


@dataclass(frozen=True)
class Settings:
    site_url: str
    """The public address, always ending in '/'."""
    review_interval_months: int = 24
    """How long a case may go without a review before the validator warns."""
    accessibility_statement_url: str | None = None
    """The official statement (Digitaliseringsstyrelsen's WAS tool); None links the site's own page."""
    contact_email: str = "redaktionen@casebiblioteket.example"
    """Where readers report problems: the Danish web accessibility act asks for a way to give feedback."""
    owner: str | None = None
    """The organisation that runs the site, named beside the contact; None names none."""
    data_licence: Licence | None = None
    """The licence for reusing the open data (site/data/); None: none has been chosen, and the site says so."""

    @property
    def placeholders(self) -> list[str]:
        """The settings still on the template's example domain, which nobody can visit or write to."""
        return [name for name, value in (("site_url", self.site_url), ("contact_email", self.contact_email))
                if value.rstrip("/").endswith(".example")]


def load_settings(path: Path = SETTINGS_FILE) -> Settings:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError(f"{path.name} kan ikke læses ({error}). Ret filen, eller hent den igen fra git.") from None
    site_url = os.environ.get(SITE_URL_ENV) or data.get("site_url")
    if not isinstance(site_url, str) or not site_url.startswith(("https://", "http://")):
        raise SettingsError(f"{path.name}: 'site_url' skal være en adresse, der begynder med https://, "
                            f"fx https://casebiblioteket.dk/ (fik {site_url!r}).")
    interval = data.get("review_interval_months", 24)
    if isinstance(interval, bool) or not isinstance(interval, int) or not 1 <= interval <= 120:
        raise SettingsError(f"{path.name}: 'review_interval_months' skal være et helt antal måneder mellem 1 og "
                            f"120, fx 24 (fik {interval!r}).")
    statement = data.get("accessibility_statement_url")
    if statement is not None and (not isinstance(statement, str) or not statement.startswith(("https://", "http://"))):
        raise SettingsError(f"{path.name}: 'accessibility_statement_url' skal være en adresse, der begynder med "
                            f"https://, eller null (fik {statement!r}).")
    contact = data.get("contact_email")
    if not isinstance(contact, str) or not EMAIL.fullmatch(contact):
        raise SettingsError(f"{path.name}: 'contact_email' skal være den e-mailadresse, læserne skriver til om "
                            f"fejl og tilgængelighed, fx redaktionen@kommune.dk (fik {contact!r}).")
    owner = data.get("owner")
    if owner is not None and (not isinstance(owner, str) or not owner.strip() or len(owner) > 120):
        raise SettingsError(f"{path.name}: 'owner' skal være navnet på den organisation, der driver siden "
                            f"(højst 120 tegn), eller null (fik {owner!r}).")
    return Settings(site_url=site_url.rstrip("/") + "/", review_interval_months=interval,
                    accessibility_statement_url=statement, contact_email=contact,
                    owner=owner.strip() if owner else None, data_licence=_licence(data.get("data_licence"), path))


def _licence(value, path: Path) -> Licence | None:
    if value is None:
        return None
    fix = (f"{path.name}: 'data_licence' skal være null (ingen licens valgt endnu) eller have 'name' (licensens "
           "navn, højst 120 tegn) og 'url' (en adresse, der begynder med https://), fx name: CC BY 4.0, "
           "url: https://creativecommons.org/licenses/by/4.0/deed.da")
    if not isinstance(value, dict) or set(value) != {"name", "url"}:
        raise SettingsError(f"{fix} (fik {value!r}).")
    name, url = value["name"], value["url"]
    if not isinstance(name, str) or not name.strip() or len(name) > 120 or any(c in name for c in "<>&\"\n\r"):
        raise SettingsError(f"{fix} (fik name: {name!r}).")
    if not isinstance(url, str) or not URL.fullmatch(url):
        raise SettingsError(f"{fix} (fik url: {url!r}).")
    return Licence(name.strip(), url)
