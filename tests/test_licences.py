"""The licences: the package names its own, and the book lists every dependency's.

`book/licences.md` has one table row per package that pyproject.toml pins (the
dependencies and every extra): its version, the extra that installs it, and the licence
that its metadata declares, with the field it comes from. These tests read that table,
so the page cannot fall behind pyproject.toml: a new dependency without a row, a row
left for a dependency that was dropped, a pin bumped without re-reading the package's
licence, or a licence that changed upstream fails here until the page is updated.
"""

import importlib.metadata
import re
import tomllib
from email.message import Message
from pathlib import Path

import pytest
from test_environment_pins import normalise, parse_pin

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "licences.md"
HEADER = ("Package", "Version", "Installed with", "Declared licence")
DECLARED = re.compile(r"^`(?P<licence>[^`]+)` \((?P<field>[^)]+)\)$")
CLASSIFIER = "License :: "


def requirements(pyproject: str) -> dict[str, tuple[str, str]]:
    """Every pinned requirement: normalised name -> (version, what installs it), where
    what installs it is `lstm` for a dependency and `lstm[extra]` for an extra's."""
    project = tomllib.loads(pyproject)["project"]
    groups = {"lstm": project.get("dependencies", [])}
    for extra, listed in project.get("optional-dependencies", {}).items():
        groups[f"lstm[{extra}]"] = listed
    pinned = {}
    for installed_with, listed in groups.items():
        for requirement in listed:
            name, version = parse_pin(requirement, f"pyproject.toml [{installed_with}]")
            pinned[name] = (version, installed_with)
    return pinned


def table_rows(page: str) -> dict[str, dict[str, str]]:
    """The rows of the page's package table (the one headed by HEADER), by normalised name."""
    lines = page.splitlines()
    header = "| " + " | ".join(HEADER) + " |"
    if header not in lines:
        raise ValueError(f"expected a table headed {header!r} on the page, found none")
    rows = {}
    for line in lines[lines.index(header) + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if len(cells) != len(HEADER):
            raise ValueError(f"expected {len(HEADER)} cells in the row {line!r}, got {len(cells)}")
        row = dict(zip(HEADER, cells, strict=True))
        rows[normalise(row["Package"].strip("`"))] = row
    return rows


def missing_or_wrong(pinned: dict[str, tuple[str, str]], rows: dict[str, dict[str, str]]):
    """One line per pinned package whose row is missing or names another version or extra,
    and per row whose package is no longer pinned."""
    problems = [
        f"{name}: has a row on the page but is not pinned in pyproject.toml"
        for name in sorted(rows.keys() - pinned.keys())
    ]
    for name, (version, installed_with) in sorted(pinned.items()):
        row = rows.get(name)
        if row is None:
            problems.append(f"{name}: pinned in pyproject.toml but has no row on the page")
            continue
        listed = (row["Version"], row["Installed with"].strip("`"))
        if listed != (version, installed_with):
            problems.append(
                f"{name}: pyproject.toml pins {version} in {installed_with}, "
                f"the page lists {listed[0]} in {listed[1]}"
            )
    return problems


def declared_licence(metadata: Message) -> tuple[str, str]:
    """(licence, field): the SPDX `License-Expression` if given, else a one-line `License`
    field, else the licence classifiers; ("none", "nothing declared") if none of them."""
    if metadata.get("License-Expression"):
        return metadata["License-Expression"].strip(), "License-Expression"
    licence = (metadata.get("License") or "").strip()
    if licence and "\n" not in licence:
        return licence, "License"
    classifiers = [
        classifier.rsplit(" :: ", 1)[-1]
        for classifier in metadata.get_all("Classifier") or []
        if classifier.startswith(CLASSIFIER)
    ]
    if classifiers:
        return ", ".join(classifiers), "classifier"
    return "none", "nothing declared"


def test_every_pinned_dependency_has_a_row_with_its_version_and_extra():
    pinned = requirements((ROOT / "pyproject.toml").read_text())
    problems = missing_or_wrong(pinned, table_rows(PAGE.read_text()))
    assert not problems, "book/licences.md is behind pyproject.toml:\n" + "\n".join(problems)


def test_a_missing_row_another_pin_or_a_stale_row_is_reported():
    pyproject = (
        "[project]\n"
        'dependencies = ["torch==2.13.0", "tqdm==4.70.1"]\n'
        '[project.optional-dependencies]\nspeech = ["espeakng-loader==0.2.4"]\n'
    )
    page = (
        "| " + " | ".join(HEADER) + " |\n|---|---|---|---|\n"
        "| `torch` | 2.12.0 | `lstm` | `BSD-3-Clause` (License-Expression) |\n"
        "| `espeakng-loader` | 0.2.4 | `lstm` | `none` (nothing declared) |\n"
        "| `scipy` | 1.17.0 | `lstm` | `BSD-3-Clause` (License-Expression) |\n"
    )
    assert missing_or_wrong(requirements(pyproject), table_rows(page)) == [
        "scipy: has a row on the page but is not pinned in pyproject.toml",
        "espeakng-loader: pyproject.toml pins 0.2.4 in lstm[speech], the page lists 0.2.4 in lstm",
        "torch: pyproject.toml pins 2.13.0 in lstm, the page lists 2.12.0 in lstm",
        "tqdm: pinned in pyproject.toml but has no row on the page",
    ]


def test_a_page_without_the_table_or_with_a_broken_row_is_an_error():
    with pytest.raises(ValueError, match="expected a table headed"):
        table_rows("# Licences\n\nNo table here.\n")
    page = "| " + " | ".join(HEADER) + " |\n|---|---|---|---|\n| `torch` | 2.13.0 |\n"
    with pytest.raises(ValueError, match="expected 4 cells"):
        table_rows(page)


def test_each_declared_licence_is_what_the_installed_package_declares():
    checked, problems = 0, []
    for name, row in sorted(table_rows(PAGE.read_text()).items()):
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # an extra that is not installed here: nothing to compare with
        if distribution.version.split("+")[0] != row["Version"]:
            continue  # another version than the pinned one: its licence may differ
        listed = DECLARED.match(row["Declared licence"])
        assert listed is not None, f"{name}: expected `licence` (field), got {row!r}"
        declared = declared_licence(distribution.metadata)
        if (listed["licence"], listed["field"]) != declared:
            problems.append(
                f"{name}: the page says {listed['licence']!r} ({listed['field']}), "
                f"the installed package declares {declared[0]!r} ({declared[1]})"
            )
        checked += 1
    if checked == 0:
        pytest.skip("none of the listed packages is installed at its pinned version")
    assert not problems, "\n".join(problems)


def test_declared_licence_prefers_the_expression_then_a_short_field_then_classifiers():
    def metadata(**fields) -> Message:
        message = Message()
        for key, values in fields.items():
            for value in values if isinstance(values, list) else [values]:
                message[key.replace("_", "-")] = value
        return message

    mit = "License :: OSI Approved :: MIT License"
    assert declared_licence(metadata(License_Expression="MIT", License="BSD")) == (
        "MIT",
        "License-Expression",
    )
    assert declared_licence(metadata(License="Apache License 2.0", Classifier=mit)) == (
        "Apache License 2.0",
        "License",
    )
    long_text = "License agreement\n\n1. This LICENSE AGREEMENT ..."
    classifiers = ["Framework :: Sphinx", mit]
    assert declared_licence(metadata(License=long_text, Classifier=classifiers)) == (
        "MIT License",
        "classifier",
    )
    assert declared_licence(metadata(Name="espeakng-loader")) == ("none", "nothing declared")


def test_pyproject_declares_the_code_licence_of_the_licence_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License\n")


def test_the_text_licence_file_holds_the_cc_by_4_0_legal_code():
    text = (ROOT / "LICENSE-text").read_text()
    assert "Creative Commons Attribution 4.0 International Public License" in text
    assert "Section 8 -- Interpretation." in text
