"""Figures a reader can read: every axes of every chapter's figures, drawn from the
committed full results, draws at most :data:`lstm.reproduce.figures.MAX_SERIES` (6)
series, and every text on them (ticks, labels, titles, legends) is at least
:data:`lstm.reproduce.figures.MIN_TEXT_PX` (13 px) tall as the reader sees it in the
book's column, the size of the body's small print.

What counts as a series is :func:`lstm.reproduce.figures.series`, the rule these tests pin
down: one series per distinct look a reader must tell apart.

- A line (with a line style) is keyed by its colour, line style and marker. Lines drawn
  alike are one series: the mean's tick at each category, the faint curves of one net's
  seeds. Reference lines (``axhline``, ``axvline``) count like any line.
- Markers without a line (seed dots, a ``scatter``), segments (error bars, ``vlines``)
  and labelled areas (bands, spans) belong to the line of their colour; without one they
  are a series of their own, keyed by colour and marker shape.
- Each ``bar`` call is one series.
- Legend proxies (artists without data), images, unlabelled areas and text count for
  nothing.

A crowded panel is split into small multiples that share their axes (see chapters 3, 5,
9 and 11), not given more colours.

The chapters' own figures are drawn here from ``data/results/<name>.json`` as the book
shows them. A result that is stale (its experiment changed since it was made) is drawn
from the committed JSON all the same; only where the current ``show.py`` cannot draw it
at all (a re-run of the chapter is due) is the chapter skipped, with the reason.
"""

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from lstm.reproduce import figures, registry, results
from lstm.reproduce.figures import MAX_SERIES, MIN_TEXT_PX, book_figure


@pytest.fixture
def committed(monkeypatch):
    """The committed results in ``data/results``, as the book reads them."""
    monkeypatch.delenv("LSTM_RESULTS_DIR", raising=False)
    monkeypatch.delenv("LSTM_RERUN", raising=False)


def chapter_figures(name: str) -> dict[str, Figure]:
    """Chapter ``name``'s figures, drawn from its committed full result (stale or not);
    skipped, with the reason, where the result is stale and the current ``show.py``
    cannot draw it."""
    experiment = registry.get(name)
    try:
        result = results.obtain(name, "full")
    except results.StaleResult as stale:
        result = results.load(results.result_path(name, "full"))
        try:
            return experiment.figures(result)
        except Exception as error:  # the shape of an older run's data
            pytest.skip(
                f"{name}: {stale}; the current show.py cannot draw its figures from the "
                f"committed JSON ({type(error).__name__}: {error}); re-run the chapter"
            )
    return experiment.figures(result)


@pytest.mark.timeout(180)
@pytest.mark.parametrize("name", list(registry.MODULES))
def test_a_chapters_figures_draw_at_most_six_series_per_axes_in_readable_text(name, committed):
    drawn = chapter_figures(name)
    assert drawn, f"{name} draws no figures"
    crowded = [
        f"{name}.{key}, axes {index} {ax.get_title()!r}: {len(found)} series {found}"
        for key, figure in drawn.items()
        for index, ax in enumerate(figure.axes)
        if len(found := figures.series(ax)) > MAX_SERIES
    ]
    assert crowded == []
    tiny = [
        f"{name}.{key}: {text.get_text()[:30]!r} is {figures.text_px(figure, text):.1f} px"
        for key, figure in drawn.items()
        if figure.canvas.draw() is None
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip() and text.get_figure() is not None
        if figures.text_px(figure, text) < MIN_TEXT_PX - 0.05
    ]
    assert tiny == [], f"text under the {MIN_TEXT_PX} px minimum"
    style = [line for key, figure in drawn.items() for line in figures.problems(figure, key)]
    assert style == []


@pytest.mark.timeout(30)
def test_a_series_is_a_look_a_reader_tells_apart():
    figure, axes = book_figure(1, 1)
    ax = axes[0, 0]
    x = np.arange(5.0)
    for seed in range(3):  # one net's seeds, drawn alike: one series with its mean
        ax.plot(x, x + seed, color="C0", lw=0.6, alpha=0.3)
    ax.plot(x, x + 1, color="C0", lw=2, label="mean")
    ax.plot(x, x + 1, "o", color="C0")  # its seed dots
    ax.errorbar(x, 2 * x, yerr=0.5, color="C1", marker="o", capsize=3)  # line, bars, caps
    ax.plot(x, 3 * x, "--", color="C0")  # another line style: another series
    ax.scatter(x, x, color="C2", marker="o")  # markers without a line: keyed by shape
    ax.scatter(x, x, color="C2", marker="^")
    ax.scatter(x, x, c=x)  # a colour map: one series
    ax.bar(x, x, label="bars")
    ax.axhline(1.0, color="0.5", ls=":")  # a reference line
    ax.axvspan(1, 2, color="0.9")  # unlabelled shading: nothing
    ax.plot([], [], color="C9", label="a legend proxy")  # no data: nothing
    ax.plot([0, 1], [np.nan, np.nan], color="C8")  # nothing drawn: nothing
    assert len(figures.series(ax)) == 8


@pytest.mark.timeout(30)
def test_the_style_check_names_an_axes_with_too_many_series():
    figure, axes = book_figure(1, 2)
    x = np.arange(5.0)
    for i in range(MAX_SERIES + 1):
        axes[0, 0].plot(x, x + i, color=f"C{i}")
    for i in range(MAX_SERIES):
        axes[0, 1].plot(x, x + i, color=f"C{i}")
    axes[0, 0].set_title("crowded")
    assert figures.problems(figure, "fig") == [
        f"fig: 'crowded' draws {MAX_SERIES + 1} series, more than {MAX_SERIES}: "
        "split it into panels"
    ]


@pytest.mark.timeout(60)
def test_chapter_1s_markers_have_colours_of_their_own(committed):
    """In the gates figure a colour means one thing: no other line (a gate, a signal, the
    cell state) has the colour of the store or the forget marker."""
    figure = chapter_figures("lstm_cell")["gates_at_work"]
    lines = [line for ax in figure.axes for line in ax.get_lines()]
    markers = {to_hex(line.get_color()) for line in lines if "marker" in line.get_label()}
    assert len(markers) == 2
    clashes = {
        line.get_label()
        for line in lines
        if "marker" not in line.get_label() and to_hex(line.get_color()) in markers
    }
    assert clashes == set()


@pytest.mark.timeout(60)
def test_chapter_12_draws_every_seed_beside_a_mean(committed):
    """Chapter 12's seeds can split (two near 10 %, one near 90 %): wherever its figures
    draw a mean over the seeds, each seed is a dot of the same colour beside it."""
    drawn = chapter_figures("speech_recognition")
    rows_of = results.load(results.result_path("speech_recognition", "full")).data["rows"]
    for key in ("depth", "lstmp"):
        ax = drawn[key].axes[0]
        dots = [line for line in ax.get_lines() if line.get_linestyle() == "None"]
        values = sorted(round(float(y), 6) for line in dots for y in line.get_ydata())
        if key == "depth":  # every network at the large budget but the LSTMP
            rows = [r for r in rows_of if r["budget"] == "large" and r["key"] != "blstmp-3l"]
        else:  # the LSTM and the LSTMP at both budgets
            rows = [r for r in rows_of if r["key"] in ("blstm-3l", "blstmp-3l")]
        expected = sorted(round(100 * per, 6) for r in rows for per in r["pers"])
        assert values == expected, key
