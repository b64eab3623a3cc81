"""What chapter 9's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lstm.experiments.recurrent_architectures.experiment import CELLS, MUTS, NETWORKS, TASKS
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table, rounded
from lstm.reproduce.results import Result

#: Jozefowicz et al. (2015): over ten thousand architectures evaluated; Table 1's
#: next-step accuracies on arithmetic and XML (as the project's notes have them from a
#: secondary source).
PAPER = {
    "architectures": 10_000,
    "arithmetic_tanh": 0.295,
    "arithmetic_LSTM": 0.892,
    "arithmetic_LSTM-f": 0.293,
    "arithmetic_LSTM-i": 0.751,
    "arithmetic_LSTM-o": 0.867,
    "arithmetic_LSTM-b": 0.902,
    "arithmetic_GRU": 0.896,
    "arithmetic_MUT1": 0.921,
    "xml_tanh": 0.321,
    "xml_LSTM": 0.425,
    "xml_LSTM-f": 0.234,
    "xml_LSTM-i": 0.414,
    "xml_LSTM-o": 0.421,
    "xml_LSTM-b": 0.444,
    "xml_GRU": 0.460,
    "xml_MUT1": 0.475,
}


#: The forget-gate biases of the sweep; 0 and 1 are the cells LSTM and LSTM-b.
FORGET_BIASES = (0, 1, 2, 3)


PAPER_TASKS = ("arithmetic", "xml")


TASK_NAMES = {
    "arithmetic": "arithmetic",
    "xml": "XML",
    "reber": "continual Reber",
}


def _ours(metrics: dict, task: str, network: str) -> str:
    mean, std = metrics[f"{task}_{network}_mean"], metrics[f"{task}_{network}_std"]
    return f"{mean:.3f} ± {std:.3f}"


def _accuracy_table(result: Result) -> Table:
    m = result.metrics
    rows = []
    for network in CELLS:
        row = {"cell": network, "reber": _ours(m, "reber", network)}
        for task in PAPER_TASKS:
            row[f"{task}_ours"] = _ours(m, task, network)
            row[f"{task}_paper"] = PAPER.get(f"{task}_{network}", "")
        rows.append(row)
    columns = {
        "cell": "cell",
        "arithmetic_ours": "arithmetic",
        "arithmetic_paper": "paper",
        "xml_ours": "XML",
        "xml_paper": "paper",
        "reber": "continual Reber",
    }
    return Table(rows, columns)


def _memory_table(result: Result) -> Table:
    m = result.metrics
    rows = [
        {"cell": network, **{task: m[f"{task}_{network}_memory"] for task in TASKS}}
        for network in CELLS
    ]
    return Table(
        rows,
        {
            "cell": "cell",
            "arithmetic": "arithmetic: whole answers",
            "xml": "XML: closing names",
            "reber": "Reber: long-lag symbol",
        },
    )


def _forget_bias_table(result: Result) -> Table:
    m = result.metrics
    networks = ("LSTM", "LSTM-b", "LSTM-b2", "LSTM-b3")
    rows = [
        {"bias": bias, **{task: _ours(m, task, network) for task in TASKS}}
        for bias, network in zip(FORGET_BIASES, networks, strict=True)
    ]
    rows.append({"bias": "GRU", **{task: _ours(m, task, "GRU") for task in TASKS}})
    return Table(rows, {"bias": "forget-gate bias", **TASK_NAMES})


def _budget_table(result: Result) -> Table:
    """Per network, its units, parameters and learning rate on each task, as
    arithmetic / XML / Reber."""
    m = result.metrics

    def per_task(network: str, what: str) -> str:
        return " / ".join(rounded(m[f"{task}_{network}_{what}"]) for task in TASKS)

    rows = [
        {"network": n, **{what: per_task(n, what) for what in ("hidden", "parameters", "lr")}}
        for n in NETWORKS
    ]
    return Table(
        rows,
        {
            "network": "network",
            "hidden": "units",
            "parameters": "parameters",
            "lr": "learning rate",
        },
    )


def tables(result: Result) -> dict[str, Table]:
    return {
        "accuracy": _accuracy_table(result),
        "memory": _memory_table(result),
        "forget_bias": _forget_bias_table(result),
        "budget": _budget_table(result),
    }


def _runs(result: Result, task: str, network: str) -> list[dict]:
    study = f"{task}/{network}/{result.metrics[f'{task}_{network}_lr']}"
    return [row for row in result.data["runs"] if row["study"] == study]


def _accuracy_figure(result: Result) -> Figure:
    figure, axes = book_figure(len(TASKS), 1, height=7.0)
    positions = np.arange(len(CELLS))
    for ax, task in zip(axes[:, 0], TASKS, strict=True):
        for i, network in enumerate(CELLS):
            values = [row["test_accuracy"] for row in _runs(result, task, network)]
            ax.plot([i] * len(values), values, "o", color="tab:blue", alpha=0.5, ms=4)
            ax.plot([i - 0.3, i + 0.3], [np.mean(values)] * 2, color="k", lw=1.5)
            paper = PAPER.get(f"{task}_{network}")
            if paper is not None:
                ax.plot(i, paper, "x", color="tab:red", ms=7, mew=2)
        ax.set_xticks(positions, CELLS, fontsize=TEXT_PT - 1)
        ax.set_ylabel(f"{TASK_NAMES[task]}\naccuracy", fontsize=TEXT_PT)
    axes[0, 0].plot([], [], "o", color="tab:blue", alpha=0.5, label="one seed (test)")
    axes[0, 0].plot([], [], color="k", label="mean over seeds")
    axes[0, 0].plot([], [], "x", color="tab:red", mew=2, label="paper, Table 1")
    legend_below(figure, axes[0, 0], ncols=3)
    return figure


#: The curves figure's rows, each a comparison of its own at most six cells: the LSTM and
#: the LSTM without one of its parts, then the LSTM against the other cells.
CURVE_GROUPS = {
    "LSTM variants": ("LSTM", "LSTM-f", "LSTM-i", "LSTM-o", "LSTM-b"),
    "other cells": ("LSTM", "tanh", "GRU", "MUT1", "MUT2", "MUT3"),
}

#: One colour per cell across the figures (the LSTM, in every row, black).
CELL_COLOURS = {
    "LSTM": "black",
    "LSTM-f": "tab:orange",
    "LSTM-i": "tab:green",
    "LSTM-o": "tab:red",
    "LSTM-b": "tab:purple",
    "tanh": "tab:gray",
    "GRU": "tab:blue",
    "MUT1": "tab:brown",
    "MUT2": "tab:pink",
    "MUT3": "tab:cyan",
}


def _curves_figure(result: Result) -> Figure:
    """Validation accuracy during training, one row per group of :data:`CURVE_GROUPS` and
    one column per task (a column's panels share their axes): each cell's mean over the
    seeds, every seed a thin line of the same colour."""
    figure, axes = book_figure(len(CURVE_GROUPS), len(TASKS), height=6.0)
    for column, task in enumerate(TASKS):
        for row, (group, cells) in enumerate(CURVE_GROUPS.items()):
            ax = axes[row, column]
            if row:
                ax.sharex(axes[0, column])
                ax.sharey(axes[0, column])
            for network in cells:
                curves = np.array([run["curve"] for run in _runs(result, task, network)])
                style = {
                    "color": CELL_COLOURS[network],
                    "linestyle": "--" if network in MUTS else "-",
                }
                for curve in curves:
                    ax.plot(curve[:, 0], curve[:, 1], lw=0.6, alpha=0.3, **style)
                ax.plot(curves[0, :, 0], curves[:, :, 1].mean(0), lw=1.5, label=network, **style)
            if row == 0:
                ax.set_title(TASK_NAMES[task], fontsize=TEXT_PT)
                ax.tick_params(labelbottom=False)
            else:
                ax.set_xlabel("training step", fontsize=TEXT_PT)
            if column == 0:
                ax.set_ylabel(f"{group}:\nvalidation accuracy", fontsize=TEXT_PT)
    legend_below(figure, ncols=5)
    return figure


def _forget_bias_figure(result: Result) -> Figure:
    """Test accuracy of the LSTM at each forget-gate bias and of the GRU: every seed a dot,
    the mean a line (the GRU's dashed across the panel, for comparison)."""
    figure, axes = book_figure(1, len(TASKS), height=3.2)
    networks = ("LSTM", "LSTM-b", "LSTM-b2", "LSTM-b3")
    gru_at = len(FORGET_BIASES)
    for ax, task in zip(axes[0], TASKS, strict=True):
        seeds = [[row["test_accuracy"] for row in _runs(result, task, n)] for n in networks]
        for bias, values in zip(FORGET_BIASES, seeds, strict=True):
            ax.plot([bias] * len(values), values, "o", color="tab:blue", alpha=0.6, ms=4)
        ax.plot(FORGET_BIASES, [np.mean(v) for v in seeds], color="tab:blue", label="LSTM")
        gru = [row["test_accuracy"] for row in _runs(result, task, "GRU")]
        ax.plot([gru_at] * len(gru), gru, "o", color="tab:orange", alpha=0.6, ms=4)
        ax.axhline(np.mean(gru), color="tab:orange", linestyle="--", label="GRU")
        ax.set_xticks([*FORGET_BIASES, gru_at], [*map(str, FORGET_BIASES), "GRU"])
        ax.set_xlim(FORGET_BIASES[0] - 0.5, gru_at + 0.5)
        ax.set_title(TASK_NAMES[task], fontsize=TEXT_PT)
        ax.set_xlabel("forget-gate bias", fontsize=TEXT_PT)
    axes[0, 0].set_ylabel("test accuracy", fontsize=TEXT_PT)
    axes[0, 0].plot([], [], "o", color="0.4", alpha=0.6, ms=4, label="one seed")
    legend_below(figure, axes[0, 0], ncols=3)
    return figure


def figures(result: Result) -> dict[str, Figure]:
    return {
        "accuracy": _accuracy_figure(result),
        "curves": _curves_figure(result),
        "forget_bias": _forget_bias_figure(result),
    }
