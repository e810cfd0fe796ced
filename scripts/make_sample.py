#!/usr/bin/env python3
"""Write the invented 2021 sample report in three layouts: Word-export text, DOCX and PDF.

    .venv/bin/python scripts/make_sample.py             # -> data/raw/
    .venv/bin/python scripts/make_sample.py --out DIR   # -> DIR/

Påhittö kommun does not exist. The report below was written for this project as
test and demo input: the municipality, the evaluators and every observation,
strength and improvement are invented. Only what belongs to the instrument
itself is real: the area names, the sub-question labels and their maximum
points in the 2019/2020 revision of Kommunkompassen.

The content is defined once (AREAS, INTRO, ...) and rendered three times, so
the three files are the same evaluation and the pipeline treats two of them as
duplicates:

    pahitto_2021_wordexport.txt  like a Word "save as text" export: tab-separated
                                 table rows, <ul>/<p> fragments inside cells
    pahitto_2021.docx            python-docx: Heading styles, real tables,
                                 "List Bullet" paragraphs for the Rubriker topics
    pahitto_2021.pdf             PyMuPDF Story (HTML + CSS), A4, ruled tables,
                                 running header and page-number footer

The output is deterministic: fixed document dates, no random ids, so running
the script twice gives identical bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import io
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # variants (the layouts' CMap editor)
DEFAULT_OUT = ROOT / "data" / "raw"

BASE = "pahitto_2021"
MUNICIPALITY = "Påhittö"
TITLE = "Kommunkompassen - Analys av Påhittö kommun oktober 2021"
EVALUATORS = "Utvärderare: Greta Fiktiv SKR och Nils Exempelsson"
DISCLAIMER = ("Påhittat exempel – inte en verklig utvärdering. Påhittö kommun finns inte; "
              "personerna och alla iakttagelser i rapporten är uppdiktade och skrivna som "
              "testdata. Endast områdenas och delfrågornas namn och maxpoäng kommer från "
              "Kommunkompassen.")
AUTHOR = "Påhittat exempel (testdata)"
FIXED_DATE = dt.datetime(2021, 10, 29, 12, 0, 0)

# ---------------------------------------------------------------------------
# Content. Body items are ("h1" | "h2" | "h3" | "p" | "caption", text).
# ---------------------------------------------------------------------------

INTRO = [
    ("h1", "1 Vad är kommunkompassen?"),
    ("p", "Kommunkompassen är ett verktyg för att utvärdera hur en kommun styrs och leds "
          "som helhet, sett från kommunfullmäktiges perspektiv. Verktyget bedömer inte "
          "verksamheternas resultat i sig, utan hur kommunen arbetar för att sätta mål, "
          "följa upp dem och lära av det den ser."),
    ("p", "Bedömningen görs inom åtta huvudområden med sammanlagt 800 möjliga poäng. "
          "Underlaget är intervjuer med förtroendevalda, chefer och fackliga företrädare, "
          "kommunens styrdokument samt det som kommunen publicerar på webben och i "
          "sociala medier."),
    ("p", "Den här rapporten är ett påhittat exempel som används som testdata. Kommunen, "
          "utvärderarna och alla iakttagelser är uppdiktade. Endast namnen på områden och "
          "delfrågor och deras maxpoäng är hämtade från Kommunkompassen."),
    ("h1", "2. Påhittös resultat - En sammanfattande genomgång"),
    ("h2", "Utvärderingen"),
    ("p", "Utvärderingen av Påhittö kommun genomfördes i oktober 2021 och var kommunens "
          "tredje utvärdering med Kommunkompassen. Utvärderarna har läst styrdokument, gått "
          "igenom kommunens webbplats och intervjuat ett 20-tal personer, bland dem "
          "förtroendevalda, ledande tjänstepersoner och fackliga företrädare."),
    ("h2", "Sammanfattning av resultat"),
    ("p", "I diagrammet nedan visas Påhittös totalpoäng och poängen per område."),
    ("caption", "Diagram 1 Påhittös resultat 2021"),
    ("h2", "Sammanfattande kommentarer"),
    ("p", "Påhittö är en liten kommun med korta beslutsvägar och ett gott samarbetsklimat "
          "mellan politik och förvaltning. Kommunen har under de senaste åren minskat antalet "
          "mål och infört en gemensam årscykel för planering och uppföljning, vilket gett en "
          "tydligare styrning."),
    ("p", "Det största utvecklingsbehovet finns inom kvalitetsutveckling och effektivitet, "
          "där arbetet ännu bedrivs på olika sätt i olika förvaltningar. En gemensam strategi "
          "och ett systematiskt sätt att sprida goda exempel skulle ge stor effekt."),
    ("p", "Övriga styrkor och förbättringsförslag presenteras under respektive huvudområde."),
    ("h1", "3. Genomgång per område"),
]

# (label, max, score) per sub-question. The labels and maxima are those of the
# 2019/2020 revision; the scores are invented. Area score = sum of its rows.
AREAS = [
    {
        "no": 1,
        "name": "Samspel mellan förtroendevalda och medborgare",
        "questions": [
            ("Strategi för demokratiutveckling och information", 20, 12),
            ("Kommunens information till medborgarna", 10, 6),
            ("Medborgarnas möjlighet till dialog med politiken", 30, 17),
            ("Transparens kring resultat", 10, 5),
            ("Förutsättningar för politiken", 30, 19),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "Området handlar om hur kommunen informerar invånarna, hur de kan påverka "
                  "besluten och vilka förutsättningar de förtroendevalda har för sitt uppdrag. "
                  "Öppenhet kring beslut och resultat bygger förtroende för den lokala "
                  "demokratin."),
            ("h3", "Strategi för demokratiutveckling och information"),
            ("p", "Det finns ingen strategi som beskriver kommunens ambitioner för dialog och "
                  "inflytande. Kommunikationspolicyn från 2019 handlar främst om hur information "
                  "ska utformas och vem som ansvarar för de olika kanalerna. Flera av de "
                  "intervjuade menar att ett samlat dokument skulle göra det lättare att "
                  "prioritera mellan olika former av dialog."),
            ("h3", "Kommunens information till medborgarna"),
            ("p", "Webbplatsen är lätt att navigera och kallelser och "
                  "protokoll publiceras samma vecka som sammanträdena hålls. Lokaltidningen "
                  "Öbladet får pressmeddelanden inför varje fullmäktigemöte."),
            ("h3", "Medborgarnas möjlighet till dialog med politiken"),
            ("p", "Dialogmöten hålls två gånger per år i byalagens lokaler och lockar i "
                  "genomsnitt ett fyrtiotal deltagare. Ungdomsrådet lämnar yttranden i frågor "
                  "som rör skola och fritid. Synpunkterna från dialogmötena sammanställs, men "
                  "deltagarna får sällan veta vad de har lett till."),
            ("h3", "Transparens kring resultat"),
            ("p", "Årsredovisningen publiceras på webben tillsammans med en kortversion som "
                  "finns på biblioteket och i kontaktcentret. Resultat från brukarundersökningar "
                  "och nationella jämförelser redovisas däremot sällan för invånarna, och när de "
                  "redovisas saknas ofta en kommentar om vad kommunen tänker göra åt dem. En "
                  "samlad sida med kommenterade resultat skulle göra det lättare att följa hur "
                  "kommunen utvecklas."),
            ("h3", "Förutsättningar för politiken"),
            ("p", "Nya förtroendevalda får en introduktionsdag i början av mandatperioden. "
                  "Flera politiker efterfrågar bättre stöd i de digitala verktygen och en "
                  "tydligare rutin för hur kommunen stöttar den som utsätts för hot eller "
                  "påhopp."),
        ],
        "strengths": [
            "Protokoll och kallelser publiceras snabbt och är lätta att hitta",
            "Regelbundna dialogmöten i byalagens lokaler",
            "Ungdomsrådet har en formell roll i frågor om skola och fritid",
            "Introduktionsdag för nya förtroendevalda",
        ],
        "improvements": [
            "Ta fram en samlad plan för demokratiutveckling och information",
            "Återkoppla till deltagarna vad synpunkterna från dialogmötena har lett till",
            "Inför en rutin för stöd till förtroendevalda som utsätts för hot",
        ],
    },
    {
        "no": 2,
        "name": "Samhällsutveckling",
        "questions": [
            ("Strategi för hållbar utveckling", 15, 9),
            ("Social hållbarhet", 30, 18),
            ("Ekologisk hållbarhet", 30, 21),
            ("Civilsamhälle, näringsliv och kultur", 25, 15),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "Kommunen har ansvar för att utveckla hela lokalsamhället och inte bara de "
                  "egna verksamheterna. Det kräver samarbete med näringsliv, föreningar och "
                  "grannkommuner och en långsiktig syn på social, ekologisk och ekonomisk "
                  "hållbarhet."),
            ("p", "Fullmäktige antog 2020 ett hållbarhetsprogram med mål för alla tre "
                  "dimensionerna. Programmet saknar ännu indikatorer, och det är oklart hur "
                  "nämnderna ska redovisa vad de bidrar med."),
            ("h3", "Social hållbarhet"),
            ("p", "Det sociala arbetet är väl utvecklat. En trygghetsgrupp med polisen, "
                  "skolorna och fritidsgårdarna träffas varje månad och gör gemensamma "
                  "lägesbilder. Fritidsgårdarna har utökat öppettiderna under skollov."),
            ("h3", "Ekologisk hållbarhet"),
            ("p", "Hemtjänsten kör sedan 2020 enbart fossilfria fordon och solceller har "
                  "monterats på tre skolor. Avfallsplanen är däremot från 2012 och behöver "
                  "förnyas."),
            ("h3", "Civilsamhälle, näringsliv och kultur"),
            ("p", "Näringslivsrådet samlar ett trettiotal företag fyra gånger per år. "
                  "Kulturföreningarna får verksamhetsbidrag enligt tydliga regler, och "
                  "biblioteket samarbetar med studieförbunden om föreläsningar."),
        ],
        "strengths": [
            "Hållbarhetsprogram antaget av fullmäktige 2020",
            "Trygghetsgrupp i samverkan med polis, skola och fritidsgårdar",
            "Fossilfria fordon i hemtjänsten och solceller på skolorna",
            "Aktivt näringslivsråd med brett deltagande",
            "Tydliga regler för bidrag till kulturföreningar",
        ],
        "improvements": [
            "Komplettera hållbarhetsprogrammet med mätbara indikatorer",
            "Förnya avfallsplanen",
            "Samordna uppföljningen av de tre hållbarhetsdimensionerna",
        ],
    },
    {
        "no": 3,
        "name": "Styrning och kontroll",
        "questions": [
            ("Strategi för styrning", 10, 7),
            ("Politisk styrning", 30, 19),
            ("Uppföljning och analys", 25, 14),
            ("Samspel mellan rollerna som förtroendevald respektive tjänsteperson", 20, 13),
            ("Koncernstyrning", 15, 8),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "En tydlig styrmodell gör att den politiska viljan når ut i verksamheterna. "
                  "Målen behöver vara få och mätbara och följas upp så att de förtroendevalda "
                  "kan se om resurserna ger avsedda resultat."),
            ("h3", "Politisk styrning"),
            ("p", "Påhittö styr med en målmodell i tre nivåer: vision, inriktningsmål och "
                  "nämndmål. Antalet nämndmål har minskat från drygt fyrtio till arton, vilket "
                  "de intervjuade ser som en klar förbättring. Budget och verksamhetsplan "
                  "beslutas i ett sammanhållet dokument."),
            ("h3", "Uppföljning och analys"),
            ("p", "Uppföljningen sker i delårsrapport och årsredovisning. Analyserna är ofta "
                  "beskrivande, och det saknas jämförelser över tid och med andra kommuner. "
                  "Rollfördelningen mellan förtroendevalda och tjänstepersoner uppfattas som "
                  "tydlig."),
            ("h3", "Koncernstyrning"),
            ("p", "Kommunen äger ett bostadsbolag och ett energibolag. Bolagen följs upp en "
                  "gång per år och ägardirektiven har inte uppdaterats sedan 2016."),
        ],
        "strengths": [
            "Färre och tydligare nämndmål",
            "Gemensam årscykel för budget, verksamhetsplan och uppföljning",
            "Förtroendefullt samspel mellan politik och förvaltning",
        ],
        "improvements": [
            "Fördjupa analysen i delårsrapporten med jämförelser över tid",
            "Följ upp de kommunala bolagen oftare än en gång per år",
            "Uppdatera ägardirektiven så att bolagen knyts till kommunens mål",
        ],
    },
    {
        "no": 4,
        "name": "Effektivitet",
        "questions": [
            ("Strategi för ökad effektivitet", 20, 11),
            ("Långsiktig planering för ökad effektivitet", 20, 10),
            ("Jämförelser för ökad effektivitet", 20, 12),
            ("Ny teknik som ökar effektivitet", 20, 9),
            ("Samverkan för ökad effektivitet", 20, 13),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "Effektivitet handlar om att använda skattemedlen så att de ger så stor "
                  "nytta som möjligt för invånarna. Det förutsätter kunskap om både kostnader "
                  "och kvalitet och en vilja att pröva nya arbetssätt."),
            ("p", "Kommunen har en flerårsplan för ekonomin men ingen uttalad strategi för "
                  "effektivisering. Jämförelser med andra kommuner görs främst inom skolan, "
                  "där nyckeltal redovisas för nämnden två gånger per år."),
            ("p", "Digitaliseringen har kommit igång i socialtjänsten, där e-ansökan om "
                  "försörjningsstöd infördes 2021. Samverkan med två grannkommuner om IT-drift "
                  "och löneadministration har sänkt kostnaderna och minskat sårbarheten."),
        ],
        "strengths": [
            "Flerårsplan för ekonomin",
            "E-ansökan om försörjningsstöd",
            "Gemensam IT-drift och löneadministration med grannkommunerna",
        ],
        "improvements": [
            "Formulera en strategi för effektivisering som gäller hela kommunen",
            "Använd jämförelser även utanför skolan, till exempel inom äldreomsorgen",
        ],
    },
    {
        "no": 5,
        "name": "Brukarens fokus",
        "questions": [
            ("Strategi för brukarens fokus", 20, 12),
            ("Fokus på service", 20, 11),
            ("Förenklade kontakter med kommunen", 20, 14),
            ("Information kring kommunens serviceutbud", 20, 10),
            ("Möjlighet att påverka utformningen av de egna tjänsterna", 20, 8),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "Brukarens fokus innebär att verksamheterna utgår från dem som använder "
                  "tjänsterna. Det handlar om bemötande, tillgänglighet, information och "
                  "möjlighet att påverka."),
            ("h3", "Förenklade kontakter med kommunen"),
            ("p", "Ett kontaktcenter öppnade 2020 och svarar direkt på de flesta frågor. "
                  "Svarstiderna i telefon och e-post mäts varje månad och redovisas för "
                  "kommunstyrelsen."),
            ("h3", "Information kring kommunens serviceutbud"),
            ("p", "Informationen om serviceutbudet finns på webben men är ojämn mellan "
                  "förvaltningarna. Servicelöften finns bara inom bygglov och renhållning. "
                  "Brukarnas möjlighet att påverka sina egna insatser är störst inom "
                  "äldreomsorgen, där genomförandeplaner tas fram tillsammans med den enskilde."),
        ],
        "strengths": [
            "Kontaktcenter som löser de flesta ärenden direkt",
            "Månadsvis uppföljning av svarstider",
            "Genomförandeplaner tas fram tillsammans med brukaren i äldreomsorgen",
        ],
        "improvements": [
            "Gör informationen om serviceutbudet enhetlig mellan förvaltningarna",
            "Ta fram servicelöften för fler verksamheter",
            "Låt brukarna påverka utformningen av tjänsterna även inom skola och fritid",
        ],
    },
    {
        "no": 6,
        "name": "Kvalitetsutveckling",
        "questions": [
            ("Strategi för kvalitetsutveckling", 20, 11),
            ("Centrala utvecklingsinsatser för bättre kvalitet", 20, 9),
            ("Förbättringsarbete", 30, 17),
            ("Samverkan för kvalitetsutveckling", 30, 14),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "Kvalitetsutveckling är det systematiska arbetet med att göra verksamheterna "
                  "bättre. Kommunen behöver både gemensamma verktyg och en kultur där "
                  "medarbetarna uppmuntras att föreslå och pröva förbättringar."),
            ("p", "Det finns ingen kommungemensam strategi för kvalitetsarbetet. Skolan följer "
                  "det lagstadgade systematiska kvalitetsarbetet och socialtjänsten har ett "
                  "eget ledningssystem, men metoderna skiljer sig åt."),
            ("h3", "Förbättringsarbete"),
            ("p", "Avvikelser rapporteras i ett digitalt system inom vård och omsorg. Idéer "
                  "från medarbetarna tas om hand på arbetsplatsträffar, men det finns ingen "
                  "samlad bild av vilka förbättringar som har genomförts."),
        ],
        "strengths": [
            "Digital avvikelsehantering inom vård och omsorg",
            "Förbättringsidéer lyfts på arbetsplatsträffarna",
            "Samverkan med länets kommuner om gemensamma kvalitetsnyckeltal",
        ],
        "improvements": [
            "Ta fram en kommungemensam strategi för kvalitetsutveckling",
            "Samla och sprid genomförda förbättringar mellan förvaltningarna",
        ],
    },
    {
        "no": 7,
        "name": "Arbetsliv",
        "questions": [
            ("Strategier för hållbart arbetsliv", 15, 9),
            ("Strategisk kompetensförsörjning", 40, 24),
            ("Arbetsmiljö och sjukfrånvaro", 25, 17),
            ("Jämställdhet och mångfald", 20, 12),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "Kommunen behöver kunna rekrytera, utveckla och behålla medarbetare. Ett "
                  "hållbart arbetsliv förutsätter en god arbetsmiljö, rimlig arbetsbelastning "
                  "och lika villkor."),
            ("h3", "Strategisk kompetensförsörjning"),
            ("p", "En kompetensförsörjningsplan antogs 2021 och pekar ut brist på "
                  "sjuksköterskor och förskollärare. Kommunen erbjuder betald utbildning till "
                  "undersköterska för anställda i hemtjänsten."),
            ("h3", "Arbetsmiljö och sjukfrånvaro"),
            ("p", "Sjukfrånvaron har minskat två år i rad och ligger under länets snitt. "
                  "Lönekartläggningen görs varje år, men arbetet med mångfald är inte kopplat "
                  "till några mål."),
        ],
        "strengths": [
            "Kompetensförsörjningsplan med tydliga bristyrken",
            "Betald utbildning till undersköterska",
            "Minskande sjukfrånvaro",
            "Årlig lönekartläggning",
        ],
        "improvements": [
            "Sätt mål för arbetet med mångfald",
            "Följ upp hur utbildningssatsningarna påverkar rekryteringen",
        ],
    },
    {
        "no": 8,
        "name": "Chefs- och ledarskap samt medarbetarskap",
        "questions": [
            ("Strategi för chefs- och ledarskap samt medarbetarskap", 20, 13),
            ("Högsta cheferna som förebilder", 20, 12),
            ("Chefers uppdrag", 20, 11),
            ("Intern kommunikation", 20, 15),
            ("Utveckling av ledarskap och medarbetarskap", 20, 14),
        ],
        "body": [
            ("h3", "Allmänt"),
            ("p", "Chefer och medarbetare bär tillsammans kommunens uppdrag. Tydliga "
                  "förväntningar, stöd i chefsrollen och en öppen intern kommunikation ger "
                  "förutsättningar för gott ledarskap och engagerade medarbetare."),
            ("p", "Kommunens ledar- och medarbetarpolicy beskriver förväntningarna på båda "
                  "rollerna. Kommundirektören och förvaltningscheferna uppfattas som synliga "
                  "och tillgängliga."),
            ("h3", "Intern kommunikation"),
            ("p", "Intranätet uppdateras dagligen och en chefsträff hålls varje månad. Ett "
                  "program för blivande chefer startade 2021. Flera chefer har över trettio "
                  "medarbetare, vilket försvårar ett nära ledarskap."),
        ],
        "strengths": [
            "Ledar- och medarbetarpolicy som beskriver båda rollerna",
            "Synlig och tillgänglig ledning",
            "Månatliga chefsträffar och ett levande intranät",
            "Program för blivande chefer",
        ],
        "improvements": [
            "Minska antalet medarbetare per chef där det är som högst",
            "Följ upp programmet för blivande chefer",
        ],
    },
]

OVERVIEW_HEADING = "4. Översikt av poängfördelning"
OVERVIEW_INTRO = ("Nedanstående tabeller visar kommunens resultat fördelat på delfrågor inom "
                  "respektive område")


def area_score(area) -> int:
    return sum(q[2] for q in area["questions"])


def check_content():
    for a in AREAS:
        for label, mx, sc in a["questions"]:
            assert 0 <= sc <= mx, (a["no"], label)
        assert sum(q[1] for q in a["questions"]) == 100, a["no"]
        assert 3 <= len(a["strengths"]) <= 5 and 2 <= len(a["improvements"]) <= 4, a["no"]


def toc_entries():
    """(text, level, anchor) of every table-of-contents line, in order."""
    out = [(TITLE, 1, "title")]
    for kind, text in INTRO:
        if kind in ("h1", "h2"):
            out.append((text, 1 if kind == "h1" else 2, anchor(text)))
    for a in AREAS:
        out.append((f"Område {a['no']} {a['name']}", 2, f"omr{a['no']}"))
    out.append((OVERVIEW_HEADING, 1, "oversikt"))
    return out


def anchor(text: str) -> str:
    return "h-" + re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------------------
# Word-export text
# ---------------------------------------------------------------------------

def render_txt(pages: dict[str, int]) -> str:
    L = ["", "", TITLE, "", EVALUATORS, "", DISCLAIMER, ""]
    L += [f"{text}\t{pages[a]}" for text, _lvl, a in toc_entries()]
    L.append("")
    for kind, text in INTRO:
        L += [text, ""]
        if kind == "caption":
            L += ["", ""]
    for a in AREAS:
        L += [f"Område {a['no']} {a['name']}", ""]
        topics = "".join(f"• {q[0]}" for q in a["questions"])
        L += ["Rubriker\tPoäng", f'<ul style="list-style-type: none">{topics}</ul>\t{area_score(a)}', ""]
        for _kind, text in a["body"]:
            L += [text, ""]
        s = " ".join(f"<p>{t}</p>" for t in a["strengths"])
        i = " ".join(f"<p>{t}</p>" for t in a["improvements"])
        L += ["Styrkor\tFörbättringsmöjligheter", f"{s}\t{i}", ""]
    L += [OVERVIEW_HEADING, "", OVERVIEW_INTRO, ""]
    for a in AREAS:
        L.append(f"{a['no']}.\t{a['name']}\tUppnått\tMax")
        for k, (label, mx, sc) in enumerate(a["questions"], 1):
            L.append(f"{a['no']}.{k}\t{label}\t{sc}\t{mx}")
        L += [f"\t\t{area_score(a)}\t100", ""]
    return "\n".join(L)


# ---------------------------------------------------------------------------
# PDF (PyMuPDF Story)
# ---------------------------------------------------------------------------

MEDIA = (0, 0, 595.28, 841.89)          # A4 in points
WHERE = (70, 78, 595.28 - 70, 841.89 - 72)
PAD = 3                                 # cell padding, pt
RULE = (0.56, 0.67, 0.86)               # table rule colour (#8eaadb)

# Column widths in pt (MuPDF honours absolute widths, not percentages).
W_TEXT = WHERE[2] - WHERE[0] - 4 * PAD   # the 455 pt text width less cell padding
W_RUB = (360, W_TEXT - 360 - 2 * PAD)
W_FIND = (W_TEXT / 2 - PAD, W_TEXT / 2 - PAD)
W_OVER = (26, 290, 58, W_TEXT - 26 - 290 - 58 - 6 * PAD)

CSS = f"""
body {{ margin: 0; font-family: sans-serif; font-size: 10pt; line-height: 1.3; color: #000; }}
p {{ margin: 0 0 6pt 0; }}
h1 {{ font-size: 15pt; color: #1f3864; margin: 14pt 0 8pt 0; }}
h2 {{ font-size: 12.5pt; color: #2e74b5; margin: 12pt 0 6pt 0; }}
h3 {{ font-size: 10.5pt; color: #1f3864; margin: 10pt 0 4pt 0; }}
.title {{ font-size: 24pt; font-weight: bold; color: #1f3864; margin: 150pt 0 40pt 0; line-height: 1.25; }}
.note {{ font-size: 9pt; color: #7f0000; border: 0.8pt solid #7f0000; padding: 6pt; margin-top: 24pt; }}
.caption {{ font-size: 9pt; font-style: italic; color: #44546a; margin: 60pt 0 60pt 0; }}
.newpage {{ page-break-before: always; }}
.toc p {{ margin: 0 0 3pt 0; }}
.toc .l2 {{ margin-left: 14pt; }}
table {{ border-collapse: collapse; margin: 4pt 0 12pt 0; }}
td, th {{ border: 0.6pt solid #8eaadb; padding: {PAD}pt; vertical-align: top; text-align: left; }}
th {{ font-weight: bold; }}  /* shading: see header_rows() */
td.num {{ text-align: right; }}
td.center {{ text-align: center; vertical-align: middle; }}
tr.f td {{ border-top: 0; border-bottom: 0; padding-bottom: 0; }}
tr.flast td {{ border-bottom: 0.6pt solid #8eaadb; padding-bottom: {PAD}pt; }}
tr.total td {{ font-weight: bold; }}
ul {{ margin: 0 0 0 14pt; padding: 0; }}
li {{ margin: 0 0 1pt 0; }}
td p {{ margin: 0 0 5pt 0; }}
"""


def e(text: str) -> str:
    return html.escape(text, quote=False)


def _w(width: float) -> str:
    return f' style="width:{width:.1f}pt"'


def findings_table(a, push: set, split: dict) -> str:
    """Styrkor | Förbättringsmöjligheter as in the Word original: one row whose two
    cells hold one paragraph per item. A row cannot break across pages in MuPDF,
    so where the table reaches the foot of a page (split[area] = k) the row is cut
    in two after the k-th item of each column, with no rule between the parts:
    the table then continues on the next page as it does in Word."""
    no, s, i = a["no"], a["strengths"], a["improvements"]
    k = split.get(no)
    parts = [(s, i)] if k is None else [(s[:k], i[:k]), (s[k:], i[k:])]
    rows = [f'<tr><th id="fh{no}"{_w(W_FIND[0])}>Styrkor</th>'
            f'<th id="fh{no}-r"{_w(W_FIND[1])}>Förbättringsmöjligheter</th></tr>']
    for j, (left, right) in enumerate(parts):
        cls = "f flast" if j == len(parts) - 1 else "f"
        cells = []
        for side, items, width in (("a", left, W_FIND[0]), ("b", right, W_FIND[1])):
            body = "".join(f"<p>{e(t)}</p>" for t in items)
            cells.append(f'<td id="f{no}-{j}-{side}"{_w(width)}>{body}</td>')
        rows.append(f'<tr class="{cls}">' + "".join(cells) + "</tr>")
    return _table(f"fh{no}", push, "".join(rows))


def _table(key: str, push: set, rows: str) -> str:
    """A table; pushed to the next page if key is in push (MuPDF ignores
    page-break-before on a table itself, so a div around it carries it)."""
    table = f"<table>{rows}</table>"
    return f'<div class="newpage">{table}</div>' if key in push else table


def render_html(pages: dict[str, int], push: set = frozenset(), split: dict | None = None) -> str:
    """The report as HTML. push: ids of table headers that must start a new page
    (their first row did not fit on the page); split: where findings tables are cut
    to break across pages (see page_numbers)."""
    split = split or {}
    h = [f'<p class="title" id="title">{e(TITLE)}</p>',
         f"<p>{e(EVALUATORS)}</p>",
         f'<p class="note">{e(DISCLAIMER)}</p>',
         '<h1 class="newpage">Innehåll</h1><div class="toc">']
    for text, lvl, a in toc_entries():
        h.append(f'<p class="l{lvl}">{e(text)} . . . {pages.get(a, "")}</p>')
    h.append("</div>")
    for kind, text in INTRO:
        # chapters 1 and 3 start on a new page, like in the Word original
        cls = ' class="newpage"' if kind == "h1" and text[0] in "13" else ""
        if kind == "caption":
            h.append(f'<p class="caption">{e(text)}</p>')
        elif kind == "p":
            h.append(f"<p>{e(text)}</p>")
        else:
            h.append(f'<{kind}{cls} id="{anchor(text)}">{e(text)}</{kind}>')
    for a in AREAS:
        # an orphaned Rubriker header moves to the next page together with the heading
        cls = ' class="newpage"' if f"rh{a['no']}" in push else ""
        h.append(f'<h2{cls} id="omr{a["no"]}">Område {a["no"]} {e(a["name"])}</h2>')
        topics = "".join(f"<li>{e(q[0])}</li>" for q in a["questions"])
        h.append("<table>" +
                 f'<tr><th id="rh{a["no"]}"{_w(W_RUB[0])}>Rubriker</th><th id="rh{a["no"]}-p"{_w(W_RUB[1])}>Poäng</th></tr>'
                 f'<tr><td id="rh{a["no"]}-0"{_w(W_RUB[0])}><ul>{topics}</ul></td>'
                 f'<td class="center"{_w(W_RUB[1])}>{area_score(a)}</td></tr></table>')
        for kind, text in a["body"]:
            h.append(f"<p>{e(text)}</p>" if kind == "p" else f"<{kind}>{e(text)}</{kind}>")
        h.append(findings_table(a, push, split))
    h.append(f'<h1 class="newpage" id="oversikt">{e(OVERVIEW_HEADING)}</h1>')
    h.append(f"<p>{e(OVERVIEW_INTRO)}</p>")
    w0, w1, w2, w3 = (_w(x) for x in W_OVER)
    for a in AREAS:
        rows = [f'<tr><th id="oh{a["no"]}"{w0}>{a["no"]}.</th><th id="oh{a["no"]}-n"{w1}>{e(a["name"])}</th>'
                f'<th id="oh{a["no"]}-u"{w2}>Uppnått</th><th id="oh{a["no"]}-m"{w3}>Max</th></tr>']
        for k, (label, mx, sc) in enumerate(a["questions"], 1):
            rows.append(f'<tr><td id="oh{a["no"]}-{k - 1}"{w0}>{a["no"]}.{k}</td><td{w1}>{e(label)}</td>'
                        f'<td class="num"{w2}>{sc}</td><td class="num"{w3}>{mx}</td></tr>')
        rows.append(f'<tr class="total"><td{w0}></td><td{w1}></td><td class="num"{w2}>{area_score(a)}</td>'
                    f'<td class="num"{w3}>100</td></tr>')
        h.append(_table(f"oh{a['no']}", push, "".join(rows)))
    return "\n".join(h)


def layout(html_text: str, writer=None):
    """Lay the story out (drawing it if writer is given).

    Returns (pages, rects): anchor id -> first page number, and for every element
    with an id, a list of (page number, rect) where it was placed."""
    import pymupdf

    story = pymupdf.Story(html_text, user_css=CSS)
    pages: dict[str, int] = {}
    rects: dict[str, list] = {}
    page_no = 0

    def pos(p):
        if p.id and p.open_close & 1:
            pages.setdefault(p.id, page_no)
            rects.setdefault(p.id, []).append((page_no, pymupdf.Rect(p.rect)))

    scratch = None
    if writer is None:                      # place() only advances once drawn
        scratch = io.BytesIO()
        writer = pymupdf.DocumentWriter(scratch)
    more = 1
    while more:
        page_no += 1
        dev = writer.begin_page(pymupdf.Rect(MEDIA))
        more, _filled = story.place(pymupdf.Rect(WHERE))
        story.element_positions(pos)
        story.draw(dev)
        writer.end_page()
        if page_no > 200:
            raise RuntimeError("layout does not terminate")
    if scratch is not None:
        writer.close()
    return pages, rects


@functools.lru_cache(maxsize=1)
def page_numbers():
    """Lay out until stable. The TOC page numbers settle; a findings table whose row
    does not fit at the foot of a page is cut so that it breaks across the pages;
    any other table whose header row would be left alone at the foot of a page
    starts on the next page instead ("keep with next" in Word).
    Returns (pages, push, split); callers must not modify them (cached)."""
    pages: dict[str, int] = {}
    push: set = set()
    split: dict[int, int] = {}
    for _ in range(30):
        new, rects = layout(render_html(pages, push, split))
        changed = new != pages
        pages = new
        for key in sorted(k for k in rects if re.fullmatch(r"(rh|fh|oh)\d", k)):
            first_row = f"f{key[2:]}-0-a" if key.startswith("fh") else f"{key}-0"
            if key in push or rects[key][0][0] == rects[first_row][0][0]:
                continue
            no = int(key[2:])
            if key.startswith("fh"):
                n = max(len(AREAS[no - 1]["strengths"]), len(AREAS[no - 1]["improvements"]))
                k = split.get(no, n) - 1
                if k >= 1:
                    split[no] = k
                else:
                    split.pop(no, None)
                    push.add(key)
            else:
                push.add(key)
            changed = True
            break                           # one change at a time, then lay out again
        if not changed:
            return pages, push, split
    raise RuntimeError("layout does not settle")


def table_breaks(rects) -> list[tuple[int, float, float, float]]:
    """(page, x0, x1, y) of the rules to add where a table breaks across pages: a
    top rule where it continues (MuPDF leaves it out) and, for the findings tables
    whose rows have no rules of their own, a bottom rule on the page it leaves."""
    out = []
    for a in AREAS:
        no = a["no"]
        for head, cell in ((f"fh{no}", rf"f{no}-\d-[ab]"), (f"oh{no}", rf"oh{no}-\d+")):
            x0 = rects[head][0][1].x0 - PAD
            by_page: dict[int, list] = {}
            for key, places in rects.items():
                if re.fullmatch(cell, key):
                    for page, r in places:
                        by_page.setdefault(page, []).append(r)
            last_header = [r for k, v in rects.items() if k.startswith(head) for _, r in v]
            x1 = max(r.x1 for r in last_header) + PAD
            pages = sorted(set(by_page) | {rects[head][0][0]})
            for page in pages:
                items = by_page.get(page, [])
                if page != pages[-1] and head.startswith("fh") and items:
                    out.append((page, x0, x1, max(r.y1 for r in items) + 1))
                if page != pages[0] and items:
                    out.append((page, x0, x1, min(r.y0 for r in items) - PAD))
    return out


HEADER_FILL = (0.851, 0.886, 0.953)     # #d9e2f3


def header_rows(rects) -> list[tuple[int, "pymupdf.Rect"]]:
    """(page, rect) of every table header row, from the positions of its cells.

    MuPDF's Story redraws th background colours of earlier pages as thin ghost
    bars on every later page, so the shading is painted afterwards instead."""
    import pymupdf

    rows: dict[tuple[str, int], pymupdf.Rect] = {}
    for key, places in rects.items():
        m = re.fullmatch(r"((?:rh|fh|oh)\d)(?:-[pnumr])?", key)
        if not m:
            continue
        for page, r in places:
            k = (m.group(1), page)
            rows[k] = rows[k] | r if k in rows else pymupdf.Rect(r)
    return [(page, r + (-PAD, -PAD, PAD, PAD)) for (_, page), r in sorted(rows.items())]


def render_pdf(pages: dict[str, int], push: set, split: dict) -> bytes:
    import pymupdf

    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    _pages, rects = layout(render_html(pages, push, split), writer)
    writer.close()
    doc = pymupdf.open("pdf", buf.getvalue())
    from variants.layouts import unligature  # ligature glyphs extract as letters, as Word's PDFs do
    unligature(doc)
    for page_no, r in header_rows(rects):
        doc[page_no - 1].draw_rect(r, color=None, fill=HEADER_FILL, width=0, overlay=False)
    for page_no, x0, x1, y in table_breaks(rects):
        doc[page_no - 1].draw_line((x0, y), (x1, y), color=RULE, width=0.6)
    grey = (0.35, 0.35, 0.35)
    for page in doc:
        page.insert_text((WHERE[0], 48), TITLE, fontname="helv", fontsize=8, color=grey)
        page.draw_line((WHERE[0], 53), (WHERE[2], 53), color=RULE, width=0.6)
        num = str(page.number + 1)
        w = pymupdf.get_text_length(num, fontname="helv", fontsize=9)
        page.insert_text(((MEDIA[2] - w) / 2, MEDIA[3] - 36), num, fontname="helv", fontsize=9)
    stamp = "D:" + FIXED_DATE.strftime("%Y%m%d%H%M%S") + "+01'00'"
    doc.set_metadata({"title": TITLE, "author": AUTHOR, "subject": DISCLAIMER,
                      "keywords": "Kommunkompassen, påhittat exempel, testdata",
                      "creator": "scripts/make_sample.py", "producer": "PyMuPDF",
                      "creationDate": stamp, "modDate": stamp})
    doc.subset_fonts()
    out = doc.tobytes(garbage=4, deflate=True, no_new_id=True)
    doc.close()
    return out


# ---------------------------------------------------------------------------
# DOCX (python-docx)
# ---------------------------------------------------------------------------

def _shade(cell, fill="D9E2F3"):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _bold_cell(cell, text, align=None):
    p = cell.paragraphs[0]
    p.add_run(text).bold = True
    if align is not None:
        p.alignment = align


def _page_field(paragraph):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph._p.append(fld)


def render_docx(pages: dict[str, int]) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt, RGBColor

    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.75), Cm(2.5)
    hp = sec.header.paragraphs[0]
    hp.text = TITLE
    hp.runs[0].font.size = Pt(8)
    hp.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(fp)
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(11)

    cp = d.core_properties
    cp.title, cp.author, cp.subject = TITLE, AUTHOR, DISCLAIMER
    cp.keywords = "Kommunkompassen, påhittat exempel, testdata"
    cp.last_modified_by = AUTHOR
    cp.comments = "Genererad av scripts/make_sample.py"
    cp.created = cp.modified = cp.last_printed = FIXED_DATE
    cp.revision = 1

    d.add_paragraph(TITLE, style="Title")
    d.add_paragraph(EVALUATORS)
    d.add_paragraph(DISCLAIMER)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Innehåll", style="TOC Heading")
    for text, lvl, a in toc_entries():
        p = d.add_paragraph(f"{text}\t{pages[a]}")
        p.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
        if lvl == 2:
            p.paragraph_format.left_indent = Cm(0.5)

    for kind, text in INTRO:
        if kind == "h1":
            if text[0] in "13":             # chapters 1 and 3 start on a new page
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            d.add_heading(text, level=1)
        elif kind == "h2":
            d.add_heading(text, level=2)
        elif kind == "caption":
            d.add_paragraph(text, style="Caption")
        else:
            d.add_paragraph(text)

    for a in AREAS:
        d.add_heading(f"Område {a['no']} {a['name']}", level=2)
        t = d.add_table(rows=2, cols=2)
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        _bold_cell(t.cell(0, 0), "Rubriker")
        _bold_cell(t.cell(0, 1), "Poäng")
        for c in t.rows[0].cells:
            _shade(c)
        cell = t.cell(1, 0)
        for k, q in enumerate(a["questions"]):
            if k == 0:
                cell.paragraphs[0].text = q[0]
                cell.paragraphs[0].style = d.styles["List Bullet"]
            else:
                cell.add_paragraph(q[0], style="List Bullet")
        t.cell(1, 1).paragraphs[0].text = str(area_score(a))
        t.cell(1, 1).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        t.columns[0].width = Cm(13)
        for kind, text in a["body"]:
            if kind == "h3":
                d.add_heading(text, level=3)
            else:
                d.add_paragraph(text)
        t = d.add_table(rows=2, cols=2)
        t.style = "Table Grid"
        _bold_cell(t.cell(0, 0), "Styrkor")
        _bold_cell(t.cell(0, 1), "Förbättringsmöjligheter")
        for c in t.rows[0].cells:
            _shade(c)
        for col, items in ((0, a["strengths"]), (1, a["improvements"])):
            cell = t.cell(1, col)
            cell.paragraphs[0].text = items[0]
            for item in items[1:]:
                cell.add_paragraph(item)
        d.add_paragraph()

    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_heading(OVERVIEW_HEADING, level=1)
    d.add_paragraph(OVERVIEW_INTRO)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for a in AREAS:
        qs = a["questions"]
        t = d.add_table(rows=len(qs) + 2, cols=4)
        t.style = "Table Grid"
        for j, text in enumerate((f"{a['no']}.", a["name"], "Uppnått", "Max")):
            _bold_cell(t.cell(0, j), text)
            _shade(t.cell(0, j))
        for k, (label, mx, sc) in enumerate(qs, 1):
            t.cell(k, 0).text = f"{a['no']}.{k}"
            t.cell(k, 1).text = label
            t.cell(k, 2).text = str(sc)
            t.cell(k, 3).text = str(mx)
            t.cell(k, 2).paragraphs[0].alignment = right
            t.cell(k, 3).paragraphs[0].alignment = right
        _bold_cell(t.cell(len(qs) + 1, 2), str(area_score(a)), right)
        _bold_cell(t.cell(len(qs) + 1, 3), "100", right)
        for row in t.rows:
            for j, w in enumerate((Cm(1.3), Cm(11.2), Cm(1.9), Cm(1.6))):
                row.cells[j].width = w
        d.add_paragraph()

    buf = io.BytesIO()
    d.save(buf)
    return _normalize_zip(buf.getvalue())


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite the DOCX zip with fixed entry timestamps so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2021, 10, 29, 12, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------

def build(out_dir: Path) -> dict[str, Path]:
    check_content()
    out_dir.mkdir(parents=True, exist_ok=True)
    pages, push, split = page_numbers()
    files = {
        "txt": (out_dir / f"{BASE}_wordexport.txt", render_txt(pages).encode("utf-8")),
        "pdf": (out_dir / f"{BASE}.pdf", render_pdf(pages, push, split)),
        "docx": (out_dir / f"{BASE}.docx", render_docx(pages)),
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {k: v[0] for k, v in files.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default data/raw)")
    args = ap.parse_args(argv)
    for kind, path in build(args.out).items():
        print(f"{kind:5} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
