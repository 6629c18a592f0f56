// rsmi-studio: wiring only. The window and everything in it live in rsmi::ui.
//
//   rsmi-studio [--preset NAME] [--model NAME] [--size L] [--temperature T] [--samples N] [--betas LIST]
//               [--run] [--exit-when-done] [--screenshot FILE.png [--run-for SECONDS]]
//               [--theme light|dark] [--zoom PERCENT] [--presentation]
//
// --run starts the RG experiment at once; --exit-when-done quits when it has finished (status 0, or
// 1 if it failed). --screenshot saves the window to FILE.png and quits: with --run when the
// experiment has finished, otherwise after sampling the live chain for --run-for seconds (default
// 2) — for tests, documentation, and looking at the interface on a headless machine. --theme,
// --zoom and --presentation set the View menu's choices for this run (over the saved ones), so that
// screenshots can show them.
#include <csignal>
#include <cstdio>
#include <optional>

#include <QApplication>
#include <QBuffer>
#include <QIcon>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include "core/mc/sampling_spec.h"
#include "io/atomic_file.h"
#include "ui/experiment_job.h"
#include "ui/experiment_panel.h"
#include "ui/main_window.h"
#include "ui/presets.h"

namespace {

int fail(const QString& message) {
  std::fprintf(stderr, "rsmi-studio: %s\n", qPrintable(message));
  return 2;
}

// Through the atomic writer like every file the program writes: a failed or interrupted save never
// leaves half a PNG in place of an earlier screenshot. Empty on success, else the reason.
QString saveScreenshot(QWidget& window, const QString& path) {
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  if (!window.grab().save(&buffer, "PNG")) return QStringLiteral("cannot encode the screenshot of %1").arg(path);
  try {
    rsmi::io::writeFileAtomically(path, png, true);
  } catch (const std::exception& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

} // namespace

int main(int argc, char** argv) {
  // Beyond a file-size limit a write fails with EFBIG and is reported, instead of SIGXFSZ ending
  // the program (and the results in memory) without a word.
  std::signal(SIGXFSZ, SIG_IGN);
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
  const QCommandLineOption samplesOption(QStringLiteral("samples"), QStringLiteral("Samples per temperature of the experiment."),
                                         QStringLiteral("N"));
  const QCommandLineOption betasOption(QStringLiteral("betas"),
                                       QStringLiteral("The experiment's temperatures: FROM:TO:COUNT or a list of beta."),
                                       QStringLiteral("LIST"));
  const QCommandLineOption presetOption(QStringLiteral("preset"),
                                        QStringLiteral("Load a preset (its file name without .json, or its title)."),
                                        QStringLiteral("NAME"));
  const QCommandLineOption importOption(QStringLiteral("import"),
                                        QStringLiteral("Import samples (.npy) for the experiment to learn on."),
                                        QStringLiteral("FILE.npy"));
  const QCommandLineOption runOption(QStringLiteral("run"), QStringLiteral("Start the RG experiment at once."));
  const QCommandLineOption exitOption(QStringLiteral("exit-when-done"),
                                      QStringLiteral("Quit when the experiment has finished."));
  const QCommandLineOption themeOption(QStringLiteral("theme"), QStringLiteral("Theme: light or dark."),
                                       QStringLiteral("NAME"));
  const QCommandLineOption zoomOption(QStringLiteral("zoom"), QStringLiteral("Text scale in percent (80 to 250)."),
                                      QStringLiteral("PERCENT"));
  const QCommandLineOption presentationOption(QStringLiteral("presentation"),
                                              QStringLiteral("Start in presentation mode (full screen, large text)."));
  parser.addOptions({presetOption, importOption, modelOption, sizeOption, temperatureOption, samplesOption, betasOption, runOption, exitOption,
                     screenshotOption, runForOption, themeOption, zoomOption, presentationOption});
  parser.process(app);

  rsmi::ui::MainWindow window;
  if (parser.isSet(presetOption)) {
    const QString name = parser.value(presetOption);
    bool found = false;
    for (const rsmi::ui::Preset& preset : rsmi::ui::loadPresets())
      if (QFileInfo(preset.file).completeBaseName() == name || QString::fromStdString(preset.spec.title) == name) {
        window.loadPreset(preset.spec);
        found = true;
        break;
      }
    if (!found) return fail(QStringLiteral("no preset named '%1' (see the Presets menu)").arg(name));
  }
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
  rsmi::RunSpec experiment = window.experimentSpec();
  if (parser.isSet(samplesOption) && ((experiment.flow.sampling.samples = parser.value(samplesOption).toInt(&ok)), !ok))
    return fail(QStringLiteral("--samples needs an integer"));
  if (parser.isSet(betasOption)) {
    QString error;
    const auto betas = rsmi::ui::ExperimentPanel::parseTemperatures(parser.value(betasOption), &error);
    if (!betas) return fail(QStringLiteral("--betas: %1").arg(error));
    experiment.flow.betas = *betas;
  }
  window.setExperimentSpec(experiment);
  // The last session's window layout — but screenshots are always taken at the default size.
  if (!parser.isSet(screenshotOption)) window.restoreLayout();
  if (parser.isSet(themeOption)) {
    const QString theme = parser.value(themeOption);
    if (theme != QLatin1String("light") && theme != QLatin1String("dark"))
      return fail(QStringLiteral("--theme needs light or dark"));
    window.setDarkTheme(theme == QLatin1String("dark"));
  }
  if (parser.isSet(zoomOption)) {
    const double percent = parser.value(zoomOption).toDouble(&ok);
    if (!ok || percent < 80 || percent > 250) return fail(QStringLiteral("--zoom needs a percentage from 80 to 250"));
    window.setZoom(percent / 100);
  }
  window.show();
  if (parser.isSet(presentationOption)) window.setPresentationMode(true);

  if (parser.isSet(importOption)) {
    // Read on the window's worker, as File → Import samples does; the run waits for it.
    QEventLoop reading;
    QString problem;
    QObject::connect(&window, &rsmi::ui::MainWindow::samplesImported, &reading, [&](const QString& p) {
      problem = p;
      reading.quit();
    });
    problem = window.importSamples(parser.value(importOption));
    if (problem.isEmpty()) reading.exec();
    if (!problem.isEmpty()) return fail(QStringLiteral("cannot import samples: %1").arg(problem));
  }

  const bool runExperiment = parser.isSet(runOption);
  const QString screenshot = parser.value(screenshotOption);
  if (runExperiment) {
    QObject::connect(window.experimentJob(), &rsmi::ui::ExperimentJob::stopped, &window, [&] {
      const bool failedRun = window.experimentJob()->state()->phase != rsmi::ui::ExperimentPhase::Finished;
      if (!screenshot.isEmpty()) {
        // One more frame, so that the last state is drawn.
        QTimer::singleShot(200, &window, [&window, screenshot, failedRun] {
          const QString problem = saveScreenshot(window, screenshot);
          if (!problem.isEmpty()) std::fprintf(stderr, "rsmi-studio: %s\n", qPrintable(problem));
          QCoreApplication::exit(problem.isEmpty() && !failedRun ? 0 : 1);
        });
      } else if (parser.isSet(exitOption)) {
        QCoreApplication::exit(failedRun ? 1 : 0);
      }
    });
    window.startExperiment();
    if (!window.isExperimentRunning())
      return fail(QStringLiteral("the experiment cannot start: %1").arg(window.experimentProblem()));
  }

  if (parser.isSet(screenshotOption) && !runExperiment) {
    const QString file = parser.value(screenshotOption);
    const double seconds = parser.value(runForOption).toDouble(&ok);
    if (!ok || seconds < 0) return fail(QStringLiteral("--run-for needs a number of seconds"));
    window.startRun();
    QTimer::singleShot(static_cast<int>(seconds * 1000), &window, [&window, file] {
      const QString problem = saveScreenshot(window, file);
      window.stopRun();
      if (!problem.isEmpty()) std::fprintf(stderr, "rsmi-studio: %s\n", qPrintable(problem));
      QCoreApplication::exit(problem.isEmpty() ? 0 : 1);
    });
  }
  return app.exec();
}
