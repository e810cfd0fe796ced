"""Parser for Kommunkompassen reports of the Revision 2010: the Nordic revision; area 7 "Verksamhetsutveckling", overview tables with a
percent column computed from unrounded scores."""
from .base import ReportParser


class Parser2010(ReportParser):
    revision = "2010"
    percent_column = True
