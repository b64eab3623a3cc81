"""What chapter 2's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from lstm.reproduce.figures import book_figure, legend_below
from lstm.reproduce.report import Table

if TYPE_CHECKING:
    from lstm.reproduce.results import Result


#: The papers' own figures: standard recurrent nets fail to latch beyond 5-10 steps (as
#: Gers et al. 2000 sum up Bengio et al. 1994 and Hochreiter 1991), and the 1997 LSTM's
#: sequences to success on this task (Hochreiter & Schmidhuber 1997, Exp 3, Table 4).
PAPER = {
    "rnn_fails_beyond_low": 5,
    "rnn_fails_beyond_high": 10,
    "lstm_sequences_100": 27_380,
    "lstm_sequences_1000": 446_850,
}


NAMES = {"rnn": "tanh RNN", "lstm": "1997 LSTM"}


def tables(result: Result) -> dict[str, Table]:
    """``error_flow`` (the fitted decay and the flow at the longest lag, beside the papers'
    description), ``latching_rnn`` and ``latching_lstm`` (per length, the paper's figure
    beside each net's success rate and sequences to success) and ``rnn_solved`` (the RNN's
    successful runs, by length and seed)."""
    return {
        "error_flow": _error_flow_table(result),
        "latching_rnn": _latching_table(result, "rnn"),
        "latching_lstm": _latching_table(result, "lstm"),
        "rnn_solved": Table(
            [run for run in result.data["runs"] if run["kind"] == "rnn" and run["solved"]],
            {"length": "length T", "seed": "seed", "steps": "training steps to success"},
        ),
    }


def _error_flow_table(result: Result) -> Table:
    flows, fits = result.data["flows"], result.data["fits"]
    trained = f"trained (T = {result.config['flow_trained_length']})"
    rows = [
        {
            "network": f"tanh RNN, {'at initialisation' if when == 'init' else trained}",
            "paper": "vanishes exponentially",
            "at_max": flows[f"rnn_{when}"][-1],
            "factor": fits[when]["factor_per_step"],
            "decade": fits[when]["lags_per_decade"],
            "r2": fits[when]["r_squared"],
        }
        for when in ("init", "trained")
    ]
    rows += [
        {
            "network": f"1997 LSTM, {'at initialisation' if when == 'init' else trained}",
            "paper": "constant (the carousel)",
            "at_max": flows[f"lstm_{when}"][-1],
            "factor": "—",
            "decade": "—",
            "r2": "—",
        }
        for when in ("init", "trained")
    ]
    columns = {
        "network": "network",
        "paper": "papers",
        "at_max": f"flow at lag {len(flows['rnn_init']) - 1:,}",
        "factor": "fitted factor per step",
        "decade": "steps per factor 10",
        "r2": "r² of the fit",
    }
    return Table(rows, columns)


def _latching_table(result: Result, kind: str) -> Table:
    success, runs = result.data["success"][kind], result.data["runs"]
    rows = []
    for length in result.config["lengths"]:
        solved = [
            run["sequences_to_success"]
            for run in runs
            if run["kind"] == kind and run["length"] == length and run["solved"]
        ]
        rows.append(
            {
                "T": length,
                "paper": _paper_latching(kind, length),
                "success": success[str(length)],
                "sequences": float(np.median(solved)) if solved else "—",
            }
        )
    paper = {
        "rnn": "papers: standard RNN",
        "lstm": "paper: LSTM's sequences to success",
    }
    columns = {
        "T": "length T",
        "paper": paper[kind],
        "success": f"ours: {NAMES[kind]}, success rate",
        "sequences": "ours: median sequences to success",
    }
    return Table(rows, columns)


def _paper_latching(kind: str, length: int) -> str | int:
    """The papers' figure for ``kind`` at sequence length ``length``: for standard RNNs the
    5-10 steps beyond which they fail, for the LSTM its sequences to success (Exp 3)."""
    if kind == "lstm":
        return PAPER.get(f"lstm_sequences_{length}", "—")
    if length <= PAPER["rnn_fails_beyond_low"]:
        return "learns"
    if length <= PAPER["rnn_fails_beyond_high"]:
        return "at its limit"
    return "fails"


def figures(result: Result) -> dict[str, Figure]:
    """``decaying_flow`` (the nets whose error flow vanishes), ``carousel_flow`` (the 1997
    LSTM's, which does not) and ``latching`` (success rate against the length)."""
    trained = f"trained at T = {result.config['flow_trained_length']}"
    return {
        "decaying_flow": _flow_figure(
            result,
            {
                "rnn_init": ("tanh RNN, at initialisation", "C0", "-"),
                "rnn_trained": (f"tanh RNN, {trained}", "C0", "--"),
                "vanilla_lstm_init": ("LSTM with forget gate, at initialisation", "C2", ":"),
            },
            "Error flow that vanishes",
        ),
        "carousel_flow": _flow_figure(
            result,
            {
                "lstm_init": ("1997 LSTM, at initialisation", "C1", "-"),
                "lstm_trained": (f"1997 LSTM, {trained}", "C1", "--"),
            },
            "Error flow through the carousel",
        ),
        "latching": _latching_figure(result),
    }


def _flow_figure(result: Result, curves: dict[str, tuple[str, str, str]], title: str) -> Figure:
    flows = result.data["flows"]
    figure, axes = book_figure(height=3.6)
    ax = axes[0, 0]
    for key, (label, colour, line) in curves.items():
        values = np.asarray(flows[key], dtype=float)
        values[values <= 0] = np.nan  # below the range of float64: not drawn
        ax.semilogy(np.arange(len(values)), values, line, color=colour, lw=2, label=label)
    ax.axhline(1.0, color="0.5", lw=1, ls="-.", label="constant flow (1)")
    ax.set_xlabel("lag k (time steps back from the error)")
    ax.set_ylabel("error flow / flow at lag 0")
    ax.set_title(title)
    legend_below(figure, ncols=2)
    return figure


def _latching_figure(result: Result) -> Figure:
    lengths, success = result.config["lengths"], result.data["success"]
    figure, axes = book_figure(height=3.4)
    ax = axes[0, 0]
    for kind, marker in (("rnn", "o"), ("lstm", "s")):
        rates = [success[kind][str(length)] for length in lengths]
        ax.semilogx(lengths, rates, marker=marker, lw=2, label=NAMES[kind])
    low, high = PAPER["rnn_fails_beyond_low"], PAPER["rnn_fails_beyond_high"]
    ax.axvspan(low, high, color="grey", alpha=0.2, label=f"RNNs fail beyond {low}–{high} steps")
    ax.set_xlabel("sequence length T (time steps)")
    ax.set_ylabel(f"success rate ({len(result.config['seeds'])} seeds)")
    ax.set_ylim(-0.05, 1.05)
    legend_below(figure)
    return figure
