import sys; sys.path.insert(0,'tests/postgres'); sys.path.append('tests')
import pg_server, search, tempfile, pathlib
from conftest import write_corpus
from search.query.prepare import prepare
s=pg_server.start_server()
try:
    root=pathlib.Path(tempfile.mkdtemp())
    seeds=write_corpus(root/"seeds")
    search.build_index(seeds, s.location()); search.build_index(seeds, root/"index")
    with search.open_index(s.location()) as pg, search.open_index(root/"index") as w:
        from test_reader import OPTIONS, QUERIES, _answer
        for opts in OPTIONS:
            for q in QUERIES:
                if not q and not opts.get("lang") and not opts.get("source"): continue
                x=_answer(pg.search(q, **opts)); y=_answer(w.search(q, **opts))
                if x!=y:
                    print(opts, q)
                    for k in x:
                        if x[k]!=y[k]: print("  ", k, "\n   pg", x[k], "\n   wh", y[k])
finally:
    s.remove()
