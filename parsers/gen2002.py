"""Parser for Kommunkompassen reports of the Original Swedish version (2002–2009): areas such as "Offentlighet och demokratisk kontroll",
"Ledningsutrymme, decentralisering och delegering", "Förnyelsepolitik"."""
from .base import ReportParser


class Parser2002(ReportParser):
    revision = "2002"
    percent_column = False
