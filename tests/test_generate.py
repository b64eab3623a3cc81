"""``python -m lstm.generate``: sampling with saved weights, training on a text of your own,
and a clear error for every bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from lstm import generate
from lstm.data import plays
from lstm.nn import char_model
from lstm.nn.char_model import CharModel

ALPHABET = "\n\\ .abcdehilnorstw"
LINES = ["the cat sat on the mat.", "a dog ran in the park.", "we like to read books."]
TINY = ["--hidden", "8", "--layers", "1"]


@pytest.fixture(autouse=True)
def one_thread():
    """Train on one thread (tiny models run fastest so, on a busy machine too), and undo
    seed_everything's global switch to deterministic algorithms afterwards."""
    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(deterministic)


@pytest.fixture
def weights(tmp_path):
    """An untrained tiny model over :data:`ALPHABET`, saved; its path."""
    torch.manual_seed(0)
    path = tmp_path / "tiny.pt"
    generate.save(CharModel(len(ALPHABET), 8, 1), ALPHABET, path)
    return path


@pytest.fixture
def text_file(tmp_path):
    """A few KB of simple English lines."""
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(LINES[i % 3] for i in range(150)) + "\n", encoding="utf-8")
    return path


def _run(capsys, *argv: object) -> tuple[int, str, str]:
    code = generate.main([str(argument) for argument in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_saved_weights_load_back_equal_and_sample_deterministically(tmp_path):
    torch.manual_seed(0)
    net = CharModel(len(ALPHABET), 8, 1, dropout=0.1)
    generate.save(net, ALPHABET, tmp_path / "folder" / "net.pt")
    loaded, alphabet = generate.load(tmp_path / "folder" / "net.pt")
    assert alphabet == ALPHABET
    assert loaded.settings() == net.settings()
    assert all(torch.equal(loaded.state_dict()[k], v) for k, v in net.state_dict().items())
    texts = [generate.write(loaded, alphabet, "the ", 60, 1.0, seed) for seed in (3, 3, 4)]
    assert texts[0] == texts[1] != texts[2]
    assert len(texts[0]) == 60 and set(texts[0]) <= set(ALPHABET)


def test_greedy_sampling_is_char_model_sample_at_temperature_zero(capsys, weights):
    code, out, _ = _run(capsys, "--weights", weights, "--prompt", "a cat", "--temperature", 0)
    net, alphabet = generate.load(weights)
    prompt = torch.tensor([alphabet.index(character) for character in "a cat"])
    expected = char_model.sample(net, prompt, 500, temperature=0)
    assert code == 0
    assert out == "a cat" + "".join(alphabet[s] for s in expected.tolist()) + "\n"


def test_the_same_seed_writes_the_same_text_on_the_command_line(capsys, weights):
    runs = [_run(capsys, "--weights", weights, "--prompt", "the", "--seed", s) for s in (5, 5, 6)]
    assert runs[0] == runs[1] != runs[2]


def test_the_default_prompt_is_a_speaker_s_name(capsys, tmp_path):
    path = tmp_path / "speakers.pt"
    generate.save(CharModel(len(ALPHABET) + 8, 8, 1), ALPHABET + "ABCEHMT:", path)
    code, out, _ = _run(capsys, "--weights", path, "--length", 10)
    assert code == 0 and out.startswith("MACBETH:\n") and len(out) == 9 + 10 + 1


def test_a_prompt_s_backslash_escapes_become_newlines_and_backslashes(capsys, weights):
    code, out, _ = _run(capsys, "--weights", weights, "--prompt", r"a\nb\\nc", "--length", 3)
    assert code == 0
    assert out.startswith("a\nb\\nc") and len(out) == len("a\nb\\nc") + 3 + 1


def test_text_trains_saves_reports_and_samples_then_the_weights_sample(capsys, tmp_path, text_file):
    save = tmp_path / "models" / "lines.pt"
    code, out, err = _run(
        capsys, "--text", text_file, "--save", save, *TINY, "--steps", 20, "--length", 40
    )
    assert code == 0
    assert err.count("validation") >= 5 and "bits per character" in err and str(save) in err
    assert out.startswith(LINES[0] + "\n") and len(out) == len(LINES[0]) + 1 + 40 + 1
    net, alphabet = generate.load(save)
    assert alphabet == "".join(sorted(set(text_file.read_text())))
    assert net.settings()["hidden_size"] == 8 and net.settings()["num_layers"] == 1
    code, out, _ = _run(capsys, "--weights", save, "--prompt", "the ", "--length", 20)
    assert code == 0 and out.startswith("the ") and len(out) == 4 + 20 + 1


def test_text_saves_in_the_current_folder_by_default(capsys, tmp_path, text_file, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "--text", text_file, *TINY, "--steps", 2, "--length", 5)
    assert code == 0 and "lines-lstm.pt" in err
    assert (tmp_path / "lines-lstm.pt").is_file()


def test_train_on_returns_the_weights_of_its_best_validation_score():
    text = "\n".join(LINES[i % 3] for i in range(60))
    net, alphabet, bits = generate.train_on(text, hidden=8, layers=1, steps=10, seed=2)
    assert alphabet == "".join(sorted(set(text)))
    validation = plays.split_blocks(text).validation
    symbols = torch.tensor([alphabet.index(character) for character in validation])
    assert bits == pytest.approx(char_model.bits_per_char(net, symbols, streams=1))
    assert 0 < bits < 8


def _bad_weights(tmp_path, kind):
    path = tmp_path / f"{kind}.pt"
    if kind == "folder":
        path.mkdir()
    elif kind == "not-torch":
        path.write_text("these are not weights\n")
    elif kind == "wrong-keys":
        torch.save({"weights": torch.zeros(2)}, path)
    elif kind == "not-a-dict":
        torch.save(torch.zeros(2), path)
    elif kind == "bad-settings":
        torch.save({"settings": {"alphabet": 0}, "alphabet": "", "state": {}}, path)
    elif kind == "bad-alphabet":
        net = CharModel(3, 4, 1)
        torch.save({"settings": net.settings(), "alphabet": "ab", "state": net.state_dict()}, path)
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("missing", "python -m lstm text_generation --profile full"),
        ("folder", "got a folder"),
        ("not-torch", "torch cannot read"),
        ("wrong-keys", "expected a dict with the keys ['alphabet', 'settings', 'state']"),
        ("not-a-dict", "got a Tensor"),
        ("bad-settings", "do not build one"),
        ("bad-alphabet", "expected an alphabet of 3 distinct characters"),
    ],
)
def test_bad_weights_are_an_error_naming_the_file(capsys, tmp_path, kind, expected):
    path = _bad_weights(tmp_path, kind)
    code, out, err = _run(capsys, "--weights", path)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}: ") and expected in err
    assert "Traceback" not in err


def test_a_missing_default_model_says_where_it_looked(capsys, tmp_path, monkeypatch):
    path = tmp_path / "data" / "models" / "plays-lstm.pt"
    monkeypatch.setattr(generate, "DEFAULT_WEIGHTS", path)
    code, _, err = _run(capsys)
    assert code == 2
    assert err.startswith(f"error: {path}: ") and "--profile full makes" in err


def test_a_prompt_outside_the_alphabet_lists_its_strange_characters(capsys, weights):
    code, out, err = _run(capsys, "--weights", weights, "--prompt", "Zebra é")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {weights}: ") and "2 it never saw: 'Z', 'é'" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--length", "0"], "argument --length: expected an integer >= 1, got '0'"),
        (["--temperature", "-1"], "argument --temperature: expected a number >= 0, got '-1'"),
        (["--temperature", "nan"], "expected a number >= 0, got 'nan'"),
        (["--seed", "-3"], "argument --seed: expected an integer from 0 to 2**32 - 1"),
        (["--seed", "4294967296"], "expected an integer from 0 to 2**32 - 1"),
        (["--prompt", ""], "expected a prompt of at least one character"),
        (["--steps", "10"], "--steps only apply to training: expected --text PATH"),
        (["--save", "x.pt", "--lr", "0.1"], "--save, --lr only apply to training"),
        (["--text", "a.txt", "--weights", "b.pt"], "not allowed with argument"),
        (["--text", "a.txt", "--dropout", "1"], "argument --dropout: expected a number from 0"),
    ],
)
def test_bad_options_are_usage_errors(capsys, argv, expected):
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    assert "error: " in err and expected in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "found nothing there"),
        (b"", "got an empty file"),
        (b"text\0with a NUL", "got a binary file"),
        (b"\xffnot utf-8", "expected UTF-8 text"),
        (b"too short to learn from\n" * 3, "expected at least 200 characters of text"),
    ],
)
def test_a_bad_text_file_is_an_error_naming_it(capsys, tmp_path, content, expected):
    path = tmp_path / "mine.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = _run(capsys, "--text", path, *TINY, "--steps", 2)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}: ") and expected in err
    assert not (tmp_path / "mine-lstm.pt").exists()


WORLDLY = "\r\n".join(f"“Line {i}” — café, 5 €." for i in range(20)) + "\r\n"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_trains_as_its_utf8_would(
    capsys, tmp_path, monkeypatch, encoding
):
    """Windows Notepad's "Unicode" (little-endian) and its big-endian twin, with CRLF."""
    monkeypatch.chdir(tmp_path)  # without --save, the weights go to the current folder
    utf8, utf16 = tmp_path / "utf8.txt", tmp_path / f"{encoding}.txt"
    utf8.write_bytes(WORLDLY.encode("utf-8"))
    utf16.write_bytes("\ufeff".encode(encoding) + WORLDLY.encode(encoding))
    assert generate.read_text(utf16) == plays.read_text(utf8) == WORLDLY.replace("\r\n", "\n")
    runs = [
        _run(capsys, "--text", path, *TINY, "--steps", 2, "--length", 20) for path in (utf8, utf16)
    ]
    assert runs[0][:2] == runs[1][:2] and runs[0][0] == 0
    assert (tmp_path / "utf8-lstm.pt").is_file() and (tmp_path / f"{encoding}-lstm.pt").is_file()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("content", "encoding", "looks", "where"),
    [
        (
            "He said “hello” – for €5.\n".encode("cp1252") * 20,
            "WINDOWS-1252",
            "Windows-1252 (bytes 0x80-0x9F: curly quotes, dashes and the like)",
            "the byte 0x93 at offset 8 (line 1)",
        ),
        (
            "plain words first\nun résumé, café crème\n".encode("latin-1") * 20,
            "LATIN1",
            "Latin-1 or another 8-bit encoding",
            "the byte 0xE9 at offset 22 (line 2)",
        ),
        (
            b"quotes \x93 and a byte Windows-1252 leaves undefined \x81\n" * 20,
            "LATIN1",
            "Latin-1 or another 8-bit encoding",
            "the byte 0x93 at offset 7 (line 1)",
        ),
    ],
    ids=["cp1252", "latin-1", "cp1252-undefined-byte"],
)
def test_8_bit_text_is_refused_with_the_iconv_line_for_its_encoding(
    capsys, tmp_path, content, encoding, looks, where
):
    path = tmp_path / "mine.txt"
    path.write_bytes(content)
    code, out, err = _run(capsys, "--text", path, *TINY, "--steps", 2)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {path}: expected UTF-8 text, got {where}, which is not valid UTF-8; the file "
        f"looks like {looks}: re-encode it as UTF-8, e.g. iconv -f {encoding} -t UTF-8 {path} "
        f"> {tmp_path / 'mine-utf8.txt'}\n"
    )


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "got a binary file (a NUL byte at offset 8)"),
        (
            b"\xff\xfe" + "abc".encode("utf-16-le") + b"x",
            "expected UTF-16 text after its byte-order mark, got bytes that are not UTF-16 at "
            "offset 8 (truncated data); re-save it as UTF-8",
        ),
    ],
    ids=["png", "utf-16-cut-short"],
)
def test_binary_and_broken_utf16_files_are_refused_as_such(capsys, tmp_path, content, expected):
    path = tmp_path / "mine.txt"
    path.write_bytes(content)
    code, out, err = _run(capsys, "--text", path, *TINY, "--steps", 2)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {path}: ") and expected in err and err.count("\n") == 1
    assert "iconv" not in err


@pytest.mark.parametrize("where", ["folder", "under-a-file"])
def test_a_save_path_that_cannot_be_written_is_refused_before_training(
    capsys, tmp_path, text_file, where
):
    save = tmp_path if where == "folder" else text_file / "lines.pt"
    code, out, err = _run(capsys, "--text", text_file, "--save", save, *TINY, "--steps", 2)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {save}: expected a ") and "validation" not in err


def test_a_text_mode_prompt_is_checked_before_training(capsys, text_file):
    code, _, err = _run(capsys, "--text", text_file, "--prompt", "XYZ", "--steps", 100)
    assert code == 2 and f"error: {text_file}: " in err and "'X', 'Y', 'Z'" in err
    assert "validation" not in err


def test_the_module_runs_from_the_command_line():
    completed = subprocess.run(
        [sys.executable, "-m", "lstm.generate", "--help"], capture_output=True, text=True
    )
    assert completed.returncode == 0
    assert "--temperature" in completed.stdout and "--text" in completed.stdout
