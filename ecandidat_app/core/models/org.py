"""Faculties (centres), their juries (commissions) and who sits where."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Centre(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    label: str = Field(max_length=160)
    max_applications: int = Field(default=20)


class Commission(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    centre_id: int = Field(foreign_key="centre.id", index=True)
    code: str = Field(max_length=20, unique=True)
    label: str = Field(max_length=160)
    contact_email: str = Field(default="", max_length=254)
    alert_on_transmit: bool = False
    alert_on_withdrawal: bool = False


class CommissionMember(SQLModel, table=True):
    commission_id: int = Field(foreign_key="commission.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True, index=True)
    is_president: bool = False


class StaffScope(SQLModel, table=True):
    """A gestionnaire's reach: a whole centre (commission_id null) or some commissions."""

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", index=True)
    centre_id: int = Field(foreign_key="centre.id")
    commission_id: int | None = Field(default=None, foreign_key="commission.id")
