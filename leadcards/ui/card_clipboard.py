"""Edit ▸ Copy Card as Image: the card shown, the side shown, as a PNG on the clipboard.

The picture is the printed card's (drawn by the core's card images, sized for a slide:
rounded corners, transparent outside), never the screen's: the back carries the sections
the deck prints with, and never the user's ticks. It is drawn off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWidget

from leadcards.deck import Card, Deck
from leadcards.paths import Paths
from leadcards.printing import settings
from leadcards.printing.face import Face
from leadcards.printing.images import CardImage, Preset, card_image, preset_options
from leadcards.progress import Progress
from leadcards.ui.background import Task, run_task


def copy_card_image(
    parent: QWidget,
    paths: Paths,
    deck: Deck,
    card: Card,
    back: bool,
    on_copied: Callable[[CardImage], None],
    on_error: Callable[[BaseException], None],
) -> Task:
    """Draw the card's face in the background, then put it on the clipboard."""
    config = paths.config_dir
    face = Face.BACK if back else Face.FRONT

    def work(_: Progress) -> CardImage:
        saved = settings.load(config, settings.system_locale()).options
        options = preset_options(Preset.SLIDES, saved)
        return card_image(deck, card, face, options, name=f"{card.id}-{face.value}.png")

    def done(image: CardImage) -> None:
        put_on_clipboard(image)
        on_copied(image)

    return run_task(parent, "Copying the card…", work, done, on_error, cancellable=False)


def put_on_clipboard(image: CardImage) -> None:
    """The PNG itself (for programs that take it as it is) and the picture."""
    picture = QImage.fromData(image.png)
    data = QMimeData()
    data.setData("image/png", image.png)
    data.setImageData(picture)
    QGuiApplication.clipboard().setMimeData(data)
