"""The batched benchmark's reference: scikit-learn's LogisticRegressionCV on the same table (FILE, a CSV with a
`label` column), the same grid (Cs=10, i.e. logspace(-4, 4, 10)), 5 stratified folds, scoring='neg_log_loss',
lbfgs; refit on all rows as xent cv does. Prints {"seconds", "fits", "bestC", "rows"} as JSON."""
import json, sys, time

import pandas as pd
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold

path = sys.argv[1]
frame = pd.read_csv(path, engine="c")
y = frame.pop("label").to_numpy()
x = frame.to_numpy()
t0 = time.perf_counter()
model = LogisticRegressionCV(
    Cs=10, cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring="neg_log_loss", solver="lbfgs", max_iter=1000
).fit(x, y)
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "fits": 10 * 5 + 1, "bestC": float(model.C_[0]), "rows": len(y)}))
