"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the rest of the book.

The schema is the format's own JSON schema for version 1.2.0, kept in tests/data/ (the
copy that the format's validator, cffconvert 2.0.0, ships; cffconvert itself pins
jsonschema < 4, which the book's other tools cannot share). It is validated with
jsonschema, formats included, so the test needs no network.
"""

import hashlib
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CITATION = ROOT / "CITATION.cff"
SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0.schema.json"
# The SHA-256 of the schema as cffconvert 2.0.0 ships it: the copy is unchanged.
SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"


class CffLoader(yaml.SafeLoader):
    """YAML as CFF reads it: dates stay strings, as the schema's `"format": "date"` expects
    (PyYAML's safe loader would turn `2026-01-31` into a `datetime.date`)."""


CffLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_cff(text: str) -> dict:
    return yaml.load(text, Loader=CffLoader)


def cff_errors(citation: dict) -> list[str]:
    """Every way `citation` breaks the CFF 1.2.0 schema, as `where: message` lines."""
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return sorted(
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(citation)
    )


def test_the_schema_is_the_unchanged_cff_1_2_0_schema():
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert json.loads(SCHEMA.read_text())["$id"].endswith("/1.2.0/schema.json")


def test_citation_file_is_valid_cff_1_2_0():
    citation = load_cff(CITATION.read_text())
    assert citation["cff-version"] == "1.2.0"
    assert cff_errors(citation) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c.pop("authors"), "(top): 'authors' is a required property"),
        (lambda c: c.update(license="MIT License"), "license: 'MIT License' is not valid"),
        (lambda c: c.update({"date-released": "31 January 2026"}), "date-released: "),
        (lambda c: c.update(colour="blue"), "Additional properties are not allowed"),
    ],
    ids=["no authors", "licence not SPDX", "date not ISO", "unknown key"],
)
def test_an_invalid_citation_is_reported(change, expected):
    citation = load_cff(CITATION.read_text())
    change(citation)
    errors = cff_errors(citation)
    assert any(expected in error for error in errors), errors


def test_dates_stay_strings_as_the_schema_expects():
    citation = load_cff("cff-version: 1.2.0\ndate-released: 2026-01-31\n")
    assert citation["date-released"] == "2026-01-31"


def test_citation_names_the_version_and_the_licences_of_the_repository():
    citation = load_cff(CITATION.read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert citation["version"] == citation["preferred-citation"]["version"] == project["version"]
    assert citation["license"] == project["license"] == "MIT"
    assert citation["preferred-citation"]["license"] == "CC-BY-4.0"
    assert "Attribution 4.0 International" in (ROOT / "LICENSE-text").read_text()


def test_the_intro_cites_the_book_as_citation_cff_does():
    intro = (ROOT / "book" / "intro.md").read_text()
    assert "(how-to-cite)=\n## How to cite" in intro
    how_to_cite = intro.split("## How to cite", 1)[1]
    book = load_cff(CITATION.read_text())["preferred-citation"]
    for expected in (
        book["title"],
        book["authors"][0]["name"],
        str(book["year"]),
        f"version {book['version']}",
        f"Version {book['version']}",
    ):
        assert expected in how_to_cite, f"the intro's How to cite lacks {expected!r}"
