"""Compile the C++ time loop once per machine and load it.

The loop (``gated_recurrence.cpp``) is built with PyTorch's own extension builder the
first time it is needed, for this machine's processor, and cached by PyTorch (in
``~/.cache/torch_extensions``, or ``$TORCH_EXTENSIONS_DIR``): later imports load the
cached library in a fraction of a second. Building needs a C++ compiler and the Python
headers; without them :func:`extension` raises :class:`KernelUnavailable` saying what is
missing, never falls back to the slower step loop silently.
"""

from __future__ import annotations

import functools
import os
import shutil
import sysconfig
from pathlib import Path
from types import ModuleType

SOURCE = Path(__file__).with_name("gated_recurrence.cpp")

#: Optimise for the processor that builds (and so runs) the loop. ``-ffast-math`` applies to
#: compiling only (linking without it leaves the process's floating-point modes alone); it
#: lets exp and tanh run as the C library's vector functions (libmvec).
CFLAGS = ["-O3", "-march=native", "-ffast-math", "-fopenmp-simd"]
LDFLAGS = ["-lmvec"]


class KernelUnavailable(RuntimeError):
    """The compiled loop cannot be built on this machine (no compiler or headers)."""


def missing_tools() -> list[str]:
    """What building the loop needs and this machine lacks (empty when nothing is)."""
    missing = []
    if shutil.which("c++") is None and shutil.which("g++") is None:
        missing.append("a C++ compiler (c++ or g++; on Debian: apt install g++)")
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        missing.append("the Python headers (Python.h; on Debian: apt install python3-dev)")
    if shutil.which("ninja", path=_path_with_ninja()) is None:
        missing.append("ninja (pip install ninja)")
    return missing


def _path_with_ninja() -> str:
    """``$PATH`` with the pip package ninja's folder in front, when it is installed (a
    virtual environment's ``bin`` is not on ``$PATH`` unless the environment is active)."""
    path = os.environ.get("PATH", "")
    try:
        import ninja
    except ImportError:
        return path
    return os.pathsep.join([ninja.BIN_DIR, path])


@functools.cache
def extension() -> ModuleType:
    """The compiled loop, built on first use (about a minute) and cached afterwards."""
    missing = missing_tools()
    if missing:
        raise KernelUnavailable(
            "the compiled LSTM loop needs " + " and ".join(missing) + f"; it builds {SOURCE}"
        )
    from torch.utils import cpp_extension

    os.environ["PATH"] = _path_with_ninja()  # PyTorch's builder runs ninja from $PATH
    return cpp_extension.load(
        name="lstm_gated_recurrence",
        sources=[str(SOURCE)],
        extra_cflags=CFLAGS,
        extra_ldflags=LDFLAGS,
    )


if __name__ == "__main__":  # python -m lstm.nn.kernel.build: build now (make does, once)
    try:
        print(f"compiled LSTM loop ready: {extension().__file__}")
    except KernelUnavailable as error:
        raise SystemExit(f"error: {error}") from None
