import math

import pytest

from mmfashion_lm.evaluation.functional import mean_with_ci95


def test_mean_and_half_width_by_hand():
    # mean 2.5, sample variance ((1.5^2 + 0.5^2) * 2) / 3 = 5 / 3
    mean, half_width = mean_with_ci95([1, 2, 3, 4])
    assert mean == pytest.approx(2.5)
    assert half_width == pytest.approx(1.96 * math.sqrt(5 / 3) / 2)
    assert mean_with_ci95([0.07]) == (0.07, 0.0)


def test_no_or_bad_episodes_are_errors():
    with pytest.raises(ValueError, match='at least one'):
        mean_with_ci95([])
    with pytest.raises(ValueError, match='finite'):
        mean_with_ci95([0.1, float('nan')])
