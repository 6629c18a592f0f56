#pragma once
// The look shared by every figure of the studio: pixel-sized DejaVu Sans fonts (readable from the
// back of a lecture room, and the same size on screen, in PNG at any DPI, in SVG and in PDF, since
// the export scales the painter rather than the font), near-black text on white, light grid lines,
// and the Qt Charts settings that follow from that.
//
// Two settings change that look on screen: a text scale (View → Zoom, presentation mode), which
// multiplies every font and line width, and a dark theme. Exported figures are publication figures:
// they are painted under a StyleScope of the default style (light, 100 %) whatever the screen shows.
#include <QColor>
#include <QFont>
#include <QObject>
#include <QString>

class QAbstractAxis;
class QAbstractSeries;
class QChart;
class QValueAxis;

namespace rsmi::ui::figure {

enum class TextRole { Title, PanelTitle, AxisTitle, Tick, Legend, Annotation, CellValue };

struct Style {
  double scale = 1;  // text and line widths, 1 = 100 %
  bool dark = false;
  bool operator==(const Style&) const = default;
};

// The style painted now: the screen's, or the one of an enclosing StyleScope (an export).
Style style();
Style screenStyle();
// Changes the screen's style and tells every figure through notifier()->changed().
void setScreenStyle(Style style);

// While it lives, style() returns `style` (figures painted for export); scopes nest.
class StyleScope {
public:
  explicit StyleScope(Style style);
  ~StyleScope();
  StyleScope(const StyleScope&) = delete;
  StyleScope& operator=(const StyleScope&) = delete;

private:
  const Style* previous_;
  Style style_;
};

// Emits changed() after setScreenStyle(): figures restyle and repaint themselves.
class StyleNotifier : public QObject {
  Q_OBJECT
Q_SIGNALS:
  void changed();
};
StyleNotifier* notifier();

// The zoom steps of View → Zoom in / out, from 80 % to 250 %.
inline constexpr double kZoomSteps[] = {0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5};
// The next step above (direction > 0) or below the scale `from`; `from` itself at either end.
double nextZoom(double from, int direction);

QFont font(TextRole role);
// A length (pen width, marker size) at the current scale.
double px(double length);
QColor textColour();
QColor mutedTextColour();
QColor gridColour();
QColor backgroundColour();
QColor axisLineColour();

// No drop shadow, no animations (a live update must show at once), legend below the plot, and the
// colours and fonts of the current style (applyChartStyle).
void styleChart(QChart* chart);
// The current style's background, fonts and colours on the chart, its legend and every axis; the
// series keep theirs (each chart sets its pens in its own restyle).
void applyChartStyle(QChart* chart);
void styleAxis(QAbstractAxis* axis);
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
// white (light enough on the dark theme's background), unlike the diverging map whose middle is
// white. Used for one curve per temperature.
QColor coldHotColour(double t);

// The smallest 1–2–2.5–5 × 10^k not below v (v > 0), for axis limits that grow in steps.
double niceCeil(double v);

// A number for labels: fixed decimals, a true minus sign.
QString number(double v, int decimals);

} // namespace rsmi::ui::figure
