"""Chapter 13's machinery: the corpora, the two models, the attention on the references,
the alignment study, and the tables and figures the chapter shows."""

import json

import pytest
import torch

from lstm.experiments.attention import experiment as att
from lstm.experiments.attention import show as att_show
from lstm.nn.alignment import attention_aer
from lstm.nn.rnnsearch import RNNsearch
from lstm.nn.seq2seq import Seq2Seq
from lstm.reproduce import figures
from lstm.reproduce.results import Result

TINY = {
    **att.CONFIG["smoke"],
    "seeds": [3],
    "train_pairs": 120,
    "train_lengths": {"short": 6, "long": 10},
    "buckets": [[3, 6], [7, 10], [11, 14]],
    "test_per_bucket": 4,
    "validation_pairs": 6,
    "lrs": [1e-3, 1e-2],
    "lr_search_steps": 4,
    "embedding_size": 8,
    "hidden_size": 12,
    "attention_size": 10,
    "readout_size": 6,
    "steps": 8,
    "log_every": 4,
    "examples": 2,
}


@pytest.fixture(scope="module")
def data():
    return att.corpus(TINY, seed=3)


@pytest.fixture(scope="module")
def tiny_result():
    return att.run(dict(TINY))


def as_result(output: dict, config: dict) -> Result:
    """``output`` of run as the chapter sees it: a Result read back from JSON."""
    data = json.loads(json.dumps({k: v for k, v in output.items() if k != "metrics"}))
    return Result("attention", "smoke", config, output["metrics"], {}, data, None)


def test_each_training_set_keeps_its_lengths_and_no_test_source_is_trained_on(data):
    seen = set()
    for training, longest in TINY["train_lengths"].items():
        pairs = data["train"][training]
        assert len(pairs) == TINY["train_pairs"]
        assert all(3 <= len(p.source) <= longest for p in pairs)
        assert max(len(p.source) for p in pairs) == longest
        seen |= {p.source for p in pairs}
    for (low, high), pairs in data["buckets"].items():
        assert len(pairs) == TINY["test_per_bucket"]
        assert all(low <= len(p.source) <= high and p.source not in seen for p in pairs)


def test_validation_pairs_have_the_training_lengths_and_are_neither_trained_on_nor_tested(data):
    tested = {p.source for pairs in data["buckets"].values() for p in pairs}
    for training, longest in TINY["train_lengths"].items():
        validation = data["validation"][training]
        assert 0 < len(validation) <= TINY["validation_pairs"]
        assert all(3 <= len(p.source) <= longest for p in validation)
        trained = {p.source for pairs in data["train"].values() for p in pairs}
        assert not {p.source for p in validation} & (trained | tested)


def test_the_learning_rate_is_chosen_by_validation_bleu_and_the_first_of_equals_wins(
    data, monkeypatch
):
    tried = []

    def train(kind, training, data, config, seed, *, lr, steps):
        tried.append((lr, steps))
        return lr, []

    scores = {1e-3: 20.0, 1e-2: 30.0}
    monkeypatch.setattr(att, "train_model", train)
    monkeypatch.setattr(att, "translate_pairs", lambda model, pairs, *a, **k: [model] * len(pairs))
    monkeypatch.setattr(att, "corpus_bleu", lambda hypotheses, references: scores[hypotheses[0]])
    search = att.choose_learning_rate("encdec", "short", data, TINY, seed=0)
    assert search == {"lrs": [1e-3, 1e-2], "validation_bleu": [20.0, 30.0], "chosen": 1e-2}
    assert tried == [(1e-3, 4), (1e-2, 4)]
    scores[1e-2] = 20.0
    assert att.choose_learning_rate("encdec", "short", data, TINY, seed=0)["chosen"] == 1e-3


def test_the_two_models_are_the_papers_and_an_unknown_kind_is_named():
    assert isinstance(att.build_model("encdec", 20, 30, TINY), Seq2Seq)
    search = att.build_model("search", 20, 30, TINY)
    assert isinstance(search, RNNsearch) and search.cell == "lstm"
    with pytest.raises(ValueError, match=r"model kind in \('encdec', 'search'\), got 'bi'"):
        att.build_model("bi", 20, 30, TINY)


def test_training_lowers_the_loss_and_is_repeatable(data):
    model, curve = att.train_model("search", "short", data, TINY, seed=0)
    again, curve_again = att.train_model("search", "short", data, TINY, seed=0)
    assert curve == curve_again and len(curve) == TINY["steps"] // TINY["log_every"]
    assert curve[-1] < curve[0]
    assert not model.training
    for a, b in zip(model.parameters(), again.parameters(), strict=True):
        assert torch.equal(a, b)


def test_attention_on_the_references_has_each_pairs_shape_in_the_order_given(data):
    torch.manual_seed(0)
    model = att.build_model("search", len(data["source"]), len(data["target"]), TINY)
    pairs = [p for bucket in data["buckets"].values() for p in bucket][::-1]
    matrices = att.reference_attention(model, pairs, data)
    for pair, matrix in zip(pairs, matrices, strict=True):
        assert matrix.shape == (len(pair.target), len(pair.source))
        assert torch.allclose(matrix.sum(1), torch.ones(len(pair.target)))
        (alone,) = att.reference_attention(model, [pair], data)
        assert torch.allclose(matrix, alone, atol=1e-6)


def test_attention_that_follows_the_true_alignment_scores_zero_and_the_study_reads_it(
    data, monkeypatch
):
    def true_attention(model, pairs, data):
        matrices = []
        for pair in pairs:
            matrix = torch.full((len(pair.target), len(pair.source)), 0.1)
            for source, target in pair.alignment:
                matrix[target, source] = 1.0
            matrices.append(matrix)
        return matrices

    monkeypatch.setattr(att, "reference_attention", true_attention)
    study = att.alignment_study(None, data)
    assert study["aer"] == 0.0
    assert set(study["aer_by_bucket"].values()) == {0.0}
    assert 0.0 < study["diagonal_aer"] < 1.0
    every = [p for bucket in data["buckets"].values() for p in bucket]
    matrices = true_attention(None, every, data)
    assert study["aer"] == attention_aer(matrices, every, skip_unaligned_targets=True)
    example = study["example"]
    assert len(example["attention"]) == len(example["target"])


def test_run_reports_every_arm_and_the_alignment_of_each_rnnsearch(tiny_result):
    metrics = tiny_result["metrics"]
    for arm in att.ARMS:
        assert 0.0 <= metrics[f"{arm}_bleu"] <= 100.0
        assert {f"{arm}_bleu_{b}" for b in ("3-6", "7-10", "11-14")} <= set(metrics)
    for arm in ("search_short", "search_long"):
        assert 0.0 <= metrics[f"{arm}_aer"] <= 1.0
        assert 0.0 <= metrics[f"{arm}_diagonal_aer"] <= 1.0
    (seed,) = tiny_result["per_seed"]
    assert "example" in seed["search_long"]["alignment"]
    for training in ("short", "long"):
        encdec, search = seed[f"encdec_{training}"], seed[f"search_{training}"]
        assert encdec["lr"] == encdec["lr_search"]["chosen"] in TINY["lrs"]
        assert search["lr"] == TINY["lr"] and search["lr_search"] is None
    assert [len(c) for c in tiny_result["loss_curves"].values()] == [1] * 4


def test_run_is_repeatable_bit_for_bit(tiny_result):
    again = att.run(dict(TINY))
    assert again["metrics"] == tiny_result["metrics"]
    assert again["examples"] == tiny_result["examples"]


def test_the_chapters_tables_set_the_paper_beside_ours(tiny_result):
    shown = att_show.tables(as_result(tiny_result, TINY))
    assert set(shown) == {"summary", "learning_rates", "length", "alignment", "examples"}
    assert [row["model"] for row in shown["learning_rates"].rows] == ["RNNencdec-6", "RNNencdec-10"]
    summary = shown["summary"].rows
    assert list(shown["summary"].columns)[:3] == ["model", "paper_bleu", "bleu"]
    assert [row["model"] for row in summary] == [
        "RNNencdec-6",
        "RNNsearch-6",
        "RNNencdec-10",
        "RNNsearch-10",
    ]
    assert [row["paper_bleu"] for row in summary] == [13.93, 21.50, 17.82, 26.75]
    assert [row["model"] for row in shown["alignment"].rows][-1] == "diagonal (lengths only)"
    assert len(shown["examples"].rows) == 6 * TINY["examples"]


def test_the_chapters_figures_keep_the_book_style(tiny_result):
    drawn = att_show.figures(as_result(tiny_result, TINY))
    assert set(drawn) == {"length", "alignment"}
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []
