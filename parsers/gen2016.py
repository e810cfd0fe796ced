"""Parser for Kommunkompassen reports of the Revision 2016: area 2 renamed "Brukarfokus, tillgänglighet och bemötande" in headings
(the overview keeps "Tillgänglighet och brukarorientering"), area 7 "Ständiga förbättringar"."""
from .base import ReportParser


class Parser2016(ReportParser):
    revision = "2016"
    percent_column = True
