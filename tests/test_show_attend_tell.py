"""Show, Attend and Tell's soft-attention captioner: shapes, the attention over the grid,
the doubly stochastic penalty, gradients, decoding and the frozen network."""

import pytest
import torch

from lstm.data.parallel import BOS_ID, EOS_ID, PAD_ID
from lstm.nn.captioning import ConvNet
from lstm.nn.show_attend_tell import AttentionCaptioner

VOCABULARY = 9


def captioner(**options):
    torch.manual_seed(0)
    convnet = ConvNet(image_size=16, channels=(4, 6, 8), feature_size=10)
    sizes = dict(embed_size=6, hidden_size=7, attention_size=5)
    return AttentionCaptioner(convnet, VOCABULARY, **(sizes | options))


def images(n=3):
    return torch.rand(n, 3, 16, 16, generator=torch.Generator().manual_seed(1))


TOKENS = torch.tensor(
    [[BOS_ID, 4, 5, 6, EOS_ID], [BOS_ID, 7, EOS_ID, PAD_ID, PAD_ID], [BOS_ID, 3, 3, 8, EOS_ID]]
)


def test_the_grid_is_the_feature_map_of_the_network_cell_by_cell():
    model = captioner()
    grid = model.annotations(images())
    assert grid.shape == (3, 16, 8)  # 16x16 halved twice: 4x4 cells of 8 features
    maps = model.convnet.blocks(model.convnet.stem(images()))
    assert torch.equal(grid[:, 5], maps[:, :, 1, 1])  # cell 5 is row 1, column 1


def test_teacher_forcing_gives_logits_and_attention_over_the_cells_that_sums_to_one():
    model = captioner()
    logits, alpha = model(images(), TOKENS[:, :-1])
    assert logits.shape == (3, 4, VOCABULARY)
    assert alpha.shape == (3, 4, 16)
    assert torch.allclose(alpha.sum(dim=2), torch.ones(3, 4))


def test_the_doubly_stochastic_penalty_is_what_the_loss_adds():
    model = captioner(penalty=0.0)
    plain = model.loss(images(), TOKENS)
    model.penalty = 2.0
    _, alpha = model(images(), TOKENS[:, :-1])
    words = (TOKENS[:, 1:] != PAD_ID).unsqueeze(2)
    expected = (((1 - (alpha * words).sum(1)) ** 2).sum(1)).mean()
    assert torch.allclose(model.loss(images(), TOKENS), plain + 2.0 * expected)


def test_every_weight_learns_and_a_frozen_network_does_not():
    model = captioner()
    model.loss(images(), TOKENS).backward()
    # every weight but the network's flattening read-out, which the grid does not use
    learning = [p for name, p in model.named_parameters() if not name.startswith("convnet.project")]
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in learning)
    assert model.convnet.project.weight.grad is None
    frozen = captioner(freeze_convnet=True)
    frozen.train()
    assert not frozen.convnet.training
    frozen.loss(images(), TOKENS).backward()
    assert all(p.grad is None for p in frozen.convnet.parameters())
    assert frozen.init_h.weight.grad is not None


def test_greedy_captions_are_the_argmax_of_teacher_forcing_on_themselves():
    model = captioner().eval()  # batch normalisation by its running statistics
    decoded, attention = model.caption_with_attention(images(), max_length=6)
    for row, tokens in enumerate(decoded.tokens):
        tokens_in = torch.tensor([[BOS_ID, *tokens]])
        logits, alpha = model(images()[row : row + 1], tokens_in)
        predicted = logits[0].argmax(dim=1).tolist()
        assert predicted[: len(tokens)] == tokens
        assert len(tokens) == 6 or predicted[len(tokens)] == EOS_ID
        assert torch.allclose(attention[row], alpha[0, : len(tokens)], atol=1e-6)


def test_a_beam_of_one_is_greedy_and_a_wider_beam_scores_no_worse():
    model = captioner()
    greedy = model.caption(images(), max_length=5)
    assert model.caption(images(), beam_size=1, max_length=5).tokens == greedy.tokens
    beam = model.caption(images(), beam_size=3, max_length=5)
    assert all(
        b >= g - 1e-5 for b, g in zip(beam.scores.tolist(), greedy.scores.tolist(), strict=True)
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda m: m(images(), TOKENS[:2]), ValueError, "tokens for 3 images, got 2 rows"),
        (lambda m: m(images(), TOKENS[:, :0]), ValueError, "at least one step"),
        (lambda m: m(images(), TOKENS.float()), ValueError, "int64 tensor"),
        (lambda m: m(torch.rand(3, 3, 8, 8), TOKENS), ValueError, "images"),
    ],
)
def test_bad_inputs_are_named_in_one_line(call, error, message):
    with pytest.raises(error, match=message):
        call(captioner())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"penalty": -1.0}, "penalty as a number >= 0"),
        ({"dropout": 1.0}, "dropout in \\[0, 1\\)"),
        ({"hidden_size": 0}, "hidden_size"),
    ],
)
def test_bad_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        captioner(**options)


def test_a_convnet_of_another_kind_is_named():
    with pytest.raises(TypeError, match="expected convnet to be a ConvNet, got Linear"):
        AttentionCaptioner(torch.nn.Linear(2, 2), VOCABULARY)
