"""spaCy side of claimtrack: the pipeline and its components."""
