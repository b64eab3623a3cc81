"""Chapter 11's experiment (lstm.experiments.text_generation): its networks by name, the
text, one trial of each kind, the layout features its cells are matched to, and the
analysis the claims read, on runs made up here."""

import copy

import numpy as np
import pytest
import torch

from lstm.experiments.text_generation import experiment as tg
from lstm.experiments.text_generation import show as tg_show
from lstm.nn.char_model import CharModel

SMOKE = tg.CONFIG["smoke"]


def test_a_networks_name_gives_its_cell_depth_width_and_dropout():
    net = tg.network("gru-1x16", 10)
    assert (net.cell, net.num_layers, net.hidden_size, net.dropout) == ("gru", 1, 16, 0.0)
    net = tg.network("lstm-2x8-d0.5", 10)
    assert (net.dropout, net.recurrent_dropout) == (0.5, 0.0)
    net = tg.network("lstm-2x8-r0.25", 10)
    assert (net.dropout, net.recurrent_dropout) == (0.25, 0.25)
    assert tg_show.shown_name("lstm-2x8-r0.25") == "LSTM 2\u202f×\u202f8, naive dropout 0.25"


def test_an_unknown_network_name_is_refused_with_an_example():
    with pytest.raises(ValueError, match="expected a network name such as 'lstm-2x128-d0.25'"):
        tg.network("lstm-128", 10)


def test_the_networks_of_each_study():
    config = {"sizes": [8, 16], "dropouts": [0.25, 0.5]}
    assert tg.karpathy_networks(config) == ("lstm-2x16", "lstm-1x16", "gru-2x16", "tanh-2x16")
    assert tg.dropout_networks(config) == (
        "lstm-2x8",
        "lstm-2x8-d0.25",
        "lstm-2x8-d0.5",
        "lstm-2x8-r0.25",
        "lstm-2x16",
        "lstm-2x16-d0.25",
        "lstm-2x16-d0.5",
        "lstm-2x16-r0.25",
    )


def test_macbeth_is_lower_cased_split_by_position_and_encoded_both_ways():
    text = tg.macbeth()
    whole = text.train + text.validation + text.test
    assert whole == whole.lower() and whole.startswith("macbeth\n")
    assert len(text.train) == pytest.approx(0.9 * len(whole), abs=1)
    assert set(whole) == set(text.alphabet)
    symbols = tg.encoded(text.test[:200], text.alphabet)
    assert tg.decoded(symbols, text.alphabet) == text.test[:200]


def test_a_trial_trains_a_network_and_scores_it_at_its_best_evaluation():
    config = {**SMOKE, "seeds": [5], "steps": 4, "eval_every": 2}
    row = tg.trial("macbeth/lstm-1x8/0.01", 0, {}, config)
    assert row["seed"] == 5 and row["value"] == row["val"]
    assert [e["step"] for e in row["curve"]] == [2, 4]
    assert row["val"] == min(e["val"] for e in row["curve"])
    assert row["gap"] == pytest.approx(row["curve"][-1]["val"] - row["curve"][-1]["train"])
    assert 3 < row["test"] < 7  # a few updates from uniform over the alphabet


def test_the_seeds_trial_writes_greedily_after_a_window_of_validation_text():
    config = copy.deepcopy({**SMOKE, "seeds": [5], "seed_steps": 2, "eval_every": 2})
    config["seed_model"]["hidden"] = 4
    config["sample_length"] = 30
    row = tg.trial("seed/scalar/0.001", 0, {}, config)
    assert row["prompt"] == tg.macbeth().validation[:50]
    assert len(row["greedy"]) == 30


def test_the_ngram_trial_scores_validation_and_test_text():
    row = tg.trial("ngram/2/-", 0, {}, {**SMOKE, "seeds": [0]})
    assert row["value"] == row["val"] and 2 < row["val"] < 4 and 2 < row["test"] < 4


def test_layout_features_mark_line_positions_speakers_and_stage_directions():
    text = "FIRST WITCH:\nWhen [Thunder]\nshall we\n"
    found = tg.features(text)
    assert found["line position"][:3].tolist() == [0, 1, 2]
    assert found["line position"][13] == 0  # the W after the first line break
    assert found["speaker name"][:12].all() and not found["speaker name"][12:].any()
    inside = "".join(c for c, f in zip(text, found["stage direction"], strict=True) if f)
    assert inside == "[Thunder]"


def test_cells_finds_the_cell_that_follows_a_feature():
    torch.manual_seed(0)
    text = "WITCH:\nwhen [shall] we\n" * 10
    alphabet = "".join(sorted(set(text)))
    net = CharModel(len(alphabet), 6, 1)
    found = tg.cells(net, text, alphabet, shown=20)
    assert set(found) == set(tg_show.FEATURES)
    for cell in found.values():
        assert cell["layer"] == 1 and 0 <= cell["cell"] < 6 and -1 <= cell["r"] <= 1
        assert len(cell["state"]) == 20
    states = net.cell_states(tg.encoded(text, alphabet).unsqueeze(0))[0][0].numpy()
    position = tg.features(text)["line position"]
    best = found["line position"]
    r = np.corrcoef(states[:, best["cell"]], position)[0, 1]
    assert r == pytest.approx(best["r"], abs=1e-5)
    assert all(abs(np.corrcoef(states[:, i], position)[0, 1]) <= abs(r) + 1e-9 for i in range(6))


def test_excerpt_shows_line_breaks_as_slashes():
    assert tg_show.excerpt("\nTo be,\nor not", 12) == "To be, / or n"


# The analysis, on made-up runs --------------------------------------------------------

CONFIG = {**SMOKE, "seeds": [0, 1, 2, 3], "sizes": [8, 16], "learning_rates": [0.1, 0.2]}


def _runs(scores: dict[str, list[float]], gaps: dict[str, list[float]] | None = None) -> dict:
    rates = {name: 0.1 for name in tg.karpathy_networks(CONFIG)}
    runs = {}
    for name in tg._judged_names(CONFIG):
        values = scores.get(name, [2.0, 2.0, 2.0])
        gap = (gaps or {}).get(name, [0.1, 0.1, 0.1])
        runs[f"macbeth/{name}/0.1"] = [
            {"val": v, "test": v, "gap": g} for v, g in zip(values, gap, strict=True)
        ]
    for encoding in ("scalar", "one_hot"):
        runs[f"seed/{encoding}/0.001"] = [{"val": 3.0, "test": 3.1}] * 3
    chosen = {f"ngram/{k}/-": [{"val": 2.5 - k / 10, "test": 2.6 - k / 10}] for k in (1, 3, 5)}
    config = {**CONFIG, "ngram_orders": [1, 3, 5]}
    return tg.summarise(runs, chosen, rates, config)


def test_the_ngram_order_is_chosen_on_validation_text():
    m = _runs({})
    assert m["ngram_order"] == 5 and m["ngram_test"] == pytest.approx(2.1)


def test_dropout_wins_and_narrower_gaps_are_counted_seed_by_seed():
    m = _runs(
        {"lstm-2x16": [2.0, 2.0, 2.0], "lstm-2x16-d0.5": [1.9, 1.95, 2.1]},
        {"lstm-2x16": [0.3, 0.3, 0.3], "lstm-2x16-d0.5": [0.1, 0.1, 0.4]},
    )
    assert m["large_dropout_rate"] == 0.5
    assert m["large_dropout_gain"] == pytest.approx(2.0 - np.mean([1.9, 1.95, 2.1]))
    assert (m["large_dropout_wins"], m["large_dropout_losses"], m["large_gap_narrower"]) == (
        2,
        1,
        2,
    )


def test_naive_dropout_is_compared_with_dropout_at_the_same_rate():
    m = _runs({"lstm-2x16-r0.25": [2.1, 2.1, 1.9], "lstm-2x16-d0.25": [2.0, 2.0, 2.0]})
    assert (m["naive_worse_seeds"], m["naive_better_seeds"]) == (2, 1)


def test_karpathys_comparisons_are_counted_seed_by_seed():
    m = _runs(
        {
            "lstm-2x16": [1.8, 1.9, 2.2],
            "lstm-1x16": [1.9, 1.95, 2.1],
            "gru-2x16": [1.85, 1.9, 1.9],
            "tanh-2x16": [2.3, 2.3, 2.3],
        }
    )
    assert (m["depth_seeds"], m["depth_reverse_seeds"]) == (2, 1)
    assert m["gated_beat_rnn_seeds"] == 3
    assert m["lstm_rnn_margin"] == pytest.approx(2.3 - np.mean([1.8, 1.9, 2.2]))
    assert m["best_lstm_test"] == pytest.approx(np.mean([1.8, 1.9, 2.2]))
    # the best LSTM (2 x 16) against the 5-gram's 2.1: lower in two seeds, higher in one
    assert (m["lstm_beats_ngram_seeds"], m["ngram_beats_lstm_seeds"]) == (2, 1)


def test_choose_rates_takes_the_lowest_validation_score_and_the_smaller_rate_among_equals():
    found = {
        f"macbeth/{name}/{lr}": [{"val": 2.0 if lr == 0.2 or name.startswith("gru") else 2.5}]
        for name in tg.karpathy_networks(CONFIG)
        for lr in CONFIG["learning_rates"]
    }
    rates = tg.choose_rates(found, CONFIG)
    assert rates["lstm-2x16"] == 0.2 and rates["gru-2x16"] == 0.1


def test_the_cells_figure_shows_the_first_non_empty_lines_with_each_characters_value():
    text = "ab\n\ncde\n" + "x" * 60 + "\n"
    values = list(range(len(text)))
    lines, grid = tg_show.shown_grid(text, values)
    assert lines[:3] == ["ab", "cde", "x" * tg_show.SHOWN_COLUMNS]
    assert grid[0, :2].tolist() == [0, 1] and np.isnan(grid[0, 2])
    assert grid[1, :3].tolist() == [4, 5, 6]  # after "ab", its line break and the empty line
    assert grid[2, 0] == 8 and np.isnan(grid[3:]).all()


# The sweeps ---------------------------------------------------------------------------


def test_seed_0_chooses_rates_and_orders_and_the_other_seeds_are_judged():
    select = tg.selection(CONFIG)
    assert select.config["seeds"] == [0] and select.trials == 1
    assert "macbeth/tanh-2x16/0.2" in select.studies and "ngram/5/-" in select.studies
    rates = {name: 0.1 for name in tg.karpathy_networks(CONFIG)} | {"lstm-2x16": 0.2}
    judge = tg.judged(CONFIG, rates)
    assert judge.config["seeds"] == [1, 2, 3]
    assert {"seed/scalar/0.001", "seed/one_hot/0.001", "macbeth/gru-2x16/0.1"} <= set(judge.studies)
    # Zaremba's networks train at the rate chosen for two LSTM layers of the largest width
    assert "macbeth/lstm-2x8-r0.25/0.2" in judge.studies
    assert len(judge.studies) == len(set(judge.studies)) == 2 + 4 + 7
    plays_model = tg.plays_model(CONFIG)
    assert plays_model.studies == ("plays/lstm-2x32/0.005",)
    assert plays_model.config["seeds"] == [1]


def test_a_sweeps_name_changes_with_its_config_and_not_otherwise():
    assert tg.selection(CONFIG).name == tg.selection(copy.deepcopy(CONFIG)).name
    assert tg.selection(CONFIG).name != tg.selection({**CONFIG, "steps": 61}).name


def test_writing_samples_every_temperature_and_measures_it_beside_real_text(tmp_path, monkeypatch):
    text = tg.plays.corpus()
    torch.manual_seed(0)
    net = CharModel(len(text.alphabet), 8, 1)
    path = tmp_path / "model.pt"
    torch.save(
        {"settings": net.settings(), "alphabet": text.alphabet, "state": net.state_dict()}, path
    )
    monkeypatch.setattr(tg.results, "REPOSITORY", tmp_path)
    config = {**SMOKE, "weights": "model.pt", "sample_length": 120}
    found = tg.writing(config)
    assert list(found["samples"]) == ["0", "0.2", "0.5", "1.0", "1.2", "real"]
    assert all(len(sample["text"]) == 120 for sample in found["samples"].values())
    assert found["samples"]["real"]["text"] == text.test[:120]
    assert set(found["cells"]) == set(tg_show.FEATURES)
    assert found["cells_text"] == text.test[:400]
    assert found == tg.writing(config)  # seeded: the same samples again
