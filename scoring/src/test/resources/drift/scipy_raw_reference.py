"""Reference values for Ballast's drift statistics computed with scipy on the RAW rows.

Reads a JSON list of cases from stdin: {"kind": "numeric"|"categorical", "reference": [...],
"target": [...]}; writes one JSON list of results. The reference side is the baseline or the
previous day, as in Ballast's two comparisons.
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon


def numeric(r, t):
    r = np.asarray(r, dtype=float)
    t = np.asarray(t, dtype=float)
    ks = stats.ks_2samp(r, t)
    ks_asymp = stats.ks_2samp(r, t, method="asymp")
    n, m = len(r), len(t)
    return {
        "wasserstein": float(stats.wasserstein_distance(r, t) / np.std(r, ddof=1)),
        "ks_statistic": float(ks.statistic),
        "ks_pvalue": float(ks.pvalue),
        "ks_pvalue_asymp": float(ks_asymp.pvalue),
        "ks_pvalue_kstwobign": float(stats.kstwobign.sf(ks.statistic * np.sqrt(n * m / (n + m)))),
    }


def categorical(r, t, eps):
    cats = sorted(set(r) | set(t))
    rc = np.array([r.count(c) for c in cats], dtype=float)
    tc = np.array([t.count(c) for c in cats], dtype=float)
    p, q = rc / rc.sum(), tc / tc.sum()
    known = rc > 0
    table = np.vstack([rc[known], tc[known]])
    if known.sum() > 1 and tc[known].sum() > 0:
        chi = stats.chi2_contingency(table, correction=False)
        chi_stat, chi_p = float(chi[0]), float(chi[1])
    else:
        chi_stat, chi_p = 0.0, 1.0
    pf = np.where(p == 0, eps, p)
    qf = np.where(q == 0, eps, q)
    return {
        "psi": float(np.sum((qf - pf) * np.log(qf / pf))),
        "js_distance": float(jensenshannon(p, q, base=2)),
        "chi2_statistic": chi_stat,
        "chi2_pvalue": chi_p,
        "new_category_share": float(q[~known].sum()),
        "linf_distance": float(np.max(np.abs(p - q))),
        "tv_distance": float(0.5 * np.sum(np.abs(p - q))),
        "hellinger": float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))),
    }


def main():
    out = []
    for case in json.load(sys.stdin):
        if case["kind"] == "numeric":
            out.append(numeric(case["reference"], case["target"]))
        else:
            out.append(categorical(case["reference"], case["target"], case["eps"]))
    json.dump(out, sys.stdout)


main()
