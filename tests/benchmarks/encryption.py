"""Encryption benchmark: what an encrypted 5-year store adds to data-ready once the passphrase is in.

Two copies of the same 5 years of demo data, one plain and one encrypted (`steady encrypt`'s
service). Each run, interleaved so the machine's load hits both alike, times from "the
passphrase is entered" to "the data is ready", in a fresh process each (so SQLCipher's and
sqlite-utils' imports count, as they do in the window):

  plain      open_store + services + what the window does before it shows data
             (seed the skill library, record milestones, Today's summary)
  encrypted  the key derived from the passphrase (scrypt, the real parameters) + the same

Prints the medians, the added ms (target: at most 300) and the key derivation alone.

    python tests/benchmarks/encryption.py [--years 5] [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "benchmark passphrase"

OPEN = r"""
import sys, time
from pathlib import Path
# What the window has loaded before anyone types a passphrase (not SQLCipher: it loads with
# the first encrypted file, inside the timed part).
from app.services import encryption as E
from app.services.bundle import build_services
from app.services.skill_library import seed_library
from app.storage import open_store
import app.storage.store, app.services.today, app.services.goals, app.services.records
data, secret = Path(sys.argv[1]), sys.argv[2]
t0, c0 = time.perf_counter(), time.process_time()
key = E.unlock(data, passphrase=secret) if secret else None
derive_ms, derive_cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
store = open_store(data, create=False, key=key)
services = build_services(store, data_dir=data)
seed_library(services.records)
services.goals.record_milestones()
summary = services.today.summary()
ms, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
store.close()
print(f"{ms:.1f} {cpu:.1f} {derive_ms:.1f} {derive_cpu:.1f} {store.key is not None}")
"""


def timed(data: Path, secret: str) -> list[float]:
    """[wall ms, CPU ms, key derivation wall ms, key derivation CPU ms] of one fresh process."""
    out = subprocess.run([sys.executable, "-c", OPEN, str(data), secret], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=120).stdout.split()
    assert out[4] == ("True" if secret else "False"), out
    return [float(x) for x in out[:4]]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from app.services import encryption as E
    from app.services.demo import generate_demo
    from app.storage import open_store

    with tempfile.TemporaryDirectory() as tmp:
        plain, encrypted = Path(tmp) / "plain", Path(tmp) / "encrypted"
        t = time.perf_counter()
        with open_store(plain) as store:
            generate_demo(store, years=args.years)
        # The same file, copied and then encrypted: both hold exactly the same records.
        with open_store(plain) as store:
            from app.services.bundle import build_services

            encrypted.mkdir(mode=0o700)
            build_services(store).backups.copy_to(encrypted / "steady.db")
        E.turn_on(encrypted, PASSPHRASE)
        size = (plain / "steady.db").stat().st_size
        print(f"{args.years} years of demo data ({size / 1e6:.1f} MB) made and encrypted in "
              f"{time.perf_counter() - t:.1f} s")
        timed(plain, ""), timed(encrypted, PASSPHRASE)  # warm the disk cache for both
        plain_runs, enc_runs = [], []
        for _ in range(args.runs):
            plain_runs.append(timed(plain, ""))
            enc_runs.append(timed(encrypted, PASSPHRASE))

    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    def listed(runs, i):
        return ", ".join(f"{r[i]:.0f}" for r in runs)

    print(f"plain store, open to data-ready:           wall median {med(plain_runs, 0):.0f} ms "
          f"(runs {listed(plain_runs, 0)}), CPU median {med(plain_runs, 1):.0f} ms")
    print(f"encrypted store, passphrase to data-ready: wall median {med(enc_runs, 0):.0f} ms "
          f"(runs {listed(enc_runs, 0)}), CPU median {med(enc_runs, 1):.0f} ms")
    print(f"  of which the key derivation (scrypt N=2^15, r=8, p=1): wall median {med(enc_runs, 2):.0f} ms, "
          f"CPU median {med(enc_runs, 3):.0f} ms")
    added_wall = med(enc_runs, 0) - med(plain_runs, 0)
    added_cpu = med(enc_runs, 1) - med(plain_runs, 1)
    print(f"added by encryption: {added_wall:.0f} ms wall, {added_cpu:.0f} ms CPU (target: at most 300 ms)")
    print(f"encrypted / plain (wall): {med(enc_runs, 0) / med(plain_runs, 0):.2f}")
    return 0 if added_wall <= 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
