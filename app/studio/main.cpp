// rsmi-studio: wiring only. The window and everything in it live in rsmi::ui.
//
//   rsmi-studio [--model NAME] [--size L] [--temperature T]
//               [--screenshot FILE.png --run-for SECONDS]
//
// --screenshot runs the sampler for --run-for seconds (default 2), saves the window to FILE.png and
// quits: for tests, documentation, and looking at the interface on a headless machine.
#include <cstdio>
#include <optional>

#include <QApplication>
#include <QIcon>
#include <QCommandLineParser>
#include <QTimer>

#include "core/mc/sampling_spec.h"
#include "ui/main_window.h"

namespace {

int fail(const QString& message) {
  std::fprintf(stderr, "rsmi-studio: %s\n", qPrintable(message));
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("RSMI Studio"));
  QApplication::setApplicationDisplayName(QStringLiteral("RSMI Studio"));
  QApplication::setOrganizationName(QStringLiteral("RSMI"));
  QApplication::setApplicationVersion(QStringLiteral(RSMI_VERSION));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/rsmi/icons/rsmi-studio.svg")));
  QApplication::setDesktopFileName(QStringLiteral("io.github.rsmi_studio.RsmiStudio"));  // the .desktop file's id (Wayland matches windows by it)

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Watch a neural network discover the renormalization group."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption modelOption(
      QStringLiteral("model"), QStringLiteral("Model: ising2d, ising1d, dimer or dimer-noise."), QStringLiteral("NAME"));
  const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("Lattice size L."), QStringLiteral("L"));
  const QCommandLineOption temperatureOption(QStringLiteral("temperature"), QStringLiteral("Temperature T."),
                                             QStringLiteral("T"));
  const QCommandLineOption screenshotOption(
      QStringLiteral("screenshot"), QStringLiteral("Run, save the window to FILE (PNG) and quit."), QStringLiteral("FILE"));
  const QCommandLineOption runForOption(QStringLiteral("run-for"),
                                        QStringLiteral("With --screenshot: seconds to sample first (default 2)."),
                                        QStringLiteral("SECONDS"), QStringLiteral("2"));
  parser.addOptions({modelOption, sizeOption, temperatureOption, screenshotOption, runForOption});
  parser.process(app);

  rsmi::ui::MainWindow window;
  rsmi::SamplingSpec spec = window.spec();
  if (parser.isSet(modelOption)) {
    const QString name = parser.value(modelOption);
    const bool noise = name == QStringLiteral("dimer-noise");
    const auto model = rsmi::parseModel(noise ? "dimer" : name.toStdString());
    if (!model) return fail(QStringLiteral("unknown model '%1'").arg(name));
    spec.model = *model;
    spec.noise = noise;
    spec.sampler = rsmi::SamplerKind::Auto;
  }
  bool ok = true;
  if (parser.isSet(sizeOption) && ((spec.size = parser.value(sizeOption).toInt(&ok)), !ok))
    return fail(QStringLiteral("--size needs an integer"));
  if (parser.isSet(temperatureOption)) {
    const double t = parser.value(temperatureOption).toDouble(&ok);
    if (!ok || t <= 0) return fail(QStringLiteral("--temperature needs a positive number"));
    spec.beta = 1.0 / t;
  }
  window.setSpec(spec);
  window.show();

  if (parser.isSet(screenshotOption)) {
    const QString file = parser.value(screenshotOption);
    const double seconds = parser.value(runForOption).toDouble(&ok);
    if (!ok || seconds < 0) return fail(QStringLiteral("--run-for needs a number of seconds"));
    window.startRun();
    QTimer::singleShot(static_cast<int>(seconds * 1000), &window, [&window, file] {
      const bool saved = window.grab().save(file, "PNG");
      window.stopRun();
      if (!saved) std::fprintf(stderr, "rsmi-studio: cannot write %s\n", qPrintable(file));
      QCoreApplication::exit(saved ? 0 : 1);
    });
  }
  return app.exec();
}
