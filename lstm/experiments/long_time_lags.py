"""Chapter 3: bridging long time lags (Hochreiter & Schmidhuber 1997, Exps 2a-6b).

Every task of :mod:`lstm.tasks.long_lag` is learned by three nets of similar size, all by
backpropagation through time with Adam on mini-batches: the 1997 LSTM (no forget gate, the
paper's squashing functions), today's vanilla LSTM and a tanh RNN. A run stops as soon as
the paper's success criterion holds on fresh test sequences; its cost is the number of
training sequences seen by then, the paper's "sequences to success".

A full run is long; with ``LSTM_LAGS_CACHE=<directory>`` each training run's outcome is
kept there as it finishes, so that a run that was cut off resumes where it stopped and
separate processes can compute separate settings (the committed result was assembled so).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import torch
from matplotlib import colormaps
from matplotlib.axes import Axes
from torch import Tensor, nn

import lstm
from lstm.claims import Check, Claim, all_of, at_least, at_most
from lstm.experiments import Experiment
from lstm.models import Readout
from lstm.profiles import Profile
from lstm.report import Table
from lstm.tasks import long_lag
from lstm.tasks.long_lag import Sequences
from lstm.train import fit, seed_everything

if TYPE_CHECKING:
    from lstm.results import Result

CACHE_ENV = "LSTM_LAGS_CACHE"

MODELS = ("LSTM1997", "LSTM1997-bias-2", "LSTM", "LSTM-bias1", "RNN")

#: Forget-gate bias of the vanilla LSTM at initialisation. With the customary 1.0
#: (Jozefowicz et al. 2015) the forget gate starts near sigmoid(1) = 0.73 and the gradient
#: through 100 steps shrinks like 0.73**100; at 3.0 it starts near 0.95, close to the 1997
#: carousel's 1. ``"LSTM-bias1"`` is the vanilla LSTM with the customary 1.0, for contrast.
FORGET_BIAS = {"LSTM": 3.0, "LSTM-bias1": 1.0}

#: Input-gate bias of the 1997 LSTM at initialisation. Without a forget gate, every input
#: the gate lets through stays in the cell; the paper's remedy for this "internal state
#: drift" is to bias the input gates towards zero at the start of learning (section 5.4).
#: At -2 (gate near 0.12) our 1997 LSTM solved every task at lag 100 but the adding
#: problem at T = 1,000 in no probe run; at -5 (gate near 0.007) it solved both.
#: ``"LSTM1997-bias-2"`` is the 1997 LSTM started at -2, for contrast.
INPUT_GATE_BIAS_1997 = {"LSTM1997": -5.0, "LSTM1997-bias-2": -2.0}


@dataclass(frozen=True)
class Task:
    """One of the paper's experiments: its generator, output kind and success criterion.

    ``make(batch, lag, rng)`` draws a batch; ``lag`` is the task's own size parameter (p,
    q or T; ignored by the temporal order tasks, whose lengths are fixed). ``criterion``
    names the paper's test: ``"max_error"`` (every output of every test sequence within
    ``threshold`` of its target) or ``"share_wrong"`` (at most ``allowed_wrong`` of the
    test sequences off by ``threshold`` or more). ``symbols``, for a task whose inputs are
    symbol indices, gives the number of symbols (the one-hot width the net reads) at a lag.
    """

    experiment: str
    title: str
    make: Callable[[int, int, np.random.Generator], Sequences]
    classification: bool
    criterion: str
    threshold: float
    allowed_wrong: float = 0.0
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
        criterion="share_wrong",
        threshold=0.04,
        allowed_wrong=0.01,
    ),
    "multiplication": Task(
        "5",
        "multiplication problem",
        lambda batch, lag, rng: long_lag.multiplication(batch, lag, rng),
        classification=False,
        criterion="share_wrong",
        threshold=0.04,
        allowed_wrong=140 / 2560,
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

#: The paper's "sequences to success" of its LSTM (Hochreiter & Schmidhuber 1997, Tables
#: 2-10, as listed in the book's shared claims), keyed by (task, lag). The temporal order
#: tasks have length 100-110 whatever the key says.
PAPER_SEQUENCES = {
    ("noise_free", 100): 5_040,
    ("distractors", 100): 31_000,
    ("distractors", 500): 38_000,
    ("distractors", 1000): 49_000,
    ("two_sequence", 100): 27_380,
    ("two_sequence", 1000): 446_850,
    ("adding", 100): 74_000,
    ("adding", 500): 209_000,
    ("adding", 1000): 853_000,
    ("multiplication", 100): 482_000,
    ("order_4", 100): 31_390,
    ("order_8", 100): 571_100,
}


def rnn_size_like(lstm_parameters: int, features: int, outputs: int) -> int:
    """The tanh RNN's hidden size whose parameter count (readout included) comes closest to
    ``lstm_parameters``."""

    def count(hidden: int) -> int:
        return hidden * (features + hidden + 2) + outputs * (hidden + 1)

    return min(range(1, 4096), key=lambda hidden: abs(count(hidden) - lstm_parameters))


def build(model: str, features: int, outputs: int, hidden: int) -> Readout:
    """One of :data:`MODELS`: the 1997 LSTM with the input-gate bias of
    :data:`INPUT_GATE_BIAS_1997`, the vanilla LSTM with the forget-gate bias of
    :data:`FORGET_BIAS`, or ``"RNN"`` (tanh, sized to the vanilla LSTM's parameter count)."""
    if model in INPUT_GATE_BIAS_1997:
        net = Readout(
            lstm.LSTM(features, hidden, **lstm.VARIANTS["LSTM1997"]), outputs, last_step_only=True
        )
        with torch.no_grad():  # blocks i, g, o: the paper's remedy against state drift
            net.recurrent.bias_ih_l0[:hidden].fill_(INPUT_GATE_BIAS_1997[model])
            net.recurrent.bias_hh_l0[:hidden].zero_()
        return net
    if model in FORGET_BIAS:
        net = Readout(lstm.LSTM(features, hidden), outputs, last_step_only=True)
        with torch.no_grad():  # gate order i, f, g, o
            net.recurrent.bias_ih_l0[hidden : 2 * hidden].fill_(FORGET_BIAS[model])
            net.recurrent.bias_hh_l0[hidden : 2 * hidden].zero_()
        return net
    if model == "RNN":
        reference = sum(p.numel() for p in build("LSTM", features, outputs, hidden).parameters())
        rnn = lstm.RNN(features, rnn_size_like(reference, features, outputs))
        return Readout(rnn, outputs, last_step_only=True)
    raise ValueError(f"expected a model in {MODELS}, got {model!r}")


def passes(task: Task, predictions: Tensor, targets: Tensor) -> tuple[bool, float]:
    """The paper's success criterion on a batch of test sequences, and the share of
    sequences that it counts as wrong."""
    errors = (predictions - targets).abs().amax(dim=1)
    wrong = float((errors >= task.threshold).float().mean())
    return wrong <= task.allowed_wrong, wrong


def train_one(
    task_name: str, lag: int, model_name: str, seed: int, max_sequences: int, config: dict
) -> dict:
    """Train one net on one task until the success criterion holds on fresh test sequences
    or ``max_sequences`` have been seen. Returns the outcome of the run."""
    task = TASKS[task_name]
    entropy = [seed, list(TASKS).index(task_name), lag]
    train_rng = np.random.default_rng(np.random.SeedSequence(entropy + [0]))
    test_rng = np.random.default_rng(np.random.SeedSequence(entropy + [1]))
    probe = task.make(2, lag, train_rng)
    features = task.symbols(lag) if task.symbols else probe.inputs.shape[2]
    outputs = probe.targets.shape[1]
    seed_everything(seed)
    net = build(model_name, features, outputs, config["hidden"])
    criterion = nn.BCEWithLogitsLoss() if task.classification else nn.MSELoss()
    batch = config["batch"]

    def loss(model: nn.Module, sequences: Sequences) -> Tensor:
        return criterion(model(sequences.inputs, sequences.lengths), sequences.targets)

    def test(model: nn.Module) -> dict:
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
        eval_every=config["eval_every"],
        success=lambda metrics: metrics["solved"],
        description=f"Exp {task.experiment}, lag {lag}, {model_name}, seed {seed}",
    )
    return {
        "task": task_name,
        "lag": lag,
        "model": model_name,
        "seed": seed,
        "parameters": sum(p.numel() for p in net.parameters()),
        "solved": history.solved_at is not None,
        "sequences": history.steps * batch,
        "test_share_wrong": round(history.evaluations[-1]["share_wrong"], 4),
        "seconds": round(history.wall_time_s, 2),
    }


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


def summarise(runs: list[dict]) -> list[dict]:
    """One row per (task, lag, model): success rate over seeds and the median number of
    training sequences to success among the successful runs."""
    rows = []
    keys = dict.fromkeys((run["task"], run["lag"], run["model"]) for run in runs)
    for task_name, lag, model in keys:
        group = [r for r in runs if (r["task"], r["lag"], r["model"]) == (task_name, lag, model)]
        solved = [r["sequences"] for r in group if r["solved"]]
        rows.append(
            {
                "task": task_name,
                "experiment": TASKS[task_name].experiment,
                "lag": lag,
                "model": model,
                "seeds": len(group),
                "success_rate": len(solved) / len(group),
                "median_sequences": statistics.median(solved) if solved else None,
                "budget_sequences": max(r["sequences"] for r in group),
                "paper_sequences": PAPER_SEQUENCES.get((task_name, lag)),
            }
        )
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
    torch.set_num_threads(1)
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


def paper_comparison(table: list[dict]) -> list[dict]:
    """The rows of a result's ``table`` for the chapter: each (task, lag, model) with its
    success rate, median sequences to success, the paper's figure and their ratio."""
    rows = []
    for row in table:
        ours, paper = row["median_sequences"], row["paper_sequences"]
        rows.append(
            {
                "experiment": row["experiment"],
                "task": TASKS[row["task"]].title,
                "lag": row["lag"],
                "model": row["model"],
                "success": f"{round(row['success_rate'] * row['seeds'])}/{row['seeds']}",
                "ours": "—" if ours is None else ours,
                "budget": row["budget_sequences"],
                "paper": "—" if paper is None or row["model"] == "RNN" else paper,
                "ratio": "—"
                if ours is None or paper is None or row["model"] == "RNN"
                else paper / ours,
            }
        )
    return rows


def comparison_table(table: list[dict]) -> Table:
    """The chapter's summary table: :func:`paper_comparison` under readable headers."""
    columns = {
        "experiment": "exp",
        "task": "task",
        "lag": "lag (p, q or T)",
        "model": "net",
        "success": "seeds solved",
        "ours": "median sequences to success",
        "budget": "longest run (sequences)",
        "paper": "paper: sequences",
        "ratio": "paper / ours",
    }
    return Table(paper_comparison(table), columns)


def summary(result: Result) -> str:
    """One paragraph for the chapter: how many runs, their wall time, and how many times as
    many training sequences the paper's LSTM needed as ours where both succeeded."""
    runs = result.data["runs"]
    minutes = sum(run["seconds"] for run in runs) / 60
    ratios = [row["ratio"] for row in paper_comparison(result.data["table"])]
    ratios = [ratio for ratio in ratios if ratio != "—"]
    text = (
        f"{len(runs)} training runs, {minutes:.0f} minutes of wall-clock time in all (on a "
        "CPU core shared with other jobs, so more than the compute they needed). "
    )
    if not ratios:
        return text + "The paper reports no setting of this profile's (shorter) lags."
    return text + (
        f"Where an LSTM met the criterion in a setting the paper reports, the paper's LSTM "
        f"needed {min(ratios):.1f} to {max(ratios):.0f} times as many training sequences "
        f"as ours (median {statistics.median(ratios):.0f} times)."
    )


def plot_sequences_to_success(ax: Axes, table: list[dict]) -> None:
    """The chapter's plot: median sequences to success against lag, per task and LSTM,
    beside the paper's figures (dotted); a setting never solved shows its budget as an
    open marker."""
    markers = {"LSTM1997": "o", "LSTM": "s"}
    tasks = list(dict.fromkeys(row["task"] for row in table))
    colours = dict(zip(tasks, colormaps["tab10"].colors, strict=False))
    for task in tasks:
        paper = sorted((lag, n) for (name, lag), n in PAPER_SEQUENCES.items() if name == task)
        ax.plot(*zip(*paper, strict=True), color=colours[task], linestyle=":", marker="x")
        for model, marker in markers.items():
            rows = [r for r in table if r["task"] == task and r["model"] == model]
            solved = sorted(
                (r["lag"], r["median_sequences"]) for r in rows if r["median_sequences"]
            )
            if solved:
                label = f"{TASKS[task].experiment} {model}"
                ax.plot(*zip(*solved, strict=True), color=colours[task], marker=marker, label=label)
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
    ax.plot([], [], color="grey", linestyle=":", marker="x", label="paper's LSTM")
    ax.plot(
        [],
        [],
        color="grey",
        marker="o",
        fillstyle="none",
        linestyle="none",
        label="not solved: budget",
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("lag (p, q or T, time steps)")
    ax.set_ylabel("training sequences to success (median)")
    ax.set_title("Sequences to success: ours (solid markers) and the paper's (dotted)")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))


def _setting(task: str, lag: int, models: list[str], max_sequences: int, seeds: int) -> dict:
    return {
        "task": task,
        "lag": lag,
        "models": models,
        "max_sequences": max_sequences,
        "seeds": seeds,
    }


ALL = ["LSTM1997", "LSTM", "RNN"]

COMMON = {"hidden": 8, "lr": 0.01, "batch": 32, "clip_norm": 1.0, "eval_every": 25}

CONFIGS = {
    "smoke": COMMON
    | {
        "seeds": [0, 1],
        "test_size": 256,
        "settings": [
            _setting("noise_free", 50, ALL, 8_000, 2),
            _setting("two_sequence", 50, ALL, 8_000, 2),
            _setting("adding", 200, ["LSTM1997", "RNN"], 48_000, 2),
        ],
    },
    "full": COMMON
    | {
        "seeds": [0, 1, 2, 3, 4],
        "test_size": 512,
        "settings": [
            _setting("noise_free", 100, ["LSTM1997", "LSTM", "LSTM-bias1", "RNN"], 50_000, 5),
            _setting("distractors", 100, ALL, 50_000, 5),
            _setting("distractors", 500, ["LSTM1997"], 100_000, 5),
            _setting("distractors", 1000, ["LSTM1997"], 100_000, 5),
            _setting("two_sequence", 100, ALL, 50_000, 5),
            _setting("two_sequence", 1000, ["LSTM1997"], 100_000, 5),
            _setting("adding", 100, ALL, 100_000, 5),
            _setting("adding", 500, ["LSTM1997"], 100_000, 5),
            _setting("adding", 1000, ["LSTM1997"], 100_000, 5),
            _setting("adding", 1000, ["LSTM1997-bias-2"], 50_000, 5),
            _setting("multiplication", 100, ["LSTM1997", "RNN"], 100_000, 5),
            _setting("order_4", 100, ALL, 100_000, 5),
            _setting("order_8", 100, ALL, 150_000, 5),
        ],
    },
}

CHAPTER = "book/03_hochreiter-1997_long-time-lags"

EXPERIMENTS = [
    Experiment(
        name="long_time_lags",
        chapter=CHAPTER,
        configs=CONFIGS,
        run=run,
        baseline_tolerance={"lstm_min_success_rate": 0.5, "rnn_max_success_rate": 0.5},
    )
]


def _lstm_solves_every_task(metrics: Mapping[str, float], profile: Profile) -> Check:
    # The paper: every task solved, in (nearly) every run. We ask the better of our two
    # LSTMs to succeed in at least 4 of 5 seeds in every setting (smoke: half the seeds).
    return at_least(
        metrics["lstm_min_success_rate"],
        profile.choose(smoke=0.5, full=0.8),
        "success rate of the better LSTM in its worst setting",
    )


def _rnn_fails(metrics: Mapping[str, float], profile: Profile) -> Check:
    if profile.is_smoke:
        return at_least(
            metrics["lstm_min_success_rate"] - metrics["rnn_max_success_rate"],
            0.5,
            "LSTM's worst success rate minus the RNN's best",
        )
    return at_most(metrics["rnn_max_success_rate"], 0.0, "tanh RNN's best success rate")


def _long_lags_bridged(metrics: Mapping[str, float], profile: Profile) -> Check:
    # The paper: lags in excess of 1,000. Full profile: lags of 1,000 were tried, and the
    # 1997 LSTM succeeded there in at least 4 of 5 seeds on every task tried at that lag.
    # Smoke (the adding problem at T = 200): every seed of the 1997 LSTM solved it.
    if profile.is_smoke:
        return at_least(
            metrics["lstm1997_longest_lag_solved"],
            200,
            "longest lag at which every seed of the 1997 LSTM succeeded",
        )
    return all_of(
        at_least(metrics["lstm1997_longest_lag_tried"], 1000, "longest lag tried"),
        at_least(
            metrics["lstm1997_success_at_longest_lag"],
            0.8,
            "1997 LSTM's lowest success rate over the tasks at that lag",
        ),
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
        paper_figure="every task solved, e.g. Exp 2a: 100% of runs in 5,040 sequences (unverified)",
        experiment="long_time_lags",
        criterion=_lstm_solves_every_task,
        examples={"reproduced": _SOLVED, "not reproduced": _FAILED},
    ),
    Claim(
        id="hochreiter1997.rnn_fails_long_lags",
        paper="hochreiter1997",
        quote="In comparisons with real-time recurrent learning, back propagation through "
        "time, recurrent cascade correlation, Elman nets, and neural sequence chunking, LSTM "
        "leads to many more successful runs, and learns much faster.",
        paper_figure="RTRL and BPTT: 0% success on Exp 2a, p = 100, after 5M sequences "
        "(unverified)",
        experiment="long_time_lags",
        criterion=_rnn_fails,
        examples={
            "reproduced": _SOLVED,
            "not reproduced": _SOLVED | {"rnn_max_success_rate": 1.0},
        },
    ),
    Claim(
        id="hochreiter1997.long_lags_bridged",
        paper="hochreiter1997",
        quote="LSTM can learn to bridge minimal time lags in excess of 1000 discrete-time "
        "steps by enforcing constant error flow through constant error carousels within "
        "special units.",
        paper_figure="Exp 2c: q = 1,000 in 49,000 sequences; Exp 3: T = 1,000 in 446,850 "
        "(unverified)",
        experiment="long_time_lags",
        criterion=_long_lags_bridged,
        examples={"reproduced": _SOLVED, "not reproduced": _FAILED},
    ),
]
