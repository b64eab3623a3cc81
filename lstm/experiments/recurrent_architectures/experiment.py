"""Chapter 9's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lstm.nn.evolved import MUT
from lstm.nn.layers import GRU, LSTM, RNN
from lstm.nn.next_symbol import NextSymbol
from lstm.nn.train import fit, seed_everything
from lstm.sweep import keyed, local
from lstm.sweep import study as engine
from lstm.tasks import arithmetic, reber, xml_tags
from lstm.tasks.characters import CharacterBatch, windows

#: The rows of the paper's Table 1 in its order, then MUT2 and MUT3.
CELLS = ("tanh", "LSTM", "LSTM-f", "LSTM-i", "LSTM-o", "LSTM-b", "GRU", "MUT1", "MUT2", "MUT3")


#: Every network trained: the cells and the sweep's two extra LSTMs.
NETWORKS = (*CELLS, "LSTM-b2", "LSTM-b3")


MUTS = ("MUT1", "MUT2", "MUT3")


TASKS = ("arithmetic", "xml", "reber")


ALPHABETS = {"arithmetic": arithmetic.ALPHABET, "xml": xml_tags.ALPHABET, "reber": reber.SYMBOLS}


_COMMON = {
    "learning_rates": [0.003, 0.01, 0.03],  # Adam
    "clip_norm": 1.0,
    "batch": 32,
    "arithmetic": {"max_digits": 2, "distractor_rate": 0.5},
    "xml": {"tags": 4, "max_depth": 3, "name_length": [1, 3]},
    "reber": {"window": 50, "train_strings": 4_000, "validation_strings": 200},
    "validation_texts": 256,
    "data_seed": 2015,  # the validation and test sets, shared by every network
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0, 1],  # seed 0 chooses the learning rates, seed 1 is judged
        "hidden": 8,
        "steps": {"arithmetic": 100, "xml": 100, "reber": 100},
        "eval_every": 50,
        "test_texts": 256,
        "test_strings": 200,
    },
    "full": {
        **_COMMON,
        # The first seed chooses each network's learning rate; the other five are judged.
        # Seed 0 also trained the probes that timed the budget and chose the tasks' sizes,
        # so it judges nothing.
        "seeds": [0, 1, 2, 3, 4, 5],
        "hidden": 32,
        "steps": {"arithmetic": 1_000, "xml": 1_000, "reber": 400},
        "eval_every": 100,
        "test_texts": 2_048,
        "test_strings": 2_000,
    },
}


TOLERANCE = {"arithmetic_LSTM_mean": 0.1, "xml_LSTM_mean": 0.1, "reber_LSTM_mean": 0.1}


#: The forget gate's starting bias of each LSTM network that has one.
FORGET_BIAS = {
    "LSTM": 0.0,
    "LSTM-i": 0.0,
    "LSTM-o": 0.0,
    "LSTM-b": 1.0,
    "LSTM-b2": 2.0,
    "LSTM-b3": 3.0,
}


def layer(network: str, size: int) -> nn.Module:
    """The recurrent layer of ``network`` with ``size`` units, reading vectors of ``size``."""
    if network == "tanh":
        return RNN(size, size, batch_first=True)
    if network == "GRU":
        return GRU(size, size, batch_first=True)
    if network in MUTS:
        return MUT(size, size, network)
    if network not in NETWORKS:
        raise ValueError(f"expected a network from {NETWORKS}, got {network!r}")
    missing = {"LSTM-f": "forget_gate", "LSTM-i": "input_gate", "LSTM-o": "output_gate"}
    flags = {missing[network]: False} if network in missing else {}
    recurrent = LSTM(size, size, batch_first=True, **flags)
    if network in FORGET_BIAS:
        recurrent.set_gate_bias("forget", FORGET_BIAS[network])
    return recurrent


def model(network: str, size: int, symbols: int) -> NextSymbol:
    """``network`` as a character-level model over ``symbols`` symbols."""
    return NextSymbol(layer(network, size), symbols)


def parameter_count(network: str, size: int, symbols: int) -> int:
    return sum(p.numel() for p in model(network, size, symbols).parameters())


def matched_size(network: str, budget: int, symbols: int) -> int:
    """The hidden size whose parameter count comes closest to ``budget``. The count is
    quadratic in the size, so three sizes fix it exactly."""
    a, b, c = np.polyfit([1, 2, 3], [parameter_count(network, n, symbols) for n in (1, 2, 3)], 2)
    roots = np.roots([a, b, c - budget])
    size = int(max(r.real for r in roots if abs(r.imag) < 1e-9))
    return min(
        (max(size, 1), size + 1), key=lambda n: abs(parameter_count(network, n, symbols) - budget)
    )


def sizes(config: dict) -> dict[str, dict[str, int]]:
    """Per task and network, the hidden size at the budget of an LSTM of ``hidden`` units."""
    found = {}
    for task in TASKS:
        symbols = len(ALPHABETS[task])
        budget = parameter_count("LSTM", config["hidden"], symbols)
        found[task] = {n: matched_size(n, budget, symbols) for n in NETWORKS}
    return found


def train_batch(task: str, config: dict, rng: np.random.Generator) -> CharacterBatch:
    """A fresh training batch of ``task``; the continual Reber grammar gives windows
    cut from one long training stream."""
    if task == "arithmetic":
        return arithmetic.batch(config["batch"], rng, **config["arithmetic"])
    if task == "xml":
        return xml_tags.batch(config["batch"], rng, **_xml_options(config))
    if task == "reber":
        return windows(
            _reber_text(config), reber.SYMBOLS, config["batch"], config["reber"]["window"], rng
        )
    raise ValueError(f"expected a task from {TASKS}, got {task!r}")


def _xml_options(config: dict) -> dict:
    return {**config["xml"], "name_length": tuple(config["xml"]["name_length"])}


_STREAMS: dict[str, object] = {}


def _reber_text(config: dict) -> str:
    key = json.dumps(["train", config["reber"], config["data_seed"]])
    if key not in _STREAMS:
        strings = reber.embedded_reber_strings(
            config["reber"]["train_strings"], config["data_seed"]
        )
        _STREAMS[key] = "".join(strings)
    return _STREAMS[key]


def evaluation_set(task: str, split: str, config: dict) -> CharacterBatch | reber.ReberStream:
    """The fixed validation or test set of ``task`` (the same for every network and seed):
    texts for arithmetic and XML, one continual stream for the Reber grammar."""
    if split not in ("validation", "test"):
        raise ValueError(f"expected split 'validation' or 'test', got {split!r}")
    rng = np.random.default_rng([config["data_seed"], TASKS.index(task), split == "test"])
    if task == "reber":
        strings = (
            config["reber"]["validation_strings"]
            if split == "validation"
            else config["test_strings"]
        )
        return reber.continual_stream(strings, rng)
    count = config["validation_texts"] if split == "validation" else config["test_texts"]
    if task == "arithmetic":
        return arithmetic.batch(count, rng, **config["arithmetic"])
    return xml_tags.batch(count, rng, **_xml_options(config))


def accuracy(
    network: nn.Module, task: str, data: CharacterBatch | reber.ReberStream
) -> dict[str, float]:
    """Next-character accuracy on the scored steps (the paper's measure), and accuracy on
    the steps that need memory: on arithmetic the share of answers right in every
    character, on XML the letters of closing tags' names. A Reber stream is read in one
    pass with no reset; a step is right when the symbols the grammar allows next are the
    most probable ones (Hochreiter & Schmidhuber's criterion), and the steps that need
    memory predict each embedded string's second-to-last symbol."""
    with torch.no_grad():
        if task == "reber":
            logits = network(data.inputs.argmax(1).unsqueeze(0))[0]
            right = reber.predictions_correct(logits.softmax(-1), data.targets)
            lengths = torch.tensor([len(s) for s in data.strings])
            critical = data.string_starts + lengths - 3  # predicts the second-to-last symbol
            return {
                "accuracy": float(right.float().mean()),
                "memory": float(right[critical].float().mean()),
            }
        right = network(data.inputs).argmax(-1) == data.targets
        if task == "arithmetic":
            memory = float((right | ~data.scored).all(1).float().mean())
        else:
            memory = float(right[xml_tags.closing_name_steps(data)].float().mean())
        return {"accuracy": float(right[data.scored].float().mean()), "memory": memory}


#: The package modules a training run depends on, and the chapter's own functions that
#: train it: what the sweep's name is keyed on.
_TRAINING_MODULES = (
    "nn.evolved",
    "nn.layers",
    "nn.next_symbol",
    "nn.train",
    "sweep.study",
    "tasks.arithmetic",
    "tasks.xml_tags",
    "tasks.reber",
)


def trial(study: str, index: int, params: dict, config: dict) -> dict:
    """Train one network (study ``"task/network/learning rate"``, seed ``seeds[index]``)
    and return its best validation accuracy's error as the trial's value, the test
    accuracy of the weights of that evaluation, and the validation curve."""
    torch.set_num_threads(1)
    task, network, lr = study.split("/")
    seed = config["seeds"][index]
    seed_everything(seed)
    net = model(network, sizes(config)[task][network], len(ALPHABETS[task]))
    validation = evaluation_set(task, "validation", config)

    def loss(net: nn.Module, batch: CharacterBatch) -> torch.Tensor:
        logits = net(batch.inputs)
        return F.cross_entropy(logits[batch.scored], batch.targets[batch.scored])

    history = fit(
        net,
        loss,
        lambda step: train_batch(task, config, np.random.default_rng([seed, step])),
        steps=config["steps"][task],
        lr=float(lr),
        clip_norm=config["clip_norm"],
        evaluate=lambda net: accuracy(net, task, validation),
        eval_every=config["eval_every"],
        keep_best="accuracy",
        progress=False,
    )
    test = accuracy(net, task, evaluation_set(task, "test", config))
    best = max(e["accuracy"] for e in history.evaluations)
    return {
        "value": 1.0 - best,
        "validation": best,
        **{f"test_{name}": value for name, value in test.items()},
        "curve": [[e["step"], e["accuracy"]] for e in history.evaluations],
        "seed": seed,
    }


_TRIAL_CODE: tuple[Callable, ...] = (
    trial,
    layer,
    model,
    matched_size,
    sizes,
    train_batch,
    _reber_text,
    evaluation_set,
    accuracy,
)


def _sweep(phase: str, studies: tuple[str, ...], config: dict) -> engine.Sweep:
    """A sweep of one training run per seed of ``config`` in each study, named after the
    config and the code that trains a network (:func:`lstm.sweep.keyed.sweep`), so that a
    journal of trials is reused only by the very same runs."""
    return keyed.sweep(
        "recurrent_architectures",
        phase,
        studies,
        config,
        objective=f"{__name__}:trial",
        modules=_TRAINING_MODULES,
        code=_TRIAL_CODE,
    )


def selection(config: dict) -> engine.Sweep:
    """Every network at every learning rate of the grid, trained with the first seed."""
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
    """Per task and network, the learning rate whose run reached the best validation
    accuracy (the smaller rate among equals)."""
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


def _spread(values: list[float]) -> float:
    """The seed-to-seed standard deviation (0 for a single seed)."""
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def summarise(runs: dict[str, list[dict]], rates: dict, sized: dict) -> dict[str, float]:
    """The flat metrics the claims read: per task and network the mean, spread, lowest
    and highest test accuracy over the judged seeds, and the learning rate and size."""
    metrics = {}
    for task in TASKS:
        for network in NETWORKS:
            rows = runs[f"{task}/{network}/{rates[task][network]}"]
            accuracies = [row["test_accuracy"] for row in rows]
            prefix = f"{task}_{network}"
            metrics[f"{prefix}_mean"] = float(np.mean(accuracies))
            metrics[f"{prefix}_std"] = _spread(accuracies)
            metrics[f"{prefix}_min"] = float(min(accuracies))
            metrics[f"{prefix}_max"] = float(max(accuracies))
            metrics[f"{prefix}_lr"] = rates[task][network]
            metrics[f"{prefix}_hidden"] = sized[task][network]
            metrics[f"{prefix}_memory"] = float(np.mean([row["test_memory"] for row in rows]))
    return metrics | comparisons(metrics)


def comparisons(metrics: dict[str, float]) -> dict[str, float]:
    """The differences the claims read, per task (mean test accuracies; a *spread* is
    the larger seed-to-seed standard deviation of the networks compared):

    * ``gap_LSTM`` / ``gap_LSTM-b``: how far the LSTM with forget bias 0 / 1 falls below
      the GRU, less the spread (positive: below by more than the spread);
    * ``GRU_minus_LSTM``: the plain difference of the means;
    * ``bias_gain``: LSTM-b minus LSTM; ``bias_loss_beyond_spread``: LSTM minus LSTM-b,
      less the spread (positive: a bias of 1 hurts by more than the spread);
    * ``forget_gate_margin``: the lower of LSTM-i and LSTM-o minus LSTM-f (positive:
      removing the forget gate hurts most); ``output_gate_margin``: LSTM-o minus the higher
      of LSTM-f and LSTM-i (positive: removing the output gate hurts least), and
      ``output_gate_lowest``: the lower of LSTM-f and LSTM-i minus LSTM-o;
    * ``no_forget_nearer_tanh``: how much nearer LSTM-f lies to the tanh RNN than to the
      LSTM;
    * ``mut_margin``: the best MUT minus the better of LSTM and GRU, with
      ``mut_margin_beyond_spread`` less the spread and ``mut_margin_within_spread`` plus it.
    """
    mean = {key[: -len("_mean")]: value for key, value in metrics.items() if key.endswith("_mean")}

    def spread(task: str, *networks: str) -> float:
        return max(metrics[f"{task}_{n}_std"] for n in networks)

    found = {}
    for task in TASKS:
        m = {network: mean[f"{task}_{network}"] for network in NETWORKS}
        for network in ("LSTM", "LSTM-b"):
            found[f"{task}_gap_{network}"] = m["GRU"] - m[network] - spread(task, "GRU", network)
        found[f"{task}_GRU_minus_LSTM"] = m["GRU"] - m["LSTM"]
        found[f"{task}_bias_gain"] = m["LSTM-b"] - m["LSTM"]
        found[f"{task}_bias_loss_beyond_spread"] = (
            m["LSTM"] - m["LSTM-b"] - spread(task, "LSTM", "LSTM-b")
        )
        found[f"{task}_forget_gate_margin"] = min(m["LSTM-i"], m["LSTM-o"]) - m["LSTM-f"]
        found[f"{task}_forget_gate_highest"] = m["LSTM-f"] - max(m["LSTM-i"], m["LSTM-o"])
        found[f"{task}_output_gate_margin"] = m["LSTM-o"] - max(m["LSTM-f"], m["LSTM-i"])
        found[f"{task}_output_gate_lowest"] = min(m["LSTM-f"], m["LSTM-i"]) - m["LSTM-o"]
        found[f"{task}_no_forget_nearer_tanh"] = abs(m["LSTM"] - m["LSTM-f"]) - abs(
            m["LSTM-f"] - m["tanh"]
        )
        best = max(MUTS, key=lambda n: m[n])
        margin = m[best] - max(m["LSTM"], m["GRU"])
        width = spread(task, best, "LSTM", "GRU")
        found[f"{task}_mut_margin"] = margin
        found[f"{task}_mut_margin_beyond_spread"] = margin - width
        found[f"{task}_mut_margin_within_spread"] = margin + width
    return found


def run(config: dict) -> dict:
    """The chapter's experiment: choose each network's learning rate on the first seed,
    train it with the other seeds at that rate, and summarise the test accuracies."""
    sized = sizes(config)
    rates = choose_rates(local.finish(selection(config)), config)
    runs = local.finish(judged(config, rates))
    parameters = {
        f"{task}_{n}_parameters": parameter_count(n, sized[task][n], len(ALPHABETS[task]))
        for task in TASKS
        for n in NETWORKS
    }
    return {
        "metrics": summarise(runs, rates, sized) | parameters,
        "runs": [{"study": name, **row} for name, rows in runs.items() for row in rows],
    }
