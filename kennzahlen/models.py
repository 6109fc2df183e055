"""Data model of Wirkungscockpit: goals, indicators, budget products, districts and their links.

Conventions that hold for every table:
- Codes (Produkt, Kennzahl, Ziel, Sozialraum) are strings: leading zeros matter and frameworks
  differ between Länder.
- A period is (jahr, periodenart, periode): periodenart is one of ``PERIODENARTEN``; periode is
  1 for a year, 1–4 for a quarter, 1–3 for a Tertial, 1–12 for a month.
- Amounts are ``Numeric(18, 2)`` (exact Decimal, never float) and signed as in the Ergebnisplan:
  Erträge positive, Aufwendungen negative, so a negative Ergebnis is a Zuschussbedarf.
- Sum lines of the Teilergebnisplan are never stored; the line scheme says how to derive them.
- Enumerations are stored as short strings with a CHECK constraint (portable to SQLite and
  PostgreSQL); their allowed values are the tuples below.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PERIODENARTEN = ("jahr", "tertial", "quartal", "monat")
PERIODEN_JE_JAHR = {"jahr": 1, "tertial": 3, "quartal": 4, "monat": 12}
ZIELEBENEN = ("strategisch", "operativ")
ZIELFELDER = ("ergebnisse", "programme", "prozesse", "ressourcen")
KENNZAHLTYPEN = ("input", "output", "wirkung", "prozess", "kontext")
RICHTUNGEN = ("hoeher_besser", "niedriger_besser", "zielkorridor")
FREQUENZEN = PERIODENARTEN
RAUMEBENEN = ("stadt", "sozialraum")
WERTARTEN = ("ist", "zielwert", "ausgangswert", "prognose", "vergleichswert")
WERTSTATUS = ("vorlaeufig", "endgueltig")
AUFGABENARTEN = ("pflicht", "pflicht_ermessen", "freiwillig")
PRODUKTEBENEN = ("produktbereich", "produktgruppe", "produkt")
ZEILENARTEN = ("ertrag", "aufwand", "summe")
BETRAGSARTEN = (
    "ergebnis",
    "ansatz",
    "fortgeschriebener_ansatz",
    "ist_unterjaehrig",
    "prognose",
    "planung",
    "uebertragung",
)
VERSIONEN = ("anmeldung", "eckwert", "entwurf", "beschluss", "nachtrag")
"""Stages of the political budget cycle, in order; each keeps its own amounts (kennzahlen.haushaltszyklus)."""
ENTWURFSVERSIONEN = ("anmeldung", "eckwert", "entwurf")
"""Versions before the council's Beschluss: readable only with ``zugang.darf_entwurf_lesen``."""
VERAENDERUNGSSTATUS = ("vorgeschlagen", "beschlossen", "abgelehnt", "zurueckgezogen")
SOZIALRAUMEBENEN = ("bezirk", "sozialraum")
KOMMENTARARTEN = ("abweichungsbegruendung", "massnahme", "hinweis")
MASSNAHMENSTATUS = ("offen", "in_umsetzung", "umgesetzt", "verworfen")
ROLLEN = ("leitung", "fachbereich", "controlling", "administration")

# Deterministic constraint names, so that Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _auswahl(werte: tuple[str, ...], name: str) -> Enum:
    """A string column restricted to ``werte`` by a named CHECK constraint."""
    return Enum(*werte, name=name, native_enum=False, create_constraint=True, length=32)


def _jetzt() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


VERWEISE_JE_ANWEISUNG = frozenset({
    "fk_kennzahlwert_kennzahl_id_kennzahl", "fk_kennzahlwert_sozialraum_id_sozialraum",
    "fk_haushaltsbetrag_produkt_id_produkt", "fk_haushaltsbetrag_planzeile_id_planzeile",
})
"""Foreign keys of the two big tables that PostgreSQL enforces with statement triggers instead of row
triggers (migration 0013, import speed); SQLite keeps them as foreign keys. Same rules either way."""


class Base(DeclarativeBase):
    """Declarative base with the project's naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


BETRAG = Numeric(18, 2)
WERT = Numeric(20, 6)


class Kommune(Base):
    """The municipality this database describes (one row)."""

    __tablename__ = "kommune"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    land: Mapped[str] = mapped_column(String(100), default="Nordrhein-Westfalen")
    produktrahmen: Mapped[str] = mapped_column(String(100), default="NKF NRW")
    gemeindeschluessel: Mapped[str | None] = mapped_column(String(12))
    einwohner: Mapped[int | None] = mapped_column(Integer)


class Organisationseinheit(Base):
    """An owner unit of the administration (Dezernat, Amt, Fachbereich, Abteilung)."""

    __tablename__ = "organisationseinheit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisationseinheit.id"))


class Handlungsfeld(Base):
    """A field of action across departments (Arbeit, Wohnen, Jugend, …)."""

    __tablename__ = "handlungsfeld"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    beschreibung: Mapped[str | None] = mapped_column(Text)
    reihenfolge: Mapped[int] = mapped_column(Integer, default=0)

    ziele: Mapped[list[Ziel]] = relationship(back_populates="handlungsfeld")


class Ziel(Base):
    """A goal in the goal pyramid: strategic (council) or operative (department)."""

    __tablename__ = "ziel"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    """Kurzname für Listen und Grafiken; der volle Wortlaut steht in ``zieltext``."""
    zieltext: Mapped[str | None] = mapped_column(Text)
    beschreibung: Mapped[str | None] = mapped_column(Text)
    leichte_sprache: Mapped[str | None] = mapped_column(Text)
    """Das Ziel in Leichter Sprache (auf Wunsch neben dem fachlichen Text gezeigt; Migration 0010)."""
    ebene: Mapped[str] = mapped_column(_auswahl(ZIELEBENEN, "ebene"))
    zielfeld: Mapped[str] = mapped_column(_auswahl(ZIELFELDER, "zielfeld"))
    handlungsfeld_id: Mapped[int] = mapped_column(ForeignKey("handlungsfeld.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("ziel.id"), index=True)
    organisationseinheit_id: Mapped[int | None] = mapped_column(ForeignKey("organisationseinheit.id"))
    gueltig_von: Mapped[dt.date | None] = mapped_column(Date)
    gueltig_bis: Mapped[dt.date | None] = mapped_column(Date)

    handlungsfeld: Mapped[Handlungsfeld] = relationship(back_populates="ziele")
    parent: Mapped[Ziel | None] = relationship(remote_side="Ziel.id")


class Kennzahl(Base):
    """An indicator with its Steckbrief (definition)."""

    __tablename__ = "kennzahl"
    __table_args__ = (
        CheckConstraint(
            "richtung <> 'zielkorridor' OR (korridor_unten IS NOT NULL AND korridor_oben IS NOT NULL)",
            name="korridor",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    beschreibung: Mapped[str | None] = mapped_column(Text)
    leichte_sprache: Mapped[str | None] = mapped_column(Text)
    """Die Kennzahl in Leichter Sprache (auf Wunsch neben dem Steckbrief gezeigt; Migration 0010)."""
    einheit: Mapped[str] = mapped_column(String(50))
    zaehler: Mapped[str | None] = mapped_column(Text)
    nenner: Mapped[str | None] = mapped_column(Text)
    quelle: Mapped[str | None] = mapped_column(String(300))
    frequenz: Mapped[str] = mapped_column(_auswahl(FREQUENZEN, "frequenz"))
    typ: Mapped[str] = mapped_column(_auswahl(KENNZAHLTYPEN, "typ"))
    richtung: Mapped[str] = mapped_column(_auswahl(RICHTUNGEN, "richtung"))
    korridor_unten: Mapped[Decimal | None] = mapped_column(WERT)
    korridor_oben: Mapped[Decimal | None] = mapped_column(WERT)
    steuerbar: Mapped[bool] = mapped_column(Boolean, default=True)
    raumebene: Mapped[str] = mapped_column(_auswahl(RAUMEBENEN, "raumebene"), default="stadt")
    nachkommastellen: Mapped[int] = mapped_column(Integer, default=1)
    handlungsfeld_id: Mapped[int | None] = mapped_column(ForeignKey("handlungsfeld.id"), index=True)
    organisationseinheit_id: Mapped[int | None] = mapped_column(ForeignKey("organisationseinheit.id"))
    fallzahl: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Anzahl von Personen oder Fällen: kleine Werte je Sozialraum werden unterdrückt (kennzahlen.kleine_zahlen)."""
    rate_alter_von: Mapped[int | None] = mapped_column(Integer)
    """Fallzahl je Sozialraum auch als Rate je 1.000 Einwohner dieses Altersbands zeigen (z. B. 0 bis 20 für
    „je 1.000 unter 21“); None = keine Rate (kennzahlen.sozialraum.raten)."""
    rate_alter_bis: Mapped[int | None] = mapped_column(Integer)
    """Oberes Alter des Altersbands der Rate (einschließlich); None = offen („65 und älter“)."""


class Sozialraum(Base):
    """A small planning area (Sozialraum) or the district (Bezirk) grouping several of them."""

    __tablename__ = "sozialraum"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    ebene: Mapped[str] = mapped_column(_auswahl(SOZIALRAUMEBENEN, "ebene"), default="sozialraum")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id"), index=True)
    flaeche_km2: Mapped[Decimal | None] = mapped_column(Numeric(12, 3))
    geometrie: Mapped[str | None] = mapped_column(Text)  # GeoJSON geometry (WGS84) as text


class Bevoelkerung(Base):
    """Inhabitants of a Sozialraum per year and age band (alter_bis None = open band)."""

    __tablename__ = "bevoelkerung"
    __table_args__ = (UniqueConstraint("sozialraum_id", "jahr", "alter_von"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sozialraum_id: Mapped[int] = mapped_column(ForeignKey("sozialraum.id", ondelete="CASCADE"))
    jahr: Mapped[int] = mapped_column(Integer)
    alter_von: Mapped[int] = mapped_column(Integer)
    alter_bis: Mapped[int | None] = mapped_column(Integer)
    anzahl: Mapped[int] = mapped_column(Integer)


RAUMGELDARTEN = ("ergebnis", "ansatz", "fortgeschriebener_ansatz", "planung")
"""Betragsarten of money per district (kennzahlen.importe.raumgeld)."""


class Sozialraumgeld(Base):
    """Budget money of one district (Stadtbezirk or Sozialraum): Produktgruppe × Jahr × Zeile × Betragsart.

    The budget of products (``Haushaltsbetrag``) has no district; some cities break parts of it down by
    Stadtbezirk (Köln: 20 Produktgruppen × 9 Bezirke). Detail lines only, signed as in the Ergebnisplan
    (Erträge +, Aufwendungen −): the district's Zuschussbedarf is minus their sum."""

    __tablename__ = "sozialraumgeld"
    __table_args__ = (UniqueConstraint("sozialraum_id", "jahr", "betragsart", "produkt_code", "zeile"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sozialraum_id: Mapped[int] = mapped_column(ForeignKey("sozialraum.id", ondelete="CASCADE"), index=True)
    jahr: Mapped[int] = mapped_column(Integer)
    betragsart: Mapped[str] = mapped_column(_auswahl(RAUMGELDARTEN, "betragsart"))
    produkt_code: Mapped[str] = mapped_column(String(20))
    produkt_name: Mapped[str] = mapped_column(String(300))
    zeile: Mapped[str] = mapped_column(String(10))
    zeile_name: Mapped[str | None] = mapped_column(String(200))
    betrag: Mapped[Decimal] = mapped_column(BETRAG)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("importprotokoll.id"))


class Kennzahlwert(Base):
    """One value of a Kennzahl for a period, optionally a Sozialraum, and a kind (Ist, Zielwert …)."""

    __tablename__ = "kennzahlwert"
    __table_args__ = (
        CheckConstraint("periode >= 1 AND periode <= 12", name="periode"),
        # NULL sozialraum_id means the whole city; two partial indexes keep both cases unique.
        Index(
            "ux_kennzahlwert_stadt",
            "kennzahl_id", "jahr", "periodenart", "periode", "wertart",
            unique=True,
            sqlite_where=text("sozialraum_id IS NULL"),
            postgresql_where=text("sozialraum_id IS NULL"),
        ),
        Index(
            "ux_kennzahlwert_raum",
            "kennzahl_id", "jahr", "periodenart", "periode", "wertart", "sozialraum_id",
            unique=True,
            sqlite_where=text("sozialraum_id IS NOT NULL"),
            postgresql_where=text("sozialraum_id IS NOT NULL"),
        ),
        Index("ix_kennzahlwert_periode", "jahr", "periodenart", "periode"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kennzahl_id: Mapped[int] = mapped_column(ForeignKey("kennzahl.id", ondelete="CASCADE"))
    jahr: Mapped[int] = mapped_column(Integer)
    periodenart: Mapped[str] = mapped_column(_auswahl(PERIODENARTEN, "periodenart"))
    periode: Mapped[int] = mapped_column(Integer, default=1)
    sozialraum_id: Mapped[int | None] = mapped_column(ForeignKey("sozialraum.id"))
    wertart: Mapped[str] = mapped_column(_auswahl(WERTARTEN, "wertart"))
    wert: Mapped[Decimal] = mapped_column(WERT)
    status: Mapped[str] = mapped_column(_auswahl(WERTSTATUS, "status"), default="endgueltig")
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    import_id: Mapped[int | None] = mapped_column(Integer)  # provenance only, no foreign key (migration 0011)


class Wertaenderung(Base):
    """History of a changed Kennzahl value or budget amount (old value kept, who and when)."""

    __tablename__ = "wertaenderung"
    id: Mapped[int] = mapped_column(primary_key=True)
    tabelle: Mapped[str] = mapped_column(String(40))
    datensatz_id: Mapped[int] = mapped_column(Integer, index=True)
    alter_wert: Mapped[Decimal | None] = mapped_column(WERT)
    neuer_wert: Mapped[Decimal | None] = mapped_column(WERT)
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    geaendert_von: Mapped[str | None] = mapped_column(String(100))
    import_id: Mapped[int | None] = mapped_column(Integer)  # provenance only, no foreign key (migration 0011)


class Produkt(Base):
    """A node of the budget's product hierarchy: Produktbereich, Produktgruppe or Produkt."""

    __tablename__ = "produkt"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    ebene: Mapped[str] = mapped_column(_auswahl(PRODUKTEBENEN, "ebene"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("produkt.id"), index=True)
    organisationseinheit_id: Mapped[int | None] = mapped_column(ForeignKey("organisationseinheit.id"))
    aufgabenart: Mapped[str | None] = mapped_column(_auswahl(AUFGABENARTEN, "aufgabenart"))
    beschreibung: Mapped[str | None] = mapped_column(Text)


class Zeilenschema(Base):
    """A Teilergebnisplan line scheme (e.g. NKF NRW 2019 with 29 lines, Köln 2010 with 28)."""

    __tablename__ = "zeilenschema"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    zeilen: Mapped[list[Planzeile]] = relationship(
        back_populates="schema", order_by="Planzeile.nummer"
    )


class Planzeile(Base):
    """A line of a Teilergebnisplan scheme; sum lines name the lines they add up."""

    __tablename__ = "planzeile"
    __table_args__ = (UniqueConstraint("schema_id", "nummer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    schema_id: Mapped[int] = mapped_column(ForeignKey("zeilenschema.id", ondelete="CASCADE"))
    nummer: Mapped[str] = mapped_column(String(4))
    bezeichnung: Mapped[str] = mapped_column(String(200))
    art: Mapped[str] = mapped_column(_auswahl(ZEILENARTEN, "art"))
    # For sum lines: the numbers of the lines (detail or sum) it adds, comma-separated ("10,17").
    summe_aus: Mapped[str | None] = mapped_column(String(200))

    schema: Mapped[Zeilenschema] = relationship(back_populates="zeilen")


class Haushaltsbetrag(Base):
    """A budget amount: Produkt × Jahr × Periode × Planzeile × Betragsart × Version, in euro."""

    __tablename__ = "haushaltsbetrag"
    __table_args__ = (
        UniqueConstraint(
            "produkt_id", "jahr", "periodenart", "periode", "planzeile_id", "betragsart", "version"
        ),
        Index("ix_haushaltsbetrag_jahr", "jahr", "betragsart", "version"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    produkt_id: Mapped[int] = mapped_column(ForeignKey("produkt.id", ondelete="CASCADE"))
    jahr: Mapped[int] = mapped_column(Integer)
    periodenart: Mapped[str] = mapped_column(_auswahl(PERIODENARTEN, "periodenart"), default="jahr")
    periode: Mapped[int] = mapped_column(Integer, default=1)
    planzeile_id: Mapped[int] = mapped_column(ForeignKey("planzeile.id"))
    betragsart: Mapped[str] = mapped_column(_auswahl(BETRAGSARTEN, "betragsart"))
    # Actuals (Ergebnis, Ist unterjährig) are recorded under the adopted version "beschluss".
    version: Mapped[str] = mapped_column(_auswahl(VERSIONEN, "version"), default="beschluss")
    betrag: Mapped[Decimal] = mapped_column(BETRAG)
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    import_id: Mapped[int | None] = mapped_column(Integer)  # provenance only, no foreign key (migration 0011)


class Veraenderung(Base):
    """One amount of a numbered entry of the Veränderungsliste to a draft: Produkt × Planzeile × Jahr.

    An entry (``haushaltsjahr``, ``nummer``) may change several products, lines and years; ``betrag`` is signed as
    in the Ergebnisplan (positive = better result: more Ertrag or less Aufwand). Entwurf + Σ Veränderungen =
    Beschlussvorschlag (``kennzahlen.haushaltszyklus``); the Beschluss itself is stored as its own version."""

    __tablename__ = "veraenderung"
    __table_args__ = (
        UniqueConstraint("haushaltsjahr", "nummer", "produkt_id", "planzeile_id", "jahr"),
        Index("ix_veraenderung_haushaltsjahr", "haushaltsjahr", "nummer"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    haushaltsjahr: Mapped[int] = mapped_column(Integer)
    nummer: Mapped[str] = mapped_column(String(20))
    bezeichnung: Mapped[str] = mapped_column(String(300))
    produkt_id: Mapped[int] = mapped_column(ForeignKey("produkt.id", ondelete="CASCADE"), index=True)
    planzeile_id: Mapped[int] = mapped_column(ForeignKey("planzeile.id"))
    jahr: Mapped[int] = mapped_column(Integer)
    betrag: Mapped[Decimal] = mapped_column(BETRAG)
    begruendung: Mapped[str | None] = mapped_column(Text)
    antragsteller: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(_auswahl(VERAENDERUNGSSTATUS, "status"), default="vorgeschlagen")
    erfasst_von: Mapped[str | None] = mapped_column(String(100))
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("importprotokoll.id"))


class HskMassnahme(Base):
    """A consolidation measure of the Haushaltssicherungskonzept, with its product and implementation."""

    __tablename__ = "hsk_massnahme"
    __table_args__ = (CheckConstraint("umsetzungsgrad >= 0 AND umsetzungsgrad <= 1", name="umsetzungsgrad"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    bezeichnung: Mapped[str] = mapped_column(String(300))
    beschreibung: Mapped[str | None] = mapped_column(Text)
    produkt_id: Mapped[int | None] = mapped_column(ForeignKey("produkt.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(_auswahl(MASSNAHMENSTATUS, "status"), default="offen")
    umsetzungsgrad: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal(0))
    """Share implemented, 0–1, as judged by Controlling (the savings reached are in HskZiel.erreicht)."""
    verantwortlich: Mapped[str | None] = mapped_column(String(200))
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)


class HskZiel(Base):
    """The savings target of a consolidation measure in a year and what was saved (euro, positive = saved)."""

    __tablename__ = "hsk_ziel"
    massnahme_id: Mapped[int] = mapped_column(ForeignKey("hsk_massnahme.id", ondelete="CASCADE"), primary_key=True)
    jahr: Mapped[int] = mapped_column(Integer, primary_key=True)
    einsparziel: Mapped[Decimal] = mapped_column(BETRAG)
    erreicht: Mapped[Decimal | None] = mapped_column(BETRAG)


class HskMassnahmeKennzahl(Base):
    """A Kennzahl a consolidation measure must not harm (its trend is shown beside the measure)."""

    __tablename__ = "hsk_massnahme_kennzahl"
    massnahme_id: Mapped[int] = mapped_column(ForeignKey("hsk_massnahme.id", ondelete="CASCADE"), primary_key=True)
    kennzahl_id: Mapped[int] = mapped_column(ForeignKey("kennzahl.id", ondelete="CASCADE"), primary_key=True)


class ZielProdukt(Base):
    """Which share (0–1) of a product's money serves a goal."""

    __tablename__ = "ziel_produkt"
    __table_args__ = (CheckConstraint("anteil > 0 AND anteil <= 1", name="anteil"),)
    ziel_id: Mapped[int] = mapped_column(ForeignKey("ziel.id", ondelete="CASCADE"), primary_key=True)
    produkt_id: Mapped[int] = mapped_column(
        ForeignKey("produkt.id", ondelete="CASCADE"), primary_key=True
    )
    anteil: Mapped[Decimal] = mapped_column(Numeric(5, 4))


class ZielKennzahl(Base):
    """Which Kennzahl measures a goal, with its weight in the roll-up."""

    __tablename__ = "ziel_kennzahl"
    ziel_id: Mapped[int] = mapped_column(ForeignKey("ziel.id", ondelete="CASCADE"), primary_key=True)
    kennzahl_id: Mapped[int] = mapped_column(
        ForeignKey("kennzahl.id", ondelete="CASCADE"), primary_key=True
    )
    gewicht: Mapped[Decimal] = mapped_column(Numeric(6, 3), default=Decimal(1))


class ProduktKennzahl(Base):
    """A Kennzahl that describes a product, e.g. its Fallzahl for cost per case."""

    __tablename__ = "produkt_kennzahl"
    produkt_id: Mapped[int] = mapped_column(
        ForeignKey("produkt.id", ondelete="CASCADE"), primary_key=True
    )
    kennzahl_id: Mapped[int] = mapped_column(
        ForeignKey("kennzahl.id", ondelete="CASCADE"), primary_key=True
    )
    # "fallzahl": the quantity the product's cost is divided by (cost per case / per outcome).
    rolle: Mapped[str] = mapped_column(String(30), default="leistung")


class Kommentar(Base):
    """An Abweichungsbegründung, Maßnahme or Hinweis on a Kennzahl, Produkt or Ziel for a period."""

    __tablename__ = "kommentar"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN kennzahl_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN produkt_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN ziel_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ein_objekt",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kennzahl_id: Mapped[int | None] = mapped_column(ForeignKey("kennzahl.id", ondelete="CASCADE"), index=True)
    produkt_id: Mapped[int | None] = mapped_column(ForeignKey("produkt.id", ondelete="CASCADE"), index=True)
    ziel_id: Mapped[int | None] = mapped_column(ForeignKey("ziel.id", ondelete="CASCADE"), index=True)
    jahr: Mapped[int] = mapped_column(Integer)
    periodenart: Mapped[str] = mapped_column(_auswahl(PERIODENARTEN, "periodenart"))
    periode: Mapped[int] = mapped_column(Integer, default=1)
    art: Mapped[str] = mapped_column(_auswahl(KOMMENTARARTEN, "art"))
    text: Mapped[str] = mapped_column(Text)
    verantwortlich: Mapped[str | None] = mapped_column(String(200))
    frist: Mapped[dt.date | None] = mapped_column(Date)
    massnahmenstatus: Mapped[str | None] = mapped_column(_auswahl(MASSNAHMENSTATUS, "massnahmenstatus"))
    autor: Mapped[str] = mapped_column(String(100))
    erstellt_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    geaendert_am: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    schluessel: Mapped[str | None] = mapped_column(String(64), unique=True)
    """Idempotency key of the form that wrote it: a second click with the same key stores nothing new."""


class Massnahmenverlauf(Base):
    """A status change of a Maßnahme: old → new, who, when, and an optional remark (never overwritten)."""

    __tablename__ = "massnahmenverlauf"
    id: Mapped[int] = mapped_column(primary_key=True)
    kommentar_id: Mapped[int] = mapped_column(ForeignKey("kommentar.id", ondelete="CASCADE"), index=True)
    alter_status: Mapped[str | None] = mapped_column(String(32))
    neuer_status: Mapped[str] = mapped_column(_auswahl(MASSNAHMENSTATUS, "neuer_status"))
    bemerkung: Mapped[str | None] = mapped_column(Text)
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    geaendert_von: Mapped[str] = mapped_column(String(100))


class Importprotokoll(Base):
    """One import run: who, when, which file (name and SHA-256), and what it changed."""

    __tablename__ = "importprotokoll"
    id: Mapped[int] = mapped_column(primary_key=True)
    zeitpunkt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    benutzer: Mapped[str] = mapped_column(String(100))
    importart: Mapped[str] = mapped_column(String(40))
    dateiname: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    zeilen_neu: Mapped[int] = mapped_column(Integer, default=0)
    zeilen_geaendert: Mapped[int] = mapped_column(Integer, default=0)
    zeilen_unveraendert: Mapped[int] = mapped_column(Integer, default=0)
    ergebnis: Mapped[str] = mapped_column(String(20), default="erfolgreich")
    meldungen: Mapped[str | None] = mapped_column(Text)


class Benutzer(Base):
    """A user account (local password or single sign-on)."""

    __tablename__ = "benutzer"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    passwort_hash: Mapped[str | None] = mapped_column(String(300))
    aktiv: Mapped[bool] = mapped_column(Boolean, default=True)
    erstellt_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    letzter_login: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Rollenzuweisung(Base):
    """A role of a user, optionally limited to a Handlungsfeld or an owner unit."""

    __tablename__ = "rollenzuweisung"
    id: Mapped[int] = mapped_column(primary_key=True)
    benutzer_id: Mapped[int] = mapped_column(ForeignKey("benutzer.id", ondelete="CASCADE"), index=True)
    rolle: Mapped[str] = mapped_column(_auswahl(ROLLEN, "rolle"))
    handlungsfeld_id: Mapped[int | None] = mapped_column(ForeignKey("handlungsfeld.id"))
    organisationseinheit_id: Mapped[int | None] = mapped_column(ForeignKey("organisationseinheit.id"))


class Sitzung(Base):
    """A login session: the browser holds a random token, the database only its SHA-256."""

    __tablename__ = "sitzung"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    benutzer_id: Mapped[int] = mapped_column(ForeignKey("benutzer.id", ondelete="CASCADE"), index=True)
    erstellt_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    zuletzt_aktiv: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    beendet_am: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    adresse: Mapped[str | None] = mapped_column(String(64))


class Anmeldeversuch(Base):
    """A login attempt, kept for rate limiting and the audit trail."""

    __tablename__ = "anmeldeversuch"
    __table_args__ = (
        Index("ix_anmeldeversuch_login_zeit", "login", "zeitpunkt"),
        Index("ix_anmeldeversuch_adresse_zeit", "adresse", "zeitpunkt"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    zeitpunkt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    login: Mapped[str] = mapped_column(String(100))
    adresse: Mapped[str] = mapped_column(String(64))
    erfolgreich: Mapped[bool] = mapped_column(Boolean, default=False)


class Periodenabschluss(Base):
    """A frozen reporting period: values of it can no longer change without Controlling."""

    __tablename__ = "periodenabschluss"
    __table_args__ = (UniqueConstraint("jahr", "periodenart", "periode"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    jahr: Mapped[int] = mapped_column(Integer)
    periodenart: Mapped[str] = mapped_column(_auswahl(PERIODENARTEN, "periodenart"))
    periode: Mapped[int] = mapped_column(Integer)
    abgeschlossen_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    abgeschlossen_von: Mapped[str] = mapped_column(String(100))


ABSCHLUSSAKTIONEN = ("abgeschlossen", "wiedergeoeffnet")


class Abschlussverlauf(Base):
    """History of freezing and reopening a reporting period (reopening needs a reason)."""

    __tablename__ = "abschlussverlauf"
    id: Mapped[int] = mapped_column(primary_key=True)
    jahr: Mapped[int] = mapped_column(Integer)
    periodenart: Mapped[str] = mapped_column(_auswahl(PERIODENARTEN, "periodenart"))
    periode: Mapped[int] = mapped_column(Integer)
    aktion: Mapped[str] = mapped_column(_auswahl(ABSCHLUSSAKTIONEN, "aktion"))
    grund: Mapped[str | None] = mapped_column(Text)
    zeitpunkt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    benutzer: Mapped[str] = mapped_column(String(100))


class Berichtswert(Base):
    """A number or text as it was reported when a period was frozen (one row per object and quantity).

    ``fassung`` counts the freezes of the same period (1 for the first report, 2 after reopening and
    freezing again); later imports never touch these rows, so what was reported stays retrievable.
    objektart: "kennzahl", "produkt", "kommentar" or "gesamt"; groesse e.g. "ist", "zielwert", "grad",
    "ansatz", "fortgeschriebener_ansatz", "ist_bis", "prognose", "text".
    """

    __tablename__ = "berichtswert"
    __table_args__ = (
        UniqueConstraint("jahr", "periodenart", "periode", "fassung", "objektart", "objekt_id", "groesse"),
        Index("ix_berichtswert_periode", "jahr", "periodenart", "periode", "fassung"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    jahr: Mapped[int] = mapped_column(Integer)
    periodenart: Mapped[str] = mapped_column(String(32))
    periode: Mapped[int] = mapped_column(Integer)
    fassung: Mapped[int] = mapped_column(Integer, default=1)
    objektart: Mapped[str] = mapped_column(String(20))
    objekt_id: Mapped[int] = mapped_column(Integer)
    groesse: Mapped[str] = mapped_column(String(40))
    wert: Mapped[Decimal | None] = mapped_column(WERT)
    text: Mapped[str | None] = mapped_column(Text)


PROGNOSEMETHODEN = ("fachbereich", "statisch", "saisonal")


class Produktprognose(Base):
    """The department's own year-end forecast of a product's Zuschussbedarf at a Stichtag, with its reason."""

    __tablename__ = "produktprognose"
    __table_args__ = (UniqueConstraint("produkt_id", "jahr", "periodenart", "periode"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    produkt_id: Mapped[int] = mapped_column(ForeignKey("produkt.id", ondelete="CASCADE"), index=True)
    jahr: Mapped[int] = mapped_column(Integer)
    periodenart: Mapped[str] = mapped_column(_auswahl(PERIODENARTEN, "periodenart"))
    periode: Mapped[int] = mapped_column(Integer)
    zuschussbedarf: Mapped[Decimal] = mapped_column(BETRAG)
    """Expected Zuschussbedarf of the whole year in euro (Aufwendungen − Erträge, positive = need)."""
    begruendung: Mapped[str] = mapped_column(Text)
    autor: Mapped[str] = mapped_column(String(100))
    erfasst_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)


class Prognosewahl(Base):
    """Which forecast counts for a product in a year (department's, static or seasonal), who chose it."""

    __tablename__ = "prognosewahl"
    produkt_id: Mapped[int] = mapped_column(ForeignKey("produkt.id", ondelete="CASCADE"), primary_key=True)
    jahr: Mapped[int] = mapped_column(Integer, primary_key=True)
    methode: Mapped[str] = mapped_column(_auswahl(PROGNOSEMETHODEN, "methode"))
    begruendung: Mapped[str | None] = mapped_column(Text)
    autor: Mapped[str] = mapped_column(String(100))
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)


class Einstellung(Base):
    """A setting kept in the database because Controlling changes it in the app (e.g. thresholds)."""

    __tablename__ = "einstellung"
    schluessel: Mapped[str] = mapped_column(String(100), primary_key=True)
    wert: Mapped[str] = mapped_column(Text)


class Datenstand(Base):
    """A counter every import or edit advances; caches key on it, so no worker shows stale numbers."""

    __tablename__ = "datenstand"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    geaendert_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)


class Auditeintrag(Base):
    """An entry of the audit trail: who changed what, when."""

    __tablename__ = "auditeintrag"
    id: Mapped[int] = mapped_column(primary_key=True)
    zeitpunkt: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt, index=True)
    benutzer: Mapped[str] = mapped_column(String(100))
    aktion: Mapped[str] = mapped_column(String(60))
    objekt: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[str | None] = mapped_column(Text)



AUFTRAGSSTATUS = ("wartet", "laeuft", "fertig", "fehler", "abgebrochen")


class Importauftrag(Base):
    """An import (or its preview) run in the background: the file, who asked, progress and result.

    The upload page stores the file here and starts ``python -m kennzahlen auftrag <id>``; every worker
    reads the progress from this row, so no request waits for the import and no worker timeout cuts it.
    The file is removed when it is no longer needed (after the import, or after a preview was confirmed).
    """

    __tablename__ = "importauftrag"
    id: Mapped[int] = mapped_column(primary_key=True)
    erstellt_am: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_jetzt)
    benutzer: Mapped[str] = mapped_column(String(100), index=True)
    dateiname: Mapped[str] = mapped_column(String(300))
    art: Mapped[str | None] = mapped_column(String(40))
    optionen: Mapped[str] = mapped_column(Text, default="{}")
    vorschau: Mapped[bool] = mapped_column(Boolean, default=True)
    quelle: Mapped[str] = mapped_column(String(100), default="upload")
    status: Mapped[str] = mapped_column(_auswahl(AUFTRAGSSTATUS, "auftragsstatus"), default="wartet")
    prozess: Mapped[str | None] = mapped_column(String(200))
    fortschritt: Mapped[str | None] = mapped_column(String(300))
    anteil: Mapped[float] = mapped_column(Float, default=0.0)
    begonnen_am: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    beendet_am: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    bericht: Mapped[str | None] = mapped_column(Text)
    fehler: Mapped[str | None] = mapped_column(Text)
    """JSON: {"fehler": [[blatt, zeile, spalte, wert, problem, erwartet], …], "kandidaten": […]}."""
    keine_aenderung: Mapped[bool] = mapped_column(Boolean, default=False)
    import_id: Mapped[int | None] = mapped_column(Integer)
    bestaetigt_durch: Mapped[int | None] = mapped_column(Integer)
    """For a preview: the id of the import job that confirmed it (a preview is confirmed once)."""
    datei: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    """Loaded only when used (up to 20 MB): polling the progress never reads it."""


# --- Summaries: derived from the tables above, kept in step by ``kennzahlen.datenstand.erhoehen`` ---------
# They hold no fact of their own: every row can be recomputed from Kennzahlwert or Haushaltsbetrag, and is,
# in the transaction of every import and edit (and once by migration 0006). Pages read them instead of
# aggregating millions of rows on every uncached request.


class Kennzahlperiode(Base):
    """Summary: a period (jahr, periodenart, periode) with at least one city-wide Ist value."""

    __tablename__ = "kennzahlperiode"
    periodenart: Mapped[str] = mapped_column(String(32), primary_key=True)
    jahr: Mapped[int] = mapped_column(Integer, primary_key=True)
    periode: Mapped[int] = mapped_column(Integer, primary_key=True)


class Haushaltssumme(Base):
    """Summary: the budget amounts of a product summed over all plan lines (= line Ergebnis), per
    jahr × periodenart × periode × betragsart × version; signed as stored."""

    __tablename__ = "haushaltssumme"
    __table_args__ = (Index("ix_haushaltssumme_jahr", "jahr", "betragsart", "periodenart"),)
    produkt_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    jahr: Mapped[int] = mapped_column(Integer, primary_key=True)
    periodenart: Mapped[str] = mapped_column(String(32), primary_key=True)
    periode: Mapped[int] = mapped_column(Integer, primary_key=True)
    betragsart: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    betrag: Mapped[Decimal] = mapped_column(BETRAG)
