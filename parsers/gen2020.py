"""Parser for Kommunkompassen reports of the Revision 2019/2020: areas reorganised ("Samhällsutveckling" second, "Arbetsliv",
"Chefs- och ledarskap samt medarbetarskap"); overview without a percent column."""
from .base import ReportParser


class Parser2020(ReportParser):
    revision = "2020"
    percent_column = False
