"""Preferences ▸ Privacy's encryption flows: turn on, change the passphrase, a new recovery
code, turn off; and the recovery-code page, shown once.

The work is app.services.encryption's; these forms only ask for what it needs, check it
next to the field it is about, and run it on the window's background runner (scrypt and a
whole-file conversion take from a tenth of a second to many seconds: never on this thread).
Turning encryption on or off replaces the data file, so the window lets go of its data
first and opens the new file afterwards (`DataSession.reopen`, as a restore does).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import formatting as fmt
from app.domain.errors import SteadyError, ValidationError
from app.domain.i18n import N_, _, ngettext
from app.ui import messages
from app.ui.style import heading, scaled_font, style_error_label, style_subtle_label

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

NO_WAY_BACK = N_("There is no way to open your data without your passphrase or your recovery code: "
                 "not for Steady, not for anyone. Keep the recovery code somewhere safe, away from this computer.")
KEPT_IT = N_("I have kept my recovery code somewhere safe")


def _secret_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    style_error_label(label)
    label.hide()
    return label


class _SecretForm(QDialog):
    """A small form of passphrase fields with a problem line under each and OK/Cancel."""

    def __init__(self, title: str, intro: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(heading(title, self, factor=1.2))
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.outer.addWidget(self.intro)
        self.form = QFormLayout()
        self.outer.addLayout(self.form)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QLineEdit] = {}
        self.busy = QLabel()
        style_subtle_label(self.busy)
        self.busy.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(440)

    def add_field(self, key: str, label: str, name: str) -> QLineEdit:
        field = _secret_field(name)
        caption = QLabel(label)
        caption.setBuddy(field)
        self.form.addRow(caption, field)
        error = _error_label(_("Problem with {field}").format(field=name.lower()))
        self.form.addRow("", error)
        self.fields[key], self.errors[key] = field, error
        return field

    def finish(self) -> None:
        self.outer.addWidget(self.busy)
        self.outer.addWidget(self.buttons)

    def show_problem(self, key: str, sentence: str) -> None:
        for name, label in self.errors.items():
            label.setVisible(name == key and bool(sentence))
            if name == key:
                label.setText(sentence)
        if key in self.fields and sentence:
            self.fields[key].selectAll()
            self.fields[key].setFocus()
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """A sentence that appears (a problem, "Checking…") makes the form taller rather than
        squeezing the wrapped introduction above it into a clipped strip."""
        self.outer.activate()
        need = self.heightForWidth(self.width()) if self.hasHeightForWidth() else self.sizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return "" if label.isHidden() else label.text()

    def set_busy(self, text: str) -> None:
        self.busy.setText(text)
        self.busy.setVisible(bool(text))
        if text:
            self._grow_to_fit()
        for field in self.fields.values():
            field.setEnabled(not text)
        self.buttons.setEnabled(not text)

    def submit(self) -> None:  # pragma: no cover - each form has its own
        raise NotImplementedError


class TurnOnDialog(_SecretForm):
    """A new passphrase, twice; what happens to the backups made so far."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Turn on encryption"),
                         _("Your data file will be encrypted: it opens only with your passphrase or with a "
                           "recovery code that Steady shows you once, next.") + " " + _(NO_WAY_BACK), parent)
        self.add_field("passphrase", _("New &passphrase:"), _("New passphrase"))
        self.add_field("repeated", _("&Type it again:"), _("The new passphrase again"))
        self.remove_backups = QCheckBox(_("&Remove the backups made so far instead of encrypting them"))
        self.remove_backups.setAccessibleName(_("Remove the backups made so far instead of encrypting them"))
        self.remove_backups.setToolTip(_("They are overwritten before they are removed. Unticked, they are "
                                         "encrypted like the data file."))
        self.outer.addWidget(self.remove_backups)
        self.finish()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Encrypt"))

    def submit(self) -> None:
        from app.services.encryption import check_new_passphrase

        passphrase, repeated = self.fields["passphrase"].text(), self.fields["repeated"].text()
        try:
            check_new_passphrase(passphrase, repeated)
        except ValidationError as exc:
            self.show_problem("repeated" if passphrase and repeated != passphrase else "passphrase", exc.message)
            return
        self.show_problem("", "")
        self.accept()


class CurrentSecretDialog(_SecretForm):
    """The current passphrase (or the recovery code), then whatever `work` needs it for.
    `work(secret, way)` runs on the window's runner; a wrong secret is said under the field."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None, *, new_passphrase: bool = False,
                 ok_text: str = ""):
        super().__init__(title, intro, parent)
        self.way = "passphrase"
        self.add_field("current", _("Current &passphrase:"), _("Current passphrase"))
        self.switch = QPushButton(_("Use recovery code instead"))
        self.switch.setFlat(True)
        self.switch.setAutoDefault(False)
        self.switch.clicked.connect(self.switch_way)
        self.form.addRow("", self.switch)
        self.new_passphrase = new_passphrase
        if new_passphrase:
            self.add_field("passphrase", _("New &passphrase:"), _("New passphrase"))
            self.add_field("repeated", _("&Type it again:"), _("The new passphrase again"))
        self.finish()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or _("&OK"))

    def switch_way(self) -> None:
        self.way = "recovery" if self.way == "passphrase" else "passphrase"
        field = self.fields["current"]
        field.clear()
        recovery = self.way == "recovery"
        field.setEchoMode(QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password)
        field.setAccessibleName(_("Recovery code") if recovery else _("Current passphrase"))
        label = self.form.labelForField(field)
        if isinstance(label, QLabel):
            label.setText(_("&Recovery code:") if recovery else _("Current &passphrase:"))
        self.switch.setText(_("Use my passphrase instead") if recovery else _("Use recovery code instead"))
        self.show_problem("", "")
        field.setFocus()

    def secret(self) -> str:
        return self.fields["current"].text()

    def submit(self) -> None:
        if not self.secret().strip():
            self.show_problem("current", _("Type your recovery code first.") if self.way == "recovery"
                              else _("Type your current passphrase first."))
            return
        if self.new_passphrase:
            from app.services.encryption import check_new_passphrase

            passphrase, repeated = self.fields["passphrase"].text(), self.fields["repeated"].text()
            try:
                check_new_passphrase(passphrase, repeated)
            except ValidationError as exc:
                self.show_problem("repeated" if passphrase and repeated != passphrase else "passphrase",
                                  exc.message)
                return
        self.show_problem("", "")
        self.accept()

    def secrets(self) -> dict[str, str]:
        """The keyword arguments app.services.encryption takes for the current secret."""
        return {"recovery_code" if self.way == "recovery" else "passphrase": self.secret()}


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once: Print, Copy, and "I have kept it" before Done."""

    def __init__(self, code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.code = code
        self.setWindowTitle(_("Your recovery code"))
        self.setAccessibleName(_("Your recovery code"))
        self.setModal(True)
        outer = QVBoxLayout(self)
        outer.addWidget(heading(_("Your recovery code"), self, factor=1.3))
        intro = QLabel(_("If you forget your passphrase, this code opens your data instead. Steady shows it only "
                         "now. Print it or write it down, and keep it somewhere safe, away from this computer."))
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.code_label = QLabel(code)
        self.code_label.setAccessibleName(_("Recovery code"))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(scaled_font(self, 1.5).pointSizeF())
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setContentsMargins(12, 16, 12, 16)
        outer.addWidget(self.code_label)
        row = QHBoxLayout()
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setAccessibleName(_("Print the recovery code"))
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_code)
        self.copy_button = QPushButton(_("&Copy"))
        self.copy_button.setAccessibleName(_("Copy the recovery code"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_code)
        row.addWidget(self.print_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.said = QLabel()
        style_subtle_label(self.said)
        self.said.setWordWrap(True)
        outer.addWidget(self.said)
        warning = QLabel(_(NO_WAY_BACK))
        warning.setWordWrap(True)
        outer.addWidget(warning)
        self.kept = QCheckBox(_("&I have kept my recovery code somewhere safe"))
        self.kept.setAccessibleName(_(KEPT_IT))
        outer.addWidget(self.kept)
        self.problem = _error_label(_("Before closing"))
        outer.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.done_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.done_button.setText(_("&Done"))
        self.done_button.setEnabled(False)
        self.kept.toggled.connect(self.done_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        outer.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def copy_code(self) -> None:
        QGuiApplication.clipboard().setText(self.code)
        self.said.setText(_("Copied. Paste it where you keep it (a password manager), then copy something else, "
                            "so it does not stay on the clipboard."))

    def document(self) -> QTextDocument:
        """What Print prints: the code large, with what it is for (no name, no data)."""
        doc = QTextDocument()
        doc.setDefaultFont(QFont("sans-serif", 11))
        title = _("Steady recovery code")
        what = _("This code opens your Steady data if you forget your passphrase. Keep this page somewhere "
                 "safe, away from the computer. A new code made in Preferences ▸ Privacy replaces it.")
        doc.setHtml(f"<h2>{title}</h2>"
                    f"<p style='font-family: monospace; font-size: 20pt; font-weight: bold'>{self.code}</p>"
                    f"<p>{what}</p>")
        return doc

    def print_code(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)
            self.said.setText(_("Sent to the printer."))

    def reject(self) -> None:
        if not self.kept.isChecked():
            self.problem.setText(_("Tick the box once you have kept the code; Steady will not show it again."))
            self.problem.show()
            return
        super().reject()

    @classmethod
    def show_code(cls, code: str, parent: QWidget | None) -> None:
        """The one seam tests replace (like messages)."""
        cls(code, parent).exec()


# --- the flows --------------------------------------------------------------------------------


def _data_dir(window: MainWindow) -> Any:
    session = window.data_session
    return session.data_dir if session is not None else None


def turn_on(window: MainWindow, form: TurnOnDialog | None = None,
            on_done: Callable[[], None] | None = None) -> None:
    """Ask for a passphrase, encrypt the data file on the runner, open it again with its key,
    then show the recovery code once."""
    session = window.data_session
    if session is None or window.reopen is None:
        return
    form = form or TurnOnDialog(window)
    if form.exec() != QDialog.DialogCode.Accepted:
        return
    passphrase = form.fields["passphrase"].text()
    remove = form.remove_backups.isChecked()
    data_dir = session.data_dir
    page = window.stack.currentIndex()
    window.reopen(True)

    def work(task):
        from app.services.encryption import turn_on as encrypt
        from app.services.encryption import unlock

        task.no_turning_back()
        result = encrypt(data_dir, passphrase, remove_plain_backups=remove)
        return result, unlock(data_dir, passphrase=passphrase)

    def done(outcome) -> None:
        result, key = outcome
        _reopen(window, page, key)
        window.locker.unlocker = session
        RecoveryCodeDialog.show_code(result.recovery_code, window)
        if result.backups_left_plain:
            left = len(result.backups_left_plain)
            messages.warn(window, _("Some backups are not encrypted"),
                          ngettext("{n} backup could not be encrypted and is still readable without your "
                                   "passphrase; remove it from the backups folder.",
                                   "{n} backups could not be encrypted and are still readable without your "
                                   "passphrase; remove them from the backups folder.", left).format(n=fmt.number(left)))
        window.show_status(_("Your data file is encrypted. It opens with your passphrase or your recovery code."))
        if on_done is not None:
            on_done()

    def failed(sentence: str) -> None:
        _reopen(window, page, None)
        messages.warn(window, _("Encryption was not turned on"), sentence)

    window.runner.run(work, label=_("Encrypting your data…"), show_in=window, on_done=done, on_failed=failed)


def _reopen(window: MainWindow, page: int, key: Any) -> None:
    session = window.data_session
    try:
        if key is not None:
            session.open(key)
        else:
            assert window.reopen is not None  # app.main's data session, which offers encryption, gives one
            window.reopen(False)
    except SteadyError as exc:
        window._show_unopened(exc.message)
        return
    window.show_page(page)


def turn_off(window: MainWindow, form: CurrentSecretDialog | None = None,
             on_done: Callable[[], None] | None = None) -> None:
    """After the passphrase (or code): decrypt the data file into a plain one and open it."""
    session = window.data_session
    if session is None or window.reopen is None:
        return
    form = form or CurrentSecretDialog(
        _("Turn off encryption"),
        _("Your data file will be stored without encryption again: anyone who can open files on this "
          "computer account can read it. Backups made while it was encrypted stay encrypted."),
        window, ok_text=_("&Turn off"))
    data_dir = session.data_dir
    page = window.stack.currentIndex()
    while True:
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        secrets = form.secrets()
        # The secret is checked first, with the data still open: a wrong one is said in the form.
        problem = _check_secret(window, form, data_dir, secrets)
        if problem is None:
            break
        form.show_problem("current", problem)
    window.reopen(True)

    def work(task):
        from app.services.encryption import turn_off as decrypt

        task.no_turning_back()
        decrypt(data_dir, **secrets)

    def done(_result) -> None:
        session.forget_key()
        window.locker.unlocker = None
        _reopen(window, page, None)
        window.show_status(_("Your data file is no longer encrypted."))
        if on_done is not None:
            on_done()

    def failed(sentence: str) -> None:
        _reopen(window, page, session.key)
        messages.warn(window, _("Encryption was not turned off"), sentence)

    window.runner.run(work, label=_("Decrypting your data…"), show_in=window, on_done=done, on_failed=failed)


def _check_secret(window: MainWindow, form: _SecretForm, data_dir: Any, secrets: dict[str, str]) -> str | None:
    """None when the secret opens the data file, else the sentence (worked out on the runner)."""
    from app.services.encryption import unlock

    outcome = _attempt(window, form, _("Checking…"), lambda: unlock(data_dir, **secrets).wipe())
    return outcome.get("problem")


def change_passphrase(window: MainWindow, form: CurrentSecretDialog | None = None) -> None:
    """The current passphrase (or the code) and a new one: the key files are rewritten."""
    session = window.data_session
    if session is None:
        return
    form = form or CurrentSecretDialog(
        _("Change passphrase"), _("The data file is not re-encrypted; its key is locked with the new passphrase "
                                  "(and so are the backups' keys), and the old passphrase stops working."), window,
        new_passphrase=True, ok_text=_("&Change"))
    _run_with_secret(window, form, _("Changing your passphrase…"),
                     lambda secrets, new: _change(session.data_dir, secrets, new),
                     lambda _n: window.show_status(_("Your passphrase is changed; the old one no longer opens "
                                                     "your data or its backups.")))


def _change(data_dir: Any, secrets: dict[str, str], new: str) -> int:
    from app.services.encryption import change_passphrase as change

    return change(data_dir, new, **secrets)


def new_recovery_code(window: MainWindow, form: CurrentSecretDialog | None = None) -> None:
    """After the passphrase: a new recovery code, shown once; the old one stops working."""
    session = window.data_session
    if session is None:
        return
    form = form or CurrentSecretDialog(
        _("Show a new recovery code"), _("Steady makes a new recovery code and shows it once. The old code stops "
                                         "opening your data and its backups."), window, ok_text=_("&Make a new code"))

    def made(code: str) -> None:
        RecoveryCodeDialog.show_code(code, window)
        window.show_status(_("Your new recovery code is set; the old one no longer opens your data."))

    _run_with_secret(window, form, _("Making a new recovery code…"),
                     lambda secrets, new: _new_code(session.data_dir, secrets), made)


def _new_code(data_dir: Any, secrets: dict[str, str]) -> str:
    from app.services.encryption import new_recovery_code as make

    return make(data_dir, **secrets)


def _run_with_secret(window: MainWindow, form: CurrentSecretDialog, label: str,
                     work: Callable[[dict[str, str], str], Any], done: Callable[[Any], None]) -> None:
    """Run `work` on the runner each time the form is accepted, until it succeeds or the
    person cancels; a wrong secret is said under its field and the form comes back."""
    while form.exec() == QDialog.DialogCode.Accepted:
        secrets = form.secrets()
        new = form.fields["passphrase"].text() if "passphrase" in form.fields else ""
        outcome = _attempt(window, form, label, partial(work, secrets, new))
        if "problem" in outcome:
            form.show_problem("current", outcome["problem"])
            continue
        done(outcome.get("value"))
        return


def _attempt(window: MainWindow, form: _SecretForm, label: str, work: Callable[[], Any]) -> dict[str, Any]:
    """`work()` on the window's runner, waited for with the event loop turning (the form
    says what it is doing meanwhile): {"value": …} or {"problem": sentence}."""
    outcome: dict[str, Any] = {}
    form.set_busy(label)
    window.runner.run(lambda task: work(), label=label, show_in=window,
                      on_done=lambda value: outcome.setdefault("value", value),
                      on_failed=lambda sentence: outcome.setdefault("problem", sentence))
    window.runner.wait()
    form.set_busy("")
    return outcome


__all__ = ["KEPT_IT", "NO_WAY_BACK", "CurrentSecretDialog", "RecoveryCodeDialog", "TurnOnDialog",
           "change_passphrase", "new_recovery_code", "turn_off", "turn_on"]
