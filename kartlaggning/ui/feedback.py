"""What needs attention, readable and heard: colours chosen against the widget's
own palette (light, dark, Windows high contrast) so text keeps a contrast of at
least 4.5:1 (WCAG AA), and announcements to screen readers.

Colours are picked when shown, from the palette in force then: a dark theme gets
the light red, a light one the dark red; when neither reaches 4.5:1 (an unusual
high-contrast scheme) the palette's own text colour is used.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

ERROR = "error"
WARNING = "warning"
MIN_CONTRAST = 4.5
_CANDIDATES = {ERROR: ("#b3261e", "#ffb4ab"), WARNING: ("#8a4b00", "#ffb870")}


def _luminance(color: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def attention_color(widget: QWidget, kind: str = ERROR) -> QColor:
    """The colour for ``kind`` text on ``widget``'s background, ≥ 4.5:1 against it."""
    palette = widget.palette()
    background = palette.color(QPalette.ColorRole.Window)
    best = max((QColor(c) for c in _CANDIDATES[kind]), key=lambda c: contrast(c, background))
    if contrast(best, background) >= MIN_CONTRAST:
        return best
    return palette.color(QPalette.ColorRole.WindowText)


def paint_attention(widget: QWidget, kind: str | None) -> None:
    """Colour ``widget``'s text for ``kind`` (None: the palette's normal text colour)."""
    palette = widget.palette()
    if kind is None:
        parent = widget.parentWidget()
        normal = (parent.palette() if parent is not None else QPalette()).color(QPalette.ColorRole.WindowText)
        palette.setColor(QPalette.ColorRole.WindowText, normal)
    else:
        palette.setColor(QPalette.ColorRole.WindowText, attention_color(widget, kind))
    widget.setPalette(palette)
    font = widget.font()
    font.setBold(kind is not None)
    widget.setFont(font)


def announce(widget: QWidget, text: str, assertive: bool = False) -> None:
    """Tell a screen reader ``text`` now (a save failed, a field is wrong, time is up)."""
    if not text:
        return
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


def draft_note(message: str) -> str:
    """A field's problem, said with what happens to what was typed there."""
    from ..i18n import _
    return _("{message} – what you typed is kept as a draft until you correct it.").format(message=message)


def drafts_count(count: int) -> str:
    """How many fields hold text kept as a draft."""
    from ..i18n import ngettext
    return ngettext("{count} field holds text that cannot be saved as its value; it is kept as a draft.",
                    "{count} fields hold text that cannot be saved as their value; it is kept as drafts.",
                    count).format(count=count)
