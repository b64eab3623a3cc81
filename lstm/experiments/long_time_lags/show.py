"""What chapter 3's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lstm.experiments.long_time_lags.experiment import GUESSING, PAPER, TASKS
from lstm.reproduce.figures import book_figure, legend_below
from lstm.reproduce.report import Table

if TYPE_CHECKING:
    from lstm.reproduce.results import Result


def paper_comparison(table: list[dict], config: Mapping) -> list[dict]:
    """The rows of a result's ``table`` for the chapter: each (task, lag, model) under a
    readable setting (with the net's start where it is a contrast), with the paper's figure,
    our median sequences to success, their ratio, the seeds solved and the longest run."""
    names = _net_names(config)
    rows = []
    for row in table:
        ours, paper = row["median_sequences"], row["paper_sequences"]
        lstm_row = row["model"].startswith("LSTM")  # the paper's figures are its LSTM's
        setting = _setting_name(row)
        if row["model"] in _CONTRASTS:
            setting += f" ({names[row['model']].split(', ')[1]})"
        rows.append(
            {
                "setting": setting,
                "model": row["model"],
                "paper": "—" if paper is None or not lstm_row else paper,
                "ours": "—" if ours is None else ours,
                "ratio": "—" if ours is None or paper is None or not lstm_row else paper / ours,
                "success": f"{round(row['success_rate'] * row['seeds'])}/{row['seeds']}",
                "budget": row["budget_sequences"],
            }
        )
    return rows


#: The nets that start from another gate bias than their kind's, for contrast.
_CONTRASTS = ("LSTM1997-bias-2", "LSTM-bias1")


#: The name of each task's lag in the paper (the temporal order tasks have none).
_LAG_SYMBOL = {"noise_free": "p", "distractors": "q", "order_4": None, "order_8": None}


def _setting_name(row: Mapping) -> str:
    symbol = _LAG_SYMBOL.get(row["task"], "T")
    if symbol is None:
        return f"Exp {row['experiment']}"
    return f"Exp {row['experiment']}, {symbol} = {row['lag']:,}"


def _net_names(config: Mapping) -> dict[str, str]:
    return {
        "LSTM1997": "1997 LSTM",
        "LSTM1997-bias-2": f"1997 LSTM, input gates at {config['input_gate_bias_1997_contrast']:g}",
        "LSTM": "vanilla LSTM",
        "LSTM-bias1": f"vanilla LSTM, forget gates at {config['forget_gate_bias_contrast']:+g}",
        "RNN": "tanh RNN",
        GUESSING: "random weight guessing",
    }


def tables(result: Result) -> dict[str, Table]:
    """The paper's sequences to success beside ours, for the 1997 LSTM (``lstm1997``) and the
    vanilla LSTM (``vanilla``); the tanh RNN's runs (``rnn``); each net's record over its
    settings (``record``); random weight guessing beside the LSTMs (``guessing``) and the
    guesser's own figures (``guessing_runs``)."""
    table, config = result.data["table"], result.config
    rows = paper_comparison(table, config)
    lstm_columns = {
        "setting": "setting",
        "paper": "paper: sequences",
        "ours": "ours: median sequences",
        "ratio": "paper / ours",
        "success": "seeds solved",
        "budget": "longest run",
    }
    return {
        "lstm1997": Table([r for r in rows if r["model"].startswith("LSTM1997")], lstm_columns),
        "vanilla": Table([r for r in rows if r["model"] in ("LSTM", "LSTM-bias1")], lstm_columns),
        "rnn": Table(
            [r for r in rows if r["model"] == "RNN"],
            {"setting": "setting", "success": "seeds solved", "budget": "sequences per run"},
        ),
        "record": _record_table(table, rows, config),
        **_guessing_tables(table, config),
    }


def _record_table(table: list[dict], rows: list[dict], config: Mapping) -> Table:
    """Per net, how many of its settings every seed (or no seed) solved, and how many
    times as many sequences the paper's LSTM needed as ours where both succeeded."""
    record = []
    for model, name in _net_names(config).items():
        settings = [row for row in table if row["model"] == model]
        if not settings or model == GUESSING:
            continue
        ratios = [r["ratio"] for r in rows if r["model"] == model and r["ratio"] != "—"]
        record.append(
            {
                "net": name,
                "settings": len(settings),
                "all": sum(row["success_rate"] == 1.0 for row in settings),
                "none": sum(row["success_rate"] == 0.0 for row in settings),
                "ratio": statistics.median(ratios) if ratios else "—",
            }
        )
    columns = {
        "net": "net",
        "settings": "settings run",
        "all": "solved in every seed",
        "none": "solved in no seed",
        "ratio": "paper / ours (median)",
    }
    return Table(record, columns)


def _guessing_tables(table: list[dict], config: Mapping) -> dict[str, Table]:
    """Random weight guessing beside the LSTMs, per setting where the guesser ran: the
    paper's LSTM, our 1997 LSTM's training sequences and the sequences the guesser processed
    (each guess dropped at its first mistake, or run on every check sequence), medians; and
    the guesser's seeds solved, guesses (median, and allowed) and misclassified fresh
    sequences."""
    allowed = {
        (setting["task"], setting["lag"]): setting["max_sequences"] // config["guessing_check_size"]
        for setting in config["settings"]
        if GUESSING in setting["models"]
    }
    comparison, runs = [], []
    for row in table:
        if row["model"] != GUESSING:
            continue
        lstm1997 = next(
            (
                r
                for r in table
                if (r["task"], r["lag"], r["model"]) == (row["task"], row["lag"], "LSTM1997")
            ),
            None,
        )
        setting = _setting_name(row)
        comparison.append(
            {
                "setting": setting,
                "paper": _or_dash(row["paper_sequences"]),
                "lstm": _or_dash(lstm1997 and lstm1997["median_sequences"]),
                "first_error": _or_dash(row["median_sequences_to_first_error"]),
                "sequences": _or_dash(row["median_sequences"]),
            }
        )
        runs.append(
            {
                "setting": setting,
                "solved": f"{round(row['success_rate'] * row['seeds'])}/{row['seeds']}",
                "guesses": _or_dash(row["median_guesses"]),
                "allowed": allowed.get((row["task"], row["lag"]), "—"),
                "heldout": _or_dash(row["median_heldout_share_wrong"]),
            }
        )
    return {
        "guessing": Table(
            comparison,
            {
                "setting": "setting",
                "paper": "paper's LSTM",
                "lstm": "our 1997 LSTM",
                "first_error": "guessing, to first mistake",
                "sequences": "guessing, every check",
            },
        ),
        "guessing_runs": Table(
            runs,
            {
                "setting": "setting",
                "solved": "seeds solved",
                "guesses": "guesses (median)",
                "allowed": "guesses allowed",
                "heldout": "share of fresh sequences misclassified",
            },
        ),
    }


def _or_dash(value: object) -> object:
    return "—" if value is None else value


def figures(result: Result) -> dict[str, Figure]:
    """``sequences``: median sequences to success against the lag, one panel per task (the
    panels share their axes), for the 1997 and the vanilla LSTM beside the paper's LSTM
    (dotted); a setting never solved shows its longest run as an open marker."""
    table = result.data["table"]
    nets = {
        "LSTM1997": ("1997 LSTM", "tab:blue", "o"),
        "LSTM": ("vanilla LSTM", "tab:orange", "s"),
    }
    tasks = list(dict.fromkeys(row["task"] for row in table if row["model"] in nets))
    columns = min(4, len(tasks))
    rows = -(-len(tasks) // columns)
    figure, axes = book_figure(rows, columns, height=2.2 * rows + 1.0)
    for ax in axes.flat[1:]:
        ax.sharex(axes[0, 0])
        ax.sharey(axes[0, 0])
    for ax, task in zip(axes.flat, tasks, strict=False):
        paper = sorted(
            (int(lag), sequences)
            for name, lag, sequences in ((*key.rsplit("_", 1), n) for key, n in PAPER.items())
            if name == task
        )
        ax.plot(*zip(*paper, strict=True), color="k", linestyle=":", marker="x")
        for model, (_, colour, marker) in nets.items():
            rows_of = [r for r in table if r["task"] == task and r["model"] == model]
            solved = sorted(
                (r["lag"], r["median_sequences"]) for r in rows_of if r["median_sequences"]
            )
            if solved:
                ax.plot(*zip(*solved, strict=True), color=colour, marker=marker)
            for r in rows_of:
                if r["median_sequences"] is None:
                    ax.plot(
                        r["lag"],
                        r["budget_sequences"],
                        color=colour,
                        marker=marker,
                        fillstyle="none",
                        linestyle="none",
                    )
        symbol = _LAG_SYMBOL.get(task, "T")
        ax.set_title(f"Exp {TASKS[task].experiment}" + (f" ({symbol})" if symbol else ""))
    for ax in axes.flat[len(tasks) :]:
        ax.set_axis_off()
    ax = axes[0, 0]
    ax.set_xscale("log")
    ax.set_yscale("log")
    lags = sorted({round(x) for a in axes.flat for line in a.lines for x in line.get_xdata()})
    # Every lag run has a tick; the first and the last are labelled (no room for more).
    ax.set_xticks(lags, [f"{lag:,}" if lag in (lags[0], lags[-1]) else "" for lag in lags])
    ax.minorticks_off()
    ax.set_xlim(lags[0] / 1.6, lags[-1] * 1.6)
    for label, style in (
        *((name, {"color": colour, "marker": marker}) for name, colour, marker in nets.values()),
        ("paper's LSTM", {"color": "k", "marker": "x", "linestyle": ":"}),
        (
            "not solved: longest run",
            {"color": "0.4", "marker": "o", "fillstyle": "none", "linestyle": "none"},
        ),
    ):
        ax.add_line(Line2D([], [], label=label, **style))
    for index, a in enumerate(axes.flat):
        if index % columns:
            a.tick_params(labelleft=False)
        else:
            a.set_ylabel("median sequences\nto success")
        if index + columns >= len(tasks):  # no panel below
            a.set_xlabel("lag (steps)")
    legend_below(figure, ax, ncols=2)
    return {"sequences": figure}
