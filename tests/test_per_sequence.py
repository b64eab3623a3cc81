"""Training one sequence at a time (lstm.nn.per_sequence): the two networks, their
losses and metrics, and the trainer's Nesterov momentum, noise and early stopping."""

import math

import pytest
import torch
import torch.nn.functional as F

from lstm.nn.per_sequence import SequenceModel, Sequences, Trained, evaluate, train


def rolls(count, steps=12, keys=6, seed=0):
    """Piano rolls whose next step repeats the current one: learnable."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(count):
        roll = (torch.rand(steps // 3, keys, generator=g) < 0.4).float()
        out.append(roll.repeat_interleave(3, dim=0))
    return Sequences([r[:-1] for r in out], [r[1:] for r in out])


def frames(count, steps=10, features=3, classes=4, seed=0):
    """Frames whose class is the index of their largest feature (of the first four)."""
    g = torch.Generator().manual_seed(seed)
    xs = [torch.randn(steps, features + 1, generator=g) for _ in range(count)]
    return Sequences(xs, [x[:, :classes].argmax(1) for x in xs])


@pytest.mark.parametrize("variant", ["greff_vanilla", "NFG", "CIFG", "FGR"])
def test_the_next_step_model_reads_a_roll_and_gives_logits_per_step(variant):
    model = SequenceModel("next_step", variant, 6, 5, 6)
    logits = model(torch.zeros(7, 6))
    assert logits.shape == (7, 6)
    assert not model.lstm.bidirectional


def test_the_framewise_model_is_bidirectional():
    model = SequenceModel("framewise", "NP", 4, 5, 4)
    assert model.lstm.bidirectional and model.readout.in_features == 10
    assert model(torch.zeros(9, 4)).shape == (9, 4)


def test_an_unknown_task_or_variant_is_an_error():
    with pytest.raises(ValueError, match="expected a task from"):
        SequenceModel("captions", "NP", 4, 5, 4)
    with pytest.raises(ValueError, match="unknown LSTM variant 'NXG'"):
        SequenceModel("framewise", "NXG", 4, 5, 4)


def test_the_next_step_cost_is_the_bernoulli_nll_summed_over_keys():
    model = SequenceModel("next_step", "NP", 3, 2, 3)
    logits = torch.tensor([[0.0, 2.0, -1.0]])
    target = torch.tensor([[1.0, 0.0, 1.0]])
    p = torch.sigmoid(logits)
    expected = -(target * p.log() + (1 - target) * (1 - p).log()).sum()
    assert torch.allclose(model.cost(logits, target), expected.reshape(1))
    assert torch.equal(model.errors(logits, target), model.cost(logits, target))
    assert torch.allclose(model.loss(logits.repeat(2, 1), target.repeat(2, 1)), 2 * expected)


def test_the_framewise_cost_is_cross_entropy_and_its_metric_counts_errors():
    model = SequenceModel("framewise", "NP", 3, 2, 3)
    logits = torch.tensor([[3.0, 0.0, 0.0], [0.0, 0.0, 3.0]])
    target = torch.tensor([0, 1])
    assert torch.allclose(
        model.cost(logits, target), F.cross_entropy(logits, target, reduction="none")
    )
    assert model.errors(logits, target).tolist() == [0.0, 1.0]


def test_evaluate_averages_the_metric_over_every_step():
    model = SequenceModel("framewise", "NP", 4, 3, 4)
    data = frames(3)
    with torch.no_grad():
        wrong = sum(float(model.errors(model(x), y).sum()) for x, y in zip(*data, strict=True))
    assert evaluate(model, data) == pytest.approx(wrong / 30)


def fit(task, data, seed=0, **changes):
    torch.manual_seed(seed)
    inputs = data.inputs[0].shape[1]
    outputs = data.targets[0].shape[1] if task == "next_step" else 4
    model = SequenceModel(task, "greff_vanilla", inputs, 8, outputs)
    settings = dict(lr=0.02, momentum=0.9, noise=0.0, epochs=8, patience=8)
    settings |= changes
    return model, train(
        model, data, data, data, generator=torch.Generator().manual_seed(seed), **settings
    )


def test_training_learns_both_tasks_and_reports_the_best_epoch():
    for task, data in (("next_step", rolls(20)), ("framewise", frames(30))):
        torch.manual_seed(0)
        model, outcome = fit(task, data)
        assert isinstance(outcome, Trained) and not outcome.diverged
        assert 1 <= outcome.best_epoch <= outcome.epochs == 8
        untrained = SequenceModel(
            task, "greff_vanilla", model.lstm.input_size, 8, model.readout.out_features
        )
        assert outcome.test < 0.8 * evaluate(untrained, data)
        assert outcome.validation == pytest.approx(evaluate(model, data))  # the best weights kept


def test_training_repeats_bit_for_bit_and_noise_changes_it():
    first = fit("framewise", frames(10), noise=0.5)[1]
    assert first == fit("framewise", frames(10), noise=0.5)[1]
    assert first != fit("framewise", frames(10), noise=0.0)[1]


def test_nesterov_updates_follow_the_formula():
    model = SequenceModel("framewise", "NP", 2, 2, 2)
    data = Sequences([torch.ones(1, 2)], [torch.tensor([0])])
    before = [p.detach().clone() for p in model.parameters()]
    loss = model.loss(model(data.inputs[0]), data.targets[0])
    grads = torch.autograd.grad(loss, list(model.parameters()))
    after = []  # the weights after the epoch's one update, before the best are restored
    train(
        model,
        data,
        data,
        data,
        lr=0.1,
        momentum=0.5,
        noise=0.0,
        epochs=1,
        patience=1,
        generator=torch.Generator().manual_seed(0),
        on_epoch=lambda epoch, score: after.extend(p.detach().clone() for p in model.parameters()),
    )
    for p, w, g in zip(after, before, grads, strict=True):
        # one step from zero velocity: v = g, w <- w - lr (g + momentum v) = w - 0.15 g
        assert torch.allclose(p, w - 0.15 * g, atol=1e-6)
    assert any(not torch.equal(p, w) for p, w in zip(after, before, strict=True))


def test_early_stopping_stops_after_patience_epochs_without_improvement():
    # At a learning rate of 0 no epoch improves on the untrained network.
    _, outcome = fit("framewise", frames(10), lr=0.0, epochs=20, patience=2)
    assert (outcome.best_epoch, outcome.epochs) == (0, 2)


def test_a_diverging_run_stops_and_keeps_the_untrained_network():
    # A finite rate, even 1e30, may only saturate the gates and leave the run on its
    # plateau (it does on an AVX-512 processor); an infinite one makes the first update's
    # weights infinite and the next loss NaN on any processor.
    model, outcome = fit("next_step", rolls(10), lr=math.inf, epochs=5)
    assert outcome.diverged and outcome.best_epoch == 0 and outcome.epochs == 1
    assert math.isfinite(outcome.test)


@pytest.mark.parametrize("momentum", [0.0, 1.0, -0.1])
def test_a_momentum_outside_the_open_interval_is_an_error(momentum):
    with pytest.raises(ValueError, match=r"expected a momentum in \(0, 1\)"):
        fit("framewise", frames(2), momentum=momentum)


def test_a_best_network_whose_test_score_is_not_finite_gives_way_to_the_untrained_one(
    monkeypatch,
):
    from lstm.nn import per_sequence

    data, test = frames(10), frames(4, seed=1)
    honest = per_sequence.evaluate
    torch.manual_seed(0)
    model = SequenceModel("framewise", "greff_vanilla", 4, 8, 4)
    start = {k: v.clone() for k, v in model.state_dict().items()}
    untrained_test = honest(model, test)

    def overflowing(model, split):
        trained = any(not torch.equal(v, start[k]) for k, v in model.state_dict().items())
        return math.nan if split is test and trained else honest(model, split)

    monkeypatch.setattr(per_sequence, "evaluate", overflowing)
    outcome = train(
        model,
        data,
        data,
        test,
        lr=0.02,
        momentum=0.9,
        noise=0.0,
        epochs=3,
        patience=3,
        generator=torch.Generator().manual_seed(0),
    )
    assert outcome.diverged and outcome.best_epoch == 0 and outcome.epochs == 3
    assert outcome.test == untrained_test
