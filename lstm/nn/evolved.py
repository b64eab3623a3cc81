r"""The three architectures found by evolutionary search: MUT1, MUT2 and MUT3.

Jozefowicz, Zaremba & Sutskever (2015, "An Empirical Exploration of Recurrent Network
Architectures", ICML) mutated the GRU and the LSTM over ten thousand architectures and kept
the best, which matched or beat the GRU on some of their tasks. As the paper prints them,
with :math:`h_t` the previous state, :math:`x_t` the input and :math:`\odot` the
element-wise product, each computes an update gate :math:`z`, a reset gate :math:`r` and
the new state :math:`h_{t+1}`:

MUT1:

.. math::

    z &= \sigma(W_{xz} x_t + b_z) \\
    r &= \sigma(W_{xr} x_t + W_{hr} h_t + b_r) \\
    h_{t+1} &= \tanh(W_{hh} (r \odot h_t) + \tanh(x_t) + b_h) \odot z + h_t \odot (1 - z)

MUT2:

.. math::

    z &= \sigma(W_{xz} x_t + W_{hz} h_t + b_z) \\
    r &= \sigma(x_t + W_{hr} h_t + b_r) \\
    h_{t+1} &= \tanh(W_{hh} (r \odot h_t) + W_{xh} x_t + b_h) \odot z + h_t \odot (1 - z)

MUT3:

.. math::

    z &= \sigma(W_{xz} x_t + W_{hz} \tanh(h_t) + b_z) \\
    r &= \sigma(W_{xr} x_t + W_{hr} h_t + b_r) \\
    h_{t+1} &= \tanh(W_{hh} (r \odot h_t) + W_{xh} x_t + b_h) \odot z + h_t \odot (1 - z)

MUT1 and MUT2 add the input itself to a quantity of the hidden size (:math:`\tanh(x_t)` in
MUT1's candidate, :math:`x_t` in MUT2's reset gate), so they need ``input_size ==
hidden_size``: in the paper the input is an embedding of the hidden size.

:class:`MUTCell` is one step; :class:`MUT` unrolls it over a sequence with the interface of
``torch.nn.GRU`` (and of :class:`lstm.nn.layers.GRU`: ``lengths=``, symbol indices).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor, nn

from lstm.checks import check_float_tensor, check_positive_int, check_shape
from lstm.nn.layers import _Recurrent, one_hot

#: The architectures' names, as in the paper.
ARCHITECTURES = ("MUT1", "MUT2", "MUT3")

#: The weight matrices each architecture has: ``"xz"`` is :math:`W_{xz}`, and so on.
WEIGHTS = {
    "MUT1": ("xz", "xr", "hr", "hh"),
    "MUT2": ("xz", "hz", "hr", "hh", "xh"),
    "MUT3": ("xz", "hz", "xr", "hr", "hh", "xh"),
}

#: Where MUT1 and MUT2 add the input itself to a hidden-sized quantity.
_UNWEIGHTED_INPUT = {"MUT1": "the candidate's tanh(x_t)", "MUT2": "the reset gate's x_t"}

Projected = tuple[Tensor, Tensor, Tensor]


class MUTCell(nn.Module):
    r"""One step of MUT1, MUT2 or MUT3 (Jozefowicz, Zaremba & Sutskever 2015).

    See the module docstring for the equations. Parameters are named after the paper:
    ``weight_xz`` is :math:`W_{xz}`, of shape (hidden_size, input_size), ``weight_hr`` is
    :math:`W_{hr}`, of shape (hidden_size, hidden_size), and so on, registered only where
    the architecture has them (:data:`WEIGHTS`); the biases are ``bias_z``, ``bias_r`` and
    ``bias_h``. Every parameter starts uniform in [-1/sqrt(H), 1/sqrt(H)], as in PyTorch's
    cells.
    """

    def __init__(self, input_size: int, hidden_size: int, architecture: str = "MUT1") -> None:
        super().__init__()
        self.input_size = check_positive_int(input_size, "input_size")
        self.hidden_size = check_positive_int(hidden_size, "hidden_size")
        if architecture not in ARCHITECTURES:
            raise ValueError(
                f"unknown architecture {architecture!r}; expected one of {', '.join(ARCHITECTURES)}"
            )
        if architecture in _UNWEIGHTED_INPUT and input_size != hidden_size:
            raise ValueError(
                f"{architecture} adds the input itself to a hidden-sized quantity "
                f"({_UNWEIGHTED_INPUT[architecture]}), so it needs input_size == hidden_size, "
                f"got input_size={input_size}, hidden_size={hidden_size}"
            )
        self.architecture = architecture
        for name in WEIGHTS[architecture]:
            columns = input_size if name[0] == "x" else hidden_size
            self.register_parameter(
                f"weight_{name}", nn.Parameter(torch.empty(hidden_size, columns))
            )
        self.bias_z = nn.Parameter(torch.empty(hidden_size))
        self.bias_r = nn.Parameter(torch.empty(hidden_size))
        self.bias_h = nn.Parameter(torch.empty(hidden_size))
        bound = 1 / math.sqrt(hidden_size)
        for parameter in self.parameters():
            nn.init.uniform_(parameter, -bound, bound)

    def project_input(self, x: Tensor) -> Projected:
        r"""The input's share of :math:`z`, :math:`r` and the candidate, biases included.

        ``x`` has shape (..., input_size), so on a whole sequence this is one matrix
        product per share; each share has shape (..., hidden_size). The shares are
        :math:`W_{xz} x + b_z`; :math:`W_{xr} x + b_r` (MUT2: :math:`x + b_r`); and
        :math:`W_{xh} x + b_h` (MUT1: :math:`\tanh(x) + b_h`).
        """
        update = nn.functional.linear(x, self.weight_xz, self.bias_z)
        if self.architecture == "MUT2":
            reset = x + self.bias_r
        else:
            reset = nn.functional.linear(x, self.weight_xr, self.bias_r)
        if self.architecture == "MUT1":
            candidate = torch.tanh(x) + self.bias_h
        else:
            candidate = nn.functional.linear(x, self.weight_xh, self.bias_h)
        return update, reset, candidate

    def step(self, projected: Projected, h: Tensor) -> Tensor:
        """The equations of the module docstring, given :meth:`project_input`'s shares
        (each of shape (batch, hidden_size)) and the state ``h``; returns the new state."""
        update, reset, candidate = projected
        if self.architecture == "MUT2":
            update = update + nn.functional.linear(h, self.weight_hz)
        elif self.architecture == "MUT3":
            update = update + nn.functional.linear(torch.tanh(h), self.weight_hz)
        z = torch.sigmoid(update)
        r = torch.sigmoid(reset + nn.functional.linear(h, self.weight_hr))
        return torch.tanh(nn.functional.linear(r * h, self.weight_hh) + candidate) * z + h * (1 - z)

    def forward(self, x: Tensor, h: Tensor | None = None) -> Tensor:
        """One step on ``x`` of shape (batch, input_size) from ``h`` (zeros by default);
        returns the new ``h``."""
        check_float_tensor(x, "input")
        check_shape(x, ("batch", self.input_size), "input")
        if h is None:
            h = x.new_zeros(x.shape[0], self.hidden_size)
        else:
            check_float_tensor(h, "state h")
            check_shape(h, (x.shape[0], self.hidden_size), "state h")
        return self.step(self.project_input(x), h)


class MUT(_Recurrent, nn.Module):
    """A layer of MUT1, MUT2 or MUT3 (Jozefowicz et al. 2015), with the forward interface
    of ``torch.nn.GRU`` (unbatched inputs included) but batch first by default.

    ``MUT(input_size, hidden_size, architecture="MUT1", batch_first=True)`` owns one
    :class:`MUTCell` as ``cell``. ``forward(x, state=None, lengths=None)`` returns
    ``(output, h_n)``: ``output`` of shape (batch, time, hidden_size) (time first unless
    ``batch_first``) and ``h_n`` of shape (1, batch, hidden_size); ``state`` is ``h_0`` of
    that shape, zeros by default. ``x`` may be integer symbol indices of shape
    (batch, time), read as one-hot vectors. With ``lengths``, past a sequence's length the
    state is carried unchanged and the output is zero, so padded steps change neither the
    final state nor the valid outputs.
    """

    num_layers = 1
    bidirectional = False

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        architecture: str = "MUT1",
        *,
        batch_first: bool = True,
    ) -> None:
        super().__init__()
        self.cell = MUTCell(input_size, hidden_size, architecture)
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.architecture = architecture
        self.batch_first = batch_first

    def forward(
        self,
        x: Tensor,
        state: Tensor | None = None,
        lengths: Sequence[int] | Tensor | None = None,
    ) -> tuple[Tensor, Tensor]:
        x, lengths, unbatched = self._checked_input(x, lengths)
        if not x.is_floating_point():
            x = one_hot(x, self.input_size, self.cell.bias_z.dtype)
        if state is None:
            h = x.new_zeros(x.shape[0], self.hidden_size)
        else:
            h = self._checked_state_tensor(
                state, self.hidden_size, x.shape[0], unbatched, "state h_0"
            )[0]
        projected = self.cell.project_input(x)  # each (batch, time, hidden): one GEMM
        valid = None
        if lengths is not None:
            valid = (torch.arange(x.shape[1]) < lengths.unsqueeze(1)).to(x.device)
        outputs = []
        for t in range(x.shape[1]):
            new = self.cell.step(tuple(share[:, t] for share in projected), h)
            if valid is None:
                h = output = new
            else:
                keep = valid[:, t].unsqueeze(1)
                h = torch.where(keep, new, h)
                output = torch.where(keep, new, 0.0)
            outputs.append(output)
        output = torch.stack(outputs, dim=1)
        if unbatched:
            return output.squeeze(0), h
        return self._batch_layout(output), h.unsqueeze(0)
