// MainWindow's Edit menu: Copy plot puts the figure last clicked (or focused) on the clipboard,
// painted again through ui/figure_export at twice its size — not a screen grab, so it is sharp
// when pasted into slides on any screen.
#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QImage>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include "ui/dimer_filter_view.h"
#include "ui/experiment_view.h"
#include "ui/figure_export.h"
#include "ui/filter_heatmap.h"
#include "ui/main_window.h"
#include "ui/mi_curve_chart.h"
#include "ui/rg_flow_chart.h"
#include "ui/thermometer_chart.h"

namespace rsmi::ui {

namespace {
constexpr double kCopyPixelRatio = 2;
const char* const kPlots[] = {"filters", "mi", "flow", "thermometer"};
const char* const kPlotProperty = "rsmiPlot";
}  // namespace

void MainWindow::buildEditMenu() {
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* copy = edit->addAction(tr("&Copy plot"), this, [this] { copyPlot(); });
  copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
  copy->setStatusTip(tr("Copies the plot last clicked (the RG flow at first) to the clipboard as an image"));
  addAction(copy);
  // Which plot was clicked or focused last: a chart takes its clicks on its view's viewport, a
  // descendant, so every widget of a plot is watched.
  for (const char* name : kPlots) {
    QList<QWidget*> plots{plotWidget(QString::fromLatin1(name))};
    if (QLatin1String(name) == QLatin1String("filters")) plots << experimentView_->dimerFilters();
    QList<QWidget*> parts;
    for (QWidget* plot : plots) parts << plot << plot->findChildren<QWidget*>();
    for (QWidget* part : parts) {
      part->setProperty(kPlotProperty, QString::fromLatin1(name));
      part->installEventFilter(this);
    }
  }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::FocusIn) {
    const QVariant plot = watched->property(kPlotProperty);
    if (plot.isValid()) copyView_ = plot.toString();
  }
  return QMainWindow::eventFilter(watched, event);
}

bool MainWindow::isDimerPlotMissing(const QString& view) const {
  const bool dimers = !experimentView_->dimerFilters()->isHidden();
  return dimers && (view == QLatin1String("flow") || view == QLatin1String("thermometer"));
}

QWidget* MainWindow::plotWidget(const QString& view) const {
  // A dimer run draws its filters on the lattice's links, and has no flow or thermometer.
  if (isDimerPlotMissing(view)) return nullptr;
  if (view == QLatin1String("filters"))
    return experimentView_->dimerFilters()->isHidden() ? static_cast<QWidget*>(experimentView_->filters())
                                                       : static_cast<QWidget*>(experimentView_->dimerFilters());
  if (view == QLatin1String("mi")) return experimentView_->miCurve();
  if (view == QLatin1String("flow")) return experimentView_->flow();
  if (view == QLatin1String("thermometer")) return experimentView_->thermometer();
  return nullptr;
}

QImage MainWindow::plotImage(const QString& view) const {
  QWidget* plot = plotWidget(view);
  return plot ? renderFigureImage(*plot, kCopyPixelRatio) : QImage();
}

QString MainWindow::copyPlot(const QString& view) {
  const QString name = view.isEmpty() ? copyView_ : view;
  const QImage image = plotImage(name);
  if (image.isNull()) {
    const QString problem = isDimerPlotMissing(name) ? tr("no RG flow for dimers: there is no temperature to calibrate")
                            : plotWidget(name)       ? tr("the plot has no size to copy")
                                                     : tr("unknown plot '%1'").arg(name);
    statusBar()->showMessage(tr("Cannot copy the plot: %1").arg(problem), 6000);
    return problem;
  }
  QGuiApplication::clipboard()->setImage(image);
  const QString title = name == QLatin1String("mi")     ? tr("MI curve")
                        : name == QLatin1String("flow") ? tr("RG flow")
                                                        : name;
  statusBar()->showMessage(tr("Copied the %1 plot (%2×%3 pixels) to the clipboard")
                               .arg(title)
                               .arg(image.width())
                               .arg(image.height()),
                           6000);
  return {};
}

}  // namespace rsmi::ui
