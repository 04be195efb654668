"""
Reference for the row weights (test/unit/weights.test.ts reads its output): scikit-learn's LogisticRegression with
class_weight='balanced' and/or sample_weight on imbalanced real tables of test/fixtures/real/, after the encoding and
standardisation xent does, at C = 1/(lambda * sum(s)), which minimises xent's
J = sum(s_n CE_n) / sum(s_n) + lambda/2 |w|^2 (bias unpenalised). Needs python3-sklearn and python3-pandas (apt) and
the built CLI (`npm run build:cli`, for the column roles). Run from the repo root:
    /usr/bin/python3 bench/sklearn-weights.py > test/fixtures/sklearn-weights.json && npx biome format --write test/fixtures
Each input column is encoded on its own, in xent's column order (numeric: mean imputation plus an indicator where
cells are missing; dates: year and day-of-year sin/cos), so the coefficients line up with xent's features.
newton-cg may warn that its line search cannot go on: that is rounding at the optimum (xent's L-BFGS reaches the
same J to 1e-15). About two minutes here.
"""
import importlib
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

# The missing-cell tokens and the date expansion of the unweighted reference.
tables = importlib.import_module('sklearn-tables')
MISSING, date_parts = tables.MISSING, tables.date_parts
LAMBDA = 1e-3
# Newton's method converges to the optimum itself; lbfgs stops ~1e-4 away in the flat directions of these tables.
SOLVER = 'newton-cg'
CASES = [
    {'file': 'seattle-weather.csv', 'label': 'weather', 'classWeight': 'balanced', 'sampleWeight': None},
    {'file': 'cars.csv', 'label': 'Origin', 'classWeight': 'none', 'sampleWeight': 'Cylinders'},
    {'file': 'cars.csv', 'label': 'Origin', 'classWeight': 'balanced', 'sampleWeight': 'Cylinders'},
]


def xent_columns(case):
    """The column roles xent gives the table (one L-BFGS step: only the report is used)."""
    flags = ['--sample-weight', case['sampleWeight']] if case['sampleWeight'] else []
    out = subprocess.run(['node', 'bin/xent.js', 'train', f"test/fixtures/real/{case['file']}", '--label', case['label'],
                          '--backend', 'cpu', '--optimizer', 'lbfgs', '--epochs', '1', '--json', *flags],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    return [c for c in result['columns'] if c['role'] not in ('label', 'ignored')], result['model']['features']


def fit(case):
    columns, features = xent_columns(case)
    frame = pd.read_csv(f"test/fixtures/real/{case['file']}", na_values=MISSING, keep_default_na=False)
    frame = frame[frame[case['label']].notna()]
    y = frame[case['label']].astype(str)
    steps = []
    for c in columns:
        if c['role'] == 'numeric':
            steps.append((c['name'], SimpleImputer(strategy='mean', add_indicator=True), [c['name']]))
        elif c['role'] == 'date':
            steps.append((c['name'], FunctionTransformer(date_parts), [c['name']]))
        else:
            raise ValueError(f"{c['name']}: only numeric and date columns are encoded here")
    encode = make_pipeline(ColumnTransformer(steps), StandardScaler())
    x = encode.fit_transform(frame)
    assert x.shape[1] == len(features), (x.shape, features)
    s = np.ones(len(frame)) if case['sampleWeight'] is None else frame[case['sampleWeight']].to_numpy(dtype=float)
    if case['classWeight'] == 'balanced':
        classes, counts = np.unique(y, return_counts=True)
        per_class = dict(zip(classes, len(y) / (len(classes) * counts)))
        s = s * y.map(per_class).to_numpy()
    # class_weight is passed to scikit-learn itself; s (with the class weights) only sets C and J.
    model = LogisticRegression(C=1 / (LAMBDA * s.sum()), class_weight=None if case['classWeight'] == 'none' else 'balanced',
                               solver=SOLVER, tol=1e-10, max_iter=100000)
    model.fit(x, y, sample_weight=None if case['sampleWeight'] is None else frame[case['sampleWeight']].to_numpy(dtype=float))
    loss = log_loss(y, model.predict_proba(x), sample_weight=s, labels=model.classes_)
    objective = loss + LAMBDA / 2 * float(np.sum(model.coef_ ** 2))
    return {**case, 'l2': LAMBDA, 'rows': len(frame), 'sumWeights': float(s.sum()), 'features': features,
            'classes': list(model.classes_), 'loss': float(loss), 'objective': objective,
            'coef': model.coef_.tolist(), 'intercept': model.intercept_.tolist()}


def main():
    cases = [fit(case) for case in CASES]
    json.dump({'sklearn': sklearn.__version__, 'cases': cases}, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
