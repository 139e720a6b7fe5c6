import sys; sys.path.insert(0,'tests/postgres'); sys.path.append('tests')
import search, tempfile, pathlib
from conftest import write_corpus
from whoosh import query as wq, index as wi
from search.backends.whoosh import store
from search.backends.whoosh.scoring import weighting
root=pathlib.Path(tempfile.mkdtemp())
seeds=write_corpus(root/"seeds")
search.build_index(seeds, root/"index")
gen=store.current_generation(root/"index")
s=wi.open_dir(str(gen.path)).searcher(weighting=weighting())
def o(w): return wq.Or([wq.Term("text",w,boost=0.6),wq.Term("title",w,boost=0.5),wq.Term("stem_en",w),wq.Term("stem_es",w[:4] if w=="border" else w)])
q=wq.AndNot(o("border"),o("storm"))
print(sorted(s.stored_fields(d)["id"] for d in s.docs_for_query(q)))
print(sorted(h["id"] for h in s.search(q, limit=None)))
print(sorted(s.stored_fields(d)["id"] for d in s.docs_for_query(q.normalize())))
print(q.normalize())
