#pragma once

#include "importoptions.h"

#include <QWizardPage>

#include <array>

class QButtonGroup;
class QLabel;
class QRadioButton;

namespace seg::ui {

/// First page of the import wizard: what the file holds (customers, transactions, campaign
/// responses) and what to do with the table (new, append, replace), with the table's current
/// row count. Complete when the mode fits the table (a table with rows needs append or replace).
class ImportFilePage : public QWizardPage {
    Q_OBJECT
public:
    explicit ImportFilePage(QWidget* parent = nullptr);

    /// Shows which file of how many this is and its size.
    void setFile(const QString& filePath, qint64 size, int index, int count);
    /// Why a kind is preselected (said under the choices).
    enum class KindReason { Guessed, Remembered, User };
    /// Selects a kind without emitting kindChosen().
    void setKind(seg::DataKind kind, KindReason reason);
    seg::DataKind kind() const;
    void setMode(seg::ImportMode mode);
    seg::ImportMode mode() const;
    /// Row counts of the data tables, or -1 each while unknown; `error` when they cannot be read.
    void setRowCounts(
        qint64 customers, qint64 transactions, qint64 responses, const QString& error);

    bool isComplete() const override;

Q_SIGNALS:
    void kindChosen(seg::DataKind kind);
    void modeChosen(seg::ImportMode mode);

private:
    void updateTableText();
    qint64 rowsOf(seg::DataKind kind) const;

    QLabel* m_fileLabel = nullptr;
    QButtonGroup* m_kinds = nullptr;
    QButtonGroup* m_modes = nullptr;
    QLabel* m_guessLabel = nullptr;
    QLabel* m_tableLabel = nullptr;
    QLabel* m_modeProblem = nullptr;
    std::array<qint64, 3> m_rows { -1, -1, -1 };
    QString m_countError;
};

} // namespace seg::ui
