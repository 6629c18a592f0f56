#pragma once
// What the chart suites check on screen: the texts Qt Charts shows elided ("..." or "…"), which a
// reader cannot read. Shared by tst_mi_curve_chart and tst_observable_trace_chart.
#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QStringList>

namespace rsmi::ui::testing {

inline QStringList elidedTexts(const QChart* chart) {
  QStringList elided;
  for (const QGraphicsItem* item : chart->scene()->items())
    if (const auto* text = dynamic_cast<const QGraphicsTextItem*>(item); text && text->isVisible())
      if (const QString t = text->toPlainText(); t.contains(QStringLiteral("...")) || t.contains(QChar(0x2026)))
        elided << t;
  return elided;
}

}  // namespace rsmi::ui::testing
