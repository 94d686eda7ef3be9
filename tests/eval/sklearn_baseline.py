# The line to beat in `npm run eval`: plain scikit-learn on the same texts, same run.
# Reads a JSON list of tasks from argv[1], prints a JSON list of predicted labels (and seconds).
# Run with Debian's /usr/bin/python3 (python3-sklearn); dev-only, never part of the product.
import json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import Normalizer
from sklearn.pipeline import make_pipeline
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression

def cluster(t):
    # TF-IDF -> LSA(100) -> k-means, as the issue names it; n_init=5 k-means++ restarts
    lsa = make_pipeline(TfidfVectorizer(sublinear_tf=True), TruncatedSVD(100, random_state=t["seed"]), Normalizer(copy=False))
    x = lsa.fit_transform(t["texts"])
    return KMeans(n_clusters=t["k"], n_init=5, random_state=t["seed"]).fit_predict(x).tolist()

def classify(t):
    if t.get("analyzer") == "char":
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    else:
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    x = vec.fit_transform(t["train"])
    clf = LogisticRegression(C=t.get("C", 10.0), max_iter=1000).fit(x, t["y"])
    return clf.predict(vec.transform(t["test"])).tolist()

out = []
for t in json.load(open(sys.argv[1])):
    s = time.time()
    labels = cluster(t) if t["kind"] == "cluster" else classify(t)
    out.append({"labels": labels, "seconds": time.time() - s})
print(json.dumps(out))
