"""Speaker ids from names, without spaCy."""

from __future__ import annotations

import re
import unicodedata


def slug(name: str) -> str:
    """Speaker id from a canonical name: 'Mikhail Galuzin' -> 'mikhail-galuzin'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "speaker"
