// The View menu: full screen, zoom, theme and presentation mode. Zoom and theme are the screen's
// figure style (figure_style.h: every chart and heatmap restyles itself when it changes) plus the
// window's fonts and the application's palette; presentation mode combines full screen, a large
// zoom and a folded side panel, and puts everything back when it ends.
#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QGroupBox>
#include <QMenu>
#include <QMenuBar>
#include <QPalette>
#include <QScrollArea>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <optional>

#include "ui/experiment_panel.h"
#include "ui/figure_style.h"
#include "ui/main_window.h"

namespace rsmi::ui {
namespace {

// The window's own base size (MainWindow's constructor raises small system fonts to 11 pt).
constexpr char kBaseFont[] = "rsmiBaseFont";

QPalette darkPalette() {
  QPalette p;
  const QColor window(0x2B, 0x2E, 0x33), base(0x1E, 0x21, 0x26), text(0xE8, 0xEA, 0xED),
      muted(0x8A, 0x90, 0x98);
  const QColor highlight(0x3D, 0x7E, 0xC9);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::PlaceholderText, muted);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, QColor(0xFF, 0x8A, 0x80));
  p.setColor(QPalette::Link, QColor(0x8A, 0xB4, 0xF8));
  p.setColor(QPalette::Highlight, highlight);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Light, window.lighter(150));
  p.setColor(QPalette::Midlight, window.lighter(125));
  p.setColor(QPalette::Mid, window.darker(120));
  p.setColor(QPalette::Dark, window.darker(160));
  p.setColor(QPalette::Shadow, Qt::black);
  for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, muted);
  return p;
}

// The application's look before the first switch to dark, to return to.
struct LightLook {
  QString style;
  QPalette palette;
};
std::optional<LightLook>& lightLook() {
  static std::optional<LightLook> look;
  return look;
}

void applyApplicationTheme(bool dark) {
  if (dark) {
    if (!lightLook()) lightLook() = LightLook{QApplication::style()->name(), QApplication::palette()};
    // Fusion draws every control from the palette; native styles may ignore a dark one.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(darkPalette());
  } else if (lightLook()) {
    const LightLook look = *lightLook();
    lightLook().reset();
    if (QStyle* style = QStyleFactory::create(look.style)) QApplication::setStyle(style);
    QApplication::setPalette(look.palette);
  }
}

} // namespace

void MainWindow::buildViewMenu() {
  QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
  QAction* fullScreen = viewMenu->addAction(tr("Full screen"), this, &MainWindow::toggleFullScreen);
  fullScreen->setShortcut(QKeySequence(Qt::Key_F11));
  presentationAction_ =
      viewMenu->addAction(tr("Presentation mode"), this, [this] { setPresentationMode(!presenting_); });
  presentationAction_->setCheckable(true);
  presentationAction_->setShortcut(QKeySequence(Qt::Key_F5));
  viewMenu->addSeparator();
  QAction* in = viewMenu->addAction(tr("Zoom in"), this, &MainWindow::zoomIn);
  // Ctrl+= too: on most keyboards "+" needs Shift.
  in->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
  QAction* out = viewMenu->addAction(tr("Zoom out"), this, &MainWindow::zoomOut);
  out->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
  QAction* actual = viewMenu->addAction(tr("Actual size"), this, &MainWindow::actualSize);
  actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
  viewMenu->addSeparator();
  QMenu* theme = viewMenu->addMenu(tr("Theme"));
  auto* themes = new QActionGroup(this);
  lightAction_ = theme->addAction(tr("Light"), this, [this] { setDarkTheme(false); });
  darkAction_ = theme->addAction(tr("Dark"), this, [this] { setDarkTheme(true); });
  for (QAction* a : {lightAction_, darkAction_}) {
    a->setCheckable(true);
    themes->addAction(a);
  }
  lightAction_->setChecked(true);
  viewMenu->addSeparator();
  // The experiment's window (V, B, E) drawn over the live lattice, at its centre: what "block",
  // "buffer" and "environment" mean, on the configuration itself. Remembered between runs.
  windowOverlayAction_ = viewMenu->addAction(tr("Show the RSMI &window on the lattice"));
  windowOverlayAction_->setObjectName(QStringLiteral("windowOverlay"));
  windowOverlayAction_->setCheckable(true);
  windowOverlayAction_->setChecked(QSettings().value(QStringLiteral("view/window_overlay"), true).toBool());
  connect(windowOverlayAction_, &QAction::toggled, this, [this](bool on) {
    QSettings().setValue(QStringLiteral("view/window_overlay"), on);
    updateWindowOverlay();
  });
  // Shortcuts work wherever the focus is, menus shown or not (full screen hides nothing, but a
  // menu bar may be hidden by the platform).
  for (QAction* a : {fullScreen, presentationAction_, in, out, actual}) addAction(a);
}

void MainWindow::zoomIn() { setZoom(figure::nextZoom(zoom_, +1)); }
void MainWindow::zoomOut() { setZoom(figure::nextZoom(zoom_, -1)); }
void MainWindow::actualSize() { setZoom(1); }

void MainWindow::setZoom(double scale) {
  if (!std::isfinite(scale)) scale = 1;
  scale = std::clamp(scale, figure::kZoomSteps[0], std::end(figure::kZoomSteps)[-1]);
  if (scale == zoom_) return;
  zoom_ = scale;
  applyLook();
  saveViewSettings();
}

void MainWindow::setDarkTheme(bool dark) {
  if (darkAction_) (dark ? darkAction_ : lightAction_)->setChecked(true);
  if (dark == dark_) return;
  dark_ = dark;
  applyLook();
  saveViewSettings();
}

void MainWindow::saveViewSettings() {
  if (!persistLayout_) return;  // tests and screenshots leave the user's settings alone
  QSettings settings;
  settings.setValue(QStringLiteral("view/theme"), dark_ ? QStringLiteral("dark") : QStringLiteral("light"));
  settings.setValue(QStringLiteral("view/zoom"), zoom_);
}

void MainWindow::applyLook() {
  // In presentation mode the text is at least the presentation's size; zooming goes on from there.
  const double scale = presenting_ ? std::max(zoom_, kPresentationZoom) : zoom_;
  if (figure::screenStyle().dark != dark_) applyApplicationTheme(dark_);
  styleRunButtons();
  applyTextScale(scale);
  figure::setScreenStyle({scale, dark_});
  fitSidePanel();
  // Once the layouts have taken in the new fonts (their size hints are refreshed by posted events).
  QTimer::singleShot(0, this, &MainWindow::fitSidePanel);
}

// Every widget that chose its own font (the window's 11 pt, the big Run button, the readouts) gets
// that font times `scale`; the others inherit theirs.
void MainWindow::applyTextScale(double scale) {
  QList<QWidget*> widgets = findChildren<QWidget*>();
  widgets.prepend(this);
  for (QWidget* w : widgets) {
    if (!w->testAttribute(Qt::WA_SetFont)) continue;
    QVariant base = w->property(kBaseFont);
    if (!base.isValid()) {
      if (scale == 1) continue;  // never scaled: nothing to undo
      base = w->font();
      w->setProperty(kBaseFont, base);
    }
    QFont f = base.value<QFont>();
    if (f.pointSizeF() > 0)
      f.setPointSizeF(f.pointSizeF() * scale);
    else if (f.pixelSize() > 0)
      f.setPixelSize(std::max(1, static_cast<int>(std::lround(f.pixelSize() * scale))));
    w->setFont(f);
  }
}

void MainWindow::setPresentationMode(bool on) {
  if (presentationAction_) presentationAction_->setChecked(on);
  if (on == presenting_) return;
  if (on) {
    before_ = {};
    before_.geometry = saveGeometry();
    before_.state = saveState();
    before_.fullScreen = isFullScreen();
    before_.maximized = isMaximized();
    before_.normal = geometry();
    // What a lecturer needs: the Run/Stop buttons of both forms and their messages; the forms
    // themselves are a menu away (Presets) or come back with F5.
    for (QWidget* w : std::initializer_list<QWidget*>{samplingBox_, experimentPanel_, readoutBox_}) {
      before_.hidden.emplace_back(w, w->isHidden());
      w->hide();
    }
    presenting_ = true;
    // Full screen first: Qt keeps the geometry of that moment to return to, before the larger
    // fonts widen the window's minimum.
    showFullScreen();
    applyLook();
  } else {
    presenting_ = false;
    for (const auto& [w, hidden] : before_.hidden) w->setHidden(hidden);
    applyLook();
    // Out of full screen once the layouts have taken in the smaller fonts (their minimum sizes are
    // refreshed by posted events): else the window comes back widened to the presentation's
    // minimum width. Not restoreGeometry(): it would move the window by its frame on some platforms.
    QTimer::singleShot(50, this, [this, before = before_] {
      if (presenting_) return;
      if (before.maximized) {
        showMaximized();
      } else if (!before.fullScreen) {
        showNormal();
        setGeometry(before.normal);
      }
      restoreState(before.state);  // the dock's width
    });
  }
}

} // namespace rsmi::ui
