r"""A character-level language model: how it reads text, is scored, and writes text.

:class:`CharModel` reads characters (as integer symbols) and gives, at every step, the
logits of the next character. It covers the models of the text chapter:

* the seed's Keras model (the Analytics Vidhya article): every character fed as one
  number, its code divided by the alphabet size (``encoding="scalar"``), two LSTM layers
  of 300 with dropout 0.2 after each, a softmax read-out, trained to predict the
  character after a window of 50 (:func:`window_batch`);
* Karpathy, Johnson & Fei-Fei (2015)'s char-rnn: one-hot characters
  (``encoding="one_hot"``), stacked LSTM, GRU or tanh RNN layers (``cell=``), trained to
  predict every next character of a window (:func:`sequence_batch`);
* Zaremba, Sutskever & Vinyals (2014)'s dropout: ``dropout`` drops the non-recurrent
  connections only, between layers and before the read-out,

  .. math:: h^{l}_t = \mathrm{LSTM}(D(h^{l-1}_t), h^{l}_{t-1}, c^{l}_{t-1}),
            \qquad y_t = W D(h^{L}_t) + b,

  where :math:`D` zeroes each unit with probability ``dropout`` (and scales the rest by
  :math:`1 / (1 - p)`); ``recurrent_dropout`` also drops :math:`h^{l}_{t-1}` where it
  re-enters the layer, with a fresh mask at every step: the naive dropout that the paper
  argues against.

:func:`bits_per_char` scores a text, :func:`sample` writes one; the temperature
:math:`\tau` divides the logits before the softmax, :math:`p_i \propto \exp(z_i / \tau)`
(Karpathy et al. 2015), and :math:`\tau = 0` takes the most likely character (argmax).
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn

from lstm.checks import check_positive_int
from lstm.nn import layers

ENCODINGS = ("one_hot", "scalar")
CELLS = {"lstm": layers.LSTM, "gru": layers.GRU, "tanh": layers.RNN}

State = list


def _check_rate(value: object, name: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1:
        raise ValueError(f"expected {name} in [0, 1), got {value!r}")
    return float(value)


def check_symbols(symbols: object, alphabet: int | None, dims: int = 2) -> Tensor:
    """``symbols`` as given, once checked: an int64 tensor of ``dims`` dimensions with
    values in ``0 .. alphabet - 1`` (any values >= 0 when ``alphabet`` is None)."""
    if not isinstance(symbols, Tensor) or symbols.dtype != torch.int64 or symbols.dim() != dims:
        arrived = (
            f"dtype {symbols.dtype} and shape {tuple(symbols.shape)}"
            if isinstance(symbols, Tensor)
            else type(symbols).__name__
        )
        shape = "(batch, time)" if dims == 2 else "(time,)"
        raise TypeError(f"expected symbols as an int64 tensor {shape}, got {arrived}")
    top = math.inf if alphabet is None else alphabet
    if symbols.numel() and not 0 <= int(symbols.min()) <= int(symbols.max()) < top:
        raise ValueError(
            f"expected symbol indices in 0..{top - 1}, got values from "
            f"{int(symbols.min())} to {int(symbols.max())}"
        )
    return symbols


class CharModel(nn.Module):
    """Characters in, next-character logits out: ``num_layers`` recurrent layers of
    ``hidden_size`` units with dropout between them and before a linear read-out.

    ``CharModel(alphabet, hidden_size, num_layers=2, cell="lstm", encoding="one_hot",
    dropout=0.0, recurrent_dropout=0.0)``; ``recurrent_dropout`` needs ``cell="lstm"``.
    """

    def __init__(
        self,
        alphabet: int,
        hidden_size: int,
        num_layers: int = 2,
        *,
        cell: str = "lstm",
        encoding: str = "one_hot",
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
    ) -> None:
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"expected cell in {', '.join(CELLS)}, got {cell!r}")
        if encoding not in ENCODINGS:
            raise ValueError(f"expected encoding in {', '.join(ENCODINGS)}, got {encoding!r}")
        self.alphabet = check_positive_int(alphabet, "alphabet")
        self.hidden_size = check_positive_int(hidden_size, "hidden_size")
        self.num_layers = check_positive_int(num_layers, "num_layers")
        self.cell = cell
        self.encoding = encoding
        self.dropout = _check_rate(dropout, "dropout")
        self.recurrent_dropout = _check_rate(recurrent_dropout, "recurrent_dropout")
        if self.recurrent_dropout and cell != "lstm":
            raise ValueError(f"recurrent_dropout is offered for cell='lstm' only, got {cell!r}")
        first = 1 if encoding == "scalar" else alphabet
        self.layers = nn.ModuleList(
            CELLS[cell](first if layer == 0 else hidden_size, hidden_size, batch_first=True)
            for layer in range(num_layers)
        )
        self.read = nn.Linear(hidden_size, alphabet)

    def settings(self) -> dict:
        """The constructor's arguments, to rebuild the model (``CharModel(**settings)``)."""
        return {
            "alphabet": self.alphabet,
            "hidden_size": self.hidden_size,
            "num_layers": self.num_layers,
            "cell": self.cell,
            "encoding": self.encoding,
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
        }

    def encode(self, symbols: Tensor) -> Tensor:
        """The first layer's input: one-hot vectors (batch, time, alphabet), or each
        symbol as one number, ``symbol / alphabet``, shape (batch, time, 1)."""
        if self.encoding == "one_hot":
            return layers.one_hot(symbols, self.alphabet)
        return (symbols.to(torch.get_default_dtype()) / self.alphabet).unsqueeze(-1)

    def forward(self, symbols: Tensor, state: State | None = None) -> tuple[Tensor, State]:
        """Logits (batch, time, alphabet) of the next character at every step of
        ``symbols`` (batch, time), and each layer's final state, to carry on reading."""
        check_symbols(symbols, self.alphabet)
        if state is not None and len(state) != self.num_layers:
            raise ValueError(
                f"expected a state of {self.num_layers} layers, got one of {len(state)}"
            )
        x = self.encode(symbols)
        finals = []
        for index, layer in enumerate(self.layers):
            initial = None if state is None else state[index]
            if self.recurrent_dropout and self.training:
                x, final = self._naive(layer, x, initial)
            else:
                x, final = layer(x, initial)
            finals.append(final)
            x = nn.functional.dropout(x, self.dropout, self.training)
        return self.read(x), finals

    def _naive(self, layer: layers.LSTM, x: Tensor, state: tuple | None) -> tuple[Tensor, tuple]:
        """One LSTM layer step by step, its previous output dropped at every step."""
        (cell,) = layer.cells()
        if not x.is_floating_point():
            x = layers.one_hot(x, layer.input_size)
        h, c = cell.initial_state(x.shape[0], x) if state is None else (state[0][0], state[1][0])
        projected = cell.project_input(x)
        outputs = []
        for t in range(x.shape[1]):
            h = nn.functional.dropout(h, self.recurrent_dropout, True)
            step = cell.step(projected[:, t], (h, c))
            (h, c), output = step.state, step.hidden
            outputs.append(output)
        return torch.stack(outputs, dim=1), (h.unsqueeze(0), c.unsqueeze(0))

    def cell_states(self, symbols: Tensor) -> list[Tensor]:
        """Every LSTM layer's cell states :math:`c_t` while reading ``symbols`` (batch,
        time): one tensor (batch, time, hidden_size) per layer, in eval mode."""
        check_symbols(symbols, self.alphabet)
        if self.cell != "lstm":
            raise ValueError(f"cell states exist for cell='lstm' only, got {self.cell!r}")
        x, states = self.encode(symbols), []
        with torch.no_grad():
            for layer in self.layers:
                (trace,) = layer.trace(x)
                states.append(trace["cell_state"])
                x = trace["hidden"]
        return states


def sequence_batch(text: Tensor, batch: int, length: int, generator: torch.Generator):
    """``batch`` windows of ``length + 1`` characters from random places of ``text`` (1-D
    symbols): inputs (batch, length) and the next character at every step as targets."""
    check_symbols(text, None, dims=1)
    if text.numel() < length + 1:
        raise ValueError(f"expected a text of at least {length + 1} characters, got {len(text)}")
    starts = torch.randint(0, text.numel() - length, (batch,), generator=generator)
    windows = torch.stack([text[s : s + length + 1] for s in starts.tolist()])
    return windows[:, :-1], windows[:, 1:]


def window_batch(text: Tensor, batch: int, length: int, generator: torch.Generator):
    """The seed's training examples: ``batch`` windows of ``length`` characters from
    random places of ``text``, and as target only the character that follows each,
    shape (batch, 1)."""
    inputs, targets = sequence_batch(text, batch, length, generator)
    return inputs, targets[:, -1:]


def loss(model: CharModel, batch: tuple[Tensor, Tensor]) -> Tensor:
    """Cross-entropy (nats) of the targets; with one target per window (the seed's) only
    the last step's prediction is scored."""
    inputs, targets = batch
    logits, _ = model(inputs)
    logits = logits[:, -targets.shape[1] :]
    return nn.functional.cross_entropy(logits.reshape(-1, model.alphabet), targets.reshape(-1))


def bits_per_char(
    model: CharModel, text: Tensor, *, window: int | None = None, streams: int = 8
) -> float:
    """The mean of :math:`-\\log_2 p(x_t \\mid x_{<t})` over ``text`` (1-D symbols).

    Without ``window`` the model reads on, carrying its state: the text is cut into
    ``streams`` contiguous parts read side by side, and every character but the first of
    each part is scored. With ``window`` (the seed's way), each character from position
    ``window`` on is predicted from the ``window`` characters before it, from a fresh
    state.
    """
    check_symbols(text, model.alphabet, dims=1)
    if window is not None and len(text) <= check_positive_int(window, "window"):
        raise ValueError(f"expected more than {window} characters, got {len(text)}")
    was_training = model.training
    model.eval()
    with torch.no_grad():
        if window is not None:
            windows = text.unfold(0, window + 1, 1)
            total = 0.0
            for part in windows.split(512):
                logits, _ = model(part[:, :-1])
                total += float(
                    nn.functional.cross_entropy(logits[:, -1], part[:, -1], reduction="sum")
                )
            count = len(windows)
        else:
            streams = check_positive_int(streams, "streams")
            length = len(text) // streams
            if length < 2:
                raise ValueError(f"expected at least {2 * streams} characters, got {len(text)}")
            rows = text[: streams * length].view(streams, length)
            logits, _ = model(rows[:, :-1])
            total = float(
                nn.functional.cross_entropy(
                    logits.reshape(-1, model.alphabet), rows[:, 1:].reshape(-1), reduction="sum"
                )
            )
            count = streams * (length - 1)
    model.train(was_training)
    return total / count / math.log(2)


def sample(
    model: CharModel,
    prompt: Tensor,
    length: int,
    *,
    temperature: float = 1.0,
    window: int | None = None,
    generator: torch.Generator | None = None,
) -> Tensor:
    """``length`` characters written by ``model`` after ``prompt`` (1-D symbols, at
    least one).

    Each character is drawn from the softmax of the logits divided by ``temperature``,
    or, at ``temperature=0``, is the most likely one (greedy, the seed's argmax). Without
    ``window`` the model reads on, carrying its state; with ``window`` (the seed's way)
    each character is predicted from the last ``window`` characters, from a fresh state.
    """
    check_symbols(prompt, model.alphabet, dims=1)
    if not len(prompt):
        raise ValueError("expected a prompt of at least one character, got none")
    check_positive_int(length, "length")
    if not isinstance(temperature, int | float) or not 0 <= temperature < math.inf:
        raise ValueError(f"expected a temperature >= 0, got {temperature!r}")
    was_training = model.training
    model.eval()
    written = prompt.tolist()
    with torch.no_grad():
        if window is None:
            logits, state = model(prompt.unsqueeze(0))
        for _ in range(length):
            if window is not None:
                logits, _ = model(torch.tensor([written[-window:]]))
            last = logits[0, -1]
            if temperature == 0:
                symbol = int(last.argmax())
            else:
                probabilities = torch.softmax(last / temperature, dim=0)
                symbol = int(torch.multinomial(probabilities, 1, generator=generator))
            written.append(symbol)
            if window is None:
                logits, state = model(torch.tensor([[symbol]]), state)
    model.train(was_training)
    return torch.tensor(written[len(prompt) :])
