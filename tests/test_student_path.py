"""A student runs the chapters as notebooks: `make lab` opens JupyterLab from the project's
environment, offline, with the MyST chapters opening as notebooks through jupytext."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_jupyterlab_is_installed_at_its_pinned_version():
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (pin,) = pins["optional-dependencies"]["lab"]
    completed = subprocess.run(
        [BIN / "jupyter", "lab", "--version"], capture_output=True, text=True, check=True
    )
    assert pin == f"jupyterlab=={completed.stdout.strip()}"


def test_the_lab_settings_open_markdown_chapters_with_jupytexts_notebook_viewer():
    settings = json.loads((ROOT / "lab-overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    extension = Path(sys.prefix) / "share/jupyter/labextensions/jupyterlab-jupytext/static"
    assert any("Jupytext Notebook" in path.read_text() for path in extension.glob("*.js"))


def test_make_lab_installs_the_settings_into_the_environment_not_the_home():
    makefile = (ROOT / "Makefile").read_text()
    assert "LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings" in makefile
    assert "cp lab-overrides.json $(LAB_SETTINGS)/overrides.json" in makefile
    assert "'.[book,lab,test,speech,handwriting,postgres]'" in makefile


def test_every_chapter_opens_as_a_notebook_with_code_cells():
    for chapter in sorted((ROOT / "book").glob("[0-9]*.md")):
        notebook = jupytext.read(chapter)
        assert notebook.metadata["kernelspec"]["name"] == "python3", chapter.name
        assert any(cell.cell_type == "code" for cell in notebook.cells), chapter.name
