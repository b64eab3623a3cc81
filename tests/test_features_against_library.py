"""Our MFCCs (lstm.data.features, plain numpy) against python_speech_features 0.6.

python_speech_features (MIT) is the MFCC implementation most Python speech tutorials
use. Configured as closely as its options allow — 25 ms Hamming windows every 10 ms, a
512-point FFT at 16 kHz (1024 at 22.05 kHz), 26 mel filters from 0 Hz to 8 kHz on HTK's
mel scale, an orthonormal DCT-II, the lifter 1 + 11 sin(pi n / 22) — it differs from ours
in four conventions, which the close comparison aligns explicitly:

- **The filter bank.** The library rounds every filter's edges down to an FFT bin
  (``floor((nfft + 1) f / rate)``); ours, like HTK, weighs each bin by its exact
  distance to the filter's centre in Hz. At 31 Hz a bin, the low filters are only two or
  three bins wide, so the rounding moves them by up to a quarter of their height. The
  close comparison gives the library our filter bank (whose peaks are checked against
  the library's separately).
- **Pre-emphasis.** The library filters the whole signal once, ``x[n] - 0.97 x[n-1]``;
  ours, like HTK, filters each frame on its own, where the first sample has no
  predecessor and becomes ``0.03 x[0]``. The close comparison pre-emphasises each frame
  HTK's way and passes ``preemph=0``.
- **Energy.** Our 13th feature is HTK's log energy of the raw frame, ``log sum x[n]^2``.
  The library's appended energy is taken after pre-emphasis and the window, so the test
  compares ours with the raw frame's energy from the library's power spectrum instead,
  by Parseval's theorem (that spectrum is ``|X_k|^2 / nfft`` for the bins 0..nfft/2).
- **Framing at 22.05 kHz** (espeak-ng's rate): ours starts frame k at sample
  ``round(k * 220.5)``, following the 10 ms clock; the library rounds the step to 221
  samples and drifts half a sample a frame. So the close comparison gives the library
  our frames one at a time. At 16 kHz, where 10 ms is 160 samples, both frame alike.

The library's log filter outputs are ours minus ``log nfft`` (its power spectrum is
divided by nfft); the DCT maps that constant to coefficient 0 only, which neither keeps.

Tolerances, on the frames of a speech-like signal (two vowels on a gliding pitch with a
hiss between them and a little noise). With the conventions aligned, the 12 MFCCs and
the log energy are the library's to 1e-9 (they agree to about 1e-13: the same arithmetic
in another order), and the first derivatives are the library's ``delta`` to 1e-12. The
library left to its own conventions (its filter bank, framing and pre-emphasis) gives
coefficients whose correlation with ours over the frames is above 0.95 for each of the
12 (0.96 to 1.00 here): the same features, seen through differently shaped low filters.
"""

import numpy as np
import pytest
import python_speech_features as psf
from scipy.signal import lfilter

from lstm.data import features as F

VOWEL_A = ((730, 90), (1090, 110), (2440, 160))  # formants (Hz) and bandwidths of /a/
VOWEL_I = ((270, 60), (2290, 100), (3010, 150))  # and of /i/
HISS = ((5000, 2000),)  # a broad resonance of noise, like /s/


def resonate(signal: np.ndarray, formants, sample_rate: int) -> np.ndarray:
    """``signal`` through a cascade of two-pole resonators, one per (frequency, bandwidth)."""
    for frequency, bandwidth in formants:
        radius = np.exp(-np.pi * bandwidth / sample_rate)
        angle = 2 * np.pi * frequency / sample_rate
        signal = lfilter([1 - radius], [1, -2 * radius * np.cos(angle), radius**2], signal)
    return signal


def speech_like(sample_rate: int, seed: int = 0) -> np.ndarray:
    """0.9 s like speech: /a/, a hiss like /s/, /i/, each 0.3 s, with a little noise.

    The vowels are harmonics of a pitch gliding around 110 Hz (below the Nyquist
    frequency only) through the vowel's formants.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(int(0.3 * sample_rate)) / sample_rate
    pitch = 110 + 15 * np.sin(2 * np.pi * 2 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / sample_rate
    harmonics = sum(np.cos(k * phase) / k for k in range(1, int(sample_rate / 2 / 125)))
    parts = [
        resonate(harmonics, VOWEL_A, sample_rate),
        resonate(rng.standard_normal(len(t)), HISS, sample_rate),
        resonate(harmonics, VOWEL_I, sample_rate),
    ]
    signal = np.concatenate([part / np.abs(part).max() for part in parts])
    return 0.5 * signal + 0.003 * rng.standard_normal(len(signal))


def library_mfcc(signal: np.ndarray, sample_rate: int) -> np.ndarray:
    """(frames, 13): the library's MFCCs 1..12 and the raw frame's log energy, computed
    on our frames one at a time, each pre-emphasised HTK's way (see the module's
    docstring for why)."""
    length = F.window_length(sample_rate)
    n_fft = 1 << (length - 1).bit_length()
    rows = []
    for start in F.frame_starts(len(signal), sample_rate):
        frame = signal[start : start + length]
        emphasised = np.append(
            (1 - F.PREEMPHASIS) * frame[0], frame[1:] - F.PREEMPHASIS * frame[:-1]
        )
        cepstra = psf.mfcc(
            emphasised,
            sample_rate,
            winlen=length / sample_rate,
            numcep=F.N_CEPSTRA + 1,
            nfilt=F.N_FILTERS,
            nfft=n_fft,
            lowfreq=0,
            highfreq=F.HIGH_HZ,
            preemph=0,  # done above, HTK's way
            ceplifter=F.LIFTER,
            appendEnergy=False,
            winfunc=np.hamming,
        )
        (power,) = psf.sigproc.powspec(frame[None], n_fft)  # |X_k|^2 / n_fft, k = 0..n_fft/2
        energy = 2 * power.sum() - power[0] - power[-1]  # Parseval: sum of frame**2
        rows.append(np.append(cepstra[0, 1:], np.log(energy)))
    return np.array(rows)


@pytest.fixture
def our_filter_bank(monkeypatch):
    """The library with our filter bank in place of its own, whose edges are FFT bins."""

    def filter_bank(nfilt, nfft, samplerate, lowfreq, highfreq):
        return F.mel_filterbank(nfft, samplerate, n_filters=nfilt, low_hz=lowfreq, high_hz=highfreq)

    monkeypatch.setattr(psf.base, "get_filterbanks", filter_bank)


def test_mel_scale_and_derivatives_are_the_librarys():
    hz = np.linspace(0, 11025, 50)
    np.testing.assert_allclose(F.hz_to_mel(hz), psf.hz2mel(hz), rtol=1e-12)
    np.testing.assert_allclose(F.mel_to_hz(F.hz_to_mel(hz)), psf.mel2hz(psf.hz2mel(hz)))
    static = F.mfcc(speech_like(16000), 16000)
    np.testing.assert_allclose(F.deltas(static), psf.delta(static, F.DELTA_WINDOW), atol=1e-12)


def test_frames_start_where_the_librarys_do_at_16_khz():
    samples = np.arange(16000 + 123, dtype=np.float64)
    frames = psf.sigproc.framesig(samples, 400, 160)  # the library pads a last partial frame
    starts = F.frame_starts(len(samples), 16000)
    np.testing.assert_array_equal(frames[: len(starts), 0], starts)
    assert len(frames) == len(starts) + 1 and frames[-1, -1] == 0  # the padding


@pytest.mark.parametrize("sample_rate", [16000, 22050])
def test_filter_centres_are_the_librarys_before_its_rounding_to_fft_bins(sample_rate):
    length = F.window_length(sample_rate)
    n_fft = 1 << (length - 1).bit_length()
    ours = F.mel_filterbank(n_fft, sample_rate)
    theirs = psf.get_filterbanks(F.N_FILTERS, n_fft, sample_rate, 0, F.HIGH_HZ)
    assert ours.shape == theirs.shape
    # the library puts each peak at floor((n_fft + 1) f / rate): at most one bin off ours
    peaks = np.argmax(ours, axis=1) - np.argmax(theirs, axis=1)
    assert set(peaks.tolist()) <= {-1, 0, 1}


@pytest.mark.parametrize("sample_rate", [16000, 22050])
def test_mfccs_and_log_energy_are_the_librarys_with_the_conventions_aligned(
    our_filter_bank, sample_rate
):
    signal = speech_like(sample_rate)
    ours, theirs = F.mfcc(signal, sample_rate), library_mfcc(signal, sample_rate)
    assert ours.shape == theirs.shape == (88, 13)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)


def test_the_library_left_to_its_own_conventions_gives_correlated_mfccs():
    signal = speech_like(16000)
    ours = F.mfcc(signal, 16000)
    theirs = psf.mfcc(
        signal,
        16000,
        nfft=512,
        highfreq=F.HIGH_HZ,
        preemph=F.PREEMPHASIS,
        ceplifter=F.LIFTER,
        winfunc=np.hamming,
    )
    theirs = theirs[: len(ours), 1:]  # its last frame is padded with zeros; c0 is not ours
    correlations = [np.corrcoef(ours[:, c], theirs[:, c])[0, 1] for c in range(F.N_CEPSTRA)]
    assert min(correlations) > 0.95, np.round(correlations, 3)
