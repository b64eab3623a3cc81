"""Chapter 3: bridging long time lags (Hochreiter & Schmidhuber 1997, Exps 2a-6b).

Every task of :mod:`lstm.tasks.long_lag` is learned by three nets of similar size, all by
backpropagation through time with Adam on mini-batches: the 1997 LSTM (no forget gate, the
paper's squashing functions), today's vanilla LSTM and a tanh RNN. A run stops as soon as
the paper's success criterion holds: on fresh test sequences (Exps 2, 3 and 6) or, for the
adding and multiplication problems, on the most recent training sequences, as the paper's
stopping rule has it (:class:`RecentTrainingRule`). Its cost is the number of training
sequences seen by then, the paper's "sequences to success". Exp 3 also gets the paper's
random-weight-guessing baseline (:mod:`lstm.nn.guessing`).

A full run is long; with ``LSTM_LAGS_CACHE=<directory>`` each training run's outcome is
kept there as it finishes, so that a run that was cut off resumes where it stopped and
separate processes can compute separate settings (the committed result was assembled so).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import statistics
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from torch import Tensor, nn

import lstm
from lstm.nn import guessing
from lstm.nn.models import Readout
from lstm.nn.train import fit, seed_everything
from lstm.reproduce.claims import Check, Claim, all_of, at_least, at_most  # noqa: F401
from lstm.reproduce.figures import book_figure, legend_below
from lstm.reproduce.profiles import Profile
from lstm.reproduce.report import Table
from lstm.tasks import long_lag
from lstm.tasks.long_lag import Sequences

if TYPE_CHECKING:
    from lstm.reproduce.results import Result

#: The paper's "sequences to success" of its LSTM (Hochreiter & Schmidhuber 1997, Tables
#: 2-10, as listed in the book's shared claims), keyed ``<task>_<lag>``. The temporal order
#: tasks have length 100-110 whatever the key says.
PAPER = {
    "noise_free_100": 5_040,
    "distractors_100": 31_000,
    "distractors_500": 38_000,
    "distractors_1000": 49_000,
    "two_sequence_100": 27_380,
    "two_sequence_1000": 446_850,
    "adding_100": 74_000,
    "adding_500": 209_000,
    "adding_1000": 853_000,
    "multiplication_100": 482_000,
    "order_4_100": 31_390,
    "order_8_100": 571_100,
}

#: The nets of :func:`build`.
MODELS = ("LSTM1997", "LSTM1997-bias-2", "LSTM", "LSTM-bias1", "RNN")

#: Not a net trained by gradient descent: the paper's random weight guessing (Exp 3 only).
GUESSING = "guessing"

_ALL = ["LSTM1997", "LSTM", "RNN"]

_COMMON = {
    "hidden": 8,
    "lr": 0.01,
    "batch": 32,
    "clip_norm": 1.0,
    "eval_every": 25,
    # Input-gate bias of the 1997 LSTM at initialisation. Without a forget gate, every
    # input the gate lets through stays in the cell; the paper's remedy for this "internal
    # state drift" is to bias the input gates towards zero at the start of learning
    # (section 5.4). At -2 (gate near 0.12) our 1997 LSTM solved every task at lag 100 but
    # the adding problem at T = 1,000 in no probe run; at -5 (gate near 0.007) it solved
    # both. "LSTM1997-bias-2" is the 1997 LSTM started at -2, for contrast.
    "input_gate_bias_1997": -5.0,
    "input_gate_bias_1997_contrast": -2.0,
    # Forget-gate bias of the vanilla LSTM at initialisation. With the customary 1.0
    # (Jozefowicz et al. 2015) the forget gate starts near sigmoid(1) = 0.73 and the
    # gradient through 100 steps shrinks like 0.73**100; at 3.0 it starts near 0.95, close
    # to the 1997 carousel's 1. "LSTM-bias1" is the vanilla LSTM with 1.0, for contrast.
    "forget_gate_bias": 3.0,
    "forget_gate_bias_contrast": 1.0,
    # Random weight guessing on Exp 3 (:func:`guess_one`): a fully connected recurrent net
    # of one hidden and one output unit (8 weights), every weight uniform in [-100, 100] as
    # in Schmidhuber & Hochreiter's guessing experiments; each guess checked on 256
    # sequences (the paper's Exp 3 test set), the net found tested on 2,560 fresh ones.
    "guessing_hidden": 1,
    "guessing_weight_range": 100.0,
    "guessing_check_size": 256,
    "guessing_heldout_size": 2560,
}


def _setting(task: str, lag: int, models: list[str], max_sequences: int, seeds: int) -> dict:
    return {
        "task": task,
        "lag": lag,
        "models": models,
        "max_sequences": max_sequences,
        "seeds": seeds,
    }


CONFIG = {
    "smoke": _COMMON
    | {
        "seeds": [0, 1],
        "test_size": 256,
        "heldout_size": 512,
        "settings": [
            _setting("noise_free", 50, _ALL, 8_000, 2),
            _setting("two_sequence", 50, _ALL, 8_000, 2),
            _setting("two_sequence", 50, [GUESSING], 20_000 * 256, 2),
            _setting("adding", 200, ["LSTM1997", "RNN"], 48_000, 2),
        ],
    },
    "full": _COMMON
    | {
        "seeds": [0, 1, 2, 3, 4],
        "test_size": 512,
        "heldout_size": 2560,
        "settings": [
            _setting("noise_free", 100, ["LSTM1997", "LSTM", "LSTM-bias1", "RNN"], 50_000, 5),
            _setting("distractors", 100, _ALL, 50_000, 5),
            _setting("distractors", 500, ["LSTM1997"], 100_000, 5),
            _setting("distractors", 1000, ["LSTM1997"], 100_000, 5),
            _setting("two_sequence", 100, _ALL, 50_000, 5),
            _setting("two_sequence", 100, [GUESSING], 100_000 * 256, 5),
            _setting("two_sequence", 1000, ["LSTM1997"], 100_000, 5),
            _setting("adding", 100, _ALL, 100_000, 5),
            _setting("adding", 500, ["LSTM1997"], 100_000, 5),
            _setting("adding", 1000, ["LSTM1997"], 100_000, 5),
            _setting("adding", 1000, ["LSTM1997-bias-2"], 50_000, 5),
            _setting("multiplication", 100, ["LSTM1997", "RNN"], 100_000, 5),
            _setting("order_4", 100, _ALL, 100_000, 5),
            _setting("order_8", 100, _ALL, 150_000, 5),
        ],
    },
}

TOLERANCE = {"lstm_min_success_rate": 0.5, "rnn_max_success_rate": 0.5}

CACHE_ENV = "LSTM_LAGS_CACHE"


@dataclass(frozen=True)
class RecentTrainingRule:
    """The paper's stopping rule for the adding and multiplication problems, judged on the
    training sequences themselves rather than on a test set.

    Exp 4 (Hochreiter & Schmidhuber 1997, 5.4): "Training is stopped once the average
    training error is below 0.01, and the 2000 most recent sequences were processed
    correctly" (absolute error at the sequence end below 0.04). Exp 5 (5.5): stop "as soon
    as less than n_seq of the 2000 most recent training sequences lead to absolute errors
    exceeding 0.04", with n_seq = 140 (the setting of its 482,000 sequences).

    Each training sequence's error is taken when it is processed, by the net as it stands
    before the update on its mini-batch (the online rule's reading: an error counts against
    the weights that made it). The window holds the errors of exactly the ``window`` most
    recent training sequences (62.5 mini-batches of 32), so the rule can first hold once
    2,000 sequences have been seen, and is checked after every mini-batch. "Average training
    error" is read as the mean squared error at the sequence end over the same window (the
    paper's test-set "average error" sits beside an MSE column in its Table 8). Under that
    reading Exp 4's first condition follows from its second (every absolute error below
    0.04 makes every squared error below 0.0016), so it never decides a run; it is checked
    all the same. A sequence counts as wrong when its absolute error is ``threshold`` or
    more; the rule holds when at most ``max_wrong`` of the window are wrong (Exp 4: 0; Exp 5:
    139, "less than 140") and, where ``max_mean_squared_error`` is given, the window's mean
    squared error is below it.
    """

    window: int = 2000
    threshold: float = 0.04
    max_wrong: int = 0
    max_mean_squared_error: float | None = 0.01

    def holds(self, errors: Iterable[float]) -> bool:
        """Whether the rule holds after the training sequences whose absolute errors are
        ``errors``, in the order they were processed (only the last ``window`` count)."""
        return bool(self.status(errors)["solved"])

    def status(self, errors: Iterable[float]) -> dict[str, float | bool]:
        """The rule on the last ``window`` of ``errors``: ``solved``, the number of wrong
        sequences (``recent_wrong``) and the mean squared error (``recent_mse``) there."""
        recent = np.asarray(list(errors), dtype=np.float64)[-self.window :]
        if len(recent) < self.window:
            return {"solved": False, "recent_wrong": math.nan, "recent_mse": math.nan}
        wrong = int((recent >= self.threshold).sum())
        mse = float(np.mean(recent**2))
        solved = wrong <= self.max_wrong and (
            self.max_mean_squared_error is None or mse < self.max_mean_squared_error
        )
        return {"solved": solved, "recent_wrong": wrong, "recent_mse": mse}


class RecentErrors:
    """The absolute errors of the most recent training sequences, fed batch by batch, and
    the :class:`RecentTrainingRule` on them."""

    def __init__(self, rule: RecentTrainingRule) -> None:
        self.rule = rule
        self.errors: deque[float] = deque(maxlen=rule.window)

    def add(self, errors: Tensor) -> None:
        self.errors.extend(errors.detach().double().flatten().tolist())

    def status(self) -> dict[str, float | bool]:
        return self.rule.status(self.errors)


@dataclass(frozen=True)
class Task:
    """One of the paper's experiments: its generator, output kind and success criterion.

    ``make(batch, lag, rng)`` draws a batch; ``lag`` is the task's own size parameter (p,
    q or T; ignored by the temporal order tasks, whose lengths are fixed). The criterion is
    either ``"max_error"`` (every output of every fresh test sequence within ``threshold`` of
    its target) or ``"recent_training"``: the paper's stopping rule on the most recent
    training sequences, ``rule``. ``symbols``, for a task whose inputs are symbol indices,
    gives the number of symbols (the one-hot width the net reads) at a lag.
    """

    experiment: str
    title: str
    make: Callable[[int, int, np.random.Generator], Sequences]
    classification: bool
    criterion: str
    threshold: float
    rule: RecentTrainingRule | None = None
    symbols: Callable[[int], int] | None = None


TASKS: dict[str, Task] = {
    "noise_free": Task(
        "2a",
        "noise-free long lag, lag p",
        lambda batch, lag, rng: long_lag.noise_free_long_lag(batch, lag, rng),
        classification=True,
        criterion="max_error",
        threshold=0.25,
    ),
    "distractors": Task(
        "2c",
        "very long lag with distractors, q = p",
        lambda batch, lag, rng: long_lag.distractor_long_lag(batch, lag, lag, rng, symbols=True),
        classification=True,
        criterion="max_error",
        threshold=0.2,
        symbols=lambda lag: lag + 4,
    ),
    "two_sequence": Task(
        "3",
        "signal and noise on one channel, N = 3",
        lambda batch, lag, rng: long_lag.two_sequence_noise(batch, lag, rng),
        classification=True,
        criterion="max_error",
        threshold=0.2,
    ),
    "adding": Task(
        "4",
        "adding problem",
        lambda batch, lag, rng: long_lag.adding(batch, lag, rng),
        classification=False,
        criterion="recent_training",
        threshold=0.04,
        rule=RecentTrainingRule(max_wrong=0, max_mean_squared_error=0.01),
    ),
    "multiplication": Task(
        "5",
        "multiplication problem",
        lambda batch, lag, rng: long_lag.multiplication(batch, lag, rng),
        classification=False,
        criterion="recent_training",
        threshold=0.04,
        rule=RecentTrainingRule(max_wrong=139, max_mean_squared_error=None),
    ),
    "order_4": Task(
        "6a",
        "temporal order, 4 classes",
        lambda batch, lag, rng: long_lag.temporal_order(batch, rng, relevant=2),
        classification=True,
        criterion="max_error",
        threshold=0.3,
    ),
    "order_8": Task(
        "6b",
        "temporal order, 8 classes",
        lambda batch, lag, rng: long_lag.temporal_order(batch, rng, relevant=3),
        classification=True,
        criterion="max_error",
        threshold=0.3,
    ),
}


def rnn_size_like(lstm_parameters: int, features: int, outputs: int) -> int:
    """The tanh RNN's hidden size whose parameter count (readout included) comes closest to
    ``lstm_parameters``."""

    def count(hidden: int) -> int:
        return hidden * (features + hidden + 2) + outputs * (hidden + 1)

    return min(range(1, 4096), key=lambda hidden: abs(count(hidden) - lstm_parameters))


#: How each LSTM of :data:`MODELS` starts: its variant, and the gate whose bias the config
#: key sets (the 1997 cell's input gates shut, the vanilla cell's forget gates open).
_LSTM_START = {
    "LSTM1997": ("LSTM1997", "input", "input_gate_bias_1997"),
    "LSTM1997-bias-2": ("LSTM1997", "input", "input_gate_bias_1997_contrast"),
    "LSTM": ("vanilla", "forget", "forget_gate_bias"),
    "LSTM-bias1": ("vanilla", "forget", "forget_gate_bias_contrast"),
}


def build(model: str, features: int, outputs: int, config: Mapping) -> Readout:
    """One of :data:`MODELS` with ``config["hidden"]`` cells, read out at the last step: the
    1997 LSTM with its input gates started at ``config["input_gate_bias_1997"]`` (or the
    contrast's), the vanilla LSTM with its forget gates started at
    ``config["forget_gate_bias"]`` (or the contrast's), or ``"RNN"`` (tanh, sized to the
    vanilla LSTM's parameter count)."""
    hidden = config["hidden"]
    if model in _LSTM_START:
        variant, gate, bias = _LSTM_START[model]
        recurrent = lstm.LSTM(features, hidden, **lstm.VARIANTS[variant])
        recurrent.set_gate_bias(gate, config[bias])
        return Readout(recurrent, outputs, last_step_only=True)
    if model == "RNN":
        reference = sum(p.numel() for p in build("LSTM", features, outputs, config).parameters())
        rnn = lstm.RNN(features, rnn_size_like(reference, features, outputs))
        return Readout(rnn, outputs, last_step_only=True)
    raise ValueError(f"expected a model in {MODELS}, got {model!r}")


def passes(task: Task, predictions: Tensor, targets: Tensor) -> tuple[bool, float]:
    """Whether every test sequence has every output within the task's ``threshold`` of its
    target (the ``"max_error"`` criterion), and the share of sequences that are not."""
    errors = (predictions - targets).abs().amax(dim=1)
    wrong = float((errors >= task.threshold).float().mean())
    return wrong == 0.0, wrong


def train_one(
    task_name: str, lag: int, model_name: str, seed: int, max_sequences: int, config: dict
) -> dict:
    """Train one net on one task until the success criterion holds or ``max_sequences``
    have been seen. Returns the outcome of the run.

    With the ``"max_error"`` criterion the check runs every ``eval_every`` steps on
    ``test_size`` fresh test sequences. With ``"recent_training"`` (adding, multiplication)
    the rule is checked after every step on the errors the training sequences themselves
    produced, and once training ends the net is also tested on ``heldout_size`` fresh
    sequences (the paper's 2,560): the share of them off by 0.04 or more, and their mean
    squared error.
    """
    if model_name == GUESSING:
        return guess_one(task_name, lag, seed, max_sequences, config)
    task = TASKS[task_name]
    entropy = [seed, list(TASKS).index(task_name), lag]
    train_rng = np.random.default_rng(np.random.SeedSequence(entropy + [0]))
    test_rng = np.random.default_rng(np.random.SeedSequence(entropy + [1]))
    probe = task.make(2, lag, train_rng)
    features = task.symbols(lag) if task.symbols else probe.inputs.shape[2]
    outputs = probe.targets.shape[1]
    seed_everything(seed)
    net = build(model_name, features, outputs, config)
    criterion = nn.BCEWithLogitsLoss() if task.classification else nn.MSELoss()
    batch = config["batch"]
    recent = RecentErrors(task.rule) if task.rule is not None else None

    def loss(model: nn.Module, sequences: Sequences) -> Tensor:
        predictions = model(sequences.inputs, sequences.lengths)
        if recent is not None:  # the errors of the net before this batch's update
            recent.add((predictions - sequences.targets).abs().amax(dim=1))
        return criterion(predictions, sequences.targets)

    def test(model: nn.Module) -> dict:
        if recent is not None:
            return recent.status()
        return evaluate(model, task, lag, test_rng, config["test_size"])

    history = fit(
        net,
        loss,
        lambda step: task.make(batch, lag, train_rng),
        steps=max_sequences // batch,
        optimizer="adam",
        lr=config["lr"],
        clip_norm=config["clip_norm"],
        evaluate=test,
        eval_every=1 if recent is not None else config["eval_every"],
        success=lambda metrics: metrics["solved"],
        description=f"Exp {task.experiment}, lag {lag}, {model_name}, seed {seed}",
    )
    outcome = {
        "task": task_name,
        "lag": lag,
        "model": model_name,
        "seed": seed,
        "parameters": sum(p.numel() for p in net.parameters()),
        "solved": history.solved_at is not None,
        "sequences": history.steps * batch,
    }
    last = history.evaluations[-1]
    if recent is None:
        outcome["test_share_wrong"] = round(last["share_wrong"], 4)
    else:
        outcome["recent_wrong"] = last["recent_wrong"]
        outcome["recent_mse"] = round(last["recent_mse"], 6)
        outcome |= heldout(net, task, lag, test_rng, config["heldout_size"])
    outcome["seconds"] = round(history.wall_time_s, 2)
    return outcome


def heldout(
    net: nn.Module, task: Task, lag: int, rng: np.random.Generator, size: int
) -> dict[str, float]:
    """A trained net on ``size`` fresh sequences of a regression task (in chunks of 512):
    the share off by the task's threshold or more, and the mean squared error."""
    net.eval()
    errors = []
    with torch.no_grad():
        for start in range(0, size, 512):
            inputs, targets, lengths = task.make(min(512, size - start), lag, rng)
            errors.append((net(inputs, lengths) - targets).abs().amax(dim=1))
    net.train()
    error = torch.cat(errors).double()
    return {
        "heldout_share_wrong": round(float((error >= task.threshold).double().mean()), 5),
        "heldout_mse": round(float((error**2).mean()), 6),
    }


def guess_one(task_name: str, lag: int, seed: int, max_sequences: int, config: dict) -> dict:
    """The paper's random weight guessing on one task and seed (see :mod:`lstm.nn.guessing`):
    nets drawn at random until one classifies each of ``check_size`` sequences (the size of
    the paper's Exp 3 test set, 256) correctly, or ``max_sequences // check_size`` guesses
    have failed; the net found is then tested on ``heldout_size`` fresh sequences."""
    task = TASKS[task_name]
    entropy = [seed, list(TASKS).index(task_name), lag]
    check_rng = np.random.default_rng(np.random.SeedSequence(entropy + [2]))
    heldout_rng = np.random.default_rng(np.random.SeedSequence(entropy + [3]))
    guess_rng = np.random.default_rng(np.random.SeedSequence(entropy + [4]))
    check = task.make(config["guessing_check_size"], lag, check_rng)
    started = time.perf_counter()
    found = guessing.guess_weights(
        *check,
        guess_rng,
        hidden=config["guessing_hidden"],
        weight_range=config["guessing_weight_range"],
        threshold=task.threshold,
        max_guesses=max_sequences // config["guessing_check_size"],
    )
    outcome = {
        "task": task_name,
        "lag": lag,
        "model": GUESSING,
        "seed": seed,
        "parameters": (config["guessing_hidden"] + 1) * (config["guessing_hidden"] + 3),
        "solved": found.solved,
        "guesses": found.guesses,
        "sequences": found.sequences,
        "sequences_to_first_error": found.sequences_to_first_error,
        "heldout_share_wrong": None,
    }
    if found.net is not None:
        test = task.make(config["guessing_heldout_size"], lag, heldout_rng)
        wrong = guessing.share_wrong(found.net, *test, threshold=task.threshold)
        outcome["heldout_share_wrong"] = round(wrong, 5)
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    return outcome


def evaluate(
    net: nn.Module, task: Task, lag: int, rng: np.random.Generator, size: int
) -> dict[str, float | bool]:
    """The success criterion on ``size`` fresh test sequences."""
    inputs, targets, lengths = task.make(size, lag, rng)
    predictions = net(inputs, lengths)
    if task.classification:
        predictions = torch.sigmoid(predictions)
    solved, share_wrong = passes(task, predictions, targets)
    return {"solved": solved, "share_wrong": share_wrong}


#: Figures of a run that :func:`summarise` gives as their median over the successful runs
#: of a setting, when its runs have them: held-out tests (adding, multiplication, guessing)
#: and the guesser's counts.
MEDIANS_OF_SOLVED = ("heldout_share_wrong", "heldout_mse", "guesses", "sequences_to_first_error")


def summarise(runs: list[dict]) -> list[dict]:
    """One row per (task, lag, model): success rate over seeds and the median number of
    training sequences to success among the successful runs (for the guesser: sequences
    evaluated), with the medians of :data:`MEDIANS_OF_SOLVED` where the runs have them."""
    rows = []
    keys = dict.fromkeys((run["task"], run["lag"], run["model"]) for run in runs)
    for task_name, lag, model in keys:
        group = [r for r in runs if (r["task"], r["lag"], r["model"]) == (task_name, lag, model)]
        solved = [r for r in group if r["solved"]]
        row = {
            "task": task_name,
            "experiment": TASKS[task_name].experiment,
            "lag": lag,
            "model": model,
            "seeds": len(group),
            "success_rate": len(solved) / len(group),
            "median_sequences": statistics.median(r["sequences"] for r in solved)
            if solved
            else None,
            "budget_sequences": max(r["sequences"] for r in group),
            "paper_sequences": PAPER.get(f"{task_name}_{lag}"),
        }
        for name in MEDIANS_OF_SOLVED:
            if any(name in r for r in group):
                values = [r[name] for r in solved if r.get(name) is not None]
                row[f"median_{name}"] = statistics.median(values) if values else None
        rows.append(row)
    return rows


def cached_train_one(
    task_name: str, lag: int, model_name: str, seed: int, max_sequences: int, config: dict
) -> dict:
    """:func:`train_one`, its outcome kept in the directory named by ``LSTM_LAGS_CACHE``
    when that is set, so that a long run that was cut off resumes where it stopped (and
    independent settings can be computed by separate processes)."""
    directory = os.environ.get(CACHE_ENV)
    if not directory:
        return train_one(task_name, lag, model_name, seed, max_sequences, config)
    key = [task_name, lag, model_name, seed, max_sequences] + sorted(
        (name, value) for name, value in config.items() if name not in ("seeds", "settings")
    )
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]
    path = Path(directory) / f"{task_name}-{lag}-{model_name}-{seed}-{digest}.json"
    if path.exists():
        return json.loads(path.read_text())
    outcome = train_one(task_name, lag, model_name, seed, max_sequences, config)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(outcome))
    return outcome


def run(config: dict) -> dict:
    """Every (task, lag, model, seed) of ``config["settings"]``; metrics per setting."""
    runs = []
    for setting in config["settings"]:
        for model in setting["models"]:
            for seed in config["seeds"][: setting["seeds"]]:
                outcome = cached_train_one(
                    setting["task"], setting["lag"], model, seed, setting["max_sequences"], config
                )
                if os.environ.get(CACHE_ENV):
                    print(outcome, flush=True)
                runs.append(outcome)
    rows = summarise(runs)
    metrics: dict[str, float] = {}
    for row in rows:
        key = f"{row['task']}_{row['lag']}.{row['model']}"
        metrics[f"{key}.success_rate"] = row["success_rate"]
        if row["median_sequences"] is not None:
            metrics[f"{key}.median_sequences"] = row["median_sequences"]
        for name in MEDIANS_OF_SOLVED:
            if row.get(f"median_{name}") is not None:
                metrics[f"{key}.median_{name}"] = row[f"median_{name}"]
    # Random weight guessing against the 1997 LSTM on Exp 3, where both succeeded: the
    # guesser's sequences (every guess run on all 256, or dropped at its first mistake)
    # over the LSTM's training sequences, medians over seeds.
    for row in rows:
        if row["model"] != GUESSING or row["median_sequences"] is None:
            continue
        lstm1997 = next(
            (
                r
                for r in rows
                if (r["task"], r["lag"], r["model"]) == (row["task"], row["lag"], "LSTM1997")
            ),
            None,
        )
        if lstm1997 is None or lstm1997["median_sequences"] is None:
            continue
        key = f"{row['task']}_{row['lag']}.{GUESSING}"
        lstm_sequences = lstm1997["median_sequences"]
        metrics[f"{key}.sequences_over_lstm1997"] = row["median_sequences"] / lstm_sequences
        metrics[f"{key}.sequences_to_first_error_over_lstm1997"] = (
            row["median_sequences_to_first_error"] / lstm_sequences
        )

    def rates(model: str) -> dict[tuple[str, int], float]:
        return {(r["task"], r["lag"]): r["success_rate"] for r in rows if r["model"] == model}

    rate_1997, rate_vanilla, rate_rnn = rates("LSTM1997"), rates("LSTM"), rates("RNN")
    # Per setting, the better of the two LSTMs (the ablations aside); then the worst setting.
    best = [
        max(rate_1997.get(key, 0.0), rate_vanilla.get(key, 0.0))
        for key in rate_1997.keys() | rate_vanilla.keys()
    ]
    metrics["lstm_min_success_rate"] = min(best, default=0.0)
    # The share of settings in which at least one LSTM run succeeded.
    metrics["lstm_share_of_settings_solved"] = sum(rate > 0 for rate in best) / max(len(best), 1)
    metrics["lstm1997_longest_lag_solved"] = max(
        (lag for (_, lag), rate in rate_1997.items() if rate == 1.0), default=0
    )
    longest = max((lag for _, lag in rate_1997), default=0)
    metrics["lstm1997_longest_lag_tried"] = longest
    metrics["lstm1997_success_at_longest_lag"] = min(
        (rate for (_, lag), rate in rate_1997.items() if lag == longest), default=0.0
    )
    metrics["rnn_max_success_rate"] = max(rate_rnn.values(), default=0.0)
    return {"metrics": metrics, "table": rows, "runs": runs}


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
    """``sequences``: median sequences to success against the lag, per task, for the 1997 and
    the vanilla LSTM beside the paper's figures (dotted); a setting never solved shows its
    longest run as an open marker."""
    table = result.data["table"]
    markers = {"LSTM1997": "o", "LSTM": "s"}
    tasks = list(dict.fromkeys(row["task"] for row in table if row["model"] in markers))
    colours = dict(zip(tasks, colormaps["tab10"].colors, strict=False))
    figure, axes = book_figure(height=4.6)
    ax = axes[0, 0]
    for task in tasks:
        paper = sorted(
            (int(lag), sequences)
            for name, lag, sequences in ((*key.rsplit("_", 1), n) for key, n in PAPER.items())
            if name == task
        )
        ax.plot(*zip(*paper, strict=True), color=colours[task], linestyle=":", marker="x")
        for model, marker in markers.items():
            rows = [r for r in table if r["task"] == task and r["model"] == model]
            solved = sorted(
                (r["lag"], r["median_sequences"]) for r in rows if r["median_sequences"]
            )
            if solved:
                ax.plot(*zip(*solved, strict=True), color=colours[task], marker=marker)
            for r in rows:
                if r["median_sequences"] is None:
                    ax.plot(
                        r["lag"],
                        r["budget_sequences"],
                        color=colours[task],
                        marker=marker,
                        fillstyle="none",
                        linestyle="none",
                    )
    for task in tasks:  # the legend: one colour per task, then what the markers mean
        ax.add_line(
            Line2D([], [], color=colours[task], lw=3, label=f"Exp {TASKS[task].experiment}")
        )
    for label, style in (
        ("1997 LSTM", {"marker": "o"}),
        ("vanilla LSTM", {"marker": "s"}),
        ("paper's LSTM", {"marker": "x", "linestyle": ":"}),
        ("not solved: longest run", {"marker": "o", "fillstyle": "none", "linestyle": "none"}),
    ):
        ax.add_line(Line2D([], [], color="0.4", label=label, **style))
    ax.set_xscale("log")
    ax.set_yscale("log")
    lags = sorted({round(x) for line in ax.lines for x in line.get_xdata()})
    ax.set_xticks(lags, [f"{lag:,}" for lag in lags])
    ax.minorticks_off()
    ax.set_xlabel("lag p, q or T (time steps)")
    ax.set_ylabel("training sequences to success")
    ax.set_title("Median sequences to success: ours and the paper's")
    legend_below(figure, ncols=4)
    return {"sequences": figure}


def _lags_evidence(data: Mapping) -> dict[str, tuple]:
    # Per seed, from the stored runs (1 solved, 0 not): the better of the two LSTMs in its
    # worst setting, the RNN in its best, the 1997 LSTM on its worst task at the longest
    # lag; and, where guessing ran, each seed's sequences for the guesser and the 1997 LSTM.
    runs = [run for run in data["runs"] if "seed" in run]
    seeds = sorted({run["seed"] for run in runs})
    solved = {(r["task"], r["lag"], r["model"], r["seed"]): r for r in runs}
    settings = sorted({(r["task"], r["lag"]) for r in runs})

    def flags(task: str, lag: int, model: str) -> tuple:
        # The 1997 LSTM's input-gate bias was chosen on trial runs of seed 0 on the adding
        # problem at T = 1,000: that seed is left out of that setting.
        probe = (task, lag, model) == ("adding", 1000, "LSTM1997")
        found = [solved.get((task, lag, model, seed)) for seed in seeds if not probe or seed]
        return tuple(float(bool(run and run["solved"])) for run in found)

    def share(flags: tuple) -> float:
        return sum(flags) / len(flags)

    def ran(task: str, lag: int, model: str) -> bool:
        return any((task, lag, model, seed) in solved for seed in seeds)

    lstm = [
        max(
            (flags(task, lag, model) for model in ("LSTM1997", "LSTM") if ran(task, lag, model)),
            key=share,
        )
        for task, lag in settings
        if ran(task, lag, "LSTM1997") or ran(task, lag, "LSTM")
    ]
    rnn = [flags(task, lag, "RNN") for task, lag in settings if ran(task, lag, "RNN")]
    longest = max(lag for task, lag in settings if ran(task, lag, "LSTM1997"))
    at_longest = [
        flags(task, lag, "LSTM1997")
        for task, lag in settings
        if lag == longest and ran(task, lag, "LSTM1997")
    ]
    evidence = {
        "lstm_solved_in_worst_setting_by_seed": min(lstm, key=share),
        "rnn_solved_in_best_setting_by_seed": max(rnn, key=share),
        "lstm1997_solved_at_longest_lag_by_seed": min(at_longest, key=share),
        "settings_with_rnn": (float(len(rnn)),),
        "settings_with_lstm": (float(len(lstm)),),
    }
    guessed = [(task, lag) for task, lag in settings if ran(task, lag, GUESSING)]
    if guessed:
        task, lag = guessed[0]
        pairs = [
            (solved[(task, lag, GUESSING, seed)], solved.get((task, lag, "LSTM1997", seed)))
            for seed in seeds
            if (task, lag, GUESSING, seed) in solved
        ]
        evidence |= {
            "guessing_solved_by_seed": tuple(float(bool(g["solved"])) for g, _ in pairs),
            "guessing_lstm1997_solved_by_seed": tuple(
                float(bool(m and m["solved"])) for _, m in pairs
            ),
            "guessing_sequences_by_seed": tuple(
                float(g.get("sequences_to_first_error") or 0) for g, _ in pairs
            ),
            "guessing_lstm1997_sequences_by_seed": tuple(
                float((m or {}).get("sequences") or 0) for _, m in pairs
            ),
        }
    return evidence


def _lstm_solves_every_task(metrics: Mapping[str, float], profile: Profile) -> Check:
    # The paper: every task solved, in every run (Exp 2a: 100% of runs). We ask the better
    # of our two LSTMs to succeed at every seed in every setting, as registered before
    # the first full result (smoke: half the seeds).
    from lstm.reproduce import claims

    solved = metrics["lstm_solved_in_worst_setting_by_seed"]
    bound = profile.choose(smoke=0.5, full=1.0)
    settings = int(metrics["settings_with_lstm"][0])
    return claims.Check(
        passed=sum(solved) / len(solved) >= bound,
        measured=(
            f"the better LSTM solved its worst of {settings} settings "
            f"{claims.seeds_phrase(int(sum(solved)), len(solved))}"
        ),
        required=f"the better LSTM solves every setting at a share ≥ {bound:g} of the seeds",
    )


def _rnn_fails(metrics: Mapping[str, float], profile: Profile) -> Check:
    from lstm.reproduce import claims

    if profile.is_smoke:
        return at_least(
            metrics["lstm_min_success_rate"] - metrics["rnn_max_success_rate"],
            0.5,
            "LSTM's worst success rate minus the RNN's best",
        )
    solved = metrics["rnn_solved_in_best_setting_by_seed"]
    settings = int(metrics["settings_with_rnn"][0])
    return claims.none_of(
        int(sum(solved)), len(solved), f"tanh RNN solved its best of {settings} settings"
    )


def _long_lags_bridged(metrics: Mapping[str, float], profile: Profile) -> Check:
    # The paper: lags in excess of 1,000. Full profile: lags of 1,000 were tried, and the
    # 1997 LSTM succeeded there at every seed on every task tried at that lag. Smoke (the
    # adding problem at T = 200): every seed of the 1997 LSTM solved it.
    from lstm.reproduce import claims

    return all_of(
        at_least(
            metrics["lstm1997_longest_lag_tried"],
            profile.choose(smoke=200, full=1000),
            "longest lag tried",
        ),
        claims.at_every_seed(
            metrics["lstm1997_solved_at_longest_lag_by_seed"],
            1.0,
            "1997 LSTM solved (1) or not (0) its worst task at that lag",
        ),
    )


def _guessing_trained(metrics: Mapping[str, float], profile: Profile) -> Check:
    # Both arms must have found a solution at a seed for its sequences to be compared.
    from lstm.reproduce import claims

    guess = metrics["guessing_solved_by_seed"]
    lstm = metrics["guessing_lstm1997_solved_by_seed"]
    return claims.enough_seeds(
        claims.judged_seeds(
            {"guessing": [bool(v) for v in guess], "LSTM": [bool(v) for v in lstm]}
        ),
        len(guess),
        "the guesser or the 1997 LSTM found no solution within its cap",
    )


def _guessing_faster(metrics: Mapping[str, float], profile: Profile) -> Check:
    # Table 4's caption: random weight guessing solves Exp 3's easy variant "faster than
    # LSTM". Faster read as fewer sequences processed: a guesser drops each guess at its
    # first misclassified sequence, the LSTM counts its training sequences to success;
    # compared seed by seed where both succeeded (every seed or a paired test, beyond the
    # seeds' spread).
    from lstm.reproduce import claims

    judged = claims.judged_seeds(
        {
            "guessing": [bool(v) for v in metrics["guessing_solved_by_seed"]],
            "LSTM": [bool(v) for v in metrics["guessing_lstm1997_solved_by_seed"]],
        }
    )
    guess = [metrics["guessing_sequences_by_seed"][i] for i in judged]
    lstm = [metrics["guessing_lstm1997_sequences_by_seed"][i] for i in judged]
    return claims.consistent(
        [-value for value in guess],
        [-value for value in lstm],
        "sequences saved by guessing over the 1997 LSTM (LSTM's minus the guesser's)",
    )


def _solves_long_lag_tasks_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The better of the two LSTMs in its worst setting, seed by seed.
    from lstm.reproduce import claims

    solved = metrics["lstm_solved_in_worst_setting_by_seed"]
    k, n = int(sum(solved)), len(solved)
    settings = int(metrics["settings_with_lstm"][0])
    lag = metrics.get("lstm1997_longest_lag_tried")
    lags = f", with lags up to {claims.format_number(int(lag))} steps" if lag else ""
    paper = "the paper's LSTM solved every task (Exp 2a: 100% of runs)"
    if k == n:
        every = {2: "both seeds", 3: "all three seeds", 5: "all five seeds"}
        return (
            f"In every one of the {settings} settings tried{lags}, the better of our two LSTMs "
            f"met the paper's success criterion at {every.get(n, f'all {n} seeds')}; {paper}."
        )
    return (
        f"In its worst of the {settings} settings tried{lags}, the better of our two LSTMs "
        f"met the paper's success criterion at only {k} of {n} seeds; {paper}."
    )


def _rnn_fails_long_lags_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The tanh RNN in its best setting, seed by seed, beside the better LSTM's worst
    # success rate where the result has it.
    from lstm.reproduce import claims

    solved = metrics["rnn_solved_in_best_setting_by_seed"]
    k, n = int(sum(solved)), len(solved)
    settings = int(metrics["settings_with_rnn"][0])
    words = {2: "two", 3: "three", 5: "five"}
    if k == 0:
        seeds = "neither seed" if n == 2 else f"none of the {words.get(n, n)} seeds"
        rnn = (
            f"The tanh RNN met the paper's success criterion at {seeds} in any of the "
            f"{settings} settings it ran"
        )
    elif k == n:
        rnn = (
            f"In its best of the {settings} settings it ran, the tanh RNN met the paper's "
            f"success criterion at all {words.get(n, n)} seeds"
        )
    else:
        rnn = (
            f"In its best of the {settings} settings it ran, the tanh RNN met the paper's "
            f"success criterion at {k} of {n} seeds"
        )
    lstm = metrics.get("lstm_min_success_rate")
    if lstm is None:
        lstm_text = ""
    elif lstm == 1:
        lstm_text = ", while the better LSTM met it at every seed in every setting"
    else:
        lstm_text = (
            f", while the better LSTM met it at {claims.format_number(100 * lstm)}% of the "
            "seeds or more in every setting"
        )
    return f"{rnn}{lstm_text}; the paper's RTRL and BPTT had 0% success on Exp 2a."


def _long_lags_bridged_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # The 1997 LSTM at the longest lag tried, on its worst task there, seed by seed.
    from lstm.reproduce import claims

    solved = metrics["lstm1997_solved_at_longest_lag_by_seed"]
    k, n = int(sum(solved)), len(solved)
    lag = int(metrics["lstm1997_longest_lag_tried"])
    where = f"At {claims.format_number(lag)} steps, the longest lag tried"
    paper = "the paper bridged q = 1,000 in 49,000 sequences (Exp 2c)"
    if k == n:
        # Seed 0 chose the 1997 cell's input-gate bias on the adding problem at T = 1,000.
        aside = (
            " (on the adding problem, seed 0, used to choose its input-gate bias, not counted)"
            if lag >= 1000 and not profile.is_smoke
            else ""
        )
        return (
            f"{where}, the 1997 LSTM met the paper's success criterion on every task tried "
            f"there at every seed{aside}; {paper}."
        )
    return (
        f"{where}, the 1997 LSTM met the paper's success criterion on its hardest task there "
        f"at only {k} of {n} seeds; {paper}."
    )


def _guessing_solves_exp3_in_words(metrics: Mapping[str, float], profile: Profile) -> str:
    # Sequences processed by random weight guessing (each guess dropped at its first
    # mistake) and by the 1997 LSTM (training sequences), at the seeds where both found
    # a solution.
    import statistics

    from lstm.reproduce import claims

    guess_solved = metrics["guessing_solved_by_seed"]
    lstm_solved = metrics["guessing_lstm1997_solved_by_seed"]
    n = len(guess_solved)
    both = [i for i in range(n) if guess_solved[i] and lstm_solved[i]]
    if len(both) < 2:
        return (
            f"Random weight guessing and the 1997 LSTM both solved the two-sequence problem "
            f"(Exp 3) at only {len(both)} of {n} seeds, too few to compare the sequences they "
            "needed; the paper gives LSTM 27,380 sequences and no figure for guessing."
        )
    guess = [metrics["guessing_sequences_by_seed"][i] for i in both]
    lstm = [metrics["guessing_lstm1997_sequences_by_seed"][i] for i in both]
    fewer = sum(g < m for g, m in zip(guess, lstm, strict=True))
    every = {2: "both seeds", 3: "all three seeds", 5: "all five seeds"}
    if len(both) == n:
        scope = every.get(n, f"all {n} seeds")
        part = f"{fewer} of the {n} seeds"
    else:
        scope = f"all {len(both)} seeds where both found a solution"
        part = f"{fewer} of the {len(both)} seeds where both found a solution"
    if fewer == 0:
        verb = f"needed more sequences than the 1997 LSTM at {scope}"
    elif fewer == len(both):
        verb = f"needed fewer sequences than the 1997 LSTM at {scope}"
    else:
        verb = f"needed fewer sequences than the 1997 LSTM at {part}"

    def median(values) -> str:
        return claims.format_number(float(f"{statistics.median(values):.3g}"))

    return (
        f"On the two-sequence problem (Exp 3), random weight guessing {verb}, a median of "
        f"{median(guess)} (each guess dropped at its first mistake) against {median(lstm)} "
        "training sequences; the paper says guessing beats its LSTM's 27,380 sequences."
    )


_FAILED = {
    "lstm_min_success_rate": 0.0,
    "lstm_share_of_settings_solved": 0.5,
    "lstm1997_longest_lag_solved": 20,
    "lstm1997_longest_lag_tried": 1000,
    "lstm1997_success_at_longest_lag": 0.2,
    "rnn_max_success_rate": 0.0,
}
_SOLVED = {
    "lstm_min_success_rate": 1.0,
    "lstm_share_of_settings_solved": 1.0,
    "lstm1997_longest_lag_solved": 1000,
    "lstm1997_longest_lag_tried": 1000,
    "lstm1997_success_at_longest_lag": 1.0,
    "rnn_max_success_rate": 0.0,
}

CLAIMS = [
    Claim(
        id="hochreiter1997.solves_long_lag_tasks",
        paper="hochreiter1997",
        quote="LSTM also solves complex, artificial long time lag tasks that have never been "
        "solved by previous recurrent network algorithms.",
        paper_figure="every task solved, e.g. Exp 2a: 100% of runs in 5,040 sequences",
        experiment="long_time_lags",
        criterion=_lstm_solves_every_task,
        summary=_solves_long_lag_tasks_in_words,
        evidence=_lags_evidence,
        examples={
            "reproduced": _SOLVED
            | {"lstm_solved_in_worst_setting_by_seed": (1.0,) * 5, "settings_with_lstm": (9.0,)},
            "not reproduced": _FAILED
            | {
                "lstm_solved_in_worst_setting_by_seed": (1.0, 1.0, 0.0, 0.0, 0.0),
                "settings_with_lstm": (9.0,),
            },
        },
    ),
    Claim(
        id="hochreiter1997.rnn_fails_long_lags",
        paper="hochreiter1997",
        quote="In comparisons with real-time recurrent learning, back propagation through "
        "time, recurrent cascade correlation, Elman nets, and neural sequence chunking, LSTM "
        "leads to many more successful runs, and learns much faster.",
        paper_figure="RTRL and BPTT: 0% success on Exp 2a, p = 100, after 5M sequences",
        experiment="long_time_lags",
        criterion=_rnn_fails,
        summary=_rnn_fails_long_lags_in_words,
        evidence=_lags_evidence,
        examples={
            "reproduced": _SOLVED
            | {"rnn_solved_in_best_setting_by_seed": (0.0,) * 5, "settings_with_rnn": (7.0,)},
            "not reproduced": _SOLVED
            | {
                "rnn_max_success_rate": 1.0,
                "rnn_solved_in_best_setting_by_seed": (1.0,) * 5,
                "settings_with_rnn": (7.0,),
            },
        },
    ),
    Claim(
        id="hochreiter1997.long_lags_bridged",
        paper="hochreiter1997",
        quote="LSTM can learn to bridge minimal time lags in excess of 1000 discrete-time "
        "steps by enforcing constant error flow through constant error carousels within "
        "special units.",
        paper_figure="Exp 2c: q = 1,000 in 49,000 sequences; Exp 3: T = 1,000 in 446,850",
        experiment="long_time_lags",
        criterion=_long_lags_bridged,
        summary=_long_lags_bridged_in_words,
        evidence=_lags_evidence,
        examples={
            "reproduced": _SOLVED | {"lstm1997_solved_at_longest_lag_by_seed": (1.0,) * 5},
            "not reproduced": _FAILED
            | {"lstm1997_solved_at_longest_lag_by_seed": (1.0, 1.0, 1.0, 1.0, 0.0)},
        },
    ),
    Claim(
        id="hochreiter1997.guessing_solves_exp3",
        paper="hochreiter1997",
        quote="[Bengio et al.'s two-sequence problem, Task 3a] is so simple that random weight "
        "guessing solves it faster than LSTM and any other method for which there are published "
        "results (Hochreiter & Schmidhuber 1997, Table 4 caption).",
        paper_figure="guessing faster than LSTM's 27,380 sequences (no guessing figure given)",
        experiment="long_time_lags",
        criterion=_guessing_faster,
        summary=_guessing_solves_exp3_in_words,
        testable=_guessing_trained,
        evidence=_lags_evidence,
        examples={
            "reproduced": {
                "guessing_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_lstm1997_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_sequences_by_seed": (2_000.0, 2_500.0, 3_000.0),
                "guessing_lstm1997_sequences_by_seed": (27_000.0, 25_000.0, 30_000.0),
            },
            "not reproduced": {
                "guessing_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_lstm1997_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_sequences_by_seed": (17_000.0, 33_000.0, 12_000.0),
                "guessing_lstm1997_sequences_by_seed": (5_600.0, 6_400.0, 10_400.0),
            },
            "not tested": {
                "guessing_solved_by_seed": (1.0, 0.0, 0.0),
                "guessing_lstm1997_solved_by_seed": (1.0, 1.0, 1.0),
                "guessing_sequences_by_seed": (2_000.0, 0.0, 0.0),
                "guessing_lstm1997_sequences_by_seed": (27_000.0, 25_000.0, 30_000.0),
            },
        },
    ),
]
