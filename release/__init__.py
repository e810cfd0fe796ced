"""A research release of the corpus: the data package (datapackage.json),
exports to CSV / Excel / Stata with a codebook, the kompassros and concept
comparison plots, and the comparison of two reports or revisions by concept.

Layer: above normalize and store (it reads their schemas and codebook),
below qa and run (the run writes what it makes into every snapshot). Heavy
libraries (matplotlib, openpyxl) load only when a plot or an export is made.
"""
