"""What chapter 11's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lstm.experiments.text_generation.experiment import _NAME, karpathy_networks
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result

#: The papers' own figures. Karpathy et al. (2015), test cross-entropy per character as
#: their table gives it; Zaremba et al. (2014), Penn Treebank word-level test perplexity,
#: as the project's notes have it from the authors' and a TensorFlow reproduction.
PAPER = {
    "karpathy": {
        "war_and_peace": {"lstm": 1.077, "ngram": 1.195},
        "linux": {"lstm": 0.84, "ngram": 0.889},
    },
    # Test perplexity on the Penn Treebank, as the authors' code and a TensorFlow
    # reproduction report it; the paper's Table 1 itself was not checked.
    "zaremba": {
        "small": {"hidden": 200, "dropout": 0, "perplexity": 115},
        "medium": {"hidden": 650, "dropout": 0.5, "perplexity": 82},
        "large": {"hidden": 1500, "dropout": 0.65, "perplexity": 78},
    },
}

#: Cell features of a play's layout: each character's position in its line, whether it
#: lies inside a speaker's name (a line such as ``FIRST WITCH:``), and inside a stage
#: direction (``[Exeunt]``).
FEATURES = ("line position", "speaker name", "stage direction")


_SHOWN_NAMES = {"lstm": "LSTM", "gru": "GRU", "tanh": "tanh RNN"}


def shown_name(name: str) -> str:
    """``lstm-2x128-d0.25`` as ``LSTM 2 × 128, dropout 0.25``."""
    found = _NAME.fullmatch(name)
    text = f"{_SHOWN_NAMES[found['cell']]} {found['layers']}\u202f×\u202f{found['hidden']}"
    if found["kind"] == "d":
        text += f", dropout {found['p']}"
    elif found["kind"] == "r":
        text += f", naive dropout {found['p']}"
    return text


def _seed_table(result: Result) -> Table:
    m = result.metrics
    rows = [
        {"encoding": label, "val": m[f"seed_{encoding}_val"], "test": m[f"seed_{encoding}_test"]}
        for encoding, label in (("scalar", "one number (the seed's)"), ("one_hot", "one-hot"))
    ]
    return Table(
        rows,
        {"encoding": "characters fed as", "val": "validation bits/char", "test": "test bits/char"},
    )


def _networks_table(result: Result) -> Table:
    m = result.metrics
    rows = [
        {
            "network": shown_name(name),
            "lr": m[f"{name}_lr"],
            "val": m[f"{name}_val"],
            "test": m[f"{name}_test"],
        }
        for name in karpathy_networks(result.config)
    ]
    rows.append(
        {
            "network": f"{int(m['ngram_order'])}-gram (Witten–Bell)",
            "lr": "–",
            "val": m["ngram_val"],
            "test": m["ngram_test"],
        }
    )
    return Table(
        rows, {"network": "model", "lr": "learning rate", "val": "validation", "test": "test"}
    )


def _score_and_gap(m: dict, name: str) -> str:
    return f"{m[f'{name}_val']:.3f} ({m[f'{name}_gap']:+.3f})"


def _dropout_table(result: Result) -> Table:
    m, config = result.metrics, result.config
    low = min(config["dropouts"])
    variants = {
        "": "none",
        **{f"-d{p}": f"dropout {p}" for p in config["dropouts"]},
        f"-r{low}": f"naive {low}",
    }
    rows = [
        {
            "size": f"2\u202f×\u202f{size}",
            **{
                label: _score_and_gap(m, f"lstm-2x{size}{suffix}")
                for suffix, label in variants.items()
            },
        }
        for size in config["sizes"]
    ]
    return Table(rows, {"size": "LSTM", **{label: label for label in variants.values()}})


def _samples_table(result: Result) -> Table:
    rows = [
        {
            "temperature": "real text" if key == "real" else ("greedy" if key == "0" else key),
            "repeated": sample["repeated"],
            "known": sample["known_words"],
            "lines": f"{sample['line_mean']:.1f} ± {sample['line_std']:.1f}",
        }
        for key, sample in result.data["samples"].items()
    ]
    n = result.config["repeat_n"]
    return Table(
        rows,
        {
            "temperature": "temperature",
            "repeated": f"repeated {n}-grams",
            "known": "known words",
            "lines": "line length",
        },
    )


def excerpt(text: str, characters: int = 240) -> str:
    """The first ``characters`` of ``text`` with its line breaks shown as `` / ``."""
    return text[:characters].strip("\n").replace("\n", " / ")


def _excerpts_table(result: Result) -> Table:
    rows = [
        {
            "who": f"temperature {key}"
            if key not in ("0", "real")
            else ("greedy" if key == "0" else "real text"),
            "text": excerpt(sample["text"]),
        }
        for key, sample in result.data["samples"].items()
    ]
    rows += [
        {
            "who": f"the seed's model, {label}, greedy",
            "text": excerpt(_first_seed_run(result, encoding)["greedy"]),
        }
        for encoding, label in (("scalar", "one number"), ("one_hot", "one-hot"))
    ]
    return Table(rows, {"who": "written by", "text": "text (line breaks as /)"})


def _first_seed_run(result: Result, encoding: str) -> dict:
    study = f"seed/{encoding}/{result.config['seed_model']['lr']}"
    return next(row for row in result.data["runs"] if row["study"] == study)


def _cells_table(result: Result) -> Table:
    rows = [
        {"feature": name, "layer": found["layer"], "cell": found["cell"], "r": found["r"]}
        for name, found in result.data["cells"].items()
    ]
    return Table(
        rows,
        {"feature": "what the cell follows", "layer": "layer", "cell": "cell", "r": "correlation"},
    )


def tables(result: Result) -> dict[str, Table]:
    return {
        "seed": _seed_table(result),
        "networks": _networks_table(result),
        "dropout": _dropout_table(result),
        "samples": _samples_table(result),
        "excerpts": _excerpts_table(result),
        "cells": _cells_table(result),
    }


def _curves_figure(result: Result) -> Figure:
    """Training and validation bits per character over training, mean over the judged
    seeds, for the largest LSTM with and without dropout: the training text in one panel,
    the validation text in the other (sharing their axes)."""
    config = result.config
    size, low = config["sizes"][-1], min(config["dropouts"])
    lstm_rate = result.metrics[f"{karpathy_networks(config)[0]}_lr"]
    figure, axes = book_figure(1, 2, height=3.6)
    for ax in axes[0, 1:]:
        ax.sharex(axes[0, 0])
        ax.sharey(axes[0, 0])
        ax.tick_params(labelleft=False)
    suffixes = ["", *(f"-d{p}" for p in config["dropouts"]), f"-r{low}"]
    panels = (("train", "training text"), ("val", "validation text"))
    for i, suffix in enumerate(suffixes):
        name = f"lstm-2x{size}{suffix}"
        runs = [r for r in result.data["runs"] if r["study"] == f"macbeth/{name}/{lstm_rate}"]
        steps = [e["step"] for e in runs[0]["curve"]]
        label = shown_name(name).split(", ")[-1] if suffix else "no dropout"
        for ax, (key, _) in zip(axes[0], panels, strict=True):
            mean = np.mean([[e[key] for e in r["curve"]] for r in runs], axis=0)
            ax.plot(steps, mean, color=f"C{i}", lw=1.5, label=label)
    for ax, (_, title) in zip(axes[0], panels, strict=True):
        ax.set_title(title, fontsize=TEXT_PT)
        ax.set_xlabel("update", fontsize=TEXT_PT)
    axes[0, 0].set_ylabel("bits per character", fontsize=TEXT_PT)
    legend_below(figure, axes[0, 0], ncols=2)
    return figure


#: The cells figure shows the test play's first non-empty lines, cut to this many characters.
SHOWN_LINES, SHOWN_COLUMNS = 9, 46


def shown_grid(text: str, values: list[float]) -> tuple[list[str], np.ndarray]:
    """The first :data:`SHOWN_LINES` non-empty lines of ``text``, cut to
    :data:`SHOWN_COLUMNS` characters, and a grid (lines, columns) of each shown character's
    value (NaN where there is no character)."""
    lines, grid, start = [], np.full((SHOWN_LINES, SHOWN_COLUMNS), np.nan), 0
    for line in text.split("\n"):
        if line and len(lines) < SHOWN_LINES:
            shown = line[:SHOWN_COLUMNS]
            grid[len(lines), : len(shown)] = values[start : start + len(shown)]
            lines.append(shown)
        start += len(line) + 1
    return lines, grid


def _cells_figure(result: Result) -> Figure:
    """The test play's first lines, each character coloured by the state (tanh) of the
    cell that follows a feature best: blue negative, red positive."""
    found = result.data["cells"]
    figure, axes = book_figure(len(found), 1, height=2.4 * len(found))
    for ax, (name, cell) in zip(axes[:, 0], found.items(), strict=True):
        lines, grid = shown_grid(result.data["cells_text"], cell["state"])
        ax.imshow(grid, cmap="coolwarm", vmin=-1, vmax=1, aspect="auto", interpolation="none")
        for row, line in enumerate(lines):
            for column, character in enumerate(line):
                ax.text(column, row, character, family="monospace", fontsize=TEXT_PT,
                        ha="center", va="center")  # fmt: skip
        ax.set_axis_off()
        ax.set_title(
            f"{name}: layer {cell['layer']}, cell {cell['cell']} (r = {cell['r']:.2f})",
            fontsize=TEXT_PT,
        )
    return figure


def figures(result: Result) -> dict[str, Figure]:
    return {"curves": _curves_figure(result), "cells": _cells_figure(result)}
