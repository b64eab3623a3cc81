"""The speech features, step by step, against references computed independently."""

import numpy as np
import pytest

from lstm.data import features as F


def test_hamming_window_is_the_textbook_formula():
    n = np.arange(551)
    np.testing.assert_allclose(np.hamming(551), 0.54 - 0.46 * np.cos(2 * np.pi * n / 550))


def test_mel_scale_matches_htk_reference_values():
    # 1000 Hz is ~1000 mel on HTK's scale; 700 Hz is 2595 log10(2) mel.
    assert F.hz_to_mel(1000.0) == pytest.approx(999.9856, abs=1e-3)
    assert F.hz_to_mel(700.0) == pytest.approx(2595 * np.log10(2))
    hz = np.array([0.0, 123.0, 4000.0, 8000.0])
    np.testing.assert_allclose(F.mel_to_hz(F.hz_to_mel(hz)), hz, atol=1e-9)


@pytest.mark.parametrize("sample_rate, n_fft", [(16000, 512), (22050, 1024)])
def test_mel_filterbank_is_a_partition_of_unity_of_triangles(sample_rate, n_fft):
    bank = F.mel_filterbank(n_fft, sample_rate)
    assert bank.shape == (26, n_fft // 2 + 1)
    assert bank.min() >= 0 and bank.max() <= 1 + 1e-12
    bins = np.arange(n_fft // 2 + 1) * sample_rate / n_fft
    edges = F.mel_to_hz(np.linspace(0, F.hz_to_mel(8000), 28))
    # between the first and the last centre, neighbouring triangles sum to one
    inside = (bins >= edges[1]) & (bins <= edges[-2])
    np.testing.assert_allclose(bank[:, inside].sum(axis=0), 1.0, atol=1e-9)
    # nothing above 8 kHz, each filter peaks at its centre and overlaps only neighbours
    assert np.all(bank[:, bins > 8000] == 0)
    for m in range(26):
        peak = bins[np.argmax(bank[m])]
        assert abs(peak - edges[m + 1]) <= sample_rate / n_fft
        support = np.flatnonzero(bank[m])
        assert bins[support[0]] > edges[m] and bins[support[-1]] < edges[m + 2]


def test_dct_matrix_is_orthonormal_and_matches_the_direct_sum():
    full = F.dct_matrix(26, 26)
    np.testing.assert_allclose(full @ full.T, np.eye(26), atol=1e-12)
    x = np.random.default_rng(0).normal(size=26)
    direct = [
        np.sqrt(2 / 26) * sum(x[n] * np.cos(np.pi * k * (n + 0.5) / 26) for n in range(26))
        for k in range(13)
    ]
    direct[0] /= np.sqrt(2)
    np.testing.assert_allclose(F.dct_matrix(26, 13) @ x, direct, atol=1e-12)


def test_frames_are_25ms_every_10ms_at_any_rate():
    assert F.window_length(16000) == 400 and F.window_length(22050) == 551
    starts = F.frame_starts(16000, 16000)  # one second
    assert starts[:3].tolist() == [0, 160, 320] and len(starts) == 98
    starts = F.frame_starts(22050, 22050)
    assert starts[:4].tolist() == [0, 220, 441, 662]  # round(k * 220.5), half to even
    assert starts[-1] + 551 <= 22050 and len(starts) == 98
    assert len(F.frame_starts(300, 16000)) == 0


@pytest.mark.parametrize("sample_rate", [16000, 22050])
def test_a_pure_tone_peaks_in_the_filter_around_its_frequency(sample_rate):
    t = np.arange(sample_rate) / sample_rate
    tone = 0.5 * np.sin(2 * np.pi * 1000.0 * t)
    length = F.window_length(sample_rate)
    n_fft = 1 << (length - 1).bit_length()
    spectrum = np.abs(np.fft.rfft(tone[:length] * np.hamming(length), n=n_fft)) ** 2
    assert np.argmax(spectrum) * sample_rate / n_fft == pytest.approx(1000, abs=sample_rate / n_fft)
    energies = F.apply_filterbank(spectrum[None], F.mel_filterbank(n_fft, sample_rate))[0]
    centres = F.mel_to_hz(np.linspace(0, F.hz_to_mel(8000), 28))[1:-1]
    assert abs(centres[np.argmax(energies)] - 1000) < 100
    np.testing.assert_allclose(
        energies, spectrum @ F.mel_filterbank(n_fft, sample_rate).T, rtol=1e-12
    )


def test_log_energy_of_a_sine_is_its_known_power():
    sample_rate, amplitude = 16000, 0.3
    t = np.arange(sample_rate) / sample_rate
    static = F.mfcc(amplitude * np.sin(2 * np.pi * 500 * t), sample_rate)
    # 400 samples hold ten whole periods of 500 Hz: energy = 400 * amplitude^2 / 2
    np.testing.assert_allclose(static[:, 12], np.log(400 * amplitude**2 / 2), atol=1e-9)
    # a steady tone has steady cepstra
    assert static[:, :12].std(axis=0).max() < 1e-6


def test_deltas_of_a_ramp_are_its_slope_and_of_a_constant_zero():
    ramp = np.arange(20, dtype=float)[:, None] * np.array([[1.0, -3.0]])
    d = F.deltas(ramp)
    np.testing.assert_allclose(d[2:-2], np.tile([1.0, -3.0], (16, 1)))
    np.testing.assert_allclose(F.deltas(np.ones((7, 3))), 0.0)
    assert F.deltas(np.zeros((0, 13))).shape == (0, 13)


def test_speech_features_are_26_per_frame_float32():
    signal = np.random.default_rng(0).normal(scale=0.1, size=22050)
    features = F.speech_features(signal, 22050)
    assert features.shape == (98, 26) and features.dtype == np.float32
    assert np.isfinite(features).all()
    np.testing.assert_allclose(features[:, 13:], F.deltas(features[:, :13]), atol=1e-4)
    # silence is floored, not -inf
    assert np.isfinite(F.speech_features(np.zeros(4000), 16000)).all()


def test_mfcc_rejects_a_stereo_signal():
    with pytest.raises(ValueError, match=r"expected a mono signal of shape \(samples,\)"):
        F.mfcc(np.zeros((2, 1000)), 16000)


def test_frame_labels_take_the_segment_under_each_frame_centre():
    # segments at 16 kHz: [0, 1000) class 0, [1000, 1000) empty class 1, [1000, end) class 2
    labels = F.frame_labels(np.array([0, 1000, 1000]), np.array([0, 1, 2]), 3200, 16000)
    centres = F.frame_centres(3200, 16000)
    assert len(labels) == len(centres) == 18
    np.testing.assert_array_equal(labels, np.where(centres < 1000, 0, 2))
    with pytest.raises(ValueError, match="begin at sample 0"):
        F.frame_labels(np.array([5, 10]), np.array([0, 1]), 3200, 16000)


def test_normaliser_uses_the_statistics_it_was_fitted_on():
    rng = np.random.default_rng(1)
    train = rng.normal(3.0, 2.0, size=(5000, 4))
    normaliser = F.Normaliser.fit(train)
    out = normaliser(train)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=0), 1, atol=1e-4)
    expected = (3.0 - train.mean(0)) / train.std(0)
    np.testing.assert_allclose(normaliser(np.full((1, 4), 3.0))[0], expected, atol=1e-5)
    constant = F.Normaliser.fit(np.ones((10, 2)))  # a constant feature is not divided by 0
    assert np.isfinite(constant(np.ones((3, 2)))).all()
    with pytest.raises(ValueError, match="expected"):
        F.Normaliser.fit(np.ones(5))
