# Writes numpy_space.txt: NPY_DISABLE_CPU_FEATURES="AVX512F AVX512_SKX" python3 gen_numpy_space.py > numpy_space.txt
import numpy as np, random
random.seed(20240601)
cases = [("linspace", 0.05, 0.9, 8), ("geomspace", 10.0, 1000.0, 8), ("geomspace", 2.0, 2000.0, 8),
         ("linspace", 0.0, 1.0, 11), ("linspace", 0.0, 40.0, 41), ("linspace", 1.0, 1.0, 5), ("linspace", 3.0, -2.0, 7),
         ("linspace", 0.5, 7.0, 1), ("linspace", -1e-300, 1e-300, 9), ("geomspace", 0.1, 10.0, 5), ("geomspace", 0.02, 2.0, 5),
         ("geomspace", 20.0, 300.0, 6), ("geomspace", 0.05, 0.5, 4), ("geomspace", 0.01, 0.1, 4), ("geomspace", -1.0, -1000.0, 7),
         ("geomspace", 5.0, 5.0, 3), ("geomspace", 1000.0, 1.0, 10), ("geomspace", 3.0, 7.0, 1), ("geomspace", 1e-5, 1e5, 23)]
for _ in range(40):
    a = 10 ** random.uniform(-4, 4); b = 10 ** random.uniform(-4, 4)
    cases.append((random.choice(["linspace", "geomspace"]), a, b, random.choice([2, 3, 7, 16, 33, 100])))
print("# numpy.linspace / numpy.geomspace reference values for space_test.go.")
print("# Generated with numpy %s on glibc, its generic (libm) kernels: NPY_DISABLE_CPU_FEATURES=\"AVX512F AVX512_SKX\"." % np.__version__)
print("# Format: function start stop num : values (Python repr, round-trip exact).")
print("# Made by gen_numpy_space.py in this directory (seeded, so re-running it gives this file).")
for f, a, b, n in cases:
    v = getattr(np, f)(a, b, n)
    print("%s %r %r %d : %s" % (f, a, b, n, " ".join(repr(float(x)) for x in v)))
