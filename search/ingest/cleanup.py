"""Drop what is not story text: photo credits, captions, image slugs and page furniture."""

from __future__ import annotations

import re

_CREDIT_MAX_WORDS = 14
_CAPTION_MAX_WORDS = 70
_FURNITURE_MAX_WORDS = 10
_CREDIT_MAX_CHARS = 200
_FURNITURE_MAX_CHARS = 100

_AGENCIES = re.compile(
    r"\b(?:getty\s*images|via\s+getty|afp|reuters|ap\s+photo|associated\s+press|efe|shutterstock|nurphoto|"
    r"europa\s+press|cuartoscuro|istock(?:photo)?|alamy|epa|bloomberg\s+via|xinhua|anadolu|sipa|"
    r"redux|zuma(?:\s+press)?|dpa|picture\s+alliance|imago|ansa)\b",
    re.IGNORECASE,
)
_CREDIT_LEAD = re.compile(
    r"^[(\[]?\s*(?:photo(?:graph)?s?|foto(?:graf[ií]a)?s?|image(?:n|s)?|im[aá]genes|picture|credit|cr[eé]dito|"
    r"source|fuente)\s*(?:by|de|por)?\s*[:/|–—-]",
    re.IGNORECASE,
)
_PHOTO_BY = re.compile(r"^[(\[]?\s*(?:photo|foto|image|imagen)\s+(?:by|de|por|courtesy|cortes[ií]a)\b", re.IGNORECASE)
_CREDIT_WORDS = re.compile(r"\b(?:via|photos?|fotos?|images?|by|por|and|y)\b|[/|&,·-]", re.IGNORECASE)
_CREDIT_JOINS = re.compile(r"\s*[/|]\s*|\s+(?:via|for|para|courtesy of|cortes[ií]a de)\s+", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZÁÉÍÓÚÑÜ0-9][\w'’.&-]*|de|del|la|las|los|da|das|do|dos|van|von|der|y|e)$")
_NAME_MAX_WORDS = 5
_SLUG = re.compile(r"^[^\W_]+(?:[-_][^\W_]+)+(?:\.(?:jpe?g|png|gif|webp|avif))?$"
                   r"|^[^\W_]+\.(?:jpe?g|png|gif|webp|avif)$",
                   re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(?:leave\s+a\s+(?:comment|reply)|\d*\s*comments?|share(?:\s+this(?:\s+(?:article|story|post))?)?|"
    r"share\s+on\s+\w+|tweet|email|print|advertisement|advertising|sponsored(?:\s+content)?|read\s+more|"
    r"read\s+next|continue\s+reading|related(?:\s+(?:articles|stories|posts|content))?|see\s+also|"
    r"subscribe(?:\s+now)?|sign\s+up(?:\s+for\s+our\s+newsletter)?|follow\s+us(?:\s+on\s+\w+)?|"
    r"click\s+here.*|skip\s+(?:to\s+)?(?:content|ad)|close|menu|home|back\s+to\s+top|"
    r"all\s+rights\s+reserved|(?:©|copyright)\s.*|"
    r"deja\s+un\s+comentario|comentarios?|compartir|comparte(?:\s+esta\s+noticia)?|publicidad|anuncio|"
    r"lee\s+(?:también|más)|leer\s+más|te\s+puede\s+interesar|suscr[ií]bete|noticias\s+relacionadas|"
    r"relacionad[oa]s|sigue\s+leyendo|cerrar|todos\s+los\s+derechos\s+reservados|"
    r"(?:read\s+more|read\s+also|related|see\s+also|more\s+on\s+this|lee\s+también|leer\s+más|"
    r"te\s+puede\s+interesar|más\s+información|ver\s+también)\s*:.*)$",
    re.IGNORECASE,
)
_REPORTED_SPEECH = re.compile(
    r"[“”\"«»]|\b(?:said|says|told|according|announced|added|dijo|dice|afirmó|aseguró|señaló|declaró|"
    r"explicó|añadió|agregó|según|informó)\b",
    re.IGNORECASE,
)
_MONTH_NAMES = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|enero|febrero|marzo|abril|mayo|junio|"
                r"julio|agosto|sept?iembre|octubre|noviembre|diciembre")
_PHOTO_DATE = re.compile(
    rf"\b(?:{_MONTH_NAMES})\.?\s+\d{{1,2}},?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}\s+(?:de\s+)?(?:{_MONTH_NAMES})\.?,?\s+(?:de\s+)?\d{{4}}\b",
    re.IGNORECASE,
)
_TRIM = " \t.:!|»›>→-–—•*·()[]"


def is_credit(paragraph: str) -> bool:
    """A photo credit line: "X / AFP via Getty Images", "Reuters", "Photo: ...".

    Recognised by its shape, not by naming an agency: agency names and credit words alone, or short
    names joined by "/" or "via" ("Name / AFP via Getty Images"). A headline that names an agency
    ("Reuters Journalist Detained in Caracas") has other words around it and stays.
    """
    if len(paragraph) > _CREDIT_MAX_CHARS:
        return False
    words = paragraph.split()
    if len(words) > _CREDIT_MAX_WORDS:
        return False
    if _CREDIT_LEAD.match(paragraph) or _PHOTO_BY.match(paragraph):
        return True
    if not _AGENCIES.search(paragraph) or paragraph.rstrip("”\"' ").endswith((".", "!", "?", ",", ";", ":")):
        return False
    text = paragraph.strip(" ()[]")
    if not _CREDIT_WORDS.sub(" ", _AGENCIES.sub(" ", text)).strip():
        return True  # "Reuters", "Getty Images", "AFP via Getty Images"
    parts = _CREDIT_JOINS.split(text)
    return len(parts) >= 2 and all(_is_name(part) for part in parts)


def _is_name(part: str) -> bool:
    """A person's or an agency's name: a few words, each capitalised or a name particle."""
    words = part.split()
    return 0 < len(words) <= _NAME_MAX_WORDS and all(_NAME_WORD.match(word) for word in words)


def is_slug(paragraph: str) -> bool:
    """An image slug or file name standing alone: "Mexico-us-migration", "IMG_2041.jpg"."""
    return len(paragraph) <= 80 and " " not in paragraph and bool(_SLUG.match(paragraph))


def is_furniture(paragraph: str) -> bool:
    """Page furniture: "Leave a Comment", "Share this article", "Advertisement", "Read more"..."""
    if len(paragraph) > _FURNITURE_MAX_CHARS or len(paragraph.split()) > _FURNITURE_MAX_WORDS:
        return False
    return bool(_FURNITURE.match(paragraph.strip(_TRIM)))


def looks_like_caption(paragraph: str) -> bool:
    """Short and descriptive: no quotation and no "said", which story paragraphs near a credit have."""
    if len(paragraph.split()) > _CAPTION_MAX_WORDS:
        return False
    return not _REPORTED_SPEECH.search(paragraph)


def story_paragraphs(paragraphs: list[str]) -> list[str]:
    """The paragraphs that are story text, in order.

    A caption is the paragraph right before a credit line (when it reads like one: short, no quotes,
    no "said") or right after an image slug; the first paragraph is never taken for a caption (it
    is the headline or the lead).
    """
    drop = [is_credit(p) or is_slug(p) or is_furniture(p) for p in paragraphs]
    for i, paragraph in enumerate(paragraphs):
        if is_credit(paragraph) and i >= 2 and not drop[i - 1] and looks_like_caption(paragraphs[i - 1]):
            drop[i - 1] = True
        elif is_slug(paragraph) and i + 1 < len(paragraphs) and not drop[i + 1]:
            # Only a caption for sure when a credit follows it or it is dated like a wire photo.
            after = paragraphs[i + 1]
            credited = i + 2 < len(paragraphs) and is_credit(paragraphs[i + 2])
            if looks_like_caption(after) and (credited or _PHOTO_DATE.search(after)):
                drop[i + 1] = True
    return [p for p, dropped in zip(paragraphs, drop) if not dropped]
