"""What chapter 12's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lstm.data.phonemes import PHONEMES
from lstm.experiments.speech_recognition.experiment import NETWORKS
from lstm.nn.phoneme_error import phoneme_error_rate
from lstm.reproduce.figures import book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result

#: Graves, Mohamed & Hinton (2013), Table 1: phoneme error rate (%) on TIMIT's core test
#: set, by the paper's network name (CTC-<layers>l-<cells per direction>h; "uni":
#: unidirectional; "tanh": tanh units). 17.7 is in the abstract; 18.6 and 37.6 are checked
#: in a secondary source; the other figures are the project's notes of the table,
#: unchecked, and the tables print them with a "~".
PAPER = {
    "per": {
        "CTC-1l-250h": 23.9,
        "CTC-1l-622h": 23.0,
        "CTC-2l-250h": 21.0,
        "CTC-3l-250h": 18.6,
        "CTC-5l-250h": 18.4,
        "CTC-3l-421h-uni": 19.6,
        "CTC-3l-500h-tanh": 37.6,
        "PreTrans-3l-250h": 17.7,
    },
    "checked": ("CTC-3l-250h", "CTC-3l-500h-tanh", "PreTrans-3l-250h"),
    "classes": 39,
    "test_speakers": 24,
}


PAPER_NETWORK = {
    "blstm-1l": "CTC-1l-622h",
    "blstm-3l": "CTC-3l-250h",
    "blstm-5l": "CTC-5l-250h",
    "lstm-3l": "CTC-3l-421h-uni",
    "brnn-3l": "CTC-3l-500h-tanh",
}


def _percent(mean: float, std: float) -> str:
    return f"{100 * mean:.1f} ± {100 * std:.1f}"


def paper_figure(key: str) -> str:
    """The paper's PER (%) for the network beside ours, named, with "~" where unchecked."""
    name = PAPER_NETWORK.get(key)
    if name is None:
        return "—"
    mark = "" if name in PAPER["checked"] else "~"
    return f"{mark}{PAPER['per'][name]} ({name})"


def comparison_rows(rows: list[dict]) -> list[dict]:
    """The main table: every network at the large budget beside the paper's."""
    return [
        {
            "network": row["network"],
            "parameters": row["parameters"],
            "lr": row["lr"],
            "per": _percent(row["per_mean"], row["per_std"]),
            "beam": _percent(row["beam_mean"], row["beam_std"]),
            "plateau": f"{row['plateau']} of {len(row['pers'])}",
            "paper": paper_figure(row["key"]),
        }
        for row in rows
        if row["budget"] == "large"
    ]


def lstmp_rows(rows: list[dict]) -> list[dict]:
    """LSTM against LSTMP at each budget: weights and PER side by side."""
    found = {(row["key"], row["budget"]): row for row in rows}
    shown = []
    for budget in ("small", "large"):
        lstm, lstmp = found[("blstm-3l", budget)], found[("blstmp-3l", budget)]
        shown.append(
            {
                "budget": budget,
                "lstm": lstm["network"],
                "lstm_weights": lstm["parameters"],
                "lstm_per": _percent(lstm["per_mean"], lstm["per_std"]),
                "lstmp": lstmp["network"],
                "lstmp_weights": lstmp["parameters"],
                "lstmp_per": _percent(lstmp["per_mean"], lstmp["per_std"]),
            }
        )
    return shown


def _comparison_table(result: Result) -> Table:
    return Table(
        comparison_rows(result.data["rows"]),
        {
            "network": "network",
            "parameters": "weights",
            "lr": "learning rate",
            "per": "PER, best path (%)",
            "beam": "PER, beam search (%)",
            "plateau": "seeds left on the plateau",
            "paper": "paper: PER on TIMIT (%)",
        },
    )


def _lstmp_table(result: Result) -> Table:
    return Table(
        lstmp_rows(result.data["rows"]),
        {
            "budget": "budget",
            "lstm": "LSTM",
            "lstm_weights": "weights",
            "lstm_per": "PER (%)",
            "lstmp": "LSTMP",
            "lstmp_weights": "weights",
            "lstmp_per": "PER (%)",
        },
    )


def _seeds_table(result: Result) -> Table:
    """Every judged run's test PER, seed by seed, and the epoch of its best validation."""
    rows = [
        {
            "network": row["network"],
            "budget": row["budget"],
            "pers": ", ".join(f"{100 * per:.1f}" for per in row["pers"]),
            "epochs": ", ".join(str(epoch) for epoch in row["epochs"]),
        }
        for row in result.data["rows"]
    ]
    seeds = ", ".join(str(seed) for seed in result.data["rows"][0]["seeds"])
    return Table(
        rows,
        {
            "network": "network",
            "budget": "budget",
            "pers": f"PER (%), seeds {seeds}",
            "epochs": "best epoch",
        },
    )


def _selection_table(result: Result) -> Table:
    rows = []
    for run in result.data["selection"]:
        key, _, lr = run["study"].split("/")
        cell = NETWORKS[key].cell
        rows.append(
            {
                "family": {"lstm": "LSTM", "tanh": "tanh RNN"}[cell],
                "lr": float(lr),
                "per": f"{100 * run['value']:.1f}",
                "chosen": "✔" if result.data["rates"][cell] == float(lr) else "",
            }
        )
    seed = result.config["seeds"][0]
    return Table(
        rows,
        {
            "family": "cells",
            "lr": "learning rate",
            "per": f"validation PER (%), seed {seed}",
            "chosen": "chosen",
        },
    )


def _errors_table(result: Result) -> Table:
    """Substitutions, deletions and insertions (beam search), summed over the test set and
    averaged over the judged seeds, per network at the large budget."""
    phonemes = result.metrics["test_phonemes"]
    rows = []
    for row in result.data["rows"]:
        if row["budget"] != "large":
            continue
        runs = [
            run for run in result.data["runs"] if run["study"].startswith(f"{row['key']}/large/")
        ]
        mean = {
            name: np.mean([run["operations"][name] for run in runs]) / phonemes
            for name in ("substitutions", "deletions", "insertions")
        }
        rows.append({"network": row["network"], **{k: f"{100 * v:.1f}" for k, v in mean.items()}})
    return Table(
        rows,
        {
            "network": "network",
            "substitutions": "substitutions (%)",
            "deletions": "deletions (%)",
            "insertions": "insertions (%)",
        },
    )


#: The networks whose decodings the examples table shows.
EXAMPLE_NETWORKS = ("blstm-3l", "lstm-3l", "brnn-3l", "blstm-1l")


def example_rows(result: Result) -> list[dict]:
    """The first test utterances: what was said, the reference phonemes and what each of
    :data:`EXAMPLE_NETWORKS` (large budget, first judged seed) wrote, with its PER."""
    examples = result.data["examples"]
    seed = result.data["rows"][0]["seeds"][0]
    rows = []
    for index, reference in enumerate(examples["references"]):
        rows.append(
            {
                "who": f"“{examples['texts'][index]}” ({examples['speakers'][index]})",
                "phonemes": " ".join(PHONEMES[p] for p in reference),
                "per": "",
            }
        )
        for key in EXAMPLE_NETWORKS:
            run = next(
                run
                for run in result.data["runs"]
                if run["study"].startswith(f"{key}/large/") and run["seed"] == seed
            )
            decoded = run["examples"][index]
            rows.append(
                {
                    "who": NETWORKS[key].build(run["hidden_size"]).describe(),
                    "phonemes": " ".join(PHONEMES[p] for p in decoded),
                    "per": f"{100 * phoneme_error_rate([reference], [decoded]):.0f}",
                }
            )
    return rows


def _examples_table(result: Result) -> Table:
    return Table(
        example_rows(result),
        {"who": "utterance / network", "phonemes": "phonemes", "per": "PER (%)"},
    )


def tables(result: Result) -> dict[str, Table]:
    """The chapter's tables: every network beside the paper's Table 1, LSTM against LSTMP,
    the runs seed by seed, the learning-rate choice, the kinds of error, decoded examples."""
    return {
        "comparison": _comparison_table(result),
        "lstmp": _lstmp_table(result),
        "seeds": _seeds_table(result),
        "selection": _selection_table(result),
        "errors": _errors_table(result),
        "examples": _examples_table(result),
    }


def _row(result: Result, key: str, budget: str = "large") -> dict:
    return next(r for r in result.data["rows"] if r["key"] == key and r["budget"] == budget)


#: How far right of its mean each seed's dot is drawn, in category widths, seed by seed:
#: beside the mean and apart from each other, so that close seeds stay three dots.
SEED_OFFSETS = (0.14, 0.2, 0.26)


def _mean_and_seeds(ax, x: float, pers: list[float], colour: str, label: str | None) -> float:
    """Draw the mean PER (%) over the seeds at ``x`` as a short bar, every seed a dot
    beside it (seeds can split: two near 10 %, one near 90 %, whose mean is neither);
    return the mean."""
    values = 100 * np.array(pers)
    mean = float(values.mean())
    ax.plot([x - 0.12, x + 0.08], [mean, mean], color=colour, lw=3, solid_capstyle="butt")
    offsets = np.resize(SEED_OFFSETS, len(values))
    ax.plot(x + offsets, values, "o", color=colour, ms=5, alpha=0.8, label=label)
    return mean


def _depth_figure(result: Result) -> Figure:
    """Test PER at about the same number of weights: the bidirectional LSTM at 1, 3 and 5
    layers (means joined by a line), then the 3-layer unidirectional LSTM and the 3-layer
    bidirectional tanh RNN; every network's mean a bar, each seed a dot beside it."""
    figure, axes = book_figure(height=4.2)
    ax = axes[0, 0]
    shown = (
        ("blstm-1l", "tab:blue"),
        ("blstm-3l", "tab:blue"),
        ("blstm-5l", "tab:blue"),
        ("lstm-3l", "tab:green"),
        ("brnn-3l", "tab:orange"),
    )
    positions, labels, deep = [], [], []
    for index, (key, colour) in enumerate(shown):
        row = _row(result, key)
        x = index + (0.5 if index >= 3 else 0)  # a gap between the BLSTMs and the others
        name = row["network"]
        label = None
        if key.startswith("blstm"):
            label = "bidirectional LSTM (BLSTM)" if key == "blstm-1l" else None
        else:
            label = {"lstm-3l": "unidirectional LSTM", "brnn-3l": "bidirectional tanh RNN"}[key]
        mean = _mean_and_seeds(ax, x, row["pers"], colour, label)
        if key.startswith("blstm"):
            deep.append((x, mean))
        positions.append(x)
        size, cells = name.rsplit(" ", 1)  # "3 × 39", "BLSTM"
        labels.append(f"{size}\n{cells}")
    ax.plot(*zip(*deep, strict=True), color="tab:blue", lw=1, linestyle=":")
    ax.plot([], [], color="0.3", lw=3, label="mean over the seeds (bar)")
    ax.set_xticks(positions, labels)
    ax.set_xlim(positions[0] - 0.5, positions[-1] + 0.6)
    ax.set_ylim(0, 100)
    ax.set_xlabel(
        f"layers × cells per direction, about {result.config['budgets']['large']:,} weights each"
    )
    ax.set_ylabel("test PER (%)")
    legend_below(figure, ncols=2)
    return figure


def _lstmp_figure(result: Result) -> Figure:
    """Test PER of the 3-layer bidirectional LSTM and LSTMP at the two budgets of weights:
    each network's mean a bar, each seed a dot beside it."""
    figure, axes = book_figure(height=3.8)
    ax = axes[0, 0]
    budgets = ("small", "large")
    nets = (("blstm-3l", "LSTM", "tab:blue", -0.2), ("blstmp-3l", "LSTMP", "tab:red", 0.2))
    for key, label, colour, shift in nets:
        for index, budget in enumerate(budgets):
            row = _row(result, key, budget)
            _mean_and_seeds(
                ax, index + shift, row["pers"], colour, f"3-layer bidirectional {label}"
            )
    ax.plot([], [], color="0.3", lw=3, label="mean over the seeds (bar)")
    weights = result.config["budgets"]
    ax.set_xticks(
        range(len(budgets)), [f"{budget}: about {weights[budget]:,} weights" for budget in budgets]
    )
    ax.set_xlim(-0.6, len(budgets) - 0.3)
    ax.set_ylim(0, 100)
    ax.set_xlabel("budget of weights")
    ax.set_ylabel("test PER (%)")
    legend_below(figure, ncols=2)
    return figure


def _curves_figure(result: Result) -> Figure:
    figure, axes = book_figure(height=4.0)
    ax = axes[0, 0]
    seed = result.data["rows"][0]["seeds"][0]
    for run in result.data["runs"]:
        key, budget, _ = run["study"].split("/")
        if budget == "large" and run["seed"] == seed:
            curve = 100 * np.array(run["validation_curve"])
            label = NETWORKS[key].build(run["hidden_size"]).describe()
            ax.plot(np.arange(1, len(curve) + 1), curve, marker=".", label=label)
    ax.set_xlabel(f"epoch (seed {seed})")
    ax.set_ylabel("validation PER, best path (%)")
    ax.set_ylim(0, 100)
    legend_below(figure, ncols=3)
    return figure


def figures(result: Result) -> dict[str, Figure]:
    """The chapter's figures: PER against depth at matched weights, LSTM against LSTMP by
    weights, and the validation curves."""
    return {
        "depth": _depth_figure(result),
        "lstmp": _lstmp_figure(result),
        "curves": _curves_figure(result),
    }
