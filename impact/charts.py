"""Server-rendered SVG charts (pygal) of the dashboard's figures: served as images with the
figure's summary as their text alternative, and the data table beside each on the page. No
JavaScript (pygal's tooltips script, loaded from a CDN by default, is switched off: js=[]) and
no external fonts (system font stacks only)."""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

from .figures import Figure

# GOV.UK palette colours, each at least 3:1 against white (WCAG 1.4.11 for graphics).
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#505a5f")
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
FONT = "Arial, Helvetica, sans-serif"

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#0b0c0c",
    foreground_strong="#0b0c0c",
    foreground_subtle="#505a5f",
    colors=COLOURS,
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    tooltip_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    no_data_font_family=FONT,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
    value_font_size=13,
    opacity="1",
    opacity_hover="1",
)


def figure_svg(figure: Figure, *, no_data_text: str) -> str:
    """The figure as an SVG document (a string)."""
    chart_class = {"line": pygal.Line, "bar": pygal.Bar, "hbar": pygal.HorizontalBar}[figure.chart]
    many = len(figure.rows) > 12
    chart = chart_class(
        js=[],  # no tooltip script (it would come from a CDN)
        style=STYLE,
        width=760,
        height=420 if figure.chart != "hbar" else max(220, 60 + 34 * len(figure.rows)),
        explicit_size=False,
        disable_xml_declaration=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(3, max(1, len(figure.columns))),
        show_legend=len(figure.columns) > 1,
        x_label_rotation=45 if figure.chart != "hbar" and many else 0,
        show_minor_x_labels=not many,
        x_labels_major_every=3 if many else None,
        truncate_label=-1,
        print_values=False,  # the numbers are in the table beside the chart
        no_data_text=no_data_text,
        min_scale=1,
        max_scale=6,
        order_min=0,
        range=(0, max(1, *(max(row.values, default=0) for row in figure.rows)))
        if figure.rows
        else None,
        dots_size=3,
        stroke_style={"width": 3},
    )
    # pygal draws a horizontal chart's first row at the bottom: reverse it, so the bars read top
    # to bottom in the table's order.
    rows = list(reversed(figure.rows)) if figure.chart == "hbar" else list(figure.rows)
    chart.x_labels = [row.label for row in rows]
    for index, (_key, label) in enumerate(figure.columns):
        chart.add(label, [row.values[index] for row in rows])
    # pygal always writes a small inline <script> (its config for the tooltips): drop it, the
    # chart is static (and an image's scripts would not run anyway).
    return SCRIPT.sub("", chart.render(is_unicode=True))
