r"""The LSTM time loop, compiled: every variant of :class:`lstm.nn.cells.LSTMCell` at the
speed of a hand-written kernel, with exactly the cell's equations.

:func:`run` unrolls a cell over a batch-first sequence as the readable
:func:`lstm.nn.layers.step_loop` does, and gives the same outputs, final state and
gradients; the layers (:class:`lstm.nn.layers.LSTM`) run it by default. The work is
arranged as in the fused kernels of cuDNN and PyTorch:

* the input's share of every block for all steps, :math:`P = W x + b`, is one matrix
  product before the loop (autograd differentiates it, again as single products);
* each step is one recurrent product :math:`z_t = P_t + R h_{t-1}` and one compiled
  pass over (batch, cell) that evaluates the gates, cell state and output, keeping the
  gate activations for the backward pass;
* the backward pass runs the loop in reverse with one product per step,
  :math:`\partial h_{t-1} = R^\top \partial z_t`, and forms the weight gradients after
  the loop as single large products: :math:`\partial R = \sum_t \partial z_t^\top
  h_{t-1}`, and likewise for full gate recurrence's matrix and the peepholes.

Padded steps (``lengths``) carry the state unchanged and output zero, as in the step
loop, at the cost of a padded batch. The recurrent projection of LSTMP is not covered:
:func:`supports` says which cells and tensors are.
"""

from __future__ import annotations

import torch
from torch import Tensor

from lstm.nn.cells import LSTMCell
from lstm.nn.kernel.build import extension

#: The switches the compiled loop reads, in the order it reads them.
_SWITCHES = (
    "coupled",
    "peepholes",
    "input_activation",
    "output_activation",
    "full_gate_recurrence",
    "squash_1997",
)


def supports(cell: LSTMCell, x: Tensor) -> bool:
    """Whether :func:`run` computes ``cell`` on ``x``: every switch, but not a recurrent
    projection, and float32 or float64 tensors on the CPU."""
    return (
        cell.proj_size == 0 and x.device.type == "cpu" and x.dtype in (torch.float32, torch.float64)
    )


def _layout(cell: LSTMCell) -> tuple[list[int], list[bool]]:
    """Each block's first column in the cell's rows (-1 when absent), and the switches."""
    offsets = [
        cell.gate_rows(block).start if block in cell.blocks else -1
        for block in ("input", "forget", "cell", "output")
    ]
    return offsets, [bool(cell.flags[name]) for name in _SWITCHES]


def _peepholes(cell: LSTMCell, like: Tensor) -> Tensor:
    """The peephole weights as rows (input, forget, output), zero for an absent gate;
    empty for a cell without peepholes."""
    if not cell.flags["peepholes"]:
        return like.new_empty(0)
    zero = like.new_zeros(cell.hidden_size)
    return torch.stack(
        [getattr(cell, f"weight_c{gate[0]}", zero) for gate in ("input", "forget", "output")]
    )


class _Recurrence(torch.autograd.Function):
    """The compiled loop as one differentiable operation."""

    @staticmethod
    def forward(ctx, projected, h0, c0, a0, weight_hh, peepholes, weight_gr, valid, layout):
        offsets, switches = layout
        output, h, c, a, activations, cells, fed_back = extension().forward(
            projected, h0, c0, a0, weight_hh, peepholes, weight_gr, valid, offsets, switches
        )
        ctx.layout = layout
        ctx.save_for_backward(
            h0,
            c0,
            a0,
            weight_hh,
            peepholes,
            weight_gr,
            valid,
            output,
            activations,
            cells,
            fed_back,
        )
        ctx.mark_non_differentiable(activations, cells, fed_back)
        return output, h, c, a, activations, cells, fed_back

    @staticmethod
    def backward(ctx, grad_output, grad_h, grad_c, grad_a, *unused):
        if torch.is_grad_enabled():  # create_graph=True: a gradient of this gradient
            raise RuntimeError(
                "second-order gradients (create_graph=True) do not flow through the "
                "compiled LSTM loop; build the layer with compiled=False to run the "
                "readable step, which is twice differentiable"
            )
        h0, c0, a0, weight_hh, peepholes, weight_gr, valid, output, activations, cells, fed = (
            ctx.saved_tensors
        )
        offsets, switches = ctx.layout
        dz, dh0, dc0, da0, dz_gates = extension().backward(
            grad_output.contiguous(),
            grad_h.contiguous(),
            grad_c.contiguous(),
            grad_a.contiguous(),
            c0,
            weight_hh,
            peepholes,
            weight_gr,
            valid,
            activations,
            cells,
            offsets,
            switches,
        )
        hidden = h0.shape[1]
        # The weight gradients, each one product (or reduction) over all steps at once.
        h_prev = torch.cat([h0.unsqueeze(1), output[:, :-1]], dim=1)
        grad_weight_hh = dz.flatten(0, 1).t() @ h_prev.flatten(0, 1)
        grad_peepholes = grad_weight_gr = None
        if peepholes.numel():
            c_prev = torch.cat([c0.unsqueeze(1), cells[:, :-1]], dim=1)
            rows = []
            for offset, seen in zip(
                (offsets[0], offsets[1], offsets[3]), (c_prev, c_prev, cells), strict=True
            ):
                if offset < 0:
                    rows.append(peepholes.new_zeros(hidden))
                else:
                    rows.append((dz[..., offset : offset + hidden] * seen).sum((0, 1)))
            grad_peepholes = torch.stack(rows)
        if weight_gr.numel():
            a_prev = torch.cat([a0.unsqueeze(1), fed[:, :-1]], dim=1)
            grad_weight_gr = dz_gates.flatten(0, 1).t() @ a_prev.flatten(0, 1)
        return dz, dh0, dc0, da0, grad_weight_hh, grad_peepholes, grad_weight_gr, None, None


def run(
    cell: LSTMCell,
    x: Tensor,
    state: tuple[Tensor, ...],
    lengths: Tensor | None,
) -> tuple[Tensor, tuple[Tensor, ...]]:
    """Unroll ``cell`` over a batch-first ``x`` (batch, time, input) from ``state``
    (``(h, c)``, or ``(h, c, gates)`` for full gate recurrence).

    Returns the outputs (batch, time, hidden), zero past each sequence's length, and the
    final state, which past a sequence's length is the state at its last valid step.
    """
    if not supports(cell, x):
        raise ValueError(
            "the compiled loop covers float32 and float64 CPU tensors and no recurrent "
            f"projection, got proj_size={cell.proj_size} and a {x.dtype} input on {x.device}"
        )
    projected = cell.project_input(x).contiguous()
    h0, c0 = state[0].contiguous(), state[1].contiguous()
    fgr = cell.flags["full_gate_recurrence"]
    a0 = state[2].contiguous() if fgr else x.new_empty(x.shape[0], 0)
    weight_gr = cell.weight_gr if fgr else x.new_empty(0)
    valid = x.new_empty(0, dtype=torch.uint8)
    if lengths is not None:
        steps = torch.arange(x.shape[1], device=x.device)
        valid = (steps < lengths.to(x.device).unsqueeze(1)).to(torch.uint8)
    output, h, c, a, *_ = _Recurrence.apply(
        projected,
        h0,
        c0,
        a0,
        cell.weight_hh.contiguous(),
        _peepholes(cell, x),
        weight_gr,
        valid,
        _layout(cell),
    )
    return output, ((h, c, a) if fgr else (h, c))
