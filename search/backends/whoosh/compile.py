"""An analysed query tree (``search.query.tree``) compiled to a Whoosh query."""

from __future__ import annotations

from functools import singledispatch

from whoosh import query as wq

from search.query import tree as t


def compile_tree(node: t.Node) -> wq.Query:
    """The normalized Whoosh query of ``node`` (NullQuery when it can match nothing)."""
    return _compile(node).normalize()


@singledispatch
def _compile(node: object) -> wq.Query:
    # A pattern left in the tree is a bug of the rewrite: say so rather than match nothing.
    raise TypeError(f"not an analysed query node: {node!r}")


@_compile.register
def _(node: t.Term) -> wq.Query:
    return wq.Term(node.field, node.text, boost=node.boost)


@_compile.register
def _(node: t.Phrase) -> wq.Query:
    return wq.Phrase(node.field, list(node.words), slop=node.slop, boost=node.boost)


@_compile.register
def _(node: t.DateRange) -> wq.Query:
    return wq.DateRange(node.field, node.start, node.end, boost=node.boost)


@_compile.register
def _(node: t.Every) -> wq.Query:
    return wq.Every(node.field) if node.field else wq.Every()


@_compile.register
def _(node: t.Nothing) -> wq.Query:
    return wq.NullQuery


@_compile.register
def _(node: t.And) -> wq.Query:
    return wq.And([_compile(item) for item in node.items], boost=node.boost)


@_compile.register
def _(node: t.Or) -> wq.Query:
    return wq.Or([_compile(item) for item in node.items], boost=node.boost)


@_compile.register
def _(node: t.Not) -> wq.Query:
    return wq.Not(_compile(node.item), boost=node.boost)


@_compile.register
def _(node: t.AndNot) -> wq.Query:
    return wq.AndNot(_compile(node.positive), _compile(node.negative))


@_compile.register
def _(node: t.AndMaybe) -> wq.Query:
    return wq.AndMaybe(_compile(node.required), _compile(node.optional))
