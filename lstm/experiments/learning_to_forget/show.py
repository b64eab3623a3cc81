"""What chapter 4's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from torch import Tensor

from lstm.experiments.learning_to_forget.experiment import ROWS, prediction_scores
from lstm.nn.side_by_side import SideBySide
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result

PAPER = {
    # Hochreiter & Schmidhuber (1997), Exp 1, Table 1: 3 memory blocks of 2 cells at learning
    # rate 0.5 (their fastest setting), 256 training and 256 test strings, 30 trials on 3
    # pairs of training and test sets.
    "warm_up_blocks": 3,
    "warm_up_cells_per_block": 2,
    "warm_up_lr": 0.5,
    "warm_up_set_size": 256,
    "warm_up_trials": 30,
    "warm_up_set_pairs": 3,
    "warm_up_solved": 30,
    "warm_up_mean_strings": 8_440,
    "warm_up_fewest_strings": 3_800,
    "warm_up_most_strings": 24_100,
    # Gers et al. (2000): 4 memory blocks of 2 cells, 100 networks per row of Table 2, each
    # trained for up to 30,000 training streams; "perfect" means 10^6 symbols without error.
    "blocks": 4,
    "cells_per_block": 2,
    "networks": 100,
    "max_training_streams": 30_000,
    "perfect_symbols": 1_000_000,
    # Their Table 2, by row: % perfect, % good (100 - perfect - bad), % bad, and the median
    # training streams to a solution (the row without reset gives none).
    "reset_perfect": 74,
    "reset_good": 0,
    "reset_bad": 26,
    "reset_streams": 7_441,
    "no_reset_perfect": 0,
    "no_reset_good": 1,
    "no_reset_bad": 99,
    "forget_perfect": 18,
    "forget_good": 29,
    "forget_bad": 53,
    "forget_streams": 18_889,
    "forget_decay_perfect": 62,
    "forget_decay_good": 6,
    "forget_decay_bad": 32,
    "forget_decay_streams": 14_087,
}


def strings_before_first_error(
    model: SideBySide, stream: dict[str, Tensor], resets: Tensor
) -> Tensor:
    """Per network, how many whole strings of ``stream`` it predicts before its first error.

    A step is right by Hochreiter & Schmidhuber's criterion
    (:func:`lstm.tasks.reber.predictions_correct`); a string is right when all its steps
    are. ``resets`` (networks,) bool: which networks get the external reset.
    """
    return prediction_scores(model, stream, resets)[0]


def _warm_up_table(result: Result) -> Table:
    """The non-continual warm-up (1997 Exp 1), the paper's trials beside our networks."""
    warm_up = result.data["warm_up"]
    solved = [s for s in warm_up["solved_at_strings"] if s >= 0]
    trials = len(warm_up["solved_at_strings"])
    rows = [
        ("networks (trials)", PAPER["warm_up_trials"], trials),
        (
            "solved",
            f"{PAPER['warm_up_solved']} of {PAPER['warm_up_trials']}",
            f"{len(solved)} of {trials}",
        ),
        ("training strings allowed", "until solved", result.config["warm_up"]["max_strings"]),
        (
            "mean training strings to success",
            PAPER["warm_up_mean_strings"],
            round(float(np.mean(solved))) if solved else "—",
        ),
        (
            "fewest – most",
            f"{PAPER['warm_up_fewest_strings']:,} – {PAPER['warm_up_most_strings']:,}",
            f"{min(solved):,} – {max(solved):,}" if solved else "—",
        ),
    ]
    return Table(
        [{"what": what, "paper": paper, "ours": ours} for what, paper, ours in rows],
        {"what": "", "paper": "Hochreiter & Schmidhuber 1997", "ours": "ours"},
    )


def _table_2(result: Result) -> Table:
    """Our rows of the paper's Table 2 (% perfect / good / bad) beside the paper's."""
    keys = {row.name: row.key for row in ROWS}
    rows = []
    for row in result.data["rows"]:
        key = keys[row["row"]]
        shown = {"row": row["row"]}
        for outcome in ("perfect", "good", "bad"):
            shown[f"paper_{outcome}"] = PAPER[f"{key}_{outcome}"]
            shown[outcome] = round(100 * row[outcome])
        rows.append(shown)
    columns = {"row": "LSTM"}
    for outcome in ("perfect", "good", "bad"):
        columns |= {f"paper_{outcome}": f"paper: % {outcome}", outcome: f"ours: % {outcome}"}
    return Table(rows, columns)


def _learning_table(result: Result) -> Table:
    """How long the networks that solved the task took: the paper's training streams
    beside ours, and the embedded Reber strings ours read (a stream holds one or many)."""
    keys = {row.name: row.key for row in ROWS}
    rows = [
        {
            "row": row["row"],
            "paper_streams": PAPER.get(f"{keys[row['row']]}_streams", "—"),
            "streams": _count(row["median_streams_to_solve"]),
            "strings": _count(row["median_strings_to_solve"]),
        }
        for row in result.data["rows"]
    ]
    columns = {
        "row": "LSTM",
        "paper_streams": "paper: training streams to solve",
        "streams": "ours: training streams to solve",
        "strings": "ours: strings read to solve",
    }
    return Table(rows, columns)


def _count(value: float | None) -> str:
    """A count for a table: rounded with thousands separators, or a dash for none."""
    return "—" if value is None else f"{value:,.0f}"


def _cell_state_table(result: Result) -> Table:
    """Per row, the largest cell state in the stream's last quarter and its growth."""
    rows = [
        {
            "row": row["row"],
            "last": row["cell_state_last_quarter"],
            "growth": row["cell_state_growth"],
        }
        for row in result.data["rows"]
    ]
    columns = {
        "row": "LSTM",
        "last": "largest |cell state|, last quarter (median over networks)",
        "growth": "last quarter / first quarter",
    }
    return Table(rows, columns)


def _cell_state_figure(result: Result) -> Figure:
    """|cell state| of the best network of each row along one long stream (log scale)."""
    plots = result.data["plots"]
    figure, axes = book_figure(height=3.8)
    ax = axes[0, 0]
    for name, values in plots["cell_state_magnitude"].items():
        ax.plot(np.arange(len(values)) * plots["stride"], values, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("position in the stream (symbols)")
    ax.set_ylabel("largest |cell state|")
    legend_below(figure, ncols=2)
    return figure


def _forget_gate_figure(result: Result) -> Figure:
    """The forget gates of the best forget-gate network over a short stretch of the
    stream, one column per input symbol, dotted lines before each string's B."""
    plots = result.data["plots"]
    gates = np.asarray(plots["forget_gate_window"])
    symbols = plots["window_symbols"]
    figure, axes = book_figure(height=3.2)
    ax = axes[0, 0]
    image = ax.imshow(gates, aspect="auto", cmap="viridis", vmin=0, vmax=1)
    for position, symbol in enumerate(symbols):
        if symbol == "B" and position > 0 and symbols[position - 1] == "E":
            ax.axvline(position - 0.5, color="white", linestyle=":", linewidth=1.5)
    ax.set_xticks(range(len(symbols)), list(symbols), fontsize=TEXT_PT - 1)
    ax.tick_params(axis="x", length=0)
    ax.set_yticks(range(gates.shape[0]), [str(cell + 1) for cell in range(gates.shape[0])])
    ax.set_xlabel("input symbol")
    ax.set_ylabel("cell")
    colorbar = figure.colorbar(image, ax=ax)
    colorbar.set_label("forget gate", fontsize=TEXT_PT)
    colorbar.ax.tick_params(labelsize=TEXT_PT)
    return figure


def tables(result: Result) -> dict[str, Table]:
    """The chapter's tables: the 1997 warm-up, Table 2 and how long learning took beside
    the paper's, and the cell state per row."""
    return {
        "warm_up": _warm_up_table(result),
        "table_2": _table_2(result),
        "learning": _learning_table(result),
        "cell_state": _cell_state_table(result),
    }


def figures(result: Result) -> dict[str, Figure]:
    """The chapter's figures: the cell state along the stream, and the forget gates at
    string boundaries."""
    return {
        "cell_state": _cell_state_figure(result),
        "forget_gates": _forget_gate_figure(result),
    }
