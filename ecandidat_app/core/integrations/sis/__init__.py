"""Hand-over of admitted applicants who confirmed to the student information system (SIS):
typed rows carrying the fields the original eCandidat hands to Apogée's pre-registration
(OPI) and to Pégase (`rows`), each application handed over once unless re-requested and
every hand-over audited (`batches`), CSV files on top (`files`). A connector pushing to a
SIS's HTTP API takes the rows of `batches.export_batch` and skips the files.
The mapping is documented in docs/sis-export.md."""
