"""Chapter 12's experiment (lstm.experiments.speech_recognition): the phoneme targets of a
split, batches by length, the training subset, decoding, the networks and their configs,
the choice of learning rates, and the analysis the claims read, on runs made up here."""

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from lstm.data.corpus import PAD_LABEL, Split
from lstm.data.features import N_FEATURES
from lstm.data.phonemes import PHONEMES
from lstm.experiments.speech_recognition import claims as sr_claims
from lstm.experiments.speech_recognition import experiment as sr
from lstm.experiments.speech_recognition import show as sr_show
from lstm.reproduce import figures


def tiny_split():
    """Three utterances of 5, 2 and 6 frames, padded to 6 (labels with PAD_LABEL)."""
    labels = [[4, 4, 1, 1, 4], [7, 7], [0, 2, 2, 2, 0, 0]]
    lengths = [len(row) for row in labels]
    padded = [row + [PAD_LABEL] * (6 - len(row)) for row in labels]
    features = torch.randn(3, 6, N_FEATURES, generator=torch.Generator().manual_seed(0))
    for row, length in enumerate(lengths):
        features[row, length:] = 0.0
    return Split(
        features=features,
        labels=torch.tensor(padded),
        lengths=torch.tensor(lengths),
        speakers=("a", "b", "a"),
        texts=("one", "two", "three"),
    )


def log_probs(rows):
    """Log-probabilities (frames, classes + 1) from each frame's probabilities."""
    return torch.tensor(rows, dtype=torch.float64).log()


BEAM = {"beam_width": 4, "beam_min_prob": 0.001}


def test_a_phoneme_sequence_names_each_run_of_frame_labels_once():
    assert sr.phoneme_sequence([3, 3, 1, 1, 1, 3, 0]) == [3, 1, 3, 0]
    assert sr.phoneme_sequence([5]) == [5]
    assert sr.phoneme_sequence([]) == []


def test_sequences_reads_each_utterance_up_to_its_length_and_no_padding():
    assert sr.sequences(tiny_split()) == [[4, 1, 4], [7], [0, 2, 0]]


def test_length_batches_sort_by_length_then_index_and_cut_batches_of_the_size():
    lengths = torch.tensor([5, 2, 7, 2, 5, 1])
    batches = sr.length_batches(lengths, 2)
    assert [batch.tolist() for batch in batches] == [[5, 1], [3, 0], [4, 2]]
    assert [batch.tolist() for batch in sr.length_batches(lengths, 4)] == [[5, 1, 3, 0], [4, 2]]
    assert [batch.tolist() for batch in sr.length_batches(lengths, 10)] == [[5, 1, 3, 0, 4, 2]]
    assert all(batch.dtype == torch.int64 for batch in batches)


@pytest.mark.parametrize("size", [0, -2, True, 2.0, "2", None])
def test_length_batches_refuse_a_size_that_is_not_a_positive_int(size):
    with pytest.raises(ValueError, match=r"expected a batch size as an int >= 1, got"):
        sr.length_batches(torch.tensor([3, 1, 2]), size)


@pytest.mark.parametrize("count", [None, 12, 20])
def test_training_rows_are_all_of_them_when_no_fewer_are_asked_for(count):
    assert torch.equal(sr.training_rows(12, count, seed=3), torch.arange(12))


def test_training_rows_are_a_sorted_subset_drawn_by_the_seed():
    rows = sr.training_rows(50, 10, seed=1)
    assert len(rows) == 10 == len(set(rows.tolist()))
    assert rows.tolist() == sorted(rows.tolist())
    assert 0 <= rows.min() and rows.max() < 50
    assert torch.equal(rows, sr.training_rows(50, 10, seed=1))
    assert not torch.equal(rows, sr.training_rows(50, 10, seed=2))


# Frames whose most probable CTC labels are 1 1 - 3 3 - 1: best path 1 3 1, classes 0 2 0.
CONFIDENT = log_probs(
    [
        [0.01, 0.96, 0.01, 0.01, 0.01],
        [0.01, 0.96, 0.01, 0.01, 0.01],
        [0.96, 0.01, 0.01, 0.01, 0.01],
        [0.01, 0.01, 0.01, 0.96, 0.01],
        [0.01, 0.01, 0.01, 0.96, 0.01],
        [0.96, 0.01, 0.01, 0.01, 0.01],
        [0.01, 0.96, 0.01, 0.01, 0.01],
    ]
)
# Two frames of blank 0.6, label 0.4: the best path is empty, but the paths to [1] add up
# to 0.64, so a beam finds CTC label 1, class 0.
BEST_PATH_MISLEADS = log_probs([[0.6, 0.4], [0.6, 0.4]])


def test_best_path_decoding_gives_classes_one_below_the_ctc_labels():
    assert sr.decode([CONFIDENT, BEST_PATH_MISLEADS], "best_path", BEAM) == [[0, 2, 0], []]


def test_beam_decoding_searches_with_the_configs_width_and_cut_off():
    assert sr.decode([CONFIDENT, BEST_PATH_MISLEADS], "beam", BEAM) == [[0, 2, 0], [0]]
    # a cut-off above 0.4 never tries the label, so only the empty labelling is left
    assert sr.decode([BEST_PATH_MISLEADS], "beam", {**BEAM, "beam_min_prob": 0.5}) == [[]]


def test_decode_refuses_an_unknown_method():
    with pytest.raises(ValueError, match="expected method 'best_path' or 'beam', got 'greedy'"):
        sr.decode([CONFIDENT], "greedy", BEAM)


@pytest.mark.parametrize(("hidden_size", "projection"), [(80, 40), (81, 40), (3, 1)])
def test_the_lstmp_network_projects_to_half_its_cells_rounded_down(hidden_size, projection):
    model = sr.NETWORKS["blstmp-3l"].build(hidden_size)
    assert (model.hidden_size, model.proj_size, model.num_layers) == (hidden_size, projection, 3)
    assert model.bidirectional and model.cell == "lstm"


def test_each_network_is_built_from_the_speech_features_to_the_phoneme_classes():
    names = {key: network.build(10).describe() for key, network in sr.NETWORKS.items()}
    assert names == {
        "blstm-1l": "1 × 10 BLSTM",
        "blstm-3l": "3 × 10 BLSTM",
        "blstm-5l": "5 × 10 BLSTM",
        "lstm-3l": "3 × 10 LSTM",
        "brnn-3l": "3 × 10 BRNN",
        "blstmp-3l": "3 × 10/5 BLSTMP",
    }
    for network in sr.NETWORKS.values():
        model = network.build(10)
        assert (model.input_size, model.classes) == (N_FEATURES, len(PHONEMES))
    assert sr.NETWORKS["lstm-3l"].build(10).bidirectional is False
    assert sr.NETWORKS["blstm-3l"].build(10).proj_size == 0


def test_every_network_stands_beside_a_network_of_the_paper():
    assert set(sr_show.PAPER_NETWORK) <= set(sr.NETWORKS)
    assert set(sr_show.PAPER_NETWORK.values()) <= set(sr_show.PAPER["per"])
    assert set(sr_show.PAPER["checked"]) <= set(sr_show.PAPER["per"])
    assert sr_show.PAPER["classes"] == len(PHONEMES)


def test_each_cell_family_has_a_rate_chooser_of_its_own_family():
    assert set(sr.RATE_CHOOSERS) == {network.cell for network in sr.NETWORKS.values()}
    for cell, key in sr.RATE_CHOOSERS.items():
        assert sr.NETWORKS[key].cell == cell


@pytest.mark.parametrize("profile", sorted(sr.CONFIG))
def test_every_profile_trains_known_networks_at_its_own_budgets(profile):
    config = sr.CONFIG[profile]
    assert set(config["networks"]) <= set(config["budgets"])
    for keys in config["networks"].values():
        assert set(keys) <= set(sr.NETWORKS)
    assert set(sr.RATE_CHOOSERS.values()) <= set(config["networks"]["large"])
    assert len(config["seeds"]) >= 2  # the first chooses the rates, the others are judged


def test_choose_rates_takes_each_familys_lowest_validation_per_and_the_smaller_rate_on_a_tie():
    config = {"learning_rates": [0.003, 0.001, 0.01]}
    values = {
        "blstm-3l": {0.003: 0.25, 0.001: 0.30, 0.01: 0.26},
        "brnn-3l": {0.003: 0.50, 0.001: 0.50, 0.01: 0.60},
    }
    found = {
        f"{key}/large/{lr}": [{"value": value}]
        for key, by_rate in values.items()
        for lr, value in by_rate.items()
    }
    assert sr.choose_rates(found, config) == {"lstm": 0.003, "tanh": 0.001}


# Test PER of seeds 1, 2 and 3 of every network of the full config, by "<key>_<budget>".
PERS = {
    "blstm-1l_large": [0.30, 0.28, 0.26],
    "blstm-3l_large": [0.25, 0.29, 0.20],
    "blstm-5l_large": [0.31, 0.27, 0.26],
    "lstm-3l_large": [0.27, 0.30, 0.19],
    "brnn-3l_large": [0.40, 0.45, 0.50],
    "blstmp-3l_large": [0.24, 0.30, 0.20],
    "blstm-3l_small": [0.35, 0.36, 0.37],
    "blstmp-3l_small": [0.33, 0.34, 0.38],
}
HIDDEN = {"blstm-3l_large": 20, "blstmp-3l_large": 24, "blstm-3l_small": 10}


def made_up_runs():
    runs = {}
    for budget, keys in sr.CONFIG["full"]["networks"].items():
        for number, key in enumerate(keys):
            name = f"{key}_{budget}"
            lr = 0.01 if key == "brnn-3l" else 0.003
            runs[f"{key}/{budget}/{lr}"] = [
                {
                    "seed": seed,
                    "value": 0.95 if name == "brnn-3l_large" and seed == 3 else per,
                    "test_per": per,
                    "test_per_beam": per - 0.01,
                    "hidden_size": HIDDEN.get(name, 12),
                    "parameters": 1_000 * (10 + number) if budget == "large" else 300 + number,
                    "best_epoch": seed + 2,
                }
                for seed, per in zip([1, 2, 3], PERS[name], strict=True)
            ]
    return runs


def test_summarise_gives_each_networks_mean_per_and_weights():
    _, metrics = sr.summarise(made_up_runs())
    for name, pers in PERS.items():
        assert metrics[f"per_{name}"] == pytest.approx(np.mean(pers))
        assert metrics[f"per_beam_{name}"] == pytest.approx(np.mean(pers) - 0.01)
    assert metrics["parameters_blstm-3l_large"] == 11_000
    assert metrics["parameters_blstmp-3l_large"] == 15_000
    assert metrics["parameters_blstm-3l_small"] == 300
    assert metrics["parameters_blstmp-3l_small"] == 301
    assert metrics["weights_ratio_large"] == pytest.approx(15_000 / 11_000)
    assert metrics["weights_ratio_small"] == pytest.approx(301 / 300)
    assert metrics["seeds"] == 3


def test_summarise_counts_wins_seed_by_seed_and_a_tie_for_neither():
    _, metrics = sr.summarise(made_up_runs())
    wins = {name: value for name, value in metrics.items() if name.startswith("wins_")}
    assert wins == {
        "wins_blstm-3l_large_over_blstm-1l_large": 2,
        "wins_blstm-1l_large_over_blstm-3l_large": 1,
        "wins_blstm-5l_large_over_blstm-1l_large": 1,
        "wins_blstm-1l_large_over_blstm-5l_large": 1,
        "wins_blstm-3l_over_lstm-3l": 2,
        "wins_lstm-3l_over_blstm-3l": 1,
        "wins_blstm-3l_over_brnn-3l": 3,
        "wins_brnn-3l_over_blstm-3l": 0,
        "wins_lstmp_large": 1,
        "wins_lstm_large": 1,
        "wins_lstmp_small": 2,
        "wins_lstm_small": 1,
    }


def test_summarise_gives_one_row_per_network_and_budget():
    rows, _ = sr.summarise(made_up_runs())
    assert [(row["key"], row["budget"]) for row in rows] == [
        (key, budget) for budget, keys in sr.CONFIG["full"]["networks"].items() for key in keys
    ]
    by_name = {f"{row['key']}_{row['budget']}": row for row in rows}
    blstmp = by_name["blstmp-3l_large"]
    assert blstmp["network"] == "3 × 24/12 BLSTMP"
    assert (blstmp["lr"], blstmp["parameters"]) == (0.003, 15_000)
    assert blstmp["pers"] == PERS["blstmp-3l_large"]
    assert blstmp["per_mean"] == pytest.approx(np.mean(PERS["blstmp-3l_large"]))
    assert blstmp["per_std"] == pytest.approx(np.std(PERS["blstmp-3l_large"]))
    assert blstmp["beam_mean"] == pytest.approx(np.mean(PERS["blstmp-3l_large"]) - 0.01)
    assert math.isclose(blstmp["beam_std"], blstmp["per_std"], abs_tol=1e-12)
    assert (blstmp["seeds"], blstmp["epochs"]) == ([1, 2, 3], [3, 4, 5])
    # a seed whose best validation PER is on the all-blank plateau is counted
    assert [by_name[name]["plateau"] for name in ("brnn-3l_large", "blstmp-3l_large")] == [1, 0]
    shown = {row["network"]: row["plateau"] for row in sr_show.comparison_rows(rows)}
    assert shown["3 × 12 BRNN"] == "1 of 3" and shown["3 × 24/12 BLSTMP"] == "0 of 3"
    assert by_name["brnn-3l_large"]["lr"] == 0.01
    assert by_name["brnn-3l_large"]["network"] == "3 × 12 BRNN"
    assert by_name["blstm-3l_small"]["network"] == "3 × 10 BLSTM"


# The sweeps ---------------------------------------------------------------------------


def test_the_first_seed_chooses_each_familys_rate_and_the_others_are_judged():
    config = sr.CONFIG["full"]
    first, *judged = config["seeds"]
    select = sr.selection(config)
    assert select.config["seeds"] == [first] and select.trials == 1
    assert set(select.studies) == {
        f"{key}/large/{lr}" for key in ("blstm-3l", "brnn-3l") for lr in config["learning_rates"]
    }
    judge = sr.judged(config, {"lstm": 0.003, "tanh": 0.001})
    assert judge.config["seeds"] == judged and judge.trials == len(judged) == 3
    assert "brnn-3l/large/0.001" in judge.studies and "blstmp-3l/small/0.003" in judge.studies
    assert len(judge.studies) == 8


def test_a_sweeps_name_changes_with_its_config_and_not_otherwise():
    config = sr.CONFIG["full"]
    assert sr.selection(config).name == sr.selection(dict(config)).name
    assert sr.selection(config).name != sr.selection({**config, "batch": config["batch"] + 1}).name


# The whole chapter on a tiny TIMIT-layout folder ----------------------------------------

TINY = {
    **sr.CONFIG["smoke"],
    "corpus": "timit",
    "seeds": [0, 1],
    "budgets": {"large": 3_000, "small": 1_500},
    "learning_rates": [0.01],
    "train_utterances": None,
    "batch": 2,
    "max_epochs": 1,
    "patience": 1,
    "examples": 2,
}


def test_the_chapter_trains_and_scores_on_a_timit_folder(tmp_path, monkeypatch):
    """With LSTM_TIMIT_DIR and the corpus set to "timit", every network trains on the
    folder's TRAIN speakers and is scored on its core test speaker; every table and figure
    of the chapter renders from the result."""
    from test_data_timit import make_tree

    make_tree(tmp_path / "TIMIT")
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(tmp_path / "TIMIT"))
    monkeypatch.setenv(sr.local.STORAGE_ENV, str(tmp_path / "sweep.journal"))
    monkeypatch.setenv(sr.local.WORKERS_ENV, "1")
    output = sr.run(TINY)
    assert output["corpus"]["corpus"] == "TIMIT"
    assert output["metrics"]["test_utterances"] == 2  # the core test speaker's SX and SI
    assert output["metrics"]["train_utterances"] == 4
    assert {row["key"] for row in output["rows"]} == set(sr.NETWORKS)
    shown = SimpleNamespace(
        config=TINY, metrics=output["metrics"], data=json.loads(json.dumps(output))
    )
    tables = sr_show.tables(shown)
    assert set(tables) == {"comparison", "lstmp", "seeds", "selection", "errors", "examples"}
    for name, table in tables.items():
        assert table.rows, name
        assert all("_" not in header for header in table.columns.values()), name
    drawn = sr_show.figures(shown)
    assert set(drawn) == {"depth", "lstmp", "curves"}
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []
    for claim in sr_claims.CLAIMS:
        # every metric and per-seed series a criterion reads is there
        claim.judge(output["metrics"], "smoke", shown.data)


@pytest.mark.timeout(300)
def test_a_run_on_a_wrong_timit_folder_does_not_stand_in_the_way_of_the_right_one(
    tmp_path, monkeypatch
):
    """The selection's journal is keyed on the folder and its files: after a run that
    failed on a folder that is not TIMIT, a run on a TIMIT folder trains and finishes."""
    from test_data_timit import make_tree

    monkeypatch.setenv(sr.local.STORAGE_ENV, str(tmp_path / "sweep.journal"))
    monkeypatch.setenv(sr.local.WORKERS_ENV, "1")
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(tmp_path / "empty"))
    wrong = sr.selection(TINY)
    with pytest.raises(ValueError, match="LSTM_TIMIT_DIR=.*empty is not a TIMIT folder"):
        sr.local.finish(wrong)
    make_tree(tmp_path / "TIMIT")
    monkeypatch.setenv("LSTM_TIMIT_DIR", str(tmp_path / "TIMIT"))
    right = sr.selection(TINY)
    assert right.name != wrong.name
    found = sr.local.finish(right)
    assert all(len(runs) == 1 for runs in found.values())
    espeak = {**TINY, "corpus": "espeak"}
    with_folder = sr.selection(espeak).name
    monkeypatch.delenv("LSTM_TIMIT_DIR")
    assert sr.selection(espeak).name == with_folder  # the built-in corpus reads no folder


def test_paper_figure_marks_unchecked_figures_and_names_the_papers_network():
    assert sr_show.paper_figure("blstm-3l") == "18.6 (CTC-3l-250h)"
    assert sr_show.paper_figure("blstm-1l") == "~23.0 (CTC-1l-622h)"
    assert sr_show.paper_figure("blstmp-3l") == "—"
