"""Colour contrast as WCAG 2.1 defines it: relative luminance of sRGB colours and the ratio between two of them.

Used by tests/test_palette.py (every ratio written in kb.css is recomputed) and by the browser tests that read
computed colours (``rgb(…)``/``rgba(…)`` strings, composited over their background first).
"""

from __future__ import annotations

import re

#: WCAG 2.1 AA minimums: body text, large text (24 px, or 18.66 px bold), and user-interface parts and focus rings.
MINIMUM = {"text": 4.5, "large": 3.0, "ui": 3.0}

_HEX = re.compile(r"^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")
_RGB = re.compile(r"^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$")

RGBA = tuple[float, float, float, float]


def parse(colour: str) -> RGBA:
    """``#rrggbb``, ``#rrggbbaa``, ``rgb(r, g, b)`` or ``rgba(r, g, b, a)`` as (r, g, b in 0–255, alpha in 0–1)."""
    text = colour.strip()
    hex_match = _HEX.match(text)
    if hex_match:
        digits = hex_match.group(1)
        alpha = int(hex_match.group(2), 16) / 255 if hex_match.group(2) else 1.0
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha)
    rgb_match = _RGB.match(text)
    if rgb_match:
        r, g, b, a = rgb_match.groups()
        alpha = 1.0 if a is None else float(a[:-1]) / 100 if a.endswith("%") else float(a)
        return (float(r), float(g), float(b), alpha)
    raise ValueError(f"not a colour this module reads: {colour!r} (use #rrggbb, rgb() or rgba())")


def over(top: str | RGBA, bottom: str | RGBA) -> RGBA:
    """``top`` composited over an opaque ``bottom`` (alpha blending, as the browser paints it)."""
    fg = parse(top) if isinstance(top, str) else top
    bg = parse(bottom) if isinstance(bottom, str) else bottom
    a = fg[3]
    return (a * fg[0] + (1 - a) * bg[0], a * fg[1] + (1 - a) * bg[1], a * fg[2] + (1 - a) * bg[2], 1.0)


def luminance(colour: str | RGBA) -> float:
    """Relative luminance (0 for black, 1 for white) of an opaque colour."""
    r, g, b, _ = parse(colour) if isinstance(colour, str) else colour
    channels = []
    for value in (r / 255, g / 255, b / 255):
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def ratio(foreground: str | RGBA, background: str | RGBA) -> float:
    """The contrast ratio (1 to 21) of ``foreground`` drawn on the opaque ``background``; alpha is composited first."""
    fg = over(foreground, background)
    high, low = sorted((luminance(fg), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
