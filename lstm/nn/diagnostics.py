"""Measuring how far an error signal travels back in time.

Hochreiter (1991) showed that in a standard recurrent net the error flowing back from
step T to step T - k is multiplied, once per step, by the recurrent weights and the
derivative of the squashing function, so it shrinks (or blows up) exponentially in k.
The LSTM's remedy is the constant error carousel: a cell whose state feeds itself with
weight 1, so that an error entering the cell state stays constant (Hochreiter &
Schmidhuber 1997, section 3). :func:`error_flow` measures both.
"""

from __future__ import annotations

import torch
from torch import Tensor

from lstm.checks import check_float_tensor, check_shape
from lstm.nn.cells import GRUCell, LSTMCell, RNNCell
from lstm.nn.layers import LSTM


def error_flow(
    cell: LSTMCell | RNNCell | GRUCell, inputs: Tensor, *, truncated: bool = False
) -> Tensor:
    r"""The relative size of the error reaching each earlier step, for lags 0 .. T-1.

    With :math:`s_t` the cell state :math:`c_t` of an :class:`LSTMCell` (the constant
    error carousel) or the hidden state :math:`h_t` of an :class:`RNNCell` /
    :class:`GRUCell`, and the error :math:`E = \sum s_T` injected at the last step,
    returns

    .. math:: \mathrm{flow}(k) = \|\partial E/\partial s_{T-k}\| \,/\, \|\partial E/\partial s_T\|

    ``truncated=True`` is the 1997 learning rule (Hochreiter & Schmidhuber 1997, section
    4): errors are not propagated back through the recurrent connections (``h_{t-1}`` is
    detached), so for an LSTM only the carousel carries the error back in time.
    ``inputs`` has shape (batch, time, input_size); the norm runs over batch and units.
    """
    check_float_tensor(inputs, "inputs")
    check_shape(inputs, ("batch", "time", cell.input_size), "inputs")
    if isinstance(cell, LSTMCell) and cell.flags["full_gate_recurrence"]:
        raise ValueError("expected an LSTMCell without full gate recurrence, got FGR")
    is_lstm = isinstance(cell, LSTMCell)
    hidden = inputs.new_zeros(
        inputs.shape[0], cell.hidden_size if not is_lstm else cell.output_size
    )
    cell_state = inputs.new_zeros(inputs.shape[0], cell.hidden_size)
    carried = []  # the state whose error flow we measure, one tensor per step
    for t in range(inputs.shape[1]):
        previous = hidden.detach() if truncated else hidden
        if is_lstm:
            hidden, cell_state = cell(inputs[:, t], (previous, cell_state))
            carried.append(cell_state)
        else:
            hidden = cell(inputs[:, t], previous)
            carried.append(hidden)
    for state in carried:
        state.retain_grad()
    carried[-1].sum().backward()
    norms = torch.stack(
        [state.grad.norm() if state.grad is not None else inputs.new_zeros(()) for state in carried]
    )
    return (norms / norms[-1]).flip(0).detach()


#: The layer shapes :func:`parity_with_torch` compares by default.
PARITY_SHAPES = (
    {},
    {"num_layers": 2},
    {"bidirectional": True},
    {"proj_size": 4},
    {"num_layers": 2, "bidirectional": True, "proj_size": 4},
)


def parity_with_torch(
    shapes: tuple[dict, ...] = PARITY_SHAPES,
    *,
    seed: int = 0,
    batch: int = 3,
    time: int = 20,
    input_size: int = 5,
    hidden_size: int = 8,
) -> list[dict]:
    """Our :class:`lstm.LSTM` against ``torch.nn.LSTM`` with copied weights, per shape.

    For each shape, reports the largest absolute difference of the outputs and of the
    parameter gradients (of the sum of outputs) on the fused path, and of the outputs of
    the two loops that every other variant runs, the compiled loop and the readable step
    loop (each run as the vanilla cell: peephole connections present but zero; with a
    recurrent projection the layer runs the step loop for both).
    """
    rows = []
    for shape in shapes:
        torch.manual_seed(seed)
        reference = torch.nn.LSTM(input_size, hidden_size, batch_first=True, **shape)
        ours = LSTM(input_size, hidden_size, batch_first=True, **shape)
        ours.load_state_dict(reference.state_dict())
        loop = LSTM(input_size, hidden_size, peepholes=True, batch_first=True, **shape)
        weights = reference.state_dict()
        loop.load_state_dict(
            {
                name: weights.get(name, torch.zeros_like(value))
                for name, value in loop.state_dict().items()
            }
        )
        x = torch.randn(batch, time, input_size)
        ours_out, reference_out, loop_out = ours(x)[0], reference(x)[0], loop(x)[0]
        step_out = loop._run_layers(x, None, None, records=[])[0]  # recording: step loop
        ours_out.sum().backward()
        reference_out.sum().backward()
        gradient_gap = max(
            _largest_gap(p.grad, q.grad)
            for p, q in zip(ours.parameters(), reference.parameters(), strict=True)
        )
        rows.append(
            {
                "shape": ", ".join(f"{k}={v}" for k, v in shape.items()) or "one layer",
                "parameters": sum(p.numel() for p in ours.parameters()),
                "output_gap": _largest_gap(ours_out, reference_out),
                "gradient_gap": gradient_gap,
                "loop_output_gap": _largest_gap(loop_out, reference_out),
                "step_output_gap": _largest_gap(step_out, reference_out),
            }
        )
    return rows


def _largest_gap(a: Tensor, b: Tensor) -> float:
    return float((a.detach() - b.detach()).abs().max())
