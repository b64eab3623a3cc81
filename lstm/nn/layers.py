"""Recurrent layers: a cell unrolled over time, stacked, optionally bidirectional.

:class:`LSTM`, :class:`GRU` and :class:`RNN` take PyTorch's constructor arguments, with
PyTorch's defaults (``batch_first=False``), and take and return what ``torch.nn.LSTM`` /
``nn.GRU`` / ``nn.RNN`` do, ``PackedSequence`` and unbatched inputs included; their
parameters carry the same names and shapes, so weights copy across with
``load_state_dict``. Three additions: ``lengths=`` for padded batches of unequal
sequences; inputs given as symbol indices, read as one-hot vectors (:func:`one_hot`); and
inputs checked with errors that say what was expected (a wrong shape is both a
``ValueError`` and, as PyTorch raises, a ``RuntimeError``).

How they run:

* the vanilla LSTM, the GRU and the tanh RNN run on PyTorch's fused kernels;
* so does the 1997 LSTM (``lstm.VARIANTS["LSTM1997"]``), rewritten as a vanilla cell: see
  :func:`fused_parameters_1997`;
* every other LSTM variant, and every LSTM given ``lengths``, runs the compiled time loop
  of :mod:`lstm.nn.kernel.recurrence` (padded batches at the padded batch's speed);
* :func:`step_loop` is the readable definition the compiled loop is tested against; it
  runs what the compiled loop does not cover (a recurrent projection on a variant, tensors
  off the CPU, second-order gradients with ``compiled=False``) and :meth:`LSTM.trace`,
  which records every step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

from lstm.checks import (
    ShapeError,
    check_bool,
    check_float_tensor,
    check_lengths,
    check_positive_int,
    check_shape,
)
from lstm.nn.cells import VANILLA_FLAGS, VARIANTS, LSTMCell, LSTMStep
from lstm.nn.kernel import recurrence

State = Tensor | tuple[Tensor, Tensor]


def reverse_padded(x: Tensor, lengths: Tensor | None) -> Tensor:
    """Reverse each sequence of a batch-first ``x`` within its own length; padding stays put.

    The backward direction of a bidirectional layer must start at each sequence's own last
    valid step, not at the padding. The permutation is its own inverse.
    """
    if lengths is None:
        return x.flip(1)
    time = torch.arange(x.shape[1], device=x.device)
    lengths = lengths.to(x.device).unsqueeze(1)
    source = torch.where(time < lengths, lengths - 1 - time, time)  # (batch, time)
    index = source.unsqueeze(2).expand_as(x)
    return x.gather(1, index)


#: The 1997 cell's switches, which :func:`fused_parameters_1997` maps onto the fused kernel.
FLAGS_1997 = {**VANILLA_FLAGS, **VARIANTS["LSTM1997"]}

#: A forget-gate pre-activation whose sigmoid is exactly 1.0 in floating point (and its
#: derivative exactly 0): the 1997 cell's carousel, which has no forget gate.
OPEN_FORGET_GATE = 1e4


def fused_parameters_1997(parameters: dict[str, Tensor], hidden_size: int) -> dict[str, Tensor]:
    r"""Parameters for ``torch.nn.LSTM`` that make it compute the 1997 cell exactly.

    The 1997 squashing functions are scaled tanh's: :math:`g(x) = 4\sigma(x) - 2 =
    2\tanh(x/2)` and :math:`h(x) = 2\sigma(x) - 1 = \tanh(x/2)` (Hochreiter & Schmidhuber
    1997, appendix A.1). So with the cell-input rows halved and a forget gate held at 1, the
    vanilla cell's state is :math:`c_t / 2`: :math:`c_t/2 = c_{t-1}/2 + i_t \tanh(z_t/2)`
    and :math:`y_t = o_t \tanh(c_t / 2) = o_t\, h(c_t)`. The fused kernel then runs it
    many times faster than the step loop; gradients flow to the 1997 parameters through
    this mapping. ``parameters`` are the 1997 cell's (rows i, g, o), named as in
    ``torch.nn.LSTM``; callers scale the cell state by 1/2 going in and by 2 coming out.
    """
    fused = {}
    for name, value in parameters.items():
        if not name.startswith(("weight_ih", "weight_hh", "bias_ih", "bias_hh")):
            fused[name] = value
            continue
        input_rows, cell_rows, output_rows = value.split(hidden_size)
        forget_rows = torch.zeros_like(input_rows)
        if name.startswith("bias_ih"):
            forget_rows = forget_rows + OPEN_FORGET_GATE
        fused[name] = torch.cat([input_rows, forget_rows, cell_rows / 2, output_rows])
    return fused


def one_hot(symbols: Tensor, size: int, dtype: torch.dtype | None = None) -> Tensor:
    """The one-hot vectors of integer ``symbols``: shape (..., ``size``), of ``dtype`` (by
    default torch's default floating-point type)."""
    return nn.functional.one_hot(symbols, size).to(dtype or torch.get_default_dtype())


def _run_fused(
    kernel: Callable[[object, State | None], tuple[object, State]],
    x: Tensor,
    state: State | None,
    lengths: Tensor | None,
) -> tuple[Tensor, State]:
    """Run a fused PyTorch kernel (batch-first) on ``x``, packing it when lengths are given."""
    if lengths is None:
        return kernel(x, state)
    packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    output, final = kernel(packed, state)
    output, _ = pad_packed_sequence(output, batch_first=True, total_length=x.shape[1])
    return output, final


def _repacked(output: Tensor, like: PackedSequence, lengths: Tensor) -> PackedSequence:
    """A padded batch-first ``output`` packed in the order of ``like``, the packed input."""
    order = like.sorted_indices
    if order is not None:
        output, lengths = output[order], lengths[order.cpu()]
    data = pack_padded_sequence(output, lengths, batch_first=True).data
    return PackedSequence(data, like.batch_sizes, like.sorted_indices, like.unsorted_indices)


def _with_steps(x: Tensor) -> Tensor:
    """``x`` (batch first) if it has at least one time step, as PyTorch's layers require."""
    if x.shape[1] == 0:
        raise ShapeError(f"expected at least one time step, got an input with {x.shape[1]}")
    return x


class _Recurrent:
    """Input and state checks shared by the three layers (attributes as in
    ``torch.nn.RNNBase``)."""

    input_size: int
    hidden_size: int
    num_layers: int
    bias: bool
    batch_first: bool
    bidirectional: bool

    @property
    def num_directions(self) -> int:
        return 2 if self.bidirectional else 1

    def _check_options(self) -> None:
        for name in ("bias", "batch_first", "bidirectional"):
            check_bool(getattr(self, name), name)

    def _checked_input(self, x: object, lengths: object) -> tuple[Tensor, Tensor | None, bool]:
        """Validate ``x`` and ``lengths``; return ``x`` batch-first, lengths as int64, and
        whether ``x`` was one unbatched sequence (then returned as a batch of one).

        ``x`` is real, (batch, time, input_size) in the layout ``batch_first`` sets, or one
        sequence (time, input_size); or integer symbol indices (batch, time) in
        ``0 .. input_size - 1``, which stand for one-hot vectors."""
        layout = ("batch", "time") if self.batch_first else ("time", "batch")
        if isinstance(x, Tensor) and x.dtype in (torch.int32, torch.int64):
            if x.dim() != 2:
                raise TypeError(
                    f"expected a floating-point input of shape ({', '.join(layout)}, "
                    f"{self.input_size}) or symbol indices of shape ({', '.join(layout)}), "
                    f"got dtype {x.dtype} and shape {tuple(x.shape)}"
                )
            if x.numel() and not 0 <= int(x.min()) <= int(x.max()) < self.input_size:
                raise ValueError(
                    f"expected symbol indices in 0..{self.input_size - 1} (input_size "
                    f"{self.input_size}), got values from {int(x.min())} to {int(x.max())}"
                )
            x = x.long()
        else:
            check_float_tensor(x, "input")
            if x.dim() == 2:
                check_shape(x, ("time", self.input_size), "unbatched input")
                if lengths is not None:
                    raise ValueError(
                        "lengths= describes a padded batch, got one unbatched sequence of "
                        f"shape {tuple(x.shape)}"
                    )
                return _with_steps(x.unsqueeze(0)), None, True
            check_shape(x, (*layout, self.input_size), "input")
        if not self.batch_first:
            x = x.transpose(0, 1)
        _with_steps(x)
        if lengths is not None:
            lengths = check_lengths(lengths, batch=x.shape[0], time=x.shape[1])
        return x, lengths, False

    def _checked_state_tensor(
        self, tensor: object, size: int, batch: int, unbatched: bool, name: str
    ) -> Tensor:
        """A state tensor checked against (layers * directions, batch, size), or (layers *
        directions, size) for an unbatched input; returned with its batch dimension."""
        check_float_tensor(tensor, name)
        stack = self.num_layers * self.num_directions
        if unbatched:
            check_shape(tensor, (stack, size), f"{name} (for an unbatched input)")
            return tensor.unsqueeze(1)
        check_shape(tensor, (stack, batch, size), name)
        return tensor

    def _batch_layout(self, output: Tensor) -> Tensor:
        return output if self.batch_first else output.transpose(0, 1)


class LSTM(_Recurrent, nn.Module):
    """A stack of LSTM layers of any variant, with the interface of ``torch.nn.LSTM``.

    ``LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
    dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None, *,
    compiled=True, **cell_flags)``: PyTorch's arguments, in PyTorch's order and with its
    defaults, then ``cell_flags``, the switches of :class:`lstm.nn.cells.LSTMCell` (or
    ``**lstm.VARIANTS[name]``). Dropout, read at every call, is applied to the outputs of
    every layer but the last, never inside the recurrence (Zaremba et al. 2014).
    ``compiled=False`` runs the readable step instead of the compiled time loop: slower,
    but twice differentiable (``create_graph=True``).

    ``forward(x, state=None, lengths=None)`` returns ``(output, (h_n, c_n))``: ``output`` of
    shape (time, batch, directions * output size) (batch first if ``batch_first``), ``h_n``
    and ``c_n`` of shape (layers * directions, batch, size). ``x`` may also be one sequence
    (time, input_size), with states (layers * directions, size), or a ``PackedSequence``,
    as for PyTorch's layer. With full gate recurrence the state is ``(h, c, gates)``, so
    that truncated backpropagation keeps the gates' memory too. With ``lengths``, padded
    steps change neither the final state nor the valid outputs, and the outputs at padded
    steps are zero.

    It is not a subclass of ``torch.nn.LSTM``: the variants' parameters (peepholes, fewer
    gate rows) do not fit that class's layout, so tools that look for it (such as
    ``torch.ao.quantization.quantize_dynamic``) pass it by; copy a vanilla layer's
    ``state_dict`` into ``torch.nn.LSTM`` for them.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        device: torch.device | str | None = None,
        dtype: torch.dtype | None = None,
        *,
        compiled: bool = True,
        **cell_flags: bool,
    ) -> None:
        super().__init__()
        unknown = sorted(set(cell_flags) - set(VANILLA_FLAGS))
        if unknown:
            raise TypeError(
                f"unknown LSTM cell flag(s) {', '.join(unknown)}; expected some of "
                f"{', '.join(VANILLA_FLAGS)}"
            )
        self.input_size = check_positive_int(input_size, "input_size")
        self.hidden_size = check_positive_int(hidden_size, "hidden_size")
        self.num_layers = check_positive_int(num_layers, "num_layers")
        self.bias = bias
        self.batch_first = batch_first
        self.bidirectional = bidirectional
        self._check_options()
        self.compiled = check_bool(compiled, "compiled")
        if isinstance(dropout, bool) or not isinstance(dropout, int | float):
            raise ValueError(f"expected dropout to be a number in [0, 1], got {dropout!r}")
        if not 0 <= dropout <= 1:
            raise ValueError(f"expected dropout to be a number in [0, 1], got {dropout}")
        self.dropout = float(dropout)
        self.proj_size = proj_size
        self.flags = {**VANILLA_FLAGS, **cell_flags}
        # The cells own no parameters of their own here: their parameters are registered
        # on this module under PyTorch's names (weight_ih_l0, ..._reverse), and the cells
        # are kept out of the module tree so state dicts match torch.nn.LSTM's exactly.
        self._cells: list[tuple[LSTMCell, str]] = []
        for layer in range(num_layers):
            for direction in range(self.num_directions):
                cell = LSTMCell(
                    self.layer_input_size(layer),
                    hidden_size,
                    proj_size=proj_size,
                    bias=bias,
                    device=device,
                    dtype=dtype,
                    **cell_flags,
                )
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                for name, parameter in cell.named_parameters():
                    self.register_parameter(name + suffix, parameter)
                self._cells.append((cell, suffix))
        self._weight_names = [name for name, _ in self.named_parameters(remove_duplicate=False)]
        self.output_size = self._cells[0][0].output_size
        self.is_1997 = self.flags == FLAGS_1997
        # The 1997 cell runs fused by holding a forget gate open through its bias.
        self.runs_fused = self.flags == VANILLA_FLAGS or (self.is_1997 and bias)
        if self.runs_fused:
            # Parameter-free templates of PyTorch's module: the fused kernel runs them with
            # our parameters through torch.func.functional_call. The second reads inputs
            # that already hold W_ih x (symbol inputs; see forward).
            def template(width: int, both_ways: bool) -> nn.LSTM:
                return nn.LSTM(
                    width,
                    hidden_size,
                    num_layers,
                    bias=bias,
                    batch_first=True,
                    bidirectional=both_ways,
                    proj_size=proj_size,
                    device="meta",
                )

            self._kernel = (template(input_size, bidirectional),)
            self._projected_kernel = (template(self.weight_ih_l0.shape[0], False),)

    def extra_repr(self) -> str:
        """PyTorch's description, then the switches that differ from the vanilla cell."""
        changed = [f"{k}={v}" for k, v in self.flags.items() if v != VANILLA_FLAGS[k]]
        if not self.compiled:
            changed.append("compiled=False")
        torch_part = nn.RNNBase.extra_repr(self)
        return ", ".join([torch_part, *changed])

    def flatten_parameters(self) -> None:
        """Nothing to do: PyTorch's method packs weights for cuDNN, which runs only on GPUs;
        kept so that code written for ``torch.nn.LSTM`` runs unchanged."""

    def layer_input_size(self, layer: int) -> int:
        """Layer 0 reads the input; every later layer reads both directions' outputs."""
        if layer == 0:
            return self.input_size
        return (self.proj_size or self.hidden_size) * self.num_directions

    def cells(self) -> list[LSTMCell]:
        """The cells in PyTorch's order (layer by layer, forward before reverse).

        Each cell is pointed at this module's current parameters first, read as attributes,
        so that a replaced parameter (``load_state_dict(assign=True)``, ``to_empty``), a
        tied one, or a parametrized one (``torch.nn.utils.parametrize``) is what it uses.
        """
        for cell, suffix in self._cells:
            for name, value in cell._parameters.items():
                if value is not None:
                    cell._parameters[name] = getattr(self, name + suffix)
        return [cell for cell, _ in self._cells]

    def set_gate_bias(self, gate: str, value: float) -> None:
        """Start ``gate`` at bias ``value`` in every cell (see
        :meth:`lstm.nn.cells.LSTMCell.set_gate_bias`)."""
        for cell in self.cells():
            cell.set_gate_bias(gate, value)

    def forward(
        self,
        x: Tensor | PackedSequence,
        state: tuple[Tensor, ...] | None = None,
        lengths: Sequence[int] | Tensor | None = None,
    ) -> tuple[Tensor | PackedSequence, tuple[Tensor, ...]]:
        if isinstance(x, PackedSequence):
            if lengths is not None:
                raise ValueError("a PackedSequence carries its own lengths, got lengths= too")
            padded, lengths = pad_packed_sequence(x, batch_first=True)
            check_float_tensor(padded, "input")
            check_shape(padded, ("batch", "time", self.input_size), "packed input")
            state = self._checked_state(state, padded.shape[0], unbatched=False)
            if self.runs_fused:
                return self._fused(x, state)
            output, final = self._run(padded, state, lengths)
            return _repacked(output, x, lengths), final
        x, lengths, unbatched = self._checked_input(x, lengths)
        state = self._checked_state(state, x.shape[0], unbatched)
        output, final = self._run(x, state, lengths)
        if unbatched:
            return output.squeeze(0), tuple(part.squeeze(1) for part in final)
        return self._batch_layout(output), final

    def _run(
        self, x: Tensor, state: tuple[Tensor, ...] | None, lengths: Tensor | None
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        """The layers on a checked batch-first ``x``: on the fused kernel, or layer by layer."""
        # PyTorch's fused kernel packs a padded batch, which is slow on the CPU: with
        # lengths the compiled loop runs instead, unless a recurrent projection needs it.
        fused = self.runs_fused and (lengths is None or self.proj_size > 0 or not self.compiled)
        if not x.is_floating_point():
            if fused and not self.bidirectional:
                # W_ih times a one-hot vector is a column of W_ih: gather the columns and
                # let an identity stand in for W_ih in the kernel.
                projected = nn.functional.embedding(x, self.weight_ih_l0.t())
                return _run_fused(partial(self._fused, projected=True), projected, state, lengths)
            x = one_hot(x, self.input_size, self.weight_ih_l0.dtype)
        if fused:
            return _run_fused(self._fused, x, state, lengths)
        return self._run_layers(x, state, lengths)

    def _fused(
        self, inputs: object, state: State | None, projected: bool = False
    ) -> tuple[object, State]:
        """torch.nn.LSTM's fused kernel, run with this module's parameters (for the 1997
        cell, mapped by :func:`fused_parameters_1997`, with the cell state halved). With
        ``projected``, ``inputs`` already hold ``W_ih x`` and an identity replaces W_ih."""
        parameters = {name: getattr(self, name) for name in self._weight_names}
        kernel = self._projected_kernel[0] if projected else self._kernel[0]
        kernel.train(self.training)  # the template's own mode would decide its dropout
        kernel.dropout = self.dropout  # and its own rate, set when it was built
        if projected:
            weight = self.weight_ih_l0
            rows = weight.shape[0]
            parameters["weight_ih_l0"] = torch.eye(rows, dtype=weight.dtype, device=weight.device)
        if not self.is_1997:
            return torch.func.functional_call(kernel, parameters, (inputs, state))
        parameters = fused_parameters_1997(parameters, self.hidden_size)
        if state is not None:
            state = (state[0], state[1] / 2)
        output, (h_n, c_n) = torch.func.functional_call(kernel, parameters, (inputs, state))
        return output, (h_n, c_n * 2)

    def trace(
        self, x: Tensor, lengths: Sequence[int] | Tensor | None = None
    ) -> list[dict[str, Tensor]]:
        """Every gate, cell state and output at every step, for plotting the gates at work.

        Returns one dict per cell (PyTorch's order) with tensors of shape (batch, time,
        size) under the names of :class:`lstm.nn.cells.LSTMStep`; absent gates are ones.
        Runs the step-by-step loop even for the vanilla cell (same equations).
        """
        x, lengths, _ = self._checked_input(x, lengths)
        if not x.is_floating_point():
            x = one_hot(x, self.input_size, self.weight_ih_l0.dtype)
        records: list[list[LSTMStep]] = []
        self._run_layers(x, None, lengths, records=records)
        traces = []
        for steps in records:
            trace = {}
            for name in (
                "input_gate",
                "forget_gate",
                "cell_input",
                "output_gate",
                "cell_state",
                "hidden",
            ):
                values = [getattr(step, name) for step in steps]
                reference = steps[0].cell_state
                trace[name] = torch.stack(
                    [torch.ones_like(reference) if isinstance(v, float) else v for v in values], 1
                )
            traces.append(trace)
        return traces

    def _checked_state(
        self, state: object, batch: int, unbatched: bool
    ) -> tuple[Tensor, ...] | None:
        """The initial state checked, with a batch dimension; None for zeros."""
        if state is None:
            return None
        expected = [("h_0", self.output_size), ("c_0", self.hidden_size)]
        if self.flags["full_gate_recurrence"]:
            expected.append(("gates_0", self._cells[0][0].weight_gr.shape[0]))
        if not isinstance(state, tuple | list) or len(state) != len(expected):
            names = ", ".join(name for name, _ in expected)
            raise ValueError(
                f"expected state as a tuple ({names}), got {type(state).__name__}"
                + (f" of length {len(state)}" if isinstance(state, tuple | list) else "")
            )
        return tuple(
            self._checked_state_tensor(tensor, size, batch, unbatched, f"state {name}")
            for tensor, (name, size) in zip(state, expected, strict=True)
        )

    def _run_layers(
        self,
        x: Tensor,
        state: tuple[Tensor, ...] | None,
        lengths: Tensor | None,
        records: list[list[LSTMStep]] | None = None,
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        """The variants' path: layer after layer, each direction by :meth:`_run_direction`.

        The state is ``(h, c)``, and for full gate recurrence ``(h, c, gates)``: the
        gates of the last step feed the next call's first step, as they feed every step.
        """
        cells = self.cells()
        finals: list[tuple[Tensor, ...]] = []
        layer_input = x
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(self.num_directions):
                index = layer * self.num_directions + direction
                cell = cells[index]
                initial = cell.initial_state(x.shape[0], x)
                if state is not None:
                    initial = tuple(part[index] for part in state)
                steps = [] if records is not None else None
                output, final = self._run_direction(
                    cell, layer_input, initial, lengths, reverse=direction == 1, steps=steps
                )
                if records is not None:
                    records.append(steps)
                outputs.append(output)
                finals.append(final)
            layer_input = torch.cat(outputs, dim=2)
            if layer < self.num_layers - 1 and self.dropout > 0:
                layer_input = nn.functional.dropout(layer_input, self.dropout, self.training)
        return layer_input, tuple(torch.stack(parts) for parts in zip(*finals, strict=True))

    def _run_direction(
        self,
        cell: LSTMCell,
        x: Tensor,
        state: tuple[Tensor, ...],
        lengths: Tensor | None,
        *,
        reverse: bool,
        steps: list[LSTMStep] | None = None,
    ) -> tuple[Tensor, tuple[Tensor, ...]]:
        """Unroll ``cell`` over a batch-first ``x``, backwards in time if ``reverse``.

        The compiled loop runs when it covers the cell and the tensors; :func:`step_loop`
        otherwise, when the layer was built with ``compiled=False``, and whenever ``steps``
        asks for every step to be recorded.
        """
        if reverse:
            x = reverse_padded(x, lengths)
        if steps is None and self.compiled and recurrence.supports(cell, x):
            output, state = recurrence.run(cell, x, state, lengths)
        else:
            output, state = step_loop(cell, x, state, lengths, steps)
        if reverse:
            output = reverse_padded(output, lengths)
        return output, state


def step_loop(
    cell: LSTMCell,
    x: Tensor,
    state: tuple[Tensor, ...],
    lengths: Tensor | None,
    steps: list[LSTMStep] | None = None,
) -> tuple[Tensor, tuple[Tensor, ...]]:
    """Unroll ``cell`` over a batch-first ``x`` step by step: the readable definition.

    The input's share of every block for all steps is one matrix product; then each step
    is :meth:`lstm.nn.cells.LSTMCell.step`. Past a sequence's length the state is carried
    unchanged and the output is zero. Each step's :class:`~lstm.nn.cells.LSTMStep` is
    appended to ``steps`` when it is given.
    """
    projected = cell.project_input(x)  # (batch, time, blocks * hidden): one GEMM
    valid = None
    if lengths is not None:
        valid = (torch.arange(x.shape[1]) < lengths.unsqueeze(1)).to(x.device)
    outputs = []
    for t in range(x.shape[1]):
        step = cell.step(projected[:, t], state)
        if steps is not None:
            steps.append(step)
        if valid is None:
            state, output = step.state, step.hidden
        else:
            keep = valid[:, t].unsqueeze(1)
            state = tuple(
                torch.where(keep, new, old) for new, old in zip(step.state, state, strict=True)
            )
            output = torch.where(keep, step.hidden, 0.0)
        outputs.append(output)
    return torch.stack(outputs, dim=1), state


class _FusedBaseline(_Recurrent):
    """``lengths``, symbol inputs and checks for the subclasses of ``nn.GRU`` / ``nn.RNN``,
    which take PyTorch's constructor arguments unchanged."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        check_positive_int(self.input_size, "input_size")
        check_positive_int(self.hidden_size, "hidden_size")
        check_positive_int(self.num_layers, "num_layers")
        self._check_options()

    def forward(
        self,
        x: Tensor | PackedSequence,
        state: Tensor | None = None,
        lengths: Sequence[int] | Tensor | None = None,
    ) -> tuple[Tensor | PackedSequence, Tensor]:
        if isinstance(x, PackedSequence):
            if lengths is not None:
                raise ValueError("a PackedSequence carries its own lengths, got lengths= too")
            return super().forward(x, state)
        batch_first_x, lengths, unbatched = self._checked_input(x, lengths)
        if not x.is_floating_point():
            return self.forward(
                one_hot(x, self.input_size, self.weight_ih_l0.dtype), state, lengths
            )
        if state is not None:
            self._checked_state_tensor(
                state, self.hidden_size, batch_first_x.shape[0], unbatched, "state h_0"
            )
        if lengths is None:
            return super().forward(x, state)
        output, final = _run_fused(super().forward, batch_first_x, state, lengths)
        return self._batch_layout(output), final


class GRU(_FusedBaseline, nn.GRU):
    """``torch.nn.GRU`` (Cho et al. 2014) with ``lengths=``, symbol inputs and clearer checks."""


class RNN(_FusedBaseline, nn.RNN):
    """``torch.nn.RNN`` (tanh or ReLU units) with ``lengths=``, symbol inputs and clearer
    checks."""
