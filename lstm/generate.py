r"""Write Shakespeare-like text with the book's character-level model, or train one on a
text of your own.

Sample (the default) with the model of all the plays that the text chapter trains and
keeps (:mod:`lstm.experiments.text_generation.experiment`)::

    python -m lstm.generate [--weights PATH] [--prompt TEXT] [--length N]
                            [--temperature T] [--seed S]

``--weights`` defaults to ``data/models/plays-lstm.pt`` in the repository, which
``python -m lstm text_generation --profile full`` makes. The model reads ``--prompt``
(default ``"MACBETH:\n"``; ``\n``, ``\t`` and ``\\`` in it stand for a newline, a tab and
a backslash, so that a shell can pass them) and writes ``--length`` characters (default
500), each drawn from the softmax of its logits divided by ``--temperature`` (default
0.8; 0 takes the most likely character every time). The prompt and the text written
follow it on stdout; the same ``--seed`` (default 0) writes the same text.

Train on your own text, then sample as above::

    python -m lstm.generate --text PATH [--save PATH] [--hidden H] [--layers L]
                            [--steps N] [--lr LR] [--dropout P] [--seed S] [sampling options]

The file (UTF-8 plain text, or UTF-16 with a byte-order mark as Windows Notepad saves
"Unicode"; at least :data:`MIN_CHARACTERS` characters) is cut by position into training,
validation and test blocks (90 / 5 / 5%, :func:`lstm.data.plays.split_blocks`), and a
:class:`~lstm.nn.char_model.CharModel` of ``--layers`` LSTM layers of ``--hidden`` units
(defaults 2 and 128) learns to predict every next character of windows of 100 characters,
with Adam at ``--lr`` (default 0.005) for ``--steps`` steps (default 500) and
``--dropout`` between layers (default 0). It is scored in bits per character on the
validation block five times (printed on stderr) and keeps the weights of its best score;
they are saved to ``--save`` (default ``<file stem>-lstm.pt`` in the current folder), in
the format ``--weights`` reads. The prompt defaults to the text's first line. A file in
an 8-bit encoding is refused with the ``iconv`` line that re-encodes it as UTF-8.

Any bad input is an ``error:`` line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import codecs
import math
import os
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import torch

from lstm.data import plays
from lstm.nn import char_model
from lstm.nn.char_model import CharModel
from lstm.nn.train import fit, seed_everything
from lstm.reproduce.results import REPOSITORY

DEFAULT_WEIGHTS = REPOSITORY / "data" / "models" / "plays-lstm.pt"
DEFAULT_PROMPT = "MACBETH:\n"
MIN_CHARACTERS = 200  # below this the validation block is too short to score
KEYS = ("alphabet", "settings", "state")  # what a weights file holds
TRAINING = {"save": None, "hidden": 128, "layers": 2, "steps": 500, "lr": 0.005, "dropout": 0.0}
BATCH, WINDOW, CLIP_NORM, EVALUATIONS = 32, 100, 5.0, 5
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\"}


class GenerateError(ValueError):
    """A bad input: the message says what was expected, what arrived and in which file."""


def load(path: Path) -> tuple[CharModel, str]:
    """The model saved at ``path`` by :func:`save` (or by the text chapter), and its
    alphabet: symbol ``i`` is the character ``alphabet[i]``."""
    if not path.exists():
        raise GenerateError(
            f"{path}: expected the weights of a character model, found nothing there; "
            "python -m lstm text_generation --profile full makes the book's model, and "
            "--text PATH trains one on a text of your own"
        )
    if path.is_dir():
        raise GenerateError(f"{path}: expected a file of model weights, got a folder")
    try:
        saved = torch.load(path, weights_only=True)
    except Exception:  # torch's unpickler fails on garbage in many ways
        raise GenerateError(
            f"{path}: expected model weights saved with torch.save, got a file torch cannot "
            "read (another kind of file, or a damaged one)"
        ) from None
    if not isinstance(saved, dict) or sorted(saved) != list(KEYS):
        arrived = (
            f"the keys {sorted(map(str, saved))}"
            if isinstance(saved, dict)
            else f"a {type(saved).__name__}"
        )
        raise GenerateError(f"{path}: expected a dict with the keys {list(KEYS)}, got {arrived}")
    try:
        net = CharModel(**saved["settings"])
        net.load_state_dict(saved["state"])
    except (TypeError, ValueError, RuntimeError) as error:
        raise GenerateError(
            f"{path}: expected the settings and weights of a CharModel, got ones that do not "
            f"build one ({str(error).strip().splitlines()[0]})"
        ) from None
    alphabet = saved["alphabet"]
    if (
        not isinstance(alphabet, str)
        or len(alphabet) != net.alphabet
        or len(set(alphabet)) != len(alphabet)
    ):
        raise GenerateError(
            f"{path}: expected an alphabet of {net.alphabet} distinct characters, got "
            f"{alphabet!r:.80}"
        )
    return net, alphabet


def save(net: CharModel, alphabet: str, path: Path) -> None:
    """Write ``net``'s settings and weights and its ``alphabet`` to ``path`` (its folder
    made if need be), in the format :func:`load` reads."""
    check_save_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save(
            {"settings": net.settings(), "alphabet": alphabet, "state": net.state_dict()}, path
        )
    except (OSError, RuntimeError) as error:  # torch.save's own errors are RuntimeErrors
        raise GenerateError(
            f"{path}: expected a path to write the weights to, got one that cannot be "
            f"written ({str(error).strip().splitlines()[-1]})"
        ) from None


def check_save_path(path: Path) -> None:
    """Refuse a path that weights cannot be saved to: a folder, or one whose nearest
    existing ancestor is not a writable folder (checked before training, too)."""
    if path.is_dir():
        raise GenerateError(f"{path}: expected a file to save the weights to, got a folder")
    existing = next(parent for parent in path.absolute().parents if parent.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK):
        raise GenerateError(
            f"{path}: expected a path to save the weights to, got one under {existing}, "
            "which is not a folder you can write to"
        )


def check_prompt(prompt: str, alphabet: str, source: Path) -> None:
    """Refuse a prompt with characters outside ``alphabet``, the characters of the model
    whose weights or text are at ``source``."""
    unknown = sorted(set(prompt) - set(alphabet))
    if unknown:
        raise GenerateError(
            f"{source}: expected a prompt of the {len(alphabet)} characters this model knows, "
            f"got {len(unknown)} it never saw: {', '.join(map(repr, unknown))}; give another "
            "with --prompt"
        )


def write(
    net: CharModel, alphabet: str, prompt: str, length: int, temperature: float, seed: int
) -> str:
    """``length`` characters that ``net`` writes after ``prompt`` (whose characters must
    all be in ``alphabet``, see :func:`check_prompt`), drawn at ``temperature`` with a
    generator seeded with ``seed``."""
    symbols = torch.tensor([alphabet.index(character) for character in prompt])
    generator = torch.Generator().manual_seed(seed)
    written = char_model.sample(net, symbols, length, temperature=temperature, generator=generator)
    return "".join(alphabet[symbol] for symbol in written.tolist())


def read(path: Path) -> str:
    """The text of the file at ``path`` (see :func:`read_text`), refused when it is too
    short to train on."""
    text = read_text(path)
    if len(text) < MIN_CHARACTERS:
        raise GenerateError(
            f"{path}: expected at least {MIN_CHARACTERS} characters of text to train on, "
            f"got {len(text)}"
        )
    return text


def read_text(path: Path) -> str:
    """The text of the file at ``path``, with ``\\n`` line endings: UTF-8 as
    :func:`lstm.data.plays.read_text` reads it (whose errors stand for a missing, empty or
    binary file), or UTF-16 with a byte-order mark, as Windows Notepad saves "Unicode".

    Text in an 8-bit encoding is refused naming the first byte that is not UTF-8 and the ``iconv``
    line that re-encodes the file: from Windows-1252 when it reads as Windows-1252 and
    has bytes 0x80-0x9F (its curly quotes, dashes and euro sign; control characters in
    Latin-1), else from Latin-1.
    """
    try:
        return plays.read_text(path)
    except plays.TextFileError:
        data = path.read_bytes()
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return _read_utf16(path, data)
        if b"\0" in data:  # plays.read_text's message for a binary file stands
            raise
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise GenerateError(_not_utf8(path, data, error.start)) from None
        raise  # valid UTF-8 that plays.read_text refused: an empty file, or only whitespace


def _read_utf16(path: Path, data: bytes) -> str:
    """The text of ``data``, the bytes of the file at ``path``, which start with a UTF-16
    byte-order mark; line endings become ``\\n``, as :func:`lstm.data.plays.read_text`
    makes them for UTF-8."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise GenerateError(
            f"{path}: expected UTF-16 text after its byte-order mark, got bytes that are not "
            f"UTF-16 at offset {error.start} ({error.reason}); re-save it as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(path: Path, data: bytes, offset: int) -> str:
    """The error for ``data``, the bytes of the file at ``path``, whose first byte that is
    not UTF-8 is at ``offset``: where, and the ``iconv`` line for its likely encoding."""
    try:
        data.decode("cp1252")
        windows = re.search(rb"[\x80-\x9f]", data) is not None
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined: 0x81, 0x8D, 0x8F, ...
        windows = False
    encoding, looks = (
        ("WINDOWS-1252", "Windows-1252 (bytes 0x80-0x9F: curly quotes, dashes and the like)")
        if windows
        else ("LATIN1", "Latin-1 or another 8-bit encoding")
    )
    converted = path.with_name(f"{path.stem}-utf8{path.suffix}")
    line = data[:offset].count(b"\n") + 1
    return (
        f"{path}: expected UTF-8 text, got the byte 0x{data[offset]:02X} at offset {offset} "
        f"(line {line}), which is not valid UTF-8; the file looks like {looks}: re-encode it "
        f"as UTF-8, e.g. iconv -f {encoding} -t UTF-8 {shlex.quote(str(path))} > "
        f"{shlex.quote(str(converted))}"
    )


def _encode(text: str, alphabet: str) -> torch.Tensor:
    index = {character: symbol for symbol, character in enumerate(alphabet)}
    return torch.tensor([index[character] for character in text])


def train_on(
    text: str,
    *,
    hidden: int = TRAINING["hidden"],
    layers: int = TRAINING["layers"],
    steps: int = TRAINING["steps"],
    lr: float = TRAINING["lr"],
    dropout: float = TRAINING["dropout"],
    seed: int = 0,
) -> tuple[CharModel, str, float]:
    """A model trained on ``text`` (as the module docstring says), its alphabet (every
    character of ``text``) and its best validation bits per character; each evaluation
    is reported on stderr."""
    if len(text) < MIN_CHARACTERS:
        raise GenerateError(
            f"expected at least {MIN_CHARACTERS} characters of text to train on, got {len(text)}"
        )
    seed_everything(seed)
    blocks = plays.split_blocks(text)
    alphabet = "".join(sorted(set(text)))
    train, validation = _encode(blocks.train, alphabet), _encode(blocks.validation, alphabet)
    window = min(WINDOW, len(train) - 1)
    streams = max(1, min(8, len(validation) // WINDOW))
    generator = torch.Generator().manual_seed(seed)
    eval_every = max(1, steps // EVALUATIONS)
    scores: list[float] = []

    def evaluate(net: CharModel) -> dict[str, float]:
        bits = char_model.bits_per_char(net, validation, streams=streams)
        scores.append(bits)
        step = min(len(scores) * eval_every, steps)
        print(f"step {step}/{steps}: validation {bits:.3f} bits per character", file=sys.stderr)
        return {"val": bits, "negative_val": -bits}

    net = CharModel(len(alphabet), hidden, layers, dropout=dropout)
    fit(
        net,
        char_model.loss,
        lambda step: char_model.sequence_batch(train, BATCH, window, generator),
        steps=steps,
        lr=lr,
        clip_norm=CLIP_NORM,
        evaluate=evaluate,
        eval_every=eval_every,
        keep_best="negative_val",
        progress=False,
    )
    return net, alphabet, min(scores)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: the process's); return the exit code:
    0 on success, 2 for a bad input."""
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
        given = [name for name in TRAINING if getattr(arguments, name) is not None]
        if given and arguments.text is None:
            parser.error(
                f"{', '.join('--' + name for name in given)} only apply to training: "
                "expected --text PATH with them"
            )
    except SystemExit as exit_:  # argparse exits on --help and on usage errors
        return int(exit_.code or 0)
    try:
        prompt, written = _run(arguments)
    except (GenerateError, plays.TextFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(prompt + written)
    return 0


def _run(arguments: argparse.Namespace) -> tuple[str, str]:
    """The prompt and the text written after it, training first with ``--text``."""
    if arguments.text is None:
        net, alphabet = load(arguments.weights)
        prompt = DEFAULT_PROMPT if arguments.prompt is None else arguments.prompt
        check_prompt(prompt, alphabet, arguments.weights)
    else:
        text = read(arguments.text)
        prompt = text.split("\n", 1)[0] + "\n" if arguments.prompt is None else arguments.prompt
        check_prompt(prompt, text, arguments.text)
        path = arguments.save or Path(f"{arguments.text.stem}-lstm.pt")
        check_save_path(path)
        settings = {
            name: default if getattr(arguments, name) is None else getattr(arguments, name)
            for name, default in TRAINING.items()
            if name != "save"
        }
        net, alphabet, bits = train_on(text, **settings, seed=arguments.seed)
        save(net, alphabet, path)
        print(
            f"saved the model ({bits:.3f} validation bits per character) to {path}",
            file=sys.stderr,
        )
    written = write(net, alphabet, prompt, arguments.length, arguments.temperature, arguments.seed)
    return prompt, written


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lstm.generate",
        description="Write Shakespeare-like text with the book's character-level model, or "
        "train one on a text of your own (--text) and write with it.",
        epilog=r"In --prompt, \n, \t and \\ stand for a newline, a tab and a backslash.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--weights",
        type=Path,
        default=DEFAULT_WEIGHTS,
        metavar="PATH",
        help="the model to write with (default: data/models/plays-lstm.pt in the repository, "
        "made by python -m lstm text_generation --profile full)",
    )
    source.add_argument(
        "--text",
        type=Path,
        metavar="PATH",
        help="train a model on this text file (UTF-8, or UTF-16 with a byte-order mark) first",
    )
    sampling = parser.add_argument_group("sampling")
    sampling.add_argument(
        "--prompt",
        type=_prompt,
        metavar="TEXT",
        help=r"what the model reads before writing (default: 'MACBETH:\n'; with --text, the "
        "text's first line)",
    )
    sampling.add_argument(
        "--length",
        type=_positive_int,
        default=500,
        metavar="N",
        help="characters to write (default: 500)",
    )
    sampling.add_argument(
        "--temperature",
        type=_temperature,
        default=0.8,
        metavar="T",
        help="divides the logits; 0 takes the most likely character (default: 0.8)",
    )
    sampling.add_argument(
        "--seed",
        type=_seed,
        default=0,
        metavar="S",
        help="seeds sampling and training (default: 0)",
    )
    training = parser.add_argument_group("training (with --text)")
    training.add_argument(
        "--save",
        type=Path,
        metavar="PATH",
        help="where to save the weights (default: <text file stem>-lstm.pt in this folder)",
    )
    training.add_argument(
        "--hidden", type=_positive_int, metavar="H", help="units per layer (default: 128)"
    )
    training.add_argument(
        "--layers", type=_positive_int, metavar="L", help="LSTM layers (default: 2)"
    )
    training.add_argument(
        "--steps", type=_positive_int, metavar="N", help="training steps (default: 500)"
    )
    training.add_argument(
        "--lr", type=_positive_float, metavar="LR", help="Adam's learning rate (default: 0.005)"
    )
    training.add_argument(
        "--dropout", type=_rate, metavar="P", help="dropout between layers, in [0, 1) (default: 0)"
    )
    return parser


def _prompt(text: str) -> str:
    prompt = re.sub(r"\\([nt\\])", lambda match: _ESCAPES[match[1]], text)
    if not prompt:
        raise argparse.ArgumentTypeError("expected a prompt of at least one character, got ''")
    return prompt


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text!r}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"expected an integer from 0 to 2**32 - 1, got {text!r}")
    return value


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _temperature(text: str) -> float:
    value = _number(text)
    if not 0 <= value < math.inf:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    value = _number(text)
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def _rate(text: str) -> float:
    value = _number(text)
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to below 1, got {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
