"""Chapter 10's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from scipy import stats

from lstm.nn.timing import TimingNetwork
from lstm.nn.train import fit, seed_everything
from lstm.sweep import keyed, local
from lstm.sweep import study as engine
from lstm.tasks import timing

#: The tasks, named ``kind-F``: MSD measures delays of F or F + 1 steps, GTS spikes
#: every F steps, and the PFG waves have period F.
MEASURING = ("MSD-10", "MSD-49")


GENERATING = (
    "GTS-10",
    "GTS-25",
    "cos-10",
    "cos-25",
    "triangle-10",
    "triangle-25",
    "rectangle-10",
    "rectangle-25",
)


TASKS = MEASURING + GENERATING


NETWORKS = ("peephole", "forget", "1997")


_COMMON = {
    "learning_rates": [0.003, 0.01, 0.03],  # Adam
    "cells": 4,
    "forget_bias": 2.0,
    "msd": {"batch": 16, "train_spikes": 6, "test_sequences": 50, "test_spikes": 20},
    "train_periods": 6,
    "validation_steps": 500,
    "test_steps": 1_000,
    "data_seed": 2002,  # MSD's validation and test sets, the same for every network and seed
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0, 1, 2],  # seed 0 chooses the learning rates, seeds 1 and 2 are judged
        "steps": 600,
        "eval_every": 100,
    },
    "full": {
        **_COMMON,
        # The first seed chooses each network's learning rate; the other ten are judged.
        # Seed 0 also trained the probes that set the network's size, its forget bias and
        # the budget, so it judges nothing.
        "seeds": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        "steps": 3_000,
        "eval_every": 100,
    },
}


TOLERANCE = {"generating_peephole_success_rate": 0.5, "generating_forget_success_rate": 0.5}


def period(task: str) -> int:
    """The task's F: MSD's shorter interval, GTS's and PFG's period."""
    kind, _, F = task.partition("-")
    if task not in TASKS:
        raise ValueError(f"expected a task from {TASKS}, got {task!r}")
    return int(F)


def tolerance(task: str) -> float:
    """The paper's success tolerance: 0.49 for spikes (MSD, GTS), 0.3 for waves (PFG)."""
    return timing.SPIKE_TOLERANCE if task.startswith(("MSD", "GTS")) else timing.WAVE_TOLERANCE


def first_period(task: str) -> int:
    """The step where the task's first period begins: 1 for GTS, whose periods end with
    their spikes (the start spike is step 0), 0 for the waves."""
    return 1 if task.startswith("GTS") else 0


def sequences(task: str, split: str, config: dict, step: int = 0, seed: int = 0):
    """Training sequences of ``task`` (step ``step`` of seed ``seed``; the generation
    tasks train on the same ``train_periods`` periods at every step), its validation run
    or its test run. MSD validates on other random sequences than it tests on; a
    generation task's validation run is the first ``validation_steps`` of its free run."""
    if split not in ("train", "validation", "test"):
        raise ValueError(f"expected split 'train', 'validation' or 'test', got {split!r}")
    F = period(task)
    kind = task.split("-")[0]
    if kind == "MSD":
        msd = config["msd"]
        if split == "train":
            rng = np.random.default_rng([seed, step])
            return timing.spike_delays(msd["batch"], rng, F=F, spikes=msd["train_spikes"])
        held_out = [config["data_seed"], F] + ([1] if split == "validation" else [])
        rng = np.random.default_rng(held_out)
        return timing.spike_delays(msd["test_sequences"], rng, F=F, spikes=msd["test_spikes"])
    steps = {
        "train": config["train_periods"] * F,
        "validation": config["validation_steps"],
        "test": config["test_steps"],
    }[split]
    if kind == "GTS":
        return timing.timed_spikes(F, steps)
    return timing.periodic_function(kind, F, steps)


#: How many of a free run's last steps a generation run keeps for the figures.
TAIL_STEPS = 100


#: The task whose solved runs with peepholes keep their cells' first four periods.
CELL_TASK = "GTS-10"


#: The package modules a training run depends on: what the sweep's name is keyed on.
_TRAINING_MODULES = ("nn.timing", "nn.layers", "nn.train", "sweep.study", "tasks.timing")


def _rounded(values: torch.Tensor) -> list:
    """``values`` as nested lists of floats rounded to three decimals, for the result."""
    return np.round(values.double().numpy(), 3).tolist()


def _squared_error(net: TimingNetwork, batch: timing.TimingBatch) -> torch.Tensor:
    """The mean squared error over the scored steps."""
    return (net(batch.inputs) - batch.targets)[..., 0][batch.scored].pow(2).mean()


def trial(study: str, index: int, params: dict, config: dict) -> dict:
    """Train one network (study ``"task/network/learning rate"``, seed ``seeds[index]``)
    until it solves the validation run or its budget ends, then score it on the test run;
    return whether it solved the test run, the sequences it took, the worst errors of
    both runs, and on a generation task the periods it sustained on the test run and that
    run's last steps (and, for a run with peepholes that solved GTS-10, its cells)."""
    torch.set_num_threads(1)
    task, network, lr = study.split("/")
    seed = config["seeds"][index]
    seed_everything(seed)
    net = TimingNetwork(network, config["cells"], forget_bias=config["forget_bias"])
    validation = sequences(task, "validation", config)
    test = sequences(task, "test", config)
    bound = tolerance(task)

    def evaluate(net: TimingNetwork, run: timing.TimingBatch = validation) -> dict:
        errors = timing.errors(net(run.inputs), run)
        return {"solved": bool((errors < bound).all()), "worst": float(errors.max())}

    history = fit(
        net,
        _squared_error,
        lambda step: sequences(task, "train", config, step, seed),
        steps=config["steps"],
        lr=float(lr),
        evaluate=evaluate,
        eval_every=config["eval_every"],
        success=lambda metrics: metrics["solved"],
        progress=False,
    )
    batch = _batch(task, config)
    validated_at = history.solved_at
    net.eval()
    with torch.no_grad():
        scored = evaluate(net, test)
    row = {
        "seed": seed,
        "solved": scored["solved"],
        "sequences": (validated_at or config["steps"]) * batch if scored["solved"] else None,
        "worst": scored["worst"],
        "validated": validated_at is not None,
        "validation_worst": history.evaluations[-1]["worst"],
    }
    # The learning rate is chosen on the validation run: runs that solved it rank by the
    # sequences they took, the others after them by their error; a network whose error is
    # not a number has diverged and ranks after every other.
    error = row["validation_worst"]
    error = error if math.isfinite(error) else math.inf
    row["value"] = (validated_at or config["steps"]) + (0.0 if row["validated"] else error)
    if task in GENERATING:
        with torch.no_grad():
            steps = net.trace(test.inputs)
        row["periods"] = timing.periods_sustained(
            steps["output"], test, period(task), bound, first_period(task)
        )
        row["output_tail"] = _rounded(steps["output"][0, -TAIL_STEPS:, 0])
        if task == CELL_TASK and network == "peephole" and row["solved"]:
            start = 4 * period(task) + 1
            row["cells"] = {
                name: _rounded(steps[name][0, :start])
                for name in ("cell_state", "forget_gate", "peephole_forget")
            }
    return row


def _batch(task: str, config: dict) -> int:
    """The sequences of one training step: MSD trains on batches, the others on one."""
    return config["msd"]["batch"] if task in MEASURING else 1


_TRIAL_CODE: tuple[Callable, ...] = (
    trial,
    _batch,
    _rounded,
    _squared_error,
    sequences,
    period,
    first_period,
    tolerance,
)


def _sweep(phase: str, studies: tuple[str, ...], config: dict) -> engine.Sweep:
    """A sweep of one training run per seed of ``config`` in each study, named after the
    config and the code that trains a network (:func:`lstm.sweep.keyed.sweep`), so that a
    journal of trials is reused only by the very same runs."""
    return keyed.sweep(
        "precise_timing",
        phase,
        studies,
        config,
        objective=f"{__name__}:trial",
        modules=_TRAINING_MODULES,
        code=_TRIAL_CODE,
    )


def selection(config: dict) -> engine.Sweep:
    """Every network at every learning rate of the grid on every task, first seed."""
    studies = tuple(
        f"{task}/{network}/{lr}"
        for task in TASKS
        for network in NETWORKS
        for lr in config["learning_rates"]
    )
    return _sweep("select", studies, {**config, "seeds": config["seeds"][:1]})


def judged(config: dict, rates: dict[str, dict[str, float]]) -> engine.Sweep:
    """Every network at its chosen learning rate, trained with each of the other seeds."""
    studies = tuple(
        f"{task}/{network}/{rates[task][network]}" for task in TASKS for network in NETWORKS
    )
    return _sweep("judge", studies, {**config, "seeds": config["seeds"][1:]})


def choose_rates(found: dict[str, list[dict]], config: dict) -> dict[str, dict[str, float]]:
    """Per task and network, the learning rate whose run solved soonest, or, if none
    solved, came closest (the smaller rate among equals)."""
    return {
        task: {
            network: min(
                config["learning_rates"],
                key=lambda lr: (found[f"{task}/{network}/{lr}"][0]["value"], lr),
            )
            for network in NETWORKS
        }
        for task in TASKS
    }


def fisher_p(successes: int, other: int, seeds: int) -> float:
    """One-sided Fisher's exact test over seeds: the chance of a difference in successes
    at least this large in favour of the first network if both succeed equally often."""
    table = [[successes, seeds - successes], [other, seeds - other]]
    return float(stats.fisher_exact(table, alternative="greater").pvalue)


def summarise(runs: dict[str, list[dict]], rates: dict) -> dict[str, float]:
    """The flat metrics the claims read: per task and network the successes over the
    judged seeds, the median training sequences of the successes, the learning rate, and
    on the generation tasks the fewest and most periods sustained; then Fisher's tests of
    the peephole network against the one without peepholes."""
    metrics: dict[str, float] = {}
    for task in TASKS:
        for network in NETWORKS:
            rows = runs[f"{task}/{network}/{rates[task][network]}"]
            prefix = f"{task}_{network}"
            taken = [row["sequences"] for row in rows if row["solved"]]
            metrics[f"{prefix}_successes"] = len(taken)
            metrics[f"{prefix}_sequences"] = float(np.median(taken)) if taken else float("nan")
            metrics[f"{prefix}_lr"] = rates[task][network]
            if task in GENERATING:
                periods = [row["periods"] for row in rows]
                metrics[f"{prefix}_periods_min"] = min(periods)
                metrics[f"{prefix}_periods_max"] = max(periods)
    seeds = len(rows)
    metrics["seeds"] = seeds
    return metrics | comparisons(metrics, seeds)


def comparisons(metrics: dict[str, float], seeds: int) -> dict[str, float]:
    """Per task, Fisher's one-sided p of peepholes over none (``fisher_p``) and of none
    over peepholes (``fisher_p_reverse``); over the GTS and PFG tasks, how many favour the
    peepholes at p < 0.05, the pooled test both ways, the 1997 network's most periods and
    most successes, and the success rates."""
    found: dict[str, float] = {}
    for task in TASKS:
        peephole = metrics[f"{task}_peephole_successes"]
        forget = metrics[f"{task}_forget_successes"]
        found[f"{task}_fisher_p"] = fisher_p(peephole, forget, seeds)
        found[f"{task}_fisher_p_reverse"] = fisher_p(forget, peephole, seeds)
    gts = [task for task in GENERATING if task.startswith("GTS")]
    pfg = [task for task in GENERATING if not task.startswith("GTS")]
    found["gts_significant"] = sum(found[f"{task}_fisher_p"] < 0.05 for task in gts)
    found["gts_tasks"] = len(gts)
    found["pfg_significant"] = sum(found[f"{task}_fisher_p"] < 0.05 for task in pfg)
    found["pfg_tasks"] = len(pfg)
    total = {
        network: sum(metrics[f"{task}_{network}_successes"] for task in GENERATING)
        for network in NETWORKS
    }
    trials = seeds * len(GENERATING)
    found["generating_fisher_p"] = fisher_p(total["peephole"], total["forget"], trials)
    found["generating_fisher_p_reverse"] = fisher_p(total["forget"], total["peephole"], trials)
    for network in NETWORKS:
        found[f"generating_{network}_success_rate"] = total[network] / trials
    found["periods_1997_max"] = max(metrics[f"{task}_1997_periods_max"] for task in GENERATING)
    found["successes_1997_max"] = max(metrics[f"{task}_1997_successes"] for task in GENERATING)
    return found


def run(config: dict) -> dict:
    """The chapter's experiment: choose each network's learning rate on the first seed,
    train it with the other seeds at that rate, and count the successes. The result keeps
    the judged runs and the first seed's runs at every rate."""
    chosen = local.finish(selection(config))
    rates = choose_rates(chosen, config)
    runs = local.finish(judged(config, rates))

    def rows(found: dict[str, list[dict]]) -> list[dict]:
        return [{"study": name, **row} for name, rows in found.items() for row in rows]

    return {"metrics": summarise(runs, rates), "runs": rows(runs), "selection": rows(chosen)}
