#include "ui/quick_guide.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace rsmi::ui {

QString quickGuideHtml() {
  return QObject::tr(
      "<h2>RSMI Studio in five minutes</h2>"
      "<p>A neural network learns which few numbers of a block of spins keep the most information "
      "about the block's distant surroundings (real-space mutual information, Koch-Janusz &amp; Ringel "
      "2018). Applied again and again, that coarse-graining is the renormalization group: from it the "
      "studio finds the critical temperature and the exponent &nu;.</p>"
      "<h3>The window</h3>"
      "<ul>"
      "<li><b>Left</b>: the model and sampler form (model, L, T or &beta;, J, sampler, seed), the RG "
      "experiment form (block, buffer and environment drawn as a diagram; hidden units, estimator, "
      "training; RG steps and the temperatures of a flow) and the readouts of the configuration.</li>"
      "<li><b>Centre</b>: the live Markov chain with its energy and |m| against the exact values; "
      "during an experiment, the cascade: one configuration coarse-grained step by step.</li>"
      "<li><b>Right</b>: the learned filters (red positive, blue negative), the MI curve with the "
      "fixed rules and the n<sub>h</sub>&nbsp;ln&nbsp;2 ceiling, the RG flow with the exact &beta;<sub>c</sub> "
      "and the fitted fixed point, and the thermometer.</li>"
      "</ul>"
      "<h3>Three things to try</h3>"
      "<ol>"
      "<li>Press <b>Space</b>: the chain runs. Click <b>Critical</b> (Ctrl+T) and watch clusters of every "
      "size.</li>"
      "<li><b>Presets &rarr; Kadanoff block spins</b> (Alt+1), then <b>Ctrl+R</b>: the 2&times;2 filter comes "
      "out with four weights of one sign, the block spin, and its MI meets the majority rule's "
      "line.</li>"
      "<li><b>Presets &rarr; RG flow near T<sub>c</sub></b> (Alt+2), <b>Ctrl+R</b>: nine temperatures flow away "
      "from &beta;<sub>c</sub> on both sides; &beta;* and &nu; appear above the plots.</li>"
      "</ol>"
      "<h3>While it runs</h3>"
      "<p><b>Ctrl+P</b> pauses, <b>Ctrl+.</b> steps one RG level, <b>Esc</b> stops and keeps everything computed. "
      "<b>Ctrl+S</b> saves the session, <b>Ctrl+E</b> exports the results, <b>File &rarr; Export figure</b> "
      "redraws any view as PNG, SVG or PDF. <b>F11</b> is full screen; <b>F1</b> lists every shortcut.</p>"
      "<p>The same experiment without a window: <code>rsmi run session.rsmi.json --out results</code>. "
      "The user guide, the teaching notes for each preset and the formulas are in the documentation "
      "(docs/user-guide.md, docs/teaching.md, docs/science.md).</p>");
}

void showQuickGuide(QWidget* parent) {
  auto* dialog = new QDialog(parent);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setObjectName(QStringLiteral("quickGuide"));
  dialog->setWindowTitle(QObject::tr("Quick guide"));
  auto* text = new QTextBrowser(dialog);
  text->setHtml(quickGuideHtml());
  text->setOpenExternalLinks(false);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(text);
  layout->addWidget(buttons);
  dialog->resize(640, 640);
  dialog->open();
}

} // namespace rsmi::ui
