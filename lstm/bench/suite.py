"""What the benchmark measures: every LSTM variant's layer against ``torch.nn.LSTM``.

For each case, the paths compared are timed in interleaved rounds
(:func:`lstm.bench.measure.interleaved_medians`): the forward pass and a forward and
backward pass, plus the memory kept for the backward pass and the operation count.

* ``shapes``: every variant (and the GRU) at four (batch, time, input, hidden) shapes,
  by the layer's default path, by the readable step loop and by PyTorch's kernel;
* ``T`` and ``H``: Greff's vanilla LSTM (peepholes) and the vanilla LSTM over sequence
  length and layer width, for the figures of time against T and H;
* ``lengths``: variable-length batches (lengths spread evenly over [T/2, T]) against the
  padded batch, for our layers and for PyTorch's packed sequences.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import nn

from lstm.bench import measure
from lstm.nn.cells import VARIANTS
from lstm.nn.layers import GRU, LSTM, step_loop

#: (batch, time, input, hidden)
Shape = tuple[int, int, int, int]


@dataclass(frozen=True)
class Sizes:
    """The shapes of one benchmark run."""

    shapes: tuple[Shape, ...]
    sweep_t: tuple[Shape, ...]
    sweep_h: tuple[Shape, ...]
    lengths: Shape


FULL = Sizes(
    shapes=((1, 100, 128, 128), (8, 50, 32, 64), (32, 100, 128, 256), (64, 100, 512, 512)),
    sweep_t=tuple((32, t, 128, 128) for t in (25, 50, 100, 200, 400)),
    sweep_h=tuple((32, 100, h, h) for h in (64, 128, 256, 512, 1024)),
    lengths=(32, 100, 128, 256),
)
QUICK = Sizes(
    shapes=((2, 5, 3, 4),),
    sweep_t=((2, 3, 3, 4), (2, 6, 3, 4)),
    sweep_h=((2, 4, 3, 3), (2, 4, 6, 6)),
    lengths=(4, 6, 3, 4),
)

#: The variants of the lengths comparison: the fused vanilla cell and two compiled ones.
LENGTH_VARIANTS = ("vanilla", "greff_vanilla", "CIFG")
SWEEP_VARIANTS = ("vanilla", "greff_vanilla")


def forward_flops(shape: Shape, rows: int, feedback: int = 0) -> int:
    """Multiply-adds, counted as two operations, of one layer's forward pass: the input
    and recurrent products of ``rows`` gate rows, plus full gate recurrence's
    ``feedback`` x ``feedback`` product per step."""
    batch, time, inputs, hidden = shape
    return 2 * batch * time * (rows * (inputs + hidden) + feedback * feedback)


def _lstm_paths(variant: str, shape: Shape, loop: bool) -> tuple[dict, dict]:
    """The paths for ``variant`` at ``shape`` and their forward operation counts."""
    batch, time, inputs, hidden = shape
    torch.manual_seed(0)
    x = torch.randn(batch, time, inputs, requires_grad=True)
    reference = nn.LSTM(inputs, hidden, batch_first=True)
    layer = LSTM(inputs, hidden, batch_first=True, **VARIANTS[variant])
    cell = layer.cells()[0]
    feedback = cell.weight_gr.shape[0] if cell.flags["full_gate_recurrence"] else 0
    paths = {"torch": lambda: reference(x)[0], "layer": lambda: layer(x)[0]}
    flops = {"torch": forward_flops(shape, 4 * hidden), "layer": 0}
    flops["layer"] = forward_flops(shape, cell.weight_ih.shape[0], feedback)
    if loop:
        paths["step loop"] = lambda: step_loop(cell, x, cell.initial_state(batch, x), None)[0]
        flops["step loop"] = flops["layer"]
    return paths, flops


def _gru_paths(shape: Shape) -> tuple[dict, dict]:
    batch, time, inputs, hidden = shape
    torch.manual_seed(0)
    x = torch.randn(batch, time, inputs, requires_grad=True)
    reference = nn.GRU(inputs, hidden, batch_first=True)
    layer = GRU(inputs, hidden, batch_first=True)
    count = forward_flops(shape, 3 * hidden)
    paths = {"torch": lambda: reference(x)[0], "layer": lambda: layer(x)[0]}
    return paths, {"torch": count, "layer": count}


def _length_paths(variant: str, shape: Shape) -> tuple[dict, dict]:
    batch, time, inputs, hidden = shape
    torch.manual_seed(0)
    x = torch.randn(batch, time, inputs, requires_grad=True)
    lengths = torch.linspace(time // 2, time, batch).round().long()
    reference = nn.LSTM(inputs, hidden, batch_first=True)
    layer = LSTM(inputs, hidden, batch_first=True, **VARIANTS[variant])

    def packed():
        sequences = nn.utils.rnn.pack_padded_sequence(
            x, lengths, batch_first=True, enforce_sorted=False
        )
        output, _ = reference(sequences)
        return nn.utils.rnn.pad_packed_sequence(output, batch_first=True)[0]

    paths = {
        "layer, padded": lambda: layer(x)[0],
        "layer, lengths": lambda: layer(x, lengths=lengths)[0],
        "torch, padded": lambda: reference(x)[0],
        "torch, packed": packed,
    }
    count = forward_flops(shape, layer.cells()[0].weight_ih.shape[0])
    return paths, dict.fromkeys(paths, count)


def cases(sizes: Sizes) -> Iterator[tuple[str, Shape, str, dict, dict]]:
    """(group, shape, model, paths, forward operation counts) of every case."""
    for shape in sizes.shapes:
        for variant in VARIANTS:
            yield ("shapes", shape, variant, *_lstm_paths(variant, shape, loop=True))
        yield ("shapes", shape, "GRU", *_gru_paths(shape))
    for group, shapes in (("T", sizes.sweep_t), ("H", sizes.sweep_h)):
        for shape in shapes:
            for variant in SWEEP_VARIANTS:
                yield (group, shape, variant, *_lstm_paths(variant, shape, loop=False))
    for variant in LENGTH_VARIANTS:
        yield ("lengths", sizes.lengths, variant, *_length_paths(variant, sizes.lengths))


def run(sizes: Sizes = FULL, rounds: int = 5, progress=None) -> list[dict[str, object]]:
    """Every measurement, one dict per (case, path)."""
    rows = []
    for group, shape, model, paths, flops in cases(sizes):
        if progress is not None:
            progress(f"{group} {model} {shape}")
        forward = measure.interleaved_medians(paths, measure.forward, rounds)
        both = measure.interleaved_medians(paths, measure.forward_backward, rounds)
        for name, path in paths.items():
            rows.append(
                {
                    "group": group,
                    "shape": list(shape),
                    "model": model,
                    "path": name,
                    "forward_s": forward[name],
                    "forward_backward_s": both[name],
                    "saved_bytes": measure.saved_bytes(path),
                    "forward_flops": flops[name],
                }
            )
    return rows
