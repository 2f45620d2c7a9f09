"""casebiblioteket.yml: what a site owner sets, and the Danish error for each mistake."""

import pytest

from scripts import kb
from scripts.load.settings import SettingsError, load_settings

GOOD = "site_url: https://cases.kommune.dk/\ncontact_email: redaktionen@kommune.dk\n"


def settings_from(tmp_path, text):
    path = tmp_path / "casebiblioteket.yml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_the_project_settings_name_a_contact(tmp_path):
    settings = load_settings()
    assert "@" in settings.contact_email


def test_a_contact_and_an_owner_are_read(tmp_path):
    settings = settings_from(tmp_path, GOOD + "owner: Odder Kommune\n")
    assert (settings.contact_email, settings.owner) == ("redaktionen@kommune.dk", "Odder Kommune")
    assert settings.placeholders == []


@pytest.mark.parametrize("value", [
    None, "", "redaktionen", "redaktionen@kommune", "a@b.dk?subject=x", "a b@kommune.dk",
    '"><script>alert(1)</script>@x.dk', "mailto:a@b.dk", 42,
])
def test_the_contact_must_be_one_plain_address(tmp_path, value):
    line = "" if value is None else f"contact_email: {value!r}\n" if isinstance(value, str) else f"contact_email: {value}\n"
    with pytest.raises(SettingsError, match="'contact_email' skal være den e-mailadresse"):
        settings_from(tmp_path, "site_url: https://cases.kommune.dk/\n" + line)


@pytest.mark.parametrize("value", ["''", "42", "x" * 121])
def test_the_owner_is_a_name_or_null(tmp_path, value):
    with pytest.raises(SettingsError, match="'owner' skal være navnet"):
        settings_from(tmp_path, GOOD + f"owner: {value}\n")


def test_a_build_warns_while_the_addresses_are_the_examples(tmp_path, monkeypatch, capsys):
    example = settings_from(tmp_path, "site_url: https://casebiblioteket.example/\n"
                                      "contact_email: redaktionen@casebiblioteket.example\n")
    assert example.placeholders == ["site_url", "contact_email"]
    monkeypatch.setattr("scripts.load.settings.load_settings", lambda: example)
    kb._warn_placeholders()
    assert "site_url og contact_email i casebiblioteket.yml står stadig på eksempeladressen" in capsys.readouterr().err
    monkeypatch.setattr("scripts.load.settings.load_settings", lambda: settings_from(tmp_path, GOOD))
    kb._warn_placeholders()
    assert capsys.readouterr().err == ""
