"""Chapter 6's machinery: one-length batches, training, testing, the word-order study,
and the tables and figures the chapter shows."""

import json
import math
import re

import pytest
import torch

from lstm.experiments.sequence_to_sequence import experiment as s2s
from lstm.experiments.sequence_to_sequence import show as s2s_show
from lstm.reproduce import cli, figures, results
from lstm.reproduce.results import Result

TINY = {
    **s2s.CONFIG["smoke"],
    "seeds": [3],
    "train_pairs": 200,
    "max_train_length": 10,
    "buckets": [[3, 6], [7, 10], [11, 14]],
    "test_per_bucket": 4,
    "beam_per_bucket": 2,
    "beam_sizes": [1, 2, 3],
    "embedding_size": 8,
    "hidden_size": 12,
    "steps": 12,
    "log_every": 4,
}


@pytest.fixture(scope="module")
def data():
    return s2s.corpus(TINY, seed=3)


@pytest.fixture(scope="module")
def tiny_result():
    return s2s.run(dict(TINY))


def as_result(output: dict, config: dict) -> Result:
    """``output`` of run as the chapter sees it: a Result read back from JSON."""
    data = json.loads(json.dumps({k: v for k, v in output.items() if k != "metrics"}))
    return Result("sequence_to_sequence", "smoke", config, output["metrics"], {}, data, None)


def test_corpus_keeps_training_lengths_and_excludes_training_sources(data):
    assert len(data["train"]) == 200
    assert all(3 <= len(p.source) <= 10 for p in data["train"])
    seen = {p.source for p in data["train"]}
    for (low, high), pairs in data["buckets"].items():
        assert len(pairs) == 4
        assert all(low <= len(p.source) <= high and p.source not in seen for p in pairs)


def test_an_unknown_model_kind_is_named(data):
    expected = r"model kind in \['forward', 'gru', 'reversed'\], got 'bi'"
    with pytest.raises(ValueError, match=expected):
        s2s.build_model("bi", 10, 10, TINY)
    with pytest.raises(ValueError, match="got 'bi'"):
        s2s.train_model("bi", data, TINY, seed=0)


def test_build_model_cells():
    assert s2s.build_model("forward", 20, 30, TINY).cell == "lstm"
    assert s2s.build_model("reversed", 20, 30, TINY).cell == "lstm"
    gru = s2s.build_model("gru", 20, 30, TINY)
    assert gru.cell == "gru" and gru.context_every_step


def test_training_lowers_the_loss_and_is_repeatable(data):
    config = {**TINY, "steps": 30, "log_every": 10}
    model, losses = s2s.train_model("reversed", data, config, seed=0)
    again, losses_again = s2s.train_model("reversed", data, config, seed=0)
    assert len(losses) == 3 and losses[-1] < losses[0]
    assert losses == losses_again
    assert not model.training
    for p, q in zip(model.parameters(), again.parameters(), strict=True):
        assert torch.equal(p, q)


def test_training_sees_every_pair_once_an_epoch_in_a_fresh_order_each_epoch(data, monkeypatch):
    seen = []

    def loss(model, source, lengths, target):
        seen.append(source.tolist())
        return model.decoder.readout.bias.sum()

    monkeypatch.setattr(s2s.Seq2Seq, "loss", loss)
    per_epoch = len(
        s2s.length_batches(
            data["train"], data["source"], data["target"], batch_size=64, reverse_source=False
        )
    )
    config = {**TINY, "batch_size": 64, "steps": 2 * per_epoch + 1, "log_every": 1}
    s2s.train_model("forward", data, config, seed=4)
    for epoch in range(2):
        expected = s2s.length_batches(
            data["train"],
            data["source"],
            data["target"],
            batch_size=64,
            reverse_source=False,
            seed=4000 + epoch,
        )
        assert seen[epoch * per_epoch : (epoch + 1) * per_epoch] == [
            b.source.tolist() for b in expected
        ]
    assert len(seen) == 2 * per_epoch + 1


def test_an_untrained_models_perplexity_is_about_the_vocabulary_size(data):
    torch.manual_seed(0)
    model = s2s.build_model("forward", len(data["source"]), len(data["target"]), TINY)
    scores = s2s.evaluate(model, "forward", data, TINY)
    assert 0.5 * len(data["target"]) < scores["perplexity"] < 2 * len(data["target"])
    assert set(scores["bleu_by_bucket"]) == {"3-6", "7-10", "11-14"}
    assert [len(h) for h in scores["hypotheses"].values()] == [4, 4, 4]


def test_beam_study_gives_a_row_per_beam_size(data):
    model = s2s.build_model("reversed", len(data["source"]), len(data["target"]), TINY)
    rows = s2s.beam_study(model, data["train"][:6], data, [1, 3])
    assert [row["beam"] for row in rows] == [1, 3]
    assert all(0 <= row["bleu"] <= 100 and row["ms_per_sentence"] > 0 for row in rows)


def test_word_order_sentences_come_in_swapped_pairs():
    sentences = s2s.word_order_sentences()
    assert len(sentences) == 2 * len(s2s.ORDER_NOUNS) * len(s2s.ORDER_VERBS)
    for first, second in zip(sentences[::2], sentences[1::2], strict=True):
        assert sorted(first["words"]) == sorted(second["words"])
        assert first["words"] != second["words"]


def test_encoder_states_shape_and_the_mixed_length_error(data):
    model = s2s.build_model("forward", len(data["source"]), len(data["target"]), TINY)
    states = s2s.encoder_states(model, [("the", "dog", "runs")] * 2, data, reverse_source=True)
    assert states.shape == (2, 2 * TINY["hidden_size"])
    with pytest.raises(ValueError, match="one length"):
        s2s.encoder_states(model, [("the", "dog", "runs"), ("a", "big", "dog", "runs")], data, True)


def test_word_order_study_has_a_point_per_sentence(data):
    model = s2s.build_model("gru", len(data["source"]), len(data["target"]), TINY)
    study = s2s.word_order_study(model, data, reverse_source=False)
    assert len(study["points"]) == len(s2s.word_order_sentences())
    assert 0 <= study["nearest_same_roles"] <= 1
    assert 0 < sum(study["explained_variance"]) <= 1 + 1e-9


def test_run_reports_every_model_and_beam_size(tiny_result):
    metrics = tiny_result["metrics"]
    for kind in s2s.KINDS:
        assert math.isfinite(metrics[f"{kind}_perplexity"])
        assert 0 <= metrics[f"{kind}_bleu"] <= 100
        assert set(tiny_result["bleu_by_bucket"][kind]) == {"3-6", "7-10", "11-14"}
    assert [row["beam"] for row in tiny_result["beam"]] == [1, 2, 3]
    assert len(tiny_result["examples"]) == 3 * TINY["examples_per_bucket"]
    assert len(tiny_result["loss_curves"]["forward"][0]) == 3


def test_run_is_repeatable_bit_for_bit(tiny_result):
    again = s2s.run(dict(TINY))
    assert again["metrics"] == tiny_result["metrics"]
    assert again["examples"] == tiny_result["examples"]
    assert again["word_order"] == tiny_result["word_order"]


def test_the_chapters_tables_set_the_paper_beside_ours(tiny_result):
    shown = s2s_show.tables(as_result(tiny_result, TINY))
    assert set(shown) == {"language", "vocabulary", "summary", "length", "beam", "examples"}
    summary = shown["summary"]
    assert list(summary.columns)[:3] == ["model", "paper_perplexity", "perplexity"]
    assert [row["model"] for row in summary.rows] == list(s2s_show._LABELS.values())
    assert summary.rows[0]["paper_bleu"] == 25.9 and summary.rows[2]["paper_bleu"] == "—"
    assert set(shown["length"].rows[0]) == {"model", "3-6", "7-10", "11-14"}
    beams = shown["beam"].rows
    assert beams[0]["paper"] == 33.0 and beams[2]["paper"] == "—"
    # one line per sentence: the source, its reference and the three translations
    examples = shown["examples"].rows
    assert len(examples) == 5 * 3 * TINY["examples_per_bucket"]
    assert [row["who"] for row in examples[:5]] == [
        "source",
        "reference",
        *s2s_show._LABELS.values(),
    ]
    assert examples[0]["bucket"] == "3-6" and examples[1]["bucket"] == ""
    assert len(shown["language"].rows) == 6


def test_the_chapters_figures_keep_the_book_style(tiny_result):
    drawn = s2s_show.figures(as_result(tiny_result, TINY))
    assert set(drawn) == {"loss", "length", "beam", "word_order"}
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []


def test_the_length_drop_is_measured_within_the_training_lengths(tiny_result):
    metrics = tiny_result["metrics"]
    drop = metrics["forward_bleu_3-6"] - metrics["forward_bleu_7-10"]
    assert metrics["forward_length_drop"] == pytest.approx(drop)


# -- your own sentence pairs: a Tatoeba-style file -----------------------------------------

ENGLISH = ("Tom", "saw", "a", "big", "red", "cat", "near", "the", "old", "house", "today")
FRENCH = ("Tom", "a vu", "un", "gros", "rouge", "chat", "près de", "la", "vieille", "maison")


def write_tatoeba(path, count=90):
    """``count`` English-French pairs of 1 to 9 words in Tatoeba's three columns (source,
    target, attribution), every source different."""
    lines = []
    for i in range(count):
        words = [ENGLISH[(i + k) % len(ENGLISH)] for k in range(1 + i % 9)]
        french = [FRENCH[ENGLISH.index(w) % len(FRENCH)] for w in words]
        attribution = f"CC-BY 2.0 (France) Attribution: tatoeba.org #{1000 + i} (CM)"
        lines.append(f"{' '.join(words)} {i}.\t{' '.join(french)} {i} !\t{attribution}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FILE_CONFIG = {
    **TINY,
    "corpus": "tsv",
    "max_train_length": 8,
    "buckets": [[2, 5], [6, 8], [9, 11]],
    "test_per_bucket": 3,
}


@pytest.fixture
def tatoeba(tmp_path, monkeypatch):
    path = write_tatoeba(tmp_path / "fra.txt")
    monkeypatch.setenv("LSTM_PARALLEL_FILE", str(path))
    return path


def test_a_file_is_split_once_for_every_seed_and_tests_unseen_sources(tatoeba):
    data = s2s.corpus(FILE_CONFIG, seed=0)
    assert s2s.corpus(FILE_CONFIG, seed=1)["train"] == data["train"]
    assert data["file"] == {
        "path": str(tatoeba),
        "pairs": 90,
        "train": data["file"]["train"],
        "held_out": 9,
    }
    assert all(len(source) <= 8 for source, _ in data["train"])
    seen = {source for source, _ in data["train"]}
    tested = [pair for pairs in data["buckets"].values() for pair in pairs]
    assert tested and all(pair[0] not in seen for pair in tested)
    assert data["train"][0][0][-1] == "." and "Tom" in data["source"]  # cased as written
    assert "tatoeba.org" not in data["target"]  # the attribution column is not read


def test_the_corpus_and_the_file_are_named_when_wrong(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match=r"expected corpus to be one of \('synthetic', 'tsv'\)"):
        s2s.corpus({**FILE_CONFIG, "corpus": "wmt"}, seed=0)
    monkeypatch.delenv("LSTM_PARALLEL_FILE", raising=False)
    with pytest.raises(ValueError, match="^expected LSTM_PARALLEL_FILE to name your sentence"):
        s2s.corpus(FILE_CONFIG, seed=0)
    missing = tmp_path / "nowhere.tsv"
    monkeypatch.setenv("LSTM_PARALLEL_FILE", str(missing))
    with pytest.raises(ValueError) as error:
        s2s.corpus(FILE_CONFIG, seed=0)
    message = str(error.value)
    assert message.startswith(f"LSTM_PARALLEL_FILE={missing} is not a sentence-pair file: ")
    assert "\n" not in message
    monkeypatch.setenv("LSTM_PARALLEL_FILE", str(write_tatoeba(tmp_path / "fra.txt")))
    with pytest.raises(ValueError, match=r"expected test pairs of 20 to 30 source words, found 0"):
        s2s.corpus({**FILE_CONFIG, "buckets": [[2, 5], [20, 30]]}, seed=0)


def test_a_set_file_with_the_synthetic_corpus_is_a_warning(monkeypatch):
    monkeypatch.setenv("LSTM_PARALLEL_FILE", "fra.txt")
    with pytest.warns(UserWarning, match="LSTM_PARALLEL_FILE is set, but the config names"):
        s2s._warn_if_the_file_is_ignored(TINY)


def test_run_on_a_file_and_show_it(tatoeba):
    output = s2s.run(dict(FILE_CONFIG))
    assert output["word_order"] is None
    assert output["file"]["pairs"] == 90 and len(output["file"]["sample"]) == 3
    for kind in s2s.KINDS:
        assert math.isfinite(output["metrics"][f"{kind}_perplexity"])
    result = as_result(output, FILE_CONFIG)
    shown = s2s_show.tables(result)
    assert [row["words"] for row in shown["language"].rows[:2]] == output["file"]["sample"][0]
    assert shown["vocabulary"].rows[0]["ours"] == output["file"]["source_words"]
    assert set(shown["length"].rows[0]) == {"model", "2-5", "6-8", "9-11"}
    drawn = s2s_show.figures(result)
    assert set(drawn) == {"loss", "length", "beam"}
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []


def test_a_file_owner_runs_the_chapter_from_the_command_line_beside_the_committed_results(
    tatoeba, tmp_path, monkeypatch, capsys
):
    """The way the chapter gives: the corpus set to "tsv" in the config, the file in
    LSTM_PARALLEL_FILE and the results in LSTM_RESULTS_DIR, then ``python -m lstm
    sequence_to_sequence``; ``--list`` never reads the variable."""
    monkeypatch.setenv("LSTM_RESULTS_DIR", str(tmp_path / "mine"))
    monkeypatch.setitem(s2s.CONFIG, "smoke", dict(FILE_CONFIG))
    monkeypatch.setenv("LSTM_PARALLEL_FILE", str(tmp_path / "nowhere.tsv"))
    assert cli.main(["--list"]) == 0
    capsys.readouterr()
    assert cli.main(["sequence_to_sequence", "--profile", "smoke"]) == 2
    error = capsys.readouterr().err
    assert re.fullmatch(r"error: LSTM_PARALLEL_FILE=.*nowhere\.tsv is not a sentence.*\n", error)
    monkeypatch.setenv("LSTM_PARALLEL_FILE", str(tatoeba))
    assert cli.main(["sequence_to_sequence", "--profile", "smoke"]) == 0
    path = results.result_path("sequence_to_sequence", "smoke")
    assert path.is_relative_to(tmp_path / "mine")
    result = results.load(path)
    assert result.config["corpus"] == "tsv" and result.data["file"]["path"] == str(tatoeba)
