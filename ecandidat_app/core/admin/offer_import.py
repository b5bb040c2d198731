"""Import of the formation offer (centres, commissions, pieces, formations of the current
campaign) from a CSV or XLSX file; format in docs/import-offre.md.

- `preview_offer` (the dry run) reads and checks every line, writes nothing, and says what
  the import would create, what is already there, and every refused line with its number
  and the French reason.
- `import_offer` does the same checks and, only when no line is refused, creates everything
  in the caller's transaction: all or nothing. Codes already in the base are left as they
  are, so importing the same file twice creates nothing the second time.
The admin page calls both as the signed-in administrator; `ecandidat import-offre` (run by
the server's operator) calls `run_offer_file` with no account."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ecandidat_app.core import audit
from ecandidat_app.core.admin.formations import formation_search_text
from ecandidat_app.core.admin.offer_file import OfferRow, read_offer
from ecandidat_app.core.admin.offer_rows import FormationLine, OfferBook
from ecandidat_app.core.clock import Clock, system_clock
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import (
    Account,
    Campaign,
    Centre,
    Commission,
    DocumentType,
    Formation,
    FormationDocument,
)
from ecandidat_app.core.models.enums import LEVEL_LABELS
from ecandidat_app.core.models.ids import id_of
from ecandidat_app.core.permissions import require_admin

NO_CAMPAIGN = N_("Aucune campagne en cours : créez d'abord la première campagne.")


@dataclass(frozen=True)
class Refusal:
    line: int
    reason: str


@dataclass(frozen=True)
class OfferReport:
    """What the import would create (or created), display-ready, in French."""

    campaign: str
    creations: list[str]
    kept: list[str]
    refusals: list[Refusal]
    formations: int
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.refusals

    def summary_fr(self) -> str:
        verb = "créés" if self.applied else "à créer"
        lines = [f"Campagne : {self.campaign}", f"Éléments {verb} : {len(self.creations)}"]
        lines += [f"  + {c}" for c in self.creations]
        if self.kept:
            lines.append(f"Déjà présents, laissés tels quels : {len(self.kept)}")
            lines += [f"  = {k}" for k in self.kept]
        lines.append(f"Lignes refusées : {len(self.refusals)}")
        lines += [f"  ligne {r.line} : {r.reason}" for r in self.refusals]
        return "\n".join(lines)


def _current_campaign(s: Session) -> Campaign:
    campaign = s.exec(select(Campaign).where(col(Campaign.is_active).is_(True))).first()
    if campaign is None:
        raise DomainError(_(NO_CAMPAIGN))
    return campaign


def _check(s: Session, campaign: Campaign, rows: list[OfferRow]) -> tuple[OfferBook, list[Refusal]]:
    book = OfferBook.read(s, id_of(campaign))
    refusals: list[Refusal] = []
    for row in rows:
        try:
            book.take(row)
        except DomainError as exc:
            refusals.append(Refusal(row.line, exc.message))
    return book, refusals


def _report(
    campaign: Campaign, book: OfferBook, refusals: list[Refusal], *, applied: bool
) -> OfferReport:
    creations = [
        _("Centre {code} — {label}").format(code=code, label=label)
        for code, label in book.new_centres.items()
    ]
    creations += [
        _("Commission {code} — {label} (centre {centre})").format(
            code=code, label=label, centre=centre
        )
        for code, (centre, label) in book.new_commissions.items()
    ]
    creations += [
        _("Pièce {code} — {label}").format(code=code, label=label)
        for code, label in book.new_pieces.items()
    ]
    creations += [_formation_text(f) for f in book.lines]
    kept = [
        _("Formation {code} (ligne {line})").format(code=code, line=line)
        for line, code in book.kept
    ]
    return OfferReport(
        campaign=f"{campaign.code} — {campaign.label}",
        creations=creations,
        kept=kept,
        refusals=refusals,
        formations=len(book.lines),
        applied=applied,
    )


def _formation_text(f: FormationLine) -> str:
    pieces = _(", pièces : {pieces}").format(pieces=", ".join(f.pieces)) if f.pieces else ""
    return _(
        "Formation {code} — {label} ({level}, {capacity} places, du {opens} au {closes}, "
        "pièces à rendre avant le {returns}{pieces})"
    ).format(
        code=f.code,
        label=f.label,
        level=_(LEVEL_LABELS[f.level.value]),
        capacity=f.capacity,
        opens=f"{f.opens_on:%d/%m/%Y}",
        closes=f"{f.closes_on:%d/%m/%Y}",
        returns=f"{f.return_on:%d/%m/%Y}",
        pieces=pieces,
    )


def run_offer_file(
    s: Session,
    filename: str,
    data: bytes,
    *,
    apply: bool,
    actor: Account | None = None,
    clock: Clock = system_clock,
) -> OfferReport:
    """The dry run (`apply=False`) or the import; the caller checked who asks."""
    campaign = _current_campaign(s)
    book, refusals = _check(s, campaign, read_offer(filename, data))
    if apply and refusals:
        raise DomainError(
            _(
                "{count} ligne(s) refusée(s) : rien n'a été importé. Corrigez le fichier "
                "(voir la vérification) puis recommencez."
            ).format(count=len(refusals))
        )
    if apply:
        _create(s, campaign, book)
        audit.record(
            s,
            "admin_offer_imported",
            actor_id=actor.id if actor else None,
            detail=(
                f"{filename} : {len(book.lines)} formation(s), {len(book.new_centres)} "
                f"centre(s), {len(book.new_commissions)} commission(s), "
                f"{len(book.new_pieces)} pièce(s)"
            ),
            clock=clock,
        )
        s.flush()
    return _report(campaign, book, refusals, applied=apply)


def preview_offer(s: Session, account: Account | None, filename: str, data: bytes) -> OfferReport:
    require_admin(account)
    return run_offer_file(s, filename, data, apply=False)


def import_offer(
    s: Session, account: Account | None, filename: str, data: bytes, *, clock: Clock = system_clock
) -> OfferReport:
    actor = require_admin(account)
    return run_offer_file(s, filename, data, apply=True, actor=actor, clock=clock)


def _create(s: Session, campaign: Campaign, book: OfferBook) -> None:
    for code, label in book.new_centres.items():
        s.add(Centre(code=code, label=label))
    s.flush()
    centre_ids = {c.code: id_of(c) for c in s.exec(select(Centre)).all()}
    for code, (centre, label) in book.new_commissions.items():
        s.add(Commission(centre_id=centre_ids[centre], code=code, label=label))
    for code, label in book.new_pieces.items():
        s.add(DocumentType(code=code, label=label, label_en=book.new_pieces_en.get(code)))
    s.flush()
    commissions = {c.code: c for c in s.exec(select(Commission)).all()}
    piece_ids = {d.code: id_of(d) for d in s.exec(select(DocumentType)).all()}
    for line in book.lines:
        formation = _new_formation(
            campaign, centre_ids[line.centre], commissions[line.commission], line
        )
        formation.search_text = formation_search_text(s, formation)
        s.add(formation)
        s.flush()
        for code in line.pieces:
            s.add(
                FormationDocument(formation_id=id_of(formation), document_type_id=piece_ids[code])
            )
    s.flush()


def _new_formation(
    campaign: Campaign, centre_id: int, commission: Commission, line: FormationLine
) -> Formation:
    return Formation(
        campaign_id=id_of(campaign),
        centre_id=centre_id,
        commission_id=id_of(commission),
        code=line.code,
        label=line.label,
        level=line.level,
        capacity=line.capacity,
        opens_on=line.opens_on,
        closes_on=line.closes_on,
        return_on=line.return_on,
        domain=line.domain,
        keywords=line.keywords,
        description=line.description,
        label_en=line.label_en,
        description_en=line.description_en,
    )
