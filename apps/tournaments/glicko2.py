"""Glicko-2 ratings for one rating period, written from Mark Glickman's "Example of the Glicko-2
system" (glicko.net, 2013, revised 2022); the step numbers below are the paper's.

Pure arithmetic, no Django: the rating service stores and loads `Rating`s, this only computes them.
Ratings are given and returned on the Glicko scale (1500 ± 350 for a newcomer); the Glicko-2 scale
(μ, φ) is internal.
"""

import math
from dataclasses import dataclass

# Converts between the Glicko scale (r, RD) and the Glicko-2 scale (μ, φ): μ = (r - 1500) / SCALE.
SCALE = 173.7178
DEFAULT_RATING = 1500.0
DEFAULT_DEVIATION = 350.0
DEFAULT_VOLATILITY = 0.06
# The system constant τ: how far volatility may move in one period. The paper suggests 0.3-1.2.
DEFAULT_TAU = 0.5
# Step 5's iteration stops once the bracket around ln(sigma'²) is this narrow.
CONVERGENCE_TOLERANCE = 0.000001
# Below this deviation a rating is established: shown as a number, counted on leaderboards.
ESTABLISHED_DEVIATION = 110.0
VALID_SCORES = (0.0, 0.5, 1.0)


@dataclass(frozen=True)
class Rating:
    rating: float = DEFAULT_RATING
    deviation: float = DEFAULT_DEVIATION
    volatility: float = DEFAULT_VOLATILITY

    def __post_init__(self):
        if not math.isfinite(self.rating):
            raise ValueError(f"A rating must be a finite number, not {self.rating!r}.")
        if not (math.isfinite(self.deviation) and self.deviation > 0):
            raise ValueError(f"A rating deviation must be a finite number above 0, not {self.deviation!r}.")
        if not (math.isfinite(self.volatility) and self.volatility > 0):
            raise ValueError(f"A rating volatility must be a finite number above 0, not {self.volatility!r}.")

    @property
    def is_established(self) -> bool:
        return self.deviation < ESTABLISHED_DEVIATION

    @property
    def mu(self) -> float:
        return (self.rating - DEFAULT_RATING) / SCALE

    @property
    def phi(self) -> float:
        return self.deviation / SCALE


def _g(phi: float) -> float:
    """Step 3's g(φ): an opponent's uncertain rating counts for less."""
    return 1 / math.sqrt(1 + 3 * phi**2 / math.pi**2)


def _expected(mu: float, opponent_mu: float, opponent_phi: float) -> float:
    """Step 3's E(μ, μj, φj)."""
    return 1 / (1 + math.exp(-_g(opponent_phi) * (mu - opponent_mu)))


def expected_score(player: Rating, opponent: Rating) -> float:
    """The paper's expected score of `player` against `opponent` (0-1). As in the paper it weighs only
    the opponent's deviation, so it and its reverse sum to 1 only when the two deviations are equal."""
    return _expected(player.mu, opponent.mu, opponent.phi)


def _new_volatility(phi: float, sigma: float, variance: float, delta: float, tau: float) -> float:
    """Step 5: sigma' solves f(x) = 0 for x = ln(sigma'²), found by the Illinois variant of regula falsi."""
    a = math.log(sigma**2)

    def f(x: float) -> float:
        ex = math.exp(x)
        return ex * (delta**2 - phi**2 - variance - ex) / (2 * (phi**2 + variance + ex) ** 2) - (x - a) / tau**2

    low = a
    if delta**2 > phi**2 + variance:
        high = math.log(delta**2 - phi**2 - variance)
    else:
        k = 1
        while f(a - k * tau) < 0:
            k += 1
        high = a - k * tau
    f_low, f_high = f(low), f(high)
    while abs(high - low) > CONVERGENCE_TOLERANCE:
        between = low + (low - high) * f_low / (f_high - f_low)
        f_between = f(between)
        if f_between * f_high <= 0:
            low, f_low = high, f_high
        else:
            # Illinois: halving the kept end's value stops regula falsi from creeping in from one side.
            f_low /= 2
        high, f_high = between, f_between
    return math.exp(low / 2)


def rate(player: Rating, results: list[tuple[Rating, float]], tau: float = DEFAULT_TAU) -> Rating:
    """`player`'s rating after one rating period of `results`: (opponent's pre-period rating, score),
    score 1 for a win, 0.5 for a draw, 0 for a loss. No results: only the deviation grows."""
    if not (math.isfinite(tau) and tau > 0):
        raise ValueError(f"The system constant tau must be a finite number above 0, not {tau!r}.")
    for _opponent, score in results:
        if score not in VALID_SCORES:
            raise ValueError(f"A score must be 1 (win), 0.5 (draw) or 0 (loss), not {score!r}.")

    # Step 2.
    mu, phi, sigma = player.mu, player.phi, player.volatility
    if not results:
        # Step 6 alone: an idle period leaves μ and sigma and widens φ.
        return Rating(player.rating, math.sqrt(phi**2 + sigma**2) * SCALE, sigma)

    # Steps 3 and 4: the estimated variance v and improvement Δ from the period's results.
    information = 0.0
    weighted_surprise = 0.0
    for opponent, score in results:
        g = _g(opponent.phi)
        expected = _expected(mu, opponent.mu, opponent.phi)
        information += g**2 * expected * (1 - expected)
        weighted_surprise += g * (score - expected)
    variance = 1 / information
    delta = variance * weighted_surprise

    new_sigma = _new_volatility(phi, sigma, variance, delta, tau)  # step 5
    pre_period_phi = math.sqrt(phi**2 + new_sigma**2)  # step 6
    new_phi = 1 / math.sqrt(1 / pre_period_phi**2 + 1 / variance)  # step 7
    new_mu = mu + new_phi**2 * weighted_surprise
    return Rating(new_mu * SCALE + DEFAULT_RATING, new_phi * SCALE, new_sigma)  # step 8


def display(rating: Rating) -> str:
    """The paper's 95% interval as "1720 ± 180" (rating ± 2 RD, rounded); a provisional rating (deviation
    of ESTABLISHED_DEVIATION or more) carries a "?": "1500? ± 700"."""
    provisional = "" if rating.is_established else "?"
    return f"{round(rating.rating)}{provisional} ± {round(2 * rating.deviation)}"
