"""Every tier's badge is readable: its text on its colour has WCAG AA contrast (4.5:1, the small-text
ratio: badges are small), measured on the colours the page actually uses (the badge partial's custom
properties, and the stylesheet's rule that paints with them)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from apps.accounts.tiers import TIERS

AA_SMALL_TEXT = 4.5
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_color: str) -> float:
    """WCAG 2's relative luminance of a #RRGGBB colour."""
    red, green, blue = (int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_wcags_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic just-fails grey


def _badge_rule() -> str:
    css = STYLESHEET.read_text()
    return re.search(r"^\.tier-badge \{(.*?)\}", css, re.MULTILINE | re.DOTALL).group(1)


def test_the_badge_is_painted_with_the_tiers_two_colours():
    rule = _badge_rule()
    assert re.search(r"(?:^|;|\s)background: var\(--tier-color\);", rule)
    assert re.search(r"(?:^|;|\s)color: var\(--tier-text\);", rule)
    assert "text-shadow" not in rule  # a shadow would change what the text sits on


@pytest.mark.parametrize("with_label", [False, True], ids=["icon", "label"])
@pytest.mark.parametrize("code", list(TIERS))
def test_every_tier_badge_meets_aa_contrast(code, with_label):
    spec = TIERS[code]
    html = render_to_string("accounts/_tier_badge.html", {"tier": spec, "with_label": with_label})
    if not spec.is_verified:
        assert html.strip() == ""  # no badge, nothing to read
        return
    style = re.search(r'class="tier-badge[^"]*" style="([^"]+)"', html).group(1)
    colours = dict(re.findall(r"(--tier-(?:color|text)):\s*(#[0-9A-Fa-f]{6})", style))
    assert colours == {"--tier-color": spec.color, "--tier-text": spec.text_color}
    ratio = contrast_ratio(colours["--tier-color"], colours["--tier-text"])
    assert ratio >= AA_SMALL_TEXT, f"{spec.label}: {ratio:.2f}:1"
