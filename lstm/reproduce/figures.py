"""The book's figure style: sized for the content column, text a reader can read,
legends off the data.

A chapter module's ``figures(result)`` builds each figure with :func:`book_figure`
and puts a shared legend below the axes with :func:`legend_below`. The tests render
every figure of every chapter on a small result and call :func:`problems`, which names
any text smaller than :data:`MIN_TEXT_PX` as the reader sees it, any figure wider than
the column, any legend that covers plotted data and any axes with more than
:data:`MAX_SERIES` series (:func:`series`): a crowded plot is split into small multiples.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch
from matplotlib.text import Text

COLUMN_PX = 690  # the width of the book's content column at 1280 px
DPI = 100
MIN_TEXT_PX = 13  # the body's "small" size (footnotes, captions) at a 16 px body font
TEXT_PT = 10.5  # 14.6 px at full width: every text of a figure made here starts at this
MAX_SERIES = 6  # the most series (:func:`series`) one axes may draw


def book_figure(
    nrows: int = 1, ncols: int = 1, *, height: float = 3.2, **subplot_kw: object
) -> tuple[Figure, np.ndarray]:
    """A figure as wide as the content column, ``height`` inches tall, with an
    ``nrows`` x ``ncols`` grid of axes (returned as a 2-D array) whose labels, ticks
    and titles start at :data:`TEXT_PT`."""
    if not (isinstance(height, int | float) and 0 < height <= 12):
        raise ValueError(f"expected a height between 0 and 12 inches, got {height!r}")
    figure = Figure(figsize=(COLUMN_PX / DPI, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(nrows, ncols, squeeze=False, subplot_kw=subplot_kw or None)
    for ax in axes.flat:
        ax.tick_params(labelsize=TEXT_PT)
        ax.xaxis.label.set_fontsize(TEXT_PT)
        ax.yaxis.label.set_fontsize(TEXT_PT)
        ax.title.set_fontsize(TEXT_PT + 0.5)
    return figure, axes


def legend_below(figure: Figure, axes: Axes | Sequence[Axes] | None = None, **kw) -> Legend:
    """One legend for the whole figure, outside and below the axes, so it never
    covers data; its entries are the labelled artists of ``axes`` (default: all)."""
    chosen = figure.axes if axes is None else [axes] if isinstance(axes, Axes) else list(axes)
    handles, labels = {}, []
    for ax in chosen:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in handles:
                handles[label] = handle
                labels.append(label)
    if not labels:
        raise ValueError("expected labelled artists to put in a legend, found none")
    kw.setdefault("ncols", min(len(labels), 4))
    kw.setdefault("fontsize", TEXT_PT)
    kw.setdefault("frameon", False)
    return figure.legend(
        [handles[label] for label in labels], labels, loc="outside lower center", **kw
    )


def shown_width_px(figure: Figure) -> float:
    """How wide the figure appears in the column: its pixel width, or the column's
    when the page scales it down."""
    return min(figure.get_figwidth() * figure.dpi, COLUMN_PX)


def text_px(figure: Figure, text: Text) -> float:
    """The height in pixels of ``text``'s font as a reader sees it in the column."""
    scale = shown_width_px(figure) / (figure.get_figwidth() * figure.dpi)
    return text.get_fontsize() * figure.dpi / 72 * scale


def problems(figure: Figure, name: str = "figure") -> list[str]:
    """Everything about ``figure`` that breaks the book's style, one line each."""
    figure.canvas.draw()
    found = []
    width = figure.get_figwidth() * figure.dpi
    if width > COLUMN_PX * 1.05:
        found.append(f"{name}: {width:.0f} px wide, wider than the {COLUMN_PX} px column")
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.get_figure() is not None:
            size = text_px(figure, text)
            if size < MIN_TEXT_PX - 0.05:
                found.append(
                    f"{name}: text {text.get_text()[:30]!r} is {size:.1f} px, "
                    f"under the {MIN_TEXT_PX} px minimum"
                )
    for ax in figure.axes:
        drawn = series(ax)
        if len(drawn) > MAX_SERIES:
            found.append(
                f"{name}: {ax.get_title()!r} draws {len(drawn)} series, more than "
                f"{MAX_SERIES}: split it into panels"
            )
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            covered = _points_under(ax, legend)
            if covered:
                found.append(
                    f"{name}: the legend of {ax.get_title()!r} covers {covered} data points"
                )
    return found


def series(ax: Axes) -> list[tuple]:
    """The series a reader must tell apart in ``ax``: one key per distinct look.

    - A line with a drawn line style is keyed by its colour, line style and marker; lines
      drawn alike are one series (a mean's tick at each category, the faint curves of one
      network's seeds), reference lines (``axhline``) included.
    - Markers without a line (a ``plot`` with no line style, a ``scatter``), segments
      (``errorbar``'s bars, ``vlines``) and labelled areas (``fill_between``, ``axhspan``)
      belong to the line of their colour (a mean's seed dots, an error bar's caps, a band
      around its line); without such a line they are a series of their own, keyed by colour
      and marker. A scatter of many colours (a colour map) is one series.
    - Each ``bar`` call (a bar container) is one series.
    - Legend proxies (artists without data), images, unlabelled areas (the shading of
      segments) and text are none.
    """
    lines, others = set(), []
    bars = [container for container in ax.containers if isinstance(container, BarContainer)]
    in_bars = {id(patch) for container in bars for patch in container}
    for artist in ax.get_children():
        if not artist.get_visible():
            continue
        if isinstance(artist, Line2D):
            if not _has_data(artist.get_xydata()):
                continue
            colour = to_hex(artist.get_color(), keep_alpha=False)
            style, marker = artist.get_linestyle(), str(artist.get_marker())
            marker = "" if marker in _NO_MARKER else "|" if marker in _TICKS else marker
            if style not in _NO_MARKER:
                lines.add((colour, style, marker))
            elif marker:  # in its marker's colour: the face, or the edge of an open one
                face = artist.get_markerfacecolor()
                filled = MarkerStyle(artist.get_marker()).is_filled() and not _is_none(face)
                shown = face if filled and artist.get_fillstyle() != "none" else None
                shown = artist.get_markeredgecolor() if shown is None else shown
                others.append((to_hex(shown, keep_alpha=False), marker))
        elif isinstance(artist, PathCollection):
            if not _has_data(artist.get_offsets()):
                continue
            colours = {to_hex(c, keep_alpha=False) for c in artist.get_facecolors()}
            colours = colours or {to_hex(c, keep_alpha=False) for c in artist.get_edgecolors()}
            paths = artist.get_paths()
            shape = zlib.crc32(np.round(paths[0].vertices, 3).tobytes()) if paths else 0
            mapped = artist.get_array() is not None or len(colours) != 1
            colour = f"map {id(artist)}" if mapped else colours.pop()
            others.append((colour, f"path {shape}"))
        elif isinstance(artist, LineCollection):
            if artist.get_segments() and len(artist.get_colors()):
                others.append((to_hex(artist.get_colors()[0], keep_alpha=False), "|"))
        elif isinstance(artist, PolyCollection | Patch) and id(artist) not in in_bars:
            label = artist.get_label()
            colour = np.reshape(artist.get_facecolor(), (-1, 4))
            if label and not label.startswith("_") and len(colour):
                others.append((to_hex(colour[0], keep_alpha=False), "area"))
    line_colours = {colour for colour, _, _ in lines}
    alone = {key for key in others if key[0] not in line_colours}
    return sorted(lines) + sorted(alone) + [("bars", i) for i in range(len(bars))]


_NO_MARKER = ("None", "", " ")
_TICKS = ("_", "|", "0", "1", "2", "3")  # an error bar's caps: its segments' marker


def _is_none(colour: object) -> bool:
    return isinstance(colour, str) and colour.lower() == "none"


def _has_data(points: np.ndarray) -> bool:
    points = np.asarray(points, dtype=float)
    return points.size > 0 and bool(np.isfinite(points.reshape(len(points), -1)).all(axis=1).any())


def _points_under(ax: Axes, legend: Legend) -> int:
    box = legend.get_window_extent()
    count = 0
    for artist in ax.get_children():
        if isinstance(artist, Line2D) and artist.get_visible():
            points = artist.get_transform().transform(np.column_stack(artist.get_data()))
        elif isinstance(artist, PathCollection) and artist.get_visible():
            points = artist.get_offset_transform().transform(artist.get_offsets())
        else:
            continue
        points = points[np.isfinite(points).all(axis=1)]
        count += int(box.count_contains(points))
    return count


def show_as_images() -> None:
    """In a notebook, show the figures that cells return as PNG images (the book never
    imports pyplot, whose inline backend would otherwise register that display); outside
    one, do nothing."""
    from IPython import get_ipython
    from IPython.core.pylabtools import select_figure_formats

    shell = get_ipython()
    if shell is not None:
        select_figure_formats(shell, "png")
