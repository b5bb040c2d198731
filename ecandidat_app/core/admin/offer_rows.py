"""One line of the offer file checked against the database and the lines before it: the
centre, commission, formation and pieces it describes, or the French reason it is refused.

`OfferBook` holds what exists (read once) and what the accepted lines will create, so a
centre named on ten lines is created once, a code used twice is refused on its second
line, and a refused line adds nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from ecandidat_app.core.admin.formations import FormationInput, _dates
from ecandidat_app.core.admin.inputs import clean_code, clean_int, clean_optional, clean_text
from ecandidat_app.core.admin.offer_file import OfferRow
from ecandidat_app.core.errors import DomainError
from ecandidat_app.core.i18n import N_, _
from ecandidat_app.core.models import Centre, Commission, DocumentType, Formation, Level
from ecandidat_app.core.text import fold

LEVELS: dict[str, Level] = {
    "l": Level.LICENCE,
    "licence": Level.LICENCE,
    "lp": Level.LICENCE_PRO,
    "licence pro": Level.LICENCE_PRO,
    "licence professionnelle": Level.LICENCE_PRO,
    "m": Level.MASTER,
    "master": Level.MASTER,
    "du": Level.DU,
    "diplome d'universite": Level.DU,
}
PIECE_SEPARATOR = "|"


@dataclass(frozen=True)
class FormationLine:
    line: int
    centre: str
    commission: str
    code: str
    label: str
    level: Level
    capacity: int
    opens_on: date
    closes_on: date
    return_on: date
    pieces: tuple[str, ...]
    domain: str
    keywords: str
    description: str
    label_en: str | None = None
    description_en: str | None = None


@dataclass
class OfferBook:
    """What the database has (codes) and what the accepted lines add."""

    centres: dict[str, str]  # code -> label, existing
    commissions: dict[str, str]  # code -> its centre's code, existing
    pieces: set[str]  # document type codes, existing
    formations: set[str]  # formation codes of the campaign, existing
    new_centres: dict[str, str] = field(default_factory=dict)  # code -> label
    new_commissions: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # code -> centre, label
    new_pieces: dict[str, str] = field(default_factory=dict)  # code -> label
    new_pieces_en: dict[str, str] = field(default_factory=dict)  # code -> English label
    lines: list[FormationLine] = field(default_factory=list)
    kept: list[tuple[int, str]] = field(default_factory=list)  # formations already there
    seen: dict[str, int] = field(default_factory=dict)  # formation code -> first line

    @classmethod
    def read(cls, s: Session, campaign_id: int) -> OfferBook:
        centre_codes = {c.id: c.code for c in s.exec(select(Centre)).all()}
        return cls(
            centres={c.code: c.label for c in s.exec(select(Centre)).all()},
            commissions={
                m.code: centre_codes.get(m.centre_id, "") for m in s.exec(select(Commission)).all()
            },
            pieces=set(s.exec(select(DocumentType.code)).all()),
            formations=set(
                s.exec(
                    select(Formation.code).where(col(Formation.campaign_id) == campaign_id)
                ).all()
            ),
        )

    def centre_of(self, commission: str) -> str | None:
        if commission in self.commissions:
            return self.commissions[commission]
        planned = self.new_commissions.get(commission)
        return planned[0] if planned else None

    def take(self, row: OfferRow) -> None:
        """Check one line; on success remember what it creates. Raises `DomainError`."""
        code = clean_code(row.get("code"), N_("Le code de la formation"))
        if code in self.seen:
            raise DomainError(
                _("Le code de formation {code} figure déjà ligne {line}.").format(
                    code=code, line=self.seen[code]
                )
            )
        centre, centre_label = self._centre(row)
        commission, commission_label = self._commission(row, centre)
        if code in self.formations:
            self.seen[code] = row.line
            self.kept.append((row.line, code))
            return
        pieces, new_pieces = self._pieces(row)
        new_pieces_en = _pieces_en(row, new_pieces)
        line = _formation_line(row, code, centre, commission, pieces)
        self.seen[code] = row.line
        self.new_pieces.update(new_pieces)
        self.new_pieces_en.update(new_pieces_en)
        if centre_label is not None:
            self.new_centres[centre] = centre_label
        if commission_label is not None:
            self.new_commissions[commission] = (centre, commission_label)
        self.lines.append(line)

    def _centre(self, row: OfferRow) -> tuple[str, str | None]:
        """The centre's code, and its label when the import creates it."""
        code = clean_code(row.get("centre"), N_("Le code du centre"))
        if code in self.centres or code in self.new_centres:
            return code, None
        label = clean_text(
            row.get("centre_libelle"),
            N_("Le libellé du centre"),
            160,
            field="centre",
            required=True,
        )
        return code, label

    def _commission(self, row: OfferRow, centre: str) -> tuple[str, str | None]:
        code = clean_code(row.get("commission"), N_("Le code de la commission"))
        owner = self.centre_of(code)
        if owner is not None and owner != centre:
            raise DomainError(
                _(
                    "La commission {code} appartient au centre {owner}, pas au centre {centre}."
                ).format(code=code, owner=owner, centre=centre)
            )
        if owner is not None:
            return code, None
        label = clean_text(
            row.get("commission_libelle"),
            N_("Le libellé de la commission"),
            160,
            field="commission",
            required=True,
        )
        return code, label

    def _pieces(self, row: OfferRow) -> tuple[tuple[str, ...], dict[str, str]]:
        """The piece codes of the line; `CODE=Libellé` creates a piece the base lacks."""
        codes: list[str] = []
        created: dict[str, str] = {}
        for item in filter(None, (p.strip() for p in row.get("pieces").split(PIECE_SEPARATOR))):
            raw_code, _eq, raw_label = item.partition("=")
            code = clean_code(raw_code, N_("Le code de la pièce"), field="pieces")
            known = code in self.pieces or code in self.new_pieces or code in created
            if not known:
                if not raw_label.strip():
                    raise DomainError(
                        _(
                            "La pièce {code} n'existe pas : donnez son libellé ({code}=Libellé)."
                        ).format(code=code)
                    )
                created[code] = clean_text(
                    raw_label, N_("Le libellé de la pièce"), 160, field="pieces", required=True
                )
            codes.append(code)
        return tuple(dict.fromkeys(codes)), created


def _pieces_en(row: OfferRow, created: dict[str, str]) -> dict[str, str]:
    """`pieces_en`: `CODE=English label` for pieces this line creates. An existing piece's
    English label is edited on its own page, never overwritten by an import."""
    found: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in row.get("pieces_en").split(PIECE_SEPARATOR))):
        raw_code, _eq, raw_label = item.partition("=")
        code = clean_code(raw_code, N_("Le code de la pièce"), field="pieces_en")
        if code not in created:
            raise DomainError(
                _(
                    "pieces_en : la pièce {code} n'est pas créée par cette ligne ; le libellé "
                    "anglais d'une pièce existante se saisit dans « Pièces justificatives »."
                ).format(code=code)
            )
        found[code] = clean_text(
            raw_label, N_("Le libellé anglais de la pièce"), 160, field="pieces_en", required=True
        )
    return found


def _level(value: str) -> Level:
    level = LEVELS.get(fold(value))
    if level is None:
        shown = value or "(vide)"
        raise DomainError(
            _(
                "Niveau « {level} » inconnu : L (licence), LP (licence professionnelle), "
                "M (master) ou DU (diplôme d'université)."
            ).format(level=shown)
        )
    return level


def _formation_line(
    row: OfferRow, code: str, centre: str, commission: str, pieces: tuple[str, ...]
) -> FormationLine:
    label = clean_text(
        row.get("libelle"), N_("Le libellé de la formation"), 200, field="libelle", required=True
    )
    level = _level(row.get("niveau"))
    capacity = clean_int(
        row.get("capacite") or 0, N_("La capacité d'accueil"), field="capacite", maximum=100_000
    )
    dates = _dates(
        FormationInput(
            commission_id=None,
            code=code,
            label=label,
            level=level.value,
            opens_on=row.get("ouverture"),
            closes_on=row.get("cloture"),
            return_on=row.get("retour_pieces"),
        )
    )
    return FormationLine(
        line=row.line,
        centre=centre,
        commission=commission,
        code=code,
        label=label,
        level=level,
        capacity=capacity,
        opens_on=dates.opens,
        closes_on=dates.closes,
        return_on=dates.returns,
        pieces=pieces,
        domain=clean_text(row.get("domaine"), N_("Le domaine"), 80, field="domaine"),
        keywords=clean_text(row.get("mots_cles"), N_("Les mots-clés"), 400, field="mots_cles"),
        description=clean_text(
            row.get("description"), N_("La description"), 4000, field="description"
        ),
        label_en=clean_optional(
            row.get("libelle_en"), N_("L'intitulé en anglais"), 200, field="libelle_en"
        ),
        description_en=clean_optional(
            row.get("description_en"), N_("La description en anglais"), 4000, field="description_en"
        ),
    )
