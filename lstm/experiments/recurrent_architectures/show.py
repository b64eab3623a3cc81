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


def _curves_figure(result: Result) -> Figure:
    figure, axes = book_figure(1, len(TASKS), height=3.6)
    colors = dict(zip(CELLS, [f"C{i}" for i in range(len(CELLS))], strict=True))
    for ax, task in zip(axes[0], TASKS, strict=True):
        for network in CELLS:
            curves = np.array([row["curve"] for row in _runs(result, task, network)])
            style = "--" if network in MUTS else "-"
            ax.plot(
                curves[0, :, 0],
                curves[:, :, 1].mean(0),
                style,
                color=colors[network],
                label=network,
                lw=1.2,
            )
        ax.set_title(TASK_NAMES[task], fontsize=TEXT_PT)
        ax.set_xlabel("training step", fontsize=TEXT_PT)
    axes[0, 0].set_ylabel("validation accuracy", fontsize=TEXT_PT)
    legend_below(figure, ncols=5)
    return figure


def _forget_bias_figure(result: Result) -> Figure:
    figure, axes = book_figure(1, len(TASKS), height=3.0)
    m = result.metrics
    networks = ("LSTM", "LSTM-b", "LSTM-b2", "LSTM-b3")
    for ax, task in zip(axes[0], TASKS, strict=True):
        means = [m[f"{task}_{n}_mean"] for n in networks]
        spreads = [m[f"{task}_{n}_std"] for n in networks]
        ax.errorbar(FORGET_BIASES, means, yerr=spreads, marker="o", capsize=3, label="LSTM")
        gru, spread = m[f"{task}_GRU_mean"], m[f"{task}_GRU_std"]
        ax.axhspan(gru - spread, gru + spread, color="tab:orange", alpha=0.25, lw=0)
        ax.axhline(gru, color="tab:orange", label="GRU (band: ±1 s.d.)")
        ax.set_xticks(FORGET_BIASES)
        ax.set_title(TASK_NAMES[task], fontsize=TEXT_PT)
        ax.set_xlabel("forget-gate bias", fontsize=TEXT_PT)
    axes[0, 0].set_ylabel("test accuracy", fontsize=TEXT_PT)
    legend_below(figure, axes[0, 0], ncols=2)
    return figure


def figures(result: Result) -> dict[str, Figure]:
    return {
        "accuracy": _accuracy_figure(result),
        "curves": _curves_figure(result),
        "forget_bias": _forget_bias_figure(result),
    }
