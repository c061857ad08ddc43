"""A bar chart drawn on the server as SVG markup: no script, nothing from another host.

The markup is put inline in the admin page. Every bar carries a <title> (shown on hover
and read by screen readers) and the page has the same figures in a table.
"""

from __future__ import annotations

import datetime
import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 28, 40
AXIS = "#555555"
GRID = "#dddddd"


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above value (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def bar_chart(title: str, points: list[tuple[datetime.date, int]], colour: str, chart_id: str) -> SafeString:
    """An accessible SVG bar chart of one count per day."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    top = nice_ceiling(max((n for _d, n in points), default=0))
    slot = plot_w / max(len(points), 1)
    bar_w = max(slot * 0.8, 1)
    label_every = max(1, math.ceil(len(points) / 8))
    title_id = f"{chart_id}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{escape(title_id)}" class="reach-chart" id="{escape(chart_id)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<text x="{LEFT}" y="18" font-size="14" font-weight="bold" fill="#222222">{escape(title)}</text>',
    ]
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h - fraction * plot_h
        value = top * fraction
        label = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID if fraction else AXIS}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="{AXIS}">{label}</text>'
        )
    for i, (day, n) in enumerate(points):
        x = LEFT + i * slot + (slot - bar_w) / 2
        h = plot_h * n / top
        y = TOP + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{escape(colour)}">'
            f"<title>{escape(day.strftime('%a %d %b %Y'))}: {n:,}</title></rect>"
        )
        last = i == len(points) - 1
        if i % label_every == 0 or (last and i % label_every >= label_every / 2):
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
                f'text-anchor="middle" fill="{AXIS}">{escape(day.strftime("%d %b"))}</text>'
            )
    parts.append("</svg>")
    # Every piece of text above went through escape(); numbers are formatted by us.
    return mark_safe("".join(parts))  # noqa: S308
