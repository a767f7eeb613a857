"""File ▸ Export Card Images…: a PNG per card and side, into a folder or one zip.

The choices are the command line's (``leadcards print images``): the cards, a preset (for
online card printers, or for slides), the resolution and bleed (a preset sets them; a value
changed after wins), the sides, and where. Nothing is replaced without asking. The export
runs in the background with progress, through one core call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from leadcards.fileio import ExistingFilesError, Keep, UserFileError
from leadcards.library import Library
from leadcards.paths import Paths
from leadcards.printing import settings
from leadcards.printing.images import (
    MAX_DPI,
    MIN_DPI,
    ImageOptions,
    Preset,
    Sides,
    check_export,
    export_images,
    preset_options,
)
from leadcards.printing.layout import MAX_BLEED_MM, LayoutError
from leadcards.progress import Progress
from leadcards.ui.appearance import SPACING
from leadcards.ui.background import Task, run_task
from leadcards.ui.card_picker import CardPicker
from leadcards.ui.focus_ring import rings_from_the_start
from leadcards.ui.saved_pdf import ButtonRow, SavedNote, failure_text, keep_focus_style
from leadcards.ui.settings import WindowState, WindowStateMixin

TIMES = "\N{MULTIPLICATION SIGN}"
PRESET_NAMES = {
    Preset.PRINT: "For online card printers: card plus bleed, RGB",
    Preset.SLIDES: "For slides and documents: rounded corners, transparent outside",
}
SIDE_NAMES = {Sides.BOTH: "Fronts and backs", Sides.FRONT: "Fronts only", Sides.BACK: "Backs only"}


class ImageExportDialog(WindowStateMixin, QDialog):
    images_saved = Signal(str)  # where the images went

    def __init__(
        self,
        library: Library,
        paths: Paths,
        deck_id: str,
        parent: QWidget | None = None,
        kept: Callable[[], Keep] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library, self.paths = library, paths
        self.kept = kept or (lambda: Keep.of(paths))
        self.window_state = WindowState(paths, "images")
        loaded = settings.load(paths.config_dir, settings.system_locale())
        self.saved_options = loaded.options  # card size and back sections, as printed
        self.task: Task | None = None
        self.confirm: QMessageBox | None = None
        self.setWindowTitle("Export Card Images")
        self.setObjectName("imageExportDialog")
        self.resize(560, 640)
        self._build()
        self.tree.check_deck(deck_id)
        self._connect()
        self._preset_chosen()
        self.target.setText(str(self._suggested()))
        self.restore_window_state()
        keep_focus_style(self)
        rings_from_the_start(self)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.tree = CardPicker(self.library.decks)
        self.tree.setAccessibleName("Cards to export")
        self.preset = QComboBox()
        self.preset.setAccessibleName("Preset")
        for preset, label in PRESET_NAMES.items():
            self.preset.addItem(label, preset.value)
        self.dpi = QSpinBox()
        self.dpi.setAccessibleName("Resolution")
        self.dpi.setRange(MIN_DPI, MAX_DPI)
        self.dpi.setSuffix(" dpi")
        self.bleed = QDoubleSpinBox()
        self.bleed.setAccessibleName("Bleed")
        self.bleed.setRange(0, MAX_BLEED_MM)
        self.bleed.setSingleStep(0.5)
        self.bleed.setDecimals(1)
        self.bleed.setSuffix(" mm")
        self.sides = QComboBox()
        self.sides.setAccessibleName("Sides")
        for side, label in SIDE_NAMES.items():
            self.sides.addItem(label, side.value)
        self.kind = QComboBox()
        self.kind.setAccessibleName("Save as")
        self.kind.addItem("Image files in a folder", False)
        self.kind.addItem("One zip file", True)
        self.target = QLineEdit()
        self.target.setAccessibleName("Save to")
        self.browse = QPushButton("Choose…")
        self.browse.setAccessibleName("Choose where to save")
        self.browse.setAutoDefault(False)  # Enter exports, whatever has the focus
        where = QWidget()
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.target, 1)
        row.addWidget(self.browse)
        self.size_note = QLabel()
        self.size_note.setObjectName("imageSize")
        self.size_note.setWordWrap(True)

        form = QFormLayout()
        for text, widget in (
            ("&Preset:", self.preset),
            ("&Resolution:", self.dpi),
            ("&Bleed:", self.bleed),
            ("S&ides:", self.sides),
            ("Save &as:", self.kind),
            ("Save &to:", where),
        ):
            caption = QLabel(text)
            caption.setBuddy(self.target if widget is where else widget)
            form.addRow(caption, widget)

        self.saved = SavedNote()
        self.saved.open_button.setAccessibleName("Open the saved images")
        buttons = ButtonRow()
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        # Enter exports, whatever has the focus: no other button takes it over.
        for other in (close, self.saved.open_button):
            other.setAutoDefault(False)

        outer = QVBoxLayout(self)
        outer.setSpacing(SPACING)
        cards = QLabel("&Cards:")
        cards.setBuddy(self.tree)
        outer.addWidget(cards)
        outer.addWidget(self.tree, 1)
        outer.addLayout(form)
        outer.addWidget(self.size_note)
        footer = QHBoxLayout()
        footer.addWidget(self.saved, 1)
        footer.addWidget(buttons)
        outer.addLayout(footer)

    def _connect(self) -> None:
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        for signal in (
            self.tree.itemChanged,
            self.dpi.valueChanged,
            self.bleed.valueChanged,
            self.sides.currentIndexChanged,
        ):
            signal.connect(self._describe)
        self.browse.clicked.connect(self.choose_target)
        self.export_button.clicked.connect(self.export)

    # ------------------------------------------------------------------ the choices

    def _preset(self) -> Preset:
        return Preset(self.preset.currentData())

    def _preset_chosen(self) -> None:
        """A preset sets the resolution and bleed; either changed afterwards wins."""
        base = preset_options(self._preset(), self.saved_options)
        self.dpi.setValue(round(base.dpi))
        self.bleed.setValue(base.bleed)
        self._describe()

    def options(self) -> ImageOptions:
        return preset_options(
            self._preset(),
            self.saved_options,
            dpi=self.dpi.value(),
            bleed=round(self.bleed.value(), 2),
            sides=Sides(self.sides.currentData()),
        )

    def _describe(self) -> None:
        options = self.options()
        width, height = options.pixel_size()
        chosen = self.tree.chosen()
        cards = sum(len(cards) for _, cards in chosen)
        count = cards * len(options.sides.faces())
        corners = ", rounded corners, transparent outside" if options.rounded else ""
        self.size_note.setText(
            f"{count} image{'s' if count != 1 else ''}, each {width} {TIMES} {height} pixels "
            f"({options.card[0]:g} {TIMES} {options.card[1]:g} mm cards"
            f"{f' with {options.bleed:g} mm bleed' if options.bleed else ''}{corners})."
        )
        self.export_button.setEnabled(bool(chosen) and self.task is None)

    def _zip(self) -> bool:
        return bool(self.kind.currentData())

    def _suggested(self) -> Path:
        folder = Path(self.window_state.value("folder", str(Path.home())))
        if not folder.is_dir():
            folder = Path.home()
        name = "-".join(deck.id for deck, _ in self.tree.chosen()) or "cards"
        return folder / (f"{name}-images.zip" if self._zip() else f"{name}-images")

    def _kind_chosen(self) -> None:
        text = self.target.text().strip()
        if not text:
            self.target.setText(str(self._suggested()))
            return
        if self._zip() and not text.lower().endswith(".zip"):
            self.target.setText(text.rstrip("/") + ".zip")
        elif not self._zip() and text.lower().endswith(".zip"):
            self.target.setText(text[:-4])

    def choose_target(self) -> None:
        current = self.target.text().strip() or str(self._suggested())
        if self._zip():
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save Card Images as a Zip", current, "Zip (*.zip)"
            )
        else:
            chosen = QFileDialog.getExistingDirectory(self, "Save Card Images in a Folder", current)
        if chosen:
            self.target.setText(chosen)

    def destination(self) -> str:
        """Where the images go, as typed (a zip gets its .zip)."""
        text = self.target.text().strip()
        if self._zip() and text and not text.lower().endswith(".zip"):
            text += ".zip"
        return text

    # ------------------------------------------------------------------ exporting

    def export(self, *, overwrite: bool = False) -> Task | None:
        """Check everything, ask before replacing files, then export in the background."""
        if self.task is not None or self.confirm is not None:
            return None  # one export, or one question, at a time
        target = self.destination()
        chosen = self.tree.chosen()
        if not chosen:
            self.saved.failed("Tick the cards to export.")
            return None
        options = self.options()
        keep = self.kept()
        try:
            check_export(target, chosen, options, keep=keep, overwrite=overwrite)
        except ExistingFilesError as exc:
            self._ask_to_replace(exc)
            return None
        except (UserFileError, LayoutError) as exc:
            self.saved.failed(f"The images were not saved: {exc}")
            return None

        def work(progress: Progress) -> int:
            return export_images(target, chosen, options, progress, keep=keep, overwrite=overwrite)

        def done(count: int) -> None:
            self.window_state.set_value("folder", str(Path(target).parent))
            self.saved.saved(
                Path(target),
                f"Saved {count} image{'s' if count != 1 else ''} to {target}.",
            )
            self.images_saved.emit(target)

        self.task = run_task(self, "Exporting card images…", work, done, self._failed)
        self.export_button.setEnabled(False)
        self.task.finished.connect(self._finished)
        return self.task

    def _ask_to_replace(self, exc: ExistingFilesError) -> None:
        count = len(exc.names)
        shown = ", ".join(exc.names[:3]) + (", …" if count > 3 else "")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Replace Files?",
            f"{count} file{'s are' if count != 1 else ' is'} there already ({shown}). "
            "Replace "
            f"{'them' if count != 1 else 'it'}?",
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("replaceImages")
        replace = box.addButton("&Replace", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)  # Enter keeps the files; replacing is a choice
        box.setEscapeButton(cancel)

        def answered() -> None:
            self.confirm = None
            if box.clickedButton() is replace:
                self.export(overwrite=True)
            else:
                self.saved.failed("Nothing was replaced.")

        box.finished.connect(answered)
        self.confirm = box
        box.open()

    def _failed(self, exc: BaseException) -> None:
        self.saved.failed(f"The images were not saved: {failure_text(exc)}")

    def _finished(self) -> None:
        self.task = None
        self._describe()

    def done(self, result: int) -> None:
        if self.task is not None and self.task.is_running():
            self.saved.say("Still exporting: wait for it to finish, or cancel it.")
            return
        self.save_window_state()
        super().done(result)
