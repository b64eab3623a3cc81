"""Speech features as Graves & Schmidhuber (2005) used them, in plain numpy.

"12 Mel-Frequency Cepstrum Coefficients (MFCCs) from 26 filter-bank channels ... the
log-energy and the first order derivatives of it and the MFCCs were also included, giving
a total of 26 inputs per frame. The frames were calculated every 10 ms, with 25 ms Hamming
windows." The recipe is HTK's (Young et al., *The HTK Book*), step by step:

1. frames of 25 ms every 10 ms (frame ``k`` starts at sample ``round(k * hop)``, so rates
   whose 10 ms is not a whole number of samples, such as espeak-ng's 22,050 Hz, work);
2. the log energy of each raw frame;
3. pre-emphasis ``x[n] - 0.97 x[n-1]`` within the frame, a Hamming window, the power
   spectrum by FFT (zero-padded to the next power of two);
4. 26 triangular filters equally spaced on the mel scale ``2595 log10(1 + f / 700)`` from
   0 Hz to 8 kHz — TIMIT's bandwidth, so 16 kHz TIMIT and 22.05 kHz synthetic speech give
   comparable features — and the log of each filter's output;
5. an orthonormal DCT-II of the 26 log filter outputs, keeping coefficients 1..12,
   liftered with HTK's ``1 + 11 sin(pi n / 22)``;
6. first derivatives by HTK's regression over +-2 frames, for the 12 MFCCs and the energy.

The tests check each step against a reference: a pure tone's spectral peak, the filter
bank's triangles, the DCT's orthogonality, the regression's slope on a ramp.
"""

from __future__ import annotations

import numpy as np

FRAME_STEP_S = 0.010
WINDOW_S = 0.025
N_FILTERS = 26
N_CEPSTRA = 12
PREEMPHASIS = 0.97
LIFTER = 22
HIGH_HZ = 8000.0
DELTA_WINDOW = 2
N_FEATURES = 2 * (N_CEPSTRA + 1)  # 26: 12 MFCCs + log energy, and their derivatives
LOG_FLOOR = 1e-10


def hz_to_mel(hz):
    """HTK's mel scale: 2595 log10(1 + f / 700)."""
    return 2595.0 * np.log10(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


def mel_to_hz(mel):
    """The inverse of :func:`hz_to_mel`."""
    return 700.0 * (10.0 ** (np.asarray(mel, dtype=np.float64) / 2595.0) - 1.0)


def window_length(sample_rate: int) -> int:
    """Samples in a 25 ms window at ``sample_rate``."""
    return int(round(WINDOW_S * sample_rate))


def frame_starts(n_samples: int, sample_rate: int) -> np.ndarray:
    """First sample of every whole 25 ms frame, one every 10 ms (int64)."""
    if sample_rate <= 0:
        raise ValueError(f"expected a positive sample rate, got {sample_rate}")
    length = window_length(sample_rate)
    if n_samples < length:
        return np.zeros(0, dtype=np.int64)
    hop = FRAME_STEP_S * sample_rate
    count = int(np.floor((n_samples - length) / hop + 1e-9)) + 1
    starts = np.round(np.arange(count) * hop).astype(np.int64)
    return starts[starts + length <= n_samples]


def frame_centres(n_samples: int, sample_rate: int) -> np.ndarray:
    """The sample at the centre of every frame: the one whose phoneme labels the frame."""
    return frame_starts(n_samples, sample_rate) + window_length(sample_rate) // 2


def mel_filterbank(
    n_fft: int,
    sample_rate: int,
    *,
    n_filters: int = N_FILTERS,
    low_hz: float = 0.0,
    high_hz: float = HIGH_HZ,
) -> np.ndarray:
    """(n_filters, n_fft // 2 + 1) triangular weights, equally spaced on the mel scale.

    Filter ``m`` rises from 0 at the centre of filter ``m - 1`` to 1 at its own centre and
    falls to 0 at the centre of filter ``m + 1`` (HTK's layout; the band edges count as
    centres 0 and n_filters + 1).
    """
    high_hz = min(high_hz, sample_rate / 2)
    if not 0 <= low_hz < high_hz:
        raise ValueError(f"expected 0 <= low_hz < high_hz, got {low_hz} and {high_hz}")
    centres = mel_to_hz(np.linspace(hz_to_mel(low_hz), hz_to_mel(high_hz), n_filters + 2))
    bins = np.arange(n_fft // 2 + 1) * sample_rate / n_fft
    lower, centre, upper = centres[:-2, None], centres[1:-1, None], centres[2:, None]
    rising = (bins - lower) / (centre - lower)
    falling = (upper - bins) / (upper - centre)
    return np.clip(np.minimum(rising, falling), 0.0, None)


def dct_matrix(n_inputs: int, n_outputs: int) -> np.ndarray:
    """(n_outputs, n_inputs) orthonormal DCT-II rows 0..n_outputs-1 (HTK's cepstra)."""
    n = np.arange(n_inputs)
    k = np.arange(n_outputs)[:, None]
    basis = np.cos(np.pi * k * (n + 0.5) / n_inputs) * np.sqrt(2.0 / n_inputs)
    basis[0] /= np.sqrt(2.0)
    return basis


def deltas(features: np.ndarray, window: int = DELTA_WINDOW) -> np.ndarray:
    """HTK's regression derivative over +-``window`` frames, edges padded by repetition.

    d_t = sum_{i=1..W} i (c_{t+i} - c_{t-i}) / (2 sum_{i=1..W} i^2).
    """
    if features.shape[0] == 0:
        return features.copy()
    padded = np.pad(features, ((window, window), (0, 0)), mode="edge")
    total = features.shape[0]
    numerator = sum(
        i * (padded[window + i : window + i + total] - padded[window - i : window - i + total])
        for i in range(1, window + 1)
    )
    return numerator / (2 * sum(i * i for i in range(1, window + 1)))


def apply_filterbank(spectrum: np.ndarray, filterbank: np.ndarray) -> np.ndarray:
    """``spectrum @ filterbank.T``, one filter's band of bins at a time.

    The same numbers as the matrix product, but a product this small is one that a
    multi-threaded BLAS slows down tenfold on a busy machine; the bands are narrow.
    """
    out = np.empty((spectrum.shape[0], filterbank.shape[0]))
    for index, weights in enumerate(filterbank):
        band = np.flatnonzero(weights)
        low, high = (band[0], band[-1] + 1) if len(band) else (0, 0)
        out[:, index] = spectrum[:, low:high] @ weights[low:high]
    return out


def mfcc(signal: np.ndarray, sample_rate: int) -> np.ndarray:
    """(frames, 13): MFCCs 1..12 and the log energy of each 25 ms frame, every 10 ms.

    ``signal`` is mono audio as floats (any scale; int16 samples divided by 32768 are
    what the corpus passes).
    """
    signal = np.asarray(signal, dtype=np.float64)
    if signal.ndim != 1:
        raise ValueError(f"expected a mono signal of shape (samples,), got {signal.shape}")
    length = window_length(sample_rate)
    starts = frame_starts(len(signal), sample_rate)
    frames = signal[starts[:, None] + np.arange(length)]
    log_energy = np.log(np.maximum((frames**2).sum(axis=1), LOG_FLOOR))
    emphasised = np.concatenate(
        [frames[:, :1] * (1 - PREEMPHASIS), frames[:, 1:] - PREEMPHASIS * frames[:, :-1]], axis=1
    )
    n_fft = 1 << (length - 1).bit_length()
    spectrum = np.abs(np.fft.rfft(emphasised * np.hamming(length), n=n_fft)) ** 2
    log_mel = np.log(
        np.maximum(apply_filterbank(spectrum, mel_filterbank(n_fft, sample_rate)), LOG_FLOOR)
    )
    cepstra = log_mel @ dct_matrix(N_FILTERS, N_CEPSTRA + 1)[1:].T
    cepstra *= 1 + (LIFTER / 2) * np.sin(np.pi * np.arange(1, N_CEPSTRA + 1) / LIFTER)
    return np.concatenate([cepstra, log_energy[:, None]], axis=1)


def speech_features(signal: np.ndarray, sample_rate: int) -> np.ndarray:
    """(frames, 26) float32: 12 MFCCs, log energy, and the first derivatives of all 13."""
    static = mfcc(signal, sample_rate)
    return np.concatenate([static, deltas(static)], axis=1).astype(np.float32)


def frame_labels(
    boundaries: np.ndarray, labels: np.ndarray, n_samples: int, sample_rate: int
) -> np.ndarray:
    """The label of the segment holding each frame's centre sample.

    ``boundaries`` are the segments' start samples, increasing, the first one 0; the last
    segment runs to the end of the audio, so every frame gets exactly one label.
    """
    boundaries = np.asarray(boundaries)
    if len(boundaries) == 0 or boundaries[0] != 0 or np.any(np.diff(boundaries) < 0):
        raise ValueError("expected segment starts that begin at sample 0 and never decrease")
    centres = frame_centres(n_samples, sample_rate)
    return np.asarray(labels)[np.searchsorted(boundaries, centres, side="right") - 1]


class Normaliser:
    """Per-feature mean and standard deviation, measured on the training set only."""

    def __init__(self, mean: np.ndarray, std: np.ndarray):
        self.mean = np.asarray(mean, dtype=np.float32)
        self.std = np.asarray(std, dtype=np.float32)

    @classmethod
    def fit(cls, frames: np.ndarray) -> Normaliser:
        """Statistics of ``frames`` (n_frames, n_features), in float64 for accuracy."""
        frames = np.asarray(frames, dtype=np.float64)
        if frames.ndim != 2 or frames.shape[0] < 2:
            raise ValueError(f"expected (frames >= 2, features) to fit on, got {frames.shape}")
        std = frames.std(axis=0)
        return cls(frames.mean(axis=0), np.where(std > 0, std, 1.0))

    def __call__(self, frames: np.ndarray) -> np.ndarray:
        return ((frames - self.mean) / self.std).astype(np.float32)
