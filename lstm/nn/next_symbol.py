"""A character-level language model: embedding, recurrent layer, next-symbol read-out."""

from __future__ import annotations

import torch
from torch import Tensor, nn

from lstm.checks import check_positive_int


class NextSymbol(nn.Module):
    """A character-level language model: each symbol is embedded in ``recurrent``'s input
    size, the recurrent layer reads the sequence, and a linear read-out gives the logits of
    the next symbol at every step.

    ``recurrent`` is any single-direction layer of the package (``LSTM``, ``GRU``, ``RNN``,
    :class:`lstm.nn.evolved.MUT`). The embedding lets cells whose equations add the input
    to a hidden-sized vector (MUT1, MUT2) read symbols (Jozefowicz et al. 2015).
    """

    def __init__(self, recurrent: nn.Module, symbols: int) -> None:
        super().__init__()
        self.symbols = check_positive_int(symbols, "symbols")
        if getattr(recurrent, "bidirectional", False):
            raise ValueError(
                "expected a single-direction recurrent layer (a bidirectional one would see "
                "the symbol it must predict), got a bidirectional one"
            )
        self.embed = nn.Embedding(symbols, recurrent.input_size)
        self.recurrent = recurrent
        self.read = nn.Linear(getattr(recurrent, "output_size", recurrent.hidden_size), symbols)

    def forward(self, symbols: Tensor) -> Tensor:
        """Logits (batch, time, symbols) of the next symbol at every step, for ``symbols``
        (batch, time), int64 indices in ``0 .. symbols - 1``."""
        if not isinstance(symbols, Tensor) or symbols.dtype != torch.int64 or symbols.dim() != 2:
            arrived = (
                f"dtype {symbols.dtype} and shape {tuple(symbols.shape)}"
                if isinstance(symbols, Tensor)
                else type(symbols).__name__
            )
            raise TypeError(f"expected symbols as an int64 tensor (batch, time), got {arrived}")
        if symbols.numel() and not 0 <= int(symbols.min()) <= int(symbols.max()) < self.symbols:
            raise ValueError(
                f"expected symbol indices in 0..{self.symbols - 1}, got values from "
                f"{int(symbols.min())} to {int(symbols.max())}"
            )
        output, _ = self.recurrent(self.embed(symbols))
        return self.read(output)
