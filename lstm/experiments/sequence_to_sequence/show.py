"""What chapter 6's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from lstm.experiments.sequence_to_sequence.experiment import KINDS, _in_range
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result
from lstm.tasks import translation

# Sutskever et al. (2014): section 3.3 (one LSTM, forward against reversed source) and
# Table 1 (an ensemble of 5 reversed LSTMs at beam sizes 1, 2 and 12).
PAPER = {
    "forward_perplexity": 5.8,
    "reversed_perplexity": 4.7,
    "forward_bleu": 25.9,
    "reversed_bleu": 30.6,
    "beam1_bleu": 33.00,
    "beam2_bleu": 34.50,
    "beam12_bleu": 34.81,
    "beam2_share_of_gain": (34.50 - 33.00) / (34.81 - 33.00),
    "long_sentence_words": 35,  # Figure 3: no degradation below this length
    # the setup (sections 3.1 and 3.4): the WMT'14 corpus, the model and its training
    "train_pairs": 12_000_000,
    "source_words": 160_000,
    "target_words": 80_000,
    "layers": 4,
    "hidden_size": 1000,
    "embedding_size": 1000,
    "epochs": 7.5,
    "lr": 0.7,
    "lr_halving_after_epochs": 5,
    "init_range": 0.08,
    "clip": 5.0,
    # Cho et al. (2014): the GRU encoder-decoder's units
    "gru_hidden_size": 1000,
}


_LABELS = {
    "forward": "LSTM, source forward",
    "reversed": "LSTM, source reversed",
    "gru": "GRU encoder-decoder (Cho et al.)",
}


def tables(result: Result) -> dict[str, Table]:
    """The chapter's tables: ``language`` (pairs the grammar writes, or your file's
    first training pairs), ``vocabulary``, ``summary`` (perplexity and BLEU per model
    beside the paper's), ``length`` (BLEU per source-length bucket), ``beam`` (BLEU and
    time per beam size beside the paper's) and ``examples`` (test sentences with every
    model's translation, one line each)."""
    data, metrics = result.data, result.metrics
    if result.config.get("corpus", "synthetic") == "tsv":
        pairs = data["file"]["sample"]
        sizes = {"source": data["file"]["source_words"], "target": data["file"]["target_words"]}
    else:
        grammar = translation.language_pair(3, seed=7, min_length=6, max_length=16)
        pairs = [[" ".join(pair.source), " ".join(pair.target)] for pair in grammar]
        sizes = translation.vocabulary_sizes()
    language = [
        {"side": side, "words": words}
        for pair in pairs
        for side, words in zip(("source", "target"), pair, strict=True)
    ]
    vocabulary = [
        {"side": "source", "paper": PAPER["source_words"], "ours": sizes["source"]},
        {"side": "target", "paper": PAPER["target_words"], "ours": sizes["target"]},
    ]
    summary = [
        {
            "model": _LABELS[kind],
            "paper_perplexity": PAPER.get(f"{kind}_perplexity", "—"),
            "perplexity": metrics[f"{kind}_perplexity"],
            "paper_bleu": PAPER.get(f"{kind}_bleu", "—"),
            "bleu": metrics[f"{kind}_bleu"],
            "per_seed_bleu": ", ".join(f"{s[kind]['bleu']:.1f}" for s in data["per_seed"]),
        }
        for kind in KINDS
    ]
    buckets = list(data["bleu_by_bucket"]["forward"])
    length = [{"model": _LABELS[kind], **data["bleu_by_bucket"][kind]} for kind in KINDS]
    beam = [{**row, "paper": PAPER.get(f"beam{row['beam']}_bleu", "—")} for row in data["beam"]]
    examples = [
        {"bucket": row["bucket"] if who == "source" else "", "who": label, "text": row[who]}
        for row in data["examples"]
        for who, label in (("source", "source"), ("reference", "reference"), *_LABELS.items())
    ]
    return {
        "language": Table(language, {"side": "side", "words": "sentence"}),
        "vocabulary": Table(
            vocabulary,
            {"side": "language", "paper": "paper: word forms (WMT'14)", "ours": "ours"},
        ),
        "summary": Table(
            summary,
            {
                "model": "model",
                "paper_perplexity": "paper: perplexity",
                "perplexity": "perplexity",
                "paper_bleu": "paper: BLEU",
                "bleu": "BLEU",
                "per_seed_bleu": "BLEU per seed",
            },
        ),
        "length": Table(length, {"model": "model", **{b: f"{b} words" for b in buckets}}),
        "beam": Table(
            beam,
            {
                "beam": "beam size",
                "paper": "paper: BLEU (5 reversed LSTMs)",
                "bleu": "BLEU",
                "ms_per_sentence": "milliseconds per sentence",
            },
        ),
        "examples": Table(
            examples, {"bucket": "source length", "who": "sentence", "text": "words"}
        ),
    }


def figures(result: Result) -> dict[str, Figure]:
    """The chapter's figures: ``loss`` (training loss per update), ``length`` (BLEU per
    source-length bucket), ``beam`` (BLEU and time per beam size) and ``word_order`` (the
    encoder's final states on two principal components; not for your own file)."""
    drawn = {
        "loss": _loss_figure(result),
        "length": _length_figure(result),
        "beam": _beam_figure(result),
    }
    if result.data["word_order"] is not None:
        drawn["word_order"] = _word_order_figure(result)
    return drawn


def _loss_figure(result: Result) -> Figure:
    figure, axes = book_figure(height=3.4)
    ax = axes[0, 0]
    for kind in KINDS:
        curves = np.asarray(result.data["loss_curves"][kind])
        steps = (np.arange(curves.shape[1]) + 1) * result.config["log_every"]
        ax.plot(steps, curves.mean(0), label=_LABELS[kind])
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(LogLocator(subs=(2, 3, 5)))
    ax.yaxis.set_major_formatter("{x:g}")
    ax.yaxis.set_minor_formatter("{x:g}")
    ax.tick_params(which="both", labelsize=TEXT_PT)
    ax.set_xlabel("update")
    ax.set_ylabel("training loss (nats per word)")
    legend_below(figure, ncols=2)
    return figure


def _length_figure(result: Result) -> Figure:
    figure, axes = book_figure(height=3.4)
    ax = axes[0, 0]
    by_bucket = result.data["bleu_by_bucket"]
    buckets = list(by_bucket["forward"])
    for kind in KINDS:
        ax.plot(buckets, [by_bucket[kind][b] for b in buckets], "o-", label=_LABELS[kind])
    trained = len(_in_range(result.config))
    if trained < len(buckets):
        ax.axvline(trained - 0.5, color="grey", linestyle=":", label="longest training sentence")
    ax.set_xlabel("source sentence length (words)")
    ax.set_ylabel("test BLEU")
    legend_below(figure, ncols=2)
    return figure


def _beam_figure(result: Result) -> Figure:
    figure, axes = book_figure(1, 2, height=3.0)
    rows = result.data["beam"]
    sizes = [row["beam"] for row in rows]
    for ax, key, label in (
        (axes[0, 0], "bleu", "test BLEU (reversed LSTM)"),
        (axes[0, 1], "ms_per_sentence", "milliseconds per sentence"),
    ):
        ax.plot(sizes, [row[key] for row in rows], "o-")
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes, [str(size) for size in sizes])
        ax.set_xlabel("beam size")
        ax.set_ylabel(label)
    return figure


_MARKERS = ("o", "^")


def _word_order_figure(result: Result) -> Figure:
    order = result.data["word_order"]
    figure, axes = book_figure(height=4.2)
    ax = axes[0, 0]
    pairs = sorted({point["pair"] for point in order["points"]})
    for colour, pair in enumerate(pairs):
        nouns = pair.split("/")
        for marker, subject, other in zip(_MARKERS, nouns, nouns[::-1], strict=True):
            chosen = [p for p in order["points"] if p["pair"] == pair and p["subject"] == subject]
            ax.scatter(
                [p["x"] for p in chosen],
                [p["y"] for p in chosen],
                color=f"C{colour}",
                marker=marker,
                label=f"the {subject} … the {other}",
            )
    explained = order["explained_variance"]
    ax.set_xlabel(f"first principal component ({100 * explained[0]:.0f}% of the variance)")
    ax.set_ylabel(f"second ({100 * explained[1]:.0f}%)")
    legend_below(figure, ncols=3)
    return figure
