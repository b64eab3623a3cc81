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

import math
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor, nn

from lstm.cells import LSTMCell
from lstm.tasks import reber

SYMBOLS = len(reber.SYMBOLS)


class SideBySide(nn.Module):
    """``networks`` independent LSTM networks in one block-diagonal cell.

    Each network: ``cells`` LSTM memory cells (one cell per block, see the chapter's
    Deviations), 7 one-hot inputs, 7 logistic outputs predicting the next symbols. Its
    inputs, cell rows and outputs are the ``n``-th slice of the packed tensors.

    Initialisation as Gers et al. (2000): weights uniform in [-0.2, 0.2]; gate biases by
    block — the paper's block j = 1..4 (of 2 cells each) starts its input and output
    gates at -0.5 j and its forget gate at +0.5 j, so cells 2j-1 and 2j share block j's
    values. With ``cells`` not a multiple of 2 the blocks cycle the same way.
    """

    def __init__(self, networks: int, cells: int, *, forget_gate: bool) -> None:
        super().__init__()
        self.networks, self.cells = networks, cells
        self.cell = LSTMCell(
            networks * SYMBOLS, networks * cells, forget_gate=forget_gate, squash_1997=True
        )
        self.readout = nn.Linear(networks * cells, networks * SYMBOLS)
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
            self.readout.bias.uniform_(-0.2, 0.2)
            self.cell.bias_hh.zero_()
            bias = self.cell.bias_ih.view(len(self.cell.blocks), networks, cells)
            bias.uniform_(-0.2, 0.2)
            paper_block = (torch.arange(cells) // 2) % 4 + 1  # 1..4
            for gate, sign in (("input", -1), ("output", -1), ("forget", +1)):
                if gate in self.cell.blocks:
                    bias[self.cell.blocks.index(gate)] = sign * 0.5 * paper_block.float()

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

        ``inputs``/``targets`` (steps, networks * 7); ``keep`` (steps, networks * cells),
        0 at each network's string starts; ``string_index`` (steps, networks).
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
            "keep": (~starts).float().repeat_interleave(self.cells, 1),
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
    no_reset = (~resets).float().repeat_interleave(model.cells)
    with torch.no_grad():
        keep = torch.maximum(stream["keep"], no_reset)
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
    return torch.tensor(counts)


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
        optimizer = torch.optim.SGD(model.parameters(), lr=config["lr"], momentum=config["momentum"])
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=config["lr"])
    owners = _owners(model)
    train = Streams(networks, seed=seed * 1000 + 1, cells=cells)
    validation = Streams(networks, seed=seed * 1000 + 2, cells=cells).next(config["check_symbols"])
    no_reset = (~resets).float().repeat_interleave(cells)  # 1 where the state is never reset
    state = model.initial_state()
    chunk = config["chunk"]
    multiplier = torch.ones(networks)
    checks, solved_at = [], torch.full((networks,), -1)
    streams, streams_at = torch.ones(networks, dtype=torch.long), torch.full((networks,), -1)
    for update in range(config["train_symbols"] // chunk):
        batch = train.next(chunk)
        keep = torch.maximum(batch["keep"], no_reset)
        logits, state, _ = model(batch["inputs"], state, keep)
        # Gers et al.'s training streams end at the network's first error and the next
        # one starts from a reset state: here a network that erred in this chunk is reset
        # at the chunk's end.
        steps = logits.shape[0]
        right = reber.predictions_correct(
            logits.detach().view(steps, networks, SYMBOLS),
            batch["targets"].view(steps, networks, SYMBOLS),
        )
        erred = ~right.all(0)
        streams += erred.long()
        survive = (~erred).float().repeat_interleave(cells)
        state = (state[0].detach() * survive, state[1].detach() * survive)
        loss = nn.functional.binary_cross_entropy_with_logits(
            logits, batch["targets"], reduction="sum"
        ) / chunk
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
            strings = strings_before_first_error(model, validation, resets)
            complete = validation["string_index"][-1] - validation["string_index"][0]
            newly = (strings >= complete) & (solved_at < 0)
            solved_at[newly] = seen
            streams_at[newly] = streams[newly]
            checks.append({"symbols": seen, "strings": strings.tolist()})
    test = Streams(networks, seed=seed * 1000 + 3, cells=cells).next(config["test_symbols"])
    final = strings_before_first_error(model, test, resets)
    test_strings = test["string_index"][-1] - test["string_index"][0]
    return {
        "model": model,
        "row_of": row_of.tolist(),
        "strings_before_error": final.tolist(),
        "test_strings": test_strings.tolist(),
        "solved_at_symbols": solved_at.tolist(),
        "solved_at_streams": streams_at.tolist(),
        "training_streams": streams.tolist(),
        "checks": checks,
    }


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
    }
    return [by_name[name] for name, _ in model.named_parameters()]


def classify(strings_before_error: int, test_strings: int, good_strings: int) -> str:
    """Gers et al.'s three outcomes, on our test stream: "perfect" (no error on the whole
    test stream), "good" (at least ``good_strings`` strings before the first error), "bad"."""
    if strings_before_error >= test_strings:
        return "perfect"
    return "good" if strings_before_error >= good_strings else "bad"


def _timer() -> float:
    return time.perf_counter()


_ = math
