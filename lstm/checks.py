"""Input checks shared by the cells and layers.

Every check raises an error that says what was expected and what arrived, so a user
sees ``expected input of shape (batch, time, 8), got (32, 8)`` instead of a traceback
from deep inside torch.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


class ShapeError(ValueError, RuntimeError):
    """A tensor of the wrong shape. Both a ``ValueError`` and, as PyTorch's layers raise for
    shapes, a ``RuntimeError``, so code written to catch either catches it."""


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is a bool; a string such as ``"False"`` would read as true."""
    if not isinstance(value, bool):
        raise TypeError(f"expected {name} to be a bool, got {type(value).__name__} {value!r}")
    return value


def check_positive_int(value: object, name: str) -> int:
    """Return ``value`` if it is a positive int, else raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected {name} to be a positive int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"expected {name} to be a positive int, got {value}")
    return value


def check_float_tensor(x: object, name: str) -> torch.Tensor:
    """Recurrent nets compute with real numbers: reject non-tensors and integer tensors."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"expected {name} to be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(
            f"expected {name} to be a floating-point tensor, got dtype {x.dtype} "
            f"(convert it with .float())"
        )
    return x


def check_shape(x: torch.Tensor, expected: Sequence[int | str], name: str) -> None:
    """Compare ``x.shape`` with ``expected``; a string entry (e.g. ``"batch"``) matches any size."""
    shape = tuple(x.shape)
    fits = len(shape) == len(expected) and all(
        isinstance(want, str) or got == want for got, want in zip(shape, expected, strict=False)
    )
    if not fits:
        described = ", ".join(str(want) for want in expected)
        raise ShapeError(f"expected {name} of shape ({described}), got {shape}")


def check_lengths(lengths: object, batch: int, time: int) -> torch.Tensor:
    """Validate per-sequence lengths of a padded batch and return them as an int64 CPU tensor."""
    if isinstance(lengths, torch.Tensor):
        if lengths.is_floating_point() or lengths.is_complex():
            raise TypeError(f"expected lengths of an integer dtype, got dtype {lengths.dtype}")
        lengths = lengths.detach().to("cpu", torch.int64)
    else:
        try:
            lengths = torch.as_tensor(list(lengths), dtype=torch.int64)
        except (TypeError, ValueError):
            raise TypeError(
                f"expected lengths as a sequence of ints, got {type(lengths).__name__}"
            ) from None
    if lengths.shape != (batch,):
        raise ValueError(
            f"expected one length per sequence, shape ({batch},), got {tuple(lengths.shape)}"
        )
    if len(lengths) and (lengths.min() < 1 or lengths.max() > time):
        raise ValueError(
            f"expected every length in [1, {time}] (the padded time dimension), "
            f"got values from {int(lengths.min())} to {int(lengths.max())}"
        )
    return lengths
