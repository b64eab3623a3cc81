"""Chapter 5: bidirectional LSTM for framewise phoneme classification (Graves & Schmidhuber 2005).

Every 10 ms frame of speech gets one of 39 phoneme classes. Six kinds of network of about
the same number of weights learn it, as in the paper: an MLP that sees one frame, an MLP
that sees a window of ``±window`` frames, a tanh RNN and an LSTM that read the frames in
order (with a *target delay* of ``d`` frames: the output at frame ``t`` names the phoneme
of frame ``t - d``, so the net has heard ``d`` frames of future context), and the
bidirectional BRNN and BLSTM, which read the whole utterance both ways.

Training follows the paper's recipe where it matters for the claims: cross-entropy per
frame, early stopping on the validation speakers, accuracy on speakers never heard in
training. Where it does not, it is what a CPU affords (see the chapter's Deviations):
Adam on minibatches of fixed-length chunks cut from the utterances (padded, variable-
length batches run the fused LSTM kernel about 14 times slower on CPU), and whole
utterances for validation and test.

The corpus is the project's synthetic speech (:mod:`lstm.data.speech`), or TIMIT when the
environment names a copy (``LSTM_TIMIT_DIR``, see :func:`load_corpus`).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

import lstm
from lstm.data import speech, timit
from lstm.data.corpus import PAD_LABEL, Corpus, Split
from lstm.data.features import N_FEATURES, frame_starts, window_length
from lstm.data.phonemes import PHONEMES
from lstm.nn.models import Readout
from lstm.nn.train import seed_everything
from lstm.reproduce.claims import Claim, all_of, at_least
from lstm.reproduce.registry import Experiment

KINDS = ("mlp", "rnn", "lstm", "brnn", "blstm")
N_CLASSES = len(PHONEMES)
RECURRENT = {"rnn": (lstm.RNN, False), "lstm": (lstm.LSTM, False)}
RECURRENT |= {"brnn": (lstm.RNN, True), "blstm": (lstm.LSTM, True)}


class FramewiseMLP(nn.Module):
    """A multilayer perceptron that classifies each frame from a window of frames.

    The input at frame ``t`` is frames ``t - window .. t + window`` side by side (zeros
    beyond either end of the sequence), then one tanh hidden layer of ``hidden_size``
    units, then ``N_CLASSES`` outputs. ``window=0``: the frame alone.
    """

    def __init__(self, hidden_size: int, window: int = 0, input_size: int = N_FEATURES) -> None:
        super().__init__()
        if isinstance(window, bool) or not isinstance(window, int) or window < 0:
            raise ValueError(f"expected window as an int >= 0, got {window!r}")
        self.window = window
        self.hidden = nn.Linear(input_size * (2 * window + 1), hidden_size)
        self.read = nn.Linear(hidden_size, N_CLASSES)

    def forward(self, x: Tensor, lengths: Tensor | None = None) -> Tensor:
        """(batch, time, features) -> (batch, time, classes); padding must be zeros."""
        if self.window:
            padded = nn.functional.pad(x, (0, 0, self.window, self.window))
            x = padded.unfold(1, 2 * self.window + 1, 1).transpose(2, 3).flatten(2)
        return self.read(torch.tanh(self.hidden(x)))


def build(kind: str, hidden_size: int, window: int = 0) -> nn.Module:
    """A network of ``kind`` (one of :data:`KINDS`) with ``hidden_size`` units per direction.

    ``"mlp"``: :class:`FramewiseMLP` with ``window``; the recurrent kinds: one layer of
    :class:`lstm.RNN` (tanh) or :class:`lstm.LSTM`, bidirectional for ``"brnn"`` /
    ``"blstm"``, read out at every frame by :class:`lstm.nn.models.Readout`.
    """
    if kind not in KINDS:
        raise ValueError(f"expected a network kind from {KINDS}, got {kind!r}")
    if kind == "mlp":
        return FramewiseMLP(hidden_size, window)
    if window:
        raise ValueError(f"expected window 0 for a recurrent net ({kind}), got {window}")
    layer, bidirectional = RECURRENT[kind]
    return Readout(layer(N_FEATURES, hidden_size, bidirectional=bidirectional), N_CLASSES)


def count_parameters(model: nn.Module) -> int:
    """The number of trainable weights (biases included) of ``model``."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def hidden_size_for(kind: str, parameters: int, window: int = 0) -> int:
    """The hidden size per direction that gives a net of ``kind`` the number of weights
    closest to ``parameters``, so that every network of the comparison is of one size."""
    if isinstance(parameters, bool) or not isinstance(parameters, int) or parameters < 100:
        raise ValueError(f"expected parameters as an int >= 100, got {parameters!r}")

    def size(hidden: int) -> int:
        return count_parameters(build(kind, hidden, window))

    low, high = 1, 1
    while size(high) < parameters:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if size(middle) < parameters else (low, middle)
    return min((low, high), key=lambda h: abs(size(h) - parameters))


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


def load_corpus(config: dict) -> Corpus:
    """The corpus ``config["corpus"]`` names: ``"espeak"`` (the synthetic corpus of
    :class:`lstm.data.speech.SpeechConfig` with the fields of ``config["speech"]``) or
    ``"timit"`` (the copy at ``LSTM_TIMIT_DIR``)."""
    name = config["corpus"]
    if name == "espeak":
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in config["speech"].items()}
        return speech.load(speech.SpeechConfig(**fields))
    if name == "timit":
        path = timit.from_environment()
        if path is None:
            raise ValueError(
                f"expected {timit.ENVIRONMENT_VARIABLE} to name a TIMIT folder for "
                "corpus 'timit', it is unset"
            )
        return timit.load(path)
    raise ValueError(f"expected corpus 'espeak' or 'timit', got {name!r}")


def corpus_name() -> str:
    """``"timit"`` when ``LSTM_TIMIT_DIR`` names a TIMIT folder, else ``"espeak"``."""
    return "timit" if timit.from_environment() is not None else "espeak"


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

    Each epoch visits every chunk of the training utterances ``train_rows`` once, in a
    shuffled order, ``batch`` chunks per Adam step, gradient norm clipped at 1. After each
    epoch the framewise accuracy on the whole validation utterances is measured; training
    stops ``patience`` epochs after the best one (or at ``max_epochs``) and the weights of
    the best epoch are scored on the test speakers.
    """
    seed_everything(seed)
    rng = np.random.default_rng(seed)
    hidden = hidden_size_for(network.kind, config["parameters"], network.window)
    model = build(network.kind, hidden, network.window)
    optimizer = torch.optim.Adam(model.parameters(), lr=config["lr"])
    x_train, y_train = chunks(corpus.train, config["chunk"], train_rows)
    curve, best, best_state, best_epoch = [], -1.0, None, 0
    for epoch in range(1, config["max_epochs"] + 1):
        order = torch.as_tensor(rng.permutation(len(x_train)))
        for start in range(0, len(order), config["batch"]):
            rows = order[start : start + config["batch"]]
            logits, labels = delayed(model(x_train[rows]), y_train[rows], network.delay)
            loss = nn.functional.cross_entropy(logits, labels, ignore_index=PAD_LABEL)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
        accuracy = frame_accuracy(
            predict(model, network, corpus.validation), corpus.validation.labels
        )
        curve.append(accuracy)
        if accuracy > best:
            best, best_epoch, best_state = accuracy, epoch, copy.deepcopy(model.state_dict())
        if epoch - best_epoch >= config["patience"]:
            break
    model.load_state_dict(best_state)
    test_predictions = predict(model, network, corpus.test)
    return {
        "network": network.name,
        "key": network.key,
        "hidden_size": hidden,
        "parameters": count_parameters(model),
        "validation_curve": curve,
        "best_epoch": best_epoch,
        "validation_accuracy": best,
        "test_accuracy": frame_accuracy(test_predictions, corpus.test.labels),
        "example": test_predictions[config["example_utterance"]].tolist(),
    }


def training_rows(corpus: Corpus, count: int | None, seed: int) -> Tensor:
    """``count`` training utterances drawn at random by ``seed`` (all when None), sorted."""
    total = len(corpus.train.lengths)
    if count is None or count >= total:
        return torch.arange(total)
    return torch.as_tensor(np.sort(np.random.default_rng([seed, 7]).permutation(total)[:count]))


SPEED_KEYS = ("rnn_d0", "lstm_d0", "brnn", "blstm")

#: Pairs (faster?, than) whose epochs to the fixed target are compared seed by seed: the
#: LSTM against the RNN (no delay), the BLSTM against the BRNN, and the LSTM against the MLP
#: with a window (``mlp_window`` stands for the config's window).
SPEED_PAIRS = (("lstm_d0", "rnn_d0"), ("blstm", "brnn"), ("lstm_d0", "mlp_window"))


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


def run(config: dict) -> dict:
    """The chapter's experiment: every network of :func:`networks` at every seed."""
    torch.set_num_threads(1)
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


#: Graves & Schmidhuber (2005), TIMIT test set: framewise accuracy (%) and epochs of
#: training, by our network keys ("delayed": the unidirectional net with its best target
#: delay). From the project's notes of the paper's table, not checked against the paper
#: here: hence the "~".
PAPER = {
    "mlp_w0": ("~51", "~800–1,000"),
    "mlp_window": ("~63 (10-frame window)", "~800–1,000"),
    "rnn_d0": ("~64.5", "~100–170"),
    "lstm_d0": ("~64.5", "~20–40"),
    "rnn_delayed": ("~65", "~100–170"),
    "lstm_delayed": ("~66 (4-frame delay)", "~20–40"),
    "brnn": ("~69", "~100–170"),
    "blstm": ("~70", "~20–40"),
}


def _paper_key(row: dict) -> str:
    if row["kind"] == "mlp":
        return "mlp_w0" if row["key"] == "mlp_w0" else "mlp_window"
    if row["kind"] in ("rnn", "lstm") and row["delay"]:
        return f"{row['kind']}_delayed"
    return row["key"]


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
        paper = PAPER.get(_paper_key(row), ("—", "—"))
        shown.append(
            {
                "network": row["network"],
                "parameters": row["parameters"],
                "accuracy": f"{100 * row['accuracy_mean']:.1f} ± {100 * row['accuracy_std']:.1f}",
                "accuracy_mean": row["accuracy_mean"],
                "accuracy_std": row["accuracy_std"],
                "epochs": row["epochs_mean"],
                "paper_accuracy": paper[0],
                "paper_epochs": paper[1],
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


def example_spectrogram(config: dict, index: int) -> tuple[np.ndarray, int]:
    """The spectrogram (:func:`spectrogram`) of test utterance ``index`` of the config's
    corpus, and its sample rate: re-synthesised for the synthetic corpus, read from the
    ``.WAV`` for TIMIT. One column per frame that the experiment labelled."""
    if config["corpus"] == "timit":
        path = timit.from_environment()
        if path is None:
            raise ValueError(f"expected {timit.ENVIRONMENT_VARIABLE} to name a TIMIT folder")
        found = [entry for entry in timit.utterances(path) if entry[0] == "test"]
        samples, rate = timit.read_sphere(found[index][2])
        frames = len(timit.read_utterance(found[index][2], found[index][3])[1])
        signal = samples / 32768.0
    else:
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in config["speech"].items()}
        signal, rate, labels = speech.utterance_audio(speech.SpeechConfig(**fields), "test", index)
        frames = len(labels)
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


_COMMON = {
    "corpus": corpus_name(),
    "parameters": 20_000,
    "window": 5,
    "lr": 0.003,
    "chunk": 100,
    "batch": 32,
    "example_utterance": 0,
}

EXPERIMENTS = [
    Experiment(
        name="framewise_phonemes",
        chapter="book/05_graves-2005_bidirectional-lstm",
        configs={
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
        },
        run=run,
        baseline_tolerance={"accuracy_blstm": 0.05, "accuracy_lstm_d0": 0.05},
    )
]


def _bidirectional_wins(metrics, profile):
    margin = profile.choose(smoke=0.0, full=0.01)
    return all_of(
        at_least(
            metrics["accuracy_blstm"] - metrics["accuracy_lstm_best_delay"],
            margin,
            "test accuracy, BLSTM minus LSTM at its best target delay",
        ),
        at_least(
            metrics["accuracy_brnn"] - metrics["accuracy_rnn_best_delay"],
            margin,
            "test accuracy, BRNN minus RNN at its best target delay",
        ),
    )


def _lstm_more_accurate(metrics, profile):
    margin = profile.choose(smoke=0.0, full=0.005)
    return all_of(
        at_least(
            metrics["accuracy_lstm_d0"] - metrics["accuracy_rnn_d0"],
            margin,
            "test accuracy, LSTM minus RNN (no delay)",
        ),
        at_least(
            metrics["accuracy_blstm"] - metrics["accuracy_brnn"],
            margin,
            "test accuracy, BLSTM minus BRNN",
        ),
        at_least(
            metrics["accuracy_lstm_d0"] - metrics["accuracy_mlp_window"],
            margin,
            "test accuracy, LSTM (no delay) minus MLP with a window",
        ),
    )


def _lstm_faster(metrics, profile):
    # "Much faster": the paper's RNNs needed about four times the LSTM's epochs (100-170
    # against 20-40). Read as: at least twice as many epochs to the same validation
    # accuracy, fixed in advance, for the unidirectional and the bidirectional pair.
    return all_of(
        at_least(
            metrics["epochs_to_target_rnn_d0"] / metrics["epochs_to_target_lstm_d0"],
            2.0,
            "epochs to the fixed validation accuracy, RNN / LSTM (no delay)",
        ),
        at_least(
            metrics["epochs_to_target_brnn"] / metrics["epochs_to_target_blstm"],
            2.0,
            "epochs to the fixed validation accuracy, BRNN / BLSTM",
        ),
    )


def _delay_helps_unidirectional(metrics, profile):
    return all_of(
        at_least(metrics["best_delay_lstm"], 1, "best target delay of the LSTM (frames)"),
        at_least(
            metrics["accuracy_lstm_best_delay"] - metrics["accuracy_lstm_d0"],
            profile.choose(smoke=0.0, full=0.01),
            "test accuracy, LSTM at its best delay minus LSTM without delay",
        ),
        at_least(
            metrics["accuracy_blstm"] - metrics["accuracy_lstm_best_delay"],
            0.0,
            "test accuracy, BLSTM (no delay) minus LSTM at its best delay",
        ),
    )


_PAPER_RESULTS = "(unverified recollection of the paper's table)"

CLAIMS = [
    Claim(
        id="graves2005.bidirectional_beats_unidirectional",
        paper="graves2005",
        quote=(
            "Our main findings are that bidirectional networks outperform unidirectional "
            "ones (Graves & Schmidhuber 2005, abstract)."
        ),
        paper_figure=f"BLSTM ~70% vs LSTM ~66%; BRNN ~69% vs RNN ~65% {_PAPER_RESULTS}",
        experiment="framewise_phonemes",
        criterion=_bidirectional_wins,
        examples={
            "reproduced": {
                "accuracy_blstm": 0.86,
                "accuracy_lstm_best_delay": 0.83,
                "accuracy_brnn": 0.84,
                "accuracy_rnn_best_delay": 0.81,
            },
            "not reproduced": {
                "accuracy_blstm": 0.70,
                "accuracy_lstm_best_delay": 0.72,
                "accuracy_brnn": 0.69,
                "accuracy_rnn_best_delay": 0.70,
            },
        },
    ),
    Claim(
        id="graves2005.lstm_more_accurate",
        paper="graves2005",
        quote=(
            "Long Short Term Memory (LSTM) is much faster and also more accurate than both "
            "standard Recurrent Neural Nets (RNNs) and time-windowed Multilayer Perceptrons "
            "(MLPs) (Graves & Schmidhuber 2005, abstract)."
        ),
        paper_figure=(
            f"BLSTM ~70% vs BRNN ~69%; LSTM ~64.5% vs RNN ~64.5%; MLP (window) ~63% "
            f"{_PAPER_RESULTS}"
        ),
        experiment="framewise_phonemes",
        criterion=_lstm_more_accurate,
        examples={
            "reproduced": {
                "accuracy_lstm_d0": 0.81,
                "accuracy_rnn_d0": 0.79,
                "accuracy_blstm": 0.86,
                "accuracy_brnn": 0.84,
                "accuracy_mlp_window": 0.76,
            },
            "not reproduced": {
                "accuracy_lstm_d0": 0.60,
                "accuracy_rnn_d0": 0.62,
                "accuracy_blstm": 0.70,
                "accuracy_brnn": 0.71,
                "accuracy_mlp_window": 0.63,
            },
        },
    ),
    Claim(
        id="graves2005.lstm_trains_faster",
        paper="graves2005",
        quote=(
            "Long Short Term Memory (LSTM) is much faster and also more accurate than both "
            "standard Recurrent Neural Nets (RNNs) and time-windowed Multilayer Perceptrons "
            "(MLPs) (Graves & Schmidhuber 2005, abstract)."
        ),
        paper_figure=f"epochs to converge: LSTM ~20-40, RNN ~100-170 {_PAPER_RESULTS}",
        experiment="framewise_phonemes",
        criterion=_lstm_faster,
        examples={
            "reproduced": {
                "epochs_to_target_lstm_d0": 4.0,
                "epochs_to_target_rnn_d0": 12.0,
                "epochs_to_target_blstm": 3.0,
                "epochs_to_target_brnn": 9.0,
            },
            "not reproduced": {
                "epochs_to_target_lstm_d0": 12.0,
                "epochs_to_target_rnn_d0": 10.0,
                "epochs_to_target_blstm": 8.0,
                "epochs_to_target_brnn": 9.0,
            },
        },
    ),
    Claim(
        id="graves2005.delay_helps_unidirectional",
        paper="graves2005",
        quote=(
            "Our results support the view that contextual information is crucial to speech "
            "processing, and suggest that BLSTM is an effective architecture with which to "
            "exploit it (Graves & Schmidhuber 2005, abstract)."
        ),
        paper_figure=(
            f"unidirectional LSTM best at a delay of ~4 frames (~66%), below BLSTM without "
            f"delay (~70%) {_PAPER_RESULTS}"
        ),
        experiment="framewise_phonemes",
        criterion=_delay_helps_unidirectional,
        examples={
            "reproduced": {
                "best_delay_lstm": 2,
                "accuracy_lstm_best_delay": 0.835,
                "accuracy_lstm_d0": 0.81,
                "accuracy_blstm": 0.86,
            },
            "not reproduced": {
                "best_delay_lstm": 0,
                "accuracy_lstm_best_delay": 0.64,
                "accuracy_lstm_d0": 0.64,
                "accuracy_blstm": 0.70,
            },
        },
    ),
]
