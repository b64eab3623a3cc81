"""Recurrent cells: the LSTM with its historical and experimental variants, and two baselines.

The LSTM cell is written once, with switches for every variant the book studies:

* the original LSTM of Hochreiter & Schmidhuber (1997): no forget gate, cell input squashed
  into [-2, 2] and cell output into [-1, 1];
* the forget gate of Gers, Schmidhuber & Cummins (2000), today's "vanilla" LSTM;
* peephole connections from the cell state to the gates (Gers, Schraudolph & Schmidhuber 2002);
* the eight variants of Greff et al. (2017, "LSTM: A Search Space Odyssey"), named in
  :data:`VARIANTS`;
* a recurrent projection layer (LSTMP, Sak, Senior & Beaufays 2014).

Parameter names follow ``torch.nn.LSTMCell`` (``weight_ih``, ``weight_hh``, ``bias_ih``,
``bias_hh``, rows in gate order input, forget, cell, output), so the vanilla cell is
parameter-for-parameter the cell that PyTorch's fused kernel computes.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import NamedTuple

import torch
from torch import Tensor, nn

from lstm.checks import check_bool, check_float_tensor, check_positive_int, check_shape

#: Default value of every switch of :class:`LSTMCell`: the vanilla LSTM.
VANILLA_FLAGS: Mapping[str, bool] = {
    "forget_gate": True,
    "input_gate": True,
    "output_gate": True,
    "peepholes": False,
    "coupled": False,
    "input_activation": True,
    "output_activation": True,
    "full_gate_recurrence": False,
    "squash_1997": False,
}


class UnknownVariant(KeyError, ValueError):
    """A variant name that :data:`VARIANTS` does not know (both a KeyError and a ValueError)."""

    def __str__(self) -> str:  # KeyError would print the message with quotes around it
        return str(self.args[0])


class _Variants(Mapping):
    """Greff et al.'s variant names mapped to the switches of :class:`LSTMCell`.

    Greff et al. (2017) compare vanilla LSTM (forget gate and peepholes) with eight
    variants, each changing one thing: no input gate (NIG), no forget gate (NFG), no
    output gate (NOG), no input activation function (NIAF), no output activation function
    (NOAF), no peepholes (NP), coupled input and forget gate (CIFG) and full gate
    recurrence (FGR). Their vanilla has peepholes; PyTorch's (and ours) does not, so
    here every Greff variant keeps peepholes except NP, which equals our default cell.
    ``"LSTM1997"`` is the original cell: no forget gate, the paper's squashing ranges.
    """

    _table: Mapping[str, Mapping[str, bool]] = {
        "vanilla": {},
        "greff_vanilla": {"peepholes": True},
        "NIG": {"peepholes": True, "input_gate": False},
        "NFG": {"peepholes": True, "forget_gate": False},
        "NOG": {"peepholes": True, "output_gate": False},
        "NIAF": {"peepholes": True, "input_activation": False},
        "NOAF": {"peepholes": True, "output_activation": False},
        "NP": {},
        "CIFG": {"peepholes": True, "coupled": True},
        "FGR": {"peepholes": True, "full_gate_recurrence": True},
        "LSTM1997": {"forget_gate": False, "squash_1997": True},
    }

    def __getitem__(self, name: str) -> dict[str, bool]:
        if name not in self._table:
            raise UnknownVariant(
                f"unknown LSTM variant {name!r}; expected one of {', '.join(self._table)}"
            )
        return {**VANILLA_FLAGS, **self._table[name]}

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, name: object) -> bool:
        return name in self._table


#: Variant name -> the full set of :class:`LSTMCell` switches:
#: ``LSTM(8, 16, **VARIANTS["CIFG"])``.
VARIANTS = _Variants()


class LSTMStep(NamedTuple):
    """Everything one LSTM step computes, kept so the book can plot the gates at work.

    An absent gate is reported as the constant 1.0 (always open).
    """

    input_gate: Tensor | float
    forget_gate: Tensor | float
    cell_input: Tensor
    output_gate: Tensor | float
    cell_state: Tensor
    hidden: Tensor
    gates: Tensor | None  # the gate activations fed back by full gate recurrence (FGR)

    @property
    def state(self) -> tuple[Tensor, ...]:
        """The recurrent state carried to the next step: (h, c), plus the gates for FGR."""
        if self.gates is None:
            return self.hidden, self.cell_state
        return self.hidden, self.cell_state, self.gates


def squash_cell_input_1997(x: Tensor) -> Tensor:
    """g(x) = 4 sigma(x) - 2, in [-2, 2] (Hochreiter & Schmidhuber 1997, appendix A.1)."""
    return 4 * torch.sigmoid(x) - 2


def squash_cell_output_1997(x: Tensor) -> Tensor:
    """h(x) = 2 sigma(x) - 1, in [-1, 1] (Hochreiter & Schmidhuber 1997, appendix A.1)."""
    return 2 * torch.sigmoid(x) - 1


class LSTMCell(nn.Module):
    r"""One LSTM memory block of ``hidden_size`` cells, with every variant as a switch.

    For input :math:`x_t`, previous output :math:`h_{t-1}` and cell state :math:`c_{t-1}`
    (Greff et al. 2017, section 2; :math:`\odot` is the element-wise product):

    .. math::

        i_t &= \sigma(W_i x_t + R_i h_{t-1} + p_i \odot c_{t-1} + b_i)
            && \text{input gate} \\
        f_t &= \sigma(W_f x_t + R_f h_{t-1} + p_f \odot c_{t-1} + b_f)
            && \text{forget gate} \\
        g_t &= \tanh(W_g x_t + R_g h_{t-1} + b_g) && \text{cell input} \\
        c_t &= f_t \odot c_{t-1} + i_t \odot g_t && \text{cell state} \\
        o_t &= \sigma(W_o x_t + R_o h_{t-1} + p_o \odot c_t + b_o) && \text{output gate} \\
        h_t &= o_t \odot \tanh(c_t) && \text{block output}

    The switches (all default to the vanilla LSTM of PyTorch):

    * ``forget_gate=False``: :math:`f_t = 1`, the original constant error carousel
      (Hochreiter & Schmidhuber 1997); ``input_gate=False`` / ``output_gate=False``: that
      gate is fixed open at 1 (Greff's NIG / NOG).
    * ``peepholes=True``: the :math:`p \odot c` terms (Gers et al. 2002); off, they vanish.
    * ``coupled=True``: :math:`f_t = 1 - i_t` (Greff's CIFG, as in the GRU).
    * ``input_activation=False`` / ``output_activation=False``: the tanh on :math:`g_t` /
      on :math:`c_t` is replaced by the identity (NIAF / NOAF).
    * ``full_gate_recurrence=True``: every gate also receives the previous step's three
      gate activations through a recurrent matrix (FGR); the state then carries them.
    * ``squash_1997=True``: the 1997 squashing functions, :math:`g \in [-2, 2]` and
      :math:`h \in [-1, 1]`, both scaled logistic sigmoids.
    * ``proj_size > 0``: :math:`h_t = W_{hr}(o_t \odot \tanh(c_t))`, the recurrent
      projection of LSTMP (Sak et al. 2014).

    ``bias=False`` drops the :math:`b` terms (and the parameters ``bias_ih``, ``bias_hh``);
    ``device`` and ``dtype`` place the parameters, as in PyTorch's modules.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        forget_gate: bool = True,
        input_gate: bool = True,
        output_gate: bool = True,
        peepholes: bool = False,
        coupled: bool = False,
        input_activation: bool = True,
        output_activation: bool = True,
        full_gate_recurrence: bool = False,
        squash_1997: bool = False,
        proj_size: int = 0,
        bias: bool = True,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        self.input_size = check_positive_int(input_size, "input_size")
        self.hidden_size = check_positive_int(hidden_size, "hidden_size")
        if coupled and not (forget_gate and input_gate):
            raise ValueError(
                "coupled=True derives the forget gate from the input gate (f = 1 - i), so it "
                f"needs input_gate=True and forget_gate=True, got input_gate={input_gate}, "
                f"forget_gate={forget_gate}"
            )
        if isinstance(proj_size, bool) or not isinstance(proj_size, int) or proj_size < 0:
            raise ValueError(f"expected proj_size to be an int >= 0, got {proj_size!r}")
        if proj_size >= hidden_size:
            raise ValueError(
                f"expected proj_size < hidden_size ({hidden_size}), got proj_size={proj_size}"
            )
        self.flags = {
            "forget_gate": forget_gate,
            "input_gate": input_gate,
            "output_gate": output_gate,
            "peepholes": peepholes,
            "coupled": coupled,
            "input_activation": input_activation,
            "output_activation": output_activation,
            "full_gate_recurrence": full_gate_recurrence,
            "squash_1997": squash_1997,
        }
        self.proj_size = proj_size
        self.output_size = proj_size or hidden_size
        # The blocks of rows in weight_ih / weight_hh, in PyTorch's order i, f, g, o; a gate
        # that is switched off (or derived, as CIFG's forget gate) has no rows.
        self.blocks = tuple(
            name
            for name, present in (
                ("input", input_gate),
                ("forget", forget_gate and not coupled),
                ("cell", True),
                ("output", output_gate),
            )
            if present
        )
        self.gate_names = tuple(block for block in self.blocks if block != "cell")
        rows = len(self.blocks) * hidden_size
        factory = {"device": device, "dtype": dtype}
        self.bias = check_bool(bias, "bias")
        self.weight_ih = nn.Parameter(torch.empty(rows, input_size, **factory))
        self.weight_hh = nn.Parameter(torch.empty(rows, self.output_size, **factory))
        for name in ("bias_ih", "bias_hh"):
            self.register_parameter(
                name, nn.Parameter(torch.empty(rows, **factory)) if bias else None
            )
        if peepholes:
            for gate in self.gate_names:
                self.register_parameter(
                    f"weight_c{gate[0]}", nn.Parameter(torch.empty(hidden_size, **factory))
                )
        if full_gate_recurrence:
            gates = len(self.gate_names) * hidden_size
            self.weight_gr = nn.Parameter(torch.empty(gates, gates, **factory))
        if proj_size:
            self.weight_hr = nn.Parameter(torch.empty(proj_size, hidden_size, **factory))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's initialisation: every weight uniform in [-1/sqrt(H), 1/sqrt(H)]."""
        bound = 1 / math.sqrt(self.hidden_size)
        for weight in self.parameters():
            nn.init.uniform_(weight, -bound, bound)

    def gate_rows(self, gate: str) -> slice:
        """The rows of ``gate`` (``"input"``, ``"forget"``, ``"cell"`` or ``"output"``)
        in ``weight_ih``, ``weight_hh``, ``bias_ih`` and ``bias_hh``: blocks of
        ``hidden_size`` rows in PyTorch's order i, f, g, o, absent gates left out (so the
        1997 cell's rows are i, g, o)."""
        if gate not in self.blocks:
            raise ValueError(f"expected one of this cell's blocks {self.blocks}, got {gate!r}")
        start = self.blocks.index(gate) * self.hidden_size
        return slice(start, start + self.hidden_size)

    @torch.no_grad()
    def set_gate_bias(self, gate: str, value: float) -> None:
        """Start ``gate`` at bias ``value``: its rows of ``bias_ih`` are set to ``value``
        and of ``bias_hh`` to zero (Gers et al. 2000 open the forget gate this way,
        Hochreiter & Schmidhuber 1997 close the input gates)."""
        if not self.bias:
            raise ValueError(
                f"this cell has no biases (bias=False), so gate {gate!r} has none to set"
            )
        rows = self.gate_rows(gate)
        self.bias_ih[rows] = value
        self.bias_hh[rows] = 0.0

    def initial_state(self, batch: int, like: Tensor) -> tuple[Tensor, ...]:
        """Zero state for ``batch`` sequences: activations reset at each sequence start."""
        h = like.new_zeros(batch, self.output_size)
        c = like.new_zeros(batch, self.hidden_size)
        if self.flags["full_gate_recurrence"]:
            return h, c, like.new_zeros(batch, len(self.gate_names) * self.hidden_size)
        return h, c

    def project_input(self, x: Tensor) -> Tensor:
        """The input's share of every block, W x + b; on a whole sequence it is one GEMM."""
        bias = None if self.bias_ih is None else self.bias_ih + self.bias_hh
        return nn.functional.linear(x, self.weight_ih, bias)

    def forward(self, x: Tensor, state: tuple[Tensor, ...] | None = None) -> tuple[Tensor, ...]:
        """One time step on a batch ``x`` of shape (batch, input_size).

        Returns the new state ``(h, c)`` — for full gate recurrence ``(h, c, gates)``.
        """
        check_float_tensor(x, "input")
        check_shape(x, ("batch", self.input_size), "input")
        if state is None:
            state = self.initial_state(x.shape[0], x)
        else:
            self.check_state(state, x.shape[0])
        return self.step(self.project_input(x), state).state

    def step(self, projected_input: Tensor, state: tuple[Tensor, ...]) -> LSTMStep:
        """The equations of the class docstring, given the input's share ``W x + b``."""
        h_prev, c_prev = state[0], state[1]
        pre = projected_input + nn.functional.linear(h_prev, self.weight_hh)
        blocks = dict(zip(self.blocks, pre.chunk(len(self.blocks), dim=1), strict=True))
        if self.flags["full_gate_recurrence"]:
            feedback = nn.functional.linear(state[2], self.weight_gr)
            for name, extra in zip(
                self.gate_names, feedback.chunk(len(self.gate_names), 1), strict=True
            ):
                blocks[name] = blocks[name] + extra

        input_gate = self._gate("input", blocks, c_prev)
        if self.flags["coupled"]:
            forget_gate = 1 - input_gate
        else:
            forget_gate = self._gate("forget", blocks, c_prev)
        cell_input = self._squash_cell_input(blocks["cell"])
        cell_state = forget_gate * c_prev + input_gate * cell_input
        output_gate = self._gate("output", blocks, cell_state)
        hidden = output_gate * self._squash_cell_output(cell_state)
        if self.proj_size:
            hidden = nn.functional.linear(hidden, self.weight_hr)

        gates = None
        if self.flags["full_gate_recurrence"]:
            activations = {"input": input_gate, "forget": forget_gate, "output": output_gate}
            gates = torch.cat([activations[name] for name in self.gate_names], dim=1)
        return LSTMStep(input_gate, forget_gate, cell_input, output_gate, cell_state, hidden, gates)

    def _gate(self, name: str, blocks: Mapping[str, Tensor], cell_state: Tensor) -> Tensor | float:
        """sigma(pre-activation + peephole), or the constant 1.0 for an absent gate."""
        if name not in self.gate_names:
            return 1.0
        pre = blocks[name]
        if self.flags["peepholes"]:
            pre = pre + getattr(self, f"weight_c{name[0]}") * cell_state
        return torch.sigmoid(pre)

    def _squash_cell_input(self, x: Tensor) -> Tensor:
        if not self.flags["input_activation"]:
            return x
        return squash_cell_input_1997(x) if self.flags["squash_1997"] else torch.tanh(x)

    def _squash_cell_output(self, c: Tensor) -> Tensor:
        if not self.flags["output_activation"]:
            return c
        return squash_cell_output_1997(c) if self.flags["squash_1997"] else torch.tanh(c)

    def check_state(self, state: object, batch: int) -> None:
        """The state must be ``(h, c)`` (``(h, c, gates)`` for FGR) of the right shapes."""
        expected = [("h", self.output_size), ("c", self.hidden_size)]
        if self.flags["full_gate_recurrence"]:
            expected.append(("gates", len(self.gate_names) * self.hidden_size))
        if not isinstance(state, tuple | list) or len(state) != len(expected):
            names = ", ".join(name for name, _ in expected)
            raise ValueError(
                f"expected state as a tuple ({names}), got {type(state).__name__}"
                + (f" of length {len(state)}" if isinstance(state, tuple | list) else "")
            )
        for tensor, (name, size) in zip(state, expected, strict=True):
            check_float_tensor(tensor, f"state {name}")
            check_shape(tensor, (batch, size), f"state {name}")


class _BaselineCell(nn.Module):
    """Shared parameters and checks of the baseline cells; ``blocks`` rows per weight."""

    blocks = 1

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.input_size = check_positive_int(input_size, "input_size")
        self.hidden_size = check_positive_int(hidden_size, "hidden_size")
        rows = self.blocks * hidden_size
        self.weight_ih = nn.Parameter(torch.empty(rows, input_size))
        self.weight_hh = nn.Parameter(torch.empty(rows, hidden_size))
        self.bias_ih = nn.Parameter(torch.empty(rows))
        self.bias_hh = nn.Parameter(torch.empty(rows))
        bound = 1 / math.sqrt(hidden_size)
        for weight in self.parameters():
            nn.init.uniform_(weight, -bound, bound)

    def _checked(self, x: Tensor, h: Tensor | None) -> Tensor:
        check_float_tensor(x, "input")
        check_shape(x, ("batch", self.input_size), "input")
        if h is None:
            return x.new_zeros(x.shape[0], self.hidden_size)
        check_float_tensor(h, "state h")
        check_shape(h, (x.shape[0], self.hidden_size), "state h")
        return h


class RNNCell(_BaselineCell):
    r"""The standard recurrent net of the papers' comparisons (Elman 1990), with tanh units.

    .. math:: h_t = \tanh(W x_t + b_{ih} + R h_{t-1} + b_{hh})

    Parameters are named as in ``torch.nn.RNNCell``.
    """

    def forward(self, x: Tensor, h: Tensor | None = None) -> Tensor:
        """One step on ``x`` of shape (batch, input_size); returns the new ``h``."""
        h = self._checked(x, h)
        return torch.tanh(
            nn.functional.linear(x, self.weight_ih, self.bias_ih)
            + nn.functional.linear(h, self.weight_hh, self.bias_hh)
        )


class GRUCell(_BaselineCell):
    r"""The gated recurrent unit of Cho et al. (2014), as PyTorch computes it.

    .. math::

        r_t &= \sigma(W_r x_t + b_{ir} + R_r h_{t-1} + b_{hr}) && \text{reset gate} \\
        z_t &= \sigma(W_z x_t + b_{iz} + R_z h_{t-1} + b_{hz}) && \text{update gate} \\
        n_t &= \tanh(W_n x_t + b_{in} + r_t \odot (R_n h_{t-1} + b_{hn})) && \text{candidate} \\
        h_t &= (1 - z_t) \odot n_t + z_t \odot h_{t-1}

    Parameters are named as in ``torch.nn.GRUCell`` (rows in the order r, z, n).
    """

    blocks = 3

    def forward(self, x: Tensor, h: Tensor | None = None) -> Tensor:
        """One step on ``x`` of shape (batch, input_size); returns the new ``h``."""
        h = self._checked(x, h)
        input_r, input_z, input_n = nn.functional.linear(x, self.weight_ih, self.bias_ih).chunk(
            3, 1
        )
        recur_r, recur_z, recur_n = nn.functional.linear(h, self.weight_hh, self.bias_hh).chunk(
            3, 1
        )
        reset_gate = torch.sigmoid(input_r + recur_r)
        update_gate = torch.sigmoid(input_z + recur_z)
        candidate = torch.tanh(input_n + reset_gate * recur_n)
        return (1 - update_gate) * candidate + update_gate * h
