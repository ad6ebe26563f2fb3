#include "importsummarypage.h"

#include "rejectedrowsmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace seg::ui {

ImportSummaryPage::ImportSummaryPage(QWidget* parent)
    : QWizardPage(parent)
    , m_counts(new QLabel(this))
    , m_warnings(new QLabel(this))
    , m_rejectedLabel(new QLabel(this))
    , m_exportResult(new QLabel(this))
    , m_model(new RejectedRowsModel(this))
    , m_view(new QTableView(this))
    , m_export(new QPushButton(tr("&Save rejected rows as CSV…"), this))
    , m_openTable(new QPushButton(tr("&Open table"), this))
{
    setObjectName(QStringLiteral("summaryPage"));
    setTitle(tr("Import finished"));

    m_counts->setObjectName(QStringLiteral("summaryCounts"));
    m_counts->setTextFormat(Qt::RichText);
    m_counts->setWordWrap(true);
    m_warnings->setObjectName(QStringLiteral("summaryWarnings"));
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setWordWrap(true);
    m_rejectedLabel->setObjectName(QStringLiteral("rejectedLabel"));
    m_rejectedLabel->setTextFormat(Qt::PlainText);
    m_rejectedLabel->setWordWrap(true);
    m_exportResult->setObjectName(QStringLiteral("exportResult"));
    m_exportResult->setTextFormat(Qt::PlainText);
    m_exportResult->setWordWrap(true);

    m_view->setObjectName(QStringLiteral("rejectedView"));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->resizeSection(RejectedRowsModel::Line, 70);
    m_view->horizontalHeader()->resizeSection(RejectedRowsModel::Reason, 560);
    m_view->horizontalHeader()->resizeSection(RejectedRowsModel::ColumnName, 130);

    m_export->setObjectName(QStringLiteral("exportRejectedButton"));
    m_export->setToolTip(tr("Saves every rejected row with its line number and reason, to fix "
                            "them in a spreadsheet and import them again."));
    m_openTable->setObjectName(QStringLiteral("openTableButton"));
    m_openTable->setToolTip(tr("Shows the imported table in the main window."));
    connect(m_export, &QPushButton::clicked, this, &ImportSummaryPage::exportRequested);
    connect(m_openTable, &QPushButton::clicked, this, &ImportSummaryPage::openTableRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addWidget(m_exportResult, 1);
    buttons->addWidget(m_openTable);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_counts);
    layout->addWidget(m_warnings);
    layout->addWidget(m_rejectedLabel);
    layout->addWidget(m_view, 1);
    layout->addStretch(0); // takes the room of the table when nothing was rejected
    layout->addLayout(buttons);
}

void ImportSummaryPage::showOutcome(const ImportSession::RunOutcome& outcome,
    const QString& fileName, const QString& tableDisplayName)
{
    const ImportReport& r = outcome.report;
    const QLocale locale;
    const QString table = tableDisplayName.toLower();
    setSubTitle(r.seconds < 1
            ? tr("%1 was imported into the %2 table in under a second.").arg(fileName, table)
            : tr("%1 was imported into the %2 table in %3 seconds.")
                  .arg(fileName, table, locale.toString(r.seconds, 'f', 0)));
    m_counts->setText(tr("<p style='font-size:large'>Rows read: <b>%1</b> &nbsp;·&nbsp; "
                         "imported: <b>%2</b> &nbsp;·&nbsp; rejected: <b>%3</b></p>")
                          .arg(locale.toString(r.rowsRead), locale.toString(r.rowsImported),
                              locale.toString(r.rowsRejected)));
    QStringList warnings;
    for (const QString& w : r.warnings)
        warnings.append(QStringLiteral("• ") + w);
    m_warnings->setText(warnings.join(QLatin1Char('\n')));
    m_warnings->setVisible(!warnings.isEmpty());
    m_model->setRows(outcome.rejected, r.rowsRejected);
    const bool any = r.rowsRejected > 0;
    if (!any)
        m_rejectedLabel->setText(tr("Every row was imported."));
    else if (outcome.rejected.size() < r.rowsRejected)
        m_rejectedLabel->setText(
            tr("The first %1 of the %2 rejected rows. Saving as CSV writes "
               "all of them.")
                .arg(locale.toString(outcome.rejected.size()), locale.toString(r.rowsRejected)));
    else
        m_rejectedLabel->setText(tr("These rows were not imported; each keeps its line number in "
                                    "the file and the reason."));
    m_view->setVisible(any);
    m_export->setVisible(any);
    m_export->setEnabled(true);
    m_exportResult->clear();
    m_openTable->setText(tr("&Open the %1 table").arg(tableDisplayName.toLower()));
}

void ImportSummaryPage::showExportResult(const QString& message)
{
    m_exportResult->setText(message);
}

} // namespace seg::ui
