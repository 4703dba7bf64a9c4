"""Reports an editor opens: the HTML view of a claims store."""
