#include "importfilepage.h"

#include <QButtonGroup>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QRadioButton>
#include <QVBoxLayout>

namespace seg::ui {

namespace {

QString tableName(DataKind kind)
{
    switch (kind) {
    case DataKind::Customers:
        return ImportFilePage::tr("customers");
    case DataKind::Transactions:
        return ImportFilePage::tr("transactions");
    case DataKind::Responses:
        return ImportFilePage::tr("campaign responses");
    }
    return {};
}

QLabel* note(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setContentsMargins(24, 0, 0, 6);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    label->setPalette(p);
    return label;
}

} // namespace

ImportFilePage::ImportFilePage(QWidget* parent)
    : QWizardPage(parent)
    , m_fileLabel(new QLabel(this))
    , m_kinds(new QButtonGroup(this))
    , m_modes(new QButtonGroup(this))
    , m_guessLabel(new QLabel(this))
    , m_tableLabel(new QLabel(this))
    , m_modeProblem(new QLabel(this))
{
    setObjectName(QStringLiteral("filePage"));
    setTitle(tr("What does the file hold?"));

    m_fileLabel->setObjectName(QStringLiteral("fileLabel"));
    m_fileLabel->setTextFormat(Qt::PlainText);
    m_fileLabel->setWordWrap(true);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* kindBox = new QGroupBox(tr("Kind of data"), this);
    auto* kindLayout = new QVBoxLayout(kindBox);
    struct KindText {
        DataKind kind;
        QString label;
        QString help;
        const char16_t* name;
    };
    const KindText kinds[] = {
        { DataKind::Customers, tr("&Customers"),
            tr("One row per customer: id, name, country, age, sign-up date…"), u"kindCustomers" },
        { DataKind::Transactions, tr("&Transactions"),
            tr("Orders or order lines: customer id, order date, amount…"), u"kindTransactions" },
        { DataKind::Responses, tr("Campaign &responses"),
            tr("Who was contacted by which campaign, who responded or bought."), u"kindResponses" },
    };
    for (const KindText& k : kinds) {
        auto* button = new QRadioButton(k.label, kindBox);
        button->setObjectName(QString::fromUtf16(k.name));
        button->setToolTip(k.help);
        m_kinds->addButton(button, static_cast<int>(k.kind));
        kindLayout->addWidget(button);
        kindLayout->addWidget(note(k.help, kindBox));
    }
    m_guessLabel->setObjectName(QStringLiteral("kindGuessLabel"));
    m_guessLabel->setWordWrap(true);
    m_guessLabel->setTextFormat(Qt::PlainText);
    kindLayout->addWidget(m_guessLabel);

    auto* modeBox = new QGroupBox(tr("Table"), this);
    auto* modeLayout = new QVBoxLayout(modeBox);
    m_tableLabel->setObjectName(QStringLiteral("tableRowsLabel"));
    m_tableLabel->setTextFormat(Qt::PlainText);
    m_tableLabel->setWordWrap(true);
    modeLayout->addWidget(m_tableLabel);
    struct ModeText {
        ImportMode mode;
        QString label;
        QString help;
        const char16_t* name;
    };
    const ModeText modes[] = {
        { ImportMode::New, tr("Ne&w table"), tr("For a table that is still empty."), u"modeNew" },
        { ImportMode::Append, tr("&Add the rows to the table"),
            tr("For a newer export: the file's rows are added to those already there."),
            u"modeAppend" },
        { ImportMode::Replace, tr("R&eplace the table"),
            tr("The rows already in the table are removed and the file's rows take their place."),
            u"modeReplace" },
    };
    for (const ModeText& m : modes) {
        auto* button = new QRadioButton(m.label, modeBox);
        button->setObjectName(QString::fromUtf16(m.name));
        button->setToolTip(m.help);
        m_modes->addButton(button, static_cast<int>(m.mode));
        modeLayout->addWidget(button);
        modeLayout->addWidget(note(m.help, modeBox));
    }
    m_modeProblem->setObjectName(QStringLiteral("modeProblemLabel"));
    m_modeProblem->setWordWrap(true);
    m_modeProblem->setTextFormat(Qt::PlainText);
    m_modeProblem->setStyleSheet(QStringLiteral("color: #8a4b00;"));
    modeLayout->addWidget(m_modeProblem);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_fileLabel);
    layout->addWidget(kindBox);
    layout->addWidget(modeBox);
    layout->addStretch(1);

    m_kinds->button(static_cast<int>(DataKind::Transactions))->setChecked(true);
    m_modes->button(static_cast<int>(ImportMode::New))->setChecked(true);
    connect(m_kinds, &QButtonGroup::idClicked, this, [this](int id) {
        m_guessLabel->clear();
        updateTableText();
        Q_EMIT kindChosen(static_cast<DataKind>(id));
    });
    connect(m_modes, &QButtonGroup::idClicked, this, [this](int id) {
        updateTableText();
        Q_EMIT modeChosen(static_cast<ImportMode>(id));
    });
    updateTableText();
}

void ImportFilePage::setFile(const QString& filePath, qint64 size, int index, int count)
{
    const QString shown = QDir::toNativeSeparators(filePath);
    const QString sizeText = QLocale().formattedDataSize(size);
    if (count > 1) {
        setSubTitle(
            tr("File %1 of %2: %3").arg(index + 1).arg(count).arg(QFileInfo(filePath).fileName()));
        m_fileLabel->setText(tr("%1 (%2)").arg(shown, sizeText));
    } else {
        setSubTitle(QFileInfo(filePath).fileName());
        m_fileLabel->setText(tr("%1 (%2)").arg(shown, sizeText));
    }
}

void ImportFilePage::setKind(DataKind kind, KindReason reason)
{
    m_kinds->button(static_cast<int>(kind))->setChecked(true);
    switch (reason) {
    case KindReason::Guessed:
        m_guessLabel->setText(tr("Chosen from the file's column names and file name; change it "
                                 "if it is wrong."));
        break;
    case KindReason::Remembered:
        m_guessLabel->setText(tr("Chosen as for an earlier file with the same columns; change it "
                                 "if it is wrong."));
        break;
    case KindReason::User:
        m_guessLabel->clear();
        break;
    }
    updateTableText();
}

DataKind ImportFilePage::kind() const { return static_cast<DataKind>(m_kinds->checkedId()); }

void ImportFilePage::setMode(ImportMode mode)
{
    m_modes->button(static_cast<int>(mode))->setChecked(true);
    updateTableText();
}

ImportMode ImportFilePage::mode() const { return static_cast<ImportMode>(m_modes->checkedId()); }

void ImportFilePage::setRowCounts(
    qint64 customers, qint64 transactions, qint64 responses, const QString& error)
{
    m_rows = { customers, transactions, responses };
    m_countError = error;
    updateTableText();
}

qint64 ImportFilePage::rowsOf(DataKind kind) const
{
    switch (kind) {
    case DataKind::Customers:
        return m_rows[0];
    case DataKind::Transactions:
        return m_rows[1];
    case DataKind::Responses:
        return m_rows[2];
    }
    return -1;
}

void ImportFilePage::updateTableText()
{
    const qint64 rows = rowsOf(kind());
    const QString table = tableName(kind());
    if (!m_countError.isEmpty())
        m_tableLabel->setText(tr("The workspace cannot be read: %1").arg(m_countError));
    else if (rows < 0)
        m_tableLabel->setText(tr("Counting the rows of the %1 table…").arg(table));
    else if (rows == 0)
        m_tableLabel->setText(tr("The %1 table is empty.").arg(table));
    else
        m_tableLabel->setText(
            tr("The %1 table holds %2 rows.").arg(table, QLocale().toString(rows)));
    const bool blocked = mode() == ImportMode::New && rows > 0;
    m_modeProblem->setText(blocked ? tr("Choose whether to add the file's rows to the table or to "
                                        "replace it.")
                                   : QString());
    m_modeProblem->setVisible(blocked);
    Q_EMIT completeChanged();
}

bool ImportFilePage::isComplete() const
{
    const qint64 rows = rowsOf(kind());
    return m_countError.isEmpty() && rows >= 0 && !(mode() == ImportMode::New && rows > 0);
}

} // namespace seg::ui
