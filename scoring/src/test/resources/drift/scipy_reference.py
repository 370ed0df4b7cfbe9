"""Reference values for Ballast's drift statistics, computed with scipy on the same bins.

Reads a JSON list of cases from stdin: {"baseline": [counts], "target": [counts],
"u_points": [...], "v_points": [...], "eps": 1e-4} (reference first); writes one JSON list of results.
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon


def floored(counts, eps):
    p = np.asarray(counts, dtype=float)
    p = p / p.sum()
    p[p == 0] = eps
    return p


def main():
    out = []
    for case in json.load(sys.stdin):
        b = np.asarray(case["baseline"], dtype=float)
        t = np.asarray(case["target"], dtype=float)
        eps = case["eps"]
        bs, ts = floored(b, eps), floored(t, eps)
        # PSI: sum (t - b) ln(t / b) over floored shares (not renormalised)
        psi = float(np.sum((ts - bs) * np.log(ts / bs)))
        js = jensenshannon(b / b.sum(), t / t.sum(), base=2)
        points = np.arange(len(b))
        ks = stats.ks_2samp(np.repeat(points, b.astype(int)), np.repeat(points, t.astype(int)))
        n, m = b.sum(), t.sum()
        ks_p = stats.kstwobign.sf(ks.statistic * np.sqrt(n * m / (n + m)))
        w = stats.wasserstein_distance(case["u_points"], case["v_points"], b, t)
        seen = (b + t) > 0  # numeric: every bin with rows on either side
        chi = stats.chi2_contingency(np.vstack([b[seen], t[seen]]), correction=False)
        known = b > 0  # categorical: the reference's categories
        chi_ref = stats.chi2_contingency(np.vstack([b[known], t[known]]), correction=False)
        p, q = b / b.sum(), t / t.sum()
        linf = np.max(np.abs(p - q))
        out.append(
            {
                "psi": float(psi),
                "js_distance": float(js),
                "ks_statistic": float(ks.statistic),
                "ks_pvalue": float(ks_p),
                "wasserstein": float(w),
                "chi2_statistic": float(chi[0]),
                "chi2_pvalue": float(chi[1]),
                "chi2_ref_statistic": float(chi_ref[0]),
                "chi2_ref_pvalue": float(chi_ref[1]),
                "new_share": float(q[~known].sum()),
                "linf_distance": float(linf),
                "tv_distance": float(0.5 * np.sum(np.abs(p - q))),
                "hellinger": float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))),
            }
        )
    json.dump(out, sys.stdout)


main()
