"""What chapter 10's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lstm.experiments.precise_timing.experiment import (
    CELL_TASK,
    GENERATING,
    NETWORKS,
    TASKS,
    _batch,
    first_period,
    period,
    sequences,
)
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result

#: Gers et al. (2002), as the project's notes have them from a secondary source: the
#: network's weights, and which settings each network solved (qualitative: the notes
#: give no success rates).
PAPER = {
    "weights": 17,
    "forget_bias": -2.0,
    "solved": {
        "peephole": "GTS and most PFG settings; MSD with 49 or 50 steps",
        "forget": "only cos at F = 10",
        "1997": "no more than two periods",
    },
}


NETWORK_NAMES = {"peephole": "peepholes", "forget": "no peepholes", "1997": "1997, no forget gate"}


def test_periods(task: str, config: dict) -> int:
    """The whole periods in the task's free-running test run."""
    return (config["test_steps"] - first_period(task)) // period(task)


def _shown_name(task: str) -> str:
    """A task's name with a non-breaking hyphen, so that a narrow table keeps it whole."""
    return task.replace("-", "\u2011")


def _successes(m: dict, task: str, network: str) -> str:
    text = f"{int(m[f'{task}_{network}_successes'])}/{int(m['seeds'])}"
    taken = m[f"{task}_{network}_sequences"]
    return text if np.isnan(taken) else f"{text} ({taken:,.0f})"


def _success_table(result: Result) -> Table:
    m = result.metrics
    rows = [
        {
            "task": _shown_name(task),
            **{network: _successes(m, task, network) for network in NETWORKS},
            "p": f"{m[f'{task}_fisher_p']:.3f}",
        }
        for task in TASKS
    ]
    return Table(rows, {"task": "task", **NETWORK_NAMES, "p": "Fisher p"})


def _periods_table(result: Result) -> Table:
    m = result.metrics

    def span(task: str, network: str) -> str:
        return f"{m[f'{task}_{network}_periods_min']}–{m[f'{task}_{network}_periods_max']}"

    rows = [
        {
            "task": _shown_name(task),
            **{network: span(task, network) for network in NETWORKS},
            "test": test_periods(task, result.config),
        }
        for task in GENERATING
    ]
    return Table(rows, {"task": "task", **NETWORK_NAMES, "test": "test run"})


def _selection_table(result: Result) -> Table:
    """Per task and network, what the first seed did at each learning rate of the grid:
    the training sequences it took to solve the validation run, or a dash; the chosen rate
    is marked *."""
    m = result.metrics
    found = {row["study"]: row for row in result.data["selection"]}

    def tried(task: str, network: str) -> str:
        cells = []
        for lr in result.config["learning_rates"]:
            row = found[f"{task}/{network}/{lr}"]
            text = (
                f"{int(row['value']) * _batch(task, result.config):,}" if row["validated"] else "–"
            )
            cells.append(text + ("*" if lr == m[f"{task}_{network}_lr"] else ""))
        return " / ".join(cells)

    rows = [
        {"task": _shown_name(task), **{network: tried(task, network) for network in NETWORKS}}
        for task in TASKS
    ]
    return Table(rows, {"task": "task", **NETWORK_NAMES})


def tables(result: Result) -> dict[str, Table]:
    return {
        "successes": _success_table(result),
        "periods": _periods_table(result),
        "selection": _selection_table(result),
    }


def _runs(result: Result, task: str, network: str) -> list[dict]:
    study = f"{task}/{network}/{result.metrics[f'{task}_{network}_lr']}"
    return [row for row in result.data["runs"] if row["study"] == study]


def _shown(result: Result, task: str, network: str) -> dict:
    """The run a figure shows: the first judged seed that solved the task, or the first
    judged seed if none did."""
    runs = _runs(result, task, network)
    return next((row for row in runs if row["solved"]), runs[0])


def _success_figure(result: Result) -> Figure:
    figure, axes = book_figure(1, 1, height=3.4)
    ax = axes[0, 0]
    m = result.metrics
    width = 0.27
    positions = np.arange(len(TASKS))
    for i, network in enumerate(NETWORKS):
        rates = [m[f"{task}_{network}_successes"] / m["seeds"] for task in TASKS]
        ax.bar(positions + (i - 1) * width, rates, width, label=NETWORK_NAMES[network])
    ax.set_xticks(positions, TASKS, rotation=45, ha="right", fontsize=TEXT_PT - 1)
    ax.set_ylabel("share of seeds solved", fontsize=TEXT_PT)
    ax.set_ylim(0, 1.05)
    legend_below(figure, ax, ncols=3)
    return figure


#: The tasks whose free runs the trace figure shows, with the periods it shows of each.
TRACED = {"GTS-10": 8, "cos-25": 4, "triangle-10": 8, "rectangle-25": 4}


def _free_run_figure(result: Result) -> Figure:
    figure, axes = book_figure(len(TRACED), 1, height=7.5)
    end = result.config["test_steps"]
    for ax, (task, periods) in zip(axes[:, 0], TRACED.items(), strict=True):
        shown = periods * period(task)  # the run's last periods
        t = np.arange(end - shown, end)
        target = sequences(task, "test", result.config).targets[0, end - shown :, 0].numpy()
        ax.plot(t, target, color="k", lw=2.5, alpha=0.3, label="target")
        for network in NETWORKS:
            row = _shown(result, task, network)
            label = f"{NETWORK_NAMES[network]}"
            ax.plot(t, row["output_tail"][-shown:], lw=1.1, label=label)
        ax.set_ylabel(task, fontsize=TEXT_PT)
        ax.set_ylim(-0.3, 1.3)
    axes[-1, 0].set_xlabel("step of the free run", fontsize=TEXT_PT)
    legend_below(figure, axes[0, 0], ncols=2)
    return figure


def _cell_run(result: Result) -> dict | None:
    """The first run with peepholes that solved :data:`CELL_TASK`: a judged seed if one
    did, else the first seed at any learning rate; None if no run solved it."""
    selection = [
        row for row in result.data["selection"] if row["study"].startswith(f"{CELL_TASK}/peephole/")
    ]
    runs = _runs(result, CELL_TASK, "peephole") + selection
    return next((row for row in runs if row["solved"]), None)


def _cell_figure(result: Result) -> Figure:
    """The cells of the first run with peepholes that solved GTS-10, its first four
    periods: cell states, forget gates and what the forget gate's peephole adds."""
    figure, axes = book_figure(3, 1, height=5.5)
    row = _cell_run(result)
    F = period(CELL_TASK)
    steps = 4 * F + 1
    for ax, name, label in zip(
        axes[:, 0],
        ("cell_state", "forget_gate", "peephole_forget"),
        ("cell state $c_t$", "forget gate $f_t$", "peephole $p_f c_{t-1}$"),
        strict=True,
    ):
        ax.set_ylabel(label, fontsize=TEXT_PT)
        if row is None:
            continue
        values = np.array(row["cells"][name])
        for cell in range(values.shape[1]):
            ax.plot(np.arange(steps), values[:, cell], lw=1.1, label=f"cell {cell + 1}")
        for spike in range(F, steps, F):
            ax.axvline(spike, color="k", lw=0.6, alpha=0.3)
    if row is None:
        axes[0, 0].set_title(f"no run with peepholes solved {CELL_TASK}", fontsize=TEXT_PT)
    else:
        axes[0, 0].set_title(f"{CELL_TASK}, seed {row['seed']}", fontsize=TEXT_PT)
        legend_below(figure, axes[0, 0], ncols=4)
    axes[-1, 0].set_xlabel("step (grey lines: target spikes)", fontsize=TEXT_PT)
    return figure


def figures(result: Result) -> dict[str, Figure]:
    return {
        "successes": _success_figure(result),
        "free_runs": _free_run_figure(result),
        "cells": _cell_figure(result),
    }
