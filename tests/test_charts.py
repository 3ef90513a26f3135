"""Server-side SVG charts: text alternatives, escaping, no inline style, the shapes they draw."""
import re

from insight_service import charts

SCRIPT = "<script>alert(1)</script>"


def _ok(svg: str) -> None:
    assert svg.startswith('<figure class="chart') and 'role="img"' in svg and "aria-labelledby" in svg
    assert re.search(r"<title id=\"ct\d+\">[^<]+</title><desc id=\"cd\d+\">[^<]+</desc>", svg)
    assert '<div class="sr-only"><table>' in svg
    assert "style=" not in svg and "<script" not in svg  # the CSP allows no inline style or script


def test_sparkline_marks_the_last_month_and_breaks_nothing_on_gaps():
    svg = str(charts.sparkline([("2026-01", 0.5), ("2026-02", None), ("2026-03", -0.4)]))
    _ok(svg)
    assert svg.count("<circle") == 2 and 'class="spark-last neg"' in svg
    assert "from 2026-01 (+0.50) to 2026-03 (-0.40)" in svg and "<td>no data</td>" in svg


def test_empty_sparkline_says_so():
    svg = str(charts.sparkline([("2026-01", None)]))
    _ok(svg)
    assert "No feedback with a score yet." in svg and "<path" not in svg


def test_gauge_needle_and_tone():
    left, right = str(charts.gauge(-1.0)), str(charts.gauge(0.6))
    for svg in (left, right):
        _ok(svg)
    assert "Average sentiment -1.00 on a scale from -1 to +1: negative." in left
    assert 'class="gauge-value pos"' in right and "positive" in right
    assert "No feedback with a score yet." in str(charts.gauge(None))
    assert charts.tone(0.04) == "neu" and charts.tone(-0.05) == "neg" and charts.tone(None) == "neu"


def test_stacked_bar_shares():
    svg = str(charts.stacked_bar([("positive", 3, "pos"), ("neutral", 0, "neu"), ("negative", 1, "neg")], "Barometer"))
    _ok(svg)
    assert svg.count("<rect") == 2 and "3 positive (75 %), 0 neutral (0 %), 1 negative (25 %)." in svg


def test_bar_chart_scales_to_the_largest_and_escapes_labels():
    svg = str(charts.bar_chart([(SCRIPT, 10, "bar-main"), ("half", 5, "bar-main")], "Top", "desc"))
    _ok(svg)
    assert "&lt;script&gt;" in svg and SCRIPT not in svg
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]
    assert "nothing to show" in str(charts.bar_chart([], "Top", "desc"))


def test_weekly_lines_break_at_suppressed_weeks_and_ring_emerging_points():
    weeks = ["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"]
    series = [{"name": "VK-HP100 · Battery", "points": [1, None, 2, 9], "emerging": [False, False, False, True]},
              {"name": SCRIPT, "points": [0, 0, 0, 0], "emerging": [False] * 4}]
    svg = str(charts.weekly_lines(series, weeks, "Weekly", "two series"))
    _ok(svg)
    assert svg.count('class="line s0"') == 2  # the suppressed week splits the first line in two
    assert svg.count('class="emerging-ring"') == 1 and "<td>under k</td>" in svg and "<td>emerging</td>" in svg
    assert SCRIPT not in svg
