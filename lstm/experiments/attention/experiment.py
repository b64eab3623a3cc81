"""Chapter 13's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

import numpy as np
import torch

from lstm.data.length_batches import epoch_batches, length_batches, translate_pairs
from lstm.data.parallel import Vocabulary
from lstm.nn.alignment import attention_aer, diagonal_alignment
from lstm.nn.metrics import bleu_signature, corpus_bleu
from lstm.nn.rnnsearch import RNNsearch
from lstm.nn.seq2seq import Seq2Seq
from lstm.nn.train import fit
from lstm.tasks import translation

LOG = logging.getLogger(__name__)  # progress of a long run (python -m lstm shows none)


_COMMON = {
    "embedding_size": 64,
    "hidden_size": 128,
    "attention_size": 128,
    "readout_size": 64,
    "lr": 5e-3,  # RNNsearch's, chapter 6's rate for its encoder-decoders
    "tuned": ["encdec"],  # the kinds whose learning rate is chosen on validation pairs
    "clip": 5.0,
    "batch_size": 64,
    "examples": 2,  # test sentences shown with every model's translation
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0, 1],
        "train_pairs": 3_000,
        "train_lengths": {"short": 10, "long": 16},
        "buckets": [[3, 5], [6, 10], [11, 16], [17, 22]],
        "test_per_bucket": 40,
        "validation_pairs": 40,
        "lrs": [5e-3, 1e-2],
        "lr_search_steps": 100,
        "embedding_size": 32,
        "hidden_size": 48,
        "attention_size": 48,
        "readout_size": 32,
        "steps": 500,
        "log_every": 50,
    },
    "full": {
        **_COMMON,
        "seeds": [0, 1, 2],
        "train_pairs": 40_000,
        "train_lengths": {"short": 30, "long": 50},
        "buckets": [[3, 10], [11, 20], [21, 30], [31, 40], [41, 50], [51, 60]],
        "test_per_bucket": 80,
        "validation_pairs": 100,
        "lrs": [2e-3, 5e-3, 1e-2],
        "lr_search_steps": 300,
        "steps": 1_500,
        "log_every": 100,
    },
}


TOLERANCE = {"search_long_bleu": 8.0, "encdec_long_bleu": 8.0}


# The two models: Bahdanau et al.'s RNNencdec (Cho et al.'s encoder-decoder, whose one
# context vector feeds every decoder step) and RNNsearch (a context vector per target word,
# chosen by attention), both with LSTM units of the same size.
KINDS = ("encdec", "search")

# Each model is trained on sentences up to the "short" and up to the "long" length (the
# paper's 30 and 50 words).
TRAININGS = ("short", "long")

ARMS = tuple(f"{kind}_{training}" for training in TRAININGS for kind in KINDS)


def corpus(config: dict, seed: int) -> dict:
    """For each training length, ``train_pairs`` pairs of 3 to that many source words and
    up to ``validation_pairs`` validation pairs of the same lengths (for choosing a
    learning rate); the vocabularies; and the test buckets (``test_per_bucket`` pairs in
    each of ``buckets``), all drawn from the grammar. No test or validation source is a
    training source, and no validation source is a test source."""
    train = {
        training: translation.language_pair(
            config["train_pairs"],
            seed=seed * 10 + number,
            min_length=3,
            max_length=config["train_lengths"][training],
        )
        for number, training in enumerate(TRAININGS)
    }
    buckets = translation.test_buckets(
        config["test_per_bucket"],
        seed=10_000 + seed,
        buckets=[tuple(b) for b in config["buckets"]],
        exclude=[p.source for pairs in train.values() for p in pairs],
    )
    seen = {p.source for pairs in train.values() for p in pairs}
    seen |= {p.source for pairs in buckets.values() for p in pairs}
    validation = {
        training: [
            pair
            for pair in translation.language_pair(
                config["validation_pairs"],
                seed=20_000 + seed * 10 + number,
                min_length=3,
                max_length=config["train_lengths"][training],
            )
            if pair.source not in seen
        ]
        for number, training in enumerate(TRAININGS)
    }
    return {
        "train": train,
        "validation": validation,
        "buckets": buckets,
        "source": Vocabulary(sorted(translation.SOURCE_WORDS)),
        "target": Vocabulary(sorted(translation.TARGET_WORDS)),
    }


def build_model(kind: str, source_size: int, target_size: int, config: dict) -> torch.nn.Module:
    """The ``kind`` of model ('encdec' or 'search') at the config's sizes."""
    if kind == "encdec":
        return Seq2Seq(
            source_size,
            target_size,
            embedding_size=config["embedding_size"],
            hidden_size=config["hidden_size"],
            cell="lstm",
            context_every_step=True,
        )
    if kind == "search":
        return RNNsearch(
            source_size,
            target_size,
            embedding_size=config["embedding_size"],
            hidden_size=config["hidden_size"],
            attention_size=config["attention_size"],
            readout_size=config["readout_size"],
            cell="lstm",
        )
    raise ValueError(f"expected a model kind in {KINDS}, got {kind!r}")


def train_model(
    kind: str,
    training: str,
    data: dict,
    config: dict,
    seed: int,
    *,
    lr: float | None = None,
    steps: int | None = None,
) -> tuple[torch.nn.Module, list[float]]:
    """Train a ``kind`` model on the ``training`` pairs for ``steps`` updates (default
    ``config["steps"]``) at learning rate ``lr`` (default ``config["lr"]``) with
    :func:`lstm.nn.train.fit` (Adam, gradient norm clipped at ``clip``), one batch of one
    source length per update; returns it in eval mode with the mean training loss of each
    ``log_every`` updates (nats per target word)."""
    torch.manual_seed(seed)
    model = build_model(kind, len(data["source"]), len(data["target"]), config)
    history = fit(
        model,
        lambda model, b: model.loss(b.source, None, b.target),
        epoch_batches(
            data["train"][training],
            data["source"],
            data["target"],
            batch_size=config["batch_size"],
            reverse_source=False,
            seed=seed,
        ),
        steps=config["steps"] if steps is None else steps,
        lr=config["lr"] if lr is None else lr,
        clip_norm=config["clip"],
        progress=False,
    )
    model.eval()
    every, losses = config["log_every"], history.losses
    curve = [sum(losses[i : i + every]) / every for i in range(0, len(losses) - every + 1, every)]
    return model, curve


def choose_learning_rate(kind: str, training: str, data: dict, config: dict, seed: int) -> dict:
    """The learning rate of ``config["lrs"]`` that suits a ``kind`` model trained on the
    ``training`` pairs, chosen on validation pairs, never on test pairs: each rate trains a
    fresh model (the same initial weights and batches for all) for ``lr_search_steps``
    updates, and the one whose greedy translations of the validation pairs score the
    highest BLEU wins (the first of equals). Returns ``{"lrs", "validation_bleu",
    "chosen"}``."""
    pairs = data["validation"][training]
    scores = []
    for lr in config["lrs"]:
        model, _ = train_model(
            kind, training, data, config, seed, lr=lr, steps=config["lr_search_steps"]
        )
        hypotheses = translate_pairs(
            model, pairs, data["source"], data["target"], reverse_source=False
        )
        scores.append(corpus_bleu(hypotheses, _references(pairs)))
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return {"lrs": list(config["lrs"]), "validation_bleu": scores, "chosen": config["lrs"][best]}


def _bucket_name(bucket: Sequence[int]) -> str:
    return f"{bucket[0]}-{bucket[1]}"


def _references(pairs: Sequence) -> list[str]:
    return [" ".join(pair.target) for pair in pairs]


def evaluate(model: torch.nn.Module, data: dict) -> dict:
    """Greedy BLEU on every test sentence and in each length bucket, and the
    translations."""
    by_bucket, hypotheses = {}, {}
    for bucket, pairs in data["buckets"].items():
        hypotheses[bucket] = translate_pairs(
            model, pairs, data["source"], data["target"], reverse_source=False, max_extra_words=10
        )
        by_bucket[_bucket_name(bucket)] = corpus_bleu(hypotheses[bucket], _references(pairs))
    every = [p for pairs in data["buckets"].values() for p in pairs]
    return {
        "bleu": corpus_bleu([h for hs in hypotheses.values() for h in hs], _references(every)),
        "bleu_by_bucket": by_bucket,
        "hypotheses": hypotheses,
    }


def reference_attention(model: RNNsearch, pairs: Sequence, data: dict) -> list[torch.Tensor]:
    """The attention matrices (target words x source words) with which ``model`` reads
    each pair's reference translation (teacher forcing; the step that writes EOS left
    out), so that every matrix has the shape of the pair's true alignment."""
    matrices = []
    for b in length_batches(
        pairs, data["source"], data["target"], batch_size=256, reverse_source=False
    ):
        with torch.no_grad():
            _, alpha = model(b.source, None, b.target[:, :-1])
        matrices += [alpha[row, : int(n) - 2] for row, n in enumerate(b.target_lengths)]
    # length_batches orders by source length, then as given: put the matrices back in order
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i].source))
    restored: list[torch.Tensor] = [torch.empty(0)] * len(pairs)
    for matrix, i in zip(matrices, order, strict=True):
        restored[i] = matrix
    return restored


def alignment_study(model: RNNsearch, data: dict) -> dict:
    """The alignment error rate (:func:`lstm.nn.alignment.attention_aer`, target words
    with a source partner) of the model's attention on every test pair and in each
    bucket, beside that of the diagonal alignment, which knows only the two lengths;
    and the first test pair of the middle bucket's attention matrix, to draw."""
    by_bucket, diagonal_by_bucket, every, every_matrix = {}, {}, [], []
    for bucket, pairs in data["buckets"].items():
        matrices = reference_attention(model, pairs, data)
        name = _bucket_name(bucket)
        by_bucket[name] = attention_aer(matrices, pairs, skip_unaligned_targets=True)
        diagonal_by_bucket[name] = attention_aer(
            [diagonal_alignment(len(p.target), len(p.source)) for p in pairs],
            pairs,
            skip_unaligned_targets=True,
        )
        every += pairs
        every_matrix += matrices
    middle = list(data["buckets"])[len(data["buckets"]) // 2]
    shown = data["buckets"][middle][0]
    return {
        "aer": attention_aer(every_matrix, every, skip_unaligned_targets=True),
        "diagonal_aer": attention_aer(
            [diagonal_alignment(len(p.target), len(p.source)) for p in every],
            every,
            skip_unaligned_targets=True,
        ),
        "aer_by_bucket": by_bucket,
        "diagonal_aer_by_bucket": diagonal_by_bucket,
        "example": {
            "source": list(shown.source),
            "target": list(shown.target),
            "alignment": [list(link) for link in shown.alignment],
            "attention": every_matrix[every.index(shown)].tolist(),
        },
    }


def run(config: dict) -> dict:
    """Train both models on both training lengths for every seed; test them."""
    per_seed, curves, examples = [], {}, []
    for seed in config["seeds"]:
        data = corpus(config, seed)
        outcome: dict = {"seed": seed}
        first_hypotheses = {}
        for arm in ARMS:
            kind, training = arm.split("_")
            started = time.perf_counter()
            search = None
            if kind in config["tuned"]:
                search = choose_learning_rate(kind, training, data, config, seed)
            lr = config["lr"] if search is None else search["chosen"]
            model, losses = train_model(kind, training, data, config, seed, lr=lr)
            scores = evaluate(model, data)
            outcome[arm] = {k: v for k, v in scores.items() if k != "hypotheses"}
            outcome[arm] |= {"lr": lr, "lr_search": search}
            if kind == "search":
                study = alignment_study(model, data)
                if seed != config["seeds"][0]:
                    del study["example"]
                outcome[arm]["alignment"] = study
            LOG.info(
                "seed %d %s: BLEU %.1f, %.0f s",
                seed,
                arm,
                scores["bleu"],
                time.perf_counter() - started,
            )
            curves.setdefault(arm, []).append(losses)
            first_hypotheses[arm] = scores["hypotheses"]
        if seed == config["seeds"][0]:
            examples = _translation_examples(data, first_hypotheses, config)
        per_seed.append(outcome)
    return _summarise(per_seed, curves, examples, config)


def _translation_examples(data: dict, hypotheses: dict, config: dict) -> list[dict]:
    """The first ``examples`` test sentences of the longest bucket, with every model's
    greedy translation (the first seed's models)."""
    longest = list(data["buckets"])[-2]
    return [
        {
            "bucket": _bucket_name(longest),
            "source": " ".join(pair.source),
            "reference": " ".join(pair.target),
            **{arm: hypotheses[arm][longest][i] for arm in ARMS},
        }
        for i, pair in enumerate(data["buckets"][longest][: config["examples"]])
    ]


def _mean(values: Sequence[float]) -> float:
    return float(np.mean(values))


def _summarise(per_seed: list, curves: dict, examples: list, config: dict) -> dict:
    """The flat metrics (means over seeds) and the data the chapter's tables and figures
    show."""
    metrics: dict[str, float] = {}
    names = [_bucket_name(b) for b in config["buckets"]]
    by_bucket = {
        arm: {name: _mean([s[arm]["bleu_by_bucket"][name] for s in per_seed]) for name in names}
        for arm in ARMS
    }
    for arm in ARMS:
        metrics[f"{arm}_bleu"] = _mean([s[arm]["bleu"] for s in per_seed])
        for name in names:
            metrics[f"{arm}_bleu_{name}"] = by_bucket[arm][name]
    for training in TRAININGS:
        arm = f"search_{training}"
        metrics[f"{arm}_aer"] = _mean([s[arm]["alignment"]["aer"] for s in per_seed])
        metrics[f"{arm}_diagonal_aer"] = _mean(
            [s[arm]["alignment"]["diagonal_aer"] for s in per_seed]
        )
    return {
        "metrics": metrics,
        "per_seed": per_seed,
        "bleu_by_bucket": by_bucket,
        "loss_curves": curves,
        "examples": examples,
        "bleu_signature": bleu_signature(),
    }
