"""Charts as inline SVG, drawn on the server: values in, markup out, no database.

Why server-side SVG: the console must work with no JavaScript and no CDN, under the site's
Content-Security-Policy (no inline script, no <style> element). So every chart is plain
markup with presentation attributes (fill, stroke) and CSS classes from console.css, and a
<title> on each mark gives the exact figure on hover and to screen readers.

Every text that reaches the markup goes through `esc`; numbers are formatted by us. The
functions return `SafeString` so templates can include them as they are.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# A colour-blind-safe qualitative palette (Okabe-Ito), for several series in one chart.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000")
# Sequential blues for the map, light (few) to dark (many); index 0 is "none".
SHADES = ("#eef1f4", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def _num(value: float) -> str:
    """Coordinates with at most one decimal: short markup, no visible loss."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def sparkline(values: Sequence[int], width: int = 120, height: int = 24, label: str = "") -> str:
    """A small line of volume over time; the last point is marked. Empty input: an empty frame."""
    title = esc(label or "volume")
    head = (
        f'<svg class="spark" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{title}"><title>{title}</title>'
    )
    if not values:
        return mark_safe(head + "</svg>")
    top = max(values) or 1
    step = (width - 4) / max(len(values) - 1, 1)
    points = [(2 + i * step, height - 2 - (v / top) * (height - 4)) for i, v in enumerate(values)]
    line = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
    last_x, last_y = points[-1]
    return mark_safe(
        head + f'<polyline fill="none" stroke="#0072B2" stroke-width="1.5" points="{line}"/>'
        f'<circle cx="{_num(last_x)}" cy="{_num(last_y)}" r="2" fill="#0072B2"/></svg>'
    )


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


def nice_top(value: int) -> int:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least the value."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def stacked_bars(
    labels: Sequence[str],
    series: Sequence[Series],
    title: str,
    width: int = 760,
    height: int = 220,
) -> SafeString:
    """Stacked columns, one per label (an hour), one colour per series, with a legend.

    Stacked rather than overlaid lines because the question is "how much came in, and from
    whom": the column's height is the total and its parts the sources or editions.
    """
    left, right, top_pad, bottom = 40, 10, 10, 40
    legend_rows = math.ceil(len(series) / 4)
    full_height = height + legend_rows * 18
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = nice_top(max(totals, default=0))
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {full_height}" '
        f'aria-label="{esc(title)}"><title>{esc(title)}</title>'
    ]
    for tick in (0, top // 2 if top > 1 else 0, top):
        y = top_pad + plot_h - tick / top * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_num(y)}" y2="{_num(y)}" '
            f'stroke="#ccc" stroke-width="0.5"/><text x="{left - 4}" y="{_num(y + 4)}" '
            f'text-anchor="end" font-size="10" fill="#555">{tick}</text>'
        )
    slot = plot_w / max(len(labels), 1)
    bar = max(slot * 0.8, 1)
    every = max(1, math.ceil(len(labels) / 12))
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar) / 2
        base = top_pad + plot_h
        for k, s in enumerate(series):
            value = s.values[i]
            if not value:
                continue
            h = value / top * plot_h
            base -= h
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(base)}" width="{_num(bar)}" height="{_num(h)}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"><title>{esc(s.name)}, {esc(label)}: '
                f"{value}</title></rect>"
            )
        if i % every == 0:
            parts.append(
                f'<text x="{_num(left + i * slot + slot / 2)}" y="{height - bottom + 14}" '
                f'text-anchor="middle" font-size="10" fill="#555">{esc(label)}</text>'
            )
    for k, s in enumerate(series):
        x = left + (k % 4) * (plot_w / 4)
        y = height + (k // 4) * 18
        parts.append(
            f'<rect x="{_num(x)}" y="{y - 9}" width="10" height="10" '
            f'fill="{PALETTE[k % len(PALETTE)]}"/><text x="{_num(x + 14)}" y="{y}" '
            f'font-size="11" fill="#333">{esc(s.name)} ({sum(s.values)})</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def shade(count: int, top: int) -> int:
    """The shade index of a count: 0 for none, then 1-5 on a log scale up to `top`.

    Log because a few countries get most stories: on a linear scale every other country
    would be the palest shade.
    """
    if count <= 0:
        return 0
    if top <= 1:
        return len(SHADES) - 1
    level = 1 + math.floor(math.log(count) / math.log(top) * (len(SHADES) - 2) + 1e-9)
    return min(level, len(SHADES) - 1)


def choropleth(
    shapes: Mapping[str, tuple[str, str]],
    counts: Mapping[str, int],
    title: str,
    width: float,
    height: float,
) -> SafeString:
    """Countries shaded by their counts; `shapes` maps ISO alpha-2 to (name, SVG path data)."""
    top = max(counts.values(), default=0)
    parts = [
        f'<svg class="map" role="img" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'aria-label="{esc(title)}"><title>{esc(title)}</title>'
        f'<rect width="{_num(width)}" height="{_num(height)}" fill="#f7fbff"/>'
    ]
    for code, (name, path) in sorted(shapes.items()):
        count = counts.get(code, 0)
        parts.append(
            f'<path d="{path}" fill="{SHADES[shade(count, top)]}" stroke="#fff" '
            f'stroke-width="0.4" data-country="{esc(code)}" data-count="{count}">'
            f"<title>{esc(name)}: {count}</title></path>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def legend_steps(top: int) -> list[tuple[str, str]]:
    """(colour, range label) for each shade the map can use with this maximum."""
    if top <= 0:
        return [(SHADES[0], "0")]
    steps = [(SHADES[0], "0")]
    bounds: dict[int, list[int]] = {}
    for n in range(1, top + 1) if top <= 2000 else (1, top):
        bounds.setdefault(shade(n, top), []).append(n)
    for level in sorted(bounds):
        low, high = bounds[level][0], bounds[level][-1]
        steps.append((SHADES[level], str(low) if low == high else f"{low}-{high}"))
    return steps
