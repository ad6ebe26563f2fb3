#include "importrunpage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace seg::ui {

namespace {

constexpr int kBarSteps = 1000;

QString durationText(double seconds)
{
    const auto s = static_cast<qint64>(std::ceil(seconds));
    if (s < 60)
        return s <= 1 ? ImportRunPage::tr("1 second") : ImportRunPage::tr("%1 seconds").arg(s);
    const qint64 minutes = (s + 30) / 60;
    if (minutes < 60)
        return minutes == 1 ? ImportRunPage::tr("1 minute")
                            : ImportRunPage::tr("%1 minutes").arg(minutes);
    return ImportRunPage::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

} // namespace

ImportRunPage::ImportRunPage(QWidget* parent)
    : QWizardPage(parent)
    , m_status(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_rate(new QLabel(this))
    , m_message(new QLabel(this))
    , m_cancel(new QPushButton(tr("&Cancel import"), this))
    , m_retry(new QPushButton(tr("&Try again"), this))
{
    setObjectName(QStringLiteral("runPage"));
    setTitle(tr("Importing"));

    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_bar->setObjectName(QStringLiteral("runProgress"));
    m_bar->setRange(0, kBarSteps);
    m_bar->setTextVisible(true);
    m_rate->setObjectName(QStringLiteral("runRate"));
    m_rate->setTextFormat(Qt::PlainText);
    m_message->setObjectName(QStringLiteral("runMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel->setObjectName(QStringLiteral("cancelImportButton"));
    m_cancel->setToolTip(tr("Stops the import. The workspace stays exactly as it was before."));
    m_retry->setObjectName(QStringLiteral("retryImportButton"));
    m_retry->setToolTip(tr("Imports the file again with the same settings."));
    m_retry->hide();
    connect(m_cancel, &QPushButton::clicked, this, &ImportRunPage::cancelRequested);
    connect(m_retry, &QPushButton::clicked, this, &ImportRunPage::retryRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_cancel);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_status);
    layout->addWidget(m_bar);
    layout->addWidget(m_rate);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addStretch(2);
}

void ImportRunPage::showStarted(const QString& fileName, const QString& tableDisplayName)
{
    m_running = true;
    m_succeeded = false;
    setSubTitle(tr("%1 is being imported into the %2 table. You can cancel at any time; the "
                   "workspace then stays as it was.")
                    .arg(fileName, tableDisplayName.toLower()));
    m_status->setText(tr("Reading %1…").arg(fileName));
    m_bar->setValue(0);
    m_bar->show();
    m_rate->setText(tr("Starting…"));
    m_message->clear();
    m_cancel->setEnabled(true);
    m_cancel->show();
    m_retry->hide();
    Q_EMIT completeChanged();
}

void ImportRunPage::showProgress(const ImportSession::Progress& p)
{
    if (!m_running || p.total <= 0)
        return;
    m_bar->setValue(static_cast<int>(kBarSteps * p.done / p.total));
    const double seconds = p.elapsedMs / 1000.0;
    if (seconds < 0.3 || p.done <= 0) {
        m_rate->setText(tr("%1 rows read").arg(QLocale().toString(p.rows)));
        return;
    }
    const double rowsPerSecond = p.rows / seconds;
    const double left = (p.total - p.done) / (p.done / seconds);
    m_rate->setText(tr("%1 rows read · %2 rows per second · about %3 left")
                        .arg(QLocale().toString(p.rows),
                            QLocale().toString(qRound64(rowsPerSecond)), durationText(left)));
}

void ImportRunPage::showFailure(
    const ImportSession::RunOutcome& outcome, const QString& tableDisplayName)
{
    m_running = false;
    m_cancel->hide();
    m_retry->show();
    m_rate->clear();
    m_bar->hide();
    const QString table = tableDisplayName.toLower();
    QString text;
    setSubTitle(tr("The file was not imported."));
    if (outcome.cancelled) {
        m_status->setText(tr("The import was cancelled."));
        text = tr("Nothing was changed: the workspace is exactly as it was before the import.");
    } else {
        m_status->setText(tr("The import failed."));
        text = outcome.message;
    }
    if (outcome.rowsAfter >= 0)
        text += QLatin1Char(' ')
            + (outcome.rowsAfter == 0 ? tr("The %1 table is still empty.").arg(table)
                                      : tr("The %1 table still holds %2 rows.")
                                            .arg(table, QLocale().toString(outcome.rowsAfter)));
    text += QLatin1Char('\n')
        + tr("Try again, go back to change the settings, or close the window.");
    m_message->setText(text);
    Q_EMIT completeChanged();
}

void ImportRunPage::showSuccess()
{
    m_running = false;
    m_succeeded = true;
    m_bar->setValue(kBarSteps);
    m_cancel->hide();
    Q_EMIT completeChanged();
}

QString ImportRunPage::messageText() const
{
    return m_status->text() + QLatin1Char(' ') + m_message->text();
}

bool ImportRunPage::isComplete() const { return m_succeeded; }

} // namespace seg::ui
