"""The QA page: a static DIR/qa/index.html (plus page images under DIR/qa/img/)
a data steward opens to check a freshly ingested report. See qa.page.render."""
