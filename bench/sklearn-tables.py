"""
Reference, not a test: scikit-learn's standard pipeline on the real tables of test/fixtures/real/, next to
`xent train` with L-BFGS and the same lambda. Needs python3-sklearn and python3-pandas (apt). Run from the repo root:
    /usr/bin/python3 bench/sklearn-tables.py [lambda]
Pipeline: ColumnTransformer(numeric: SimpleImputer(mean, add_indicator); categorical: missing as its own level
+ OneHotEncoder (one 0/1 column for two levels); dates: year + day-of-year sin/cos, as xent expands them)
+ StandardScaler + LogisticRegression(C = 1/(lambda N)), which minimises the same J as xent:
mean cross-entropy + lambda/2 |w|^2, bias unpenalised.
"""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

MISSING = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '?', '.']
TABLES = [('penguins', 'Species'), ('cars', 'Origin'), ('seattle-weather', 'weather')]


def date_parts(frame):
    out = []
    for column in frame.columns:
        d = pd.to_datetime(frame[column])
        days = np.where(d.dt.is_leap_year, 366, 365)
        angle = 2 * np.pi * (d.dt.dayofyear - 1) / days
        out += [d.dt.year.astype(float), np.sin(angle), np.cos(angle)]
    return np.column_stack(out)


def read_table(name, label):
    """The table as xent reads it: the missing tokens as NA, rows with a missing label left out."""
    frame = pd.read_csv(f'test/fixtures/real/{name}.csv', na_values=MISSING, keep_default_na=False)
    frame = frame[frame[label].notna()]
    return frame, frame[label].astype(str)


def encoder(columns):
    """xent's encoding of the columns it typed (`columns`: the column report of `xent train --json`)."""
    roles = {c['name']: c['role'] for c in columns if c['role'] not in ('label', 'ignored')}
    numeric = [c for c, r in roles.items() if r == 'numeric']
    categorical = [c for c, r in roles.items() if r == 'categorical']
    dates = [c for c, r in roles.items() if r == 'date']
    return ColumnTransformer([
        ('numeric', SimpleImputer(strategy='mean', add_indicator=True), numeric),
        ('categorical', make_pipeline(SimpleImputer(strategy='constant', fill_value='(missing)'),
                                      OneHotEncoder(drop='if_binary', handle_unknown='ignore')), categorical),
        ('dates', FunctionTransformer(date_parts), dates),
    ])


def xent_train(name, label, *flags):
    """`xent train` on the table with --json: its result (column report, final numbers, model)."""
    out = subprocess.run(['node', 'bin/xent.js', 'train', f'test/fixtures/real/{name}.csv', '--label', label,
                          '--backend', 'cpu', *flags, '--json'], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run(name, label, lam, columns):
    frame, y = read_table(name, label)
    n = len(frame)
    model = make_pipeline(encoder(columns), StandardScaler(), LogisticRegression(C=1 / (lam * n), tol=1e-10, max_iter=10000))
    model.fit(frame, y)
    weights = model[-1].coef_
    loss = log_loss(y, model.predict_proba(frame), labels=model[-1].classes_)
    objective = loss + lam / 2 * float(np.sum(weights ** 2))
    return model.score(frame, y), objective, model[:-1].transform(frame[:1]).shape[1]


def main():
    lam = float(sys.argv[1]) if len(sys.argv) > 1 else 1e-3
    print(f'| table | rows | encoded features (xent / sklearn) | xent acc | sklearn acc | xent J | sklearn J |')
    print('|---|---|---|---|---|---|---|')
    for name, label in TABLES:
        result = xent_train(name, label, '--optimizer', 'lbfgs', '--l2', str(lam))
        acc, objective, width = run(name, label, lam, result['columns'])
        final = result['final']
        rows = sum(1 for _ in open(f'test/fixtures/real/{name}.csv')) - 1
        print(f"| {name} | {rows} | {len(result['model']['features'])} / {width} | {final['accuracy']:.4f} | {acc:.4f} "
              f"| {final['objective']:.6f} | {objective:.6f} |")


if __name__ == '__main__':
    main()
