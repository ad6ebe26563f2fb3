// segment-workbench [WORKSPACE.segws] [--screenshot FILE]
#include "mainwindow.h"
#include "messagebar.h"
#include "screenshotscene.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPixmap>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

QString tr(const char* text) { return QCoreApplication::translate("main", text); }

void printError(const QString& message)
{
    std::fprintf(stderr, "segment-workbench: %s\n", qPrintable(message));
}

// The window size of --screenshot pictures (docs, tests).
constexpr int kShotWidth = 1280;
constexpr int kShotHeight = 800;
// A screenshot run that never gets its content gives up rather than hanging a build.
constexpr int kShotTimeoutMs = 120000;

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Segment Workbench"));
    QApplication::setApplicationName(QStringLiteral("segment-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Segment Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(SEGWB_VERSION));
    QGuiApplication::setDesktopFileName(
        QStringLiteral("io.github.segmentworkbench.SegmentWorkbench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Segment Workbench: segment your customers on your own "
                                        "computer."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"), tr("The workspace file to open."),
        QStringLiteral("[WORKSPACE.segws]"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        tr("Save a picture of the window (%1×%2) to FILE once the workspace and its first rows "
           "are shown, then quit. Remembers no settings.")
            .arg(kShotWidth)
            .arg(kShotHeight),
        QStringLiteral("FILE"));
    parser.addOption(screenshot);
    const QCommandLineOption scene(QStringLiteral("scene"),
        tr("With --screenshot: what to show. window (default), profile:COLUMN, customer:ID, "
           "import-reading:FILE, import-columns:FILE, rfm, rfm:scores|segments|map or "
           "lifecycle."),
        QStringLiteral("SCENE"), QStringLiteral("window"));
    parser.addOption(scene);
    parser.process(app);

    const QStringList arguments = parser.positionalArguments();
    if (arguments.size() > 1) {
        printError(tr("Name at most one workspace file."));
        return 1;
    }
    const bool shotMode = parser.isSet(screenshot);
    if (!seg::ui::ScreenshotScene::isValid(parser.value(scene))) {
        printError(tr("Unknown scene \u201c%1\u201d.").arg(parser.value(scene)));
        return 1;
    }
    const QString shotFile = parser.value(screenshot);

    // A screenshot neither reads nor changes the user's settings (window size, recent files).
    std::unique_ptr<QTemporaryDir> settingsDir;
    if (shotMode) {
        settingsDir = std::make_unique<QTemporaryDir>();
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir->path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir->path());
    }

    seg::ui::MainWindow window;
    if (shotMode)
        window.resize(kShotWidth, kShotHeight);
    window.show();

    if (shotMode) {
        auto* director = new seg::ui::ScreenshotScene(
            window, parser.value(scene), QSize(kShotWidth, kShotHeight), &app);
        QObject::connect(
            director, &seg::ui::ScreenshotScene::ready, &app, [&window, shotFile](QWidget* target) {
                const QPixmap picture = target->grab();
                if (!picture.save(shotFile)) {
                    printError(tr("Cannot write the screenshot to %1.").arg(shotFile));
                    QCoreApplication::exit(1);
                    return;
                }
                const seg::ui::MessageBar* bar = window.messageBar();
                if (bar->isVisibleTo(&window) && bar->kind() == seg::ui::MessageBar::Kind::Error) {
                    printError(bar->text());
                    QCoreApplication::exit(2);
                    return;
                }
                QCoreApplication::exit(0);
            });
        QObject::connect(
            director, &seg::ui::ScreenshotScene::failed, &app, [](const QString& message) {
                printError(message);
                QCoreApplication::exit(2);
            });
        auto startSoon
            = [director] { QTimer::singleShot(0, director, &seg::ui::ScreenshotScene::start); };
        if (arguments.isEmpty()) {
            startSoon();
        } else {
            QObject::connect(&window, &seg::ui::MainWindow::contentReady, &app, startSoon,
                Qt::SingleShotConnection);
        }
        QTimer::singleShot(kShotTimeoutMs, &app, [] {
            printError(tr("The workspace did not finish loading; no screenshot was taken."));
            QCoreApplication::exit(3);
        });
    }

    if (!arguments.isEmpty())
        window.openWorkspace(arguments.constFirst());
    return QApplication::exec();
}
