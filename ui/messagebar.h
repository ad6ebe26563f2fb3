#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace seg::ui {

/// A bar above the content that says what went wrong (or right) in plain words, without a
/// modal box. Hidden until a message is shown; the user can dismiss it.
class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Information, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    /// Shows `text` (plain text); `title`, when given, is shown in bold before it.
    void showMessage(Kind kind, const QString& title, const QString& text);
    void showError(const QString& title, const QString& text)
    {
        showMessage(Kind::Error, title, text);
    }
    void showInformation(const QString& text) { showMessage(Kind::Information, QString(), text); }
    /// Hides the bar and forgets the message.
    void clear();

    Kind kind() const { return m_kind; }
    /// The message as shown, title and text together, in plain text.
    QString text() const;

Q_SIGNALS:
    void dismissed();

private:
    Kind m_kind = Kind::Information;
    QString m_title;
    QString m_text;
    QLabel* m_icon = nullptr;
    QLabel* m_label = nullptr;
    QToolButton* m_close = nullptr;
};

} // namespace seg::ui
