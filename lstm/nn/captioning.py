"""The image side of Show and Tell: a convolutional encoder, pretrained on attributes.

Vinyals et al. (2015) encode an image with a convolutional network pretrained for
classification on ImageNet, and feed its penultimate layer, through a linear map into
the word-embedding space, to the LSTM that writes the caption: "it is natural to use a
CNN as an image 'encoder', by first pre-training it for an image classification task and
using the last hidden layer as an input to the RNN decoder that generates sentences".
Here the network is small enough for a
CPU — a stem convolution and a few residual blocks (He et al. 2016) on 32×32 scenes —
and its pretraining task is to name the attributes of the objects in other scenes
(:func:`lstm.tasks.scenes.attribute_targets`).

* :class:`ConvNet` — images to penultimate features;
* :class:`ImageEncoder` — features to an image embedding of the word-embedding size,
  with the network frozen or fine-tuned;
* :class:`AttributeClassifier` and :func:`pretrain_convnet` — the pretraining;
* :class:`Captioner` — the LSTM that writes the caption, fed the image embedding once at
  t = −1 (Show and Tell) or, as the ablation, beside the word at every step; trained with
  teacher forcing and decoded greedily or by beam search through :mod:`lstm.nn.decoding`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn import functional as F

from lstm.checks import check_float_tensor, check_positive_int, check_shape
from lstm.data.parallel import BOS_ID, EOS_ID, PAD_ID
from lstm.nn import decoding
from lstm.nn.layers import LSTM
from lstm.nn.train import History, fit, seed_everything
from lstm.tasks.scenes import ATTRIBUTE_CLASSES, attribute_targets, render_scenes


class ResidualBlock(nn.Module):
    """Two 3×3 convolutions with batch normalisation, added to a shortcut: the input
    itself, or a strided 1×1 convolution of it when the shape changes (He et al. 2016)."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, padding=1, bias=False)
        self.norm1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.norm2 = nn.BatchNorm2d(out_channels)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: Tensor) -> Tensor:
        y = F.relu(self.norm1(self.conv1(x)))
        return F.relu(self.norm2(self.conv2(y)) + self.shortcut(x))


class ConvNet(nn.Module):
    """A small residual network: images (batch, 3, size, size) to features
    (batch, ``feature_size``), the "last hidden layer" that Show and Tell feeds on.

    A 3×3 stem convolution to ``channels[0]``, then one residual block per entry of
    ``channels``, each after the first halving the resolution (32×32 to 4×4 by
    default). The last feature map
    is flattened, not averaged over positions, so the features still know *where*
    each object is — a caption says "left of" — and a linear layer with ReLU maps it to
    ``feature_size``.
    """

    def __init__(
        self,
        *,
        image_size: int = 32,
        channels: Sequence[int] = (16, 32, 64, 64),
        feature_size: int = 128,
    ) -> None:
        super().__init__()
        check_positive_int(image_size, "image_size")
        check_positive_int(feature_size, "feature_size")
        if not channels or not all(
            isinstance(c, int) and not isinstance(c, bool) and c > 0 for c in channels
        ):
            raise ValueError(f"expected channels as positive ints, got {channels!r}")
        side = image_size
        for _ in channels[1:]:
            side = (side + 1) // 2
        self.image_size, self.feature_size = image_size, feature_size
        self.stem = nn.Sequential(
            nn.Conv2d(3, channels[0], 3, padding=1, bias=False),
            nn.BatchNorm2d(channels[0]),
            nn.ReLU(),
        )
        self.blocks = nn.Sequential(
            *(
                ResidualBlock(before, after, stride=1 if index == 0 else 2)
                for index, (before, after) in enumerate(
                    zip((channels[0], *channels[:-1]), channels, strict=True)
                )
            )
        )
        self.project = nn.Linear(channels[-1] * side * side, feature_size)

    def forward(self, images: Tensor) -> Tensor:
        """(batch, 3, image_size, image_size) -> (batch, feature_size)."""
        check_float_tensor(images, "images")
        check_shape(images, ("batch", 3, self.image_size, self.image_size), "images")
        maps = self.blocks(self.stem(images))
        return F.relu(self.project(maps.flatten(1)))


class ImageEncoder(nn.Module):
    """The image embedding of Show and Tell: ``W_e · CNN(image)``, of the size of the
    word embeddings, so that the decoder can read it like a word.

    With ``freeze_convnet=True`` the network's weights get no gradient and it stays in
    eval mode (its batch-norm statistics fixed) even when the encoder trains: the
    paper's first setting, before fine-tuning.
    """

    def __init__(self, convnet: ConvNet, embed_size: int, *, freeze_convnet: bool = False):
        super().__init__()
        if not isinstance(convnet, ConvNet):
            raise TypeError(f"expected convnet to be a ConvNet, got {type(convnet).__name__}")
        check_positive_int(embed_size, "embed_size")
        self.convnet = convnet
        self.embed = nn.Linear(convnet.feature_size, embed_size)
        self.embed_size = embed_size
        self.freeze_convnet = freeze_convnet
        convnet.requires_grad_(not freeze_convnet)
        if freeze_convnet:
            convnet.eval()

    def set_frozen(self, frozen: bool) -> ImageEncoder:
        """Freeze the network (no gradient, eval mode) or let it train: Show and Tell
        trains the decoder on a frozen network first, then fine-tunes the network."""
        self.freeze_convnet = bool(frozen)
        self.convnet.requires_grad_(not frozen)
        self.convnet.train(self.training and not frozen)
        return self

    def train(self, mode: bool = True) -> ImageEncoder:
        super().train(mode)
        if self.freeze_convnet:
            self.convnet.eval()
        return self

    def forward(self, images: Tensor) -> Tensor:
        """(batch, 3, size, size) -> (batch, embed_size)."""
        return self.embed(self.convnet(images))


_CLASS_COUNTS = tuple(len(classes) for classes in ATTRIBUTE_CLASSES.values())


class AttributeClassifier(nn.Module):
    """The pretraining model: the network's features to, for each of ``max_objects``
    slots (the objects from left to right), logits of each attribute of
    :data:`lstm.tasks.scenes.ATTRIBUTE_CLASSES` (shape, colour, size, each with "none")."""

    def __init__(self, convnet: ConvNet, max_objects: int = 3) -> None:
        super().__init__()
        if not isinstance(convnet, ConvNet):
            raise TypeError(f"expected convnet to be a ConvNet, got {type(convnet).__name__}")
        self.convnet = convnet
        self.max_objects = check_positive_int(max_objects, "max_objects")
        self.head = nn.Linear(convnet.feature_size, max_objects * sum(_CLASS_COUNTS))

    def forward(self, images: Tensor) -> tuple[Tensor, ...]:
        """Logits per attribute: a tuple of (batch, max_objects, classes) tensors, in the
        order of :data:`~lstm.tasks.scenes.ATTRIBUTE_CLASSES`."""
        logits = self.head(self.convnet(images)).view(len(images), self.max_objects, -1)
        return logits.split(_CLASS_COUNTS, dim=2)


def attribute_loss(logits: Sequence[Tensor], targets: Tensor) -> Tensor:
    """The sum over attributes of the cross-entropy, averaged over scenes and slots;
    ``targets`` as :func:`~lstm.tasks.scenes.attribute_targets` makes them."""
    _check_targets(logits, targets)
    return sum(
        F.cross_entropy(scores.flatten(0, 1), targets[..., k].flatten())
        for k, scores in enumerate(logits)
    )


def attribute_accuracy(logits: Sequence[Tensor], targets: Tensor) -> dict[str, float]:
    """The share of slots whose shape, colour and size are right, each and all together
    (``"objects"``: all three, counted over slots that hold an object)."""
    _check_targets(logits, targets)
    right = torch.stack([s.argmax(2) == targets[..., k] for k, s in enumerate(logits)], dim=2)
    accuracy = {
        name: float(right[..., k].float().mean()) for k, name in enumerate(ATTRIBUTE_CLASSES)
    }
    occupied = targets[..., 0] != _CLASS_COUNTS[0] - 1
    accuracy["objects"] = float(right.all(dim=2)[occupied].float().mean())
    return accuracy


def _check_targets(logits: Sequence[Tensor], targets: Tensor) -> None:
    if len(logits) != len(_CLASS_COUNTS):
        raise ValueError(f"expected logits for {len(_CLASS_COUNTS)} attributes, got {len(logits)}")
    batch, slots = logits[0].shape[:2]
    check_shape(targets, (batch, slots, len(_CLASS_COUNTS)), "targets")


class Pretraining(NamedTuple):
    """What :func:`pretrain_convnet` returns: the classifier (whose ``convnet`` is the
    network passed in, now trained), the training history and the final accuracy
    (:func:`attribute_accuracy`) on held-back pretraining scenes."""

    classifier: AttributeClassifier
    history: History
    accuracy: dict[str, float]


def pretrain_convnet(
    convnet: ConvNet,
    *,
    seed: int,
    steps: int = 600,
    scenes: int = 5000,
    eval_scenes: int = 500,
    batch_size: int = 64,
    lr: float = 2e-3,
    eval_every: int = 100,
    progress: bool | None = False,
) -> Pretraining:
    """Train ``convnet`` in place to name the objects' attributes, as Show and Tell
    pretrains its CNN on classification before captioning.

    The scenes are the ``"pretrain"`` split of :func:`~lstm.tasks.scenes.render_scenes`
    for ``seed``: other images than the captioner's, and like them without the
    held-out shape–colour pairs. ``scenes`` train, the next ``eval_scenes`` are held
    back to measure accuracy every ``eval_every`` steps. Training is
    :func:`lstm.nn.train.fit` with Adam, minibatches drawn from the step number, so a
    run repeats bit for bit. With the defaults and :class:`ConvNet`'s, 32×32 scenes
    and one thread, this took about 2.5 minutes on a loaded 2-core machine and named
    77% of held-back objects entirely right (shape 90%, colour 94%, size 97%).
    """
    if not isinstance(convnet, ConvNet):
        raise TypeError(f"expected convnet to be a ConvNet, got {type(convnet).__name__}")
    check_positive_int(scenes, "scenes")
    check_positive_int(eval_scenes, "eval_scenes")
    check_positive_int(batch_size, "batch_size")
    if batch_size > scenes:
        raise ValueError(f"expected batch_size <= scenes ({scenes}), got {batch_size}")
    data = render_scenes(
        scenes + eval_scenes, seed=seed, split="pretrain", image_size=convnet.image_size
    )
    targets = attribute_targets(data.scenes)
    images, eval_images = data.images[:scenes], data.images[scenes:]
    targets, eval_targets = targets[:scenes], targets[scenes:]
    seed_everything(seed)
    classifier = AttributeClassifier(convnet)

    def batch(step: int) -> tuple[Tensor, Tensor]:
        chosen = np.random.default_rng([seed, step]).choice(scenes, batch_size, replace=False)
        index = torch.from_numpy(chosen)
        return images[index], targets[index]

    def loss(model: AttributeClassifier, batch: tuple[Tensor, Tensor]) -> Tensor:
        return attribute_loss(model(batch[0]), batch[1])

    def evaluate(model: AttributeClassifier) -> dict[str, float]:
        return attribute_accuracy(model(eval_images), eval_targets)

    history = fit(
        classifier,
        loss,
        batch,
        steps=steps,
        lr=lr,
        evaluate=evaluate,
        eval_every=eval_every,
        progress=progress,
        description="pretrain CNN",
    )
    final = {k: v for k, v in history.evaluations[-1].items() if k != "step"}
    return Pretraining(classifier, history, final)


# --- the decoder: Show and Tell's LSTM ----------------------------------------------------

IMAGE_FEEDS = ("once", "every_step")


class Captioner(nn.Module):
    """An image encoder and an LSTM that writes the caption (Vinyals et al. 2015, eq. 10–12).

    With ``image_feed="once"`` (Show and Tell) the image embedding is the LSTM's input at
    t = −1 only, its output there unused; then the LSTM reads BOS and the words, and after
    each predicts the next word::

        x_{-1} = W_e CNN(I),   x_t = W_w S_t,   p_{t+1} = softmax(W_o LSTM(x_t)),  t = 0..N-1

    With ``image_feed="every_step"`` (the ablation the paper found worse) the LSTM starts
    from a zero state and reads, at every step, the word embedding with the image
    embedding beside it (concatenated).

    ``forward(images, tokens_in)`` is teacher forcing. ``images`` are pictures
    (batch, 3, size, size) or, when the network is frozen, their features
    (batch, ``convnet.feature_size``) computed once (:meth:`features`): a frozen network
    gives the same features at every step, so training need not run it again.
    The decoder-step interface of :mod:`lstm.nn.decoding` (``start``, ``step``,
    ``select``) serves :meth:`caption`.
    """

    def __init__(
        self,
        encoder: ImageEncoder,
        vocabulary_size: int,
        *,
        hidden_size: int = 128,
        image_feed: str = "once",
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        if not isinstance(encoder, ImageEncoder):
            raise TypeError(f"expected encoder to be an ImageEncoder, got {type(encoder).__name__}")
        check_positive_int(vocabulary_size, "vocabulary_size")
        check_positive_int(hidden_size, "hidden_size")
        if image_feed not in IMAGE_FEEDS:
            raise ValueError(f"expected image_feed to be one of {IMAGE_FEEDS}, got {image_feed!r}")
        if not 0.0 <= dropout < 1.0:
            raise ValueError(f"expected dropout in [0, 1), got {dropout!r}")
        self.encoder, self.image_feed = encoder, image_feed
        embed_size = encoder.embed_size
        self.embedding = nn.Embedding(vocabulary_size, embed_size, padding_idx=PAD_ID)
        input_size = embed_size * (2 if image_feed == "every_step" else 1)
        self.recurrent = LSTM(input_size, hidden_size, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.readout = nn.Linear(hidden_size, vocabulary_size)

    @torch.no_grad()
    def features(self, images: Tensor, batch_size: int = 256) -> Tensor:
        """The network's features of ``images`` (eval mode, no gradient), in batches."""
        was_training = self.encoder.convnet.training
        self.encoder.convnet.eval()
        try:
            return torch.cat(
                [
                    self.encoder.convnet(images[i : i + batch_size])
                    for i in range(0, len(images), batch_size)
                ]
            )
        finally:
            self.encoder.convnet.train(was_training)

    def image_embedding(self, images: Tensor) -> Tensor:
        """Pictures (batch, 3, size, size) or features (batch, feature_size) -> (batch, embed)."""
        check_float_tensor(images, "images")
        if images.dim() == 2:
            if not self.encoder.freeze_convnet:
                raise ValueError(
                    "expected pictures (batch, 3, size, size) for a network that trains; "
                    f"got features of shape {tuple(images.shape)}"
                )
            check_shape(images, ("batch", self.encoder.convnet.feature_size), "image features")
            return self.encoder.embed(images)
        return self.encoder(images)

    def _inputs(self, image: Tensor, tokens: Tensor) -> Tensor:
        words = self.dropout(self.embedding(tokens))
        if self.image_feed == "every_step":
            words = torch.cat([words, image.unsqueeze(1).expand(-1, tokens.shape[1], -1)], 2)
        return words

    def forward(self, images: Tensor, tokens_in: Tensor) -> Tensor:
        """Teacher forcing: logits (batch, time, vocabulary) of the word after each of
        ``tokens_in`` (BOS w_1 ... w_n, PAD-padded)."""
        _check_tokens(tokens_in, len(images))
        image = self.image_embedding(images)
        inputs = self._inputs(image, tokens_in)
        if self.image_feed == "once":
            inputs = torch.cat([self.dropout(image).unsqueeze(1), inputs], 1)
        output, _ = self.recurrent(inputs)
        if self.image_feed == "once":
            output = output[:, 1:]  # the output at t = -1 predicts nothing
        return self.readout(self.dropout(output))

    def loss(self, images: Tensor, tokens: Tensor) -> Tensor:
        """Mean negative log-likelihood per word of ``tokens`` (BOS w_1 ... w_n EOS,
        PAD-padded): the words and EOS count, PAD does not."""
        logits = self(images, tokens[:, :-1])
        return F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1), ignore_index=PAD_ID
        )

    # -- the decoder-step interface of lstm.nn.decoding ------------------------------------

    def start(self, images: Tensor) -> tuple[tuple[Tensor, Tensor], Tensor | None]:
        """The state before BOS: the LSTM's (h, c) after reading the image (``"once"``),
        or a zero state and the image embedding to read at every step."""
        image = self.image_embedding(images)
        if self.image_feed == "once":
            _, state = self.recurrent(image.unsqueeze(1))
            return state, None
        zeros = image.new_zeros(1, len(image), self.recurrent.hidden_size)
        return (zeros, zeros.clone()), image

    def step(self, tokens: Tensor, state: tuple) -> tuple[Tensor, tuple]:
        """One word for each of (n,) previous tokens: logits (n, vocabulary), new state."""
        recurrent_state, image = state
        output, recurrent_state = self.recurrent(
            self._inputs(image, tokens.unsqueeze(1)), recurrent_state
        )
        return self.readout(output[:, 0]), (recurrent_state, image)

    def select(self, state: tuple, index: Tensor) -> tuple:
        """The state of hypotheses ``index``."""
        (h, c), image = state
        return (
            (h.index_select(1, index), c.index_select(1, index)),
            None if image is None else image.index_select(0, index),
        )

    @torch.no_grad()
    def caption(
        self, images: Tensor, *, beam_size: int = 1, max_length: int = 40
    ) -> decoding.Decoded:
        """Captions of ``images`` as token ids: greedy (``beam_size=1``) or beam search,
        both from :mod:`lstm.nn.decoding`, in eval mode."""
        check_positive_int(beam_size, "beam_size")
        was_training = self.training
        self.eval()
        try:
            state = self.start(images)
            common = dict(batch_size=len(images), bos=BOS_ID, eos=EOS_ID, max_length=max_length)
            if beam_size == 1:
                return decoding.greedy(self, state, **common)
            return decoding.beam_search(self, state, beam_size=beam_size, **common)
        finally:
            self.train(was_training)


def _check_tokens(tokens: object, batch: int) -> None:
    if not isinstance(tokens, Tensor) or tokens.dtype != torch.int64 or tokens.dim() != 2:
        got = (
            f"dtype {tokens.dtype}, shape {tuple(tokens.shape)}"
            if isinstance(tokens, Tensor)
            else type(tokens).__name__
        )
        raise ValueError(f"expected tokens as an int64 tensor of shape (batch, time), got {got}")
    if tokens.shape[0] != batch:
        raise ValueError(f"expected tokens for {batch} images, got {tokens.shape[0]} rows")
