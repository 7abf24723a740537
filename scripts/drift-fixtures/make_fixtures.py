"""Reference values for the drift engine's tests (ml/drift), computed with scipy.

Writes ml/drift/fixtures/scipy-values.json. Run from the repository root with a Python
that has numpy and scipy (the tests' venv, built by test/support/python-sklearn.ts, has both):

    /tmp/provenant-sklearn-venv-*/bin/python scripts/drift-fixtures/make_fixtures.py

Samples are described, not stored, so the JSON stays small and the TypeScript tests
rebuild the same values (ml/drift/fixtures/scipy-fixtures.ts):
- {"lcg": {...}}: a Park-Miller minimal-standard generator (multiplier 48271, modulus
  2^31 - 1); each value is center + scale * (u1 + u2 + u3 + u4 - 2), u = state / modulus,
  optionally floored to `decimals` places. Only exact integer arithmetic and correctly
  rounded IEEE operations, so Python and JavaScript produce the same doubles.
- {"values": [...]}: the values themselves (null = missing).
- {"seattle": {...}} / {"penguins": {...}}: a column of sample-data/, filtered by year,
  month, island or species; "equals" turns a label column into "<label>" / "other".
Missing values (null) are left out before scipy sees them, and counted.
"""

import csv
import json
import math
import platform
import warnings
from pathlib import Path

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "ml" / "drift" / "fixtures" / "scipy-values.json"
MODULUS = 2147483647

with open(ROOT / "sample-data" / "seattle-weather.csv", newline="") as f:
    SEATTLE = list(csv.DictReader(f))
with open(ROOT / "sample-data" / "penguins.jsonl") as f:
    PENGUINS = [json.loads(line) for line in f if line.strip()]


def lcg(seed, n, center=0.0, scale=1.0, decimals=None):
    state = seed
    values = []
    for _ in range(n):
        total = 0.0
        for _ in range(4):
            state = (state * 48271) % MODULUS
            total += state / MODULUS
        x = center + scale * (total - 2.0)
        if decimals is not None:
            factor = 10.0**decimals
            x = math.floor(x * factor) / factor
        values.append(x)
    return values


def sample(description):
    """The values a description stands for; None marks a missing value."""
    if "values" in description:
        return list(description["values"])
    if "lcg" in description:
        return lcg(**description["lcg"])
    if "seattle" in description:
        spec = description["seattle"]
        rows = [
            r
            for r in SEATTLE
            if ("years" not in spec or int(r["date"][:4]) in spec["years"])
            and ("months" not in spec or int(r["date"][5:7]) in spec["months"])
        ]
        values = [r[spec["column"]] if spec["column"] == "weather" else float(r[spec["column"]]) for r in rows]
    elif "penguins" in description:
        spec = description["penguins"]
        rows = [
            r
            for r in PENGUINS
            if ("island" not in spec or r["Island"] == spec["island"])
            and ("species" not in spec or r["Species"] == spec["species"])
        ]
        values = [r[spec["column"]] for r in rows]
    else:
        raise ValueError(description)
    if "equals" in spec:
        values = [None if v is None else (v if v == spec["equals"] else "other") for v in values]
    return values


def numeric(description):
    values = sample(description)
    present = np.array([v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))], dtype=float)
    return present, len(values) - len(present)


def categorical(reference, current):
    """Categories of both samples (sorted, numbers numerically) and the counts of each."""
    ref = [v for v in sample(reference) if v is not None]
    cur = [v for v in sample(current) if v is not None]
    categories = sorted(set(ref) | set(cur))
    ref_counts = np.array([ref.count(c) for c in categories], dtype=float)
    cur_counts = np.array([cur.count(c) for c in categories], dtype=float)
    labels = [c if isinstance(c, str) else repr_number(c) for c in categories]
    return labels, ref_counts, cur_counts, len(sample(reference)) - len(ref), len(sample(current)) - len(cur)


def repr_number(x):
    """JavaScript's String(x) for the numbers used here."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def seattle(column, **filters):
    return {"seattle": {"column": column, **filters}}


def penguins(column, **filters):
    return {"penguins": {"column": column, **filters}}


def normal(seed, n, center=0.0, scale=1.0, decimals=None):
    spec = {"seed": seed, "n": n, "center": center, "scale": scale}
    if decimals is not None:
        spec["decimals"] = decimals
    return {"lcg": spec}


def kolmogorov_survival():
    ns = [1, 2, 3, 5, 10, 31, 64, 100, 140, 141, 250, 500, 1000, 5000, 20000, 100000, 100001, 400000, 2000000]
    rows = []
    for n in ns:
        ds = {0.3 / n, 0.6 / n, 1.0 / n, 1.5 / n, 0.001, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5, 0.6, 0.8, 0.95, 1 - 0.5 / n}
        for z2 in [0.3, 0.7, 0.76, 1.0, 2.0, 2.3, 3.9, 4.1, 10.0, 18.0, 50.0, 300.0, 400.0]:
            ds.add(math.sqrt(z2 / n))
        for d in sorted(ds):
            if 0 < d < 1:
                rows.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    return rows


def gamma_q():
    rows = []
    for a in [0.5, 1.0, 1.5, 2.0, 2.5, 4.0, 7.5, 10.0, 25.0, 50.0, 100.0, 499.5, 1000.0]:
        for x in sorted({1e-3, 0.1, 0.5, 1.0, a / 2, max(a - 1, 1e-3), a, a + 1, 1.5 * a, 2 * a + 5, 4 * a + 20, 50.0, 200.0, 700.0}):
            rows.append({"a": a, "x": x, "q": float(special.gammaincc(a, x))})
    return rows


def ks_cases():
    cases = [
        ("small samples of different sizes", {"values": [0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47]}, {"values": [2.2, 1.66, 1.38, 0.2, 0.36, 0.0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, 1.27, 1.0, 0.97, 1.43, 0.38, 1.28]}),
        ("identical samples", {"values": [1, 2, 3, 4, 5]}, {"values": [1, 2, 3, 4, 5]}),
        ("disjoint samples", {"values": [1, 2, 3]}, {"values": [4, 5, 6, 7]}),
        ("missing values are left out", {"values": [1.5, None, 2.5, 3.5, None, 0.5]}, {"values": [2.0, 3.0, None, 4.0, 5.0]}),
        ("equal sizes, shifted", normal(11, 1000), normal(12, 1000, center=0.12)),
        ("heavy ties", normal(21, 400, scale=3, decimals=0), normal(22, 300, center=0.4, scale=3, decimals=0)),
        ("seattle temp_max 2012 vs 2015", seattle("temp_max", years=[2012]), seattle("temp_max", years=[2015])),
        ("seattle temp_max 2013 vs 2014", seattle("temp_max", years=[2013]), seattle("temp_max", years=[2014])),
        ("seattle wind winter vs summer", seattle("wind", months=[12, 1, 2]), seattle("wind", months=[6, 7, 8])),
        ("penguin flippers Torgersen vs Dream, with missing values", penguins("Flipper Length (mm)", island="Torgersen"), penguins("Flipper Length (mm)", island="Dream")),
        ("largest exact, equal sizes", normal(31, 10000), normal(32, 10000, center=0.03)),
        ("largest exact, coprime sizes", normal(33, 10000), normal(34, 9999, center=0.03)),
        ("asymptotic, large samples", normal(41, 20000), normal(42, 15000, center=0.03)),
        ("asymptotic, small current window", normal(43, 12000), normal(44, 800, center=0.1)),
        ("asymptotic, tiny current window", normal(45, 50000), normal(46, 30, center=0.5)),
        ("asymptotic, N rounds half to even", normal(47, 10001), normal(48, 10001, center=0.02)),
        ("asymptotic, far tail", normal(49, 30000), normal(50, 30000, center=0.2)),
        ("asymptotic with ties", normal(51, 15000, scale=2, decimals=1), normal(52, 12000, center=0.05, scale=2, decimals=1)),
    ]
    rows = []
    for name, reference, current in cases:
        ref, ref_missing = numeric(reference)
        cur, cur_missing = numeric(current)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = stats.ks_2samp(ref, cur)
        method = "exact" if max(len(ref), len(cur)) <= 10000 and not caught else "asymptotic"
        rows.append({
            "name": name, "reference": reference, "current": current,
            "referenceSize": len(ref), "currentSize": len(cur), "referenceMissing": ref_missing, "currentMissing": cur_missing,
            "statistic": float(result.statistic), "pValue": float(result.pvalue), "method": method,
        })
    return rows


def wasserstein_cases():
    cases = [
        ("scipy docstring example", {"values": [0, 1, 3]}, {"values": [5, 6, 8]}),
        ("unequal sizes with missing values", {"values": [3.4, 3.9, None, 7.5, 7.8]}, {"values": [4.5, 1.4, None]}),
        ("constant reference: scale floored at 0.001", {"values": [5.0, 5.0, 5.0]}, {"values": [5.0, 5.0, 5.0005]}),
        ("seattle temp_max 2012 vs 2015", seattle("temp_max", years=[2012]), seattle("temp_max", years=[2015])),
        ("seattle precipitation winter vs summer", seattle("precipitation", months=[12, 1, 2]), seattle("precipitation", months=[6, 7, 8])),
        ("large shifted samples", normal(61, 20000, center=10, scale=2), normal(62, 7000, center=10.3, scale=2.2)),
        ("ties", normal(63, 3000, scale=3, decimals=0), normal(64, 2000, center=0.5, scale=3, decimals=0)),
    ]
    rows = []
    for name, reference, current in cases:
        ref, ref_missing = numeric(reference)
        cur, cur_missing = numeric(current)
        d = float(stats.wasserstein_distance(ref, cur))
        std = float(np.std(ref))
        rows.append({
            "name": name, "reference": reference, "current": current,
            "referenceSize": len(ref), "currentSize": len(cur), "referenceMissing": ref_missing, "currentMissing": cur_missing,
            "distance": d, "referenceStandardDeviation": std, "statistic": d / max(std, 0.001),
        })
    return rows


def psi(ref, cur, bins, epsilon):
    edges = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    ref_counts = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1).astype(float)
    cur_counts = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1).astype(float)
    expected = ref_counts / ref_counts.sum()
    actual = cur_counts / cur_counts.sum()
    expected[expected == 0] = epsilon
    actual[actual == 0] = epsilon
    return edges, ref_counts, cur_counts, float(np.sum((actual - expected) * np.log(actual / expected)))


def psi_cases():
    cases = [
        ("seattle temp_max 2012 vs 2015", seattle("temp_max", years=[2012]), seattle("temp_max", years=[2015]), 10),
        ("seattle temp_max winter vs summer: empty bins", seattle("temp_max", months=[12, 1, 2]), seattle("temp_max", months=[6, 7, 8]), 10),
        ("seattle precipitation: ties merge bins", seattle("precipitation", years=[2012]), seattle("precipitation", years=[2014]), 10),
        ("shifted samples, 20 bins", normal(71, 5000), normal(72, 4000, center=0.25), 20),
        ("same distribution", normal(73, 5000), normal(74, 5000), 10),
        ("missing values", {"values": [1, 2, None, 3, 4, 5, 6, 7, 8, 9, 10]}, {"values": [2, 2, 3, None, 9, 10, 10]}, 4),
    ]
    rows = []
    for name, reference, current, bins in cases:
        ref, ref_missing = numeric(reference)
        cur, cur_missing = numeric(current)
        edges, ref_counts, cur_counts, value = psi(ref, cur, bins, 1e-4)
        rows.append({
            "name": name, "reference": reference, "current": current, "bins": bins, "epsilon": 1e-4,
            "referenceSize": len(ref), "currentSize": len(cur), "referenceMissing": ref_missing, "currentMissing": cur_missing,
            "edges": edges.tolist(), "referenceCounts": ref_counts.tolist(), "currentCounts": cur_counts.tolist(), "statistic": value,
        })
    return rows


def categorical_cases():
    """Chi-square (homogeneity, no Yates correction), Jensen-Shannon (base 2) and L-infinity."""
    cases = [
        ("seattle weather summer vs winter", seattle("weather", months=[6, 7, 8]), seattle("weather", months=[12, 1, 2])),
        ("seattle weather 2012 vs 2015", seattle("weather", years=[2012]), seattle("weather", years=[2015])),
        ("seattle weather 2013 vs 2014", seattle("weather", years=[2013]), seattle("weather", years=[2014])),
        ("seattle weather 2012-2014 vs 2015", seattle("weather", years=[2012, 2013, 2014]), seattle("weather", years=[2015])),
        ("penguin sex Adelie vs Gentoo, with missing values", penguins("Sex", species="Adelie"), penguins("Sex", species="Gentoo")),
        ("penguin islands: a category on one side only", penguins("Island", species="Adelie"), penguins("Island", species="Gentoo")),
        ("two categories: dof 1, no continuity correction", {"values": ["a"] * 30 + ["b"] * 70}, {"values": ["a"] * 45 + ["b"] * 55}),
        ("one category: dof 0", {"values": ["x", "x", None]}, {"values": ["x"]}),
        ("many categories", normal(81, 900, scale=20, decimals=0), normal(82, 700, center=1, scale=20, decimals=0)),
    ]
    rows = []
    for name, reference, current in cases:
        labels, ref_counts, cur_counts, ref_missing, cur_missing = categorical(reference, current)
        if len(labels) > 1:
            chi = stats.chi2_contingency(np.array([ref_counts, cur_counts]), correction=False)
            chi_square = {"statistic": float(chi.statistic), "degreesOfFreedom": int(chi.dof), "pValue": float(chi.pvalue)}
        else:
            chi_square = {"statistic": 0.0, "degreesOfFreedom": 0, "pValue": 1.0}
        p = ref_counts / ref_counts.sum()
        q = cur_counts / cur_counts.sum()
        rows.append({
            "name": name, "reference": reference, "current": current,
            "categories": labels, "referenceCounts": ref_counts.tolist(), "currentCounts": cur_counts.tolist(),
            "referenceMissing": ref_missing, "currentMissing": cur_missing,
            "chiSquare": chi_square,
            "jensenShannon": float(distance.jensenshannon(ref_counts, cur_counts, base=2)),
            "lInfinity": float(np.max(np.abs(p - q))),
        })
    return rows


def z_test_cases():
    cases = [
        ("seattle rain, summer vs winter", seattle("weather", months=[6, 7, 8], equals="rain"), seattle("weather", months=[12, 1, 2], equals="rain")),
        ("seattle sun, 2013 vs 2014", seattle("weather", years=[2013], equals="sun"), seattle("weather", years=[2014], equals="sun")),
        ("penguin sex Torgersen vs Dream, with missing values", penguins("Sex", island="Torgersen"), penguins("Sex", island="Dream")),
        ("far tail", {"values": ["yes"] * 5 + ["no"] * 995}, {"values": ["yes"] * 100 + ["no"] * 900}),
        ("equal proportions", {"values": ["yes"] * 10 + ["no"] * 30}, {"values": ["yes"] * 5 + ["no"] * 15}),
    ]
    rows = []
    for name, reference, current in cases:
        labels, ref_counts, cur_counts, ref_missing, cur_missing = categorical(reference, current)
        x1, n1, x2, n2 = ref_counts[0], ref_counts.sum(), cur_counts[0], cur_counts.sum()
        pooled = (x1 + x2) / (n1 + n2)
        z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        rows.append({
            "name": name, "reference": reference, "current": current, "categories": labels,
            "referenceSuccesses": int(x1), "referenceSize": int(n1), "currentSuccesses": int(x2), "currentSize": int(n2),
            "referenceMissing": ref_missing, "currentMissing": cur_missing,
            "statistic": z, "pValue": float(2 * stats.norm.sf(abs(z))),
        })
    return rows


def main():
    fixtures = {
        "generatedBy": "scripts/drift-fixtures/make_fixtures.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__},
        "kolmogorovSmirnovSurvival": kolmogorov_survival(),
        "regularizedGammaQ": gamma_q(),
        "ksTwoSample": ks_cases(),
        "wasserstein": wasserstein_cases(),
        "psi": psi_cases(),
        "categorical": categorical_cases(),
        "zTest": z_test_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # One row per line: small diffs when a value changes, and still valid JSON.
    lines = []
    for key, value in fixtures.items():
        if isinstance(value, list):
            rows = ",\n".join("  " + json.dumps(row) for row in value)
            lines.append(f"{json.dumps(key)}: [\n{rows}\n ]")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value)}")
    OUT.write_text("{\n " + ",\n ".join(lines) + "\n}\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
