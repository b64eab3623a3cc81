"""Chapter 4's experiment: streams, scores, outcomes and growth; both trainings through
fit compute what a loop of their own computed; the chapter's outline, tables and figures."""

from types import SimpleNamespace

import pytest
import torch
from matplotlib.figure import Figure

from lstm.experiments.learning_to_forget import experiment as ltf
from lstm.experiments.learning_to_forget import show as ltf_show
from lstm.nn.side_by_side import SideBySide
from lstm.nn.train import fit
from lstm.reproduce import figures
from lstm.reproduce.results import load, results_dir

TINY = {
    **ltf.CONFIG["smoke"],
    "networks": 1,
    "train_symbols": 400,
    "check_every": 200,
    "check_symbols": 100,
    "test_symbols": 200,
    "good_strings": 2,
    "trace_symbols": 200,
    "trace_window": [100, 120],
    "warm_up": {**ltf.CONFIG["smoke"]["warm_up"], "networks": 2, "set_size": 8}
    | {
        "max_strings": 6,
        "check_every": 3,
    },
}


def test_streams_are_consecutive_pieces_of_one_stream():
    whole = ltf.Streams(2, seed=4, cells=1).next(300)
    parts = ltf.Streams(2, seed=4, cells=1)
    pieces = [parts.next(100) for _ in range(3)]
    for key in ("inputs", "targets", "start", "string_index"):
        torch.testing.assert_close(torch.cat([p[key] for p in pieces]), whole[key])


def test_strings_before_first_error_counts_whole_strings():
    torch.manual_seed(0)
    model = SideBySide(2, ltf.SYMBOLS, 2, ltf.SYMBOLS, forget_gate=True)
    stream = ltf.Streams(2, seed=5, cells=2).next(200)
    counts = ltf_show.strings_before_first_error(model, stream, torch.tensor([False, True]))
    complete = stream["string_index"][-1] - stream["string_index"][0]
    assert counts.shape == (2,) and torch.all((counts >= 0) & (counts <= complete))
    strings, accuracy = ltf.prediction_scores(model, stream, torch.tensor([False, True]))
    assert torch.equal(strings, counts) and torch.all((accuracy >= 0) & (accuracy <= 1))


def test_classify():
    assert ltf.classify(100, 100, 10) == "perfect"
    assert ltf.classify(50, 100, 10) == "good"
    assert ltf.classify(9, 100, 10) == "bad"


def test_cell_state_growth():
    growing = torch.arange(1.0, 101.0).view(100, 1, 1).expand(100, 2, 3)
    last, growth = ltf.cell_state_growth(growing)
    assert torch.allclose(last, torch.tensor([100.0, 100.0]))
    assert torch.allclose(growth, torch.tensor([4.0, 4.0]))
    bounded = torch.ones(100, 1, 3)
    assert ltf.cell_state_growth(bounded)[1].item() == pytest.approx(1.0)


def test_trace_states_records_every_cell_of_every_network():
    torch.manual_seed(0)
    model = SideBySide(2, ltf.SYMBOLS, 3, ltf.SYMBOLS, forget_gate=True)
    stream = ltf.Streams(2, seed=8, cells=3).next(40)
    traced = ltf.trace_states(model, stream, torch.tensor([True, False]))
    assert traced["cell_state"].shape == traced["forget_gate"].shape == (40, 2, 3)


def test_rows_that_differ_in_forget_gate_cannot_share_a_cell():
    with pytest.raises(ValueError, match="forget_gate"):
        ltf.train_side_by_side(list(ltf.ROWS), {"networks": 1, "cells": 2}, seed=0)


def test_a_per_network_learning_rate_through_fit_is_the_step_rescaled_at_once():
    """What train_side_by_side does through fit equals rescaling each SGD step right away."""
    batches = ltf.Streams(2, seed=9, cells=2)
    data = [batches.next(10) for _ in range(4)]
    multiplier = torch.tensor([1.0, 0.95])

    def loss_of(model, batch):
        logits, _, _ = model(batch["inputs"], model.initial_state())
        return torch.nn.functional.binary_cross_entropy_with_logits(
            logits, batch["targets"], reduction="sum"
        )

    torch.manual_seed(0)
    by_hand = SideBySide(2, ltf.SYMBOLS, 2, ltf.SYMBOLS, forget_gate=True)
    optimizer = torch.optim.SGD(by_hand.parameters(), lr=2.0)
    owners = by_hand.parameter_owners()
    for batch in data:
        loss = loss_of(by_hand, batch)
        optimizer.zero_grad()
        loss.backward()
        before = [p.detach().clone() for p in by_hand.parameters()]
        optimizer.step()
        with torch.no_grad():
            for parameter, old, owner in zip(by_hand.parameters(), before, owners, strict=True):
                parameter.copy_(old + (parameter - old) * multiplier[owner])

    torch.manual_seed(0)
    model = SideBySide(2, ltf.SYMBOLS, 2, ltf.SYMBOLS, forget_gate=True)
    steps = ltf._PerNetworkSteps(model, multiplier)

    def loss_fn(model, batch):
        steps.remember()
        return loss_of(model, batch)

    fit(model, loss_fn, data.__getitem__, steps=4, optimizer="sgd", lr=2.0, progress=False)
    steps.settle()
    for ours, theirs in zip(model.parameters(), by_hand.parameters(), strict=True):
        assert torch.equal(ours, theirs)


def test_a_1997_trial_does_not_depend_on_its_companions():
    config = {**ltf._WARM_UP, "set_size": 8, "max_strings": 12, "check_every": 6}
    alone = ltf.train_1997(config, [(6, 0)])
    packed = ltf.train_1997(config, [(5, 0), (6, 0)])
    for check_alone, check_packed in zip(alone["checks"], packed["checks"], strict=True):
        assert check_alone["right"] == check_packed["right"][1:]
        assert check_alone["step_accuracy"][0] == pytest.approx(check_packed["step_accuracy"][1])
    assert [check["strings"] for check in alone["checks"]] == [6, 12]


def test_a_1997_network_that_solved_the_task_stops_learning(monkeypatch):
    solved = {"calls": 0}
    score = ltf._score_strings

    def first_network_solves(model, packed):
        strings, accuracy = score(model, packed)
        solved["calls"] += 1
        strings[0] = packed["strings"][0]  # network 0 solves the task at the first check
        return strings, accuracy

    monkeypatch.setattr(ltf, "_score_strings", first_network_solves)
    config = {**ltf._WARM_UP, "set_size": 8, "max_strings": 6, "check_every": 2}
    outcome = ltf.train_1997(config, [(1, 0), (1, 1)])
    assert outcome["solved_at_strings"][0] == 2 and outcome["solved_at_strings"][1] in (-1, 2, 4, 6)
    later = [check["step_accuracy"][0] for check in outcome["checks"]]
    assert later[1:] == [later[1]] * len(later[1:])  # its weights no longer change


def test_scores_count_whole_strings_of_each_network():
    torch.manual_seed(0)
    model = SideBySide(2, ltf.SYMBOLS, 2, ltf.SYMBOLS, forget_gate=False)
    packed = ltf._pack([["BTBTXSETE", "BPBPVVEPE"], ["BTBTXSETE"]])
    assert packed["strings"].tolist() == [2, 1]
    assert packed["start"][:, 0].nonzero().flatten().tolist() == [0, 9]
    strings, accuracy = ltf._score_strings(model, packed)
    assert strings.shape == (2,) and torch.all((strings >= 0) & (strings <= packed["strings"]))
    assert torch.all((accuracy >= 0) & (accuracy <= 1))
    assert packed["has_target"].view(-1, 2, 7)[8, 0].sum() == 0  # nothing after E
    assert packed["has_target"].view(-1, 2, 7)[9:, 1].sum() == 0  # the padding


def test_the_networks_and_the_warm_up_are_the_papers():
    for config in ltf.CONFIG.values():
        assert config["cells"] == ltf_show.PAPER["blocks"] * ltf_show.PAPER["cells_per_block"]
        warm_up = config["warm_up"]
        assert warm_up["cells_per_block"] == ltf_show.PAPER["warm_up_cells_per_block"]
        assert warm_up["cells"] == ltf_show.PAPER["warm_up_blocks"] * warm_up["cells_per_block"]
        assert warm_up["lr"] == ltf_show.PAPER["warm_up_lr"]
        assert warm_up["set_size"] == ltf_show.PAPER["warm_up_set_size"]
    for row in ltf.ROWS:
        shares = [ltf_show.PAPER[f"{row.key}_{outcome}"] for outcome in ("perfect", "good", "bad")]
        assert sum(shares) == 100, row.key


def test_a_tiny_run_gives_the_metrics_tables_and_figures_of_the_chapter():
    output = ltf.run(TINY)
    assert set(output["metrics"]) >= {"no_reset_perfect", "forget_best_strings", "forget_growth"}
    assert [row["row"] for row in output["rows"]] == [row.name for row in ltf.ROWS]
    result = SimpleNamespace(config=TINY, metrics=output["metrics"], data=output)
    shown = ltf_show.tables(result)
    assert set(shown) == {"warm_up", "table_2", "learning", "cell_state"}
    drawn = ltf_show.figures(result)
    assert all(isinstance(figure, Figure) for figure in drawn.values())
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []


def test_chapter_tables_come_from_the_committed_result():
    result = load(results_dir() / "learning_to_forget.json")
    shown = ltf_show.tables(result)
    table = shown["table_2"]
    assert [row["row"] for row in table.rows] == [row.name for row in ltf.ROWS]
    for row, measured, setting in zip(table.rows, result.data["rows"], ltf.ROWS, strict=True):
        assert row["perfect"] + row["good"] + row["bad"] in (99, 100, 101)
        assert row["perfect"] == round(100 * measured["perfect"])
        assert row["paper_perfect"] == ltf_show.PAPER[f"{setting.key}_perfect"]
    warm = shown["warm_up"].rows
    trials = len(result.data["warm_up"]["solved_at_strings"])
    solved = round(result.metrics["warm_up_success"] * trials)
    assert warm[1]["ours"] == f"{solved} of {trials}"
    assert [row["growth"] for row in shown["cell_state"].rows] == [
        row["cell_state_growth"] for row in result.data["rows"]
    ]
    learning = shown["learning"].rows
    assert learning[0]["paper_streams"] == ltf_show.PAPER["reset_streams"]
    assert learning[1]["paper_streams"] == "—"


def test_tables_speak_in_words_and_fit_the_column():
    result = load(results_dir() / "learning_to_forget.json")
    for name, table in ltf_show.tables(result).items():
        assert len(table.columns) <= 7, name
        for header in table.columns.values():
            assert "_" not in header, (name, header)
