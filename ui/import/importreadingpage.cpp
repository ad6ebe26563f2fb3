#include "importreadingpage.h"

#include "importpreviewmodel.h"
#include "messagebar.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace seg::ui {

namespace {

constexpr int kBaseTextRole = Qt::UserRole + 1;
constexpr int kMinColumnWidth = 70;
constexpr int kMaxColumnWidth = 260;

QVariant charValue(char c) { return QString(QLatin1Char(c)); }

char charOf(const QVariant& v)
{
    const QString s = v.toString();
    return s.isEmpty() ? '\0' : s.at(0).toLatin1();
}

void addItem(QComboBox* combo, const QString& text, const QVariant& value)
{
    combo->addItem(text, value);
    combo->setItemData(combo->count() - 1, text, kBaseTextRole);
}

} // namespace

ImportReadingPage::ImportReadingPage(QWidget* parent)
    : QWizardPage(parent)
    , m_model(new ImportPreviewModel(this))
    , m_view(new QTableView(this))
    , m_previewLabel(new QLabel(this))
    , m_notes(new QLabel(this))
    , m_remembered(new QLabel(this))
    , m_useDetected(new QPushButton(tr("Use &detected settings"), this))
    , m_problem(new MessageBar(this))
{
    setObjectName(QStringLiteral("readingPage"));
    setTitle(tr("How is the file read?"));
    setSubTitle(tr("The settings below were detected from the file. Check the preview: each value "
                   "should sit in its own column. Change a setting and the preview follows."));

    m_encoding = addCombo(QStringLiteral("encodingCombo"),
        tr("How the file's characters are stored. If letters such as ä, é or ß look wrong in the "
           "preview, try another encoding."));
    for (TextEncoding e : { TextEncoding::Utf8, TextEncoding::Windows1252, TextEncoding::Utf16LE,
             TextEncoding::Utf16BE })
        addItem(m_encoding, textEncodingName(e), textEncodingName(e));
    m_delimiter = addCombo(QStringLiteral("delimiterCombo"),
        tr("The character between the values of a row. If the preview shows everything in one "
           "column, or values cut in two, choose another delimiter."));
    addItem(m_delimiter, tr("Comma ( , )"), charValue(','));
    addItem(m_delimiter, tr("Semicolon ( ; )"), charValue(';'));
    addItem(m_delimiter, tr("Tab"), charValue('\t'));
    addItem(m_delimiter, tr("Pipe ( | )"), charValue('|'));
    addItem(m_delimiter, tr("Spaces (aligned columns)"), charValue(CsvDialect::WhitespaceRuns));
    m_header = addCombo(QStringLiteral("headerCombo"),
        tr("Whether the first line holds the column names rather than data."));
    addItem(m_header, tr("Column names"), true);
    addItem(m_header, tr("Data (no names)"), false);
    m_decimal = addCombo(QStringLiteral("decimalCombo"),
        tr("The character before the decimals of a number: 12.50 or 12,50."));
    addItem(m_decimal, tr("Point: 12.50"), charValue('.'));
    addItem(m_decimal, tr("Comma: 12,50"), charValue(','));
    m_thousands = addCombo(QStringLiteral("thousandsCombo"),
        tr("The character that groups thousands in large numbers, if any: 1,234,567 or "
           "1.234.567 or 1 234 567."));
    addItem(m_thousands, tr("None: 1234567"), QString());
    addItem(m_thousands, tr("Comma: 1,234,567"), charValue(','));
    addItem(m_thousands, tr("Point: 1.234.567"), charValue('.'));
    addItem(m_thousands, tr("Space: 1 234 567"), charValue(' '));
    addItem(m_thousands, tr("Apostrophe: 1'234'567"), charValue('\''));
    m_date = addCombo(QStringLiteral("dateCombo"),
        tr("The order of day, month and year in the file's dates. \"Each column as detected\" "
           "lets every date column keep the order found in its own values."));
    addItem(m_date, tr("Each column as detected"), QString());
    for (DateOrder o : { DateOrder::YearMonthDay, DateOrder::DayMonthYear, DateOrder::MonthDayYear,
             DateOrder::Compact })
        addItem(m_date, dateOrderDisplayName(o), dateOrderName(o));

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(6);
    struct Row {
        QString label;
        QComboBox* combo;
    };
    const Row rows[] = {
        { tr("&Encoding:"), m_encoding },
        { tr("&Values separated by:"), m_delimiter },
        { tr("&First line holds:"), m_header },
        { tr("Decimal &separator:"), m_decimal },
        { tr("&Thousands separator:"), m_thousands },
        { tr("Dates &written as:"), m_date },
    };
    for (int i = 0; i < 6; ++i) {
        auto* label = new QLabel(rows[i].label, this);
        label->setBuddy(rows[i].combo);
        label->setToolTip(rows[i].combo->toolTip());
        const int r = i % 3;
        const int c = (i / 3) * 3;
        grid->addWidget(label, r, c, Qt::AlignRight);
        grid->addWidget(rows[i].combo, r, c + 1);
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(4, 1);
    grid->setColumnMinimumWidth(2, 24);

    m_notes->setObjectName(QStringLiteral("planNotes"));
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::PlainText);
    m_notes->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notes->setToolTip(tr("What was found in the file, and how."));
    {
        QPalette p = m_notes->palette();
        p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
        m_notes->setPalette(p);
    }

    m_remembered->setObjectName(QStringLiteral("rememberedLabel"));
    m_remembered->setWordWrap(true);
    m_remembered->setTextFormat(Qt::PlainText);
    m_remembered->setText(tr("The settings you chose for an earlier file with the same columns "
                             "were applied."));
    m_useDetected->setObjectName(QStringLiteral("useDetectedButton"));
    m_useDetected->setToolTip(tr("Read this file with the settings detected from it instead."));
    auto* rememberedRow = new QHBoxLayout;
    rememberedRow->addWidget(m_remembered, 1);
    rememberedRow->addWidget(m_useDetected);
    m_remembered->hide();
    m_useDetected->hide();
    connect(
        m_useDetected, &QPushButton::clicked, this, &ImportReadingPage::detectedSettingsRequested);

    m_problem->hide();

    m_previewLabel->setObjectName(QStringLiteral("previewLabel"));
    m_previewLabel->setTextFormat(Qt::PlainText);
    m_previewLabel->setWordWrap(true);

    m_view->setObjectName(QStringLiteral("previewView"));
    m_view->setModel(m_model);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setToolTip(tr("The first rows of the file as they will be read. Rows with too many "
                          "or too few values are tinted red: they will be rejected."));
    connect(m_model, &QAbstractItemModel::modelReset, this, &ImportReadingPage::fitColumns);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addLayout(rememberedRow);
    layout->addWidget(m_notes);
    layout->addWidget(m_problem);
    layout->addWidget(m_previewLabel);
    layout->addWidget(m_view, 1);
}

QComboBox* ImportReadingPage::addCombo(const QString& objectName, const QString& toolTip)
{
    auto* combo = new QComboBox(this);
    combo->setObjectName(objectName);
    combo->setToolTip(toolTip);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(combo, &QComboBox::activated, this, [this, combo] {
        m_edited.insert(combo);
        Q_EMIT settingsEdited();
    });
    return combo;
}

void ImportReadingPage::select(QComboBox* combo, const QVariant& value)
{
    const int i = combo->findData(value);
    if (i >= 0)
        combo->setCurrentIndex(i);
}

void ImportReadingPage::markDetected(QComboBox* combo, const QList<QVariant>& detected)
{
    for (int i = 0; i < combo->count(); ++i) {
        const QString base = combo->itemData(i, kBaseTextRole).toString();
        combo->setItemText(
            i, detected.contains(combo->itemData(i)) ? tr("%1 (detected)").arg(base) : base);
    }
}

void ImportReadingPage::resetDetected()
{
    m_detEncoding = m_detDelimiter = m_detHeader = m_detDecimal = m_detThousands = QVariant();
    m_detDates.clear();
    m_edited.clear();
    m_hasPlan = false;
    m_model->clear();
    m_notes->clear();
    m_problem->clear();
    m_problem->hide();
}

void ImportReadingPage::showPlan(
    const ImportSession::PlanOutcome& outcome, const ImportOptions& options)
{
    m_edited.clear();
    m_hasPlan = outcome.hasPlan;
    if (!outcome.hasPlan) {
        m_model->clear();
        m_notes->clear();
        m_problem->showError(tr("This file cannot be read."), outcome.problem);
        m_problem->show();
        setPlanning(false);
        return;
    }
    const ImportPlan& plan = outcome.plan;
    if (plan.encodingDetected)
        m_detEncoding = textEncodingName(plan.dialect.encoding);
    if (plan.delimiterDetected)
        m_detDelimiter = charValue(plan.dialect.delimiter);
    if (plan.headerDetected)
        m_detHeader = plan.dialect.hasHeader;
    if (plan.numberFormatDetected) {
        m_detDecimal = charValue(plan.numberFormat.decimal);
        m_detThousands = plan.numberFormat.thousands == '\0'
            ? QVariant(QString())
            : charValue(plan.numberFormat.thousands);
    }
    if (!options.dateOrder) {
        m_detDates.clear();
        for (const ColumnPlan& c : plan.columns) {
            if (c.dateOrder && (c.type == ColumnType::Date || c.type == ColumnType::DateTime)) {
                const QVariant v = dateOrderName(*c.dateOrder);
                if (!m_detDates.contains(v))
                    m_detDates.append(v);
            }
        }
    }
    markDetected(m_encoding, { m_detEncoding });
    markDetected(m_delimiter, { m_detDelimiter });
    markDetected(m_header, { m_detHeader });
    markDetected(m_decimal, { m_detDecimal });
    markDetected(m_thousands, { m_detThousands });
    markDetected(m_date, m_detDates);
    if (m_detDates.size() == 1) // say what "as detected" means here
        m_date->setItemText(0,
            tr("Each column as detected: %1")
                .arg(dateOrderDisplayName(*dateOrderFromName(m_detDates.constFirst().toString()))));
    select(m_encoding, textEncodingName(plan.dialect.encoding));
    select(m_delimiter, charValue(plan.dialect.delimiter));
    select(m_header, plan.dialect.hasHeader);
    select(m_decimal, charValue(plan.numberFormat.decimal));
    select(m_thousands,
        plan.numberFormat.thousands == '\0' ? QVariant(QString())
                                            : charValue(plan.numberFormat.thousands));
    select(m_date,
        options.dateOrder ? QVariant(dateOrderName(*options.dateOrder)) : QVariant(QString()));

    QStringList header;
    for (const ColumnPlan& c : plan.columns)
        header.append(c.source);
    m_model->setPreview(header, plan.preview, plan.fieldCount);

    QStringList notes;
    for (const QString& n : plan.notes)
        notes.append(QStringLiteral("• ") + n);
    m_notes->setText(notes.join(QLatin1Char('\n')));
    m_notes->setVisible(!notes.isEmpty());
    if (outcome.importable) {
        m_problem->clear();
        m_problem->hide();
    } else {
        m_problem->showMessage(MessageBar::Kind::Warning, QString(), outcome.problem);
        m_problem->show();
    }
    setPlanning(false);
}

void ImportReadingPage::setPlanning(bool planning)
{
    m_planning = planning;
    if (planning) {
        m_previewLabel->setText(tr("Reading the file…"));
    } else if (m_hasPlan) {
        int ragged = 0;
        for (int r = 0; r < m_model->rowCount(); ++r)
            ragged += m_model->isRagged(r) ? 1 : 0;
        const int rows = m_model->rowCount();
        QString text = rows == 1 ? tr("The file's only row, exactly as it will be read.")
                                 : tr("The first %1 rows, exactly as they will be read.").arg(rows);
        if (ragged == 1)
            text += QLatin1Char(' ')
                + tr("The row in red has too many or too few values and will be rejected.");
        else if (ragged > 1)
            text += QLatin1Char(' ')
                + tr("%1 rows in red have too many or too few values and will be rejected.")
                      .arg(ragged);
        m_previewLabel->setText(text);
    } else {
        m_previewLabel->clear();
    }
    Q_EMIT completeChanged();
}

void ImportReadingPage::setRememberedApplied(bool applied)
{
    m_remembered->setVisible(applied);
    m_useDetected->setVisible(applied);
}

void ImportReadingPage::applyEdits(ImportOptions& options) const
{
    if (m_edited.contains(m_encoding))
        options.encoding = textEncodingFromName(m_encoding->currentData().toString());
    if (m_edited.contains(m_delimiter))
        options.delimiter = charOf(m_delimiter->currentData());
    if (m_edited.contains(m_header))
        options.hasHeader = m_header->currentData().toBool();
    if (m_edited.contains(m_decimal)) {
        options.decimal = charOf(m_decimal->currentData());
        // Both separators are set together: a decimal comma usually comes with a thousands
        // point, and the two must differ.
        const char thousands = charOf(m_thousands->currentData());
        options.thousands
            = thousands == *options.decimal ? (*options.decimal == ',' ? '.' : '\0') : thousands;
    }
    if (m_edited.contains(m_thousands)) {
        options.thousands = charOf(m_thousands->currentData());
        if (!options.decimal)
            options.decimal = charOf(m_decimal->currentData());
    }
    if (m_edited.contains(m_date)) {
        const QString d = m_date->currentData().toString();
        options.dateOrder = d.isEmpty() ? std::nullopt : dateOrderFromName(d);
    }
}

bool ImportReadingPage::isComplete() const { return m_hasPlan && !m_planning; }

void ImportReadingPage::fitColumns()
{
    m_view->resizeColumnsToContents();
    QHeaderView* header = m_view->horizontalHeader();
    for (int c = 0; c < header->count(); ++c)
        header->resizeSection(
            c, std::clamp(header->sectionSize(c) + 12, kMinColumnWidth, kMaxColumnWidth));
}

} // namespace seg::ui
