#pragma once

#include "importsession.h"

#include <QSet>
#include <QWizardPage>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace seg::ui {

class ImportPreviewModel;
class MessageBar;

/// Second page of the import wizard: how the file is read (encoding, delimiter, header line,
/// decimal and thousands separators, date format) and a preview of the first rows exactly as
/// they will be parsed. Values found by detection are marked "(detected)". A change made by the
/// user is announced with settingsEdited(); applyEdits() writes it into the options.
class ImportReadingPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ImportReadingPage(QWidget* parent = nullptr);

    /// Shows a plan outcome read with `options`.
    void showPlan(const ImportSession::PlanOutcome& outcome, const seg::ImportOptions& options);
    /// Shows that a new plan is being made.
    void setPlanning(bool planning);
    /// Says whether remembered settings were applied to this file.
    void setRememberedApplied(bool applied);
    /// Forgets what was detected (a new file).
    void resetDetected();
    /// Writes the settings the user changed since the last showPlan() into `options`.
    void applyEdits(seg::ImportOptions& options) const;

    ImportPreviewModel* previewModel() const { return m_model; }
    QTableView* previewView() const { return m_view; }
    QComboBox* encodingCombo() const { return m_encoding; }
    QComboBox* delimiterCombo() const { return m_delimiter; }
    QComboBox* headerCombo() const { return m_header; }
    QComboBox* decimalCombo() const { return m_decimal; }
    QComboBox* thousandsCombo() const { return m_thousands; }
    QComboBox* dateCombo() const { return m_date; }

    bool isComplete() const override;

Q_SIGNALS:
    void settingsEdited();
    /// The user asked to read the file with detected settings instead of remembered ones.
    void detectedSettingsRequested();

private:
    QComboBox* addCombo(const QString& objectName, const QString& toolTip);
    static void select(QComboBox* combo, const QVariant& value);
    static void markDetected(QComboBox* combo, const QList<QVariant>& detected);
    void fitColumns();

    ImportPreviewModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QComboBox* m_encoding = nullptr;
    QComboBox* m_delimiter = nullptr;
    QComboBox* m_header = nullptr;
    QComboBox* m_decimal = nullptr;
    QComboBox* m_thousands = nullptr;
    QComboBox* m_date = nullptr;
    QLabel* m_previewLabel = nullptr;
    QLabel* m_notes = nullptr;
    QLabel* m_remembered = nullptr;
    QPushButton* m_useDetected = nullptr;
    MessageBar* m_problem = nullptr;
    QSet<QComboBox*> m_edited;
    bool m_planning = false;
    bool m_hasPlan = false;

    // What detection found (kept while the user overrides it).
    QVariant m_detEncoding, m_detDelimiter, m_detHeader, m_detDecimal, m_detThousands;
    QList<QVariant> m_detDates;
};

} // namespace seg::ui
