"""Chapter 6's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import logging
import os
import time
import warnings
from collections.abc import Callable, Sequence

import numpy as np
import torch

from lstm.data.length_batches import epoch_batches, length_batches, translate_pairs
from lstm.data.parallel import (
    SPECIALS,
    Batch,
    ParallelTextError,
    Vocabulary,
    read_tsv,
)
from lstm.nn.metrics import bleu_signature, corpus_bleu
from lstm.nn.seq2seq import Seq2Seq, perplexity
from lstm.nn.train import fit
from lstm.tasks import translation

LOG = logging.getLogger(__name__)  # progress of a long run (python -m lstm shows none)


_COMMON = {
    "corpus": "synthetic",  # or "tsv": the sentence-pair file LSTM_PARALLEL_FILE names
    # for "tsv" only: the source and target columns, lower-casing, words kept per side
    "columns": [0, 1],
    "lowercase": False,
    "vocabulary_size": 8_000,
    "buckets": [[3, 10], [11, 20], [21, 30], [31, 40], [41, 50]],
    "layers": 1,
    "lr": 5e-3,
    "clip": 5.0,
    "batch_size": 64,
    "beam_sizes": [1, 2, 5, 12],
    "examples_per_bucket": 1,
}


CONFIG = {
    "smoke": {
        **_COMMON,
        # Three seeds and the full profile's test sentences: with one seed and 60 test
        # sentences per bucket, the reversal and beam verdicts changed with the seed.
        "seeds": [0, 1, 2],
        "train_pairs": 6_000,
        "max_train_length": 16,
        "buckets": [[3, 8], [9, 16], [17, 24]],
        "test_per_bucket": 150,
        "beam_per_bucket": 150,
        "embedding_size": 48,
        "hidden_size": 96,
        "steps": 1_000,
        "log_every": 50,
    },
    "full": {
        **_COMMON,
        "seeds": [0, 1, 2],
        "train_pairs": 50_000,
        "max_train_length": 30,
        "test_per_bucket": 150,
        "beam_per_bucket": 150,
        "embedding_size": 64,
        "hidden_size": 128,
        "steps": 2_000,
        "log_every": 100,
    },
}


TOLERANCE = {"reversed_bleu": 6.0, "forward_bleu": 6.0}


# kind -> (recurrent cell, source reversed?)
KINDS = {"forward": ("lstm", False), "reversed": ("lstm", True), "gru": ("gru", False)}


def _check_kind(kind: object) -> str:
    if kind not in KINDS:
        raise ValueError(f"expected a model kind in {sorted(KINDS)}, got {kind!r}")
    return kind  # type: ignore[return-value]


CORPORA = ("synthetic", "tsv")


PARALLEL_FILE = "LSTM_PARALLEL_FILE"  # the environment variable naming a sentence-pair file


SPLIT_SEED = 0  # shuffles a file's pairs before they are split


TEST_SHARE = 0.1  # of a file's pairs, for testing; the rest train


def corpus(config: dict, seed: int) -> dict:
    """The training pairs (source lengths 3 to ``max_train_length``), the vocabularies and
    the test buckets (``test_per_bucket`` unseen pairs in each of ``buckets``): drawn from
    the grammar with ``seed``, or read from your file for the corpus ``"tsv"``
    (:func:`file_corpus`)."""
    name = config.get("corpus")
    if name not in CORPORA:
        raise ValueError(f"expected corpus to be one of {CORPORA}, got {name!r}")
    if name == "tsv":
        return file_corpus(config)
    train = translation.language_pair(
        config["train_pairs"], seed=seed, min_length=3, max_length=config["max_train_length"]
    )
    buckets = translation.test_buckets(
        config["test_per_bucket"],
        seed=10_000 + seed,
        buckets=[tuple(b) for b in config["buckets"]],
        exclude=[p.source for p in train],
    )
    # The vocabularies hold every word form of the grammar, so a test sentence has no
    # unknown words (a word the training pairs never show is still a word of the lexicon).
    source = Vocabulary(sorted(translation.SOURCE_WORDS))
    target = Vocabulary(sorted(translation.TARGET_WORDS))
    return {"train": train, "buckets": buckets, "source": source, "target": target}


def read_parallel_file(config: dict) -> tuple[str, list]:
    """The path in ``LSTM_PARALLEL_FILE`` and its sentence pairs, read with the config's
    ``columns`` and ``lowercase``; an unset variable or an unreadable file is a one-line
    error that names the variable and the path."""
    path = os.environ.get(PARALLEL_FILE, "").strip()
    if not path:
        raise ValueError(
            f"expected {PARALLEL_FILE} to name your sentence-pair file for the corpus 'tsv', "
            "but it is unset"
        )
    try:
        pairs = read_tsv(path, lowercase=config["lowercase"], columns=tuple(config["columns"]))
    except ParallelTextError as error:
        raise ValueError(f"{PARALLEL_FILE}={path} is not a sentence-pair file: {error}") from None
    return path, pairs


def file_corpus(config: dict) -> dict:
    """The corpus of the sentence-pair file ``LSTM_PARALLEL_FILE`` names (see the module's
    docstring): the pairs shuffled by :data:`SPLIT_SEED`, :data:`TEST_SHARE` of them held
    out for the test buckets, the rest training; vocabularies from the training pairs.
    Also ``"file"``: where it came from and how much of it each part took."""
    path, pairs = read_parallel_file(config)
    order = torch.randperm(len(pairs), generator=torch.Generator().manual_seed(SPLIT_SEED))
    shuffled = [pairs[i] for i in order]
    held_out = round(TEST_SHARE * len(pairs))
    test, training = shuffled[:held_out], shuffled[held_out:]
    train = [p for p in training if len(p[0]) <= config["max_train_length"]]
    if not train:
        raise ValueError(
            f"{PARALLEL_FILE}={path}: expected training pairs of at most "
            f"{config['max_train_length']} source words (max_train_length), found none"
        )
    seen = {p[0] for p in training}
    buckets = {}
    for low, high in config["buckets"]:
        chosen = [p for p in test if low <= len(p[0]) <= high and p[0] not in seen]
        buckets[(low, high)] = chosen[: config["test_per_bucket"]]
        if len(buckets[(low, high)]) < max(1, config["examples_per_bucket"]):
            raise ValueError(
                f"{PARALLEL_FILE}={path}: expected test pairs of {low} to {high} source "
                f"words, found {len(chosen)} among the {held_out} held out; choose "
                "buckets that your sentences fill"
            )
    size = config["vocabulary_size"]
    return {
        "train": train,
        "buckets": buckets,
        "source": Vocabulary.build((p[0] for p in train), max_size=size),
        "target": Vocabulary.build((p[1] for p in train), max_size=size),
        "file": {"path": path, "pairs": len(pairs), "train": len(train), "held_out": held_out},
    }


def _warn_if_the_file_is_ignored(config: dict) -> None:
    """Name the way to your file when ``LSTM_PARALLEL_FILE`` is set but the config asks
    for the synthetic corpus."""
    if config.get("corpus") == "synthetic" and os.environ.get(PARALLEL_FILE, "").strip():
        warnings.warn(
            f"{PARALLEL_FILE} is set, but the config names the corpus 'synthetic': run with "
            "--set corpus=tsv to run on the file",
            stacklevel=3,
        )


def _epoch_batches(data: dict, config: dict, reverse: bool, seed: int) -> Callable[[int], Batch]:
    """``batch_fn`` for :func:`lstm.nn.train.fit`: the training pairs in one-length batches,
    shuffled afresh each epoch by ``seed``, one batch a step."""
    return epoch_batches(
        data["train"],
        data["source"],
        data["target"],
        batch_size=config["batch_size"],
        reverse_source=reverse,
        seed=seed,
    )


def build_model(kind: str, source_size: int, target_size: int, config: dict) -> Seq2Seq:
    """The ``kind`` of model ('forward', 'reversed' or 'gru') at the config's size."""
    cell, _ = KINDS[_check_kind(kind)]
    make = Seq2Seq.cho2014 if cell == "gru" else Seq2Seq.sutskever2014
    return make(
        source_size,
        target_size,
        embedding_size=config["embedding_size"],
        hidden_size=config["hidden_size"],
        num_layers=config["layers"],
    )


def train_model(kind: str, data: dict, config: dict, seed: int) -> tuple[Seq2Seq, list[float]]:
    """Train a ``kind`` model for ``config["steps"]`` updates with :func:`lstm.nn.train.fit`
    (Adam, gradient norm clipped at ``clip`` as in the paper), one one-length batch per
    update, the epochs shuffled by ``seed``; returns it in eval mode with the mean training
    loss of each ``log_every`` updates (nats per target token)."""
    _, reverse = KINDS[_check_kind(kind)]
    torch.manual_seed(seed)
    model = build_model(kind, len(data["source"]), len(data["target"]), config)
    history = fit(
        model,
        lambda model, b: model.loss(b.source, None, b.target),
        _epoch_batches(data, config, reverse, seed),
        steps=config["steps"],
        lr=config["lr"],
        clip_norm=config["clip"],
        progress=False,
    )
    model.eval()
    every, losses = config["log_every"], history.losses
    curve = [sum(losses[i : i + every]) / every for i in range(0, len(losses) - every + 1, every)]
    return model, curve


def translate(
    model: Seq2Seq, pairs: Sequence, data: dict, *, reverse_source: bool, beam_size: int = 1
) -> list[str]:
    """The model's translations of the sources of ``pairs``, in their order, as strings; a
    target is at most 3 words longer than its source in the grammar (and seldom 10 longer
    in a real corpus), so decoding stops 10 words past the source's length."""
    return translate_pairs(
        model,
        pairs,
        data["source"],
        data["target"],
        reverse_source=reverse_source,
        max_extra_words=10,
        beam_size=beam_size,
    )


def _references(pairs: Sequence) -> list[str]:
    return [" ".join(pair[1]) for pair in pairs]


def _in_range(config: dict) -> list[tuple[int, int]]:
    """The test buckets within the training lengths: the headline test set."""
    return [tuple(b) for b in config["buckets"] if b[1] <= config["max_train_length"]]


def _bucket_name(bucket: Sequence[int]) -> str:
    return f"{bucket[0]}-{bucket[1]}"


def evaluate(model: Seq2Seq, kind: str, data: dict, config: dict) -> dict:
    """Greedy BLEU by bucket and on the headline test set (the buckets within the training
    lengths), and test perplexity (:func:`lstm.nn.seq2seq.perplexity`) on that set."""
    _, reverse = KINDS[_check_kind(kind)]
    by_bucket, hypotheses = {}, {}
    for bucket, pairs in data["buckets"].items():
        hyps = translate(model, pairs, data, reverse_source=reverse)
        hypotheses[bucket] = hyps
        by_bucket[_bucket_name(bucket)] = corpus_bleu(hyps, _references(pairs))
    headline = _in_range(config)
    pairs = [p for b in headline for p in data["buckets"][b]]
    hyps = [h for b in headline for h in hypotheses[b]]
    test_batches = length_batches(
        pairs, data["source"], data["target"], batch_size=256, reverse_source=reverse
    )
    return {
        "bleu": corpus_bleu(hyps, _references(pairs)),
        # one source length per batch: the encoder runs unpadded, without lengths
        "perplexity": perplexity(model, [(b.source, None, b.target) for b in test_batches]),
        "bleu_by_bucket": by_bucket,
        "hypotheses": hypotheses,
    }


def beam_study(model: Seq2Seq, pairs: Sequence, data: dict, beam_sizes: Sequence[int]) -> list:
    """BLEU and decoding time per sentence of the reversed model at each beam size."""
    rows = []
    for k in beam_sizes:
        start = time.perf_counter()
        hyps = translate(model, pairs, data, reverse_source=True, beam_size=k)
        seconds = time.perf_counter() - start
        rows.append(
            {
                "beam": k,
                "bleu": corpus_bleu(hyps, _references(pairs)),
                "ms_per_sentence": 1000 * seconds / len(pairs),
            }
        )
    return rows


ORDER_NOUNS = (("dog", "cat"), ("king", "queen"), ("teacher", "student"))


ORDER_VERBS = ("sees", "follows", "helps", "visits")


def word_order_sentences() -> list[dict]:
    """'the A <verb> the B' and 'the B <verb> the A' for a few noun pairs and verbs."""
    sentences = []
    for a, b in ORDER_NOUNS:
        for verb in ORDER_VERBS:
            for subject, obj in ((a, b), (b, a)):
                sentences.append(
                    {
                        "words": ("the", subject, verb, "the", obj),
                        "pair": f"{a}/{b}",
                        "subject": subject,
                        "verb": verb,
                    }
                )
    return sentences


def encoder_states(model: Seq2Seq, sentences: Sequence, data: dict, reverse_source: bool):
    """The encoder's final (h, c) of the top layer, concatenated: (sentences, 2 * hidden)."""
    ids = [data["source"].encode(s) for s in sentences]
    if len({len(i) for i in ids}) != 1:
        raise ValueError("expected sentences of one length (the encoder runs unpadded)")
    source = torch.tensor([i[::-1] if reverse_source else i for i in ids], dtype=torch.int64)
    with torch.no_grad():
        _, final = model.encoder(source)
    if isinstance(final, tuple):
        return torch.cat([final[0][-1], final[1][-1]], dim=1)
    return final[-1]


def word_order_study(model: Seq2Seq, data: dict, reverse_source: bool) -> dict:
    """PCA (2 components) of the encoder states of :func:`word_order_sentences`, and how
    often a sentence's nearest neighbour (full state, Euclidean) has the same subject and
    object, rather than the same words in the other order."""
    sentences = word_order_sentences()
    states = encoder_states(model, [s["words"] for s in sentences], data, reverse_source)
    x = states.double().numpy()
    centred = x - x.mean(0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    coordinates = centred @ vt[:2].T
    distances = np.linalg.norm(x[:, None] - x[None], axis=2)
    np.fill_diagonal(distances, np.inf)
    nearest = distances.argmin(1)
    same_roles = [sentences[i]["subject"] == sentences[j]["subject"] for i, j in enumerate(nearest)]
    explained = (singular[:2] ** 2 / (singular**2).sum()).tolist()
    return {
        "points": [
            {
                **{k: v for k, v in s.items() if k != "words"},
                "sentence": " ".join(s["words"]),
                "x": float(c[0]),
                "y": float(c[1]),
            }
            for s, c in zip(sentences, coordinates, strict=True)
        ],
        "explained_variance": explained,
        "nearest_same_roles": float(np.mean(same_roles)),
    }


def run(config: dict) -> dict:
    """Train forward, reversed and GRU models for every seed; test them."""
    _warn_if_the_file_is_ignored(config)
    seeds = config["seeds"]
    per_seed, curves, beams, examples, order = [], {}, [], [], None
    for seed in seeds:
        data = corpus(config, seed)
        outcome = {"seed": seed}
        for kind in KINDS:
            started = time.perf_counter()
            model, losses = train_model(kind, data, config, seed)
            scores = evaluate(model, kind, data, config)
            LOG.info(
                "seed %d %s: BLEU %.1f, %.0f s",
                seed,
                kind,
                scores["bleu"],
                time.perf_counter() - started,
            )
            outcome[kind] = {k: v for k, v in scores.items() if k != "hypotheses"}
            curves.setdefault(kind, []).append(losses)
            if kind == "reversed":
                beam_pairs = [
                    p
                    for b in _in_range(config)
                    for p in data["buckets"][b][: config["beam_per_bucket"]]
                ]
                beams.append(beam_study(model, beam_pairs, data, config["beam_sizes"]))
                if seed == seeds[0] and config["corpus"] == "synthetic":
                    order = word_order_study(model, data, reverse_source=True)
            if seed == seeds[0]:
                outcome.setdefault("_hypotheses", {})[kind] = scores["hypotheses"]
        if seed == seeds[0]:
            examples = _translation_examples(data, outcome.pop("_hypotheses"), config)
        per_seed.append(outcome)
    output = _summarise(per_seed, curves, beams, examples, order, config)
    if config["corpus"] == "tsv":
        output["file"] = _file_record(data)
    return output


def _file_record(data: dict) -> dict:
    """What the chapter shows of your file: where it is, how many pairs each part took,
    the vocabulary sizes and its first three training pairs."""
    return {
        **data["file"],
        "source_words": len(data["source"]) - len(SPECIALS),
        "target_words": len(data["target"]) - len(SPECIALS),
        "sample": [[" ".join(side) for side in pair[:2]] for pair in data["train"][:3]],
    }


def _translation_examples(data: dict, hypotheses: dict, config: dict) -> list[dict]:
    """The first ``examples_per_bucket`` test sentences of each bucket, with every model's
    greedy translation (the first seed's models)."""
    rows = []
    for bucket, pairs in data["buckets"].items():
        for i in range(config["examples_per_bucket"]):
            source, reference = pairs[i][:2]
            row = {
                "bucket": _bucket_name(bucket),
                "source": " ".join(source),
                "reference": " ".join(reference),
            }
            row.update({kind: hypotheses[kind][bucket][i] for kind in KINDS})
            rows.append(row)
    return rows


def _mean(values: Sequence[float]) -> float:
    return float(np.mean(values))


def _summarise(per_seed, curves, beams, examples, order, config) -> dict:
    """The flat metrics (means over seeds) and the data the chapter's tables and figures
    show."""
    metrics: dict[str, float] = {}
    for kind in KINDS:
        metrics[f"{kind}_bleu"] = _mean([s[kind]["bleu"] for s in per_seed])
        metrics[f"{kind}_perplexity"] = _mean([s[kind]["perplexity"] for s in per_seed])
    metrics["reversal_bleu_gain_min"] = min(
        s["reversed"]["bleu"] - s["forward"]["bleu"] for s in per_seed
    )
    metrics["reversal_perplexity_ratio_max"] = max(
        s["reversed"]["perplexity"] / s["forward"]["perplexity"] for s in per_seed
    )
    bucket_names = [_bucket_name(b) for b in config["buckets"]]
    by_bucket = {
        kind: {
            name: _mean([s[kind]["bleu_by_bucket"][name] for s in per_seed])
            for name in bucket_names
        }
        for kind in KINDS
    }
    trained = [_bucket_name(b) for b in _in_range(config)]
    first, last = trained[0], trained[-1]
    for kind in KINDS:
        for name in bucket_names:
            metrics[f"{kind}_bleu_{name}"] = by_bucket[kind][name]
        # how much BLEU falls from the shortest to the longest bucket of training lengths
        metrics[f"{kind}_length_drop"] = by_bucket[kind][first] - by_bucket[kind][last]
        # and the share of its short-sentence BLEU it keeps on the longest (1: no loss)
        metrics[f"{kind}_length_retention"] = by_bucket[kind][last] / max(
            by_bucket[kind][first], 1e-9
        )
        # the same share for each seed's model: the largest says whether every seed lost
        metrics[f"{kind}_length_retention_max"] = max(
            s[kind]["bleu_by_bucket"][last] / max(s[kind]["bleu_by_bucket"][first], 1e-9)
            for s in per_seed
        )
    beam_rows = []
    for i, k in enumerate(config["beam_sizes"]):
        beam_rows.append(
            {
                "beam": k,
                "bleu": _mean([b[i]["bleu"] for b in beams]),
                "ms_per_sentence": _mean([b[i]["ms_per_sentence"] for b in beams]),
            }
        )
        metrics[f"beam{k}_bleu"] = beam_rows[-1]["bleu"]
    greedy = metrics[f"beam{config['beam_sizes'][0]}_bleu"]
    best = max(row["bleu"] for row in beam_rows)
    metrics["beam_gain"] = best - greedy
    metrics["beam2_share_of_gain"] = (
        (metrics["beam2_bleu"] - greedy) / (best - greedy) if best > greedy else 1.0
    )
    if order is not None:
        metrics["word_order_nearest_same_roles"] = order["nearest_same_roles"]
    return {
        "metrics": metrics,
        "per_seed": per_seed,
        "bleu_by_bucket": by_bucket,
        "beam": beam_rows,
        "beam_per_seed": beams,
        "loss_curves": curves,
        "examples": examples,
        "word_order": order,
        "bleu_signature": bleu_signature(),
    }
