"""File ▸ Print Cards…: choose cards and layout, see the pages, save a print-ready PDF.

The choices are the command line's (``leadcards print deck``) and start from the same saved
defaults. Every change redraws the preview from the PDF itself, off the GUI thread, a
moment after the last change; a card that will not fit is named above the preview and
Save is held back until it fits. Saving runs in the background with a progress bar and
keeps the layout settings as the new defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from leadcards.deck import Card, Deck
from leadcards.fileio import Keep, UserFileError, write_bytes
from leadcards.library import Library
from leadcards.paths import Paths
from leadcards.printing import settings
from leadcards.printing.deck_pdf import (
    DeckReport,
    calibration_pdf_bytes,
    deck_pdf_bytes,
)
from leadcards.printing.layout import (
    CARD_SIZES,
    MAX_BLEED_MM,
    MAX_OFFSET_MM,
    PAPERS,
    SCALE_RANGE,
    FlipEdge,
    Geometry,
    LayoutError,
    Mode,
    Orientation,
)
from leadcards.printing.options import BackSection, PrintOptions, ShopOrder
from leadcards.printing.preview import PagePicture, render_pages
from leadcards.printing.text import placeholder_note
from leadcards.progress import Progress
from leadcards.ui.appearance import SPACING
from leadcards.ui.background import Task, run_task
from leadcards.ui.card_picker import CardPicker
from leadcards.ui.focus_ring import rings_from_the_start
from leadcards.ui.page_preview import PagePreview
from leadcards.ui.saved_pdf import (
    ButtonRow,
    SavedNote,
    ask_for_pdf,
    failure_text,
    keep_focus_style,
)
from leadcards.ui.settings import WindowState, WindowStateMixin

PREVIEW_PAGES = 6
PREVIEW_WIDTH = 300  # pixels for a page's width in the preview
PREVIEW_DELAY_MS = 250
CUSTOM = "custom"
TIMES = "\N{MULTIPLICATION SIGN}"

SIZE_NAMES = {
    "tarot": "Tarot",
    "poker": "Poker",
    "bridge": "Bridge",
    "mini": "Mini",
    "a6": "A6",
    "a7": "A7",
}
PAPER_NAMES = {"a4": "A4", "letter": "Letter", "a3": "A3"}
MODE_NAMES = {
    Mode.DUPLEX: "Two-sided, at home",
    Mode.SINGLE: "One side at a time, or to glue",
    Mode.GUTTERFOLD: "Fold-over, one-sided",
    Mode.PRINT_SHOP: "Print shop: one card face per page",
}
SECTION_NAMES = {
    BackSection.INDICATORS: "Indicators",
    BackSection.PROMPTS: "Questions (written by LeadCards)",
    BackSection.WHY: "The card's own sections (Why it matters…)",
    BackSection.EXAMPLES: "Examples",
}


@dataclass(frozen=True)
class Preview:
    report: DeckReport
    pictures: list[PagePicture]
    ratio: float


def make_preview(
    chosen: list[tuple[Deck, tuple[Card, ...]]],
    options: PrintOptions,
    ratio: float,
    progress: Progress,
) -> Preview:
    """The first pages of the file, drawn as pictures (runs off the GUI thread)."""
    data, report = deck_pdf_bytes(chosen, options, progress, page_limit=PREVIEW_PAGES)
    width, height = report.page_size
    scale = min(PREVIEW_WIDTH / width, PREVIEW_WIDTH * 1.414 / height)  # fit an A-series box
    dpi = 72 * scale * ratio
    return Preview(report, render_pages(data, dpi=dpi, limit=PREVIEW_PAGES), ratio)


def _size_box(table: dict[str, tuple[float, float]], names: dict[str, str], name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for key, label in names.items():
        width, height = table[key]
        box.addItem(f"{label}  ({width:g} {TIMES} {height:g} mm)", key)
    box.addItem("Custom size", CUSTOM)
    return box


def _millimetres(name: str, low: float, high: float, step: float, decimals: int) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setAccessibleName(name)
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSuffix(" mm")
    return box


class PrintDialog(WindowStateMixin, QDialog):
    preview_updated = Signal()  # the pages or the warning now match the choices
    pdf_saved = Signal(str)
    printer_saved = Signal(str)  # the name of the printer profile just saved

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
        self.window_state = WindowState(paths, "print")
        self.setWindowTitle("Print Cards")
        self.setObjectName("printDialog")
        self.resize(1100, 760)
        loaded = settings.load(paths.config_dir, settings.system_locale())
        self.preview_task: Task | None = None
        self.save_task: Task | None = None
        self.stale = False  # the choices changed while a preview was being made
        self.generation = 0  # counts previews asked for; only the latest one is shown
        self.ready = False  # the last preview succeeded: the file can be saved
        self.last_report: DeckReport | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)

        self.printers: dict[str, settings.PrinterProfile] = {}
        self._build(loaded.problems)
        self._set_options(loaded.options)
        self._show_printers(loaded.printers, loaded.printer)
        self._printer_chosen()  # the profile used last sets the offset and scale
        self.tree.check_deck(deck_id)
        self._connect()
        self.restore_window_state()
        keep_focus_style(self)
        rings_from_the_start(self)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)  # the first choice: which cards
        self.refresh_preview()

    # ------------------------------------------------------------------ building

    def _build(self, problems: tuple[str, ...]) -> None:
        form = QWidget()
        column = QVBoxLayout(form)
        column.setSpacing(SPACING)
        column.addWidget(self._cards_group(), 1)
        column.addWidget(self._layout_group())
        column.addWidget(self._backs_group())
        column.addWidget(self._alignment_group())
        scroller = QScrollArea()
        # Not a Tab stop of its own (an unnamed one): every control in it is, and the area
        # scrolls the focused one into view.
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidgetResizable(True)
        scroller.setWidget(form)
        scroller.setMinimumWidth(380)

        self.summary = QLabel()
        self.summary.setObjectName("printSummary")
        self.summary.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("printWarning")
        self.warning.setWordWrap(True)
        self.warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning.setAccessibleName("Problem")
        self.warning.setStyleSheet(
            "QLabel#printWarning { border: 1px solid #B3261E; border-radius: 4px; padding: 6px; }"
        )
        self.warning.hide()
        self.settings_note = QLabel(
            "Some saved print settings made no sense and were left out: " + "; ".join(problems)
        )
        self.settings_note.setObjectName("settingsNote")
        self.settings_note.setWordWrap(True)
        self.settings_note.setVisible(bool(problems))
        self.preview = PagePreview()
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.summary)
        right_column.addWidget(self.settings_note)
        right_column.addWidget(self.warning)
        right_column.addWidget(self.preview, 1)

        splitter = QSplitter()
        splitter.addWidget(scroller)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.saved = SavedNote()
        self.saved_note, self.open_button = self.saved.label, self.saved.open_button
        buttons = ButtonRow()
        self.calibration_button = buttons.addButton(
            "Calibration Sheet…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.calibration_button.setToolTip(
            "A two-sided test sheet that shows how far your printer puts the backs off"
        )
        self.save_button = buttons.addButton("Save PDF…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until a preview shows the file can be made
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        self.calibration_button.clicked.connect(self.choose_calibration_file)
        self.save_button.clicked.connect(self.choose_file)
        footer = QHBoxLayout()
        footer.addWidget(self.saved, 1)
        footer.addWidget(buttons)

        outer = QVBoxLayout(self)
        outer.addWidget(splitter, 1)
        outer.addLayout(footer)

    def _cards_group(self) -> QGroupBox:
        group = QGroupBox("Cards")
        layout = QVBoxLayout(group)
        self.tree = CardPicker(self.library.decks)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        self.copies = QSpinBox()
        self.copies.setRange(1, 50)
        self.copies.setAccessibleName("Copies of each card")
        copies_label = QLabel("Copies of each card:")
        copies_label.setBuddy(self.copies)
        row.addWidget(copies_label)
        row.addWidget(self.copies)
        row.addStretch(1)
        layout.addLayout(row)
        return group

    def _layout_group(self) -> QGroupBox:
        group = QGroupBox("Size and paper")
        form = QFormLayout(group)
        self.card_size = _size_box(CARD_SIZES, SIZE_NAMES, "Card size")
        self.card_w = _millimetres("Custom card width", 20, 1000, 0.5, 2)
        self.card_h = _millimetres("Custom card height", 20, 1000, 0.5, 2)
        self.custom_card = self._pair(self.card_w, self.card_h)
        self.paper = _size_box(PAPERS, PAPER_NAMES, "Paper")
        self.paper_w = _millimetres("Custom paper width", 20, 1000, 1, 2)
        self.paper_h = _millimetres("Custom paper height", 20, 1000, 1, 2)
        self.custom_paper = self._pair(self.paper_w, self.paper_h)
        self.orientation = QComboBox()
        self.orientation.setAccessibleName("Orientation")
        for value, label in (
            (Orientation.AUTO, "Whichever holds more cards"),
            (Orientation.PORTRAIT, "Portrait"),
            (Orientation.LANDSCAPE, "Landscape"),
        ):
            self.orientation.addItem(label, value)
        self.mode = QComboBox()
        self.mode.setAccessibleName("How it is printed")
        for mode, label in MODE_NAMES.items():
            self.mode.addItem(label, mode)
        self.flip = QComboBox()
        self.flip.setAccessibleName("Flip edge")
        self.flip.addItem("Long edge (usual for portrait)", FlipEdge.LONG)
        self.flip.addItem("Short edge", FlipEdge.SHORT)
        self.bleed = _millimetres("Bleed", 0, MAX_BLEED_MM, 0.5, 2)
        self.crop_marks = QCheckBox("Crop marks")
        self.colour = QComboBox()
        self.colour.setAccessibleName("Colour")
        self.colour.addItem("RGB, for home and office printers", False)
        self.colour.addItem("CMYK, for print shops", True)
        self.shop_order = QComboBox()
        self.shop_order.setAccessibleName("Page order for the print shop")
        self.shop_order.addItem("Front, back, front, back…", ShopOrder.INTERLEAVED)
        self.shop_order.addItem("Every front, then every back", ShopOrder.FRONTS_FIRST)
        self.instructions = QCheckBox("Instructions page first")
        form.addRow("Card size:", self.card_size)
        form.addRow("", self.custom_card)
        form.addRow("Paper:", self.paper)
        form.addRow("", self.custom_paper)
        form.addRow("Orientation:", self.orientation)
        form.addRow("Printing:", self.mode)
        form.addRow("Flip on the:", self.flip)
        form.addRow("Page order:", self.shop_order)
        form.addRow("Bleed:", self.bleed)
        form.addRow("Colour:", self.colour)
        form.addRow("", self.crop_marks)
        form.addRow("", self.instructions)
        self.layout_form = form
        return group

    def _pair(self, first: QDoubleSpinBox, second: QDoubleSpinBox) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first)
        row.addWidget(QLabel(TIMES))
        row.addWidget(second)
        return holder

    def _backs_group(self) -> QGroupBox:
        group = QGroupBox("On the backs")
        layout = QVBoxLayout(group)
        self.sections: dict[BackSection, QCheckBox] = {}
        for section, label in SECTION_NAMES.items():
            box = QCheckBox(label)
            self.sections[section] = box
            layout.addWidget(box)
        return group

    def _alignment_group(self) -> QGroupBox:
        group = QGroupBox("If the backs land off their fronts")
        form = QFormLayout(group)
        self.offset_x = _millimetres("Move backs across", -MAX_OFFSET_MM, MAX_OFFSET_MM, 0.1, 2)
        self.offset_y = _millimetres("Move backs up", -MAX_OFFSET_MM, MAX_OFFSET_MM, 0.1, 2)
        self.back_scale = QDoubleSpinBox()
        self.back_scale.setAccessibleName("Scale backs")
        low, high = SCALE_RANGE
        self.back_scale.setRange(low * 100, high * 100)
        self.back_scale.setSingleStep(0.1)
        self.back_scale.setDecimals(2)
        self.back_scale.setSuffix(" %")
        self.printer = QComboBox()
        self.printer.setAccessibleName("Printer profile")
        # As wide as the boxes beside it, whatever the names: the column never scrolls.
        self.printer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.printer.setMinimumContentsLength(12)
        self.printer.setToolTip(
            "The back offset and scale of a printer (or a tray), saved under its name"
        )
        self.save_printer_button = QPushButton("Save as Profile…")
        self.save_printer_button.setAccessibleName("Save the offset and scale as a printer profile")
        self.delete_printer_button = QPushButton("Delete Profile")
        self.delete_printer_button.setAccessibleName("Delete the chosen printer profile")
        for button in (self.save_printer_button, self.delete_printer_button):
            button.setAutoDefault(False)
        profile_buttons = QWidget()
        row = QHBoxLayout(profile_buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.save_printer_button)
        row.addWidget(self.delete_printer_button)
        row.addStretch(1)
        self.printer_note = QLabel()
        self.printer_note.setObjectName("printerNote")
        self.printer_note.setWordWrap(True)
        form.addRow("Printer profile:", self.printer)
        form.addRow("Move backs across:", self.offset_x)
        form.addRow("Move backs up:", self.offset_y)
        form.addRow("Scale backs:", self.back_scale)
        form.addRow(profile_buttons)  # across both columns: the column stays narrow
        form.addRow("", self.printer_note)
        return group

    # ------------------------------------------------------------------ printer profiles

    def _show_printers(
        self, printers: tuple[settings.PrinterProfile, ...], chosen: str | None
    ) -> None:
        """The saved profiles in the list, ``chosen`` selected (None: no profile)."""
        self.printers = {profile.name: profile for profile in printers}
        with QSignalBlocker(self.printer):
            self.printer.clear()
            self.printer.addItem("None: the offset and scale below", None)
            for profile in printers:
                dx, dy = profile.back_offset
                self.printer.addItem(
                    f"{profile.name}  ({dx:+.1f}, {dy:+.1f} mm, {profile.back_scale:.1%})",
                    profile.name,
                )
            self.printer.setCurrentIndex(max(0, self.printer.findData(chosen)) if chosen else 0)
        self.delete_printer_button.setEnabled(self.printer.currentData() is not None)

    def chosen_printer(self) -> str | None:
        name = self.printer.currentData()
        return name if isinstance(name, str) else None

    def _printer_chosen(self) -> None:
        """A profile sets the offset and scale (changed afterwards, they are no profile's)."""
        name = self.chosen_printer()
        self.delete_printer_button.setEnabled(name is not None)
        profile = self.printers.get(name) if name else None
        if profile is None:
            return
        with QSignalBlocker(self.offset_x), QSignalBlocker(self.offset_y):
            self.offset_x.setValue(profile.back_offset[0])
            self.offset_y.setValue(profile.back_offset[1])
        with QSignalBlocker(self.back_scale):
            self.back_scale.setValue(profile.back_scale * 100)
        self.schedule_preview()

    def _alignment_edited(self) -> None:
        name = self.chosen_printer()
        profile = self.printers.get(name) if name else None
        if profile is not None and profile.apply(self.options()) != self.options():
            with QSignalBlocker(self.printer):
                self.printer.setCurrentIndex(0)
            self.delete_printer_button.setEnabled(False)

    def ask_printer_name(self) -> QInputDialog:
        """Save as Printer Profile…: asks for a name (the chosen profile's, to replace it)."""
        prompt = QInputDialog(self)
        prompt.setObjectName("printerName")
        prompt.setWindowTitle("Save Printer Profile")
        prompt.setLabelText(
            "A name for this printer's back offset and scale (e.g. Office laser, tray 2):"
        )
        prompt.setTextValue(self.chosen_printer() or "")
        prompt.textValueSelected.connect(self.save_printer)
        prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        prompt.open()
        return prompt

    def save_printer(self, name: str) -> bool:
        options = self.options()
        profile = settings.PrinterProfile(name, options.back_offset, options.back_scale)
        try:
            saved = settings.save_printer(self.paths.config_dir, profile)
        except (LayoutError, OSError, UserFileError) as exc:
            self.printer_note.setText(f"The printer profile was not saved: {failure_text(exc)}")
            return False
        self._show_printers(saved.printers, saved.printer)
        self.printer_note.setText(f"Saved the printer profile \u201c{saved.printer}\u201d.")
        self.printer_saved.emit(saved.printer or "")
        return True

    def delete_printer(self) -> bool:
        name = self.chosen_printer()
        if name is None:
            return False
        try:
            saved = settings.delete_printer(self.paths.config_dir, name)
        except (LayoutError, OSError, UserFileError) as exc:
            self.printer_note.setText(f"The printer profile was not deleted: {failure_text(exc)}")
            return False
        self._show_printers(saved.printers, None)
        self.printer_note.setText(
            f"Deleted the printer profile \u201c{name}\u201d. The offset and scale stay "
            "as they are."
        )
        return True

    def _connect(self) -> None:
        self.tree.itemChanged.connect(self.schedule_preview)
        for box in (
            self.card_size,
            self.paper,
            self.orientation,
            self.mode,
            self.flip,
            self.colour,
            self.shop_order,
        ):
            box.currentIndexChanged.connect(self.schedule_preview)
        for spin in (
            self.card_w,
            self.card_h,
            self.paper_w,
            self.paper_h,
            self.bleed,
            self.offset_x,
            self.offset_y,
            self.back_scale,
        ):
            spin.valueChanged.connect(self.schedule_preview)
        self.copies.valueChanged.connect(self.schedule_preview)
        self.printer.currentIndexChanged.connect(self._printer_chosen)
        for spin in (self.offset_x, self.offset_y, self.back_scale):
            spin.valueChanged.connect(self._alignment_edited)
        self.save_printer_button.clicked.connect(self.ask_printer_name)
        self.delete_printer_button.clicked.connect(self.delete_printer)
        for check in (self.crop_marks, self.instructions, *self.sections.values()):
            check.toggled.connect(self.schedule_preview)

    # ------------------------------------------------------------------ the choices

    def _set_options(self, options: PrintOptions) -> None:
        geometry = options.geometry
        self._set_size(self.card_size, self.card_w, self.card_h, geometry.card, CARD_SIZES)
        self._set_size(self.paper, self.paper_w, self.paper_h, geometry.paper, PAPERS)
        for box, value in (
            (self.orientation, geometry.orientation),
            (self.mode, geometry.mode),
            (self.flip, geometry.flip),
            (self.colour, options.cmyk),
            (self.shop_order, options.shop_order),
        ):
            box.setCurrentIndex(max(0, box.findData(value)))
        self.bleed.setValue(geometry.bleed)
        self.crop_marks.setChecked(geometry.crop_marks)
        self.instructions.setChecked(options.instructions)
        for section, tick in self.sections.items():
            tick.setChecked(section in options.back_sections)
        self.offset_x.setValue(options.back_offset[0])
        self.offset_y.setValue(options.back_offset[1])
        self.back_scale.setValue(options.back_scale * 100)
        self._enable_for_mode()

    def _set_size(
        self,
        box: QComboBox,
        width: QDoubleSpinBox,
        height: QDoubleSpinBox,
        size: tuple[float, float],
        table: dict[str, tuple[float, float]],
    ) -> None:
        name = settings.size_text(size, table)
        box.setCurrentIndex(max(0, box.findData(name if name in table else CUSTOM)))
        width.setValue(size[0])
        height.setValue(size[1])

    def _size(
        self,
        box: QComboBox,
        width: QDoubleSpinBox,
        height: QDoubleSpinBox,
        table: dict[str, tuple[float, float]],
    ) -> tuple[float, float]:
        key = box.currentData()
        return table[key] if key in table else (width.value(), height.value())

    def options(self) -> PrintOptions:
        """The layout the dialog shows (the card choice and copies apart)."""
        geometry = Geometry(
            card=self._size(self.card_size, self.card_w, self.card_h, CARD_SIZES),
            paper=self._size(self.paper, self.paper_w, self.paper_h, PAPERS),
            orientation=Orientation(self.orientation.currentData()),
            mode=self._mode(),
            flip=FlipEdge(self.flip.currentData()),
            bleed=round(self.bleed.value(), 2),
            crop_marks=self.crop_marks.isChecked(),
        )
        return PrintOptions(
            geometry=geometry,
            back_sections=tuple(s for s, box in self.sections.items() if box.isChecked()),
            back_offset=(round(self.offset_x.value(), 2), round(self.offset_y.value(), 2)),
            back_scale=round(self.back_scale.value() / 100, 4),
            cmyk=bool(self.colour.currentData()),
            instructions=self.instructions.isChecked(),
            shop_order=ShopOrder(self.shop_order.currentData()),
        )

    def chosen(self) -> list[tuple[Deck, tuple[Card, ...]]]:
        """The ticked cards, deck by deck, in deck order."""
        return self.tree.chosen()

    def _mode(self) -> Mode:
        return Mode(self.mode.currentData())  # Qt hands enum data back as plain text

    def _enable_for_mode(self) -> None:
        mode = self._mode()
        shop = mode is Mode.PRINT_SHOP
        self.flip.setEnabled(mode in (Mode.DUPLEX, Mode.SINGLE))
        self.shop_order.setEnabled(shop)
        self.crop_marks.setEnabled(not shop)
        self.instructions.setEnabled(not shop)
        self.paper.setEnabled(not shop)
        self.orientation.setEnabled(not shop)
        form = self.layout_form
        form.setRowVisible(self.custom_card, self.card_size.currentData() == CUSTOM)
        form.setRowVisible(self.custom_paper, self.paper.currentData() == CUSTOM and not shop)

    # ------------------------------------------------------------------ preview

    def schedule_preview(self) -> None:
        self._enable_for_mode()
        self.ready = False
        self.save_button.setEnabled(False)
        self.timer.start()

    def _problem(self) -> str | None:
        """What is wrong with the choices before any layout is tried."""
        if not self.chosen():
            return "Tick the cards to print."
        if not any(box.isChecked() for box in self.sections.values()):
            return "Choose at least one thing to print on the backs."
        return None

    def refresh_preview(self) -> None:
        if self.preview_task is not None and self.preview_task.is_running():
            self.stale = True
            self.preview_task.cancel()
            return
        self.stale = False
        self.generation += 1
        generation = self.generation
        problem = self._problem()
        if problem:
            self._show_problem(problem)
            return
        chosen = self.chosen()
        options = replace(self.options(), copies=self.copies.value())
        ratio = self.devicePixelRatioF()
        self.summary.setText("Laying out the cards…")

        def work(progress: Progress) -> Preview:
            return make_preview(chosen, options, ratio, progress)

        self.preview_task = run_task(
            self,
            "Preview",
            work,
            lambda preview: self._preview_done(generation, preview),
            lambda exc: self._preview_failed(generation, exc),
            quiet=True,
        )
        self.preview_task.finished.connect(self._preview_finished)

    def _preview_finished(self) -> None:
        if self.stale and self.isVisible():
            self.refresh_preview()

    def _current(self, generation: int) -> bool:
        """Whether a finished preview still matches the choices shown."""
        return generation == self.generation and not self.stale and not self.timer.isActive()

    def _preview_done(self, generation: int, preview: Preview) -> None:
        if not self._current(generation):
            return
        report = preview.report
        self.last_report = report
        width, height = (round(v / 72 * 25.4) for v in report.page_size)
        cards = f"{report.cards} card{'s' if report.cards != 1 else ''}"
        layout = (
            f"{report.per_page} per page on {width} {TIMES} {height} mm"
            if self._mode() is not Mode.PRINT_SHOP
            else f"one face per {width} {TIMES} {height} mm page"
        )
        self.summary.setText(
            f"{cards} on {report.pages} pages, {layout}. Smallest text {report.smallest_text:g} pt."
        )
        self.warning.hide()
        self.preview.show_pages(preview.pictures, report.pages, preview.ratio)
        self.ready = True
        self.save_button.setEnabled(self.save_task is None)
        self.preview_updated.emit()

    def _preview_failed(self, generation: int, exc: BaseException) -> None:
        if not self._current(generation):
            return
        if isinstance(exc, LayoutError):
            self._show_problem(str(exc))
        else:
            self._show_problem(f"The preview could not be made: {exc}")

    def _show_problem(self, text: str) -> None:
        self.ready = False
        self.save_button.setEnabled(False)
        self.summary.setText("Nothing can be printed with these choices yet.")
        self.warning.setText(text)
        self.warning.show()
        self.preview.show_message("No preview: see the message above.")
        self.preview_updated.emit()

    # ------------------------------------------------------------------ saving

    def _folder(self) -> Path:
        folder = Path(self.window_state.value("folder", str(Path.home())))
        return folder if folder.is_dir() else Path.home()

    def choose_file(self) -> None:
        name = "-".join(deck.id for deck, _ in self.chosen()) or "cards"
        target = ask_for_pdf(self, "Save Cards as PDF", self._folder() / f"{name}.pdf")
        if target is not None:
            self.save_to(target)

    def save_to(self, target: Path) -> Task | None:
        """Write the PDF in the background; keep the layout as the new defaults."""
        if not self.ready:
            return None
        keep = self.kept()
        if not self.saved.may_write(target, keep):
            return None
        chosen = self.chosen()
        options = self.options()
        whole = replace(options, copies=self.copies.value())
        config = self.paths.config_dir
        printer = self.chosen_printer()

        def work(progress: Progress) -> tuple[DeckReport, str | None]:
            data, report = deck_pdf_bytes(chosen, whole, progress)
            write_bytes(target, data, keep=keep)
            try:
                settings.save(config, options, printer=printer)
            except (OSError, UserFileError) as exc:
                return report, f"(the settings were not kept as defaults: {failure_text(exc)})"
            return report, None

        def done(result: tuple[DeckReport, str | None]) -> None:
            report, note = result
            self.window_state.set_value("folder", str(target.parent))
            missing = f". {placeholder_note(report.missing)}" if report.missing else ""
            self.saved.saved(
                target,
                f"Saved {report.cards} cards on {report.pages} pages to {target}{missing}"
                + (f" {note}" if note else ""),
            )
            self.pdf_saved.emit(str(target))

        self.save_task = run_task(self, f"Saving {target.name}…", work, done, self._save_failed)
        self.save_button.setEnabled(False)
        self.save_task.finished.connect(self._save_finished)
        return self.save_task

    def _save_finished(self) -> None:
        self.save_task = None
        self.save_button.setEnabled(self.ready)

    def _save_failed(self, exc: BaseException) -> None:
        self.saved.failed(f"The PDF was not saved: {failure_text(exc)}")

    def choose_calibration_file(self) -> None:
        target = ask_for_pdf(
            self, "Save Calibration Sheet", self._folder() / "leadcards-calibration.pdf"
        )
        if target is not None:
            self.save_calibration_to(target)

    def save_calibration_to(self, target: Path) -> Task | None:
        geometry = self.options().geometry
        keep = self.kept()
        if not self.saved.may_write(target, keep):
            return None

        def work(progress: Progress) -> None:
            write_bytes(target, calibration_pdf_bytes(geometry), keep=keep)

        def done(_: None) -> None:
            self.saved.saved(
                target,
                f"Saved the calibration sheet to {target}. Print it two-sided at Actual size.",
            )

        return run_task(self, "Saving the calibration sheet…", work, done, self._save_failed)

    # ------------------------------------------------------------------ closing

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light and dark followed
            keep_focus_style(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # Opened again after closing mid-preview: make the preview the closing cancelled.
        running = self.preview_task is not None and self.preview_task.is_running()
        if not self.ready and not running and not self.timer.isActive():
            self.refresh_preview()

    def done(self, result: int) -> None:
        if self.save_task is not None and self.save_task.is_running():
            # The dialog stays until the file is written (or the saving is cancelled), so
            # its outcome is never reported to a window nobody can see.
            self.saved.say("Still saving: wait for it to finish, or cancel it.")
            return
        self.timer.stop()
        if self.preview_task is not None and self.preview_task.is_running():
            self.preview_task.cancel()
            self.stale = True  # whatever it makes now is not shown
        self.save_window_state()
        super().done(result)
