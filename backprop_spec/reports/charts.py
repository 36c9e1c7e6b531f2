"""Charts for the HTML report, drawn by matplotlib as inline SVG.

matplotlib is an optional extra (``plot``): without it there is no chart, and the report gives the same
numbers as a table, which it does anyway for anyone who cannot see the chart.
"""
import io
import warnings

from markupsafe import Markup

# Text stays text (searchable, and in the page's own font), and ids come out the same on every run.
_SVG_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "backprop-spec", "font.size": 9}
_NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}
BAR_COLOUR = "#3b6ea5"


def histogram_svg(counts, labels, *, xlabel, ylabel):
    """A bar per bin, its count written on it, as an ``<svg>`` element to put in a page; None without
    matplotlib. The words come from the caller, so that they stay with the template that shows them."""
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        return None
    with matplotlib.rc_context(_SVG_STYLE), warnings.catch_warnings():
        # The words stay text, drawn by the browser in the page's font: that matplotlib's font has no glyph for
        # them (Japanese, Chinese, Korean) costs only a rougher guess at their width, not a warning per letter.
        # Matplotlib says "missing from font(s) ..." since 3.9, "missing from current font." before.
        warnings.filterwarnings("ignore", message="Glyph .* missing from ", category=UserWarning)
        figure = Figure(figsize=(7.0, 2.6))
        axes = figure.add_subplot()
        bars = axes.bar(range(len(counts)), counts, color=BAR_COLOUR, width=0.8)
        axes.bar_label(bars, labels=[str(c) if c else "" for c in counts], padding=2)
        axes.set_xticks(range(len(counts)))
        axes.set_xticklabels(labels)
        axes.set_xlabel(xlabel)
        axes.set_ylabel(ylabel)
        axes.set_ylim(0, max(max(counts, default=0), 1) * 1.15)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata=_NO_METADATA)
    svg = buffer.getvalue()
    # An XML prologue and DOCTYPE belong to a file, not to an element inside HTML.
    return Markup(svg[svg.index("<svg"):].replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
