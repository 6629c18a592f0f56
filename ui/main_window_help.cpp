// The Help menu: the keyboard shortcuts, read from the menus themselves (so the list cannot drift
// from what the keys do), and the About box with the versions of the libraries this build runs on.
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <Eigen/Core>
#include <oneapi/tbb/version.h>

#include "ui/main_window.h"

namespace rsmi::ui {

namespace {

// "&File" → "File"; a literal "&&" stays one "&".
QString plain(QString text) {
  text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
  text.remove(QLatin1Char('&'));
  text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
  return text;
}

void collect(const QMenu* menu, const QString& path, std::vector<MainWindow::Shortcut>& out) {
  for (const QAction* action : menu->actions()) {
    if (action->isSeparator()) continue;
    if (const QMenu* sub = action->menu()) {
      collect(sub, path + QStringLiteral(" → ") + plain(sub->title()), out);
      continue;
    }
    QStringList keys;
    for (const QKeySequence& k : action->shortcuts()) keys << k.toString(QKeySequence::NativeText);
    if (!keys.isEmpty()) out.push_back({path, plain(action->text()), keys.join(QStringLiteral(", "))});
  }
}

} // namespace

std::vector<MainWindow::Shortcut> MainWindow::shortcutList() const {
  std::vector<Shortcut> out;
  for (const QAction* top : menuBar()->actions())
    if (const QMenu* menu = top->menu()) collect(menu, plain(menu->title()), out);
  return out;
}

void MainWindow::showShortcuts() {
  const std::vector<Shortcut> list = shortcutList();
  auto* dialog = new QDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(tr("Keyboard shortcuts"));
  auto* table = new QTableWidget(static_cast<int>(list.size()), 3, dialog);
  table->setHorizontalHeaderLabels({tr("Keys"), tr("Action"), tr("Menu")});
  for (int row = 0; row < static_cast<int>(list.size()); ++row) {
    const Shortcut& s = list[static_cast<std::size_t>(row)];
    table->setItem(row, 0, new QTableWidgetItem(s.keys));
    table->setItem(row, 1, new QTableWidgetItem(s.action));
    table->setItem(row, 2, new QTableWidgetItem(s.menu));
  }
  table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table->verticalHeader()->hide();
  table->horizontalHeader()->setStretchLastSection(true);
  table->resizeColumnsToContents();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(table);
  layout->addWidget(buttons);
  dialog->resize(640, 560);
  dialog->open();  // not exec(): the experiment keeps drawing behind it
}

QString MainWindow::aboutText() {
  return tr("<h3>RSMI Studio %1</h3>"
            "<p>Watch a neural network discover the renormalization group: real-space mutual information "
            "(M. Koch-Janusz and Z. Ringel, <i>Mutual information, neural networks and the renormalization "
            "group</i>, Nature Physics 14, 578 (2018)).</p>"
            "<p>Built with Qt %2 (running on %3), Eigen %4.%5.%6, oneTBB %7, %8.</p>"
            "<p>MIT licence.</p>")
      .arg(QApplication::applicationVersion(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()))
      .arg(EIGEN_WORLD_VERSION)
      .arg(EIGEN_MAJOR_VERSION)
      .arg(EIGEN_MINOR_VERSION)
      .arg(QStringLiteral(TBB_VERSION_STRING))
#if defined(__clang__)
      .arg(QStringLiteral("clang " __clang_version__));
#elif defined(__GNUC__)
      .arg(QStringLiteral("g++ " __VERSION__));
#else
      .arg(QStringLiteral("an unknown compiler"));
#endif
}

} // namespace rsmi::ui
