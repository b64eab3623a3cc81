"""Many small LSTM networks trained side by side, as one block-diagonal network.

A paper that reports the share of networks that learn a task (Hochreiter & Schmidhuber
1997 run 30 trials per setting, Gers et al. 2000 train 100 networks per row of their
Table 2) needs many independent networks, each with a few memory cells. Trained one at a
time they spend their time in Python's step loop; :class:`SideBySide` packs ``networks``
of them into one :class:`~lstm.nn.cells.LSTMCell` whose weights are block-diagonal. Every
weight between two different networks starts at zero and its gradient is masked, so each
network sees only its own inputs, its own state and its own errors: the packing shares
the step loop and nothing else.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from lstm.checks import check_float_tensor, check_positive_int, check_shape
from lstm.nn.cells import LSTMCell

BIASES = ("gers2000", "hochreiter1997")


class SideBySide(nn.Module):
    """``networks`` independent LSTM networks in one block-diagonal cell.

    Each network: ``input_size`` inputs, ``cells`` LSTM memory cells with the 1997
    squashing functions, ``output_size`` linear outputs (logits). Network ``n``'s inputs,
    cells and outputs are the ``n``-th slice of the packed tensors: inputs
    ``n * input_size ...``, cells ``n * cells ...``, outputs ``n * output_size ...``.

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
    ``truncated_gradient``: the 1997 truncation, the error flows back in time only
    through the cell states, not through the recurrent connections.
    """

    def __init__(
        self,
        networks: int,
        input_size: int,
        cells: int,
        output_size: int,
        *,
        forget_gate: bool,
        cells_per_block: int = 1,
        biases: str = "gers2000",
        shortcut: bool = True,
        truncated_gradient: bool = False,
    ) -> None:
        super().__init__()
        for name, value in (
            ("networks", networks),
            ("input_size", input_size),
            ("cells", cells),
            ("output_size", output_size),
            ("cells_per_block", cells_per_block),
        ):
            check_positive_int(value, name)
        if cells % cells_per_block:
            raise ValueError(
                f"expected cells a multiple of cells_per_block, got {cells} and {cells_per_block}"
            )
        if biases not in BIASES:
            raise ValueError(f"expected biases to be one of {BIASES}, got {biases!r}")
        self.networks, self.cells = networks, cells
        self.input_size, self.output_size = input_size, output_size
        self.truncated_gradient = truncated_gradient
        self.cell = LSTMCell(
            networks * input_size, networks * cells, forget_gate=forget_gate, squash_1997=True
        )
        self.readout = nn.Linear(networks * cells, networks * output_size)
        self.shortcut = (
            nn.Linear(networks * input_size, networks * output_size, bias=False)
            if shortcut
            else None
        )
        owner_of_unit = torch.arange(networks * cells) // cells  # network of each cell
        owner_of_input = torch.arange(networks * input_size) // input_size
        owner_of_output = torch.arange(networks * output_size) // output_size
        gate_rows = owner_of_unit.repeat(len(self.cell.blocks))
        self.masks = {
            "weight_ih": gate_rows[:, None] == owner_of_input[None, :],
            "weight_hh": gate_rows[:, None] == owner_of_unit[None, :],
        }
        self.readout_mask = owner_of_output[:, None] == owner_of_unit[None, :]
        with torch.no_grad():
            for name, mask in self.masks.items():
                weight = getattr(self.cell, name)
                weight.uniform_(-0.2, 0.2).mul_(mask)
                weight.register_hook(lambda grad, mask=mask: grad * mask)
            self.readout.weight.uniform_(-0.2, 0.2).mul_(self.readout_mask)
            self.readout.weight.register_hook(lambda grad: grad * self.readout_mask)
            if self.shortcut is not None:
                self.shortcut_mask = owner_of_output[:, None] == owner_of_input[None, :]
                self.shortcut.weight.uniform_(-0.2, 0.2).mul_(self.shortcut_mask)
                self.shortcut.weight.register_hook(lambda grad: grad * self.shortcut_mask)
            self.readout.bias.uniform_(-0.2, 0.2)
            self.cell.bias_hh.zero_()
            self.cell.bias_ih.uniform_(-0.2, 0.2)
            if biases == "gers2000":
                paper_block = (torch.arange(cells) // 2) % 4 + 1  # 1..4
                starts = (("input", -0.5), ("output", -0.5), ("forget", +0.5))
            else:
                paper_block = torch.arange(cells) // cells_per_block + 1  # 1, 2, 3, ...
                starts = (("output", -1.0),)
            for gate, step in starts:
                if gate in self.cell.gate_names:
                    rows = self.cell.gate_rows(gate)
                    self.cell.bias_ih[rows] = (step * paper_block.float()).repeat(networks)
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
        gates = torch.tensor([block in self.cell.gate_names for block in self.cell.blocks])
        return torch.where(gates.view(-1, 1, 1, 1, 1), tied, shaped).reshape(tensor.shape)

    def _shapes(self, networks: int) -> dict[str, tuple[int, ...]]:
        """Each parameter viewed with its networks as axes of their own."""
        blocks, cells = len(self.cell.blocks), self.cells
        inputs, outputs = self.input_size, self.output_size
        return {
            "cell.weight_ih": (blocks, networks, cells, networks, inputs),
            "cell.weight_hh": (blocks, networks, cells, networks, cells),
            "cell.bias_ih": (blocks, networks, cells),
            "cell.bias_hh": (blocks, networks, cells),
            "readout.weight": (networks, outputs, networks, cells),
            "readout.bias": (networks, outputs),
            "shortcut.weight": (networks, outputs, networks, inputs),
        }

    def load_network(self, n: int, single: SideBySide) -> None:
        """Copy the weights of a one-network ``single`` into network ``n``'s slots, so that a
        network's start does not depend on which others share its pack."""
        if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n < self.networks:
            raise ValueError(f"expected a network index in [0, {self.networks}), got {n!r}")
        same_kind = (
            isinstance(single, SideBySide)
            and single.networks == 1
            and (single.input_size, single.cells, single.output_size)
            == (self.input_size, self.cells, self.output_size)
            and single.cell.blocks == self.cell.blocks
            and (single.shortcut is None) == (self.shortcut is None)
        )
        if not same_kind:
            found = single._kind() if isinstance(single, SideBySide) else _describe(single)
            raise ValueError(f"expected a one-network {self._kind(networks=1)}, got {found}")
        mine = dict(single.named_parameters())
        with torch.no_grad():
            for name, parameter in self.named_parameters():
                packed = parameter.view(self._shapes(self.networks)[name])
                one = mine[name].view(self._shapes(1)[name])
                if packed.dim() == 5:
                    packed[:, n, :, n] = one[:, 0, :, 0]
                elif packed.dim() == 4:
                    packed[n, :, n] = one[0, :, 0]
                elif name.startswith("cell"):
                    packed[:, n] = one[:, 0]
                else:
                    packed[n] = one[0]

    def _kind(self, networks: int | None = None) -> str:
        """What this model is, in one line (with ``networks`` in place of its own count)."""
        networks = self.networks if networks is None else networks
        shortcut = "with" if self.shortcut is not None else "without"
        return (
            f"SideBySide of {networks} network(s) of {self.input_size} inputs, {self.cells} "
            f"cells and {self.output_size} outputs, blocks {self.cell.blocks}, {shortcut} shortcut"
        )

    def initial_state(self) -> tuple[Tensor, Tensor]:
        """Every network at rest: outputs and cell states zero, (1, networks * cells) each."""
        zeros = torch.zeros(1, self.networks * self.cells)
        return zeros, zeros.clone()

    def keep(self, resets: Tensor) -> Tensor:
        """The ``keep`` multipliers of :meth:`forward` from resets per network: ``resets``
        (time, networks) bool, True where a network's state is reset before that step;
        returns (time, networks * cells), 0 where reset and 1 elsewhere."""
        if not isinstance(resets, Tensor) or resets.dtype != torch.bool:
            raise TypeError(f"expected resets as a bool tensor, got {_describe(resets)}")
        check_shape(resets, ("time", self.networks), "resets")
        return (~resets).float().repeat_interleave(self.cells, 1)

    def parameter_owners(self) -> list[Tensor]:
        """For each parameter (in the order of ``parameters()``), the network that owns each
        entry, in the parameter's shape: what a per-network learning rate multiplies by.

        Entries between two networks are zero and never change, so any owner will do for
        them; they get the owner of their row.
        """
        cells, networks = self.cells, self.networks
        unit_owner = torch.arange(networks * cells) // cells
        gate_rows = unit_owner.repeat(len(self.cell.blocks))
        output_owner = torch.arange(networks * self.output_size) // self.output_size
        by_name = {
            "cell.weight_ih": gate_rows[:, None].expand(-1, networks * self.input_size),
            "cell.weight_hh": gate_rows[:, None].expand(-1, networks * cells),
            "cell.bias_ih": gate_rows,
            "cell.bias_hh": gate_rows,
            "readout.weight": output_owner[:, None].expand(-1, networks * cells),
            "readout.bias": output_owner,
            "shortcut.weight": output_owner[:, None].expand(-1, networks * self.input_size),
        }
        return [by_name[name] for name, _ in self.named_parameters()]

    def forward(
        self,
        inputs: Tensor,
        state: tuple[Tensor, Tensor],
        keep: Tensor | None = None,
        record: bool = False,
    ) -> tuple[Tensor, tuple[Tensor, Tensor], dict[str, Tensor]]:
        """Run ``inputs`` (time, networks * input_size) from ``state``.

        ``keep`` (time, networks * cells), if given, multiplies the state before each
        step: 0 resets a network's cells (an external reset, see :meth:`keep`).
        Returns logits (time, networks * output_size), the final state and, with
        ``record``, the cell states and forget gates (time, networks * cells; the forget
        gate is 1 in a cell without one).
        """
        check_float_tensor(inputs, "inputs")
        check_shape(inputs, ("time", self.networks * self.input_size), "inputs")
        units = self.networks * self.cells
        if not isinstance(state, tuple | list) or len(state) != 2:
            raise ValueError(f"expected state as a tuple (h, c), got {_describe(state)}")
        for tensor, name in zip(state, ("h", "c"), strict=True):
            check_float_tensor(tensor, f"state {name}")
            check_shape(tensor, (1, units), f"state {name}")
        if keep is not None:
            check_float_tensor(keep, "keep")
            check_shape(keep, (inputs.shape[0], units), "keep")
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


def _describe(value: object) -> str:
    if isinstance(value, Tensor):
        return f"a {value.dtype} tensor of shape {tuple(value.shape)}"
    return type(value).__name__
