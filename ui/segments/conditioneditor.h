#pragma once

#include "fieldcatalog.h"
#include "segmentrule.h"

#include <QFutureWatcher>
#include <QHash>
#include <QThreadPool>
#include <QWidget>

#include <memory>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStackedWidget;

namespace seg {
class JobContext;
}

namespace seg::ui {

/// Edits one condition of a segment rule: a searchable field picker grouped by kind, the
/// operators that fit the field's type and a value editor that fits type and operator (a date
/// picker, a multi-select list of a category's values with their counts, number fields showing
/// the column's range, a count with its unit for relative dates, yes/no).
///
/// The editor never changes a rule itself: every change by the user is reported with
/// conditionEdited() and the segment builder turns it into an undo command. Category values
/// and number ranges are read in the background (seg::ColumnStatsQuery / computeColumnProfile
/// on a read-only connection of their own) and cached per field.
class ConditionEditor : public QWidget {
    Q_OBJECT
public:
    explicit ConditionEditor(QWidget* parent = nullptr);
    /// Cancels value reads and waits for them (milliseconds).
    ~ConditionEditor() override;

    /// The workspace and its fields; clears the caches.
    void setContext(const QString& workspacePath, const seg::FieldCatalog& catalog);
    /// Names of the saved segments, the values of the "segment" field.
    void setSegmentNames(const QStringList& names);
    /// Shows `condition` without reporting an edit.
    void setCondition(const seg::RuleNode& condition);
    const seg::RuleNode& condition() const { return m_node; }
    /// Puts the keyboard focus in the field search, its text selected (after adding a condition).
    void focusFieldPicker();

    /// A new condition on `field` with the first fitting operator and a sensible value.
    static seg::RuleNode defaultCondition(const seg::FieldInfo& field);
    /// `node` with operator `op`, its values kept where they still fit.
    static seg::RuleNode withOperator(
        const seg::RuleNode& node, seg::RuleOperator op, seg::FieldType type);

    /// Translated, readable operator name for the picker ("is one of", "within the last").
    static QString operatorLabel(seg::RuleOperator op, seg::FieldType type);

Q_SIGNALS:
    /// The user changed the condition to `condition`.
    void conditionEdited(const seg::RuleNode& condition);
    /// The values of the category field on screen were loaded (tests).
    void valuesLoaded(const QString& field);

private:
    struct FieldValues {
        QString field;
        quint64 generation = 0;
        QString error;
        bool isNumber = false;
        double min = 0;
        double max = 0;
        bool hasRange = false;
        QList<QPair<QString, qint64>> values; ///< value and customers, most frequent first
        qint64 distinct = 0;
    };

    void buildFieldPicker();
    void showNode();
    void showValues();
    void requestValues(const seg::FieldInfo& field);
    void onValuesLoaded(const FieldValues& values);
    void fillValueList();
    void onFieldChosen();
    void onOperatorChosen();
    void commitValues();
    void emitEdit(const seg::RuleNode& node);
    const seg::FieldInfo* currentField() const;

    QString m_path;
    seg::FieldCatalog m_catalog;
    QStringList m_segmentNames;
    seg::RuleNode m_node = seg::RuleNode::condition(QString(), seg::RuleOperator::Equal);
    bool m_updating = false;

    QComboBox* m_field = nullptr;
    QComboBox* m_operator = nullptr;
    QStackedWidget* m_values = nullptr;
    QLabel* m_noValue = nullptr;
    QLineEdit* m_text = nullptr;
    QLineEdit* m_number1 = nullptr;
    QLineEdit* m_number2 = nullptr;
    QLabel* m_numberAnd = nullptr;
    QLabel* m_range = nullptr;
    QDateEdit* m_date1 = nullptr;
    QDateEdit* m_date2 = nullptr;
    QLabel* m_dateAnd = nullptr;
    QSpinBox* m_count = nullptr;
    QComboBox* m_unit = nullptr;
    QLabel* m_ago = nullptr;
    QLineEdit* m_listFilter = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_listNote = nullptr;
    QComboBox* m_yesNo = nullptr;
    QLabel* m_hint = nullptr;

    QHash<QString, FieldValues> m_cache;
    quint64 m_generation = 0;
    std::shared_ptr<seg::JobContext> m_job;
    QThreadPool m_pool;
};

} // namespace seg::ui
