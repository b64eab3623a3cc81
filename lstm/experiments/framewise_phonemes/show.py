"""What chapter 5's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lstm.data import speech, timit
from lstm.data.features import frame_starts, window_length
from lstm.data.phonemes import PHONEMES
from lstm.data.sources import _speech_config
from lstm.experiments.framewise_phonemes.experiment import (
    SPEED_PAIRS,
    add_epochs_to_fixed_target,
)
from lstm.reproduce.claims import format_number
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result

#: Graves & Schmidhuber (2005): TIMIT (its speakers, the features of a frame: MFCCs, log
#: energy and their first derivatives from Hamming windows of window_ms every step_ms, and
#: the folded phoneme classes); framewise accuracy (%) on its core test set by our network
#: keys ("delayed": the unidirectional net at its best target delay) and epochs of training
#: (fewest, most). The results are from the project's notes of the paper's table, not
#: checked against the paper here: the tables print them with a "~".
PAPER = {
    "speakers": 630,
    "features": 26,
    "mfccs": 12,
    "window_ms": 25,
    "step_ms": 10,
    "classes": 39,
    "accuracy_mlp_w0": 51,
    "accuracy_mlp_window": 63,
    "window_frames": 10,
    "accuracy_rnn_d0": 64.5,
    "accuracy_lstm_d0": 64.5,
    "accuracy_rnn_delayed": 65,
    "accuracy_lstm_delayed": 66,
    "best_delay_lstm": 4,
    "longest_delay": 10,
    "accuracy_brnn": 69,
    "accuracy_blstm": 70,
    "epochs_mlp_fewest": 800,
    "epochs_mlp_most": 1_000,
    "epochs_rnn_fewest": 100,
    "epochs_rnn_most": 170,
    "epochs_lstm_fewest": 20,
    "epochs_lstm_most": 40,
}


SPEED_KEYS = ("rnn_d0", "lstm_d0", "brnn", "blstm")


#: Validation accuracies, besides the fixed target, at which the speed gaps are shown.
GAP_LEVELS = (0.70, 0.72)


def _paper_key(row: dict) -> str:
    if row["kind"] == "mlp":
        return "mlp_w0" if row["key"] == "mlp_w0" else "mlp_window"
    if row["kind"] in ("rnn", "lstm") and row["delay"]:
        return f"{row['kind']}_delayed"
    return row["key"]


def paper_figures(row: dict) -> tuple[str, str]:
    """The paper's test accuracy (%) and epochs of training for the network of ``row``
    (a row of :func:`summarise`), as the tables print them: "—" where it gives none."""
    key = _paper_key(row)
    accuracy = PAPER.get(f"accuracy_{key}")
    if accuracy is None:
        return "—", "—"
    notes = {
        "mlp_window": f" ({PAPER['window_frames']}-frame window)",
        "lstm_delayed": f" ({PAPER['best_delay_lstm']}-frame delay)",
    }
    family = "lstm" if "lstm" in row["kind"] else "rnn" if "rnn" in row["kind"] else "mlp"
    fewest, most = PAPER[f"epochs_{family}_fewest"], PAPER[f"epochs_{family}_most"]
    return (
        f"~{format_number(accuracy)}{notes.get(key, '')}",
        f"~{format_number(fewest)}–{format_number(most)}",
    )


def comparison_rows(rows: list[dict]) -> list[dict]:
    """The chapter's main table: each network beside the paper's figures.

    The delay sweep is summed up by each unidirectional kind's delay 0 and its best delay
    (the paper's figure for a delayed net stands beside our best delay); the rest of the
    sweep is the delay plot's.
    """
    best = {}
    for row in rows:
        if row["kind"] in ("rnn", "lstm"):
            if row["kind"] not in best or row["accuracy_mean"] > best[row["kind"]]["accuracy_mean"]:
                best[row["kind"]] = row
    shown = []
    for row in rows:
        if row["kind"] in ("rnn", "lstm") and row["delay"] and best[row["kind"]] is not row:
            continue
        paper_accuracy, paper_epochs = paper_figures(row)
        shown.append(
            {
                "network": row["network"],
                "parameters": row["parameters"],
                "accuracy": f"{100 * row['accuracy_mean']:.1f} ± {100 * row['accuracy_std']:.1f}",
                "accuracy_mean": row["accuracy_mean"],
                "accuracy_std": row["accuracy_std"],
                "epochs": row["epochs_mean"],
                "paper_accuracy": paper_accuracy,
                "paper_epochs": paper_epochs,
            }
        )
    return shown


def speed_rows(rows: list[dict], max_epochs: int) -> list[dict]:
    """The speed table: for the MLPs and the networks without delay, the epochs each seed
    took to the fixed validation accuracy (``">N"`` for a seed that did not reach it within
    the budget of ``max_epochs = N``), their mean (unreached seeds counted as ``N + 1``) and
    how many seeds reached it."""
    shown = []
    for row in rows:
        if row["kind"] in ("rnn", "lstm") and row["delay"]:
            continue
        if len(row["epochs_to_target"]) != len(row["reached_target"]):
            raise ValueError(f"expected one reached flag per seed for {row['network']}")
        per_seed = [
            str(epochs) if reached else f">{max_epochs}"
            for epochs, reached in zip(row["epochs_to_target"], row["reached_target"], strict=True)
        ]
        shown.append(
            {
                "network": row["network"],
                "per_seed": ", ".join(per_seed),
                "mean": row["epochs_to_target_mean"],
                "reached": f"{sum(row['reached_target'])} of {len(row['reached_target'])}",
            }
        )
    return shown


def speed_gap_rows(runs: list[dict], levels: list[float], max_epochs: int) -> list[dict]:
    """How the speed comparison depends on the level: for each validation accuracy of
    ``levels``, each pair of :data:`SPEED_PAIRS` and each seed, the epochs the first net
    needed to reach it minus those of the second (negative: the first was faster; an
    unreached level counts as ``max_epochs + 1``). One row per level; the runs are not
    changed."""
    rows = []
    keys = {run["key"] for run in runs}
    window = next(
        (key for key in sorted(keys) if key.startswith("mlp_w") and key != "mlp_w0"), None
    )
    for level in levels:
        copies = [dict(run) for run in runs]
        add_epochs_to_fixed_target(copies, level, max_epochs)
        epochs = {(run["key"], run["seed"]): run["epochs_to_target"] for run in copies}
        seeds = sorted({run["seed"] for run in copies})
        row: dict = {"level": level}
        for faster, slower in SPEED_PAIRS:
            a, b = (window if key == "mlp_window" else key for key in (faster, slower))
            if a in keys and b in keys:
                row[f"{faster}_minus_{slower}"] = [epochs[a, s] - epochs[b, s] for s in seeds]
        rows.append(row)
    return rows


def _comparison_table(result: Result) -> Table:
    return Table(
        comparison_rows(result.data["rows"]),
        {
            "network": "network",
            "paper_accuracy": "paper: test accuracy (%)",
            "accuracy": "ours: test accuracy (%)",
            "paper_epochs": "paper: epochs",
            "epochs": "ours: best epoch",
            "parameters": "weights",
        },
    )


def _speed_table(result: Result) -> Table:
    return Table(
        speed_rows(result.data["rows"], result.config["max_epochs"]),
        {
            "network": "network",
            "per_seed": "epochs to the target, per seed",
            "mean": "mean epochs",
            "reached": "seeds that reached it",
        },
    )


def _speed_gap_table(result: Result) -> Table:
    """The gaps of :func:`speed_gap_rows` at the fixed target and at :data:`GAP_LEVELS`."""
    target, max_epochs = result.config["speed_target"], result.config["max_epochs"]
    rows = []
    for row in speed_gap_rows(result.data["runs"], sorted({*GAP_LEVELS, target}), max_epochs):
        level = row.pop("level")
        label = f"{100 * level:.0f}%" + (" (fixed target)" if level == target else "")
        gaps = {pair: ", ".join(f"{gap:+d}" for gap in gaps) for pair, gaps in row.items()}
        rows.append({"level": label} | gaps)
    return Table(
        rows,
        {
            "level": "validation accuracy",
            "lstm_d0_minus_rnn_d0": "LSTM − RNN",
            "blstm_minus_brnn": "BLSTM − BRNN",
            "lstm_d0_minus_mlp_window": "LSTM − MLP (window)",
        },
    )


def segments(labels: list[int]) -> list[tuple[int, int, int]]:
    """Runs of one class in a frame sequence: (first frame, end frame, class)."""
    runs = []
    for frame, label in enumerate(labels):
        if runs and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], frame + 1, label)
        else:
            runs.append((frame, frame + 1, label))
    return runs


def spectrogram(signal: np.ndarray, sample_rate: int) -> np.ndarray:
    """Log power (dB) of ``signal`` in the feature frames (25 ms Hamming windows every
    10 ms): (frequency bins up to sample_rate / 2, frames), one column per labelled frame."""
    signal = np.asarray(signal, dtype=np.float64)
    if signal.ndim != 1:
        raise ValueError(f"expected a mono signal of shape (samples,), got {signal.shape}")
    length = window_length(sample_rate)
    starts = frame_starts(len(signal), sample_rate)
    frames = signal[starts[:, None] + np.arange(length)] * np.hamming(length)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    return (10 * np.log10(np.maximum(power, 1e-12))).T


def example_spectrogram(source: dict, index: int) -> tuple[np.ndarray, int]:
    """The spectrogram (:func:`spectrogram`) of test utterance ``index`` of the corpus
    that ``source`` (a corpus's ``source`` record, kept in the result) describes, and its
    sample rate: re-synthesised for the synthetic corpus, read from the ``.WAV`` in the
    recorded TIMIT folder. One column per frame that the experiment labelled."""
    if source.get("corpus") == "TIMIT":
        found = [entry for entry in timit.utterances(source["path"]) if entry[0] == "test"]
        samples, rate = timit.read_audio(found[index][2])
        frames = len(timit.read_utterance(found[index][2], found[index][3])[1])
        signal = samples / 32768.0
    elif "config" in source:
        signal, rate, labels = speech.utterance_audio(
            _speech_config(source["config"]), "test", index
        )
        frames = len(labels)
    else:
        raise ValueError(f"expected the source record of a TIMIT or synthetic corpus, got {source}")
    return spectrogram(signal, rate)[:, :frames], rate


def delay_curve(rows: list[dict]) -> dict[str, dict[str, list[float]]]:
    """Accuracy against target delay for each unidirectional kind, and the bidirectional
    nets' accuracy for reference: ``{"LSTM": {"delay": [...], "mean": [...], "std": [...]}}``."""
    curves = {}
    for kind, label in (("rnn", "RNN"), ("lstm", "LSTM")):
        sweep = sorted((row for row in rows if row["kind"] == kind), key=lambda r: r["delay"])
        curves[label] = {
            "delay": [row["delay"] for row in sweep],
            "mean": [row["accuracy_mean"] for row in sweep],
            "std": [row["accuracy_std"] for row in sweep],
        }
    for kind, label in (("brnn", "BRNN"), ("blstm", "BLSTM")):
        row = next(row for row in rows if row["kind"] == kind)
        curves[label] = {"delay": [], "mean": [row["accuracy_mean"]], "std": [row["accuracy_std"]]}
    return curves


def _accuracy_figure(result: Result) -> Figure:
    figure, axes = book_figure(height=3.6)
    ax = axes[0, 0]
    shown = comparison_rows(result.data["rows"])
    means = np.array([row["accuracy_mean"] for row in shown]) * 100
    stds = np.array([row["accuracy_std"] for row in shown]) * 100
    ax.barh([row["network"] for row in shown], means, xerr=stds, color="tab:blue", capsize=3)
    ax.set_xlim(min(means) - 10, min(100, max(means) + 5))
    ax.invert_yaxis()
    ax.set_xlabel("framewise test accuracy, unseen speakers (%)")
    return figure


#: The speed figure's panels: the unidirectional and the bidirectional net of one kind of
#: cell each, beside the same two frame classifiers (MLPs), which read no context beyond
#: their window.
SPEED_PANELS = {"tanh RNN cells": ("rnn_d0", "brnn"), "LSTM cells": ("lstm_d0", "blstm")}

#: One colour per network across the speed figure's panels.
SPEED_COLOURS = {
    "mlp_w0": "tab:blue",
    "mlp_window": "tab:orange",
    "rnn_d0": "tab:green",
    "lstm_d0": "tab:red",
    "brnn": "tab:purple",
    "blstm": "tab:brown",
}


def _speed_figure(result: Result) -> Figure:
    """Validation accuracy by epoch (first seed), one panel per kind of recurrent cell
    (:data:`SPEED_PANELS`, sharing their axes): its unidirectional and bidirectional net
    beside the two MLPs and the fixed target."""
    config = result.config
    figure, axes = book_figure(1, len(SPEED_PANELS), height=4.2)
    for ax in axes[0, 1:]:
        ax.sharex(axes[0, 0])
        ax.sharey(axes[0, 0])
        ax.tick_params(labelleft=False)
    seed = config["seeds"][0]
    mlps = ("mlp_w0", f"mlp_w{config['window']}")
    runs = {run["key"]: run for run in result.data["runs"] if run["seed"] == seed}
    target = 100 * config["speed_target"]
    for ax, (title, recurrent) in zip(axes[0], SPEED_PANELS.items(), strict=True):
        for key in (*mlps, *recurrent):
            run = runs[key]
            curve = np.array(run["validation_curve"]) * 100
            colour = SPEED_COLOURS["mlp_window" if key == mlps[1] else key]
            ax.plot(
                np.arange(1, len(curve) + 1),
                curve,
                marker=".",
                color=colour,
                label=run["network"],
            )
        ax.axhline(target, color="grey", linestyle=":", linewidth=1, label="fixed target")
        ax.set_title(title)
        ax.set_xlabel(f"epoch (seed {seed})")
    axes[0, 0].set_ylabel("validation accuracy (%)")
    legend_below(figure, ncols=3)
    return figure


def _delay_figure(result: Result) -> Figure:
    curves = delay_curve(result.data["rows"])
    figure, axes = book_figure(height=3.8)
    ax = axes[0, 0]
    for name, color in (("RNN", "tab:orange"), ("LSTM", "tab:blue")):
        curve = curves[name]
        ax.errorbar(
            curve["delay"],
            np.array(curve["mean"]) * 100,
            yerr=np.array(curve["std"]) * 100,
            marker="o",
            color=color,
            label=f"{name} (unidirectional)",
            capsize=3,
        )
    for name, color in (("BRNN", "tab:orange"), ("BLSTM", "tab:blue")):
        ax.axhline(
            curves[name]["mean"][0] * 100, color=color, linestyle="--", label=f"{name}, no delay"
        )
    ax.set_xticks(curves["LSTM"]["delay"])
    ax.set_xlabel("target delay (frames of 10 ms)")
    ax.set_ylabel("framewise test accuracy (%)")
    legend_below(figure, ncols=2)
    return figure


def _example_figure(result: Result) -> Figure:
    """The example utterance's spectrogram over the true phoneme segments and those the
    LSTM (no delay) and the BLSTM name; a segment's label is printed where it fits."""
    example = result.data["example"]
    image, rate = example_spectrogram(result.data["corpus"]["source"], example["index"])
    frames = len(example["labels"])
    figure, axes = book_figure(4, 1, height=5.6)
    axes = axes[:, 0]
    axes[0].get_gridspec().set_height_ratios([3, 1, 1, 1])
    for ax in axes[1:]:
        ax.sharex(axes[0])
    axes[0].imshow(
        image,
        origin="lower",
        aspect="auto",
        cmap="magma",
        extent=(0, frames / 100, 0, rate / 2000),
        vmin=np.percentile(image, 5),
    )
    axes[0].set_ylabel("frequency (kHz)")
    axes[0].set_title(f"“{example['text']}” ({example['speaker']})")
    axes[0].tick_params(labelbottom=False)
    label_pt = TEXT_PT - 1
    frame_px = 0.85 * figure.get_figwidth() * figure.dpi / frames  # the axes' width per frame
    rows = (("true", example["labels"]), ("LSTM", example["lstm"]), ("BLSTM", example["blstm"]))
    for ax, (name, labels) in zip(axes[1:], rows, strict=True):
        for start, end, label in segments(labels):
            wrong = name != "true" and any(
                labels[f] != example["labels"][f] for f in range(start, end)
            )
            ax.axvspan(
                start / 100, end / 100, color="mistyrose" if wrong else "whitesmoke", ec="grey"
            )
            text = PHONEMES[label]
            if (end - start) * frame_px >= 0.65 * label_pt * figure.dpi / 72 * len(text) + 2:
                ax.text((start + end) / 200, 0.5, text, ha="center", va="center", fontsize=label_pt)
        ax.set_yticks([])
        ax.set_ylabel(name, rotation=0, ha="right", va="center")
        if ax is not axes[-1]:
            ax.tick_params(labelbottom=False)
    axes[-1].set_xlabel("time (s); red: segments with wrongly named frames")
    return figure


def tables(result: Result) -> dict[str, Table]:
    """The chapter's tables: accuracy beside the paper's, epochs to the fixed validation
    accuracy, and the speed gaps at several levels."""
    return {
        "comparison": _comparison_table(result),
        "speed": _speed_table(result),
        "speed_gaps": _speed_gap_table(result),
    }


def figures(result: Result) -> dict[str, Figure]:
    """The chapter's figures: test accuracy per network, the validation curves against
    the fixed target, accuracy against target delay, and one test utterance."""
    return {
        "accuracy": _accuracy_figure(result),
        "speed": _speed_figure(result),
        "delay": _delay_figure(result),
        "example": _example_figure(result),
    }
