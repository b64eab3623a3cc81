"""Chapter 5's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass
from functools import partial

import numpy as np
import torch
from torch import Tensor, nn

from lstm.data import timit
from lstm.data.corpus import PAD_LABEL, Corpus, Split
from lstm.data.features import N_FEATURES
from lstm.data.phonemes import PHONEMES
from lstm.data.sources import load_corpus
from lstm.nn.framewise import count_parameters, framewise_network, hidden_size_for
from lstm.nn.train import fit, seed_everything

_COMMON = {
    "corpus": "espeak",  # or "timit": the copy in the folder LSTM_TIMIT_DIR names
    "parameters": 20_000,
    "window": 5,
    "lr": 0.003,
    "chunk": 100,
    "batch": 32,
    "example_utterance": 0,
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0],
        "speech": {"utterances_per_speaker": 10},
        "lr": 0.01,  # a larger step, for the nets to part within 8 short epochs
        "train_utterances": 150,
        "delays": [0, 2],
        "max_epochs": 8,
        "patience": 8,
        # The same rule as the full profile's speed_target, on the smoke run.
        "speed_target": 0.63,
    },
    "full": {
        **_COMMON,
        # Seeds 0-2 gave the earlier run that speed_target was read from, and seed 3
        # a convergence probe: the run that judges the claims uses seeds 4-6.
        "seeds": [4, 5, 6],
        "speech": {"utterances_per_speaker": 28},
        "train_utterances": 600,
        "delays": [0, 2, 4, 6],
        "max_epochs": 15,
        "patience": 4,
        # Validation frame accuracy whose epochs measure speed, fixed before the
        # run the book shows: the highest whole percent that every network (the
        # one-frame MLP included) reached at every seed of an earlier full run.
        "speed_target": 0.73,
    },
}


TOLERANCE = {"accuracy_blstm": 0.05, "accuracy_lstm_d0": 0.05}


N_CLASSES = len(PHONEMES)


#: Pairs (faster?, than) whose epochs to the fixed target are compared seed by seed: the
#: LSTM against the RNN (no delay), the BLSTM against the BRNN, and the LSTM against the MLP
#: with a window (``mlp_window`` stands for the config's window).
SPEED_PAIRS = (("lstm_d0", "rnn_d0"), ("blstm", "brnn"), ("lstm_d0", "mlp_window"))


@dataclass(frozen=True)
class Network:
    """One network of the comparison: its kind, window (MLP) and target delay (frames)."""

    kind: str
    window: int = 0
    delay: int = 0

    @property
    def name(self) -> str:
        label = {"mlp": "MLP", "rnn": "RNN", "lstm": "LSTM", "brnn": "BRNN", "blstm": "BLSTM"}
        name = label[self.kind]
        if self.kind == "mlp":
            return f"{name}, ±{self.window} frames" if self.window else f"{name}, one frame"
        return f"{name}, delay {self.delay}" if self.kind in ("rnn", "lstm") else name

    @property
    def key(self) -> str:
        """A short name for metric keys: ``mlp_w5``, ``lstm_d3``, ``blstm``."""
        if self.kind == "mlp":
            return f"mlp_w{self.window}"
        return f"{self.kind}_d{self.delay}" if self.kind in ("rnn", "lstm") else self.kind


def networks(config: dict) -> list[Network]:
    """The networks a config asks for: both MLPs, the RNN and LSTM at every delay of
    ``config["delays"]``, the BRNN and the BLSTM."""
    delays = config["delays"]
    if not delays or any(isinstance(d, bool) or not isinstance(d, int) or d < 0 for d in delays):
        raise ValueError(f"expected a non-empty list of delays (ints >= 0), got {delays!r}")
    if 0 not in delays:
        raise ValueError(f"expected the delays to include 0, got {delays!r}")
    nets = [Network("mlp", 0), Network("mlp", config["window"])]
    nets += [Network(kind, delay=d) for kind in ("rnn", "lstm") for d in delays]
    return nets + [Network("brnn"), Network("blstm")]


def _build(network: Network, hidden_size: int) -> nn.Module:
    """The net of ``network`` with ``hidden_size`` units per direction, from the speech
    features (:data:`~lstm.data.features.N_FEATURES` per frame) to the phoneme classes."""
    return framewise_network(network.kind, N_FEATURES, hidden_size, N_CLASSES, network.window)


def chunks(split: Split, length: int, utterances: Tensor | None = None) -> tuple[Tensor, Tensor]:
    """Every utterance of ``split`` (or just ``utterances``, indices) cut into consecutive
    chunks of ``length`` frames: features (chunks, length, 26) and labels (chunks,
    length), the last chunk of an utterance padded with zeros and :data:`PAD_LABEL`."""
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        raise ValueError(f"expected a chunk length as an int >= 1, got {length!r}")
    rows = range(len(split.lengths)) if utterances is None else utterances.tolist()
    features, labels = [], []
    for row in rows:
        frames = int(split.lengths[row])
        count = math.ceil(frames / length)
        x = torch.zeros(count * length, split.features.shape[2])
        y = torch.full((count * length,), PAD_LABEL, dtype=torch.int64)
        x[:frames] = split.features[row, :frames]
        y[:frames] = split.labels[row, :frames]
        features.append(x.view(count, length, -1))
        labels.append(y.view(count, length))
    return torch.cat(features), torch.cat(labels)


def delayed(logits: Tensor, labels: Tensor, delay: int) -> tuple[Tensor, Tensor]:
    """Pair each output with the frame it names under a target delay: the output at
    frame ``t`` with the label of frame ``t - delay``. Returns (N, classes), (N,)."""
    if delay:
        logits, labels = logits[:, delay:], labels[:, :-delay]
    return logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)


def predict(model: nn.Module, network: Network, split: Split, batch_size: int = 64) -> Tensor:
    """The predicted class of every frame of every whole utterance of ``split``
    (utterances, frames), :data:`PAD_LABEL` past each utterance's end.

    A delayed network reads ``delay`` frames of silence (zeros) after the end, so that it
    names every frame. Unidirectional nets and MLPs run on the zero-padded batch (the
    padding after an utterance cannot change its outputs); bidirectional nets get the
    lengths, so that their backward pass starts at each utterance's own last frame.
    """
    model.eval()
    out = torch.full(split.labels.shape, PAD_LABEL, dtype=torch.int64)
    order = torch.argsort(split.lengths, descending=True)
    bidirectional = network.kind in ("brnn", "blstm")
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            longest = int(split.lengths[rows].max())
            x = split.features[rows, :longest]
            if network.delay:
                x = nn.functional.pad(x, (0, 0, 0, network.delay))
            logits = model(x, lengths=split.lengths[rows] if bidirectional else None)
            guess = logits[:, network.delay :].argmax(-1)
            valid = torch.arange(longest) < split.lengths[rows, None]
            out[rows, :longest] = torch.where(valid, guess, PAD_LABEL)
    model.train()
    return out


def frame_accuracy(predicted: Tensor, labels: Tensor) -> float:
    """The share of frames (padding excluded) whose predicted class is the label."""
    if predicted.shape != labels.shape:
        raise ValueError(
            f"expected predictions of the labels' shape {tuple(labels.shape)}, "
            f"got {tuple(predicted.shape)}"
        )
    valid = labels != PAD_LABEL
    if not valid.any():
        raise ValueError("expected at least one labelled frame, got none")
    return float((predicted[valid] == labels[valid]).float().mean())


def train_network(
    network: Network, corpus: Corpus, config: dict, seed: int, train_rows: Tensor
) -> dict:
    """Train one network with early stopping; return its curve and best-epoch scores.

    An epoch visits every chunk of the training utterances ``train_rows`` once, in a
    shuffled order, ``batch`` chunks per Adam step, gradient norm clipped at 1. After each
    epoch :func:`lstm.nn.train.fit` measures the framewise accuracy on the whole
    validation utterances; training stops ``patience`` epochs after the best one (or at
    ``max_epochs``) and the weights of the best epoch are scored on the test speakers.
    """
    seed_everything(seed)
    rng = np.random.default_rng(seed)
    hidden = hidden_size_for(config["parameters"], partial(_build, network))
    model = _build(network, hidden)
    x_train, y_train = chunks(corpus.train, config["chunk"], train_rows)
    batch = config["batch"]
    steps_per_epoch = math.ceil(len(x_train) / batch)
    orders: list[Tensor] = []  # one shuffle of the chunks per epoch, drawn in turn

    def batch_fn(step: int) -> tuple[Tensor, Tensor]:
        epoch, position = divmod(step, steps_per_epoch)
        while len(orders) <= epoch:
            orders.append(torch.as_tensor(rng.permutation(len(x_train))))
        rows = orders[epoch][position * batch : (position + 1) * batch]
        return x_train[rows], y_train[rows]

    def loss_fn(model: nn.Module, chunk: tuple[Tensor, Tensor]) -> Tensor:
        logits, labels = delayed(model(chunk[0]), chunk[1], network.delay)
        return nn.functional.cross_entropy(logits, labels, ignore_index=PAD_LABEL)

    def evaluate(model: nn.Module) -> dict[str, float]:
        predicted = predict(model, network, corpus.validation)
        return {"accuracy": frame_accuracy(predicted, corpus.validation.labels)}

    history = fit(
        model,
        loss_fn,
        batch_fn,
        steps=config["max_epochs"] * steps_per_epoch,
        optimizer="adam",
        lr=config["lr"],
        clip_norm=1.0,
        evaluate=evaluate,
        eval_every=steps_per_epoch,
        keep_best="accuracy",
        patience=config["patience"],
        description=network.name,
    )
    curve = [evaluation["accuracy"] for evaluation in history.evaluations]
    best_epoch = history.best_step // steps_per_epoch
    test_predictions = predict(model, network, corpus.test)
    return {
        "network": network.name,
        "key": network.key,
        "hidden_size": hidden,
        "parameters": count_parameters(model),
        "validation_curve": curve,
        "best_epoch": best_epoch,
        "validation_accuracy": curve[best_epoch - 1],
        "test_accuracy": frame_accuracy(test_predictions, corpus.test.labels),
        "example": test_predictions[config["example_utterance"]].tolist(),
    }


def training_rows(corpus: Corpus, count: int | None, seed: int) -> Tensor:
    """``count`` training utterances drawn at random by ``seed`` (all when None), sorted."""
    total = len(corpus.train.lengths)
    if count is None or count >= total:
        return torch.arange(total)
    return torch.as_tensor(np.sort(np.random.default_rng([seed, 7]).permutation(total)[:count]))


def epochs_to_reach(curve: list[float], target: float) -> int:
    """The first epoch (1-based) whose validation accuracy is at least ``target``;
    one past the last epoch when none is."""
    return next((epoch for epoch, value in enumerate(curve, 1) if value >= target), len(curve) + 1)


def add_epochs_to_fixed_target(runs: list[dict], target: float, max_epochs: int) -> None:
    """Give every run its speed to a validation accuracy fixed in advance.

    ``target`` is a constant of the config (``speed_target``), the same for every network
    and seed, so a net can fail to reach it. Each run gets ``epochs_to_target``: the first
    epoch (1-based) whose whole-utterance validation frame accuracy is at least ``target``,
    or ``max_epochs + 1`` when no epoch of its training reached it (a lower bound: it would
    have needed more than the budget); and ``reached_target``: whether it reached it.
    """
    if not 0.0 < target < 1.0:
        raise ValueError(f"expected a target accuracy strictly between 0 and 1, got {target!r}")
    if isinstance(max_epochs, bool) or not isinstance(max_epochs, int) or max_epochs < 1:
        raise ValueError(f"expected max_epochs as an int >= 1, got {max_epochs!r}")
    for run in runs:
        epoch = epochs_to_reach(run["validation_curve"], target)
        run["reached_target"] = epoch <= len(run["validation_curve"])
        run["epochs_to_target"] = epoch if run["reached_target"] else max_epochs + 1


def speed_metrics(runs: list[dict], nets: list[Network]) -> dict[str, float]:
    """The flat speed metrics of runs that went through :func:`add_epochs_to_fixed_target`.

    For every network key ``k`` (and ``mlp_window`` for the MLP with a window):
    ``epochs_to_target_k``, the mean over seeds of the epochs to the fixed validation
    accuracy (a seed that never reached it counts as ``max_epochs + 1``);
    ``epochs_to_target_k_max``, the slowest seed's; ``reached_target_k``, the share of seeds
    (0 to 1) that reached it within the budget. For each pair ``(a, b)`` of
    :data:`SPEED_PAIRS`: ``epochs_to_target_a_minus_b_max``, the largest over seeds of
    (a's epochs minus b's epochs at the same seed) — at most -1 means ``a`` got there at
    least one epoch sooner at every seed; 0 or more means it did not at some seed.
    """
    metrics: dict[str, float] = {}
    by_seed: dict[str, dict[int, int]] = {}
    for net in nets:
        mine = [r for r in runs if r["key"] == net.key]
        epochs = np.array([r["epochs_to_target"] for r in mine], dtype=float)
        names = [net.key] + (["mlp_window"] if net.kind == "mlp" and net.window else [])
        for name in names:
            metrics[f"epochs_to_target_{name}"] = float(epochs.mean())
            metrics[f"epochs_to_target_{name}_max"] = float(epochs.max())
            metrics[f"reached_target_{name}"] = float(np.mean([r["reached_target"] for r in mine]))
            by_seed[name] = {r["seed"]: r["epochs_to_target"] for r in mine}
    for faster, slower in SPEED_PAIRS:
        if faster in by_seed and slower in by_seed:
            gaps = [by_seed[faster][seed] - by_seed[slower][seed] for seed in by_seed[faster]]
            metrics[f"epochs_to_target_{faster}_minus_{slower}_max"] = float(max(gaps))
    return metrics


def summarise(runs: list[dict], nets: list[Network]) -> tuple[list[dict], dict]:
    """Per network over seeds: mean and std of test accuracy and of epochs to the best
    validation accuracy (rows for the table), and the flat metrics the claims read; with
    the speed metrics of :func:`speed_metrics` when the runs went through
    :func:`add_epochs_to_fixed_target` (each row then also lists, seed by seed, the epochs
    to the fixed target and whether it was reached)."""
    rows, metrics = [], {}
    for net in nets:
        mine = [r for r in runs if r["key"] == net.key]
        accuracy = np.array([r["test_accuracy"] for r in mine])
        epochs = np.array([r["best_epoch"] for r in mine], dtype=float)
        to_target = [r["epochs_to_target"] for r in mine if "epochs_to_target" in r]
        reached = [r["reached_target"] for r in mine if "reached_target" in r]
        rows.append(
            {
                "network": net.name,
                "key": net.key,
                "kind": net.kind,
                "delay": net.delay,
                "window": net.window,
                "hidden_size": mine[0]["hidden_size"],
                "parameters": mine[0]["parameters"],
                "accuracy_mean": float(accuracy.mean()),
                "accuracy_std": float(accuracy.std()),
                "epochs_mean": float(epochs.mean()),
                "epochs_std": float(epochs.std()),
                "epochs_to_target_mean": float(np.mean(to_target)) if to_target else None,
                "epochs_to_target": to_target,
                "reached_target": reached,
                "accuracies": accuracy.tolist(),
                "epochs": epochs.tolist(),
            }
        )
        metrics[f"accuracy_{net.key}"] = float(accuracy.mean())
        metrics[f"epochs_{net.key}"] = float(epochs.mean())
        if net.kind == "mlp" and net.window:
            metrics["accuracy_mlp_window"] = float(accuracy.mean())
            metrics["epochs_mlp_window"] = float(epochs.mean())
    if all("epochs_to_target" in r for r in runs):
        metrics |= speed_metrics(runs, nets)
    for kind in ("rnn", "lstm"):
        sweep = [row for row in rows if row["kind"] == kind]
        best = max(sweep, key=lambda row: row["accuracy_mean"])
        metrics[f"best_delay_{kind}"] = best["delay"]
        metrics[f"accuracy_{kind}_best_delay"] = best["accuracy_mean"]
    return rows, metrics


def _warn_if_timit_is_ignored(config: dict) -> None:
    """Name the way to TIMIT when its folder is set but the config asks for espeak."""
    variable = timit.ENVIRONMENT_VARIABLE
    if config.get("corpus") == "espeak" and os.environ.get(variable, "").strip():
        warnings.warn(
            f"{variable} is set, but the config names the corpus 'espeak': run with "
            "--set corpus=timit to run on TIMIT",
            stacklevel=3,
        )


def run(config: dict) -> dict:
    """The chapter's experiment: every network of :func:`networks` at every seed."""
    _warn_if_timit_is_ignored(config)
    corpus = load_corpus(config)
    nets = networks(config)
    runs = []
    for seed in config["seeds"]:
        rows = training_rows(corpus, config["train_utterances"], seed)
        for index, net in enumerate(nets):
            outcome = train_network(net, corpus, config, seed * 1000 + index, rows)
            runs.append({"seed": seed, **outcome})
    add_epochs_to_fixed_target(runs, config["speed_target"], config["max_epochs"])
    table, metrics = summarise(runs, nets)
    example = config["example_utterance"]
    first = {r["key"]: r["example"] for r in runs if r["seed"] == config["seeds"][0]}
    frames = int(corpus.test.lengths[example])
    return {
        "metrics": metrics,
        "rows": table,
        "runs": [{k: v for k, v in r.items() if k != "example"} for r in runs],
        "corpus": {
            "source": corpus.source,
            "train_utterances": len(training_rows(corpus, config["train_utterances"], 0)),
            "train_frames": int(corpus.train.lengths.sum()),
            "test_utterances": len(corpus.test.lengths),
            "test_frames": int(corpus.test.lengths.sum()),
        },
        "example": {
            "index": example,
            "text": corpus.test.texts[example],
            "speaker": corpus.test.speakers[example],
            "labels": corpus.test.labels[example, :frames].tolist(),
            "lstm": first["lstm_d0"][:frames],
            "blstm": first["blstm"][:frames],
        },
    }
