#pragma once
// The look shared by every figure of the studio: pixel-sized DejaVu Sans fonts (readable from the
// back of a lecture room, and the same size on screen, in PNG at any DPI, in SVG and in PDF, since
// the export scales the painter rather than the font), near-black text on white, light grid lines,
// and the Qt Charts settings that follow from that.
#include <QColor>
#include <QFont>
#include <QString>

class QAbstractSeries;
class QChart;
class QValueAxis;

namespace rsmi::ui::figure {

enum class TextRole { Title, PanelTitle, AxisTitle, Tick, Legend, Annotation, CellValue };

QFont font(TextRole role);
QColor textColour();
QColor mutedTextColour();
QColor gridColour();
QColor backgroundColour();

// White background, no drop shadow, no animations (a live update must show at once), the fonts
// above, legend below the plot.
void styleChart(QChart* chart);
// A value axis with a title (rich text allowed: "β<sub>eff</sub>") in the shared style.
QValueAxis* makeValueAxis(const QString& title);

// Ticks every `step` from 0 (so that they fall on round values) over [lo, hi], labelled with just
// enough decimals to show the step exactly.
void setAxisTicks(QValueAxis* axis, double lo, double hi, double step);
// Limits for data spanning [lo, hi] with `pad` of headroom (a fraction of the span) on each side,
// and a 1–2–2.5–5 tick step giving about `ticks` ticks. With `snap` the limits are rounded out to
// whole steps (an axis that starts at 0); without, they hug the data and the ticks fall inside.
struct AxisRange {
  double lo, hi, step;
};
AxisRange niceRange(double lo, double hi, int ticks = 6, double pad = 0.05, bool snap = true);
// Decimals that show a tick step exactly (0.25 → 2, 0.2 → 1, 5 → 0).
int decimalsFor(double step);
// Reference lines and helper series are labelled on the plot, not in the legend.
void hideFromLegend(QChart* chart, QAbstractSeries* series, bool hide = true);

// From hot (t = 0, red) through purple to cold (t = 1, blue): every colour dark enough to read on
// white, unlike the diverging map whose middle is white. Used for one curve per temperature.
QColor coldHotColour(double t);

// The smallest 1–2–2.5–5 × 10^k not below v (v > 0), for axis limits that grow in steps.
double niceCeil(double v);

// A number for labels: fixed decimals, a true minus sign.
QString number(double v, int decimals);

} // namespace rsmi::ui::figure
