#include "conditioneditor.h"

#include "clusterstore.h"
#include "columnprofile.h"
#include "columnstatsquery.h"
#include "jobcontext.h"
#include "valueformat.h"
#include "workspace.h"

#include <QtConcurrent/QtConcurrentRun>

#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScopedValueRollback>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>

namespace seg::ui {

namespace {

using seg::FieldType;
using seg::RuleOperator;

enum Page { NonePage, TextPage, NumberPage, DatePage, CountPage, ListPage, YesNoPage };
constexpr int kFieldNameRole = Qt::UserRole + 1;
// Category values offered in the multi-select list (the most frequent ones).
constexpr int kMaxValues = 500;

bool isListOperator(RuleOperator op)
{
    return op == RuleOperator::IsOneOf || op == RuleOperator::IsNoneOf;
}

bool isRelative(RuleOperator op)
{
    return op == RuleOperator::WithinLast || op == RuleOperator::MoreThanAgo;
}

int pageFor(FieldType type, RuleOperator op)
{
    if (op == RuleOperator::IsMissing || op == RuleOperator::IsNotMissing)
        return NonePage;
    if (isRelative(op))
        return CountPage;
    switch (type) {
    case FieldType::Number:
        return isListOperator(op) ? TextPage : NumberPage;
    case FieldType::Date:
        return DatePage;
    case FieldType::YesNo:
        return YesNoPage;
    case FieldType::Category:
    case FieldType::Segment:
        return isListOperator(op) ? ListPage : TextPage;
    case FieldType::Text:
        return isListOperator(op) ? ListPage : TextPage;
    }
    return TextPage;
}

QVariant defaultValue(FieldType type)
{
    switch (type) {
    case FieldType::Number:
        return 0.0;
    case FieldType::Date:
        return QDate::currentDate();
    case FieldType::YesNo:
        return true;
    default:
        return QString();
    }
}

bool fits(const QVariant& value, FieldType type)
{
    switch (type) {
    case FieldType::Number:
        return value.typeId() == QMetaType::Double || value.typeId() == QMetaType::LongLong
            || value.typeId() == QMetaType::Int;
    case FieldType::Date:
        return value.typeId() == QMetaType::QDate;
    case FieldType::YesNo:
        return value.typeId() == QMetaType::Bool;
    default:
        return value.typeId() == QMetaType::QString;
    }
}

QString numberText(const QVariant& v)
{
    return v.isValid() ? QLocale::c().toString(v.toDouble(), 'g', 15) : QString();
}

// Reads "1,234.5" or "1234.5" as typed by people in the default locale or the C locale.
std::optional<double> readNumber(const QString& text)
{
    bool ok = false;
    double value = QLocale().toDouble(text.trimmed(), &ok);
    if (!ok)
        value = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// The editor on top of its page: the page is as tall as the value list of other pages.
QWidget* topAligned(QWidget* content, QWidget* parent)
{
    auto* page = new QWidget(parent);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(content);
    layout->addStretch();
    return page;
}

} // namespace

ConditionEditor::ConditionEditor(QWidget* parent)
    : QWidget(parent)
    , m_field(new QComboBox(this))
    , m_operator(new QComboBox(this))
    , m_values(new QStackedWidget(this))
    , m_hint(new QLabel(this))
{
    m_pool.setMaxThreadCount(1);
    m_field->setObjectName(QStringLiteral("fieldPicker"));
    m_field->setEditable(true);
    m_field->setInsertPolicy(QComboBox::NoInsert);
    m_field->setMinimumContentsLength(18);
    m_field->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_field->lineEdit()->setPlaceholderText(tr("Search fields…"));
    m_operator->setObjectName(QStringLiteral("operatorPicker"));
    m_operator->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    // Value pages.
    m_noValue = new QLabel(m_values);
    m_values->addWidget(topAligned(m_noValue, m_values));

    m_text = new QLineEdit(m_values);
    m_text->setObjectName(QStringLiteral("textValue"));
    m_values->addWidget(topAligned(m_text, m_values));

    auto* numbers = new QWidget(m_values);
    auto* numbersLayout = new QHBoxLayout(numbers);
    numbersLayout->setContentsMargins(0, 0, 0, 0);
    m_number1 = new QLineEdit(numbers);
    m_number1->setObjectName(QStringLiteral("numberValue"));
    m_numberAnd = new QLabel(tr("and"), numbers);
    m_number2 = new QLineEdit(numbers);
    m_number2->setObjectName(QStringLiteral("numberValue2"));
    numbersLayout->addWidget(m_number1);
    numbersLayout->addWidget(m_numberAnd);
    numbersLayout->addWidget(m_number2);
    auto* numbersPage = new QWidget(m_values);
    auto* numbersPageLayout = new QVBoxLayout(numbersPage);
    numbersPageLayout->setContentsMargins(0, 0, 0, 0);
    numbersPageLayout->addWidget(numbers);
    m_range = new QLabel(numbersPage);
    m_range->setObjectName(QStringLiteral("numberRange"));
    m_range->setForegroundRole(QPalette::PlaceholderText);
    m_range->setWordWrap(true);
    numbersPageLayout->addWidget(m_range);
    numbersPageLayout->addStretch();
    m_values->addWidget(numbersPage);

    auto* dates = new QWidget(m_values);
    auto* datesLayout = new QHBoxLayout(dates);
    datesLayout->setContentsMargins(0, 0, 0, 0);
    m_date1 = new QDateEdit(dates);
    m_date1->setObjectName(QStringLiteral("dateValue"));
    m_date2 = new QDateEdit(dates);
    m_date2->setObjectName(QStringLiteral("dateValue2"));
    for (QDateEdit* edit : { m_date1, m_date2 }) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("d MMM yyyy"));
    }
    m_dateAnd = new QLabel(tr("and"), dates);
    datesLayout->addWidget(m_date1);
    datesLayout->addWidget(m_dateAnd);
    datesLayout->addWidget(m_date2);
    datesLayout->addStretch();
    m_values->addWidget(topAligned(dates, m_values));

    auto* counts = new QWidget(m_values);
    auto* countsLayout = new QHBoxLayout(counts);
    countsLayout->setContentsMargins(0, 0, 0, 0);
    m_count = new QSpinBox(counts);
    m_count->setObjectName(QStringLiteral("countValue"));
    m_count->setRange(0, 100000);
    m_unit = new QComboBox(counts);
    m_unit->setObjectName(QStringLiteral("unitValue"));
    m_unit->addItem(tr("days"), int(seg::RuleUnit::Days));
    m_unit->addItem(tr("weeks"), int(seg::RuleUnit::Weeks));
    m_unit->addItem(tr("months"), int(seg::RuleUnit::Months));
    m_ago = new QLabel(tr("days ago"), counts);
    countsLayout->addWidget(m_count);
    countsLayout->addWidget(m_unit);
    countsLayout->addWidget(m_ago);
    countsLayout->addStretch();
    m_values->addWidget(topAligned(counts, m_values));

    auto* list = new QWidget(m_values);
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    m_listFilter = new QLineEdit(list);
    m_listFilter->setObjectName(QStringLiteral("valueFilter"));
    m_listFilter->setPlaceholderText(tr("Filter values, or type one and press Enter"));
    m_listFilter->setClearButtonEnabled(true);
    m_list = new QListWidget(list);
    m_list->setObjectName(QStringLiteral("valueList"));
    m_list->setMinimumHeight(110);
    m_listNote = new QLabel(list);
    m_listNote->setForegroundRole(QPalette::PlaceholderText);
    m_listNote->setWordWrap(true);
    listLayout->addWidget(m_listFilter);
    listLayout->addWidget(m_list, 1);
    listLayout->addWidget(m_listNote);
    m_values->addWidget(list);

    m_yesNo = new QComboBox(m_values);
    m_yesNo->setObjectName(QStringLiteral("yesNoValue"));
    m_yesNo->addItem(tr("yes"), true);
    m_yesNo->addItem(tr("no"), false);
    m_values->addWidget(topAligned(m_yesNo, m_values));

    m_hint->setObjectName(QStringLiteral("fieldHint"));
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_field, 2);
    top->addWidget(m_operator, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_values, 1);
    layout->addWidget(m_hint);

    connect(m_field, &QComboBox::activated, this, &ConditionEditor::onFieldChosen);
    connect(m_operator, &QComboBox::activated, this, &ConditionEditor::onOperatorChosen);
    connect(m_text, &QLineEdit::editingFinished, this, &ConditionEditor::commitValues);
    connect(m_number1, &QLineEdit::editingFinished, this, &ConditionEditor::commitValues);
    connect(m_number2, &QLineEdit::editingFinished, this, &ConditionEditor::commitValues);
    connect(m_date1, &QDateEdit::editingFinished, this, &ConditionEditor::commitValues);
    connect(m_date2, &QDateEdit::editingFinished, this, &ConditionEditor::commitValues);
    connect(m_count, &QSpinBox::editingFinished, this, &ConditionEditor::commitValues);
    connect(m_unit, &QComboBox::activated, this, &ConditionEditor::commitValues);
    connect(m_yesNo, &QComboBox::activated, this, &ConditionEditor::commitValues);
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        if (!m_updating)
            commitValues();
    });
    connect(m_listFilter, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (int i = 0; i < m_list->count(); ++i) {
            QListWidgetItem* item = m_list->item(i);
            item->setHidden(!text.isEmpty()
                && !item->data(Qt::UserRole).toString().contains(text, Qt::CaseInsensitive));
        }
    });
    // Enter in the filter adds the typed value (values beyond the list, or of text fields).
    connect(m_listFilter, &QLineEdit::returnPressed, this, [this] {
        const QString value = m_listFilter->text();
        if (value.isEmpty())
            return;
        QVariantList values = m_node.values;
        if (!values.contains(QVariant(value)))
            values.append(value);
        m_listFilter->clear();
        seg::RuleNode node = m_node;
        node.values = values;
        emitEdit(node);
    });
    setEnabled(false);
}

ConditionEditor::~ConditionEditor()
{
    if (m_job)
        m_job->cancel();
    m_pool.waitForDone();
}

void ConditionEditor::setContext(const QString& workspacePath, const seg::FieldCatalog& catalog)
{
    if (m_job)
        m_job->cancel();
    m_path = workspacePath;
    m_catalog = catalog;
    m_cache.clear();
    buildFieldPicker();
}

void ConditionEditor::setSegmentNames(const QStringList& names) { m_segmentNames = names; }

void ConditionEditor::buildFieldPicker()
{
    const QSignalBlocker blocker(m_field);
    auto* model = new QStandardItemModel(m_field);
    QList<seg::FieldKind> kinds;
    for (const seg::FieldInfo& f : m_catalog.fields()) {
        if (!kinds.contains(f.kind))
            kinds.append(f.kind);
    }
    for (seg::FieldKind kind : std::as_const(kinds)) {
        auto* header = new QStandardItem(seg::FieldCatalog::kindName(kind));
        header->setFlags(Qt::NoItemFlags);
        QFont font = header->font();
        font.setBold(true);
        header->setFont(font);
        model->appendRow(header);
        for (const seg::FieldInfo& f : m_catalog.fields()) {
            if (f.kind != kind)
                continue;
            auto* item = new QStandardItem(f.label);
            item->setData(f.name, kFieldNameRole);
            item->setToolTip(tr("%1 (%2, field “%3”)")
                                 .arg(f.description, seg::FieldCatalog::typeName(f.type), f.name));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            model->appendRow(item);
        }
    }
    m_field->setModel(model);
    auto* completer = new QCompleter(model, m_field);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_field->setCompleter(completer);
    connect(completer, qOverload<const QModelIndex&>(&QCompleter::activated), this,
        [this](const QModelIndex& index) {
            const int row = m_field->findData(index.data(kFieldNameRole), kFieldNameRole);
            if (row >= 0) {
                m_field->setCurrentIndex(row);
                onFieldChosen();
            }
        });
}

void ConditionEditor::focusFieldPicker()
{
    m_field->setFocus(Qt::OtherFocusReason);
    m_field->lineEdit()->selectAll();
}

const seg::FieldInfo* ConditionEditor::currentField() const { return m_catalog.find(m_node.field); }

void ConditionEditor::setCondition(const seg::RuleNode& condition)
{
    m_node = condition;
    setEnabled(!condition.isGroup());
    showNode();
}

void ConditionEditor::showNode()
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    const seg::FieldInfo* field = currentField();
    const QSignalBlocker blockField(m_field);
    const QSignalBlocker blockOperator(m_operator);
    const int fieldRow = m_field->findData(m_node.field, kFieldNameRole);
    m_field->setCurrentIndex(fieldRow);
    if (fieldRow < 0)
        m_field->setEditText(m_node.field);
    m_operator->clear();
    const FieldType type = field ? field->type : FieldType::Text;
    const QList<RuleOperator> ops
        = field ? seg::FieldCatalog::operatorsFor(*field) : seg::FieldCatalog::operatorsFor(type);
    for (RuleOperator op : ops)
        m_operator->addItem(operatorLabel(op, type), int(op));
    m_operator->setCurrentIndex(m_operator->findData(int(m_node.op)));
    m_hint->setText(field ? field->description : QString());
    if (field && field->type == FieldType::Category && !m_cache.contains(field->name))
        requestValues(*field);
    if (field && field->type == FieldType::Number && !m_cache.contains(field->name))
        requestValues(*field);
    showValues();
}

void ConditionEditor::showValues()
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    const seg::FieldInfo* field = currentField();
    const FieldType type = field ? field->type : FieldType::Text;
    const RuleOperator op = m_node.op;
    const int page = pageFor(type, op);
    m_values->setCurrentIndex(page);
    const QVariantList& v = m_node.values;
    const FieldValues cached = field ? m_cache.value(field->name) : FieldValues();
    switch (page) {
    case NonePage:
        m_noValue->clear();
        break;
    case TextPage: {
        QStringList parts;
        for (const QVariant& value : v)
            parts.append(type == FieldType::Number ? numberText(value) : value.toString());
        m_text->setText(parts.join(QStringLiteral(", ")));
        m_text->setPlaceholderText(
            isListOperator(op) ? tr("values separated by commas") : tr("value"));
        QStringList known;
        for (const auto& value : cached.values)
            known.append(value.first);
        auto* completer = new QCompleter(known, m_text);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setFilterMode(Qt::MatchContains);
        delete m_text->completer();
        m_text->setCompleter(completer);
        break;
    }
    case NumberPage: {
        const bool between = op == RuleOperator::Between;
        m_number1->setText(v.size() > 0 ? numberText(v.at(0)) : QString());
        m_number2->setText(v.size() > 1 ? numberText(v.at(1)) : QString());
        m_number2->setVisible(between);
        m_numberAnd->setVisible(between);
        QString range;
        if (cached.hasRange) {
            range = tr("%1 to %2")
                        .arg(valueformat::number(cached.min), valueformat::number(cached.max));
        }
        m_range->setText(range.isEmpty()
                ? QString()
                : tr("Values in this workspace: %1. Missing values never match.").arg(range));
        for (QLineEdit* edit : { m_number1, m_number2 }) {
            edit->setPlaceholderText(range.isEmpty() ? tr("number") : range);
            edit->setToolTip(
                range.isEmpty() ? QString() : tr("Values of this field: %1").arg(range));
        }
        break;
    }
    case DatePage: {
        const bool between = op == RuleOperator::Between;
        m_date1->setDate(v.size() > 0 ? v.at(0).toDate() : QDate::currentDate());
        m_date2->setDate(v.size() > 1 ? v.at(1).toDate() : QDate::currentDate());
        m_date2->setVisible(between);
        m_dateAnd->setVisible(between);
        break;
    }
    case CountPage:
        m_count->setValue(v.isEmpty() ? 0 : v.at(0).toInt());
        m_unit->setCurrentIndex(m_unit->findData(int(m_node.unit)));
        m_unit->setVisible(op == RuleOperator::WithinLast);
        m_ago->setVisible(op == RuleOperator::MoreThanAgo);
        break;
    case ListPage:
        fillValueList();
        break;
    case YesNoPage:
        m_yesNo->setCurrentIndex(!v.isEmpty() && !v.at(0).toBool() ? 1 : 0);
        break;
    default:
        break;
    }
}

void ConditionEditor::fillValueList()
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    const seg::FieldInfo* field = currentField();
    m_list->clear();
    QList<QPair<QString, qint64>> values;
    if (field && field->type == FieldType::Segment) {
        for (const QString& name : std::as_const(m_segmentNames))
            values.append({ name, -1 });
    } else if (field) {
        values = m_cache.value(field->name).values;
    }
    QStringList chosen;
    for (const QVariant& value : std::as_const(m_node.values))
        chosen.append(value.toString());
    // Chosen values that are not among the listed ones stay visible and checked.
    for (const QString& value : std::as_const(chosen)) {
        bool listed = false;
        for (const auto& v : std::as_const(values))
            listed = listed || v.first == value;
        if (!listed)
            values.prepend({ value, -1 });
    }
    for (const auto& v : std::as_const(values)) {
        const QString text = v.second >= 0
            ? tr("%1 — %2").arg(
                v.first.isEmpty() ? tr("(empty)") : v.first, valueformat::count(v.second))
            : v.first;
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, v.first);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(chosen.contains(v.first) ? Qt::Checked : Qt::Unchecked);
        item->setHidden(!m_listFilter->text().isEmpty()
            && !v.first.contains(m_listFilter->text(), Qt::CaseInsensitive));
    }
    const FieldValues cached = field ? m_cache.value(field->name) : FieldValues();
    if (field && field->type == FieldType::Category && !cached.error.isEmpty())
        m_listNote->setText(cached.error);
    else if (field && field->type == FieldType::Category && !m_cache.contains(field->name))
        m_listNote->setText(tr("Reading the values…"));
    else if (cached.distinct > cached.values.size())
        m_listNote->setText(tr("The %1 most frequent of %2 values; type others in the filter.")
                                .arg(cached.values.size())
                                .arg(cached.distinct));
    else
        m_listNote->setText(tr("Numbers are customers with the value."));
    m_listNote->setVisible(field && field->type != FieldType::Segment);
}

void ConditionEditor::requestValues(const seg::FieldInfo& field)
{
    if (m_path.isEmpty() || field.table.isEmpty())
        return;
    if (m_job)
        m_job->cancel();
    m_job = std::make_shared<seg::JobContext>();
    const quint64 generation = ++m_generation;
    const QString path = m_path;
    const QString table = field.table;
    const QString column = field.column;
    const QString name = field.name;
    const bool isNumber = field.type == FieldType::Number;
    const bool isCluster = field.kind == seg::FieldKind::Cluster;
    auto job = m_job;
    auto* watcher = new QFutureWatcher<FieldValues>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        onValuesLoaded(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [=]() -> FieldValues {
        FieldValues out;
        out.field = name;
        out.generation = generation;
        out.isNumber = isNumber;
        if (job->isCancelled())
            return out;
        auto ws = seg::Workspace::open(path, seg::Workspace::OpenMode::ReadOnly);
        if (!ws) {
            out.error = ws.error().message;
            return out;
        }
        if (isCluster) {
            // Cluster sizes as stored with the clustering (cluster_members holds every
            // clustering, so its frequencies would mix them).
            auto clusterings = seg::ClusterStore::list(*ws);
            if (!clusterings) {
                out.error = clusterings.error().message;
                return out;
            }
            for (const seg::Clustering& c : std::as_const(*clusterings)) {
                if (c.field != name)
                    continue;
                for (const seg::ClusterSummary& cluster : c.clusters)
                    out.values.append({ QString::number(cluster.cluster), cluster.size });
            }
            out.distinct = out.values.size();
            return out;
        }
        if (isNumber) {
            auto profile = seg::computeColumnProfile(*ws, table, column, *job);
            if (!profile) {
                out.error = profile.error().message;
                return out;
            }
            if (profile->min && profile->max) {
                out.hasRange = true;
                out.min = *profile->min;
                out.max = *profile->max;
            }
            return out;
        }
        seg::ColumnStatsQuery query(*ws, table, column);
        query.setJobContext(job.get());
        auto scan = query.readFrequencies(kMaxValues);
        if (!scan) {
            out.error = scan.error().message;
            return out;
        }
        out.distinct = scan->distinct;
        for (const seg::ValueCount& v : std::as_const(scan->top))
            out.values.append({ v.value.toString(), v.count });
        return out;
    }));
}

void ConditionEditor::onValuesLoaded(const FieldValues& values)
{
    if (values.generation != m_generation)
        return;
    m_cache.insert(values.field, values);
    if (values.field == m_node.field) {
        showValues();
        Q_EMIT valuesLoaded(values.field);
    }
}

void ConditionEditor::onFieldChosen()
{
    const QString name = m_field->currentData(kFieldNameRole).toString();
    const seg::FieldInfo* field = m_catalog.find(name);
    if (!field || name == m_node.field)
        return;
    seg::RuleNode node = defaultCondition(*field);
    const QList<RuleOperator> ops = seg::FieldCatalog::operatorsFor(*field);
    const seg::FieldInfo* old = currentField();
    // Keep the operator (and values that still fit) when the type stays the same.
    if (old && old->type == field->type && ops.contains(m_node.op)) {
        node.op = m_node.op;
        node.values = m_node.values;
        node.unit = m_node.unit;
        if (field->type == FieldType::Category && isListOperator(m_node.op))
            node.values.clear();
    }
    node.negated = m_node.negated;
    emitEdit(node);
}

void ConditionEditor::onOperatorChosen()
{
    const auto op = static_cast<RuleOperator>(m_operator->currentData().toInt());
    if (op == m_node.op)
        return;
    const seg::FieldInfo* field = currentField();
    emitEdit(withOperator(m_node, op, field ? field->type : FieldType::Text));
}

void ConditionEditor::commitValues()
{
    if (m_updating || !isEnabled())
        return;
    const seg::FieldInfo* field = currentField();
    const FieldType type = field ? field->type : FieldType::Text;
    seg::RuleNode node = m_node;
    QVariantList values;
    switch (m_values->currentIndex()) {
    case NonePage:
        break;
    case TextPage: {
        if (isListOperator(node.op)) {
            const QStringList parts = m_text->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (const QString& part : parts) {
                if (type == FieldType::Number) {
                    if (auto number = readNumber(part))
                        values.append(*number);
                } else {
                    values.append(part.trimmed());
                }
            }
        } else {
            values.append(m_text->text());
        }
        break;
    }
    case NumberPage: {
        const auto a = readNumber(m_number1->text());
        const auto b = readNumber(m_number2->text());
        if (node.op == RuleOperator::Between) {
            if (a)
                values.append(*a);
            if (a && b)
                values.append(*b);
        } else if (a) {
            values.append(*a);
        }
        break;
    }
    case DatePage:
        values.append(m_date1->date());
        if (node.op == RuleOperator::Between)
            values.append(m_date2->date());
        break;
    case CountPage:
        values.append(m_count->value());
        node.unit = node.op == RuleOperator::WithinLast
            ? static_cast<seg::RuleUnit>(m_unit->currentData().toInt())
            : seg::RuleUnit::Days;
        break;
    case ListPage:
        for (int i = 0; i < m_list->count(); ++i) {
            if (m_list->item(i)->checkState() == Qt::Checked)
                values.append(m_list->item(i)->data(Qt::UserRole).toString());
        }
        break;
    case YesNoPage:
        values.append(m_yesNo->currentData().toBool());
        break;
    default:
        break;
    }
    node.values = values;
    if (node == m_node)
        return;
    emitEdit(node);
}

void ConditionEditor::emitEdit(const seg::RuleNode& node)
{
    m_node = node;
    showNode();
    Q_EMIT conditionEdited(node);
}

seg::RuleNode ConditionEditor::defaultCondition(const seg::FieldInfo& field)
{
    switch (field.type) {
    case FieldType::Number:
        return seg::RuleNode::condition(field.name, RuleOperator::GreaterOrEqual, { 1.0 });
    case FieldType::Date:
        return seg::RuleNode::condition(field.name, RuleOperator::WithinLast, { 90 });
    case FieldType::YesNo:
        return seg::RuleNode::condition(field.name, RuleOperator::Is, { true });
    case FieldType::Category:
    case FieldType::Segment:
        return seg::RuleNode::condition(field.name, RuleOperator::IsOneOf, {});
    case FieldType::Text:
        return seg::RuleNode::condition(field.name, RuleOperator::Contains, { QString() });
    }
    return seg::RuleNode::condition(field.name, RuleOperator::IsNotMissing);
}

seg::RuleNode ConditionEditor::withOperator(
    const seg::RuleNode& node, RuleOperator op, FieldType type)
{
    seg::RuleNode out = node;
    out.op = op;
    const QVariant first = node.values.isEmpty() ? QVariant() : node.values.first();
    out.values.clear();
    if (op == RuleOperator::IsMissing || op == RuleOperator::IsNotMissing)
        return out;
    if (isRelative(op)) {
        out.values = { isRelative(node.op) && first.isValid() ? first : QVariant(90) };
        out.unit = seg::RuleUnit::Days;
        return out;
    }
    const bool usable = first.isValid() && !isRelative(node.op) && fits(first, type)
        && !(first.typeId() == QMetaType::QString && first.toString().isEmpty());
    if (isListOperator(op)) {
        if (isListOperator(node.op))
            out.values = node.values;
        else if (usable)
            out.values = { first };
        return out;
    }
    const QVariant value = usable ? first : defaultValue(type);
    out.values = { value };
    if (op == RuleOperator::Between)
        out.values.append(
            node.op == RuleOperator::Between && node.values.size() > 1 ? node.values.at(1) : value);
    return out;
}

QString ConditionEditor::operatorLabel(RuleOperator op, FieldType type)
{
    switch (op) {
    case RuleOperator::Equal:
        return type == FieldType::Date ? tr("is on") : tr("=");
    case RuleOperator::NotEqual:
        return tr("≠");
    case RuleOperator::Less:
        return tr("<");
    case RuleOperator::LessOrEqual:
        return tr("≤");
    case RuleOperator::Greater:
        return tr(">");
    case RuleOperator::GreaterOrEqual:
        return tr("≥");
    case RuleOperator::Between:
        return tr("between");
    case RuleOperator::Is:
        return tr("is");
    case RuleOperator::IsNot:
        return tr("is not");
    case RuleOperator::IsOneOf:
        return tr("is one of");
    case RuleOperator::IsNoneOf:
        return tr("is none of");
    case RuleOperator::Contains:
        return tr("contains");
    case RuleOperator::StartsWith:
        return tr("starts with");
    case RuleOperator::EndsWith:
        return tr("ends with");
    case RuleOperator::Before:
        return tr("before");
    case RuleOperator::After:
        return tr("after");
    case RuleOperator::WithinLast:
        return tr("within the last");
    case RuleOperator::MoreThanAgo:
        return tr("more than");
    case RuleOperator::IsMissing:
        return tr("is missing");
    case RuleOperator::IsNotMissing:
        return tr("is not missing");
    }
    return QString();
}

} // namespace seg::ui
