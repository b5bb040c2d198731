"""Two campaigns for the campaign tests: last year's with dossiers in every stage, then a
new one copied from it by the administrator and opened (which archives last year's), and
applicants of the new year in its copied formations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ecandidat_app.core import admin
from ecandidat_app.core.clock import FixedClock
from ecandidat_app.core.models import Application, Campaign, Formation, MailTemplate
from tests.core import review_data as rd

# (status, decision, validated): one dossier per board column, plus one never transmitted.
STAGES = [
    ("AT", None, False),
    ("RE", None, False),
    ("IN", None, False),
    ("CO", None, False),
    ("CO", "FA", False),  # decision entered, not validated
    ("CO", "FA", True),
    ("CO", "DE", True),
]


@dataclass
class TwoYears:
    w: rd.World
    old: Campaign
    new: Campaign
    old_apps: list[Application]
    new_apps: list[Application]

    def new_formation(self, s: Session, old: Formation) -> Formation:
        return s.exec(
            select(Formation).where(
                Formation.campaign_id == self.new.id, Formation.code == old.code
            )
        ).one()


def build(s: Session, clock: FixedClock) -> TwoYears:
    w = rd.world(s, clock)
    old = s.get(Campaign, w.form_a1.campaign_id)
    assert old is not None
    s.add(MailTemplate(event="status_CO", subject="Dossier complet", body="Bonjour"))
    old_apps = [
        rd.application(s, clock, form, status=st, decision=dec, validated=val, last_name="Ancien")
        for form in (w.form_a1, w.form_b)
        for st, dec, val in STAGES
    ]
    preview = admin.preview_copy(s, w.admin, old.id or 0)
    new = admin.copy_campaign(
        s,
        w.admin,
        old.id or 0,
        code=preview.code,
        label=preview.label,
        starts_on=preview.starts_on.isoformat(),
        ends_on=preview.ends_on.isoformat(),
        applicant_ends_on=preview.applicant_ends_on.isoformat(),
        clock=clock,
    )
    admin.activate_campaign(s, w.admin, new.id or 0, clock=clock)
    t = TwoYears(w, old, new, old_apps, [])
    a1, b = t.new_formation(s, w.form_a1), t.new_formation(s, w.form_b)
    t.new_apps = [
        rd.application(s, clock, a1, status="RE", last_name="Nouveau"),
        rd.application(s, clock, a1, status="CO", last_name="Nouveau"),
        rd.application(s, clock, b, status="AT", last_name="Nouveau"),
    ]
    s.flush()
    return t


def campaign_of(s: Session, ids: list[int]) -> set[int]:
    rows = s.exec(select(Application.campaign_id).where(col(Application.id).in_(ids))).all()
    return set(rows)
