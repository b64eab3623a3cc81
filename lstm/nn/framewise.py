"""Networks that label every frame of a sequence, and networks of equal size.

Graves & Schmidhuber (2005) compare five kinds of framewise classifier on speech, each
with about the same number of weights: a multilayer perceptron that sees one frame or a
window of frames (:class:`FramewiseMLP`), a tanh RNN and an LSTM that read the frames in
order, and their bidirectional forms, which read the whole sequence both ways.
:func:`framewise_network` builds any of them; :func:`hidden_size_for` finds the hidden
size that gives a network a budget of weights.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor, nn

from lstm.checks import check_positive_int
from lstm.nn.layers import LSTM, RNN
from lstm.nn.models import Readout

KINDS = ("mlp", "rnn", "lstm", "brnn", "blstm")
_RECURRENT = {
    "rnn": (RNN, False),
    "lstm": (LSTM, False),
    "brnn": (RNN, True),
    "blstm": (LSTM, True),
}


class FramewiseMLP(nn.Module):
    """A multilayer perceptron that classifies each frame from a window of frames.

    The input at frame ``t`` is frames ``t - window .. t + window`` side by side (zeros
    beyond either end of the sequence), then one tanh hidden layer of ``hidden_size``
    units, then ``output_size`` outputs. ``window=0``: the frame alone.
    """

    def __init__(
        self, input_size: int, hidden_size: int, output_size: int, window: int = 0
    ) -> None:
        super().__init__()
        check_positive_int(input_size, "input_size")
        check_positive_int(hidden_size, "hidden_size")
        check_positive_int(output_size, "output_size")
        if isinstance(window, bool) or not isinstance(window, int) or window < 0:
            raise ValueError(f"expected window as an int >= 0, got {window!r}")
        self.input_size, self.window = input_size, window
        self.hidden = nn.Linear(input_size * (2 * window + 1), hidden_size)
        self.read = nn.Linear(hidden_size, output_size)

    def forward(self, x: Tensor, lengths: Tensor | None = None) -> Tensor:
        """(batch, time, input_size) -> (batch, time, output_size); padding must be zeros
        (``lengths`` is accepted, as the recurrent nets take it, and not needed)."""
        if not isinstance(x, Tensor) or x.dim() != 3 or x.shape[2] != self.input_size:
            shape = tuple(x.shape) if isinstance(x, Tensor) else type(x).__name__
            raise ValueError(
                f"expected input of shape (batch, time, {self.input_size}), got {shape}"
            )
        if self.window:
            padded = nn.functional.pad(x, (0, 0, self.window, self.window))
            x = padded.unfold(1, 2 * self.window + 1, 1).transpose(2, 3).flatten(2)
        return self.read(torch.tanh(self.hidden(x)))


def framewise_network(
    kind: str, input_size: int, hidden_size: int, output_size: int, window: int = 0
) -> nn.Module:
    """A framewise classifier of ``kind`` (one of :data:`KINDS`) with ``hidden_size``
    units per direction, mapping (batch, time, input_size) to (batch, time, output_size).

    ``"mlp"``: :class:`FramewiseMLP` with ``window``; the recurrent kinds: one layer of
    :class:`lstm.RNN` (tanh) or :class:`lstm.LSTM`, bidirectional for ``"brnn"`` /
    ``"blstm"``, read out at every frame by :class:`lstm.nn.models.Readout`.
    """
    if kind not in KINDS:
        raise ValueError(f"expected a network kind from {KINDS}, got {kind!r}")
    if kind == "mlp":
        return FramewiseMLP(input_size, hidden_size, output_size, window)
    if window:
        raise ValueError(f"expected window 0 for a recurrent net ({kind}), got {window}")
    layer, bidirectional = _RECURRENT[kind]
    recurrent = layer(input_size, hidden_size, batch_first=True, bidirectional=bidirectional)
    return Readout(recurrent, output_size)


def count_parameters(model: nn.Module) -> int:
    """The number of trainable weights (biases included) of ``model``."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"expected a torch.nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def hidden_size_for(parameters: int, build: Callable[[int], nn.Module]) -> int:
    """The hidden size whose network ``build(hidden_size)`` has the number of trainable
    weights closest to ``parameters`` (the smaller size on a tie), so that networks of
    different kinds can be compared at one size. The weight count must grow with the
    hidden size, as it does for every network here."""
    if isinstance(parameters, bool) or not isinstance(parameters, int) or parameters < 100:
        raise ValueError(f"expected parameters as an int >= 100, got {parameters!r}")
    if not callable(build):
        raise TypeError(f"expected build to be callable, got {type(build).__name__}")

    def size(hidden: int) -> int:
        return count_parameters(build(hidden))

    low, high = 1, 1
    while size(high) < parameters:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if size(middle) < parameters else (low, middle)
    return min((low, high), key=lambda h: abs(size(h) - parameters))
