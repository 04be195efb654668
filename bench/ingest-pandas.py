"""The ingest benchmark's reference: pandas' C engine reads FILE, then StandardScaler + LogisticRegression(lbfgs)
fits J = mean CE + (λ/2)‖w‖² (C = 1/(λN)). Prints {"readSeconds", "fitSeconds", "objective", "rows"} as JSON."""
import json, sys, time

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

path, l2 = sys.argv[1], float(sys.argv[2])
t0 = time.perf_counter()
frame = pd.read_csv(path, engine="c")
t1 = time.perf_counter()
y = frame.pop("label").to_numpy()
x = StandardScaler().fit_transform(frame.to_numpy())
n = len(y)
model = LogisticRegression(C=1.0 / (l2 * n), tol=1e-10, max_iter=10000).fit(x, y)
t2 = time.perf_counter()
z = x @ model.coef_[0] + model.intercept_[0]
ce = np.mean(np.logaddexp(0, z) - y * z)
objective = ce + 0.5 * l2 * float(model.coef_[0] @ model.coef_[0])
print(json.dumps({"readSeconds": t1 - t0, "fitSeconds": t2 - t1, "objective": objective, "rows": n}))
