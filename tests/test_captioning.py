"""The captioner's image side: residual encoder, image embedding, attribute pretraining."""

import pytest
import torch

from lstm.captioning import (
    AttributeClassifier,
    ConvNet,
    ImageEncoder,
    ResidualBlock,
    attribute_accuracy,
    attribute_loss,
    pretrain_convnet,
)
from lstm.tasks.scenes import attribute_targets, render_scenes
from lstm.train import seed_everything


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
