"""What chapter 1's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from lstm.reproduce.figures import book_figure, legend_below
from lstm.reproduce.report import Table

if TYPE_CHECKING:
    from lstm.reproduce.results import Result


#: The paper's own figure: the carousel bridges lags in excess of 1,000 steps (Hochreiter &
#: Schmidhuber 1997, abstract), passing the error back with weight exactly 1 (section 3).
PAPER = {"lag_bridged": 1000}


def tables(result: Result) -> dict[str, Table]:
    """``parity`` (our LSTM against PyTorch's), ``error_flow`` (the paper's figures beside
    ours) and ``gates`` (the memory cell's gates, per seed)."""
    metrics, lag = result.metrics, f"{result.metrics['max_lag']:,}"
    flow_rows = [
        {
            "quantity": "largest |error flow − 1| through the carousel, any lag",
            "paper": "0 (constant by construction)",
            "ours": metrics["carousel_deviation"],
        },
        {
            "quantity": f"same cell, full BPTT: error flow at lag {lag} (median)",
            "paper": "not constant: hence the truncation",
            "ours": metrics["full_bptt_flow_at_max_lag"],
        },
        {
            "quantity": f"tanh RNN: error flow at lag {lag} (worst seed)",
            "paper": "vanishes exponentially",
            "ours": metrics["rnn_flow_at_max_lag"],
        },
        {
            "quantity": "tanh RNN: fitted decay factor per step (worst seed)",
            "paper": "< 1",
            "ours": metrics["rnn_decay_per_step"],
        },
    ]
    return {
        "parity": Table(
            result.data["parity"],
            {
                "shape": "layer",
                "parameters": "parameters",
                "output_gap": "fused: output gap",
                "gradient_gap": "fused: gradient gap",
                "loop_output_gap": "compiled loop: output gap",
                "step_output_gap": "step loop: output gap",
            },
        ),
        "error_flow": Table(flow_rows, {"quantity": "quantity", "paper": "paper", "ours": "ours"}),
        "gates": Table(
            result.data["per_seed"],
            {
                "seed": "seed",
                "test_mse": "test MSE",
                "memory_cell_correlation": "memory cell follows value (|r|)",
                "input_gate_at_store": "input gate at store",
                "input_gate_elsewhere": "input gate elsewhere",
                "forget_gate_while_holding": "forget gate while holding",
                "forget_gate_at_reset": "forget gate at forget marker",
            },
        ),
    }


def figures(result: Result) -> dict[str, Figure]:
    """``error_flow`` (the four curves against the lag) and ``gates_at_work`` (one test
    stream: the task, the memory cell's gates and its state)."""
    return {"error_flow": _error_flow_figure(result), "gates_at_work": _gates_figure(result)}


def _error_flow_figure(result: Result) -> Figure:
    lags = np.array(result.data["lags"])
    figure, axes = book_figure(height=4.2)
    ax = axes[0, 0]
    styles = ["-", "--", "-.", ":"]
    for (label, curves), style in zip(result.data["curves"].items(), styles, strict=True):
        median = np.median(np.array(curves), axis=0)
        ax.plot(lags[1:], median[1:], style, lw=2, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-30, 1e6)
    ax.set_xlabel("lag k (time steps back from the error)")
    ax.set_ylabel("error flow / flow at lag 0")
    ax.set_title("Error flow back through time (median over seeds)")
    legend_below(figure, ncols=2)
    return figure


def _gates_figure(result: Result) -> Figure:
    example = result.data["example"]
    steps = np.arange(len(example["value"]))
    figure, axes = book_figure(3, 1, height=7.0)
    signal, gates, cell = axes[:, 0]
    for ax in (gates, cell):
        ax.sharex(signal)
    # The markers have colours of their own (no gate, signal or state is drawn in them),
    # and a line style each, so that a colour means one thing in the figure.
    for ax in axes[:, 0]:
        for marker, colour, style in (("store", "tab:cyan", "-"), ("forget", "tab:brown", "-.")):
            for t in steps[np.array(example[marker]) > 0]:
                ax.axvline(t, color=colour, ls=style, lw=1.2, alpha=0.8, label=f"{marker} marker")
        ax.label_outer()
    signal.plot(steps, example["value"], color="0.7", lw=0.8, label="input value")
    signal.plot(steps, example["target"], color="k", label="target: the stored value")
    signal.plot(steps, example["prediction"], color="tab:blue", ls="--", label="LSTM output")
    signal.set_ylabel("value")
    for name, colour in (
        ("input_gate", "tab:green"),
        ("forget_gate", "tab:red"),
        ("output_gate", "tab:purple"),
    ):
        gates.plot(steps, example[name], color=colour, label=name.replace("_", " "))
    gates.set_ylabel("gate activation")
    gates.set_ylim(-0.05, 1.05)
    # The cell holds the value up to a scale (and sign) of its own: the stored value is
    # drawn scaled by the least-squares factor, so that holding shows as the two lines
    # running together.
    state, target = np.array(example["cell_state"]), np.array(example["target"])
    scale = float(state @ target / (target @ target)) if target.any() else 0.0
    cell.plot(steps, state, color="tab:orange", lw=2, label="cell state")
    cell.plot(steps, scale * target, color="k", ls=":", label=f"stored value × {scale:.2g}")
    cell.set_ylabel("cell state")
    cell.set_xlabel("time step")
    signal.set_title(f"One test stream (seed {example['seed']})")
    legend_below(figure, ncols=3)
    return figure
