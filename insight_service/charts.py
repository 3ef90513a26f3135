"""Server-side SVG charts for the card and the overview: no script, no inline style, a text alternative each.

Every chart is a <figure> holding an <svg role="img"> with <title> and <desc> and a visually hidden data
table with the same figures. Colours come from CSS classes (pos, neu, neg, s0..s5), so the CSP needs no
inline styles. All text is escaped here; callers pass plain strings.
"""
from __future__ import annotations

import math
from itertools import count

from markupsafe import Markup, escape

_ids = count(1)


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(round(value)))


def tone(score: float | None) -> str:
    """The CSS tone class of a sentiment score: pos, neg or neu (the card's thresholds are the analyser's 0.05)."""
    if score is None:
        return "neu"
    return "pos" if score >= 0.05 else "neg" if score <= -0.05 else "neu"


def data_table(caption: str, headers: list[str], rows: list[list]) -> Markup:
    """A visually hidden table with a chart's figures, for screen readers and text browsers."""
    head = "".join(f"<th scope=col>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if c is None else c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    # the wrapper, not the table, is clipped: a table grows to its content whatever its height says
    return Markup(f'<div class="sr-only"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
                  f"<tbody>{body}</tbody></table></div>")


def _figure(kind: str, width: int, height: int, title: str, desc: str, inner: str, table: Markup,
            caption: str | None = None) -> Markup:
    n = next(_ids)
    svg = (f'<svg class="chart-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
           f'aria-labelledby="ct{n} cd{n}" focusable="false" preserveAspectRatio="xMinYMid meet">'
           f'<title id="ct{n}">{escape(title)}</title><desc id="cd{n}">{escape(desc)}</desc>{inner}</svg>')
    cap = f'<figcaption class="chart-caption">{escape(caption)}</figcaption>' if caption else ""
    return Markup(f'<figure class="chart chart-{kind}">{svg}{cap}{table}</figure>')


def sparkline(points: list[tuple[str, float | None]], title: str = "Monthly sentiment", width: int = 340,
              height: int = 84) -> Markup:
    """Average sentiment per month (-1..1) as a line with a zero baseline; the last point is marked."""
    pad, axis = 6, 16
    usable = [(label, v) for label, v in points if v is not None]
    rows = [[label, "no data" if v is None else f"{v:+.2f}"] for label, v in points]
    if not usable:
        return _figure("sparkline", width, height, title, "No feedback with a score yet.",
                       f'<text x="{pad}" y="{height // 2}" class="chart-empty">no data yet</text>',
                       data_table(title, ["month", "average sentiment"], rows))

    def y(v: float) -> float:
        return round(pad + (1 - (v + 1) / 2) * (height - 2 * pad - axis), 1)

    step = (width - 2 * pad) / max(len(points) - 1, 1)
    coords = [(round(pad + i * step, 1), y(v)) for i, (_l, v) in enumerate(points) if v is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x} {yy}" for i, (x, yy) in enumerate(coords))
    last_label, last = usable[-1]
    lx, ly = coords[-1]
    inner = (f'<line x1="{pad}" x2="{width - pad}" y1="{y(0)}" y2="{y(0)}" class="axis-zero"/>'
             f'<path d="{path}" class="spark-line" fill="none"/>'
             + "".join(f'<circle cx="{x}" cy="{yy}" r="2" class="spark-dot"/>' for x, yy in coords[:-1])
             + f'<circle cx="{lx}" cy="{ly}" r="4" class="spark-last {tone(last)}"/>'
             + f'<text x="{pad}" y="{height - 2}" class="tick">{escape(points[0][0])}</text>'
             + f'<text x="{width - pad}" y="{height - 2}" class="tick" text-anchor="end">'
             + f"{escape(points[-1][0])}</text>")
    first_label, first = usable[0]
    desc = (f"{len(usable)} months from {first_label} ({first:+.2f}) to {last_label} ({last:+.2f}); "
            f"lowest {min(v for _l, v in usable):+.2f}, highest {max(v for _l, v in usable):+.2f}.")
    return _figure("sparkline", width, height, title, desc, inner, data_table(title, ["month", "average sentiment"],
                                                                               rows))


def gauge(score: float | None, title: str = "Average sentiment", width: int = 200, height: int = 132) -> Markup:
    """A half-circle gauge from -1 (negative) to +1 (positive) with a needle at the score, the value below it."""
    cx, cy, r = width / 2, 92, 80

    def point(v: float, radius: float) -> tuple[float, float]:
        angle = math.pi * (1 - (v + 1) / 2)
        return round(cx + radius * math.cos(angle), 1), round(cy - radius * math.sin(angle), 1)

    def arc(a: float, b: float, cls: str) -> str:
        (x1, y1), (x2, y2) = point(a, r), point(b, r)
        return f'<path d="M{x1} {y1} A{r} {r} 0 0 1 {x2} {y2}" class="gauge-arc {cls}" fill="none"/>'

    inner = arc(-1, -0.05, "neg") + arc(-0.05, 0.05, "neu") + arc(0.05, 1, "pos")
    inner += (f'<text x="{round(cx - r, 1)}" y="{cy + 18}" class="gauge-end" text-anchor="middle">-1</text>'
              f'<text x="{round(cx + r, 1)}" y="{cy + 18}" class="gauge-end" text-anchor="middle">+1</text>')
    if score is None:
        desc = "No feedback with a score yet."
        inner += f'<text x="{cx}" y="{cy + 34}" class="gauge-value" text-anchor="middle">–</text>'
    else:
        v = max(-1.0, min(1.0, score))
        nx, ny = point(v, r - 16)
        word = {"pos": "positive", "neg": "negative", "neu": "neutral"}[tone(v)]
        desc = f"Average sentiment {v:+.2f} on a scale from -1 to +1: {word}."
        inner += (f'<line x1="{cx}" y1="{cy}" x2="{nx}" y2="{ny}" class="gauge-needle"/>'
                  f'<circle cx="{cx}" cy="{cy}" r="6" class="gauge-hub"/>'
                  f'<text x="{cx}" y="{cy + 36}" class="gauge-value {tone(v)}" text-anchor="middle">{v:+.2f}</text>')
    table = data_table(title, ["measure", "value"], [["average sentiment", "none" if score is None else
                                                      f"{score:+.2f}"], ["scale", "-1 to +1"]])
    return _figure("gauge", width, height, title, desc, inner, table)


def stacked_bar(parts: list[tuple[str, int, str]], title: str, width: int = 300, height: int = 18) -> Markup:
    """One bar split into parts (label, count, tone class), e.g. positive / neutral / negative feedback."""
    total = sum(n for _l, n, _c in parts)
    inner, x = "", 0.0
    for label, n, cls in parts:
        if not n:
            continue
        w = width * n / total
        inner += f'<rect x="{round(x, 1)}" y="0" width="{round(w, 1)}" height="{height}" class="{escape(cls)}"/>'
        x += w
    if not total:
        inner = f'<rect x="0" y="0" width="{width}" height="{height}" class="empty"/>'
    desc = ", ".join(f"{n} {label} ({round(100 * n / total)} %)" for label, n, _c in parts) if total else "no items"
    return _figure("stacked", width, height, title, desc + ".", inner,
                   data_table(title, ["part", "count"], [[label, n] for label, n, _c in parts]))


def bar_chart(rows: list[tuple[str, float, str]], title: str, desc: str, unit: str = "", width: int = 560,
              bar: int = 22, label_width: int = 210, headers: tuple[str, str] = ("item", "value"),
              digits: int = 0) -> Markup:
    """Horizontal bars (label, value, tone class), largest first as given; the value is printed at each bar."""
    gap, right = 8, 56
    height = max(len(rows), 1) * (bar + gap)
    top = max((v for _l, v, _c in rows), default=0) or 1
    inner = ""
    for i, (label, value, cls) in enumerate(rows):
        y = i * (bar + gap)
        w = max(round((width - label_width - right) * value / top, 1), 1.5)
        text = label if len(label) <= 40 else label[:39] + "…"
        inner += (f'<text x="{label_width - 8}" y="{y + bar * 0.68}" class="bar-label" text-anchor="end">'
                  f'{escape(text)}</text><rect x="{label_width}" y="{y}" width="{w}" height="{bar}" rx="3" '
                  f'class="bar {escape(cls)}"/><text x="{label_width + w + 6}" y="{y + bar * 0.68}" '
                  f'class="bar-value">{escape(_fmt(value, digits))}{escape(unit)}</text>')
    if not rows:
        inner = f'<text x="0" y="{bar * 0.7}" class="chart-empty">nothing to show for these filters</text>'
    table = data_table(title, list(headers), [[label, _fmt(value, digits) + unit] for label, value, _c in rows])
    return _figure("bars", width, height, title, desc, inner, table)


def weekly_lines(series: list[dict], weeks: list[str], title: str, desc: str, width: int = 1100,
                 height: int = 260) -> Markup:
    """One line per series over the weeks; emerging weeks are drawn as large ringed points.

    Each series is {"name", "points": [count or None per week], "emerging": [bool per week]}, optionally
    "reference": True (drawn grey and dashed, not counted in the colour cycle); None (a week under k authors)
    breaks the line.
    """
    left, right, top, bottom = 36, 12, 10, 26
    peak = max((c for s in series for c in s["points"] if c is not None), default=0)
    tick_step = next(n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10 ** 9) if peak / n <= 5)
    top_value = max(tick_step * math.ceil(peak / tick_step), 5)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(weeks) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return round(left + i * step, 1), round(top + plot_h * (1 - v / top_value), 1)

    inner = ""
    for tick in range(0, top_value + 1, tick_step):
        _x, ty = xy(0, tick)
        inner += (f'<line x1="{left}" x2="{width - right}" y1="{ty}" y2="{ty}" class="grid"/>'
                  f'<text x="{left - 6}" y="{ty + 4}" class="tick" text-anchor="end">{tick}</text>')
    for i, week in enumerate(weeks):
        if i % max(len(weeks) // 6, 1) == 0 or i == len(weeks) - 1:
            tx, _y = xy(i, 0)
            inner += f'<text x="{tx}" y="{height - 8}" class="tick" text-anchor="middle">{escape(week[5:])}</text>'
    rows, n = [], 0
    for s in series:
        cls = "ref" if s.get("reference") else f"s{n % 6}"
        n += 0 if s.get("reference") else 1
        segments, current = [], []
        for i, c in enumerate(s["points"]):
            if c is None:
                segments, current = segments + ([current] if current else []), []
            else:
                current.append(xy(i, c))
        segments += [current] if current else []
        for seg in segments:
            d = " ".join(f"{'M' if j == 0 else 'L'}{x} {y}" for j, (x, y) in enumerate(seg))
            inner += f'<path d="{d}" class="line {cls}" fill="none"/>'
        for i, (c, hot) in enumerate(zip(s["points"], s["emerging"])):
            if hot and c is not None:
                x, y = xy(i, c)
                inner += (f'<circle cx="{x}" cy="{y}" r="7" class="emerging-ring"/>'
                          f'<circle cx="{x}" cy="{y}" r="4" class="emerging-dot {cls}"/>')
        rows += [[s["name"], week, "under k" if c is None else c, "emerging" if hot else ""]
                 for week, c, hot in zip(weeks, s["points"], s["emerging"])]
    if not series:
        inner += f'<text x="{left + 8}" y="{top + 24}" class="chart-empty">no series with enough authors</text>'
    return _figure("lines", width, height, title, desc, inner,
                   data_table(title, ["series", "week", "mentions", "flag"], rows))
