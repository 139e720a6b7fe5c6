"""The embedded Whoosh backend: schema, index folder and generations, writer, ranking fast paths."""
