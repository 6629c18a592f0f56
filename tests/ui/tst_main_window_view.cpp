// The View menu: zoom scales the fonts of every figure and of the side panel by the chosen factor
// and Ctrl+0 puts them back; presentation mode (F5) goes full screen with large text and a folded
// side panel, and leaving it restores the window exactly; the dark theme darkens the charts and
// the widgets while exported figures stay white; no two menu actions share a key.
#include <QAbstractAxis>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QGroupBox>
#include <QImage>
#include <QLegend>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

#include "ui/experiment_panel.h"
#include "ui/experiment_view.h"
#include "ui/figure_style.h"
#include "ui/lattice_view.h"
#include "ui/main_window.h"
#include "ui/mi_curve_chart.h"
#include "ui/rg_flow_chart.h"
#include "ui/sampling_panel.h"
#include "ui/thermometer_chart.h"

using namespace rsmi::ui;

namespace {

int tickPixels(const ChartFigure* chart) { return chart->chart()->axes().front()->labelsFont().pixelSize(); }

QList<ChartFigure*> charts(const MainWindow& w) {
  return {w.experimentView()->miCurve(), w.experimentView()->flow(), w.experimentView()->thermometer()};
}

} // namespace

class TestMainWindowView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Settings (zoom, theme, the window overlay) in a test folder, not the user's.
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  // View → Show the RSMI window: the experiment form's window over the live lattice, following the
  // form; off, nothing is drawn.
  void windowOverlayFollowsTheForm() {
    MainWindow window;
    auto* action = window.findChild<QAction*>(QStringLiteral("windowOverlay"));
    QVERIFY(action);
    action->setChecked(true);
    QVERIFY(window.latticeView()->windowOverlay().has_value());
    rsmi::RunSpec spec = window.experimentSpec();
    spec.flow.rg.learning.window.buffer = 2;
    window.setExperimentSpec(spec);
    QCOMPARE(window.latticeView()->windowOverlay()->buffer, 2);
    action->setChecked(false);
    QVERIFY(!window.latticeView()->windowOverlay().has_value());
    action->setChecked(true);
    QCOMPARE(window.latticeView()->windowOverlay()->buffer, 2);
  }

  void zoomScalesChartsAndPanels() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const int tick = figure::font(figure::TextRole::Tick).pixelSize();
    const double panel = window.samplingPanel()->font().pointSizeF();
    const double run = window.runButton()->font().pointSizeF();
    for (ChartFigure* c : charts(window)) QCOMPARE(tickPixels(c), tick);

    QTest::keyClick(&window, Qt::Key_Equal, Qt::ControlModifier);  // Ctrl+=
    QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);   // Ctrl++
    QCOMPARE(window.zoom(), 1.25);
    QCOMPARE(figure::screenStyle().scale, 1.25);
    for (ChartFigure* c : charts(window)) QCOMPARE(tickPixels(c), int(std::lround(tick * 1.25)));
    QCOMPARE(window.samplingPanel()->font().pointSizeF(), panel * 1.25);
    QCOMPARE(window.runButton()->font().pointSizeF(), run * 1.25);
    // Curves get thicker with the text.
    QVERIFY(window.experimentView()->flow()->chart()->axes().front()->linePen().widthF() > 1.2);

    QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(window.zoom(), 1.1);
    QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(window.zoom(), 1.0);
    for (ChartFigure* c : charts(window)) QCOMPARE(tickPixels(c), tick);
    QCOMPARE(window.samplingPanel()->font().pointSizeF(), panel);
    QCOMPARE(window.runButton()->font().pointSizeF(), run);
  }

  void zoomStaysWithinItsSteps() {
    MainWindow window;
    for (int i = 0; i < 20; ++i) window.zoomIn();
    QCOMPARE(window.zoom(), 2.5);
    for (int i = 0; i < 20; ++i) window.zoomOut();
    QCOMPARE(window.zoom(), 0.8);
  }

  void presentationModeRestoresTheLayout() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::qWait(50);
    const QRect geometry = window.geometry();
    const QRect side = window.sidePanel()->geometry();
    const QRect centre = window.centralWidget()->geometry();
    QVERIFY(window.samplingBox()->isVisible() && window.readoutBox()->isVisible());

    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(window.isPresentationMode());
    QTRY_VERIFY(window.isFullScreen());
    QCOMPARE(figure::screenStyle().scale, MainWindow::kPresentationZoom);
    QVERIFY(!window.samplingBox()->isVisible());
    QVERIFY(!window.readoutBox()->isVisible());
    QVERIFY(!window.experimentPanel()->isVisible());
    // The run controls stay.
    for (QPushButton* b : {window.runButton(), window.stopButton(), window.experimentRunButton(),
                           window.experimentPauseButton(), window.experimentStopButton()})
      QVERIFY(b->isVisible());
    QTRY_VERIFY(window.sidePanel()->width() < side.width() * MainWindow::kPresentationZoom);

    QTest::keyClick(&window, Qt::Key_F5);
    QVERIFY(!window.isPresentationMode());
    QTRY_VERIFY(!window.isFullScreen());
    QCOMPARE(figure::screenStyle().scale, 1.0);
    QVERIFY(window.samplingBox()->isVisible() && window.readoutBox()->isVisible() &&
            window.experimentPanel()->isVisible());
    QTRY_COMPARE(window.geometry(), geometry);
    QTRY_COMPARE(window.sidePanel()->geometry(), side);
    QTRY_COMPARE(window.centralWidget()->geometry(), centre);
  }

  void zoomInPresentationGoesOnFromItsSize() {
    MainWindow window;
    window.show();
    window.setPresentationMode(true);
    window.zoomIn();
    QCOMPARE(figure::screenStyle().scale, MainWindow::kPresentationZoom);  // 1.1 < 1.75: still 1.75
    window.setZoom(2.0);
    QCOMPARE(figure::screenStyle().scale, 2.0);
    window.setPresentationMode(false);
    QCOMPARE(figure::screenStyle().scale, 2.0);
    window.actualSize();
    QCOMPARE(figure::screenStyle().scale, 1.0);
  }

  void darkThemeDarkensChartsButNotExports() {
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    RgFlowChart* flow = window.experimentView()->flow();
    QCOMPARE(flow->chart()->backgroundBrush().color(), QColor(Qt::white));
    const QColor lightText = flow->chart()->axes().front()->labelsColor();

    window.setDarkTheme(true);
    QVERIFY(window.isDarkTheme());
    QVERIFY(figure::screenStyle().dark);
    for (ChartFigure* c : charts(window)) {
      QVERIFY(c->chart()->backgroundBrush().color().lightness() < 60);
      const QColor text = c->chart()->axes().front()->labelsColor();
      QVERIFY(text.lightness() > 180);
      QVERIFY(text != lightText);
    }
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() > 180);
    // Curves stay readable on the dark background.
    QVERIFY(figure::coldHotColour(1).lightness() > 110);

    // The export is a light figure; the screen stays dark.
    QTemporaryDir dir;
    const QString path = dir.filePath("flow.png");
    QCOMPARE(window.exportView("flow", path), QString());
    const QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(QColor(image.pixel(3, 3)), QColor(Qt::white));
    QCOMPARE(QColor(image.pixel(image.width() - 3, image.height() / 2)), QColor(Qt::white));
    QVERIFY(flow->chart()->backgroundBrush().color().lightness() < 60);
    QVERIFY(flow->chart()->axes().front()->labelsColor().lightness() > 180);
    // Nor does a zoom reach the export: its text is the 100 % size.
    window.setZoom(2.0);
    const QString zoomed = dir.filePath("flow-zoomed.png");
    QCOMPARE(window.exportView("flow", zoomed), QString());
    QCOMPARE(tickPixels(flow), int(std::lround(figure::font(figure::TextRole::Tick).pixelSize())));
    QCOMPARE(figure::screenStyle().scale, 2.0);

    window.setDarkTheme(false);
    QCOMPARE(flow->chart()->backgroundBrush().color(), QColor(Qt::white));
    QCOMPARE(flow->chart()->axes().front()->labelsColor(), lightText);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
  }

  void aClosedWindowLeavesTheDefaults() {
    {
      MainWindow window;
      window.setDarkTheme(true);
      window.setZoom(1.5);
    }
    QCOMPARE(figure::screenStyle(), figure::Style{});
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
  }

  void noTwoActionsShareAKey() {
    MainWindow window;
    QSet<QString> keys;
    for (const auto& s : window.shortcutList())
      for (const QString& k : s.keys.split(QStringLiteral(", "))) {
        QVERIFY2(!keys.contains(k), qPrintable(k + " is used twice (" + s.action + ")"));
        keys.insert(k);
      }
    for (const char* expected : {"F5", "F11", "Ctrl++", "Ctrl+=", "Ctrl+-", "Ctrl+0"})
      QVERIFY2(keys.contains(QString::fromLatin1(expected)), expected);
  }
};

QTEST_MAIN(TestMainWindowView)
#include "tst_main_window_view.moc"
