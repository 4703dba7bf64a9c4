"""Reports an editor opens or a tool reads: terminal tables, JSON/CSV/schema.org exports, Parquet, the HTML view."""

#: Conflicts the terminal table shows unless told otherwise: the most telling come first, and an archive can
#: hold tens of thousands (a table of 75,000 took 100 s and 2 GB to draw, for rows no editor reads).
SHOWN_CONFLICTS = 50  # here, not in terminal: the CLI's help says it without importing rich tables
