"""Text from a roadmap in widgets: shown as the characters it holds, never as markup.

Qt guesses whether the text of a label, a tooltip or a message box is rich text
(``Qt.mightBeRichText``), so an item titled ``<img src=x>`` would be drawn as HTML and
load a local image. Every widget that shows text from the roadmap (titles, team and
sprint names, reasons, and error messages that quote them) is either told the text is
plain (``plain_label``, ``show_message``, ``text_prompt``) or gets it escaped (``tip``
for tooltips and dialog labels; ``html.escape`` where a label is rich on purpose, with
its format set to ``RichText`` so the escapes are never shown as they are).
"""

from __future__ import annotations

import html
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # the namespace with convertFromPlainText
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QWidget

from planner.domain.text import one_line

__all__ = [
    "PROMPT_WIDTH",
    "plain_label",
    "rich_label",
    "show_message",
    "text_prompt",
    "tip",
    "tray_text",
]


def plain_label(text: str = "") -> QLabel:
    """A label that shows ``text`` (and whatever it is given later) as plain text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def rich_label(html_text: str = "") -> QLabel:
    """A label that is rich text on purpose: whatever it shows from the roadmap must be
    ``html.escape``d."""
    label = QLabel(html_text)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def tip(text: str) -> str:
    """``text`` for a tooltip or a dialog's label (which Qt shows as rich text when it
    looks like markup): escaped, line breaks kept. Empty stays empty (no tooltip)."""
    return GuiQt.convertFromPlainText(text) if text else ""


def show_message(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> None:
    """A modal message box that shows ``text`` as plain text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


PROMPT_WIDTH = 560  # px: a prompt's question wraps within this, whatever it names


def text_prompt(parent: QWidget | None, title: str, text: str) -> QInputDialog:
    """A one-line text prompt whose question ``text`` is shown as plain text, wrapped,
    in a dialog no wider than ``PROMPT_WIDTH`` (or the screen), so its buttons stay in
    reach however long the question is. The caller runs ``exec`` and reads
    ``textValue``."""
    dlg = QInputDialog(parent)
    dlg.setWindowTitle(title)
    dlg.setInputMode(QInputDialog.InputMode.TextInput)
    dlg.setLabelText(text)
    screen = (parent.screen() if parent is not None else None) or dlg.screen()
    room = screen.availableGeometry().width() - 40 if screen is not None else PROMPT_WIDTH
    width = max(min(PROMPT_WIDTH, room), 200)
    label = dlg.findChild(QLabel)
    if label is not None:  # the dialog takes its size from its layout: bound the label's
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setMaximumWidth(width - 40)
        label.setMinimumWidth(min(380, width - 40))  # lines to read, not a narrow column
    return dlg


def tray_text(text: str) -> str:
    """``text`` for a tray notification: one line; escaped where it travels to the
    desktop's notification server, which may read markup in it (Linux, over D-Bus)."""
    line = one_line(text)
    return html.escape(line, quote=False) if sys.platform.startswith("linux") else line
