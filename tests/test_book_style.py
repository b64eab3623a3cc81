"""The book's figure style, the notebook API of a chapter, and every chapter's tables
and figures rendered on its committed smoke result."""

import dataclasses
import re

import numpy as np
import pytest
from conftest import score_claim
from matplotlib.figure import Figure

from lstm.reproduce import chapter, figures, registry, results
from lstm.reproduce.report import Table


def test_a_book_figure_fills_the_column_and_passes_the_style():
    figure, axes = figures.book_figure(2, 3, height=4)
    assert axes.shape == (2, 3)
    assert figure.get_figwidth() * figure.dpi == figures.COLUMN_PX
    for ax in axes.flat:
        ax.plot(np.arange(10), np.arange(10) ** 2, label="square")
        ax.set_xlabel("step")
    figures.legend_below(figure)
    assert figures.problems(figure) == []


def test_the_style_check_names_small_text_a_wide_figure_and_a_legend_on_the_data():
    wide = Figure(figsize=(13.8, 3), dpi=100)  # shown at half size in the column
    ax = wide.subplots()
    ax.plot(np.linspace(0, 1, 50), np.full(50, 0.5), label="flat")
    ax.legend(loc="center")
    ax.set_xlabel("a label at 10 pt")
    found = figures.problems(wide, "wide")
    assert found[0] == "wide: 1380 px wide, wider than the 690 px column"
    assert "wide: text 'a label at 10 pt' is 6.9 px, under the 13 px minimum" in found
    assert any("the legend of '' covers" in line for line in found)


def test_text_size_is_what_the_reader_sees():
    figure, axes = figures.book_figure()
    label = axes[0, 0].set_xlabel("x", fontsize=9)
    assert figures.text_px(figure, label) == pytest.approx(9 * 100 / 72)
    figure.set_figwidth(2 * figure.get_figwidth())
    assert figures.text_px(figure, label) == pytest.approx(9 * 100 / 72 / 2)


def test_bad_figure_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="expected a height between 0 and 12 inches, got 40"):
        figures.book_figure(height=40)
    figure, _ = figures.book_figure()
    with pytest.raises(ValueError, match="expected labelled artists"):
        figures.legend_below(figure)


def fake_chapter_experiment(experiment):
    def tables(result):
        return {"scores": Table([{"score": result.metrics["score"]}], {"score": "score"})}

    def plots(result):
        figure, axes = figures.book_figure()
        axes[0, 0].plot([0, 1], [0, result.metrics["score"]])
        return {"score": figure}

    return dataclasses.replace(experiment, tables=tables, figures=plots, paper={"score": 2.5})


def test_a_chapter_gives_its_tables_figures_verdicts_and_numbers(make_experiment, results_dir):
    experiment = fake_chapter_experiment(make_experiment())
    with registry.registered([experiment], claims=[score_claim(1.0)]):
        result = results.run("fake", "full")
        page = chapter.Chapter(experiment, result)
        assert page.table("scores").cells()[0] == ["1.01"]
        assert isinstance(page.figure("score"), Figure)
        assert page.verdict("fake.score").outcome == "reproduced"
        assert page.numbers() == {
            "config.scale": "1",
            "paper.score": "2.5",
            "score": "1.01",
        }
        with pytest.raises(KeyError, match=r"expected one of the tables \['scores'\] of 'fake'"):
            page.table("nonexistent")


def test_numbers_of_nested_config_dicts_are_glued_under_dotted_names(make_experiment, results_dir):
    experiment = fake_chapter_experiment(make_experiment())
    configs = {
        profile: {**config, "task": {"digits": 3, "name": "xml", "sizes": {"large": 64}}}
        for profile, config in experiment.configs.items()
    }
    experiment = dataclasses.replace(experiment, configs=configs)
    with registry.registered([experiment]):
        page = chapter.Chapter(experiment, results.run("fake", "full"))
    numbers = page.numbers()
    assert numbers["config.task.digits"] == "3" and numbers["config.task.sizes.large"] == "64"
    assert "config.task.name" not in numbers and "config.task" not in numbers


def test_loading_a_chapter_shows_the_banner_and_glues_its_numbers(
    make_experiment, results_dir, monkeypatch
):
    shown, glued = [], {}
    monkeypatch.setattr("IPython.display.display", lambda *objects: shown.extend(objects))
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display: glued.update({key: value}))
    experiment = fake_chapter_experiment(make_experiment())
    with registry.registered([experiment]):
        results.save(results.run("fake", "full"))
        page = chapter.load("fake", "full")
    assert page.result.metrics["score"] == pytest.approx(1.01)
    assert "full" in shown[0].data.lower()
    assert f"computed on {page.result.provenance.cpu} (" in shown[0].data
    assert "your own run may differ" in shown[0].data
    assert glued == page.numbers()


def test_a_recertified_result_says_so_on_its_page(fake):
    result = results.run("fake", "full")
    assert "old and the new code" not in chapter.made_on(result)
    provenance = dataclasses.replace(result.provenance, recertified=[{"commit": "b" * 40}])
    recertified = dataclasses.replace(result, provenance=provenance)
    assert "runs of the old and the new code gave the same numbers" in (
        chapter.made_on(recertified)
    )
    moved = dataclasses.replace(result.provenance, recertified=[{"moved": "every definition"}])
    note = chapter.made_on(dataclasses.replace(result, provenance=moved))
    assert "moved to other files, not changed" in note and "scaled-down" not in note


def test_in_a_notebook_a_loaded_chapter_shows_its_figures_as_images(
    make_experiment, results_dir, monkeypatch
):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    monkeypatch.setattr("IPython.display.display", lambda *objects: None)
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display: None)
    experiment = fake_chapter_experiment(make_experiment())
    try:
        with registry.registered([experiment]):
            results.save(results.run("fake", "full"))
            page = chapter.load("fake", "full")
        shown, _ = shell.display_formatter.format(page.figure("score"))
        assert "image/png" in shown
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("name", list(registry.MODULES))
def test_every_chapter_shows_its_tables_and_figures_in_the_book_style(name):
    experiment = registry.get(name)
    result = results.load(results.result_path(name, "smoke"))
    tables = experiment.tables(result)
    assert tables and all(isinstance(table, Table) for table in tables.values())
    drawn = experiment.figures(result)
    assert all(isinstance(figure, Figure) for figure in drawn.values())
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []


def test_the_intro_lists_every_chapter_once_in_book_order():
    intro = (results.REPOSITORY / "book" / "intro.md").read_text()
    listed = re.findall(r"^(\d+)\. \{doc\}`([^`]+)`", intro, flags=re.MULTILINE)
    chapters = [docname.removeprefix("book/") for docname in registry.MODULES.values()]
    assert [name for _, name in listed] == chapters
    assert [int(number) for number, _ in listed] == list(range(1, len(chapters) + 1))


# A code cell that shows a figure: a chapter's ch.figure(...) or a report's *_figure(...).
FIGURE_CELL = re.compile(r"\bch\.figure\(|\breport\.\w+_figure\(")


def test_every_figure_cell_gives_its_figure_a_caption_a_unique_name_and_alt_text():
    import jupytext

    names = []
    for page in sorted((results.REPOSITORY / "book").glob("*.md")):
        if "kernelspec:" not in page.read_text().split("\n---", 1)[0]:
            continue  # not a notebook: no code cells
        for cell in jupytext.read(page).cells:
            if cell.cell_type != "code" or not FIGURE_CELL.search(cell.source):
                continue
            options = cell.metadata.get("mystnb", {})
            figure, image = options.get("figure", {}), options.get("image", {})
            where = f"{page.name}, cell {cell.source.strip()!r}"
            assert len(figure.get("caption", "").split()) >= 8, f"{where}: no caption"
            assert len(image.get("alt", "").split()) >= 8, f"{where}: no alt text"
            names.append(figure.get("name"))
    assert len(names) >= 35, names
    assert None not in names and len(set(names)) == len(names), names
