#pragma once

#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>

class QWidget;

namespace seg::ui {

class MainWindow;

/// Puts the window into a state worth a picture, for docs and tests
/// (`segment-workbench WS --screenshot FILE --scene SCENE`), then says which widget to grab.
///
/// Scenes: "window" (the workspace as opened), "profile:COLUMN" (the data browser with the
/// profile of COLUMN of the first table), "customer:ID" (the detail of one customer),
/// "import-reading:FILE" and "import-columns:FILE" (the import wizard's pages for FILE),
/// "rfm" or "rfm:TAB" (the RFM page computed with the workspace's settings, TAB one of scores,
/// segments, map) and "lifecycle" (the lifecycle and value page, applied).
class ScreenshotScene : public QObject {
    Q_OBJECT
public:
    ScreenshotScene(MainWindow& window, QString scene, QSize size, QObject* parent = nullptr);
    /// True when `scene` names a known scene.
    static bool isValid(const QString& scene);
    /// Starts the scene; call once the workspace is shown (MainWindow::contentReady).
    void start();

Q_SIGNALS:
    /// `target` is ready to be grabbed.
    void ready(QWidget* target);
    void failed(const QString& message);

private:
    void finishSoon(QWidget* target);
    /// Shows `page` (one of the window's pages), then the analysis scenes.
    void showPage(QWidget* page);
    void startRfm();
    void startLifecycle();

    MainWindow& m_window;
    QString m_kind;
    QString m_argument;
    QSize m_size;
};

} // namespace seg::ui
