"""Word pairs that measure a stemmer: forms of one word that must meet, unrelated words that must not."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Pairs = Sequence[tuple[str, str]]


def _pairs(text: str) -> list[tuple[str, str]]:
    return [tuple(pair.split("/")) for pair in text.split()]  # type: ignore[misc]


SPANISH_SAME = _pairs("""
    deportación/deportaciones migrante/migrantes inmigrante/inmigrantes nación/naciones
    elección/elecciones votación/votaciones región/regiones razón/razones millón/millones
    presidente/presidenta presidente/presidentes niño/niña niños/niñas niño/niños
    ciudadano/ciudadana ciudadanos/ciudadanas diputado/diputada diputados/diputadas
    trabajador/trabajadora trabajador/trabajadores trabajadora/trabajadoras profesor/profesora
    autor/autora señor/señora luz/luces vez/veces país/países mes/meses ley/leyes
    mujer/mujeres ciudad/ciudades libertad/libertades joven/jóvenes capaz/capaces
    feliz/felices nuevo/nueva nuevos/nuevas europeo/europea mexicano/mexicanas
    salvadoreño/salvadoreños refugiado/refugiada refugiados/refugiadas frontera/fronteras
    gobierno/gobiernos acuerdo/acuerdos derecho/derechos político/política políticos/políticas
    socialista/socialistas actividad/actividades comunidad/comunidades objetivo/objetivos
""")
"""Plural and gender forms of one Spanish word: their stems must be equal."""

SPANISH_APART = _pairs("""
    deporte/deportación deportes/deportaciones comunidad/comunicación común/comunicaciones
    diputado/diputación orden/ordenador órdenes/ordenadores objeto/objetivo órgano/orgánica
    organismo/órgano género/generación efecto/efectivo final/finalidad importante/importar
    público/publicidad nacional/nacionalista social/socialista autores/autoridades
    oriente/orientación seguros/seguridad integrados/integridad procesos/procesador
    ejecuta/ejecutivo activos/actividad unidos/unidad competentes/competencia
    constituye/constitución informe/información móviles/movilidad legal/legalidad
    natural/naturalidad capital/capitalista material/materialismo moral/moralidad
    estación/estacionamiento conservador/conservación acción/accionista civil/civilización
    total/totalitario propio/propiedad
""")
"""Unrelated Spanish words (or a word and a derivation of another meaning) that Snowball merges."""

SPANISH_STILL_MERGED = _pairs("parte/partido partes/partidos calle/callar junta/juntar prensa/prensado casa/caso")
"""Known limit, reported beside the precision: a noun that is a verb form, a gender pair of nouns."""

ENGLISH_SAME = _pairs("""
    migrant/migrants deportation/deportations election/elections country/countries
    policy/policies city/cities party/parties family/families church/churches box/boxes
    vote/votes leader/leaders border/borders refugee/refugees government/governments
    president/presidents law/laws court/courts judge/judges state/states nation/nations
    minister/ministers worker/workers official/officials authority/authorities
    university/universities community/communities activity/activities executive/executives
    organization/organizations relative/relatives activist/activists journalist/journalists
    capitalism/capitalisms trump/trump's obama/obama's people/people's week/weeks
    agency/agencies economy/economies company/companies story/stories
""")
"""Regular plural and possessive forms of one English word: their stems must be equal."""

ENGLISH_APART = _pairs("""
    university/universe universities/universes organization/organ organizations/organs
    animal/animation animals/animations author/authority authors/authorities
    execute/executive executes/executives relate/relative related/relatives
    general/generality gene/genetics commune/community communes/communities
    active/activity act/activist acts/activists nation/nationality national/nationalist
    capital/capitalist capital/capitalism social/socialist social/socialism
    real/reality real/realism formal/formality moral/morality legal/legality
    public/publicity final/finality origin/originality human/humanity
    equal/equality minor/minority major/majority
    product/productive product/productivity sense/sensitive objects/objective
    position/positive
""")
"""Unrelated English words (or a word and a derivation of another meaning) that Porter2 merges."""


def same_rate(stem: Callable[[str], str], pairs: Pairs, fold: Callable[[str], str]) -> float:
    """Share of the pairs whose two words get one stem."""
    return sum(stem(fold(a)) == stem(fold(b)) for a, b in pairs) / len(pairs)


def apart_rate(stem: Callable[[str], str], pairs: Pairs, fold: Callable[[str], str]) -> float:
    """Collision precision: share of the pairs whose two words keep different stems."""
    return 1 - same_rate(stem, pairs, fold)


def measure() -> dict:
    """Per language: pair counts, and the shares met / kept apart by the engine and by Snowball alone."""
    from search.analysis import fold
    from search.analysis.stemming import snowball, stem

    lists = {"es": (SPANISH_SAME, [*SPANISH_APART, *SPANISH_STILL_MERGED]), "en": (ENGLISH_SAME, ENGLISH_APART)}
    out = {}
    for lang, (same, apart) in lists.items():
        stemmers = {"engine": lambda w, lang=lang: stem(w, lang), "snowball": lambda w, lang=lang: snowball(w, lang)}
        out[lang] = {"same": len(same), "apart": len(apart)}
        for name, stemmer in stemmers.items():
            out[lang][name] = {"met": same_rate(stemmer, same, fold), "apart": apart_rate(stemmer, apart, fold)}
    return out
