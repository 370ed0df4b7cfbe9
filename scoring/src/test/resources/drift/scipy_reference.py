"""Reference values for Ballast's drift statistics, computed with scipy on the same bins.

Reads a JSON list of cases from stdin: {"baseline": [counts], "target": [counts],
"u_points": [...], "v_points": [...], "eps": 1e-4}; writes one JSON list of results.
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon


def smoothed(counts, eps):
    p = np.asarray(counts, dtype=float)
    p = p / p.sum()
    p[p == 0] = eps
    return p / p.sum()


def main():
    out = []
    for case in json.load(sys.stdin):
        b = np.asarray(case["baseline"], dtype=float)
        t = np.asarray(case["target"], dtype=float)
        eps = case["eps"]
        bs, ts = smoothed(b, eps), smoothed(t, eps)
        # PSI is the symmetrised KL divergence of the smoothed shares
        psi = stats.entropy(ts, bs) + stats.entropy(bs, ts)
        js = jensenshannon(b / b.sum(), t / t.sum(), base=2)
        points = np.arange(len(b))
        ks = stats.ks_2samp(np.repeat(points, b.astype(int)), np.repeat(points, t.astype(int)))
        n, m = b.sum(), t.sum()
        ks_p = stats.kstwobign.sf(ks.statistic * np.sqrt(n * m / (n + m)))
        w = stats.wasserstein_distance(case["u_points"], case["v_points"], b, t)
        seen = (b + t) > 0  # bins empty on both sides are left out
        chi = stats.chisquare(t[seen], smoothed(b[seen], eps) * t.sum())
        linf = np.max(np.abs(b / b.sum() - t / t.sum()))
        out.append(
            {
                "psi": float(psi),
                "js_distance": float(js),
                "ks_statistic": float(ks.statistic),
                "ks_pvalue": float(ks_p),
                "wasserstein": float(w),
                "chi2_statistic": float(chi.statistic),
                "chi2_pvalue": float(chi.pvalue),
                "linf_distance": float(linf),
            }
        )
    json.dump(out, sys.stdout)


main()
