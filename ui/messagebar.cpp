#include "messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace seg::ui {

namespace {

struct Palette {
    const char* background;
    const char* border;
    const char* text;
};

Palette paletteFor(MessageBar::Kind kind)
{
    switch (kind) {
    case MessageBar::Kind::Error:
        return { "#fdecea", "#e6a19b", "#5f2120" };
    case MessageBar::Kind::Warning:
        return { "#fff4e5", "#f0c27b", "#663c00" };
    case MessageBar::Kind::Information:
        break;
    }
    return { "#e5f1fb", "#9cc3e6", "#0d3c61" };
}

QStyle::StandardPixmap iconFor(MessageBar::Kind kind)
{
    switch (kind) {
    case MessageBar::Kind::Error:
        return QStyle::SP_MessageBoxCritical;
    case MessageBar::Kind::Warning:
        return QStyle::SP_MessageBoxWarning;
    case MessageBar::Kind::Information:
        break;
    }
    return QStyle::SP_MessageBoxInformation;
}

} // namespace

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    m_label->setObjectName(QStringLiteral("messageText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_close->setObjectName(QStringLiteral("messageClose"));
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("\u2715"));
    m_close->setToolTip(tr("Dismiss this message"));
    m_close->setAccessibleName(tr("Dismiss"));
    connect(m_close, &QToolButton::clicked, this, [this] {
        clear();
        Q_EMIT dismissed();
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(10);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    hide();
}

void MessageBar::showMessage(Kind kind, const QString& title, const QString& text)
{
    m_kind = kind;
    m_title = title;
    m_text = text;
    const Palette colors = paletteFor(kind);
    setStyleSheet(QStringLiteral("#messageBar { background: %1; border: 1px solid %2; "
                                 "border-radius: 4px; } #messageBar QLabel { color: %3; }")
                      .arg(QLatin1String(colors.background), QLatin1String(colors.border),
                          QLatin1String(colors.text)));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(
        style()->standardIcon(iconFor(kind), nullptr, this).pixmap(iconSize, iconSize));
    QString html;
    if (!title.isEmpty())
        html = QStringLiteral("<b>%1</b> ").arg(title.toHtmlEscaped());
    html += text.toHtmlEscaped();
    m_label->setText(html);
    show();
}

void MessageBar::clear()
{
    m_title.clear();
    m_text.clear();
    m_label->clear();
    hide();
}

QString MessageBar::text() const
{
    if (m_title.isEmpty())
        return m_text;
    if (m_text.isEmpty())
        return m_title;
    return m_title + QLatin1Char(' ') + m_text;
}

} // namespace seg::ui
