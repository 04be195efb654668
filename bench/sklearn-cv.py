"""
Reference for test/unit/cross-validate.test.ts: scikit-learn's LogisticRegressionCV on the real tables of
test/fixtures/real/, encoded as xent encodes them (bench/sklearn-tables.py) and standardised once on all rows (as
`xent cv` does), then 5-fold stratified shuffled cross-validation over the default Cs = logspace(-4, 4, 10) with
log loss. Writes test/fixtures/sklearn-cv.json: per table its Cs, the chosen C, the mean and (population) sd
over the folds of each C's validation log loss, and the fold of every row. Needs python3-sklearn and python3-pandas (apt). From the repo root:
    /usr/bin/python3 bench/sklearn-cv.py
"""
import importlib.util
import json
import subprocess

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

spec = importlib.util.spec_from_file_location('sklearn_tables', 'bench/sklearn-tables.py')
tables = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tables)

FOLDS = 5
CS = 10
SEED = 0
OUT = 'test/fixtures/sklearn-cv.json'


def cross_validate(name, label):
    columns = tables.xent_train(name, label, '--optimizer', 'lbfgs', '--epochs', '1')['columns']
    frame, y = tables.read_table(name, label)
    x = make_pipeline(tables.encoder(columns), StandardScaler()).fit_transform(frame)
    splitter = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    fold_of = np.zeros(len(y), dtype=int)
    for fold, (_, held) in enumerate(splitter.split(x, y)):
        fold_of[held] = fold
    model = LogisticRegressionCV(Cs=CS, cv=splitter, scoring='neg_log_loss', solver='lbfgs', tol=1e-10, max_iter=100000)
    model.fit(x, y)
    # scores_: per class the same (folds × Cs) array for a multinomial model; the score is minus the log loss.
    losses = -next(iter(model.scores_.values()))
    return {
        'file': f'{name}.csv',
        'label': label,
        'rows': int(x.shape[0]),
        'Cs': model.Cs_.tolist(),
        'chosenC': float(model.C_[0]),
        'valLoss': losses.mean(axis=0).tolist(),
        'valLossSd': losses.std(axis=0).tolist(),
        # The fold each row was held out in (a fixed random_state: the same split LogisticRegressionCV used).
        'folds': fold_of.tolist(),
    }


def main():
    fixture = {
        'generatedBy': 'bench/sklearn-cv.py',
        'sklearn': sklearn.__version__,
        'folds': FOLDS,
        'tables': [cross_validate(name, label) for name, label in tables.TABLES],
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f)
    subprocess.run(['npx', 'biome', 'format', '--write', OUT], check=True, capture_output=True)
    for t in fixture['tables']:
        best = int(np.argmin(t['valLoss']))
        print(f"{t['file']}: C {t['chosenC']:.4g} (index {best}), val log loss {t['valLoss'][best]:.5f} ± {t['valLossSd'][best]:.5f}")


if __name__ == '__main__':
    main()
