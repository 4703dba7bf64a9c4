"""Data files shipped with claimtrack: the institutions table read by claimtrack.people.institutions."""
