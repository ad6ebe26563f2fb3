#include "screenshotscene.h"

#include "columnprofilepanel.h"
#include "customerdetaildialog.h"
#include "importwizard.h"
#include "lifecyclepage.h"
#include "mainwindow.h"
#include "pagedtablemodel.h"
#include "rfmpage.h"
#include "tablepage.h"

#include <QAbstractButton>
#include <QListWidget>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

namespace seg::ui {

namespace {

// A page's background work (preview, plan) settles within this many checks of 50 ms.
constexpr int kSettleChecks = 400;

/// Calls `then` once `ready()` holds, checking every 50 ms; `fail` after kSettleChecks.
void whenReady(QObject* context, std::function<bool()> ready, std::function<void()> then,
    std::function<void()> fail, int checks = 0)
{
    if (ready()) {
        then();
        return;
    }
    if (checks >= kSettleChecks) {
        fail();
        return;
    }
    QTimer::singleShot(50, context, [=] { whenReady(context, ready, then, fail, checks + 1); });
}

} // namespace

ScreenshotScene::ScreenshotScene(MainWindow& window, QString scene, QSize size, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_size(size)
{
    const qsizetype colon = scene.indexOf(QLatin1Char(':'));
    m_kind = colon < 0 ? scene : scene.left(colon);
    m_argument = colon < 0 ? QString() : scene.mid(colon + 1);
}

bool ScreenshotScene::isValid(const QString& scene)
{
    const QString kind = scene.section(QLatin1Char(':'), 0, 0);
    const QString argument = scene.section(QLatin1Char(':'), 1);
    if (kind == u"rfm")
        return argument.isEmpty() || argument == u"scores" || argument == u"segments"
            || argument == u"map";
    if (kind == u"window" || kind == u"lifecycle")
        return argument.isEmpty();
    const bool known = kind == u"profile" || kind == u"customer" || kind == u"import-reading"
        || kind == u"import-columns";
    return known && !argument.isEmpty();
}

void ScreenshotScene::finishSoon(QWidget* target)
{
    // Let the last layouts and repaints run before the picture is taken.
    QTimer::singleShot(300, this, [this, target] { Q_EMIT ready(target); });
}

void ScreenshotScene::showPage(QWidget* page)
{
    // The pages sit in scroll areas in the window's page stack, in the order of the navigation.
    QWidget* child = page;
    while (child->parentWidget() && !qobject_cast<QStackedWidget*>(child->parentWidget()))
        child = child->parentWidget();
    auto* stack = qobject_cast<QStackedWidget*>(child->parentWidget());
    if (stack)
        m_window.navigation()->setCurrentRow(stack->indexOf(child));
}

void ScreenshotScene::startRfm()
{
    RfmPage* page = m_window.rfmPage();
    showPage(page);
    if (!m_argument.isEmpty()) {
        const QStringList tabs { QStringLiteral("scores"), QStringLiteral("segments"),
            QStringLiteral("map") };
        page->findChild<QTabWidget*>(QStringLiteral("rfmTabs"))
            ->setCurrentIndex(static_cast<int>(tabs.indexOf(m_argument)));
    }
    connect(
        page, &RfmPage::computed, this,
        [this, page] {
            if (!page->result())
                Q_EMIT failed(tr("The RFM scores were not computed: %1").arg(page->errorMessage()));
            else
                finishSoon(&m_window);
        },
        Qt::SingleShotConnection);
    // Computed with the settings stored in the workspace, once they are read.
    page->compute();
}

void ScreenshotScene::startLifecycle()
{
    LifecyclePage* page = m_window.lifecyclePage();
    showPage(page);
    connect(
        page, &LifecyclePage::computed, this,
        [this, page] {
            if (!page->result())
                Q_EMIT failed(
                    tr("The lifecycle statuses were not computed: %1").arg(page->errorMessage()));
            else
                finishSoon(&m_window);
        },
        Qt::SingleShotConnection);
    page->apply();
}

void ScreenshotScene::start()
{
    auto fail
        = [this](const QString& message) { return [this, message] { Q_EMIT failed(message); }; };
    if (m_kind == u"window") {
        finishSoon(&m_window);
        return;
    }
    if (m_kind == u"rfm") {
        startRfm();
        return;
    }
    if (m_kind == u"lifecycle") {
        startLifecycle();
        return;
    }
    if (m_kind == u"profile") {
        TablePage* page = m_window.currentPage();
        if (!page) {
            Q_EMIT failed(tr("The workspace shows no table."));
            return;
        }
        int column = -1;
        const auto& columns = page->model()->columns();
        for (int c = 0; c < columns.size(); ++c) {
            if (columns.at(c).name == m_argument)
                column = c;
        }
        if (column < 0) {
            Q_EMIT failed(tr("The table has no column \u201c%1\u201d.").arg(m_argument));
            return;
        }
        connect(
            m_window.profilePanel(), &ColumnProfilePanel::profileReady, this,
            [this] { finishSoon(&m_window); }, Qt::SingleShotConnection);
        page->view()->setFocus();
        page->view()->setCurrentIndex(page->model()->index(0, column));
        page->view()->scrollTo(page->model()->index(0, column));
        return;
    }
    if (m_kind == u"customer") {
        m_window.showCustomer(m_argument);
        auto* dialog = m_window.findChild<CustomerDetailDialog*>();
        if (!dialog) {
            Q_EMIT failed(tr("No customer detail opened."));
            return;
        }
        dialog->resize(m_size);
        whenReady(
            this, [dialog] { return !dialog->isLoading(); }, [this, dialog] { finishSoon(dialog); },
            fail(tr("The customer detail did not load.")));
        return;
    }
    // The import wizard's pages.
    const bool columns = m_kind == u"import-columns";
    connect(
        &m_window, &MainWindow::importWizardOpened, this,
        [this, columns, fail](QWidget* widget) {
            auto* wizard = qobject_cast<ImportWizard*>(widget);
            if (!wizard) {
                Q_EMIT failed(tr("The import wizard did not open."));
                return;
            }
            wizard->resize(m_size);
            QPointer<ImportWizard> guard(wizard);
            auto pageComplete = [guard] { return guard && guard->currentPage()->isComplete(); };
            whenReady(
                this, pageComplete,
                [this, guard, columns, pageComplete, fail] {
                    guard->next(); // File -> Reading
                    whenReady(
                        this, pageComplete,
                        [this, guard, columns, pageComplete, fail] {
                            if (!columns) {
                                finishSoon(guard);
                                return;
                            }
                            guard->next(); // Reading -> Columns
                            whenReady(
                                this, pageComplete, [this, guard] { finishSoon(guard); },
                                fail(tr("The columns page did not settle.")));
                        },
                        fail(tr("The reading page did not settle.")));
                },
                fail(tr("The file page did not settle.")));
        },
        Qt::SingleShotConnection);
    m_window.importFiles({ m_argument });
}

} // namespace seg::ui
