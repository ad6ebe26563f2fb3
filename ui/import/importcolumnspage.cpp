#include "importcolumnspage.h"

#include "columnchoicedelegate.h"
#include "importcolumnsmodel.h"
#include "messagebar.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace seg::ui {

ImportColumnsPage::ImportColumnsPage(QWidget* parent)
    : QWizardPage(parent)
    , m_model(new ImportColumnsModel(this))
    , m_view(new QTableView(this))
    , m_generateIds(new QCheckBox(tr("This file has no customer ids: number the rows (the id is "
                                     "the row's line number)"),
          this))
    , m_status(new QLabel(this))
    , m_problem(new MessageBar(this))
{
    setObjectName(QStringLiteral("columnsPage"));
    setTitle(tr("Which columns, and what do they mean?"));
    setSubTitle(tr("Each row below is a column of the file. Double-click a name, type or role to "
                   "change it; tick Skip to leave a column out."));
    setButtonText(QWizard::NextButton, tr("&Import"));

    m_view->setObjectName(QStringLiteral("columnsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ColumnChoiceDelegate(m_view));
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
        | QAbstractItemView::SelectedClicked);
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 12);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    connect(m_model, &ImportColumnsModel::choicesChanged, this, &ImportColumnsPage::choicesChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_fitted = false; });

    m_generateIds->setObjectName(QStringLiteral("generateIdsBox"));
    m_generateIds->setToolTip(tr("Only for customer lists without an id column. Transactions and "
                                 "responses need the customer id to be linked to customers."));
    connect(m_generateIds, &QCheckBox::toggled, this, &ImportColumnsPage::generateIdsChanged);

    m_status->setObjectName(QStringLiteral("columnsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_problem->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_problem);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_generateIds);
    layout->addWidget(m_status);
}

void ImportColumnsPage::showPlan(
    const ImportSession::PlanOutcome& outcome, const ImportOptions& options)
{
    m_importable = outcome.importable;
    if (outcome.hasPlan)
        m_model->setPlan(outcome.plan.columns, options.kind);
    else
        m_model->setPlan({}, options.kind);
    m_model->setChoices(options.columns);
    if (!m_fitted && m_model->rowCount() > 0)
        fitColumns();
    {
        const QSignalBlocker block(m_generateIds);
        m_generateIds->setChecked(options.generateIds);
    }
    const bool noId = !outcome.hasPlan || outcome.plan.columnWithRole(Role::CustomerId) < 0;
    m_generateIds->setVisible(options.kind == DataKind::Customers && (noId || options.generateIds));
    if (outcome.importable) {
        m_problem->clear();
        m_problem->hide();
    } else {
        m_problem->showMessage(
            MessageBar::Kind::Warning, tr("Not ready to import yet."), outcome.problem);
        m_problem->show();
    }
    setPlanning(false);
}

void ImportColumnsPage::setPlanning(bool planning)
{
    m_planning = planning;
    if (planning) {
        m_status->setText(tr("Checking the columns…"));
    } else {
        int skipped = 0;
        for (const ColumnPlan& c : m_model->columns())
            skipped += c.skip ? 1 : 0;
        const int total = static_cast<int>(m_model->columns().size());
        QString text;
        if (total == 1)
            text = skipped > 0 ? tr("The only column is skipped: nothing would be imported.")
                               : tr("The file's one column will be imported.");
        else
            text = skipped > 0
                ? tr("%1 of the %2 columns will be imported.").arg(total - skipped).arg(total)
                : tr("All %1 columns will be imported.").arg(total);
        m_status->setText(text + QLatin1Char(' ')
            + tr("Roles tell the workbench which column is the customer id, the order date, the "
                 "amount and so on; columns without a role are kept as customer or order "
                 "attributes to segment on."));
    }
    Q_EMIT completeChanged();
}

bool ImportColumnsPage::isComplete() const { return m_importable && !m_planning; }

void ImportColumnsPage::fitColumns()
{
    m_fitted = true;
    m_view->resizeColumnsToContents();
    QHeaderView* header = m_view->horizontalHeader();
    const int minimum[] = { 50, 120, 150, 110, 130, 200, 90, 160 };
    for (int c = 0; c < header->count(); ++c)
        header->resizeSection(c, std::clamp(header->sectionSize(c) + 16, minimum[c], 320));
}

} // namespace seg::ui
