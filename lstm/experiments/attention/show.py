"""What chapter 13's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lstm.experiments.attention.experiment import ARMS
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result

# Bahdanau, Cho & Bengio (2015), Table 1 (BLEU on all test sentences of WMT'14 En->Fr
# newstest2014; from secondary sources that agree) and the set-up of section 4.2.
PAPER = {
    "encdec_short_bleu": 13.93,
    "search_short_bleu": 21.50,
    "encdec_long_bleu": 17.82,
    "search_long_bleu": 26.75,
    "short_length": 30,
    "long_length": 50,
    "hidden_size": 1000,
    "embedding_size": 620,
    "vocabulary": 30_000,
}


def label(arm: str, config: dict) -> str:
    """The paper's name for an arm: RNNencdec-30, RNNsearch-50 (ours at its lengths)."""
    kind, training = arm.split("_")
    name = {"encdec": "RNNencdec", "search": "RNNsearch"}[kind]
    return f"{name}-{config['train_lengths'][training]}"


def tables(result: Result) -> dict[str, Table]:
    """The chapter's tables: ``summary`` (BLEU per model beside the paper's model of the
    same kind and training length: 30 words for our short, 50 for our long),
    ``learning_rates`` (the encoder-decoder's search on validation pairs), ``length``
    (BLEU per source-length bucket), ``alignment`` (RNNsearch's alignment error rate per
    bucket beside the diagonal's) and ``examples`` (a long test sentence with every
    model's translation)."""
    data, config, metrics = result.data, result.config, result.metrics
    summary = [
        {
            "model": label(arm, config),
            "paper_bleu": PAPER[f"{arm}_bleu"],
            "bleu": metrics[f"{arm}_bleu"],
            "per_seed_bleu": ", ".join(f"{s[arm]['bleu']:.1f}" for s in data["per_seed"]),
        }
        for arm in ARMS
    ]
    buckets = list(data["bleu_by_bucket"][ARMS[0]])
    length = [{"model": label(arm, config), **data["bleu_by_bucket"][arm]} for arm in ARMS]
    alignment = []
    for arm in ("search_short", "search_long"):
        studies = [s[arm]["alignment"] for s in data["per_seed"]]
        alignment.append(
            {
                "model": label(arm, config),
                **{b: float(np.mean([st["aer_by_bucket"][b] for st in studies])) for b in buckets},
                "all": float(np.mean([st["aer"] for st in studies])),
            }
        )
    diagonal = [s["search_long"]["alignment"] for s in data["per_seed"]]
    alignment.append(
        {
            "model": "diagonal (lengths only)",
            **{
                b: float(np.mean([d["diagonal_aer_by_bucket"][b] for d in diagonal]))
                for b in buckets
            },
            "all": float(np.mean([d["diagonal_aer"] for d in diagonal])),
        }
    )
    learning_rates = [
        {
            "model": label(arm, config),
            "lrs": ", ".join(f"{lr:g}" for lr in config["lrs"]),
            "validation_bleu": "; ".join(
                ", ".join(f"{b:.1f}" for b in s[arm]["lr_search"]["validation_bleu"])
                for s in data["per_seed"]
            ),
            "chosen": ", ".join(f"{s[arm]['lr']:g}" for s in data["per_seed"]),
        }
        for arm in ARMS
        if arm.split("_")[0] in config["tuned"]
    ]
    examples = [
        {"who": who if who in ("source", "reference") else label(who, config), "text": row[who]}
        for row in data["examples"]
        for who in ("source", "reference", *ARMS)
    ]
    return {
        "summary": Table(
            summary,
            {
                "model": "model",
                "paper_bleu": "paper: BLEU",
                "bleu": "BLEU",
                "per_seed_bleu": "BLEU per seed",
            },
        ),
        "learning_rates": Table(
            learning_rates,
            {
                "model": "model",
                "lrs": "learning rates tried",
                "validation_bleu": "validation BLEU per rate (seed by seed)",
                "chosen": "chosen, per seed",
            },
        ),
        "length": Table(length, {"model": "model", **{b: f"{b} words" for b in buckets}}),
        "alignment": Table(
            alignment, {"model": "attention", **{b: f"{b} words" for b in buckets}, "all": "all"}
        ),
        "examples": Table(examples, {"who": "sentence", "text": "words"}),
    }


def figures(result: Result) -> dict[str, Figure]:
    """The chapter's figures: ``length`` (BLEU per source-length bucket, the paper's
    Figure 2) and ``alignment`` (RNNsearch's attention on one test sentence, the true
    links marked: the paper's Figure 3)."""
    return {"length": _length_figure(result), "alignment": _alignment_figure(result)}


_STYLE = {"encdec": ("o", "--"), "search": ("s", "-")}


def _length_figure(result: Result) -> Figure:
    figure, axes = book_figure(height=3.6)
    ax = axes[0, 0]
    by_bucket = result.data["bleu_by_bucket"]
    buckets = list(by_bucket[ARMS[0]])
    for number, arm in enumerate(ARMS):
        marker, line = _STYLE[arm.split("_")[0]]
        ax.plot(
            buckets,
            [by_bucket[arm][b] for b in buckets],
            marker=marker,
            linestyle=line,
            color=f"C{number // 2}",
            label=label(arm, result.config),
        )
    ax.set_xlabel("source sentence length (words)")
    ax.set_ylabel("test BLEU (mean of seeds)")
    legend_below(figure, ncols=2)
    return figure


def _alignment_figure(result: Result) -> Figure:
    example = result.data["per_seed"][0]["search_long"]["alignment"]["example"]
    attention = np.asarray(example["attention"])
    source, target = example["source"], example["target"]
    size = max(4.0, 0.16 * len(target) + 1.5)
    figure, axes = book_figure(height=size)
    ax = axes[0, 0]
    ax.imshow(attention, cmap="Greys", vmin=0.0, vmax=1.0, aspect="auto")
    links = example["alignment"]
    ax.scatter(
        [s for s, _ in links],
        [t for _, t in links],
        marker="o",
        s=18,
        facecolors="none",
        edgecolors="C3",
        label="true alignment",
    )
    ax.set_xticks(range(len(source)), source, rotation=90, fontsize=TEXT_PT)
    ax.set_yticks(range(len(target)), target, fontsize=TEXT_PT)
    ax.set_xlabel("source word")
    ax.set_ylabel("target word")
    legend_below(figure, ncols=1)
    return figure
