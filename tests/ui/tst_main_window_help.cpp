// The Help menu: the shortcut list is read from the menus (every documented key is there, none
// twice), the dialog opens without blocking, and the About box names the versions of Qt, Eigen and
// oneTBB this build runs on. Menus come in the usual order, View and Help last.
#include <QMenuBar>
#include <QDialog>
#include <QTableWidget>
#include <QTextBrowser>
#include <QtTest>

#include "ui/main_window.h"

using namespace rsmi::ui;

class TestMainWindowHelp : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void shortcutsComeFromTheMenus() {
    MainWindow window;
    const auto list = window.shortcutList();
    QSet<QString> keys;
    for (const auto& s : list) {
      QVERIFY2(!keys.contains(s.keys), qPrintable("two actions on " + s.keys));
      keys.insert(s.keys);
    }
    for (const char* expected : {"Ctrl+R", "Ctrl+P", "Esc", "Space", "F11", "F1", "Ctrl+S", "Ctrl+Q"})
      QVERIFY2(keys.contains(QString::fromLatin1(expected)), expected);
    QStringList menus;
    for (const QAction* a : window.menuBar()->actions()) menus << a->text().remove('&');
    QCOMPARE(menus.mid(menus.size() - 2), (QStringList{"View", "Help"}));
    QCOMPARE(menus.first(), QStringLiteral("File"));
  }

  void dialogOpensWithoutBlocking() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_F1);
    QTableWidget* table = nullptr;
    QTRY_VERIFY((table = window.findChild<QTableWidget*>()) != nullptr);
    QCOMPARE(table->rowCount(), int(window.shortcutList().size()));
    QCOMPARE(table->item(0, 0)->text(), window.shortcutList().front().keys);
  }

  // Shift+F1: one page for a first-time user, without blocking, naming the keys it teaches.
  void quickGuideOpensWithoutBlocking() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_F1, Qt::ShiftModifier);
    QDialog* guide = nullptr;
    QTRY_VERIFY((guide = window.findChild<QDialog*>("quickGuide")) != nullptr);
    QVERIFY(!guide->isModal() || guide->windowModality() != Qt::ApplicationModal);
    const QString text = guide->findChild<QTextBrowser*>()->toPlainText();
    for (const char* taught : {"Space", "Ctrl+R", "Ctrl+P", "Esc", "Ctrl+S", "Alt+1", "F11", "F1"})
      QVERIFY2(text.contains(QString::fromLatin1(taught)), taught);
    // Every key the guide teaches is a real shortcut of the window.
    QSet<QString> keys;
    for (const auto& s : window.shortcutList()) keys.insert(s.keys);
    for (const char* taught : {"Ctrl+R", "Ctrl+P", "Esc", "Ctrl+S", "Ctrl+E", "Ctrl+T", "Ctrl+.", "F11", "F1"})  // Alt+1: tst_presets
      QVERIFY2(keys.contains(QString::fromLatin1(taught)), taught);
    if (const QByteArray dir = qgetenv("RSMI_SCREENSHOT_DIR"); !dir.isEmpty())
      guide->grab().save(QString::fromUtf8(dir) + "/quick-guide.png");
  }

  void aboutNamesTheLibraries() {
    const QString about = MainWindow::aboutText();
    QVERIFY(about.contains(QString::fromLatin1(qVersion())));
    QVERIFY(about.contains("Eigen 3.4"));
    QVERIFY(about.contains("oneTBB 2021"));
    QVERIFY(about.contains("Nature Physics 14, 578"));
  }
};

QTEST_MAIN(TestMainWindowHelp)
#include "tst_main_window_help.moc"
