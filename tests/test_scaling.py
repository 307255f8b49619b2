"""Problem 1's closed forms, and the Monte Carlo that checks them.

Tolerance: every seeded Monte Carlo mean must lie within 4 standard errors of
the closed form (a fixed seed, so the test is deterministic; 4 s.e. leaves room
for the estimated standard error itself).
"""

from __future__ import annotations

import math

import pytest

from tutor.homework.curves import Estimate
from tutor.homework.scaling import montecarlo, plotdata, theory

Z = 4.0


def close(est: Estimate, expected: float) -> bool:
    return abs(est.mean - expected) <= Z * est.stderr


def test_closed_forms():
    assert theory.init_rms2(7, 3) == theory.init_rms2(7, 300) == 7
    assert theory.init_constant(16) == pytest.approx(0.25)
    assert theory.signgd_rms2(1) == pytest.approx(1.0)
    assert theory.signgd_rms2(2) == pytest.approx(2 + 4 / math.pi)
    assert theory.signgd_rms2(100) == pytest.approx(100 + (2 / math.pi) * 9900)
    for d1 in (1, 8, 512):
        c = theory.signgd_constant(d1)
        assert c * c * theory.signgd_rms2(d1) == pytest.approx(1.0)
        assert theory.signgd_constant(d1, "rms") == pytest.approx(math.sqrt(math.pi / 2) / d1)
    with pytest.raises(ValueError):
        theory.signgd_constant(4, "other")


@pytest.mark.parametrize("d1", [1, 4, 16, 64])
@pytest.mark.parametrize("d2", [3, 50])
def test_init_monte_carlo_matches_d1(d1, d2):
    est = montecarlo.mc_init_rms2(d1, d2, samples=1500, seed=1)
    assert close(est, d1), est
    assert abs(est.mean / d1 - 1) < 0.15
    scaled = montecarlo.mc_init_rms2(d1, d2, 1500, seed=2, scale=theory.init_constant(d1))
    assert close(scaled, 1.0), scaled


@pytest.mark.parametrize("d1", [1, 4, 16, 64])
@pytest.mark.parametrize("d2", [1, 5, 40])
def test_signgd_monte_carlo_matches_closed_form(d1, d2):
    same = montecarlo.mc_signgd_rms2(d1, d2, samples=1500, seed=3)
    assert close(same, theory.signgd_rms2(d1)), same
    indep = montecarlo.mc_signgd_rms2(d1, d2, samples=1500, seed=3, independent=True)
    assert close(indep, d1), indep
    scaled = montecarlo.mc_signgd_rms2(d1, d2, 1500, seed=4, scale=theory.signgd_constant(d1))
    assert close(scaled, 1.0), scaled


def test_the_correlation_is_what_makes_the_update_grow_like_d1_squared():
    same = montecarlo.mc_signgd_rms2(128, 4, samples=400, seed=5).mean
    indep = montecarlo.mc_signgd_rms2(128, 4, samples=400, seed=5, independent=True).mean
    assert same / indep > 50  # (2/π)·128 ≈ 81


def test_monte_carlo_is_seeded():
    a = montecarlo.mc_init_rms2(8, 3, 200, seed=7)
    assert a == montecarlo.mc_init_rms2(8, 3, 200, seed=7)
    assert a != montecarlo.mc_init_rms2(8, 3, 200, seed=8)


def test_plot_data_agrees_with_theory():
    init = plotdata.init_scaling(d1s=(1, 8, 64), d2s=(3, 50), samples=600, seed=0)
    assert init.theory.y == (1.0, 8.0, 64.0)
    for curves in (init.mc, init.scaled_mc):
        assert len(curves) == 2
        for curve in curves:
            assert curve.monte_carlo and len(curve.stderr) == 3
    for curve in init.mc:
        for x, y, se in zip(curve.x, curve.y, curve.stderr, strict=True):
            assert abs(y - x) <= Z * se
    for curve in init.scaled_mc:
        for y, se in zip(curve.y, curve.stderr, strict=True):
            assert abs(y - 1) <= Z * se

    sg = plotdata.signgd_scaling(d1s=(1, 8, 64), d2=5, samples=600, seed=0)
    for x, y, se in zip(sg.mc.x, sg.mc.y, sg.mc.stderr, strict=True):
        assert abs(y - theory.signgd_rms2(int(x))) <= Z * se
    for x, y, se in zip(
        sg.independent_mc.x, sg.independent_mc.y, sg.independent_mc.stderr, strict=True
    ):
        assert abs(y - x) <= Z * se
    for y, se in zip(sg.scaled_mc.y, sg.scaled_mc.stderr, strict=True):
        assert abs(y - 1) <= Z * se


def test_neither_quantity_depends_on_d2():
    data = plotdata.d2_independence(d1=12, d2s=(1, 4, 32, 128), samples=600, seed=0)
    assert set(data.init_theory.y) == {12.0}
    assert data.signgd_theory.y == pytest.approx([theory.signgd_rms2(12)] * 4)
    for y, se in zip(data.init_mc.y, data.init_mc.stderr, strict=True):
        assert abs(y - 12) <= Z * se
    for y, se in zip(data.signgd_mc.y, data.signgd_mc.stderr, strict=True):
        assert abs(y - theory.signgd_rms2(12)) <= Z * se


def test_bad_arguments():
    with pytest.raises(ValueError):
        montecarlo.mc_init_rms2(0, 3)
    with pytest.raises(ValueError):
        montecarlo.mc_signgd_rms2(3, 3, samples=1)
