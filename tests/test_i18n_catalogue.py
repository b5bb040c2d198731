"""The English catalogue is complete, and converted files show no unwrapped French.

(a) Every string the code marks (`_`, `N_`, `ngettext`, `t`, `t_plural`) has an English
    translation in `ecandidat_app/locale/en/LC_MESSAGES/messages.po`, neither empty nor
    fuzzy, and the catalogue keeps no entry the code no longer has. Fix with
    `make i18n-update`, then write the English of the new entries.
(b) In the files of CONVERTED_FILES, no text a user reads is a bare string literal: the
    positional strings of `rx.*` component calls and the props below go through t() (a
    component) or _() (the server). Add a file to CONVERTED_FILES once it is converted."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ecandidat_app"
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "t": None, "t_plural": (1, 2)}

# Files whose user-visible text is all translated (paths from the repository root).
CONVERTED_FILES = [
    "ecandidat_app/web/components/layout.py",
    "ecandidat_app/web/components/former_student.py",
    "ecandidat_app/web/pages/home.py",
    "ecandidat_app/web/pages/login.py",
    # core: the messages and labels an applicant reads
    "ecandidat_app/core/accounts/changes.py",
    "ecandidat_app/core/accounts/common.py",
    "ecandidat_app/core/accounts/passwords.py",
    "ecandidat_app/core/accounts/recovery.py",
    "ecandidat_app/core/accounts/registration.py",
    "ecandidat_app/core/accounts/sign_in.py",
    "ecandidat_app/core/accounts/throttle.py",
    "ecandidat_app/core/applications/catalogue.py",
    "ecandidat_app/core/applications/document_rules.py",
    "ecandidat_app/core/applications/documents.py",
    "ecandidat_app/core/applications/dossier_checklist.py",
    "ecandidat_app/core/applications/dossiers.py",
    "ecandidat_app/core/applications/overview.py",
    "ecandidat_app/core/applications/profile.py",
    "ecandidat_app/core/applications/profile_checks.py",
    "ecandidat_app/core/applications/profile_references.py",
    "ecandidat_app/core/applications/profile_rules.py",
    "ecandidat_app/core/applications/submission.py",
    "ecandidat_app/core/errors.py",
    "ecandidat_app/core/files.py",
    "ecandidat_app/core/integrations/cas.py",
    "ecandidat_app/core/integrations/directory.py",
    "ecandidat_app/core/integrations/former_students.py",
    "ecandidat_app/core/models/enums.py",
    "ecandidat_app/core/privacy.py",
    "ecandidat_app/core/questions/answers.py",
    "ecandidat_app/core/questions/kinds.py",
    "ecandidat_app/core/questions/required.py",
    "ecandidat_app/core/reference/bac.py",
    "ecandidat_app/core/reference/countries.py",
    "ecandidat_app/core/validation.py",
    "ecandidat_app/web/pages/mailbox.py",
    "ecandidat_app/web/components/catalogue_parts.py",
    "ecandidat_app/web/components/checklist.py",
    "ecandidat_app/web/components/document_links.py",
    "ecandidat_app/web/components/effects.py",
    "ecandidat_app/web/components/ent_login.py",
    "ecandidat_app/web/components/forms.py",
    "ecandidat_app/web/components/profile_parts.py",
    "ecandidat_app/web/components/question_parts.py",
    "ecandidat_app/web/components/upload_zone.py",
    "ecandidat_app/web/pages/application.py",
    "ecandidat_app/web/pages/catalogue.py",
    "ecandidat_app/web/pages/forbidden.py",
    "ecandidat_app/web/pages/my_account.py",
    "ecandidat_app/web/pages/my_applications.py",
    "ecandidat_app/web/pages/password_forgotten.py",
    "ecandidat_app/web/pages/password_reset.py",
    "ecandidat_app/web/pages/profile.py",
    "ecandidat_app/web/pages/signup.py",
    "ecandidat_app/web/pages/student_login.py",
    "ecandidat_app/web/pages/validate.py",
    # staff pages
    "ecandidat_app/web/pages/staff_board.py",
    "ecandidat_app/web/pages/staff_dossier.py",
    "ecandidat_app/web/pages/staff_stats.py",
    "ecandidat_app/web/pages/staff_sis.py",
    "ecandidat_app/web/components/board_parts.py",
    "ecandidat_app/web/components/staff_board_parts.py",
    "ecandidat_app/web/components/staff_dossier_parts.py",
    "ecandidat_app/web/components/dossier_acts.py",
    "ecandidat_app/web/state/staff_board_state.py",
    "ecandidat_app/web/state/staff_board_load.py",
    "ecandidat_app/web/state/staff_dossier_state.py",
    "ecandidat_app/web/state/dossier_acts.py",
    "ecandidat_app/web/state/board_exports.py",
    "ecandidat_app/core/campaign_scope.py",
    "ecandidat_app/core/review/board.py",
    "ecandidat_app/core/review/board_columns.py",
    "ecandidat_app/core/review/campaigns.py",
    "ecandidat_app/core/review/bulk.py",
    "ecandidat_app/core/review/dossier.py",
    "ecandidat_app/core/review/dossier_changes.py",
    "ecandidat_app/core/review/exports.py",
    "ecandidat_app/core/review/one_dossier.py",
    "ecandidat_app/core/review/stats.py",
    "ecandidat_app/core/review/decisions/answers.py",
    "ecandidat_app/core/review/decisions/entry.py",
    "ecandidat_app/core/review/decisions/validation.py",
    "ecandidat_app/core/integrations/sis/batches.py",
    # admin pages
    "ecandidat_app/web/pages/admin_campaign_copy.py",
    "ecandidat_app/web/pages/admin_campaigns.py",
    "ecandidat_app/web/pages/admin_centres.py",
    "ecandidat_app/web/pages/admin_commissions.py",
    "ecandidat_app/web/pages/admin_documents.py",
    "ecandidat_app/web/pages/admin_first_campaign.py",
    "ecandidat_app/web/pages/admin_formations.py",
    "ecandidat_app/web/pages/admin_home.py",
    "ecandidat_app/web/pages/admin_letter_templates.py",
    "ecandidat_app/web/pages/admin_mail_templates.py",
    "ecandidat_app/web/pages/admin_motifs.py",
    "ecandidat_app/web/pages/admin_offer_import.py",
    "ecandidat_app/web/pages/admin_outbox.py",
    "ecandidat_app/web/pages/admin_staff.py",
    "ecandidat_app/web/components/admin_parts.py",
    "ecandidat_app/web/components/question_admin_parts.py",
    "ecandidat_app/web/components/template_editor.py",
    "ecandidat_app/web/state/campaign_pick.py",
    "ecandidat_app/web/state/crud.py",
    "ecandidat_app/web/state/question_admin.py",
    "ecandidat_app/web/state/reference_pickers.py",
    "ecandidat_app/web/state/template_editor.py",
    "ecandidat_app/core/admin/campaign_copy.py",
    "ecandidat_app/core/admin/campaign_copy_steps.py",
    "ecandidat_app/core/admin/campaigns.py",
    "ecandidat_app/core/admin/centres.py",
    "ecandidat_app/core/admin/document_types.py",
    "ecandidat_app/core/admin/formations.py",
    "ecandidat_app/core/admin/inputs.py",
    "ecandidat_app/core/admin/mail_templates.py",
    "ecandidat_app/core/admin/motifs.py",
    "ecandidat_app/core/admin/offer_file.py",
    "ecandidat_app/core/admin/offer_import.py",
    "ecandidat_app/core/admin/offer_rows.py",
    "ecandidat_app/core/admin/staff.py",
    "ecandidat_app/core/documents/letter_templates.py",
    "ecandidat_app/core/mail/monitor.py",
    "ecandidat_app/core/questions/admin.py",
]

# Props whose string a user reads or hears.
TEXT_PROPS = {"placeholder", "aria_label", "title", "alt", "label"}
# Calls whose arguments are already translated, or are no text.
WRAPPERS = {"t", "_", "N_", "ngettext", "t_plural", "translate"}
NOT_TEXT_CALLS = {"rx.icon", "rx.breakpoints", "rx.color", "rx.redirect", "rx.script"}
# Names that stay as they are in every language.
SAME_IN_EVERY_LANGUAGE = {"eCandidat"}
# A code, not a text: an id, a CSS value or class, an icon name ("graduation-cap", "1rem").
CODE = re.compile(r"^[a-z0-9_.:%#/-]*$")


def extracted() -> dict[str | tuple[str, ...], str]:
    """Every marked message of the package: msgid (a tuple for plurals) -> where."""
    found: dict[str | tuple[str, ...], str] = {}
    method_map = [("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else tuple(m for m in message if m)
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def test_the_english_catalogue_has_every_marked_string() -> None:
    with CATALOGUE.open("rb") as po:
        catalog = read_po(po, locale="en")
    source = extracted()
    problems = []
    entries = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        entries[key] = message
    for msgid, where in sorted(source.items(), key=lambda item: str(item[0])):
        message = entries.get(msgid)
        if message is None:
            problems.append(f"missing: {msgid!r} ({where})")
            continue
        strings = [message.string] if isinstance(message.string, str) else message.string
        if not all(strings):
            problems.append(f"untranslated: {msgid!r} ({where})")
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({where})")
    problems += [f"obsolete (no longer in the code): {m!r}" for m in entries if m not in source]
    problems += [f"obsolete (#~): {m!r}" for m in catalog.obsolete]
    assert not problems, "make i18n-update, then write the English:\n" + "\n".join(problems)


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _literal(node: ast.expr) -> str | None:
    """The text of a string literal (the literal parts of an f-string), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    return None


def _is_text(value: str) -> bool:
    stripped = value.strip()
    if not re.search(r"[^\W\d_]", stripped) or stripped in SAME_IN_EVERY_LANGUAGE:
        return False
    return not (CODE.match(stripped) or stripped.startswith(("http://", "https://", "mailto:")))


def unwrapped_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every user-visible string literal not passed through t()/_()."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name.split(".")[-1] in WRAPPERS or name in NOT_TEXT_CALLS:
                return  # translated here, or no text at all
            candidates = list(node.args) if name.startswith("rx.") else []
            candidates += [kw.value for kw in node.keywords if kw.arg in TEXT_PROPS]
            for arg in candidates:
                text = _literal(arg)
                if text is not None and _is_text(text):
                    found.append((arg.lineno, text))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def test_converted_files_show_no_unwrapped_french() -> None:
    problems = [
        f"{path}:{line}: {text!r}"
        for path in CONVERTED_FILES
        for line, text in unwrapped_strings((ROOT / path).read_text(encoding="utf-8"))
    ]
    assert not problems, "wrap in t() (components) or _() (server):\n" + "\n".join(problems)


def test_the_lint_finds_an_unwrapped_string_and_spares_the_rest() -> None:
    source = """
rx.text("Bonjour à tous", size="2")
rx.input(placeholder="Votre nom", id="nom-famille", aria_label=t("Nom"))
rx.link(t("Aide"), href="/aide", class_name="lien-aide")
rx.button(f"Supprimer {name}", title=_("Supprimer"))
rx.icon("graduation-cap")
rx.text(" · ", "eCandidat", "1rem")
page_frame(rx.box(), title="Mon titre")
helper("Pas un composant")
"""
    assert unwrapped_strings(source) == [
        (2, "Bonjour à tous"),
        (3, "Votre nom"),
        (5, "Supprimer "),
        (8, "Mon titre"),
    ]
