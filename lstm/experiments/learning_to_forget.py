"""Chapter 4: learning to forget (Gers, Schmidhuber & Cummins 2000).

The embedded Reber grammar (Hochreiter & Schmidhuber 1997, Exp 1) is first learned the
1997 way: the network is reset before every string. Then the strings are concatenated
into one continual stream and four kinds of network learn to predict it (the rows of
Gers et al.'s Table 2): the 1997 LSTM with an external reset at every string boundary,
the 1997 LSTM with no reset, the LSTM with forget gates, and the LSTM with forget gates
and a decaying learning rate.

Many networks per row are needed for a percentage, and the 1997 cell runs on a step loop,
so the networks of one row are trained *side by side*: :class:`SideBySide` packs ``N``
independent networks into one block-diagonal LSTM cell. Every weight between two
different networks is zero and its gradient is masked, so each network sees only its own
stream, its own inputs and its own errors; the packing only shares the step loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch
from torch import Tensor, nn

from lstm.nn.cells import LSTMCell
from lstm.reproduce.claims import Claim, all_of, at_least, at_most
from lstm.reproduce.registry import Experiment
from lstm.reproduce.report import Table
from lstm.tasks import reber

if TYPE_CHECKING:
    from lstm.reproduce.results import Result

SYMBOLS = len(reber.SYMBOLS)


class SideBySide(nn.Module):
    """``networks`` independent LSTM networks in one block-diagonal cell.

    Each network: ``cells`` LSTM memory cells, 7 one-hot inputs, 7 logistic outputs
    predicting the next symbols. Its inputs, cell rows and outputs are the ``n``-th slice
    of the packed tensors.

    ``cells_per_block`` cells share one set of gates (a memory block): their gate weights
    start equal and every update adds the block's gradients together, so they stay equal.

    Initialisation, weights uniform in [-0.2, 0.2] and gate biases by block ``j``:

    * ``biases="gers2000"`` (Gers et al. 2000): input and output gates at -0.5 j, forget
      gates at +0.5 j, for the paper's blocks j = 1..4 of 2 cells (cells 2j-1 and 2j get
      block j's values whatever ``cells_per_block``; past 8 cells the blocks cycle);
    * ``biases="hochreiter1997"`` (1997, Exp 1): output gates at -j for the blocks
      j = 1, 2, 3, ..., every other bias uniform in [-0.2, 0.2].

    ``shortcut``: the output units also see the current input directly (Gers et al.
    2000); the 1997 network's output units see only the memory cells.
    """

    def __init__(
        self,
        networks: int,
        cells: int,
        *,
        forget_gate: bool,
        cells_per_block: int = 1,
        biases: str = "gers2000",
        shortcut: bool = True,
        truncated_gradient: bool = False,
    ) -> None:
        super().__init__()
        if cells % cells_per_block:
            raise ValueError(
                f"expected cells a multiple of cells_per_block, got {cells} and {cells_per_block}"
            )
        if biases not in ("gers2000", "hochreiter1997"):
            raise ValueError(f"expected biases 'gers2000' or 'hochreiter1997', got {biases!r}")
        self.networks, self.cells = networks, cells
        self.truncated_gradient = truncated_gradient
        self.cell = LSTMCell(
            networks * SYMBOLS, networks * cells, forget_gate=forget_gate, squash_1997=True
        )
        self.readout = nn.Linear(networks * cells, networks * SYMBOLS)
        self.shortcut = (
            nn.Linear(networks * SYMBOLS, networks * SYMBOLS, bias=False) if shortcut else None
        )
        owner_of_unit = torch.arange(networks * cells) // cells  # network of each cell
        owner_of_symbol = torch.arange(networks * SYMBOLS) // SYMBOLS
        gate_rows = owner_of_unit.repeat(len(self.cell.blocks))
        self.masks = {
            "weight_ih": gate_rows[:, None] == owner_of_symbol[None, :],
            "weight_hh": gate_rows[:, None] == owner_of_unit[None, :],
        }
        self.readout_mask = owner_of_symbol[:, None] == owner_of_unit[None, :]
        with torch.no_grad():
            for name, mask in self.masks.items():
                weight = getattr(self.cell, name)
                weight.uniform_(-0.2, 0.2).mul_(mask)
                weight.register_hook(lambda grad, mask=mask: grad * mask)
            self.readout.weight.uniform_(-0.2, 0.2).mul_(self.readout_mask)
            self.readout.weight.register_hook(lambda grad: grad * self.readout_mask)
            if self.shortcut is not None:
                self.shortcut_mask = owner_of_symbol[:, None] == owner_of_symbol[None, :]
                self.shortcut.weight.uniform_(-0.2, 0.2).mul_(self.shortcut_mask)
                self.shortcut.weight.register_hook(lambda grad: grad * self.shortcut_mask)
            self.readout.bias.uniform_(-0.2, 0.2)
            self.cell.bias_hh.zero_()
            bias = self.cell.bias_ih.view(len(self.cell.blocks), networks, cells)
            bias.uniform_(-0.2, 0.2)
            if biases == "gers2000":
                paper_block = (torch.arange(cells) // 2) % 4 + 1  # 1..4
                starts = (("input", -0.5), ("output", -0.5), ("forget", +0.5))
            else:
                paper_block = torch.arange(cells) // cells_per_block + 1  # 1, 2, 3, ...
                starts = (("output", -1.0),)
            for gate, step in starts:
                if gate in self.cell.blocks:
                    bias[self.cell.blocks.index(gate)] = step * paper_block.float()
            for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                parameter = getattr(self.cell, name)
                parameter.copy_(self._tie_gates(parameter, cells_per_block, "first"))
                parameter.register_hook(
                    lambda grad, k=cells_per_block: self._tie_gates(grad, k, "sum")
                )

    def _tie_gates(self, tensor: Tensor, cells_per_block: int, how: str) -> Tensor:
        """``tensor`` (rows of the cell's gate blocks first) with every cell of a memory
        block given its block's gate rows: the first cell's (``how="first"``, values at
        initialisation) or the sum over the block's cells (``how="sum"``, gradients)."""
        if cells_per_block == 1:
            return tensor
        blocks = len(self.cell.blocks)
        shape = (blocks, self.networks, self.cells // cells_per_block, cells_per_block, -1)
        shaped = tensor.reshape(shape)
        if how == "first":
            tied = shaped[:, :, :, :1].expand_as(shaped)
        else:
            tied = shaped.sum(3, keepdim=True).expand_as(shaped)
        gates = torch.tensor([block != "cell" for block in self.cell.blocks])
        return torch.where(gates.view(-1, 1, 1, 1, 1), tied, shaped).reshape(tensor.shape)

    def load_network(self, n: int, single: SideBySide) -> None:
        """Copy the weights of a one-network ``single`` into network ``n``'s slots, so that a
        network's start does not depend on which others share its pack."""
        blocks, cells = len(self.cell.blocks), self.cells

        def shapes(networks: int) -> dict[str, tuple[int, ...]]:
            return {
                "cell.weight_ih": (blocks, networks, cells, networks, SYMBOLS),
                "cell.weight_hh": (blocks, networks, cells, networks, cells),
                "cell.bias_ih": (blocks, networks, cells),
                "cell.bias_hh": (blocks, networks, cells),
                "readout.weight": (networks, SYMBOLS, networks, cells),
                "readout.bias": (networks, SYMBOLS),
                "shortcut.weight": (networks, SYMBOLS, networks, SYMBOLS),
            }

        mine = dict(single.named_parameters())
        with torch.no_grad():
            for name, parameter in self.named_parameters():
                packed = parameter.view(shapes(self.networks)[name])
                one = mine[name].view(shapes(1)[name])
                if packed.dim() == 5:
                    packed[:, n, :, n] = one[:, 0, :, 0]
                elif packed.dim() == 4:
                    packed[n, :, n] = one[0, :, 0]
                elif name.startswith("cell"):
                    packed[:, n] = one[:, 0]
                else:
                    packed[n] = one[0]

    def initial_state(self) -> tuple[Tensor, Tensor]:
        zeros = torch.zeros(1, self.networks * self.cells)
        return zeros, zeros.clone()

    def forward(
        self,
        inputs: Tensor,
        state: tuple[Tensor, Tensor],
        keep: Tensor | None = None,
        record: bool = False,
    ) -> tuple[Tensor, tuple[Tensor, Tensor], dict[str, Tensor]]:
        """Run ``inputs`` (time, networks * 7) from ``state``.

        ``keep`` (time, networks * cells), if given, multiplies the state before each
        step: 0 resets a network's cells (the external reset at string boundaries).
        Returns logits (time, networks * 7), the final state and, with ``record``, the
        cell states and forget gates (time, networks * cells).
        """
        projected = self.cell.project_input(inputs)
        hidden, records = [], {"cell_state": [], "forget_gate": []}
        for t in range(inputs.shape[0]):
            if keep is not None:
                state = (state[0] * keep[t], state[1] * keep[t])
            if self.truncated_gradient:  # error flows back in time only through the cells
                state = (state[0].detach(), state[1])
            step = self.cell.step(projected[t : t + 1], state)
            state = (step.hidden, step.cell_state)
            hidden.append(step.hidden)
            if record:
                records["cell_state"].append(step.cell_state[0])
                forget = step.forget_gate
                records["forget_gate"].append(
                    torch.ones_like(step.cell_state[0]) if isinstance(forget, float) else forget[0]
                )
        logits = self.readout(torch.cat(hidden))
        if self.shortcut is not None:
            logits = logits + self.shortcut(inputs)
        recorded = {name: torch.stack(values) for name, values in records.items() if record}
        return logits, state, recorded


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


@dataclass
class RowSetting:
    """One row of Gers et al.'s Table 2."""

    name: str
    forget_gate: bool
    reset: bool
    lr_decay: bool


ROWS = (
    RowSetting("no forget gate, external reset", forget_gate=False, reset=True, lr_decay=False),
    RowSetting("no forget gate, no reset", forget_gate=False, reset=False, lr_decay=False),
    RowSetting("forget gates", forget_gate=True, reset=False, lr_decay=False),
    RowSetting("forget gates, lr decay", forget_gate=True, reset=False, lr_decay=True),
)


def strings_before_first_error(
    model: SideBySide, stream: dict[str, Tensor], resets: Tensor
) -> Tensor:
    """Per network, how many whole strings of ``stream`` it predicts before its first error.

    A step is right by Hochreiter & Schmidhuber's criterion
    (:func:`lstm.tasks.reber.predictions_correct`); a string is right when all its steps
    are. ``resets`` (networks,) bool: which networks get the external reset.
    """
    return prediction_scores(model, stream, resets)[0]


def prediction_scores(
    model: SideBySide, stream: dict[str, Tensor], resets: Tensor
) -> tuple[Tensor, Tensor]:
    """Per network: strings before the first error, and the share of steps predicted right."""
    keep = _keep(stream["start"] & resets, model.cells)
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


def train_side_by_side(
    rows: list[RowSetting], config: dict, seed: int, *, cells: int | None = None
) -> dict:
    """Train ``config["networks"]`` networks of each row in ``rows`` side by side.

    The rows must agree on the forget gate (one cell type); they may differ in the
    external reset (a per-network mask on the state) and in the learning-rate decay (a
    per-network multiplier on each Adam update). Training is truncated BPTT on the
    continual stream, ``config["chunk"]`` symbols per update, the state carried across
    updates. Every ``check_every`` symbols each network is tested on a fixed validation
    stream; at the end on a fresh test stream of ``test_symbols`` symbols.
    """
    if len({row.forget_gate for row in rows}) != 1:
        raise ValueError("expected rows that agree on forget_gate, to share one cell type")
    torch.manual_seed(seed)
    per_row, cells = config["networks"], cells or config["cells"]
    networks = per_row * len(rows)
    row_of = torch.arange(networks) // per_row
    resets = torch.tensor([rows[r].reset for r in row_of.tolist()])
    decays = torch.tensor([rows[r].lr_decay for r in row_of.tolist()])
    model = SideBySide(networks, cells, forget_gate=rows[0].forget_gate)
    if config.get("optimizer", "adam") == "sgd":
        optimizer = torch.optim.SGD(
            model.parameters(), lr=config["lr"], momentum=config["momentum"]
        )
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=config["lr"])
    owners = _owners(model)
    train = Streams(networks, seed=seed * 1000 + 1, cells=cells)
    validation = Streams(networks, seed=seed * 1000 + 2, cells=cells).next(config["check_symbols"])
    pending = torch.zeros(networks, dtype=torch.bool)  # a stream ended: reset at the next B
    state = model.initial_state()
    chunk = config["chunk"]
    multiplier = torch.ones(networks)
    checks, solved_at = [], torch.full((networks,), -1)
    streams, streams_at = torch.ones(networks, dtype=torch.long), torch.full((networks,), -1)
    strings_at = torch.full((networks,), -1)
    for update in range(config["train_symbols"] // chunk):
        batch = train.next(chunk)
        starts = batch["start"]
        first_start = starts & (starts.cumsum(0) == 1)
        keep = _keep(starts & resets | first_start & pending, cells)
        pending &= ~starts.any(0)
        logits, state, _ = model(batch["inputs"], state, keep)
        # Gers et al.'s training streams end at the network's first error and the next
        # one starts from a reset state with a new string: here a network that erred in
        # this chunk is reset at the first string start of the next chunk.
        steps = logits.shape[0]
        right = reber.predictions_correct(
            logits.detach().view(steps, networks, SYMBOLS),
            batch["targets"].view(steps, networks, SYMBOLS),
        )
        erred = ~right.all(0)
        streams += (erred & ~pending).long()
        pending |= erred
        state = (state[0].detach(), state[1].detach())
        loss = (
            nn.functional.binary_cross_entropy_with_logits(
                logits, batch["targets"], reduction="sum"
            )
            / chunk
        )
        optimizer.zero_grad()
        loss.backward()
        before = [p.detach().clone() for p in model.parameters()]
        optimizer.step()
        with torch.no_grad():  # the per-network learning rate: scale each network's step
            for parameter, old, owner in zip(model.parameters(), before, owners, strict=True):
                parameter.copy_(old + (parameter - old) * multiplier[owner])
        seen = (update + 1) * chunk
        if seen % config["check_every"] == 0:
            multiplier = torch.where(decays, multiplier * config["lr_decay"], multiplier)
            strings, accuracy = prediction_scores(model, validation, resets)
            complete = validation["string_index"][-1] - validation["string_index"][0]
            newly = (strings >= complete) & (solved_at < 0)
            solved_at[newly] = seen
            streams_at[newly] = streams[newly]
            strings_at[newly] = batch["string_index"][-1][newly]
            checks.append(
                {"symbols": seen, "strings": strings.tolist(), "step_accuracy": accuracy.tolist()}
            )
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
        "checks": checks,
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
    predicts every symbol of all of them has solved the task and stops learning (as the
    paper's trials stop).
    """
    networks = len(trials)
    options = {
        "forget_gate": False,
        "cells_per_block": config["cells_per_block"],
        "biases": config.get("biases", "hochreiter1997"),
        "shortcut": config.get("shortcut", False),
        "truncated_gradient": config.get("truncated_gradient", True),
    }
    model = SideBySide(networks, config["cells"], **options)
    for n, (seed, index) in enumerate(trials):
        torch.manual_seed(seed * 1000 + index)
        model.load_network(n, SideBySide(1, config["cells"], **options))
    optimizer = torch.optim.SGD(model.parameters(), lr=config["lr"])
    owners = _owners(model)
    sets = [
        reber.training_and_test_sets(config["set_size"], np.random.default_rng([seed, n, 1997]))
        for seed, n in trials
    ]
    scored = _pack([training + test for training, test in sets])
    pickers = [np.random.default_rng([seed, n, 1998]) for seed, n in trials]
    learning = torch.ones(networks, dtype=torch.bool)
    solved_at = torch.full((networks,), -1)
    checks = []
    for presented in range(1, config["max_strings"] + 1):
        picks = [
            training[picker.integers(len(training))]
            for (training, _), picker in zip(sets, pickers, strict=True)
        ]
        batch = _pack(picks)
        logits, _, _ = model(batch["inputs"], model.initial_state())
        if config.get("loss", "squared") == "squared":  # the paper's: half the squared error
            loss = 0.5 * (torch.sigmoid(logits) - batch["targets"]) ** 2
        else:
            loss = nn.functional.binary_cross_entropy_with_logits(
                logits, batch["targets"], reduction="none"
            )
        # no error signal after the final E (nothing follows) or in the padding
        loss = (loss * batch["has_target"]).sum()
        optimizer.zero_grad()
        loss.backward()
        for parameter, owner in zip(model.parameters(), owners, strict=True):
            parameter.grad.mul_(learning[owner])  # plain SGD: no gradient, no step
        optimizer.step()
        if presented % config["check_every"] == 0 or presented == config["max_strings"]:
            strings, accuracy = _score_strings(model, scored)
            newly = learning & (strings == scored["strings"])
            solved_at[newly] = presented
            learning &= ~newly
            checks.append(
                {
                    "strings": presented,
                    "right": strings.tolist(),
                    "step_accuracy": accuracy.tolist(),
                }
            )
            if not learning.any():
                break
    return {
        "solved_at_strings": solved_at.tolist(),
        "strings_scored": scored["strings"].tolist(),
        "checks": checks,
    }


def _pack(texts: list[str]) -> dict[str, Tensor]:
    """One stream of strings per network, side by side, padded at the end to one length.

    ``texts`` holds a string (or a list of strings) per network. Targets are those of the
    lone strings (nothing after E); ``keep`` resets the state before every string;
    ``has_target`` (time, networks * 7) is 0 after each E and in the padding;
    ``string_index`` is -1 in the padding; ``strings`` counts each network's strings.
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
        "keep": _keep(starts, 1),
        "has_target": has_target.expand(-1, -1, SYMBOLS).reshape(steps, -1),
        "string_index": index,
        "strings": torch.tensor([len(stream.strings) for stream in streams]),
    }


def _score_strings(model: SideBySide, packed: dict[str, Tensor]) -> tuple[Tensor, Tensor]:
    """Per network: how many of its strings are predicted right at every symbol, and the
    share of its symbols predicted right (Hochreiter & Schmidhuber's criterion)."""
    keep = packed["keep"].repeat_interleave(model.cells, 1)
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


def _keep(reset: Tensor, cells: int) -> Tensor:
    """(steps, networks) bool resets -> (steps, networks * cells) multipliers of the state."""
    return (~reset).float().repeat_interleave(cells, 1)


def _owners(model: SideBySide) -> list[Tensor]:
    """For each parameter, the network that owns each entry (shape of the parameter).

    Block-diagonal weights: an entry between two networks is zero and never changes, so
    any owner will do for it; we take the row's.
    """
    cells, networks = model.cells, model.networks
    unit_owner = torch.arange(networks * cells) // cells
    gate_rows = unit_owner.repeat(len(model.cell.blocks))
    symbol_owner = torch.arange(networks * SYMBOLS) // SYMBOLS
    by_name = {
        "cell.weight_ih": gate_rows[:, None].expand(-1, networks * SYMBOLS),
        "cell.weight_hh": gate_rows[:, None].expand(-1, networks * cells),
        "cell.bias_ih": gate_rows,
        "cell.bias_hh": gate_rows,
        "readout.weight": symbol_owner[:, None].expand(-1, networks * cells),
        "readout.bias": symbol_owner,
        "shortcut.weight": symbol_owner[:, None].expand(-1, networks * SYMBOLS),
    }
    return [by_name[name] for name, _ in model.named_parameters()]


def classify(strings_before_error: int, test_strings: int, good_strings: int) -> str:
    """Gers et al.'s three outcomes, on our test stream: "perfect" (no error on the whole
    test stream), "good" (at least ``good_strings`` strings before the first error), "bad"."""
    if strings_before_error >= test_strings:
        return "perfect"
    return "good" if strings_before_error >= good_strings else "bad"


#: Gers et al. (2000), Table 2: % perfect, % good, % bad, and training streams to solve
#: ("—" where the paper gives none), 100 networks per row.
PAPER_TABLE_2 = {
    "no forget gate, external reset": (74, 0, 26, "7,441"),
    "no forget gate, no reset": (0, 1, 99, "—"),
    "forget gates": (18, 29, 53, "18,889"),
    "forget gates, lr decay": (62, 6, 32, "14,087"),
}


def trace_states(model: SideBySide, stream: dict[str, Tensor], resets: Tensor) -> dict:
    """Cell states and forget gates of every network along ``stream`` (time, networks, cells)."""
    keep = _keep(stream["start"] & resets, model.cells)
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


def run(config: dict) -> dict:
    """The chapter's experiment: the 1997 warm-up, then the four rows of Table 2."""
    torch.set_num_threads(1)
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


def warm_up_table(result: Result) -> Table:
    """The non-continual warm-up (1997 Exp 1): our success rate and training strings to
    success (mean and range over the networks that succeeded) beside the paper's."""
    solved = [s for s in result.data["warm_up"]["solved_at_strings"] if s >= 0]
    trials = len(result.data["warm_up"]["solved_at_strings"])
    rows = [
        {
            "who": "ours",
            "trials": trials,
            "success": f"{len(solved)} of {trials}",
            "strings": f"{np.mean(solved):,.0f}" if solved else "—",
            "range": f"{min(solved):,} – {max(solved):,}" if solved else "—",
        },
        {
            "who": "Hochreiter & Schmidhuber 1997",
            "trials": 30,
            "success": "30 of 30",
            "strings": "8,440",
            "range": "3,800 – 24,100",
        },
    ]
    columns = {
        "who": "",
        "trials": "networks",
        "success": "solved",
        "strings": "mean training strings to success",
        "range": "fewest – most",
    }
    return Table(rows, columns)


def table_2(result: Result) -> Table:
    """Our rows of the paper's Table 2 (% perfect / good / bad) beside the paper's."""
    rows = []
    for row in result.data["rows"]:
        paper = PAPER_TABLE_2[row["row"]]
        rows.append(
            {
                "row": row["row"],
                "perfect": round(100 * row["perfect"]),
                "good": round(100 * row["good"]),
                "bad": round(100 * row["bad"]),
                "streams": _count(row["median_streams_to_solve"]),
                "strings": _count(row["median_strings_to_solve"]),
                "paper_perfect": paper[0],
                "paper_good": paper[1],
                "paper_bad": paper[2],
                "paper_streams": paper[3],
            }
        )
    columns = {
        "row": "LSTM",
        "perfect": "% perfect",
        "good": "% good",
        "bad": "% bad",
        "streams": "median training streams to solve",
        "strings": "median training strings to solve",
        "paper_perfect": "paper: % perfect",
        "paper_good": "paper: % good",
        "paper_bad": "paper: % bad",
        "paper_streams": "paper: training streams to solve",
    }
    return Table(rows, columns)


def _count(value: float | None) -> str:
    """A count for a table: rounded with thousands separators, or a dash for none."""
    return "—" if value is None else f"{value:,.0f}"


def cell_state_table(result: Result) -> Table:
    """Per row, the largest cell state in the stream's last quarter and its growth."""
    rows = [
        {
            "row": row["row"],
            "last": row["cell_state_last_quarter"],
            "growth": row["cell_state_growth"],
        }
        for row in result.data["rows"]
    ]
    columns = {
        "row": "LSTM",
        "last": "largest |cell state|, last quarter (median over networks)",
        "growth": "last quarter / first quarter",
    }
    return Table(rows, columns)


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

#: Hochreiter & Schmidhuber's Exp 1: 3 blocks of 2 cells, learning rate 0.5 (their fastest
#: setting), 256 training and 256 test strings per network, the truncated gradient.
_WARM_UP = {
    "cells": 6,
    "cells_per_block": 2,
    "lr": 0.5,
    "loss": "squared",
    "set_size": 256,
    "truncated_gradient": True,
}

EXPERIMENTS = [
    Experiment(
        name="learning_to_forget",
        chapter="book/04_gers-2000_learning-to-forget",
        configs={
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
        },
        run=run,
        baseline_tolerance={
            "no_reset_perfect": 0.5,
            "forget_best_strings": 300.0,
        },
    )
]


def _no_forget_gate_fails(metrics, profile):
    return all_of(
        at_most(
            metrics["no_reset_perfect"],
            profile.choose(smoke=0.5, full=0.1),
            "share of perfect networks, no forget gate and no reset",
        ),
        at_least(
            metrics["reset_best_strings"],
            profile.choose(smoke=1, full=500),
            "strings before the first error, best network with external resets",
        ),
    )


def _forget_gates_succeed(metrics, profile):
    if profile.is_smoke:  # too short to learn the task: forget gates must not do worse
        return at_least(
            metrics["forget_best_strings"] - metrics["no_reset_best_strings"],
            0,
            "strings before the first error: best forget-gate network minus best "
            "network without forget gate or reset",
        )
    # The paper's forget-gate LSTM: 18% perfect and 29% good networks, 47% in all.
    return at_least(
        metrics["forget_best_solved"],
        0.47,
        "share of perfect or good networks, best forget-gate row",
    )


def _cell_state_bounded(metrics, profile):
    return all_of(
        at_least(
            metrics["no_forget_growth"],
            2.0,
            "growth of |cell state| along the stream without forget gate (last / first quarter)",
        ),
        at_most(
            metrics["forget_growth"],
            1.5,
            "growth of |cell state| along the stream with forget gates (last / first quarter)",
        ),
        at_least(
            metrics["no_forget_cell_state"] / max(metrics["forget_cell_state"], 1e-12),
            profile.choose(smoke=3.0, full=10.0),
            "|cell state| without forget gate / with forget gates, last quarter",
        ),
    )


def _warm_up_solved(metrics, profile):
    if profile.is_smoke:  # too short to solve it: the networks must be on their way
        return at_least(
            metrics["warm_up_step_accuracy"],
            0.8,
            "share of training and test symbols predicted right, median 1997 LSTM",
        )
    # "Always": the paper's 3 blocks x 2 cells at learning rate 0.5 solved 30 of 30 trials
    # (2 failures in 150 over all its LSTM settings); we ask 95% of the networks.
    return at_least(
        metrics["warm_up_success"],
        0.95,
        "share of 1997 LSTMs that predict every symbol of their training and test strings",
    )


CLAIMS = [
    Claim(
        id="hochreiter1997.embedded_reber",
        paper="hochreiter1997",
        quote=(
            "LSTM always learns to solve the task (Hochreiter & Schmidhuber 1997, Exp 1, "
            "embedded Reber grammar)."
        ),
        paper_figure="3 blocks × 2 cells, learning rate 0.5: 30 of 30 trials, 8,440 strings "
        "on average (Table 1)",
        experiment="learning_to_forget",
        criterion=_warm_up_solved,
        examples={
            "reproduced": {"warm_up_success": 1.0, "warm_up_step_accuracy": 1.0},
            "not reproduced": {"warm_up_success": 0.3, "warm_up_step_accuracy": 0.3},
        },
    ),
    Claim(
        id="gers2000.no_forget_gate_fails",
        paper="gers2000",
        quote=(
            "Without resets, the state may grow indefinitely and eventually cause the "
            "network to break down (Gers, Schmidhuber & Cummins 2000, abstract)."
        ),
        paper_figure="external reset: 74% perfect (as quoted in a secondary source); no reset: "
        "0% perfect, 99% bad (unverified)",
        experiment="learning_to_forget",
        criterion=_no_forget_gate_fails,
        examples={
            "reproduced": {"no_reset_perfect": 0.0, "reset_best_strings": 1000},
            "not reproduced": {"no_reset_perfect": 0.9, "reset_best_strings": 0},
        },
    ),
    Claim(
        id="gers2000.forget_gates_succeed",
        paper="gers2000",
        quote=(
            "LSTM with forget gates, however, easily solves them, and in an elegant way "
            "(Gers, Schmidhuber & Cummins 2000, abstract)."
        ),
        paper_figure="forget gates: 18% perfect (as quoted in a secondary source) and 29% good "
        "(unverified); with learning-rate decay: 62% perfect (secondary source)",
        experiment="learning_to_forget",
        criterion=_forget_gates_succeed,
        examples={
            "reproduced": {
                "forget_best_solved": 0.8,
                "forget_best_strings": 800,
                "no_reset_best_strings": 5,
            },
            "not reproduced": {
                "forget_best_solved": 0.0,
                "forget_best_strings": 0,
                "no_reset_best_strings": 5,
            },
        },
    ),
    Claim(
        id="gers2000.cell_state_bounded",
        paper="gers2000",
        quote=(
            "Our remedy is a novel, adaptive forget gate that enables an LSTM cell to learn "
            "to reset itself at appropriate times, thus releasing internal resources (Gers, "
            "Schmidhuber & Cummins 2000, abstract)."
        ),
        paper_figure="Figure: internal states grow without forget gates, stay bounded with them",
        experiment="learning_to_forget",
        criterion=_cell_state_bounded,
        examples={
            "reproduced": {
                "no_forget_growth": 4.0,
                "forget_growth": 1.0,
                "no_forget_cell_state": 20000.0,
                "forget_cell_state": 40.0,
            },
            "not reproduced": {
                "no_forget_growth": 1.0,
                "forget_growth": 3.0,
                "no_forget_cell_state": 1.0,
                "forget_cell_state": 1.0,
            },
        },
    ),
]
