#!/usr/bin/python3
"""Consistency of the Flatpak manifest with the build (TAP).

The manifest cannot be built without downloading a runtime, so this checks what can
be checked offline: the application id, that the command is a program the build
installs, that every module pins its sources, that the project module builds this
tree with meson, and that every library the meson files ask for is either in the GNOME
runtime or a module of the manifest (XGBoost and GSL are not in the runtime)."""

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

# What org.gnome.Platform (GNOME 47 on freedesktop-sdk 24.08) provides of what the build
# asks for; everything else must be a module of the manifest, named as meson asks for it.
RUNTIME = {
    "glib-2.0", "gio-2.0", "json-glib-1.0", "cairo", "pangocairo", "libsoup-3.0", "sqlite3",
    "libsecret-1", "gtk4", "libadwaita-1",
    "threads", "m",  # the C library's
}


def build_dependencies():
    """Every dependency () and find_library () of the meson files the installed program is
    built from (not those of the tests and benchmarks, which the Flatpak leaves out)."""
    found = {}
    for root, dirs, files in os.walk(TOP):
        rel = os.path.relpath(root, TOP)
        dirs[:] = [d for d in dirs if not d.startswith((".", "build")) and
                   not (rel == "." and d in ("tests", "bench", "flatpak", "subprojects"))]
        if "meson.build" in files:
            with open(os.path.join(root, "meson.build")) as f:
                text = f.read()
            for m in re.finditer(r"\b(?:dependency|find_library)\s*\(\s*'([^']+)'", text):
                found.setdefault(m.group(1), os.path.join(rel, "meson.build"))
    return found


deps = build_dependencies()
module_names = {m["name"] for m in modules}
ok({"gsl", "xgboost", "gtk4", "libadwaita-1"} <= set(deps),
   "the build's dependencies are read from its meson files", sorted(deps))
for name, where in sorted(deps.items()):
    ok(name in RUNTIME or name in module_names,
       "%s (%s) is in the GNOME runtime or built as a module" % (name, where),
       "modules: %s" % sorted(module_names))

xgboost = next((m for m in modules if m["name"] == "xgboost"), {})
opts = xgboost.get("config-opts", [])
ok(xgboost.get("buildsystem") in ("cmake", "cmake-ninja")
   and {"-DUSE_CUDA=OFF", "-DUSE_NCCL=OFF", "-DBUILD_STATIC_LIB=OFF"} <= set(opts),
   "XGBoost is built with CMake as a shared library without CUDA", opts)
urls = [s.get("url", "") for s in xgboost.get("sources", [])]
ok(any(re.search(r"xgboost[_-]v?1\.7\.\d+(\.orig)?\.tar\.gz$", u) for u in urls),
   "XGBoost is a 1.7.x release, the C API the code is written against", urls)
ok(any(s.get("dest") == "dmlc-core" and s.get("type") == "archive" for s in xgboost.get("sources", [])),
   "its dmlc-core submodule, which a tag archive leaves out, is a pinned source of its own")
ok(modules.index(xgboost) < len(modules) - 1 if xgboost else False,
   "XGBoost is built before the application")

sys.exit(plan())
