"""Timing rules: one process, interleaved rounds, medians; and what a run keeps in memory.

Paths that are compared are timed in turn within every round (A, B, C, A, B, C, ...), so
that a slower stretch of a shared machine falls on all of them alike, and each path's
figure is the median over rounds. With one thread the clock is the process's CPU time
(:func:`clock`): the time the work took, without the time another process held the core.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable, Mapping

import torch
from torch import Tensor

from lstm.reproduce import results

#: A path under test: runs the forward pass and returns what the loss is summed over.
Path = Callable[[], Tensor]


def forward_backward(path: Path) -> None:
    """One training step's worth of work: the forward pass, then the backward pass."""
    path().sum().backward()


def forward(path: Path) -> None:
    """The forward pass as training runs it (recording what the backward pass needs)."""
    path()


def clock() -> tuple[str, Callable[[], float]]:
    """The clock to time with, and its name: the process's CPU time when PyTorch runs one
    thread (all work then happens on the timed thread), else wall time."""
    if torch.get_num_threads() == 1:
        return "process CPU time", time.process_time
    return "wall time", time.perf_counter


def interleaved_medians(
    paths: Mapping[str, Path], work: Callable[[Path], None], rounds: int, warmup: int = 1
) -> dict[str, float]:
    """The median time (by :func:`clock`), in seconds, of ``work(path)`` for every path,
    over ``rounds`` rounds in each of which every path runs once, in order (after ``warmup``
    untimed ones)."""
    if rounds < 1 or warmup < 0:
        raise ValueError(f"expected rounds >= 1 and warmup >= 0, got {rounds} and {warmup}")
    for _ in range(warmup):
        for path in paths.values():
            work(path)
    _, now = clock()
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(rounds):
        for name, path in paths.items():
            start = now()
            work(path)
            times[name].append(now() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def saved_bytes(path: Path) -> int:
    """Bytes of the tensors the forward pass keeps for the backward pass (each storage
    counted once, parameters included): the memory a training step holds at its peak,
    beside the batch itself."""
    storages: dict[int, int] = {}

    def pack(tensor: Tensor) -> Tensor:
        storage = tensor.untyped_storage()
        storages[storage.data_ptr()] = storage.nbytes()
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        path()
    return sum(storages.values())


def matmul_gflops(size: int = 1024, rounds: int = 5) -> float:
    """This machine's practical peak: GF/s of one ``size`` x ``size`` float32 matrix
    product (2 size^3 operations), median over ``rounds``."""
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(size, size, generator=generator)
    b = torch.randn(size, size, generator=generator)
    seconds = interleaved_medians({"matmul": lambda: a @ b}, lambda path: path(), rounds)
    return 2 * size**3 / seconds["matmul"] / 1e9


def machine() -> dict[str, object]:
    """What the timings were measured on."""
    return {
        "cpu": results.cpu_name(),
        "logical_cores": os.cpu_count(),
        "threads": torch.get_num_threads(),
        "clock": clock()[0],
        "torch": torch.__version__,
        "python": platform.python_version(),
        "matmul_gflops": matmul_gflops(),
    }
