#!/usr/bin/python3
"""Consistency of the Flatpak manifest with the build (TAP).

The manifest cannot be built without downloading a runtime, so this checks what can
be checked offline: the application id, that the command is a program the build
installs, that every module pins its sources, and that the project module builds this
tree with meson."""

import json
import os
import re
import sys

from fxtest import TOP, ok, plan

MANIFEST = os.path.join(TOP, "flatpak", "io.github.facsimile.Facsimile.json")


with open(MANIFEST) as f:
    manifest = json.load(f)

with open(os.path.join(TOP, "meson.build")) as f:
    meson_top = f.read()
app_ids = re.findall(r"app_id = '([^']+)'", meson_top)
ok(manifest["id"] in app_ids and not manifest["id"].endswith(".Devel"),
   "the manifest's id is the release application id of meson.build", app_ids)

installed = set()
for root, _, files in os.walk(os.path.join(TOP, "src")):
    if "meson.build" in files:
        with open(os.path.join(root, "meson.build")) as f:
            text = f.read()
        for m in re.finditer(r"executable\('([^']+)'(.*?)\n\)", text, re.S):
            if "install: true" in m.group(2):
                installed.add(m.group(1))
ok(manifest["command"] in installed, "the command is a program the build installs", installed)

for key in ("runtime", "runtime-version", "sdk"):
    ok(bool(manifest.get(key)), "the manifest names its %s" % key)

modules = manifest["modules"]
ok(modules[-1]["name"] == "facsimile" and modules[-1]["buildsystem"] == "meson",
   "the last module builds this project with meson")
src = modules[-1]["sources"][0]
ok(src["type"] == "dir" and os.path.samefile(os.path.join(os.path.dirname(MANIFEST), src["path"]), TOP),
   "the project module builds this source tree")
ok("-Dtests=false" in modules[-1].get("config-opts", []), "the Flatpak build leaves the tests out")

cleanup = manifest.get("cleanup", [])
ok(not any("help" in c or c in ("/share", "/share/*") for c in cleanup),
   "the user guide installed to share/help is kept (Help and F1 open it)", cleanup)

for module in modules[:-1]:
    for source in module["sources"]:
        pinned = source["type"] != "archive" or re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", ""))
        ok(bool(pinned) and source.get("url", "").startswith("https://"),
           "module %s pins its source by https URL and sha256" % module["name"])

with open(os.path.join(TOP, "src", "core", "meson.build")) as f:
    core = f.read()
needs_gsl = "gsl_dep" in core
ok(not needs_gsl or any(m["name"] == "gsl" for m in modules),
   "GSL, which the GNOME runtime lacks, is built as a module")

sys.exit(plan())
