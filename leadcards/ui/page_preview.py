"""A scrolling view of the first pages of a PDF, two to a row like the two sides of a sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from leadcards.printing.preview import PagePicture
from leadcards.ui.appearance import SPACING


class PagePreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pagePreview")
        self.setWidgetResizable(True)
        self.setAccessibleName("Page preview")
        self.setProperty("focusRing", True)  # a Tab stop: arrow keys scroll the pages
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages: list[QLabel] = []
        self._grid = QGridLayout()
        self._grid.setSpacing(2 * SPACING)
        inner = QWidget()
        inner.setObjectName("previewSurface")
        # Pages on a neutral grey, as in a PDF viewer, so white paper shows its edges.
        inner.setStyleSheet("QWidget#previewSurface { background: #8A8A8A; }")
        self.note.setStyleSheet("color: #FFFFFF;")  # 3.5:1 on the grey, at body size bold
        column = QVBoxLayout(inner)
        column.setContentsMargins(2 * SPACING, 2 * SPACING, 2 * SPACING, 2 * SPACING)
        column.addWidget(self.note)
        column.addLayout(self._grid)
        column.addStretch(1)
        self.setWidget(inner)

    def show_message(self, text: str) -> None:
        """Words in place of pages (while the preview is made, or when it cannot be)."""
        self._clear()
        self.note.setText(text)
        self.note.show()

    def show_pages(self, pictures: list[PagePicture], total: int, ratio: float) -> None:
        """Page pictures (rendered at ``ratio`` device pixels per pixel) of ``total`` pages."""
        self._clear()
        shown = len(pictures)
        if total > shown:
            self.note.setText(f"The first {shown} of {total} pages.")
            self.note.show()
        else:
            self.note.hide()
        for number, picture in enumerate(pictures):
            image = QImage(
                picture.rgb,
                picture.width,
                picture.height,
                picture.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # the bytes belong to the picture; the pixmap keeps its own
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setPixmap(pixmap)
            label.setObjectName("previewPage")
            label.setAccessibleName(f"Page {number + 1} of {total}")
            label.setToolTip(f"Page {number + 1} of {total}")
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            # A hairline frame, so a white page reads against a light window too.
            label.setStyleSheet("QLabel#previewPage { border: 1px solid #5A5A5A; }")
            label.setFixedSize(label.sizeHint())  # never squeezed: the area scrolls instead
            self._grid.addWidget(label, number // 2, number % 2, Qt.AlignmentFlag.AlignTop)
            self.pages.append(label)

    def _clear(self) -> None:
        for label in self.pages:
            self._grid.removeWidget(label)
            label.deleteLater()
        self.pages = []
