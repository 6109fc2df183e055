"""The report's numbers as an Excel workbook (openpyxl): the same figures as the PDF, unformatted numbers with
German number formats, one sheet each for overview, Handlungsfelder, Ziele, Kennzahlen and Texte."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl.utils import get_column_letter

from dashboard.bericht.inhalt import GELD, Berichtsinhalt
from dashboard.bericht.pdf import GELDNAMEN, TITEL, standtext

EURO = '#,##0 "€";-#,##0 "€"'
PROZENT = "0.0 %"


def _geld(df: pd.DataFrame) -> dict[str, pd.Series]:
    spalten = {GELDNAMEN[g] + " (€)": df[g].astype(float).round(2) for g in GELD}
    spalten["Prognose − Ansatz (€)"] = df["abweichung"].astype(float).round(2)
    spalten["Prognose − Ansatz (Anteil)"] = df["abweichung_anteil"].astype(float)
    return spalten


def _grad(serie: pd.Series) -> pd.Series:
    return pd.Series([None if pd.isna(g) else float(g) for g in serie], index=serie.index, dtype=float)


def tabellen(inhalt: Berichtsinhalt) -> dict[str, pd.DataFrame]:
    """The workbook's sheets as DataFrames with German column names (grades as ratios, 1 = 100 %)."""
    p = inhalt.periode
    ueberblick = pd.DataFrame({"Angabe": ["Kommune", "Bericht", "Berichtszeitraum", "Umfang", "Berichtsstand",
                                          "Haushalts-Ist bis", *(f"Zuschussbedarf {GELDNAMEN[g]} (€)" for g in GELD)],
                               "Wert": [inhalt.kommune, f"{TITEL} {p.lang}",
                                        f"{p.anfang:%d.%m.%Y} bis {p.ende:%d.%m.%Y}",
                                        inhalt.umfang, standtext(inhalt.stand),
                                        inhalt.stichtag.lang if inhalt.stichtag else "–",
                                        *(inhalt.gesamt.get(g) for g in GELD)]})
    hf = inhalt.handlungsfelder
    stufen = inhalt.statusstufen
    handlungsfelder = pd.DataFrame({
        "Code": hf["code"], "Handlungsfeld": hf["name"], "Status": hf["status_symbol"] + " " + hf["status_text"],
        "Zielerreichungsgrad": _grad(hf["grad"]), "Ziele": hf["anzahl_ziele"], "Kennzahlen": hf["anzahl_kennzahlen"],
        **{f"Kennzahlen {s.symbol} {s.bezeichnung}": hf[f"anzahl_{s.code}"] for s in stufen}, **_geld(hf)})
    z = inhalt.ziele
    hf_codes = dict(zip(hf["id"], hf["code"], strict=True))
    ziele = pd.DataFrame({
        "Handlungsfeld": z["handlungsfeld_id"].map(hf_codes), "Code": z["code"], "Ziel": z["name"],
        "Ebene": z["ebene"], "Verantwortlich": z["organisationseinheit"],
        "Status": z["status_symbol"] + " " + z["status_text"], "Zielerreichungsgrad": _grad(z["grad"]),
        "Kennzahlen": z["anzahl_kennzahlen"], "davon bewertet": z["anzahl_bewertet"], **_geld(z)})
    k = inhalt.kennzahlen
    kennzahlen = pd.DataFrame({
        "Ziel": k["ziel_code"], "Code": k["code"], "Kennzahl": k["name"], "Einheit": k["einheit"],
        "Gewicht": k["gewicht"], "Ist": k["ist"].astype(float), "Ziel­wert": k["zielwert"].astype(float),
        "Zielerreichungsgrad": _grad(k["grad"]), "Status": k["status_symbol"] + " " + k["status_text"]})
    kennzahlen = kennzahlen.rename(columns={"Ziel­wert": "Zielwert"})
    t = inhalt.texte
    texte = pd.DataFrame({
        "Ziel": t["ziel_code"], "Art": t["art_text"], "Bezug": t["objekt_code"] + " " + t["objekt_name"],
        "Text": t["text"], "Verantwortlich": t["verantwortlich"],
        "Frist": pd.to_datetime(t["frist"], errors="coerce").dt.date, "Status": t["massnahmenstatus_text"]})
    return {"Überblick": ueberblick, "Handlungsfelder": handlungsfelder, "Ziele": ziele, "Kennzahlen": kennzahlen,
            "Texte": texte}


def xlsx_erzeugen(inhalt: Berichtsinhalt) -> bytes:
    """The workbook as bytes: header row bold and frozen, euro and percent formats, column widths set."""
    from openpyxl.styles import Alignment, Font

    puffer = io.BytesIO()
    with pd.ExcelWriter(puffer, engine="openpyxl") as schreiber:
        for name, df in tabellen(inhalt).items():
            df.to_excel(schreiber, sheet_name=name, index=False)
            blatt = schreiber.sheets[name]
            blatt.freeze_panes = "A2"
            for zelle in blatt[1]:
                zelle.font = Font(bold=True)
                zelle.alignment = Alignment(wrap_text=True, vertical="top")
            for i, spalte in enumerate(df.columns, start=1):
                buchstabe = get_column_letter(i)
                laenge = max([len(str(spalte))] + [len(str(v)) for v in df[spalte].head(200)])
                blatt.column_dimensions[buchstabe].width = min(60, max(10, laenge + 2))
                format_ = (EURO if "(€)" in str(spalte) else PROZENT if spalte in ("Zielerreichungsgrad",
                                                                                  "Prognose − Ansatz (Anteil)")
                           else "DD.MM.YYYY" if spalte == "Frist" else None)
                if format_:
                    for zelle in blatt[buchstabe][1:]:
                        zelle.number_format = format_
                if spalte == "Text":
                    for zelle in blatt[buchstabe][1:]:
                        zelle.alignment = Alignment(wrap_text=True, vertical="top")
            if name == "Überblick":
                for zelle in blatt["B"][7:]:
                    zelle.number_format = EURO
    return puffer.getvalue()
