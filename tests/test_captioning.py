"""The captioner's image side: residual encoder, image embedding, attribute pretraining."""

import pytest
import torch

from lstm.data.parallel import BOS_ID, EOS_ID, PAD_ID
from lstm.nn import decoding
from lstm.nn.captioning import (
    IMAGE_FEEDS,
    AttributeClassifier,
    Captioner,
    ConvNet,
    ImageEncoder,
    ResidualBlock,
    attribute_accuracy,
    attribute_loss,
    pretrain_convnet,
)
from lstm.nn.train import seed_everything
from lstm.tasks.scenes import attribute_targets, render_scenes


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Convolutions on a shared 2-core machine: one thread is many times faster."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _tiny(seed=0, **kwargs):
    seed_everything(seed)
    return ConvNet(**{"channels": (4, 8, 8), "feature_size": 16, **kwargs})


def test_shapes_of_features_embedding_and_logits():
    images = torch.rand(5, 3, 32, 32)
    convnet = _tiny()
    assert convnet(images).shape == (5, 16)
    assert ImageEncoder(convnet, 12)(images).shape == (5, 12)
    logits = AttributeClassifier(convnet)(images)
    assert [tuple(x.shape) for x in logits] == [(5, 3, 5), (5, 3, 7), (5, 3, 3)]
    assert ConvNet(image_size=48, channels=(4, 8), feature_size=6)(
        torch.rand(2, 3, 48, 48)
    ).shape == (
        2,
        6,
    )
    assert ConvNet().project.in_features == 64 * 4 * 4  # 32×32 halved three times
    block = ResidualBlock(4, 8, stride=2)
    assert block(torch.rand(2, 4, 9, 9)).shape == (2, 8, 5, 5)


def test_gradients_reach_every_parameter():
    encoder = ImageEncoder(_tiny(), 12)
    encoder(torch.rand(4, 3, 32, 32)).square().sum().backward()
    for name, parameter in encoder.named_parameters():
        assert parameter.grad is not None and parameter.grad.abs().sum() > 0, name


def test_features_depend_on_where_an_object_is():
    # flattened, not pooled: the same picture shifted gives other features
    convnet = _tiny().eval()
    image = torch.zeros(1, 3, 32, 32)
    image[:, 0, 4:10, 4:10] = 1
    shifted = torch.roll(image, shifts=16, dims=3)
    assert not torch.allclose(convnet(image), convnet(shifted))


def test_frozen_convnet_gets_no_gradient_and_stays_in_eval_mode():
    convnet = _tiny()
    encoder = ImageEncoder(convnet, 12, freeze_convnet=True).train()
    assert not convnet.training and encoder.embed.training
    before = {k: v.clone() for k, v in convnet.state_dict().items()}
    encoder(torch.rand(4, 3, 32, 32)).sum().backward()
    assert all(p.grad is None for p in convnet.parameters())
    assert encoder.embed.weight.grad is not None
    # batch-norm running statistics untouched too
    assert all(torch.equal(before[k], v) for k, v in convnet.state_dict().items())


def test_same_seed_same_network():
    images = torch.rand(3, 3, 32, 32)
    a, b, c = _tiny(1).eval(), _tiny(1).eval(), _tiny(2).eval()
    assert torch.equal(a(images), b(images)) and not torch.equal(a(images), c(images))


def test_attribute_loss_and_accuracy():
    scenes = render_scenes(8, seed=0, split="pretrain").scenes
    targets = attribute_targets(scenes)
    perfect = tuple(
        torch.nn.functional.one_hot(targets[..., k], n).float() * 50
        for k, n in enumerate((5, 7, 3))
    )
    assert float(attribute_loss(perfect, targets)) < 1e-6
    assert attribute_accuracy(perfect, targets) == {
        "shape": 1.0,
        "colour": 1.0,
        "size": 1.0,
        "objects": 1.0,
    }
    wrong = (perfect[0].roll(1, dims=2), perfect[1], perfect[2])
    accuracy = attribute_accuracy(wrong, targets)
    assert accuracy["shape"] == 0 and accuracy["objects"] == 0 and accuracy["colour"] == 1
    uniform = tuple(torch.zeros(8, 3, n) for n in (5, 7, 3))
    expected = torch.log(torch.tensor([5.0, 7.0, 3.0])).sum()
    assert float(attribute_loss(uniform, targets)) == pytest.approx(float(expected))
    with pytest.raises(ValueError, match=r"targets of shape \(8, 3, 3\), got \(8, 2, 3\)"):
        attribute_loss(uniform, targets[:, :2])
    with pytest.raises(ValueError, match="logits for 3 attributes, got 2"):
        attribute_accuracy(uniform[:2], targets)


def test_tiny_pretraining_lowers_the_loss_and_repeats_bit_for_bit():
    runs = [
        pretrain_convnet(
            _tiny(), seed=3, steps=30, scenes=64, eval_scenes=32, batch_size=16, eval_every=15
        )
        for _ in range(2)
    ]
    history = runs[0].history
    assert history.steps == 30 and [e["step"] for e in history.evaluations] == [15, 30]
    assert sum(history.losses[-5:]) / 5 < 0.8 * sum(history.losses[:5]) / 5
    assert set(runs[0].accuracy) == {"shape", "colour", "size", "objects"}
    assert history.losses == runs[1].history.losses
    for a, b in zip(
        runs[0].classifier.state_dict().values(),
        runs[1].classifier.state_dict().values(),
        strict=True,
    ):
        assert torch.equal(a, b)


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: ConvNet(channels=()), ValueError, r"channels as positive ints, got \(\)"),
        (lambda: ConvNet(channels=(8, 0)), ValueError, "channels as positive ints"),
        (lambda: ConvNet(feature_size=0), ValueError, "feature_size to be a positive int"),
        (lambda: ImageEncoder(torch.nn.Linear(2, 2), 4), TypeError, "ConvNet, got Linear"),
        (lambda: ImageEncoder(_tiny(), 0), ValueError, "embed_size to be a positive int"),
        (lambda: AttributeClassifier("net"), TypeError, "ConvNet, got str"),
        (lambda: _tiny()(torch.rand(2, 3, 24, 24)), ValueError, r"images of shape \(batch, 3, 32"),
        (lambda: _tiny()(torch.zeros(2, 3, 32, 32, dtype=torch.uint8)), TypeError, "floating"),
        (
            lambda: pretrain_convnet(_tiny(), seed=0, scenes=8, batch_size=16),
            ValueError,
            r"batch_size <= scenes \(8\), got 16",
        ),
    ],
)
def test_bad_arguments(build, error, message):
    with pytest.raises(error, match=message):
        build()


# --- the decoder ----------------------------------------------------------------------

VOCABULARY = 9


def _captioner(image_feed="once", frozen=False, seed=0):
    encoder = ImageEncoder(_tiny(seed), 6, freeze_convnet=frozen)
    torch.manual_seed(seed)
    return Captioner(encoder, VOCABULARY, hidden_size=10, image_feed=image_feed).eval()


def _tokens(batch=3, time=6, seed=0):
    generator = torch.Generator().manual_seed(seed)
    tokens = torch.randint(4, VOCABULARY, (batch, time), generator=generator)
    tokens[:, 0] = BOS_ID
    tokens[0, -1] = EOS_ID
    tokens[1, 3], tokens[1, 4:] = EOS_ID, PAD_ID
    return tokens


@pytest.mark.parametrize("feed", IMAGE_FEEDS)
def test_captioner_shapes_and_where_the_image_enters(feed):
    model = _captioner(feed)
    images, tokens = torch.rand(3, 3, 32, 32), _tokens()
    assert model(images, tokens[:, :-1]).shape == (3, 5, VOCABULARY)
    assert model.recurrent.input_size == (6 if feed == "once" else 12)
    state, image = model.start(images)
    if feed == "once":  # the LSTM has read the image: its state is not zero
        assert image is None and state[0].abs().sum() > 0
    else:  # it starts from zero and reads the image with every word
        assert image.shape == (3, 6) and state[0].abs().sum() == 0


@pytest.mark.parametrize("feed", IMAGE_FEEDS)
def test_the_step_interface_reproduces_teacher_forcing_and_is_causal(feed):
    model = _captioner(feed)
    images, tokens = torch.rand(3, 3, 32, 32), _tokens()
    logits = model(images, tokens[:, :-1])
    state = model.start(images)
    for t in range(tokens.shape[1] - 1):
        step_logits, state = model.step(tokens[:, t], state)
        torch.testing.assert_close(step_logits, logits[:, t], atol=1e-5, rtol=1e-5)
    changed = tokens.clone()
    changed[:, 3:] = 5
    later = model(images, changed[:, :-1])
    torch.testing.assert_close(later[:, :3], logits[:, :3])
    # every caption depends on its own image, not on the others
    other = images.clone()
    other[1] = torch.rand(3, 32, 32)
    moved = model(other, tokens[:, :-1])
    torch.testing.assert_close(moved[[0, 2]], logits[[0, 2]])
    assert not torch.allclose(moved[1], logits[1])


def test_frozen_features_give_what_the_images_give():
    model = _captioner(frozen=True)
    images, tokens = torch.rand(4, 3, 32, 32), _tokens(4)
    features = model.features(images, batch_size=3)
    assert features.shape == (4, 16)
    torch.testing.assert_close(model(features, tokens), model(images, tokens))
    torch.testing.assert_close(model.loss(features, tokens), model.loss(images, tokens))
    with pytest.raises(ValueError, match="pictures .* for a network that trains"):
        _captioner(frozen=False)(features, tokens)


def test_loss_ignores_padding_and_counts_eos():
    model = _captioner()
    images, tokens = torch.rand(3, 3, 32, 32), _tokens()
    logits = model(images, tokens[:, :-1])
    gold = tokens[:, 1:]
    keep = gold != PAD_ID
    expected = torch.nn.functional.cross_entropy(logits[keep], gold[keep])
    torch.testing.assert_close(model.loss(images, tokens), expected)


def test_set_frozen_switches_gradients_and_batch_norm_mode():
    encoder = ImageEncoder(_tiny(), 6, freeze_convnet=True).train()
    assert not encoder.convnet.training
    encoder.set_frozen(False)
    assert encoder.convnet.training and all(p.requires_grad for p in encoder.convnet.parameters())
    encoder.set_frozen(True)
    assert not encoder.convnet.training
    assert not any(p.requires_grad for p in encoder.convnet.parameters())


@pytest.mark.parametrize("feed", IMAGE_FEEDS)
def test_caption_decodes_through_lstm_decoding(feed, monkeypatch):
    model = _captioner(feed).train()
    images = torch.rand(4, 3, 32, 32)
    greedy = model.caption(images, max_length=7)
    assert model.training  # caption() restores the mode
    assert len(greedy.tokens) == 4 and all(len(t) <= 7 for t in greedy.tokens)
    beam_one = model.caption(images, beam_size=1, max_length=7)
    assert beam_one.tokens == greedy.tokens
    beam = model.caption(images, beam_size=4, max_length=7)
    assert torch.all(beam.scores >= greedy.scores - 1e-5)  # a wider beam never scores worse
    one_by_one = [model.caption(images[i : i + 1], beam_size=4, max_length=7) for i in range(4)]
    assert beam.tokens == [d.tokens[0] for d in one_by_one]
    calls = []
    monkeypatch.setattr(decoding, "beam_search", lambda *a, **k: calls.append(k) or beam)
    model.caption(images, beam_size=3)
    assert calls and calls[0]["beam_size"] == 3  # the shared search, not a copy


def test_a_captioner_learns_to_name_a_colour():
    # two images, one red and one blue, captioned "red" and "blue": tokens 4 and 5
    seed_everything(0)
    images = torch.zeros(2, 3, 32, 32)
    images[0, 0], images[1, 2] = 1.0, 1.0
    tokens = torch.tensor([[BOS_ID, 4, EOS_ID], [BOS_ID, 5, EOS_ID]])
    model = _captioner().train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(60):
        optimizer.zero_grad()
        model.loss(images, tokens).backward()
        optimizer.step()
    assert model.caption(images).tokens == [[4], [5]]


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: Captioner(_tiny(), 5), TypeError, "ImageEncoder, got ConvNet"),
        (lambda: Captioner(ImageEncoder(_tiny(), 4), 0), ValueError, "vocabulary_size"),
        (
            lambda: Captioner(ImageEncoder(_tiny(), 4), 5, image_feed="twice"),
            ValueError,
            r"image_feed to be one of \('once', 'every_step'\), got 'twice'",
        ),
        (lambda: Captioner(ImageEncoder(_tiny(), 4), 5, dropout=1.0), ValueError, "dropout"),
        (
            lambda: _captioner()(torch.rand(2, 3, 32, 32), torch.zeros(2, 3)),
            ValueError,
            r"int64 tensor of shape \(batch, time\), got dtype torch.float32",
        ),
        (
            lambda: _captioner()(torch.rand(2, 3, 32, 32), torch.zeros(3, 3, dtype=torch.int64)),
            ValueError,
            "tokens for 2 images, got 3 rows",
        ),
        (
            lambda: _captioner(frozen=True)(torch.rand(2, 5), torch.zeros(2, 3, dtype=torch.int64)),
            ValueError,
            r"image features of shape \(batch, 16\), got \(2, 5\)",
        ),
        (lambda: _captioner().caption(torch.rand(2, 3, 32, 32), beam_size=0), ValueError, "beam"),
    ],
)
def test_captioner_bad_arguments(build, error, message):
    with pytest.raises(error, match=message):
        build()
