#!/usr/bin/python3
"""Every source file with translatable strings is listed in po/POTFILES.in (TAP)."""

import os
import re
import sys

SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
TOP = os.path.normpath(os.path.join(SRC, ".."))

with open(os.path.join(TOP, "po", "POTFILES.in")) as f:
    listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}

marked = set()
for root, _, files in [w for top in ("src", "resources") for w in os.walk(os.path.join(TOP, top))]:
    for name in files:
        if name.endswith((".c", ".ui")):
            path = os.path.relpath(os.path.join(root, name), TOP)
            with open(os.path.join(TOP, path), encoding="utf-8") as f:
                text = f.read()
            if re.search(r'\b(N?_|C_|NC_)\s*\(\s*"', text) or 'translatable="yes"' in text:
                marked.add(path)

checks = [
    (sorted(marked - listed), "every file with translatable strings is in POTFILES.in"),
    (sorted(p for p in listed if not os.path.exists(os.path.join(TOP, p))),
     "every file in POTFILES.in exists"),
]
for i, (problems, name) in enumerate(checks, 1):
    print("%s %d - %s" % ("not ok" if problems else "ok", i, name))
    for p in problems:
        print("# %s" % p)
print("1..%d" % len(checks))
sys.exit(1 if any(p for p, _ in checks) else 0)
