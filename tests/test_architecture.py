"""The package's folders are its architecture: imports run one way only.

library (``lstm.nn``) and material (``lstm.tasks``, ``lstm.data``) never import the
machinery (``lstm.reproduce``, ``lstm.sweep``) or the chapters (``lstm.experiments``); the machinery
never imports a chapter by name (the registry imports them from its list of names).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lstm"


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {f"{node.module}.{alias.name}" for alias in node.names} | {node.module}
    return {name for name in found if name == "lstm" or name.startswith("lstm.")}


def modules_in(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PACKAGE / folder).rglob("*.py"))


def upward(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imports_of(path) if name.startswith(forbidden))


@pytest.mark.parametrize(
    "path", modules_in("nn", "tasks", "data"), ids=lambda path: str(path.relative_to(PACKAGE))
)
def test_library_and_material_never_import_machinery_or_chapters(path):
    assert upward(path, ("lstm.reproduce", "lstm.sweep", "lstm.experiments")) == []


@pytest.mark.parametrize("path", modules_in("reproduce"), ids=lambda path: path.name)
def test_the_machinery_never_imports_a_chapter(path):
    assert upward(path, ("lstm.experiments",)) == []


def test_the_package_root_exports_the_library_only():
    assert upward(PACKAGE / "__init__.py", ("lstm.reproduce", "lstm.experiments")) == []


def test_the_check_finds_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from lstm.reproduce import claims\nimport lstm.experiments.lstm_cell\n")
    assert upward(bad, ("lstm.reproduce", "lstm.experiments")) == [
        "lstm.experiments.lstm_cell",
        "lstm.reproduce",
        "lstm.reproduce.claims",
    ]


CHAPTERS = sorted(path for path in (PACKAGE / "experiments").iterdir() if path.is_dir())
CHAPTERS = [path for path in CHAPTERS if path.name != "__pycache__"]


def test_every_chapter_is_a_folder_of_the_same_three_files_named_in_the_registry():
    from lstm.reproduce import registry

    assert [path.name for path in CHAPTERS] == sorted(registry.MODULES)
    for folder in CHAPTERS:
        files = sorted(path.name for path in folder.glob("*.py"))
        assert files == ["__init__.py", "claims.py", "experiment.py", "show.py"], folder.name


@pytest.mark.parametrize("folder", CHAPTERS, ids=lambda path: path.name)
def test_what_computes_a_chapters_numbers_imports_nothing_it_shows_or_claims(folder):
    """Only ``experiment.py`` and what it imports is code-hashed: if it imported a
    ``show.py`` or a ``claims.py``, a changed table or claim would stale the results, and
    if it imported them without being hashed with them, a result could go unchallenged."""
    shown = [
        name
        for name in imports_of(folder / "experiment.py")
        if name.startswith("lstm.experiments.") and not name.split(".")[3:4] == ["experiment"]
    ]
    assert shown == []
    chapters = [n for n in imports_of(folder / "show.py") if n.startswith("lstm.experiments.")]
    assert [name for name in chapters if name.endswith((".claims", ".show"))] == []


@pytest.mark.parametrize("folder", CHAPTERS, ids=lambda path: path.name)
def test_no_chapter_imports_another(folder):
    """What chapters share lives in the library or the material (the speech corpora in
    ``lstm.data.sources``), so a change to one chapter never touches another's results."""
    others = {
        name.split(".")[2]
        for path in folder.glob("*.py")
        for name in imports_of(path)
        if name.startswith("lstm.experiments.")
    }
    assert others <= {folder.name}
