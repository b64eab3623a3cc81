"""Chapter 4's machinery: networks side by side stay independent; outcomes and growth."""

import pytest
import torch

from lstm.experiments import learning_to_forget as ltf


def test_networks_side_by_side_do_not_see_each_other():
    torch.manual_seed(0)
    model = ltf.SideBySide(3, 4, forget_gate=True)
    streams = ltf.Streams(3, seed=1, cells=4).next(30)
    inputs = streams["inputs"].clone()
    logits, _, _ = model(inputs, model.initial_state())
    disturbed = inputs.clone()
    disturbed[:, 7:14] = torch.rand(30, 7)  # network 1's inputs only
    other, _, _ = model(disturbed, model.initial_state())
    torch.testing.assert_close(logits[:, :7], other[:, :7])
    torch.testing.assert_close(logits[:, 14:], other[:, 14:])
    assert not torch.allclose(logits[:, 7:14], other[:, 7:14])


def test_cross_network_weights_stay_zero_under_training():
    torch.manual_seed(0)
    model = ltf.SideBySide(2, 3, forget_gate=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    batch = ltf.Streams(2, seed=2, cells=3).next(25)
    logits, _, _ = model(batch["inputs"], model.initial_state())
    torch.nn.functional.binary_cross_entropy_with_logits(logits, batch["targets"]).backward()
    optimizer.step()
    for name, mask in model.masks.items():
        assert torch.all(getattr(model.cell, name)[~mask] == 0), name
    assert torch.all(model.readout.weight[~model.readout_mask] == 0)
    assert torch.all(model.shortcut.weight[~model.shortcut_mask] == 0)


def test_gate_biases_start_as_in_the_paper():
    model = ltf.SideBySide(2, 8, forget_gate=True)
    bias = (model.cell.bias_ih + model.cell.bias_hh).view(4, 2, 8)
    expected = torch.tensor([0.5, 0.5, 1.0, 1.0, 1.5, 1.5, 2.0, 2.0])
    for gate, sign in (("input", -1), ("forget", 1), ("output", -1)):
        block = model.cell.blocks.index(gate)
        torch.testing.assert_close(bias[block], sign * expected.expand(2, 8))


def test_the_state_is_reset_where_keep_is_zero():
    torch.manual_seed(0)
    model = ltf.SideBySide(1, 2, forget_gate=False)
    batch = ltf.Streams(1, seed=3, cells=2).next(20)
    keep = torch.ones(20, 2)
    keep[10] = 0
    _, reset, _ = model(batch["inputs"], model.initial_state(), keep)
    _, fresh, _ = model(batch["inputs"][10:], model.initial_state())
    torch.testing.assert_close(reset[1], fresh[1])


def test_streams_are_consecutive_pieces_of_one_stream():
    whole = ltf.Streams(2, seed=4, cells=1).next(300)
    parts = ltf.Streams(2, seed=4, cells=1)
    pieces = [parts.next(100) for _ in range(3)]
    for key in ("inputs", "targets", "start", "string_index"):
        torch.testing.assert_close(torch.cat([p[key] for p in pieces]), whole[key])


def test_strings_before_first_error_counts_whole_strings():
    torch.manual_seed(0)
    model = ltf.SideBySide(2, 2, forget_gate=True)
    stream = ltf.Streams(2, seed=5, cells=2).next(200)
    counts = ltf.strings_before_first_error(model, stream, torch.tensor([False, True]))
    complete = stream["string_index"][-1] - stream["string_index"][0]
    assert counts.shape == (2,) and torch.all((counts >= 0) & (counts <= complete))


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


def test_rows_that_differ_in_forget_gate_cannot_share_a_cell():
    with pytest.raises(ValueError, match="forget_gate"):
        ltf.train_side_by_side(list(ltf.ROWS), {"networks": 1, "cells": 2}, seed=0)


def test_chapter_tables_come_from_the_committed_result():
    from lstm.reproduce.results import load, results_dir

    result = load(results_dir() / "learning_to_forget.json")
    table = ltf.table_2(result)
    assert [row["row"] for row in table.rows] == list(ltf.PAPER_TABLE_2)
    for row, measured in zip(table.rows, result.data["rows"], strict=True):
        assert row["perfect"] + row["good"] + row["bad"] in (99, 100, 101)
        assert row["perfect"] == round(100 * measured["perfect"])
        assert row["paper_perfect"] == ltf.PAPER_TABLE_2[row["row"]][0]
    warm = ltf.warm_up_table(result)
    solved = round(result.metrics["warm_up_success"] * warm.rows[0]["trials"])
    assert warm.rows[0]["success"] == f"{solved} of {warm.rows[0]['trials']}"
    states = ltf.cell_state_table(result)
    assert [row["growth"] for row in states.rows] == [
        row["cell_state_growth"] for row in result.data["rows"]
    ]


def test_cells_of_a_block_share_their_gates_through_training():
    torch.manual_seed(0)
    model = ltf.SideBySide(2, 6, forget_gate=False, cells_per_block=2, biases="hochreiter1997")
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    batch = ltf.Streams(2, seed=6, cells=6).next(30)
    for _ in range(2):
        logits, _, _ = model(batch["inputs"], model.initial_state())
        optimizer.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(logits, batch["targets"]).backward()
        optimizer.step()
    blocks = len(model.cell.blocks)
    for name in ("weight_ih", "weight_hh", "bias_ih"):
        rows = getattr(model.cell, name).view(blocks, 2, 3, 2, -1)
        for index, block in enumerate(model.cell.blocks):
            same = torch.equal(rows[index, :, :, 0], rows[index, :, :, 1])
            assert same == (block != "cell"), (name, block)


def test_1997_network_starts_as_in_exp_1():
    model = ltf.SideBySide(
        2, 6, forget_gate=False, cells_per_block=2, biases="hochreiter1997", shortcut=False
    )
    bias = (model.cell.bias_ih + model.cell.bias_hh).view(3, 2, 6)
    output = bias[model.cell.blocks.index("output")]
    torch.testing.assert_close(output, torch.tensor([-1.0, -1, -2, -2, -3, -3]).expand(2, 6))
    assert bias[model.cell.blocks.index("input")].abs().max() <= 0.2
    assert model.shortcut is None
    with pytest.raises(ValueError, match="multiple of cells_per_block"):
        ltf.SideBySide(1, 5, forget_gate=False, cells_per_block=2)


def test_truncated_gradient_flows_back_through_the_cells_only():
    inputs = ltf.Streams(1, seed=7, cells=2).next(6)["inputs"].requires_grad_()
    gradients = {}
    for truncated in (False, True):
        torch.manual_seed(0)
        model = ltf.SideBySide(1, 2, forget_gate=False, truncated_gradient=truncated)
        logits, _, _ = model(inputs, model.initial_state())
        (first,) = torch.autograd.grad(logits[-1].sum(), inputs)
        gradients[truncated] = first[0]
    assert gradients[True].abs().sum() > 0  # the error still reaches the first input
    assert not torch.allclose(gradients[True], gradients[False])


def test_a_1997_trial_does_not_depend_on_its_companions():
    config = {**ltf._WARM_UP, "set_size": 8, "max_strings": 12, "check_every": 6}
    alone = ltf.train_1997(config, [(6, 0)])
    packed = ltf.train_1997(config, [(5, 0), (6, 0)])
    for check_alone, check_packed in zip(alone["checks"], packed["checks"], strict=True):
        assert check_alone["right"] == check_packed["right"][1:]
        assert check_alone["step_accuracy"][0] == pytest.approx(check_packed["step_accuracy"][1])


def test_scores_count_whole_strings_of_each_network():
    torch.manual_seed(0)
    model = ltf.SideBySide(2, 2, forget_gate=False)
    packed = ltf._pack([["BTBTXSETE", "BPBPVVEPE"], ["BTBTXSETE"]])
    assert packed["strings"].tolist() == [2, 1]
    strings, accuracy = ltf._score_strings(model, packed)
    assert strings.shape == (2,) and torch.all((strings >= 0) & (strings <= packed["strings"]))
    assert torch.all((accuracy >= 0) & (accuracy <= 1))
    assert packed["has_target"].view(-1, 2, 7)[8, 0].sum() == 0  # nothing after E
    assert packed["has_target"].view(-1, 2, 7)[9:, 1].sum() == 0  # the padding
