"""Chapter 4's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from lstm.nn.side_by_side import SideBySide
from lstm.nn.train import fit
from lstm.tasks import reber

_COMMON = {
    "cells": 8,  # the paper's 4 blocks x 2 cells, as 8 one-cell blocks
    "optimizer": "sgd",
    "lr": 2.0,  # per update on the mean loss of a 20-symbol chunk
    "momentum": 0.0,
    "lr_decay": 0.95,  # row (d): factor per check_every symbols
    "chunk": 20,
    "check_every": 20_000,
    "check_symbols": 1_000,
    "trace_stride": 4,
    "trace_window": [1_000, 1_060],
}


# Hochreiter & Schmidhuber's Exp 1: 3 blocks of 2 cells, learning rate 0.5 (their fastest
# setting), 256 training and 256 test strings per network, the truncated gradient.
_WARM_UP = {
    "cells": 6,
    "cells_per_block": 2,
    "lr": 0.5,
    "loss": "squared",
    "set_size": 256,
    "truncated_gradient": True,
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0],
        "networks": 8,
        "train_symbols": 70_000,
        "test_symbols": 10_000,
        "good_strings": 50,
        "trace_symbols": 3_000,
        "warm_up": {**_WARM_UP, "networks": 4, "max_strings": 1_500, "check_every": 500},
    },
    "full": {
        **_COMMON,
        "seeds": [0],
        "networks": 20,
        "train_symbols": 300_000,
        "test_symbols": 10_000,
        "good_strings": 100,
        "trace_symbols": 10_000,
        "warm_up": {
            **_WARM_UP,
            "networks": 10,
            "max_strings": 30_000,
            "check_every": 1_000,
        },
    },
}


TOLERANCE = {"no_reset_perfect": 0.5, "forget_best_strings": 300.0}


SYMBOLS = len(reber.SYMBOLS)


@dataclass
class RowSetting:
    """One row of Gers et al.'s Table 2; ``key`` prefixes its metrics and paper figures."""

    key: str
    name: str
    forget_gate: bool
    reset: bool
    lr_decay: bool


ROWS = (
    RowSetting(
        "reset", "no forget gate, external reset", forget_gate=False, reset=True, lr_decay=False
    ),
    RowSetting(
        "no_reset", "no forget gate, no reset", forget_gate=False, reset=False, lr_decay=False
    ),
    RowSetting("forget", "forget gates", forget_gate=True, reset=False, lr_decay=False),
    RowSetting(
        "forget_decay", "forget gates, lr decay", forget_gate=True, reset=False, lr_decay=True
    ),
)


class Streams:
    """One continual embedded Reber stream per network, served in consecutive segments."""

    def __init__(self, networks: int, seed: int, *, cells: int) -> None:
        self.rngs = [np.random.default_rng([seed, n]) for n in range(networks)]
        self.cells = cells
        self.buffers = [_empty_stream() for _ in range(networks)]

    def next(self, steps: int) -> dict[str, Tensor]:
        """The next ``steps`` symbols of every stream, packed side by side.

        ``inputs``/``targets`` (steps, networks * 7); ``start`` (steps, networks), True at
        each string's B; ``string_index`` (steps, networks).
        """
        parts = []
        for n, rng in enumerate(self.rngs):
            buffer = self.buffers[n]
            while len(buffer["inputs"]) < steps:
                stream = reber.continual_stream(max(500, steps // 8), rng)
                start = buffer["offset"] + len(stream.strings)
                buffer = {
                    "inputs": torch.cat([buffer["inputs"], stream.inputs]),
                    "targets": torch.cat([buffer["targets"], stream.targets]),
                    "start": torch.cat([buffer["start"], _starts(stream)]),
                    "string": torch.cat([buffer["string"], stream.string_index + buffer["offset"]]),
                    "offset": start,
                }
            parts.append({k: v[:steps] for k, v in buffer.items() if k != "offset"})
            self.buffers[n] = {
                **{k: v[steps:] for k, v in buffer.items() if k != "offset"},
                "offset": buffer["offset"],
            }
        starts = torch.stack([p["start"] for p in parts], 1)  # (steps, networks)
        return {
            "inputs": torch.cat([p["inputs"] for p in parts], 1),
            "targets": torch.cat([p["targets"] for p in parts], 1),
            "start": starts,
            "string_index": torch.stack([p["string"] for p in parts], 1),
        }


def _empty_stream() -> dict:
    return {
        "inputs": torch.zeros(0, SYMBOLS),
        "targets": torch.zeros(0, SYMBOLS),
        "start": torch.zeros(0, dtype=torch.bool),
        "string": torch.zeros(0, dtype=torch.int64),
        "offset": 0,
    }


def _starts(stream: reber.ReberStream) -> Tensor:
    start = torch.zeros(len(stream.inputs), dtype=torch.bool)
    start[stream.string_starts] = True
    return start


def prediction_scores(
    model: SideBySide, stream: dict[str, Tensor], resets: Tensor
) -> tuple[Tensor, Tensor]:
    """Per network: strings before the first error, and the share of steps predicted right."""
    keep = model.keep(stream["start"] & resets)
    with torch.no_grad():
        logits, _, _ = model(stream["inputs"], model.initial_state(), keep)
    steps = logits.shape[0]
    right = reber.predictions_correct(
        logits.view(steps, model.networks, SYMBOLS),
        stream["targets"].view(steps, model.networks, SYMBOLS),
    )  # (steps, networks)
    index = stream["string_index"] - stream["string_index"][0]
    counts = []
    for n in range(model.networks):
        wrong = index[~right[:, n], n]
        complete = int(index[-1, n])  # the last string may be cut off: not counted
        counts.append(min(int(wrong.min()), complete) if len(wrong) else complete)
    return torch.tensor(counts), right.float().mean(0)


class _PerNetworkSteps:
    """A learning rate per network on one shared optimizer: after each update, every weight
    of network ``n`` has moved by ``multiplier[n]`` times the optimizer's step
    (``old + (new - old) * multiplier``).

    :func:`lstm.nn.train.fit` takes the step; :meth:`remember` (at the start of the next
    loss) and :meth:`settle` (before an evaluation, and after training) rescale it, so the
    weights are the same as if each step had been rescaled right away.
    """

    def __init__(self, model: SideBySide, multiplier: Tensor) -> None:
        self.model, self.multiplier = model, multiplier
        self.owners = model.parameter_owners()
        self.before: list[Tensor] | None = None

    def remember(self) -> None:
        """Rescale the last step, then keep the weights the coming step starts from."""
        self.settle()
        self.before = [parameter.detach().clone() for parameter in self.model.parameters()]

    @torch.no_grad()
    def settle(self) -> None:
        """Rescale the step taken since :meth:`remember` (once)."""
        if self.before is None:
            return
        for parameter, old, owner in zip(
            self.model.parameters(), self.before, self.owners, strict=True
        ):
            parameter.copy_(old + (parameter - old) * self.multiplier[owner])
        self.before = None


def train_side_by_side(
    rows: list[RowSetting], config: dict, seed: int, *, cells: int | None = None
) -> dict:
    """Train ``config["networks"]`` networks of each row in ``rows`` side by side.

    The rows must agree on the forget gate (one cell type); they may differ in the
    external reset (a per-network mask on the state) and in the learning-rate decay (a
    per-network multiplier on each SGD step). Training is truncated BPTT on the continual
    stream through :func:`lstm.nn.train.fit`, ``config["chunk"]`` symbols per update, the
    state carried across updates. Every ``check_every`` symbols each network is tested on a
    fixed validation stream; after training on a fresh test stream of ``test_symbols``
    symbols.
    """
    if len({row.forget_gate for row in rows}) != 1:
        raise ValueError("expected rows that agree on forget_gate, to share one cell type")
    torch.manual_seed(seed)
    per_row, cells = config["networks"], cells or config["cells"]
    networks = per_row * len(rows)
    row_of = torch.arange(networks) // per_row
    resets = torch.tensor([rows[r].reset for r in row_of.tolist()])
    decays = torch.tensor([rows[r].lr_decay for r in row_of.tolist()])
    model = SideBySide(networks, SYMBOLS, cells, SYMBOLS, forget_gate=rows[0].forget_gate)
    steps = _PerNetworkSteps(model, torch.ones(networks))
    train = Streams(networks, seed=seed * 1000 + 1, cells=cells)
    validation = Streams(networks, seed=seed * 1000 + 2, cells=cells).next(config["check_symbols"])
    chunk = config["chunk"]
    # What the training streams have done so far: the state carried from chunk to chunk,
    # the networks whose stream ended (reset at the next B), each network's stream count,
    # the symbols seen and the strings of the last chunk.
    seen = {"state": model.initial_state(), "symbols": 0, "strings": None}
    pending = torch.zeros(networks, dtype=torch.bool)
    streams = torch.ones(networks, dtype=torch.long)
    solved_at, streams_at = torch.full((networks,), -1), torch.full((networks,), -1)
    strings_at = torch.full((networks,), -1)

    def loss_fn(model: SideBySide, batch: dict[str, Tensor]) -> Tensor:
        nonlocal pending, streams
        steps.remember()
        starts = batch["start"]
        first_start = starts & (starts.cumsum(0) == 1)
        keep = model.keep(starts & resets | first_start & pending)
        pending &= ~starts.any(0)
        logits, state, _ = model(batch["inputs"], seen["state"], keep)
        # Gers et al.'s training streams end at the network's first error and the next
        # one starts from a reset state with a new string: here a network that erred in
        # this chunk is reset at the first string start of the next chunk.
        symbols = logits.shape[0]
        right = reber.predictions_correct(
            logits.detach().view(symbols, networks, SYMBOLS),
            batch["targets"].view(symbols, networks, SYMBOLS),
        )
        erred = ~right.all(0)
        streams += (erred & ~pending).long()
        pending |= erred
        seen["state"] = (state[0].detach(), state[1].detach())
        seen["symbols"] += chunk
        seen["strings"] = batch["string_index"][-1]
        loss = nn.functional.binary_cross_entropy_with_logits(
            logits, batch["targets"], reduction="sum"
        )
        return loss / chunk

    def evaluate(model: SideBySide) -> dict[str, list]:
        steps.settle()
        if seen["symbols"] % config["check_every"]:  # fit's evaluation after the last step
            return {}  # falls between two checks: no check there
        steps.multiplier = torch.where(
            decays, steps.multiplier * config["lr_decay"], steps.multiplier
        )
        strings, accuracy = prediction_scores(model, validation, resets)
        complete = validation["string_index"][-1] - validation["string_index"][0]
        newly = (strings >= complete) & (solved_at < 0)
        solved_at[newly] = seen["symbols"]
        streams_at[newly] = streams[newly]
        strings_at[newly] = seen["strings"][newly]
        return {"strings": strings.tolist(), "step_accuracy": accuracy.tolist()}

    history = fit(
        model,
        loss_fn,
        lambda step: train.next(chunk),
        steps=config["train_symbols"] // chunk,
        optimizer=config["optimizer"],
        lr=config["lr"],
        momentum=config["momentum"],
        evaluate=evaluate,
        eval_every=config["check_every"] // chunk,
        description="forget gates" if rows[0].forget_gate else "no forget gate",
    )
    steps.settle()
    test = Streams(networks, seed=seed * 1000 + 3, cells=cells).next(config["test_symbols"])
    final, test_accuracy = prediction_scores(model, test, resets)
    test_strings = test["string_index"][-1] - test["string_index"][0]
    return {
        "model": model,
        "row_of": row_of.tolist(),
        "strings_before_error": final.tolist(),
        "test_step_accuracy": test_accuracy.tolist(),
        "test_strings": test_strings.tolist(),
        "solved_at_symbols": solved_at.tolist(),
        "solved_at_streams": streams_at.tolist(),
        "solved_at_strings": strings_at.tolist(),
        "training_streams": streams.tolist(),
        "checks": [
            {"symbols": check["step"] * chunk, **{k: v for k, v in check.items() if k != "step"}}
            for check in history.evaluations
            if "strings" in check
        ],
    }


def train_1997(config: dict, trials: list[tuple[int, int]]) -> dict:
    """Hochreiter & Schmidhuber's Exp 1: the embedded Reber grammar, reset before every string.

    One network per trial ``(seed, n)``, trained side by side; a trial's initial weights,
    its training and test set of ``config["set_size"]`` strings each
    (:func:`lstm.tasks.reber.training_and_test_sets`) and the order of its training
    strings depend on ``(seed, n)`` alone. The network: the paper's 3 blocks of 2 cells,
    output-gate biases -1, -2, -3, output units fed by the memory cells only. Each update
    shows every network one string picked at random from its training set, from a zero
    state, and takes one SGD step on the string's summed half squared error (the paper:
    one step after every symbol, see the chapter's Deviations). Every ``check_every``
    strings each network is scored on its training and test strings; a network that
    predicts every symbol of all of them has solved the task and stops learning (its
    errors no longer count, as the paper's trials stop); training ends when all have.
    """
    networks = len(trials)
    options = {
        "forget_gate": False,
        "cells_per_block": config["cells_per_block"],
        "biases": config.get("biases", "hochreiter1997"),
        "shortcut": config.get("shortcut", False),
        "truncated_gradient": config.get("truncated_gradient", True),
    }
    model = SideBySide(networks, SYMBOLS, config["cells"], SYMBOLS, **options)
    for n, (seed, index) in enumerate(trials):
        torch.manual_seed(seed * 1000 + index)
        model.load_network(n, SideBySide(1, SYMBOLS, config["cells"], SYMBOLS, **options))
    sets = [
        reber.training_and_test_sets(config["set_size"], np.random.default_rng([seed, n, 1997]))
        for seed, n in trials
    ]
    scored = _pack([training + test for training, test in sets])
    pickers = [np.random.default_rng([seed, n, 1998]) for seed, n in trials]
    learning = torch.ones(networks, dtype=torch.bool)

    def batch_fn(step: int) -> dict[str, Tensor]:
        return _pack(
            [
                training[picker.integers(len(training))]
                for (training, _), picker in zip(sets, pickers, strict=True)
            ]
        )

    def loss_fn(model: SideBySide, batch: dict[str, Tensor]) -> Tensor:
        logits, _, _ = model(batch["inputs"], model.initial_state())
        if config.get("loss", "squared") == "squared":  # the paper's: half the squared error
            loss = 0.5 * (torch.sigmoid(logits) - batch["targets"]) ** 2
        else:
            loss = nn.functional.binary_cross_entropy_with_logits(
                logits, batch["targets"], reduction="none"
            )
        # no error signal after the final E (nothing follows), in the padding, or from a
        # network that has solved the task
        still_learning = learning.float().repeat_interleave(SYMBOLS)
        return (loss * batch["has_target"] * still_learning).sum()

    def evaluate(model: SideBySide) -> dict[str, list]:
        strings, accuracy = _score_strings(model, scored)
        learning.logical_and_(strings != scored["strings"])
        return {"right": strings.tolist(), "step_accuracy": accuracy.tolist()}

    history = fit(
        model,
        loss_fn,
        batch_fn,
        steps=config["max_strings"],
        optimizer="sgd",
        lr=config["lr"],
        evaluate=evaluate,
        eval_every=config["check_every"],
        success=lambda metrics: not learning.any(),
        description="1997 LSTM",
    )
    checks = [
        {"strings": check["step"], "right": check["right"], "step_accuracy": check["step_accuracy"]}
        for check in history.evaluations
    ]
    total = scored["strings"].tolist()
    solved_at = [
        next((check["strings"] for check in checks if check["right"][n] == total[n]), -1)
        for n in range(networks)
    ]
    return {"solved_at_strings": solved_at, "strings_scored": total, "checks": checks}


def _pack(texts: list[str | list[str]]) -> dict[str, Tensor]:
    """One stream of strings per network, side by side, padded at the end to one length.

    ``texts`` holds a string (or a list of strings) per network. Targets are those of the
    lone strings (nothing after E); ``start`` (time, networks) marks every string's B, where
    the state is reset; ``has_target`` (time, networks * 7) is 0 after each E and in the
    padding; ``string_index`` is -1 in the padding; ``strings`` counts each network's strings.
    """
    streams = [reber.stream_of([t] if isinstance(t, str) else t, continual=False) for t in texts]
    steps = max(len(stream.inputs) for stream in streams)
    inputs = torch.zeros(steps, len(streams) * SYMBOLS)
    targets = torch.zeros_like(inputs)
    starts = torch.zeros(steps, len(streams), dtype=torch.bool)
    index = torch.full((steps, len(streams)), -1)
    for n, stream in enumerate(streams):
        length, columns = len(stream.inputs), slice(n * SYMBOLS, (n + 1) * SYMBOLS)
        inputs[:length, columns] = stream.inputs
        targets[:length, columns] = stream.targets
        starts[stream.string_starts, n] = True
        index[:length, n] = stream.string_index
    has_target = (targets.view(steps, len(streams), SYMBOLS).sum(-1, keepdim=True) > 0).float()
    return {
        "inputs": inputs,
        "targets": targets,
        "start": starts,
        "has_target": has_target.expand(-1, -1, SYMBOLS).reshape(steps, -1),
        "string_index": index,
        "strings": torch.tensor([len(stream.strings) for stream in streams]),
    }


def _score_strings(model: SideBySide, packed: dict[str, Tensor]) -> tuple[Tensor, Tensor]:
    """Per network: how many of its strings are predicted right at every symbol, and the
    share of its symbols predicted right (Hochreiter & Schmidhuber's criterion)."""
    keep = model.keep(packed["start"])
    with torch.no_grad():
        logits, _, _ = model(packed["inputs"], model.initial_state(), keep)
    steps = logits.shape[0]
    right = reber.predictions_correct(
        logits.view(steps, model.networks, SYMBOLS),
        packed["targets"].view(steps, model.networks, SYMBOLS),
    )
    strings, accuracy = [], []
    for n in range(model.networks):
        index = packed["string_index"][:, n]
        real = index >= 0
        wrong = torch.unique(index[real & ~right[:, n]])
        strings.append(int(packed["strings"][n]) - len(wrong))
        accuracy.append(right[real, n].float().mean())
    return torch.tensor(strings), torch.stack(accuracy)


def classify(strings_before_error: int, test_strings: int, good_strings: int) -> str:
    """Gers et al.'s three outcomes, on our test stream: "perfect" (no error on the whole
    test stream), "good" (at least ``good_strings`` strings before the first error), "bad"."""
    if strings_before_error >= test_strings:
        return "perfect"
    return "good" if strings_before_error >= good_strings else "bad"


def trace_states(model: SideBySide, stream: dict[str, Tensor], resets: Tensor) -> dict:
    """Cell states and forget gates of every network along ``stream`` (time, networks, cells)."""
    keep = model.keep(stream["start"] & resets)
    with torch.no_grad():
        _, _, recorded = model(stream["inputs"], model.initial_state(), keep, record=True)
    steps = stream["inputs"].shape[0]
    return {
        name: value.view(steps, model.networks, model.cells) for name, value in recorded.items()
    }


def cell_state_growth(cell_state: Tensor) -> tuple[Tensor, Tensor]:
    """Per network: the largest |cell state| in the last quarter of the stream, and its
    ratio to the largest in the first quarter (> 1: the state keeps growing)."""
    quarter = cell_state.shape[0] // 4
    first = cell_state[:quarter].abs().amax((0, 2))
    last = cell_state[-quarter:].abs().amax((0, 2))
    return last, last / first.clamp_min(1e-12)


def _plot_data(traces: dict, groups: dict, trace_stream: dict, config: dict) -> dict:
    """What the chapter plots: |cell state| of one network per row along the trace stream,
    and the forget gates of the best forget-gate network over a short window."""
    stride = config["trace_stride"]
    magnitude = {}
    for forget_gate, rows in ((False, ROWS[:2]), (True, ROWS[2:])):
        for index, row in enumerate(rows):
            members = [n for n, r in enumerate(groups[forget_gate]["row_of"]) if r == index]
            scores = [groups[forget_gate]["strings_before_error"][n] for n in members]
            best = members[int(np.argmax(scores))]
            cell_state = traces[forget_gate]["cell_state"][:, best].abs().amax(1)
            magnitude[row.name] = cell_state[::stride].tolist()
    forget = groups[True]
    members = [n for n, r in enumerate(forget["row_of"]) if r == 0]
    best = members[int(np.argmax([forget["strings_before_error"][n] for n in members]))]
    window = slice(config["trace_window"][0], config["trace_window"][1])
    symbols = trace_stream["inputs"][window].argmax(1).tolist()
    return {
        "stride": stride,
        "cell_state_magnitude": magnitude,
        "forget_gate_window": traces[True]["forget_gate"][window, best].T.tolist(),
        "window_symbols": "".join(reber.SYMBOLS[i] for i in symbols),
        "window_start": config["trace_window"][0],
        "window_network_strings_before_error": forget["strings_before_error"][best],
    }


def run(config: dict) -> dict:
    """The chapter's experiment: the 1997 warm-up, then the four rows of Table 2."""
    seed = config["seeds"][0]
    warm_config = config["warm_up"]
    warm_up = train_1997(warm_config, [(seed, n) for n in range(warm_config["networks"])])
    warm_solved = [s for s in warm_up["solved_at_strings"] if s >= 0]
    warm_last = warm_up["checks"][-1]

    rows, groups, traces = [], {}, {}
    trace_stream = Streams(1, seed=seed * 1000 + 4, cells=1).next(config["trace_symbols"])
    for forget_gate in (False, True):
        settings = [row for row in ROWS if row.forget_gate == forget_gate]
        outcome = train_side_by_side(settings, config, seed)
        groups[forget_gate] = outcome
        model, networks = outcome["model"], len(outcome["row_of"])
        resets = torch.tensor([settings[r].reset for r in outcome["row_of"]])
        # every network reads the same trace stream (its own slot of the packed input)
        stream = {
            "inputs": trace_stream["inputs"].repeat(1, networks),
            "start": trace_stream["start"].repeat(1, networks),
        }
        traces[forget_gate] = trace_states(model, stream, resets)
        traces[forget_gate]["resets"] = resets
        for index, setting in enumerate(settings):
            members = [n for n, r in enumerate(outcome["row_of"]) if r == index]
            outcomes = [
                classify(
                    outcome["strings_before_error"][n],
                    outcome["test_strings"][n],
                    config["good_strings"],
                )
                for n in members
            ]
            solved = [outcome["solved_at_strings"][n] for n in members]
            solved = [s for s in solved if s >= 0]
            streams = [outcome["solved_at_streams"][n] for n in members]
            streams = [s for s in streams if s >= 0]
            last, growth = cell_state_growth(traces[forget_gate]["cell_state"][:, members])
            rows.append(
                {
                    "row": setting.name,
                    "networks": len(members),
                    "perfect": outcomes.count("perfect") / len(members),
                    "good": outcomes.count("good") / len(members),
                    "bad": outcomes.count("bad") / len(members),
                    "median_strings_to_solve": float(np.median(solved)) if solved else None,
                    "median_streams_to_solve": float(np.median(streams)) if streams else None,
                    "strings_before_error": [outcome["strings_before_error"][n] for n in members],
                    "test_step_accuracy": [outcome["test_step_accuracy"][n] for n in members],
                    "cell_state_last_quarter": float(last.median()),
                    "cell_state_growth": float(growth.median()),
                }
            )

    by_name = {row["row"]: row for row in rows}
    reset_row, plain_row = by_name[ROWS[0].name], by_name[ROWS[1].name]
    forget_row, decay_row = by_name[ROWS[2].name], by_name[ROWS[3].name]
    metrics = {
        "warm_up_success": len(warm_solved) / len(warm_up["solved_at_strings"]),
        "warm_up_median_strings": float(np.median(warm_solved)) if warm_solved else -1.0,
        "warm_up_mean_strings": float(np.mean(warm_solved)) if warm_solved else -1.0,
        "warm_up_best_strings": max(warm_last["right"]),
        "warm_up_step_accuracy": float(np.median(warm_last["step_accuracy"])),
        "reset_perfect": reset_row["perfect"],
        "no_reset_perfect": plain_row["perfect"],
        "no_reset_bad": plain_row["bad"],
        "forget_perfect": forget_row["perfect"],
        "forget_good": forget_row["good"],
        "forget_decay_perfect": decay_row["perfect"],
        "forget_decay_good": decay_row["good"],
        "forget_best_solved": max(
            forget_row["perfect"] + forget_row["good"], decay_row["perfect"] + decay_row["good"]
        ),
        "reset_best_strings": max(reset_row["strings_before_error"]),
        "no_reset_best_strings": max(plain_row["strings_before_error"]),
        "forget_best_strings": max(
            forget_row["strings_before_error"] + decay_row["strings_before_error"]
        ),
        "no_reset_median_strings": float(np.median(plain_row["strings_before_error"])),
        "forget_median_strings": float(
            np.median(forget_row["strings_before_error"] + decay_row["strings_before_error"])
        ),
        "no_reset_step_accuracy": float(np.median(plain_row["test_step_accuracy"])),
        "forget_step_accuracy": float(
            np.median(forget_row["test_step_accuracy"] + decay_row["test_step_accuracy"])
        ),
        "no_forget_cell_state": plain_row["cell_state_last_quarter"],
        "no_forget_growth": plain_row["cell_state_growth"],
        "forget_cell_state": forget_row["cell_state_last_quarter"],
        "forget_growth": forget_row["cell_state_growth"],
    }
    return {
        "metrics": metrics,
        "rows": rows,
        "warm_up": warm_up,
        "plots": _plot_data(traces, groups, trace_stream, config),
    }
