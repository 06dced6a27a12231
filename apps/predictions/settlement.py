"""How a resolved prediction's pool is shared (pure: numbers in, numbers out)."""

from collections.abc import Hashable, Sequence


def share_pool(pool: int, stakes: Sequence[tuple[Hashable, int]]) -> dict[Hashable, int]:
    """The whole `pool` shared among `stakes` ((who, points), earliest stake first) in proportion to
    their points: each gets its share rounded down, then the points left over go one each to the
    largest remainders, ties to the earliest stake. The awards always sum to `pool` exactly."""
    total = sum(points for _, points in stakes)
    if total <= 0:
        raise ValueError("no winning stakes to share the pool among")
    awards = {who: pool * points // total for who, points in stakes}
    left = pool - sum(awards.values())
    by_remainder = sorted(range(len(stakes)), key=lambda i: (-(pool * stakes[i][1] % total), i))
    for i in by_remainder[:left]:
        awards[stakes[i][0]] += 1
    return awards
