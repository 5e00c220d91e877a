#!/usr/bin/python3
"""The screenshots the README and the AppStream metainfo show exist, are 1400x900 PNG
images, and come in the light and the dark style, and that every pane was shot at
360x720 too (TAP).  build-aux/screenshots.sh takes them."""

import os
import re
import struct
import sys

from fxtest import TOP, ok, plan

SHOTS = os.path.join(TOP, "data", "screenshots")


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


with open(os.path.join(TOP, "data", "io.github.facsimile.Facsimile.metainfo.xml.in")) as f:
    metainfo = f.read()
with open(os.path.join(TOP, "README.md")) as f:
    readme = f.read()

listed = re.findall(r"/data/screenshots/([\w-]+\.png)</image>", metainfo)
ok(len(listed) >= 3, "the metainfo lists screenshots", listed)
shown = re.findall(r"\(data/screenshots/([\w-]+\.png)\)", readme)
ok(len(shown) >= 3, "the README shows screenshots", shown)
for name in sorted(set(listed + shown)):
    size = png_size(os.path.join(SHOTS, name)) if os.path.exists(os.path.join(SHOTS, name)) else None
    ok(size == (1400, 900), "%s is a 1400x900 PNG" % name, size)
for page in ("welcome", "schema", "providers", "runs", "compare", "correlations", "study"):
    ok(all(os.path.exists(os.path.join(SHOTS, "%s-%s.png" % (page, style))) for style in ("light", "dark")),
       "the %s pane in the light and the dark style" % page)
# GNOME's small-screen size, shot of every pane too: each a 360x720 PNG
for page in ("welcome", "schema", "providers", "runs", "compare", "correlations", "study"):
    sizes = [png_size(os.path.join(SHOTS, "%s-360-%s.png" % (page, style)))
             if os.path.exists(os.path.join(SHOTS, "%s-360-%s.png" % (page, style))) else None
             for style in ("light", "dark")]
    ok(sizes == [(360, 720)] * 2, "the %s pane at 360x720 in the light and the dark style" % page, sizes)

sys.exit(plan())
