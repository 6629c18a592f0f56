#pragma once
// Help → Quick guide: one page that tells a first-time user (a student in front of the projector,
// a teacher preparing a lesson) what the window shows and how to run the classic experiments. The
// full reference is docs/user-guide.md; this page fits on one screen and needs no files.
#include <QString>

class QWidget;

namespace rsmi::ui {

QString quickGuideHtml();
// A non-modal dialog with the guide (the experiment keeps drawing behind it).
void showQuickGuide(QWidget* parent);

} // namespace rsmi::ui
