#!/usr/bin/python3
"""End-to-end tests of facsimile-cli plot, printed as TAP.

Plots of the bundled eICU example against the synthetic fixture tables: each kind in
each format is written, is what its name says (PNG header and size, SVG that parses as
XML with the title, PDF header), and bad usage fails cleanly without leaving a file.
Only the Python standard library is needed.
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from fxtest import CLI, SCHEMA, SRC, STAYS, SYNTHETIC, ok, plan

SYNTHETIC_2 = os.path.join(SRC, "fixtures", "cli", "synthetic-12000.csv")
SVG = "{http://www.w3.org/2000/svg}"


def run(*args):
    proc = subprocess.run([CLI, "plot"] + list(args), capture_output=True)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def base(*extra):
    return ["--real", STAYS, "--synthetic", SYNTHETIC, "--schema", SCHEMA] + list(extra)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def svg_title(path):
    root = ET.parse(path).getroot()
    if root.tag != SVG + "svg":
        return None
    title = root.find(SVG + "title")
    return title.text if title is not None else None


def test_kinds(tmp):
    cases = [
        ("hist", ["--feature", "heart_rate"], "heart_rate"),
        ("ecdf", ["--feature", "creatinine", "--kind", "ecdf"], "creatinine"),
        ("bars", ["--feature", "ethnicity"], "ethnicity"),
        ("discrete", ["--feature", "gcs_motor"], "gcs_motor"),
        ("heatmap", ["--kind", "heatmap", "--method", "spearman"], "Spearman correlation"),
        ("scores", ["--kind", "scores", "--metric", "kl"], "Kullback–Leibler divergence per feature"),
    ]
    sizes = {}
    for name, args, title in cases:
        png = os.path.join(tmp, name + ".png")
        code, _, err = run(*base(*args), "-o", png, "--width", "640", "--height", "420")
        size = png_size(png) if code == 0 else None
        ok(code == 0 and size == (640, 420), "%s: a 640 × 420 PNG" % name, err)
        sizes[name] = os.path.getsize(png) if code == 0 else 0

        svg = os.path.join(tmp, name + ".svg")
        code, _, err = run(*base(*args), "-o", svg, "--dark")
        try:
            got = svg_title(svg) if code == 0 else None
        except ET.ParseError as e:
            got, err = None, str(e)
        ok(got == title, "%s: an SVG whose <title> is “%s”" % (name, title), "%s\ngot %r" % (err, got))

        pdf = os.path.join(tmp, name + ".pdf")
        code, _, err = run(*base(*args), "-o", pdf)
        with open(pdf, "rb") if code == 0 else open(os.devnull, "rb") as f:
            head = f.read(5)
        ok(code == 0 and head == b"%PDF-", "%s: a PDF" % name, err)
    ok(all(size > 2000 for size in sizes.values()), "every PNG has something in it", sizes)


def test_differ(tmp):
    a = os.path.join(tmp, "a.png")
    b = os.path.join(tmp, "b.png")
    c = os.path.join(tmp, "c.png")
    run(*base("--feature", "heart_rate"), "-o", a)
    run(*base("--feature", "mean_bp"), "-o", b)
    run(*base("--feature", "heart_rate", "--dark"), "-o", c)
    data = [open(p, "rb").read() for p in (a, b, c)]
    ok(data[0] != data[1], "different features give different images")
    ok(data[0] != data[2], "dark and light give different images")


def test_several_sets(tmp):
    out = os.path.join(tmp, "several.svg")
    code, _, err = run("--real", STAYS, "--synthetic", SYNTHETIC, "--synthetic", SYNTHETIC_2,
                       "--name", "Copula", "--name", "Model", "--schema", SCHEMA,
                       "--feature", "age", "--title", "Age at admission", "-o", out)
    desc = None
    if code == 0:
        desc = ET.parse(out).getroot().find(SVG + "desc").text
    ok(code == 0 and "Copula" in desc and "Model" in desc and svg_title(out) == "Age at admission",
       "two synthetic sets, named, with a title", "%s\n%r" % (err, desc))


def test_stdout():
    code, out, err = run(*base("--feature", "heart_rate"), "-o", "-", "--format", "png")
    ok(code == 0 and out[:8] == b"\x89PNG\r\n\x1a\n", "-o - writes to standard output", err)


def test_bad_usage(tmp):
    cases = [
        ("no output", base("--feature", "heart_rate")),
        ("no feature", base("-o", os.path.join(tmp, "x.png"))),
        ("unknown kind", base("--feature", "age", "--kind", "pie", "-o", os.path.join(tmp, "x.png"))),
        ("unknown extension", base("--feature", "age", "-o", os.path.join(tmp, "x.gif"))),
        ("unknown column", base("--feature", "nope", "-o", os.path.join(tmp, "x.png"))),
        ("bars of a number", base("--feature", "age", "--kind", "bars", "-o", os.path.join(tmp, "x.png"))),
        ("hist of a category", base("--feature", "gender", "--kind", "hist", "-o", os.path.join(tmp, "x.png"))),
        ("two sets for a heatmap", ["--real", STAYS, "--synthetic", SYNTHETIC, "--synthetic", SYNTHETIC,
                                    "--kind", "heatmap", "-o", os.path.join(tmp, "x.png")]),
        ("names that do not match", base("--feature", "age", "--name", "a", "--name", "b",
                                         "-o", os.path.join(tmp, "x.png"))),
        ("a size out of range", base("--feature", "age", "--width", "0", "-o", os.path.join(tmp, "x.png"))),
    ]
    for name, args in cases:
        code, _, err = run(*args)
        lines = err.strip().splitlines()
        ok(code == 2 and len(lines) >= 1 and lines[-1].startswith("facsimile-cli: "),
           "bad usage fails with status 2 and one message: %s" % name, "%d %s" % (code, err))
    ok(not os.path.exists(os.path.join(tmp, "x.png")) and not os.path.exists(os.path.join(tmp, "x.gif")),
       "bad usage writes nothing")

    missing = os.path.join(tmp, "no-such-dir", "plot.png")
    code, _, err = run(*base("--feature", "age"), "-o", missing)
    ok(code == 1 and "no-such-dir" in err and not os.path.exists(os.path.dirname(missing)),
       "an output directory that does not exist fails with status 1", "%d %s" % (code, err))


def main():
    tmp = tempfile.mkdtemp(prefix="fx-plot-cli-test-")
    try:
        test_kinds(tmp)
        test_differ(tmp)
        test_several_sets(tmp)
        test_stdout()
        test_bad_usage(tmp)
        leftovers = [n for n in os.listdir(tmp) if n.startswith(".")]
        ok(not leftovers, "no temporary files are left behind", leftovers)
    finally:
        shutil.rmtree(tmp)
    return plan()


if __name__ == "__main__":
    sys.exit(main())
