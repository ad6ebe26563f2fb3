#include "emptystate.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace seg::ui {

EmptyState::EmptyState(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_text(new QLabel(this))
    , m_code(new QLabel(this))
    , m_linkBox(new QWidget(this))
    , m_linkHeading(new QLabel(m_linkBox))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("emptyStateTitle"));
    m_title->setAlignment(Qt::AlignHCenter);
    m_title->setWordWrap(true);

    m_text->setObjectName(QStringLiteral("emptyStateText"));
    m_text->setAlignment(Qt::AlignHCenter);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setForegroundRole(QPalette::PlaceholderText);

    m_code->setObjectName(QStringLiteral("emptyStateCode"));
    m_code->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_code->setTextFormat(Qt::PlainText);
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_code->setWordWrap(true);
    m_code->setStyleSheet(QStringLiteral(
        "QLabel { background: palette(alternate-base); border: 1px solid palette(mid); "
        "border-radius: 4px; padding: 8px; }"));
    m_code->hide();

    auto* buttonRow = new QWidget(this);
    m_buttons = new QHBoxLayout(buttonRow);
    m_buttons->setContentsMargins(0, 0, 0, 0);
    m_buttons->setSpacing(12);
    m_buttons->addStretch(1);
    m_buttons->addStretch(1);

    m_linkHeading->setObjectName(QStringLiteral("emptyStateLinkHeading"));
    m_linkHeading->setAlignment(Qt::AlignHCenter);
    QFont headingFont = m_linkHeading->font();
    headingFont.setWeight(QFont::DemiBold);
    m_linkHeading->setFont(headingFont);
    auto* linkLayout = new QVBoxLayout(m_linkBox);
    linkLayout->setContentsMargins(0, 16, 0, 0);
    linkLayout->setSpacing(2);
    linkLayout->addWidget(m_linkHeading);
    m_links = new QVBoxLayout;
    m_links->setSpacing(0);
    linkLayout->addLayout(m_links);
    m_linkBox->hide();

    // A column of at most 560 px in the middle of the window. Stretches rather than an
    // alignment centre it, so that the wrapped labels get their height for the real width.
    auto* column = new QWidget(this);
    column->setMinimumWidth(320);
    column->setMaximumWidth(560);
    column->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(14);
    columnLayout->addWidget(m_title);
    columnLayout->addWidget(m_text);
    columnLayout->addWidget(m_code);
    columnLayout->addSpacing(6);
    columnLayout->addWidget(buttonRow);
    columnLayout->addWidget(m_linkBox);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 4);
    row->addStretch(1);
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(2);
    outer->addLayout(row);
    outer->addStretch(3);
}

void EmptyState::setTitle(const QString& title) { m_title->setText(title); }
QString EmptyState::title() const { return m_title->text(); }
void EmptyState::setText(const QString& text) { m_text->setText(text); }
QString EmptyState::text() const { return m_text->text(); }

void EmptyState::setCode(const QString& code)
{
    m_code->setText(code);
    m_code->setVisible(!code.isEmpty());
}

QPushButton* EmptyState::addButton(const QString& text)
{
    auto* button = new QPushButton(text, this);
    button->setMinimumHeight(button->sizeHint().height() + 8);
    if (m_buttons->count() == 2)
        button->setDefault(true);
    // Between the two stretches.
    m_buttons->insertWidget(m_buttons->count() - 1, button);
    return button;
}

void EmptyState::setLinks(const QString& heading, const QList<std::pair<QString, QString>>& links)
{
    while (QLayoutItem* item = m_links->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_linkHeading->setText(heading);
    for (int i = 0; i < links.size(); ++i) {
        auto* link = new QPushButton(links.at(i).first, m_linkBox);
        link->setFlat(true);
        link->setCursor(Qt::PointingHandCursor);
        link->setToolTip(links.at(i).second);
        link->setStyleSheet(QStringLiteral("QPushButton { color: palette(link); text-align: "
                                           "center; padding: 3px 8px; border: none; }"
                                           "QPushButton:hover { text-decoration: underline; }"));
        connect(link, &QPushButton::clicked, this, [this, i] { Q_EMIT linkActivated(i); });
        m_links->addWidget(link);
    }
    m_linkBox->setVisible(!links.isEmpty());
}

} // namespace seg::ui
