#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <utility>

class QLabel;
class QPushButton;
class QVBoxLayout;
class QHBoxLayout;

namespace seg::ui {

/// A calm, centred panel for "nothing to show yet": a title, a sentence or two of help, a row
/// of buttons, and an optional list of links below (recent workspaces...).
class EmptyState : public QWidget {
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    QString title() const;
    /// Plain text; line breaks are kept.
    void setText(const QString& text);
    QString text() const;
    /// Text shown in a monospace box that can be selected and copied (a command); empty hides it.
    void setCode(const QString& code);

    /// Adds a button to the row; the first one added is the default action.
    QPushButton* addButton(const QString& text);

    /// Replaces the list below the buttons; empty hides it. Each entry is (label, tooltip).
    void setLinks(const QString& heading, const QList<std::pair<QString, QString>>& links);

Q_SIGNALS:
    /// The link at `index` of the last setLinks() list was clicked.
    void linkActivated(int index);

private:
    QLabel* m_title = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_code = nullptr;
    QHBoxLayout* m_buttons = nullptr;
    QWidget* m_linkBox = nullptr;
    QLabel* m_linkHeading = nullptr;
    QVBoxLayout* m_links = nullptr;
};

} // namespace seg::ui
