"""Language names as files write them ("en", "English", "español", "es-MX") mapped to "en"/"es"."""

from __future__ import annotations

_NAMES = {
    "en": "en", "eng": "en", "english": "en", "inglés": "en", "ingles": "en",
    "es": "es", "spa": "es", "spanish": "es", "español": "es", "espanol": "es", "castellano": "es",
}


def language_code(value: object) -> str | None:
    """"en" or "es" for a recognised language name or tag, else None."""
    if not isinstance(value, str):
        return None
    name = value.strip().lower().replace("_", "-")
    return _NAMES.get(name) or _NAMES.get(name.split("-", 1)[0])
