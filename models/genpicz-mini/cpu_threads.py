"""Import before torch: worker threads sleep instead of spinning while they wait.

At nice 19 on a busy 2-core machine a spinning OpenMP/OpenBLAS team made every training step
about 6x slower, because its partner thread is rarely scheduled.
"""
import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
