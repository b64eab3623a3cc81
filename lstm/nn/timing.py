r"""The tiny network of Gers, Schraudolph & Schmidhuber (2002): one input, LSTM memory
cells, one linear output.

The paper's network has one memory block of one cell; here ``cells`` cells, each with its
own gates, are of one kind of :data:`CELLS`:

* ``"peephole"``: the forget-gate LSTM with peephole connections, the input and forget
  gates reading :math:`c_{t-1}` and the output gate :math:`c_t`
  (:class:`lstm.nn.cells.LSTMCell` with ``peepholes=True``);
* ``"forget"``: the same cell without peepholes, the LSTM of Gers et al. (2000);
* ``"1997"``: the LSTM of Hochreiter & Schmidhuber (1997), with no forget gate
  (:data:`lstm.nn.cells.VARIANTS` ``["LSTM1997"]``).

The gate biases start where the paper starts them (:data:`GATE_BIASES`): the forget gate
at -2, the input gate at 0 and the output gate at +2; ``forget_bias`` starts the forget
gate elsewhere. The output unit is linear, :math:`y_t = w^\top h_t + b`.
"""

from __future__ import annotations

from torch import Tensor, nn

from lstm.checks import check_float_tensor, check_positive_int, check_shape
from lstm.nn.cells import VARIANTS
from lstm.nn.layers import LSTM

#: The three blocks the paper compares, as switches of :class:`lstm.nn.cells.LSTMCell`.
CELLS = {
    "peephole": {"peepholes": True},
    "forget": {},
    "1997": dict(VARIANTS["LSTM1997"]),
}
#: The gates' starting biases (Gers et al. 2002); a cell without a gate skips it.
GATE_BIASES = {"forget": -2.0, "input": 0.0, "output": 2.0}


class TimingNetwork(nn.Module):
    """One input unit, ``cells`` memory cells of kind ``cell`` (one of :data:`CELLS`),
    fully recurrent, and one linear output unit. Every cell has its own gates, so
    ``cells=4`` is four of the paper's one-cell blocks."""

    def __init__(
        self, cell: str, cells: int = 1, forget_bias: float = GATE_BIASES["forget"]
    ) -> None:
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"expected a cell from {tuple(CELLS)}, got {cell!r}")
        self.cell = cell
        self.block = LSTM(1, check_positive_int(cells, "cells"), batch_first=True, **CELLS[cell])
        for gate, bias in {**GATE_BIASES, "forget": float(forget_bias)}.items():
            if gate in self.block.cells()[0].blocks:
                self.block.set_gate_bias(gate, bias)
        self.output = nn.Linear(cells, 1)

    def _checked(self, x: object) -> Tensor:
        check_float_tensor(x, "input")
        check_shape(x, ("batch", "time", 1), "input")
        return x

    def forward(self, x: Tensor) -> Tensor:
        """The outputs (batch, time, 1) for inputs ``x`` (batch, time, 1), run from a zero
        state with no reset."""
        hidden, _ = self.block(self._checked(x))
        return self.output(hidden)

    def trace(self, x: Tensor) -> dict[str, Tensor]:
        """The block at work on ``x``: its gates, cell input, cell state and output, each
        (batch, time, cells), the peepholes' contributions to the three gates (zero for a
        cell without them), and the network's output (batch, time, 1)."""
        steps = self.block.trace(self._checked(x))[0]
        cell = self.block.cells()[0]
        previous = steps["cell_state"].roll(1, dims=1)
        previous[:, 0] = 0.0
        for gate, state in (("input", previous), ("forget", previous), ("output", None)):
            weight = getattr(cell, f"weight_c{gate[0]}", None)
            state = steps["cell_state"] if state is None else state
            steps[f"peephole_{gate}"] = state * weight if weight is not None else state * 0
        steps["output"] = self.output(steps["hidden"])
        return steps
