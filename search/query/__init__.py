"""Query stage: parse the user's text, validate filters, suggest spellings."""
