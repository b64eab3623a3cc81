"""The book's page "How fast is it?": tables and figures from ``data/results/bench.json``.

Every figure is a ratio or a time measured in one process (:mod:`lstm.bench.measure`);
ratios against ``torch.nn.LSTM`` at the same batch, length, input and hidden size carry
over between machines far better than the seconds do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from matplotlib.figure import Figure

from lstm.bench.__main__ import DEFAULT_OUTPUT
from lstm.nn.cells import VARIANTS
from lstm.reproduce.figures import book_figure, legend_below, show_as_images
from lstm.reproduce.report import Table

Bench = Mapping[str, object]

#: The row order of the tables: the fused cells, Greff's variants, the GRU.
FUSED_CELLS = ("vanilla", "LSTM1997")
MODELS = (*FUSED_CELLS, *(name for name in VARIANTS if name not in FUSED_CELLS), "GRU")


def load(path: Path = DEFAULT_OUTPUT) -> dict[str, object]:
    """The benchmark record at ``path`` (written by ``python -m lstm.bench``)."""
    if not path.exists():
        raise FileNotFoundError(f"no benchmark record at {path}; run `make bench` to make one")
    record = json.loads(path.read_text())
    for key in ("machine", "rounds", "rows"):
        if key not in record:
            raise ValueError(f"{path}: expected a benchmark record with {key!r}, it has none")
    return record


def page(path: Path = DEFAULT_OUTPUT) -> dict[str, object]:
    """The record for the book's page: :func:`load`, with the page's figures shown as
    images in a notebook."""
    show_as_images()
    return load(path)


def _rows(bench: Bench, group: str) -> list[Mapping[str, object]]:
    return [row for row in bench["rows"] if row["group"] == group]


def _shape_label(shape: Sequence[int]) -> str:
    return "/".join(str(size) for size in shape)


def _lookup(rows, model: str, shape: Sequence[int], path: str) -> Mapping[str, object]:
    for row in rows:
        if row["model"] == model and list(row["shape"]) == list(shape) and row["path"] == path:
            return row
    raise KeyError(f"no measurement of {model} at {_shape_label(shape)} by {path!r}")


def _times(value: float) -> str:
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def ratio_table(bench: Bench, path: str = "layer", quantity: str = "forward_backward_s") -> Table:
    """``quantity`` of every model by ``path``, divided by ``torch.nn.LSTM``'s (the GRU by
    ``torch.nn.GRU``'s) at the same shape: one column per shape (B/T/I/H)."""
    rows = _rows(bench, "shapes")
    shapes = list(dict.fromkeys(tuple(row["shape"]) for row in rows))
    models = [m for m in MODELS if any(row["model"] == m and row["path"] == path for row in rows)]
    table = []
    for model in models:
        line = {"model": model}
        for shape in shapes:
            ours = _lookup(rows, model, shape, path)[quantity]
            line[_shape_label(shape)] = _times(
                ours / _lookup(rows, model, shape, "torch")[quantity]
            )
        table.append(line)
    return Table(table, {"model": "cell"} | {_shape_label(s): _shape_label(s) for s in shapes})


def ratio_range(
    bench: Bench, models: Sequence[str], quantity: str = "forward_backward_s"
) -> tuple[float, float]:
    """The smallest and largest ratio to PyTorch of ``quantity`` over ``models`` (by the
    layer's default path) and every shape; with ``quantity="forward_flops"``, the ratio of
    the operation counts."""
    rows = _rows(bench, "shapes")
    ratios = [
        row[quantity] / _lookup(rows, row["model"], row["shape"], "torch")[quantity]
        for row in rows
        if row["path"] == "layer" and row["model"] in models
    ]
    if not ratios:
        raise ValueError(f"no measurement of {list(models)} by the layer's default path")
    return min(ratios), max(ratios)


#: The variants that run the compiled loop, full gate recurrence aside.
COMPILED = ("greff_vanilla", "NIG", "NFG", "NOG", "NIAF", "NOAF", "CIFG")
#: The models whose layer runs PyTorch's own kernel: their ratios would be 1 without noise.
FUSED = ("vanilla", "LSTM1997", "NP", "GRU")


def sweep_ratio_range(bench: Bench, model: str = "greff_vanilla") -> tuple[float, float]:
    """The smallest and largest forward+backward ratio of ``model``'s layer to PyTorch's
    over the sweeps in T and H."""
    ratios = []
    for group in ("T", "H"):
        rows = _rows(bench, group)
        ratios += [
            row["forward_backward_s"]
            / _lookup(rows, "vanilla", row["shape"], "torch")["forward_backward_s"]
            for row in rows
            if row["model"] == model and row["path"] == "layer"
        ]
    if not ratios:
        raise ValueError(f"no sweep measurement of {model!r}")
    return min(ratios), max(ratios)


def summary(bench: Bench) -> str:
    """The page's headline, every figure from the record: the spread of the rows that run
    PyTorch's kernel (the measurement's noise), the compiled variants' range, full gate
    recurrence's beside its operation count, and the compiled loop over the sweeps."""
    noise = ratio_range(bench, FUSED)
    compiled = ratio_range(bench, COMPILED)
    fgr = ratio_range(bench, ("FGR",))
    flops = ratio_range(bench, ("FGR",), "forward_flops")
    sweeps = sweep_ratio_range(bench)
    return (
        f"The rows that run PyTorch's kernel itself should read 1; they read "
        f"{noise[0]:.2f} to {noise[1]:.2f}, which is how noisy the measurement is. On the "
        f"compiled loop, every variant but full gate recurrence takes between "
        f"{compiled[0]:.2f} and {compiled[1]:.2f} times as long as `torch.nn.LSTM` at these "
        f"shapes, and the LSTM with peepholes {sweeps[0]:.2f} to {sweeps[1]:.2f} times as long "
        f"at the shapes of the figures below; full gate recurrence takes {fgr[0]:.2f} to "
        f"{fgr[1]:.2f} times as long, for {flops[0]:.2f} to {flops[1]:.2f} times the "
        f"multiply-adds."
    )


def lengths_table(bench: Bench) -> Table:
    """Variable-length batches against the padded batch, for our layers and PyTorch's."""
    rows = _rows(bench, "lengths")
    table = []
    for model in dict.fromkeys(row["model"] for row in rows):
        times = {row["path"]: row["forward_backward_s"] for row in rows if row["model"] == model}
        table.append(
            {
                "model": model,
                "ours": _times(times["layer, lengths"] / times["layer, padded"]),
                "torch": _times(times["torch, packed"] / times["torch, padded"]),
                "versus": _times(times["layer, lengths"] / times["torch, packed"]),
            }
        )
    return Table(
        table,
        {
            "model": "cell",
            "ours": "our layer: lengths / padded",
            "torch": "torch.nn.LSTM: packed / padded",
            "versus": "ours with lengths / torch packed",
        },
    )


def _sweep(bench: Bench, group: str, index: int):
    rows = _rows(bench, group)
    lines = {}
    for label, model, path in (
        ("torch.nn.LSTM", "vanilla", "torch"),
        ("our vanilla LSTM (fused)", "vanilla", "layer"),
        ("our LSTM with peepholes (compiled)", "greff_vanilla", "layer"),
    ):
        points = sorted(
            (row["shape"][index], row["forward_backward_s"], row["forward_flops"])
            for row in rows
            if row["model"] == model and row["path"] == path
        )
        lines[label] = points
    return lines


def scaling_figure(bench: Bench) -> Figure:
    """Forward+backward time against sequence length T (linear axes) and against layer
    width H (logarithmic axes)."""
    figure, axes = book_figure(1, 2, height=3.4)
    for ax, group, index, label in (
        (axes[0, 0], "T", 1, "sequence length T"),
        (axes[0, 1], "H", 3, "input and hidden size H"),
    ):
        for name, points in _sweep(bench, group, index).items():
            ax.plot([p[0] for p in points], [p[1] * 1e3 for p in points], marker="o", label=name)
        ax.set_xlabel(label)
        ax.set_ylabel("forward + backward (ms)")
        if group == "H":
            ax.set_xscale("log", base=2)
            ax.set_yscale("log")
    legend_below(figure, axes[0, 0], ncols=1)
    return figure


def throughput_figure(bench: Bench) -> Figure:
    """Operations per second of forward+backward (three times the forward pass's) against
    layer width, beside the machine's single matrix product."""
    figure, axes = book_figure(height=3.4)
    ax = axes[0, 0]
    for name, points in _sweep(bench, "H", 3).items():
        ax.plot(
            [p[0] for p in points], [3 * p[2] / p[1] / 1e9 for p in points], marker="o", label=name
        )
    peak = bench["machine"]["matmul_gflops"]
    ax.axhline(peak, color="black", linestyle="--", label="one 1024 × 1024 matrix product")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("input and hidden size H (batch 32, T = 100)")
    ax.set_ylabel("GF/s")
    ax.set_ylim(0, peak * 1.1)
    legend_below(figure, ncols=2)
    return figure


def machine_line(bench: Bench) -> str:
    """One sentence on what was measured where."""
    machine = bench["machine"]
    threads = machine["threads"]
    return (
        f"Measured on {machine['cpu']} ({machine['logical_cores']} logical cores) with "
        f"{threads} thread{'s' if threads != 1 else ''} per process, PyTorch "
        f"{machine['torch']}, medians of {bench['rounds']} interleaved rounds of "
        f"{machine['clock']}; one "
        f"1024 × 1024 matrix product runs at {machine['matmul_gflops']:.0f} GF/s here."
    )
