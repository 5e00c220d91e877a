#!/usr/bin/python3
"""End-to-end tests of facsimile-cli report, printed as TAP.

Reports of the bundled eICU example against the synthetic fixture tables, in each
format: the PDF's metadata, pages, footers, sections and contents; its per-feature
table against the numbers of the JSON data, formatted as the report formats them; a
self-contained, accessible HTML file; JSON and CSV data; several sets; and failures
(a read-only folder, a full disk, bad input) that leave no partial file behind.
Needs the Python standard library and poppler's pdftotext and pdfinfo.
"""

import csv
import hashlib
import html.parser
import json
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from fxtest import CLI, SCHEMA, SRC, STAYS, SYNTHETIC, ok, plan, results, skip

SYNTHETIC_2 = os.path.join(SRC, "fixtures", "cli", "synthetic-12000.csv")

TITLE = "Fidelity of the copula tables"
AUTHOR = "Ada Example"
HEADINGS = ["Summary", "Provenance", "Per-feature results", "Feature plots", "Correlations",
            "Privacy", "Validity", "Methods", "Reproducibility"]
# the note of fx-report-document.c title_page() when a set was read from a file
FILE_SET_NOTE = ("Real data sent to others: no real rows left this machine in the runs recorded here. "
                 "Synthetic sets read from files carry no record of how they were made.")
# a write is cut off well before the smallest PDF or HTML report is complete
FILE_SIZE_LIMIT = 20000


def run(*args, preexec_fn=None, wrap=None):
    command = [CLI, "report"] + list(args)
    if wrap is not None:
        command = wrap + command
    proc = subprocess.run(command, capture_output=True, preexec_fn=preexec_fn)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def run_cli(*args):
    proc = subprocess.run([CLI] + list(args), capture_output=True)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def base(*extra, synthetic=SYNTHETIC):
    return ["--real", STAYS, "--synthetic", synthetic, "--schema", SCHEMA] + list(extra)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def pdftotext(path, layout=True):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [path, "-"]
    proc = subprocess.run(args, capture_output=True)
    return proc.stdout.decode("utf-8", "replace")


def pdfinfo(path):
    proc = subprocess.run(["pdfinfo", "-enc", "UTF-8", path], capture_output=True)
    info = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def pages_of(text):
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def squash(text):
    """@text without any white space (pdftotext breaks long words and hashes)"""
    return re.sub(r"\s+", "", text)


def flat(text):
    """@text with each run of white space as one space"""
    return re.sub(r"\s+", " ", text).strip()


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def listing(folder):
    return sorted(os.listdir(folder))


# ---- the report's number formats, as in src/report/fx-report.c --------------------------

def format_number(value, digits):
    """fx_report_format_number()"""
    if value is None or not math.isfinite(value):
        return "—"
    if value != 0 and abs(value) < math.pow(10, -digits):
        return "%.*e" % (max(digits - 2, 1), value)
    return "%.*f" % (digits, value)


def format_pvalue(p):
    """fx_report_format_pvalue()"""
    if p is None or not math.isfinite(p):
        return "—"
    if p < 1e-4:
        return "< 0.0001"
    return format_number(p, 4)


def percent(part, whole):
    """percent() of fx-report-document.c"""
    if whole == 0:
        return "—"
    return "%.1f%%" % (100.0 * part / whole)


def tested(feature):
    test = feature.get("ks" if feature["kind"] == "continuous" else "chi2")
    return test is not None


def differs(feature, alpha):
    p = feature.get("pvalue_adjusted")
    return tested(feature) and p is not None and p < alpha


def expected_row(feature, alpha, comparison):
    """The cells of @feature's row in the per-feature table, from its JSON."""
    continuous = feature["kind"] == "continuous"
    if not tested(feature):
        statistic = "—"
    elif continuous:
        statistic = "D " + format_number(feature["ks"]["statistic"], 3)
    else:
        statistic = "χ² " + format_number(feature["chi2"]["statistic"], 2)
    holdout = feature.get("holdout")
    if holdout is None:
        distance = None
    elif continuous:
        distance = holdout["ks"]["statistic"] if holdout.get("ks") is not None else None
    else:
        distance = holdout["tvd"] if holdout.get("chi2") is not None else None
    return {
        "stat": statistic,
        "p": format_pvalue(feature.get("pvalue")),
        "padj": format_pvalue(feature.get("pvalue_adjusted")),
        "result": "untested" if not tested(feature) else "differs" if differs(feature, alpha) else "alike",
        "kl": format_number(feature.get("kl"), 3),
        "dist": format_number(feature.get("wasserstein" if continuous else "tvd"), 3),
        "mreal": percent(feature["real_missing"], comparison["real_rows"]),
        "msyn": percent(feature["synthetic_missing"], comparison["synthetic_rows"]),
        "holdout": format_number(distance, 3),
    }


# ---- reading the per-feature table back from pdftotext -layout -----------------------------

NUMBER = r"(?:—|-?\d[\d.]*(?:e[-+]\d+)?)"
ROW = re.compile(r"^(?P<indent>[ \t]*)(?P<name>\S.*?)\s+"
                 r"(?P<stat>(?:D|χ²) " + NUMBER + r"|—)\s+"
                 r"(?P<p>< 0\.0001|<|" + NUMBER + r")\s+"
                 r"(?P<padj>< 0\.0001|<|" + NUMBER + r")\s+"
                 r"(?P<result>differs|alike|untested)\s+"
                 r"(?P<kl>" + NUMBER + r")\s+"
                 r"(?P<dist>" + NUMBER + r")\s+"
                 r"(?P<mreal>" + NUMBER + r"%|—)\s+"
                 r"(?P<msyn>" + NUMBER + r"%|—)\s+"
                 r"(?P<holdout>" + NUMBER + r")\s*$")
CAPTION = re.compile(r"^\s*(?P<label>.+?): each feature against the real data \(α = [\d.]+\)\s*$")
FOOTER = re.compile(r"Page (\d+) of (\d+)\s*$")


def feature_tables(text):
    """{set label: {name without white space: cells}} of the per-feature tables.

    A row starts on the line with its numbers; a name too long for its column goes on
    in the lines below at the same indent, up to a blank line, a page break or the next
    row.  A p-value that did not fit ("<" over "0.0001") counts as "< 0.0001"."""
    tables = {}
    current = None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].replace("\f", "")
        caption = CAPTION.match(line)
        if caption:
            current = tables.setdefault(caption.group("label").strip(), {})
            i += 1
            continue
        row = ROW.match(line)
        if row is None or current is None:
            i += 1
            continue
        name = row.group("name")
        indent = len(row.group("indent"))
        j = i + 1
        while j < len(lines):
            following = lines[j]
            if (not following.strip() or "\f" in following or ROW.match(following)
                    or FOOTER.search(following)
                    or len(following) - len(following.lstrip()) != indent):
                break
            name += " " + re.split(r"\s{2,}", following.strip())[0]
            j += 1
        cells = row.groupdict()
        for key in ("p", "padj"):
            if cells[key] == "<":
                cells[key] = "< 0.0001"
        cells["name"] = name
        current[squash(name)] = cells
        i = j
    return tables


def compare_table(table, features, alpha, comparison, keys=("stat", "p", "padj", "result", "kl", "dist",
                                                               "mreal", "msyn", "holdout")):
    """Differences between the rows read from the PDF and those expected from the JSON."""
    problems = []
    for feature in features:
        row = table.get(squash(feature["name"]))
        if row is None:
            problems.append("%s: no row in the table" % feature["name"])
            continue
        want = expected_row(feature, alpha, comparison)
        for key in keys:
            if row[key] != want[key]:
                problems.append("%s: %s is %r in the PDF, %r from the JSON" % (feature["name"], key, row[key],
                                                                             want[key]))
    extra = set(table) - {squash(f["name"]) for f in features}
    if extra:
        problems.append("rows for no feature: %s" % sorted(extra))
    return problems


# ---- an HTML file, read strictly ---------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
URL_ATTRIBUTES = {"src", "href", "xlink:href", "action", "formaction", "poster", "srcset", "data",
                  "background", "cite", "longdesc", "manifest", "ping", "codebase"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)


def local_reference(value):
    value = value.strip()
    return value.startswith("#") or value.lower().startswith("data:")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.external = []
        self.metas = []
        self.tables = []      # {"caption", "th": [(scope, text)], "rows": [[cells]]}
        self.figures = []     # {"caption", "labels": [aria-label], "roles": [role]}
        self.svgs = []        # (role, aria-label)
        self.text = {"caption": None, "figcaption": None, "th": None, "td": None, "style": None}
        self.row = None

    def check_attrs(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name.lower() in URL_ATTRIBUTES and not local_reference(value):
                self.external.append("<%s %s=%r>" % (tag, name, value))
            if name.lower() == "style":
                for url in CSS_URL.findall(value):
                    if not local_reference(url):
                        self.external.append("<%s style=… url(%s)>" % (tag, url))
        if tag == "link":
            self.external.append("<link %r>" % (attrs,))
        if tag == "script" and any(name == "src" for name, _ in attrs):
            self.external.append("<script %r>" % (attrs,))

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs)

    def start(self, tag, attrs):
        attributes = dict(attrs)
        self.check_attrs(tag, attrs)
        if tag == "meta":
            self.metas.append(attributes)
        elif tag == "table":
            self.tables.append({"caption": None, "th": [], "rows": []})
        elif tag == "caption" and self.tables:
            self.text["caption"] = ""
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("th", "td"):
            self.text[tag] = ""
            self.scope = attributes.get("scope")
        elif tag == "figure":
            self.figures.append({"caption": "", "labels": []})
        elif tag == "figcaption":
            self.text["figcaption"] = ""
        elif tag == "svg":
            self.svgs.append((attributes.get("role"), attributes.get("aria-label")))
            if self.figures and "figure" in self.stack:
                self.figures[-1]["labels"].append(attributes.get("aria-label") or "")
        elif tag == "style":
            self.text["style"] = ""

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append("line %d: </%s> with nothing open" % (self.getpos()[0], tag))
            return
        if self.stack[-1] != tag:
            self.errors.append("line %d: </%s> closes <%s>" % (self.getpos()[0], tag, self.stack[-1]))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = self.text["caption"]
            self.text["caption"] = None
        elif tag in ("th", "td") and self.text[tag] is not None:
            if tag == "th":
                self.tables[-1]["th"].append((self.scope, self.text["th"]))
            if self.row is not None:
                self.row.append(self.text[tag])
            self.text[tag] = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1]["rows"].append(self.row)
            self.row = None
        elif tag == "figcaption" and self.figures:
            self.figures[-1]["caption"] = self.text["figcaption"]
            self.text["figcaption"] = None
        elif tag == "style":
            for url in CSS_URL.findall(self.text["style"]):
                if not local_reference(url):
                    self.external.append("<style> url(%s)" % url)
            if "@import" in self.text["style"]:
                self.external.append("<style> @import")
            self.text["style"] = None

    def handle_data(self, data):
        for key, value in self.text.items():
            if value is not None:
                self.text[key] = value + data

    def close(self):
        super().close()
        if self.stack:
            self.errors.append("still open at the end: %s" % self.stack)


# ---- the checks --------------------------------------------------------------------------

def test_pdf(tmp):
    """1 and 2: metadata, pages, footers, sections, contents, provenance."""
    pdf = os.path.join(tmp, "report.pdf")
    code, _, err = run(*base("--title", TITLE, "--author", AUTHOR, "--paper", "a4", "--seed", "1",
                             "--with-data"), "-o", pdf)
    ok(code == 0 and os.path.isfile(pdf), "a PDF report of the example against synthetic-3000.csv", err)
    if code != 0:
        return None, None
    info = pdfinfo(pdf)
    ok(info.get("Title") == TITLE and info.get("Author") == AUTHOR,
       "the PDF's metadata carry the title and the author", info)
    ok(info.get("Page size") == "595.276 x 841.89 pts (A4)", "--paper a4 gives A4 pages", info.get("Page size"))

    letter = os.path.join(tmp, "letter.pdf")
    code, _, err = run(*base("--title", TITLE, "--paper", "letter"), "-o", letter)
    size = pdfinfo(letter).get("Page size") if code == 0 else None
    ok(code == 0 and size is not None and size.startswith("612 x 792 pts"), "--paper letter gives US Letter pages",
       "%s\n%r" % (err, size))

    text = pdftotext(pdf)
    pages = pages_of(text)
    n_pages = int(info.get("Pages", "0"))
    totals = {int(m.group(2)) for m in re.finditer(r"Page (\d+) of (\d+)", text)}
    ok(n_pages > 2 and totals == {n_pages} and len(pages) == n_pages,
       "the page count (%d) is the M of every “Page N of M” footer" % n_pages,
       "pdfinfo %d, footers say %s, pdftotext %d pages" % (n_pages, sorted(totals), len(pages)))
    missing = [i + 1 for i, page in enumerate(pages)
               if i > 0 and not re.search(r"Page %d of %d\s*$" % (i + 1, n_pages), page.rstrip())]
    ok(not missing and "Page 1 of" not in pages[0] and FOOTER.search(pages[0]) is None,
       "pages 2 to %d each end with their footer, and the title page has none" % n_pages,
       "pages without their footer: %s" % missing)
    ok(pages and pages[0].lstrip().startswith(TITLE), "the title page starts with the title",
       pages[0][:200] if pages else "")

    # 2: the sections, listed in the contents with the pages they are on
    heading_pages = {}
    for h in HEADINGS:
        heading_pages[h] = [i + 1 for i, page in enumerate(pages)
                            if any(line.strip() == h for line in page.splitlines())]
    ok(all(heading_pages[h] for h in HEADINGS), "every section has its heading: " + ", ".join(HEADINGS),
       heading_pages)
    contents = {}
    for i, page in enumerate(pages[:3]):
        if any(line.strip() == "Contents" for line in page.splitlines()):
            for line in page.splitlines():
                m = re.match(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", line)
                if m:
                    contents[m.group(1)] = int(m.group(2))
    wrong = ["%s: contents say %s, heading on %s" % (h, contents.get(h), heading_pages.get(h))
             for h in HEADINGS if contents.get(h) not in heading_pages.get(h, [])]
    ok(contents and not wrong, "the contents list each section with the page it starts on", "\n".join(wrong) or contents)
    firsts = [heading_pages[h][0] if heading_pages[h] else 0 for h in HEADINGS]
    ok(firsts[0] > 1 and firsts == sorted(firsts),
       "the sections follow the title page in order, from Summary to Reproducibility", heading_pages)

    whole = squash(text)
    reference = sha256(STAYS)
    ok(reference in whole and sha256(SYNTHETIC) in whole,
       "the SHA-256 of the real table (%s…) and of the synthetic one are printed" % reference[:12])
    ok(FILE_SET_NOTE in flat(pages[0]), "the title page says no real rows left the machine, and that a file "
       "set carries no record", flat(pages[0])[-400:])
    ok("Read from a file: no record of the generator, its parameters or what it was sent." in flat(text),
       "the provenance of a set read from a file says so")
    return pdf, text


def test_numbers(tmp, pdf, text):
    """3: the per-feature table and the summary say what the JSON data say."""
    data_json = os.path.splitext(pdf)[0] + ".json"
    data_csv = os.path.splitext(pdf)[0] + ".csv"
    ok(os.path.isfile(data_json) and os.path.isfile(data_csv), "--with-data writes .json and .csv beside the PDF",
       listing(tmp))
    try:
        data = read_json(data_json)
    except (OSError, ValueError) as e:
        ok(False, "the data beside the PDF is JSON", e)
        return
    separate = os.path.join(tmp, "separate.json")
    code, _, err = run(*base("--title", TITLE, "--author", AUTHOR, "--seed", "1"), "-o", separate)
    other = read_json(separate) if code == 0 else None
    ok(other is not None and other["sets"] == data["sets"] and other["reference"] == data["reference"],
       "-o .json with the same inputs and seed gives the same numbers as --with-data", err)

    alpha = data["alpha"]
    s = data["sets"][0]
    features = s["comparison"]["features"]
    tables = feature_tables(text)
    table = tables.get(s["label"], {})
    ok(len(table) == len(features), "the PDF's table has one row for each of the %d features" % len(features),
       "tables %s, rows %s" % (list(tables), list(table)))
    problems = compare_table(table, features, alpha, s["comparison"], keys=("stat",))
    ok(not problems, "each feature's statistic (D with 3 decimals, χ² with 2) is the JSON's", "\n".join(problems))
    problems = compare_table(table, features, alpha, s["comparison"], keys=("p", "padj"))
    ok(not problems, "each feature's p and adjusted p are the JSON's, or “< 0.0001”", "\n".join(problems))
    problems = compare_table(table, features, alpha, s["comparison"], keys=("result",))
    ok(not problems, "each feature's result (differs, alike, untested) follows its adjusted p and α",
       "\n".join(problems))
    problems = compare_table(table, features, alpha, s["comparison"], keys=("kl", "dist"))
    ok(not problems, "each feature's KL and W₁ or TVD are the JSON's", "\n".join(problems))
    problems = compare_table(table, features, alpha, s["comparison"], keys=("mreal", "msyn", "holdout"))
    ok(not problems, "each feature's missing shares and holdout distance are the JSON's", "\n".join(problems))
    at = s["at_alpha"]
    differ = sum(1 for f in features if differs(f, alpha))
    ok(at["tested"] == sum(1 for f in features if tested(f)) and at["differ"] == differ
       and at["alike"] == at["tested"] - at["differ"],
       "the JSON's at_alpha counts agree with its features", "%s, %d differ" % (at, differ))
    glance = re.search(r"^\s*" + re.escape(s["label"]) + r"\s+[\d\u2009 ]+?\s+(\d+) / (\d+)\s", text, re.MULTILINE)
    ok(glance is not None and (int(glance.group(1)), int(glance.group(2))) == (at["differ"], at["tested"]),
       "“At a glance” shows differ / tested = %d / %d" % (at["differ"], at["tested"]),
       glance.group(0) if glance else "no row for %s" % s["label"])
    sentence = "%d of the %d features that could be tested differ" % (at["differ"], at["tested"])
    ok(sentence in flat(text), "the summary says “%s”" % sentence)

    # a long name, with spaces, that the table has to break over lines
    long_names = {"mean_bp": "mean_arterial_blood_pressure_noninvasive_first_apache_day",
                  "gender": "sex as recorded at admission (self reported)"}

    def renamed(src, dst):
        with open(src, encoding="utf-8") as f:
            header, rest = f.read().split("\n", 1)
        with open(dst, "w", encoding="utf-8") as f:
            f.write(",".join(long_names.get(c, c) for c in header.split(",")) + "\n" + rest)

    real, synthetic, schema = (os.path.join(tmp, n) for n in ("long-real.csv", "long-synthetic.csv", "long-schema.json"))
    renamed(STAYS, real)
    renamed(SYNTHETIC, synthetic)
    with open(SCHEMA, encoding="utf-8") as f:
        doc = json.load(f)
    for feature in doc["features"]:
        feature["name"] = long_names.get(feature["name"], feature["name"])
    doc["group_by"] = [long_names.get(g, g) for g in doc.get("group_by", [])]
    if doc.get("target") in long_names:
        doc["target"] = long_names[doc["target"]]
    # a rule over a renamed column would no longer compile, and the schema not load
    for rule in doc.get("rules", []):
        for old, new in long_names.items():
            rule["check"] = re.sub(r"\b%s\b" % old, '"%s"' % new, rule["check"])
    with open(schema, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    long_pdf = os.path.join(tmp, "long.pdf")
    code, _, err = run("--real", real, "--synthetic", synthetic, "--schema", schema, "--sections", "table",
                       "--with-data", "-o", long_pdf)
    if code != 0:
        ok(False, "long feature names: the table still matches the JSON", err)
        return
    data = read_json(os.path.join(tmp, "long.json"))
    s = data["sets"][0]
    table = feature_tables(pdftotext(long_pdf)).get(s["label"], {})
    problems = compare_table(table, s["comparison"]["features"], data["alpha"], s["comparison"])
    got = [table[squash(n)]["name"] for n in long_names.values() if squash(n) in table]
    ok(not problems and len(got) == 2, "long feature names: every row of the table still matches the JSON",
       "\n".join(problems) + "\nread: %r" % got)


def test_html(tmp):
    """4: one self-contained, accessible HTML file."""
    path = os.path.join(tmp, "page.html")
    code, _, err = run(*base("--title", TITLE, "--with-data"), "-o", path)
    ok(code == 0 and os.path.isfile(path), "an HTML report", err)
    if code != 0:
        return
    with open(path, encoding="utf-8") as f:
        source = f.read()
    page = Page()
    page.feed(source)
    page.close()
    ok(not page.errors, "the HTML parses with every element closed in order", "\n".join(page.errors[:20]))
    ok(source.lstrip().lower().startswith("<!doctype html>"), "it starts with <!DOCTYPE html>")
    ok(not page.external, "nothing outside the file is referred to (src, href, <link>, <script src>, url())",
       "\n".join(page.external[:20]))
    ok(any(m.get("name") == "viewport" and "width=device-width" in (m.get("content") or "") for m in page.metas),
       "it has a viewport meta tag", page.metas)
    ok(page.svgs and all(role == "img" and label for role, label in page.svgs),
       "all %d inline <svg> have role=\"img\" and an aria-label" % len(page.svgs),
       [s for s in page.svgs if s[0] != "img" or not s[1]][:5])

    data = read_json(os.path.join(tmp, "page.json"))
    s = data["sets"][0]
    # an identifier is not a distribution: the report says so in place of a plot
    schema_doc = read_json(SCHEMA)
    identifiers = {f["name"] for f in schema_doc.get("features", []) if f.get("identifier")}
    features = [f for f in s["comparison"]["features"] if f["name"] not in identifiers]
    unshown = [f["name"] for f in features
               if not any(fig["labels"] and (fig["caption"].startswith(f["name"] + ":")
                                             or any(label.startswith(f["name"] + ".") for label in fig["labels"]))
                          for fig in page.figures)]
    ok(not unshown and len(page.svgs) >= len(features),
       "each of the %d features has a figure with an inline <svg> (%d in all)" % (len(features), len(page.svgs)),
       "without one: %s" % unshown)
    bad = [t["caption"] for t in page.tables
           if not t["caption"] or not any(scope == "col" for scope, _ in t["th"])
           or any(scope not in ("col", "row") for scope, _ in t["th"])]
    ok(page.tables and not bad, "all %d tables have a <caption> and <th scope=\"col\"> headers, and every <th> a scope"
       % len(page.tables), bad)

    # the HTML table says what the JSON says too
    table = next((t for t in page.tables if t["caption"] and
                  t["caption"].startswith(s["label"] + ": each feature against the real data")), None)
    problems = []
    if table is None:
        problems.append("no per-feature table")
    else:
        rows = {squash(r[0]): r for r in table["rows"][1:] if len(r) == 10}
        for f in features:
            row = rows.get(squash(f["name"]))
            want = expected_row(f, data["alpha"], s["comparison"])
            got = dict(zip(("stat", "p", "padj", "result", "kl", "dist", "mreal", "msyn", "holdout"),
                           [flat(c) for c in row[1:]])) if row else None
            if got != want:
                problems.append("%s: %r, expected %r" % (f["name"], got, want))
    ok(not problems, "the HTML per-feature table matches the JSON", "\n".join(problems[:10]))
    ok(FILE_SET_NOTE in flat(source), "the HTML says no real rows left the machine")


def test_reproduce(tmp):
    """The report's "How to reproduce" command, run as it stands in a shell, computes
    the same numbers: paths as given, one option to a line, names with spaces quoted,
    no placeholder."""
    folder = os.path.join(tmp, "reproduce here")
    os.makedirs(folder)
    path = os.path.join(folder, "first report.html")
    label = "Copula, 3000 rows"
    code, _, err = run("--real", STAYS, "--synthetic", SYNTHETIC, "--schema", SCHEMA, "--label", label,
                       "--alpha", "0.1", "--seed", "7", "--sections", "summary,table,methods",
                       "--with-data", "-o", path)
    ok(code == 0, "a report with a label, a significance level, a seed and sections", err)
    if code != 0:
        return
    with open(path, encoding="utf-8") as f:
        source = f.read()
    found = re.search(r'<pre class="command"><code>(.*?)</code></pre>', source, re.S)
    ok(found is not None and ">How to reproduce<" in source, "the HTML has a How to reproduce block")
    if found is None:
        return
    command = html.unescape(found.group(1))
    lines = command.split("\n")
    ok(lines[0] == "facsimile-cli report \\" and
       all(re.match(r"^  -{1,2}[a-z]+( \S.*)?$", line.rstrip(" \\")) for line in lines[1:]),
       "one option to a line, each whole", command)
    for option in ("--real " + STAYS, "--synthetic " + SYNTHETIC, "--schema " + SCHEMA, "--label '%s'" % label,
                   "--alpha 0.1", "--seed 7", "--sections summary,table,methods", "-o '%s'" % path):
        ok(option in command, "the command has %s" % option, command)
    ok(not re.search(r"[A-Z]+\.(json|csv|pdf)\b|SCHEMA|FILE", command.replace(STAYS, "").replace(SCHEMA, "")
                     .replace(SYNTHETIC, "").replace(path, "")),
       "no placeholder", command)
    # run as it stands (asked for its data too), with the facsimile-cli under test
    first = read_json(os.path.join(folder, "first report.json"))
    os.remove(path)
    os.remove(os.path.join(folder, "first report.json"))
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(CLI)) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run(["sh", "-c", command + " --with-data"], capture_output=True, env=env, cwd=folder)
    ok(proc.returncode == 0 and os.path.isfile(path), "the command runs in a shell",
       proc.stderr.decode("utf-8", "replace"))
    if proc.returncode != 0:
        return
    again = read_json(os.path.join(folder, "first report.json"))
    same = [k for k in ("alpha",) if first.get(k) != again.get(k)]
    for a_set, b_set in zip(first["sets"], again["sets"]):
        if a_set["label"] != b_set["label"] or a_set["comparison"] != b_set["comparison"]:
            same.append(a_set["label"])
    ok(len(first["sets"]) == len(again["sets"]) and not same,
       "the same numbers: significance level, labels and every comparison", same)


def test_privacy_validity(tmp, data, text):
    """6: each set's privacy measures are those evaluate gives on the same split, and the
    PDF says them, with the plain sentence; the rules are counted in the real table and
    every set, a rule real rows break flagged doubtful."""
    whole = flat(text)
    for s in data["sets"]:
        privacy = s.get("privacy")
        ok(privacy is not None and set(privacy) >= {"exact_copies", "dcr", "nndr", "membership", "sampled"},
           "%s: the JSON has the privacy block" % s["label"], privacy)
        if privacy is None:
            continue
        code, out, err = run_cli("evaluate", "--real", STAYS, "--synthetic", s["path"], "--schema", SCHEMA,
                                 "--seed", "1", "--json", "-")
        evaluated = json.loads(out).get("privacy") if code == 0 else None
        ok(evaluated == privacy, "%s: the report's privacy measures are evaluate's on the same split"
           % s["label"], "%s\nreport: %s\nevaluate: %s" % (err, privacy, evaluated))
        auroc = "%.3f" % privacy["membership"]["auroc"]
        ok("attack AUROC: %s." % auroc in whole, "%s: the PDF gives the attack's AUROC %s" % (s["label"], auroc))
    ok("The synthetic records are no closer to the patients they were made from than to new patients."
       in whole, "the PDF says in one sentence whether the records are closer to the training patients")
    rules = data["sets"][0]["comparison"].get("validity", {}).get("rules", [])
    # a long name may be broken over two lines of its table cell, with a hyphen
    joined = re.sub(r"[\s-]", "", text)
    ok(len(rules) >= 6 and all(r["name"].replace("-", "") in joined for r in rules),
       "the Validity section lists the schema's %d rules" % len(rules), [r["name"] for r in rules])
    doubtful = [r["name"] for r in rules if r["doubtful"]]
    ok(all(r["doubtful"] == (r["real_violations"] > 0) for r in rules)
       and (" (doubtful)" in whole) == bool(doubtful),
       "a rule is flagged doubtful in the JSON and the PDF exactly when real rows break it", doubtful)

    # a rule the real rows break: its count is the real rows aged 80 or more
    with open(SCHEMA, encoding="utf-8") as f:
        doc = json.load(f)
    doc["rules"].append({"name": "under_eighty", "check": "age < 80"})
    schema = os.path.join(tmp, "doubtful-schema.json")
    with open(schema, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    pdf = os.path.join(tmp, "doubtful.pdf")
    code, _, err = run("--real", STAYS, "--synthetic", SYNTHETIC, "--schema", schema, "--sections", "validity",
                       "--with-data", "-o", pdf)
    ok(code == 0, "a report of the validity section alone", err)
    if code != 0:
        return
    with open(STAYS, encoding="utf-8", newline="") as f:
        want = sum(1 for row in csv.DictReader(f) if row["age"].strip() and float(row["age"]) >= 80)
    rule = [r for r in read_json(os.path.join(tmp, "doubtful.json"))["sets"][0]["comparison"]["validity"]["rules"]
            if r["name"] == "under_eighty"]
    ok(rule and rule[0]["real_violations"] == want and rule[0]["doubtful"],
       "a rule %d real rows break (Python's csv) is doubtful in the JSON" % want, rule)
    ok("%d (doubtful)" % want in flat(pdftotext(pdf)), "and flagged doubtful in the PDF")


def test_several_sets(tmp, pdf_3000, text_3000):
    """5: two labelled sets in one report; different inputs, different reports."""
    pdf = os.path.join(tmp, "two.pdf")
    labels = ["Copula 3k", "Copula 12k"]
    code, _, err = run("--real", STAYS, "--synthetic", SYNTHETIC, "--synthetic", SYNTHETIC_2,
                       "--label", labels[0], "--label", labels[1], "--schema", SCHEMA, "--with-data", "-o", pdf)
    ok(code == 0, "a report of two synthetic sets with --label", err)
    if code != 0:
        return
    text = pdftotext(pdf)
    data = read_json(os.path.join(tmp, "two.json"))
    ok([s["label"] for s in data["sets"]] == labels
       and [s["path"] for s in data["sets"]] == [SYNTHETIC, SYNTHETIC_2]
       and [s["sha256"] for s in data["sets"]] == [sha256(SYNTHETIC), sha256(SYNTHETIC_2)],
       "the JSON has both sets, labelled, in order, with their files", [(s["label"], s["path"]) for s in data["sets"]])
    ok(flat(text).count(labels[0]) >= 4 and flat(text).count(labels[1]) >= 4
       and "2 synthetic sets compared with the real table stays.csv" in flat(text),
       "the PDF names both sets (title page, summary, provenance, tables)")
    tables = feature_tables(text)
    problems = []
    for s in data["sets"]:
        problems += compare_table(tables.get(s["label"], {}), s["comparison"]["features"], data["alpha"],
                                  s["comparison"])
    ok(set(labels) <= set(tables) and not problems, "each set's table in the PDF matches its JSON",
       "tables: %s\n%s" % (list(tables), "\n".join(problems[:10])))
    for s in data["sets"]:
        at = s["at_alpha"]
        sentence = "%d of the %d features that could be tested differ" % (at["differ"], at["tested"])
        ok(sentence in flat(text), "%s: the summary says “%s”" % (s["label"], sentence))
    with open(os.path.join(tmp, "two.csv"), encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["section"] == "features"]
    n = len(data["sets"][0]["comparison"]["features"])
    ok(len(rows) == 2 * n and [r["set"] for r in rows] == [labels[0]] * n + [labels[1]] * n,
       "the CSV has a line per feature for each set", len(rows))

    test_privacy_validity(tmp, data, text)

    pdf_12000 = os.path.join(tmp, "report-12000.pdf")
    code, _, err = run(*base("--title", TITLE, "--author", AUTHOR, "--seed", "1", "--with-data",
                             synthetic=SYNTHETIC_2), "-o", pdf_12000)
    if code != 0 or pdf_3000 is None:
        ok(False, "synthetic-3000 and synthetic-12000 give different reports", err)
        return
    a = read_json(os.path.join(tmp, "report.json"))
    b = read_json(os.path.join(tmp, "report-12000.json"))

    def metrics(d):
        return [(f["name"], (f.get("ks") or f.get("chi2") or {}).get("statistic"), f.get("kl"))
                for f in d["sets"][0]["comparison"]["features"]]

    ok(metrics(a) != metrics(b) and [m[0] for m in metrics(a)] == [m[0] for m in metrics(b)]
       and a["sets"][0]["sha256"] != b["sets"][0]["sha256"],
       "synthetic-3000 and synthetic-12000 give the same features with different metrics in the JSON")

    def section(text, start, end):
        return text[text.find(start):text.find(end)]

    text_12000 = pdftotext(pdf_12000)
    ok(section(text_3000, "\fPer-feature results", "\fFeature plots")
       != section(text_12000, "\fPer-feature results", "\fFeature plots")
       and "12000" in squash(text_12000) and "(3000)" in text_3000,
       "and their PDFs' text differs")

    again = os.path.join(tmp, "again.json")
    code, _, err = run(*base("--title", TITLE, "--author", AUTHOR, "--seed", "1"), "-o", again)
    c = read_json(again) if code == 0 else {}
    ok(code == 0 and {k: v for k, v in c.items() if k != "created"} == {k: v for k, v in a.items() if k != "created"},
       "the same inputs and seed give the same JSON again", err)


def test_data_formats(tmp):
    """6: JSON and CSV alone; --sections."""
    path = os.path.join(tmp, "alone.json")
    code, _, err = run(*base("--title", TITLE, "--author", AUTHOR), "-o", path)
    try:
        data = read_json(path) if code == 0 else None
    except ValueError as e:
        data, err = None, str(e)
    ok(data is not None, "-o x.json writes valid JSON", err)
    if data is None:
        return
    with open(STAYS, encoding="utf-8", newline="") as f:
        real_rows = list(csv.reader(f))
    problems = []
    want_top = {"format", "generator", "title", "author", "created", "alpha", "reference", "sets"}
    if not want_top <= set(data):
        problems.append("top-level keys: %s" % sorted(data))
    if data.get("format") != 1 or not str(data.get("generator", "")).startswith("Facsimile "):
        problems.append("format %r, generator %r" % (data.get("format"), data.get("generator")))
    if data.get("title") != TITLE or data.get("author") != AUTHOR or data.get("alpha") != 0.05:
        problems.append("title %r, author %r, alpha %r" % (data.get("title"), data.get("author"), data.get("alpha")))
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(data.get("created"))):
        problems.append("created %r" % data.get("created"))
    ref = data.get("reference", {})
    if ref != {"path": STAYS, "sha256": sha256(STAYS), "rows": len(real_rows) - 1, "columns": len(real_rows[0])}:
        problems.append("reference %r" % ref)
    sets = data.get("sets", [])
    if len(sets) != 1:
        problems.append("%d sets" % len(sets))
    for s in sets:
        if not {"label", "path", "sha256", "at_alpha", "comparison"} <= set(s) or "run" in s:
            problems.append("set keys: %s" % sorted(s))
            continue
        if (s["label"] != os.path.basename(SYNTHETIC) or s["path"] != SYNTHETIC
                or s["sha256"] != sha256(SYNTHETIC)):
            problems.append("set %r %r %r" % (s["label"], s["path"], s["sha256"]))
        if set(s["at_alpha"]) != {"tested", "differ", "alike", "holdout_differ"}:
            problems.append("at_alpha: %s" % s["at_alpha"])
        features = s["comparison"].get("features", [])
        if len(features) != len(real_rows[0]):
            problems.append("%d features" % len(features))
        for f in features:
            if f.get("kind") not in ("continuous", "categorical") or not isinstance(f.get("name"), str):
                problems.append("feature %r" % f)
                continue
            test = f.get("ks" if f["kind"] == "continuous" else "chi2")
            if test is not None and not isinstance(test.get("statistic"), (int, float)):
                problems.append("%s: statistic %r" % (f["name"], test))
            for key in ("pvalue", "pvalue_adjusted", "kl", "js", "real_missing", "synthetic_missing"):
                if key not in f:
                    problems.append("%s: no %s" % (f["name"], key))
            if ("wasserstein" if f["kind"] == "continuous" else "tvd") not in f:
                problems.append("%s: no distance" % f["name"])
    ok(not problems, "the JSON has format, generator, title, author, created, alpha, reference and sets "
       "with label, path, sha256, at_alpha and comparison.features", "\n".join(problems[:20]))

    csv_path = os.path.join(tmp, "alone.csv")
    code, _, err = run(*base(), "-o", csv_path)
    rows = []
    if code == 0:
        with open(csv_path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    # the feature lines; the utility, privacy and validity lines follow them
    rows = rows[:1] + [r for r in rows[1:] if r[rows[0].index("section")] == "features"] if rows else rows
    names = [f["name"] for f in data["sets"][0]["comparison"]["features"]]
    ok(code == 0 and rows and rows[0][:3] == ["set", "feature", "kind"]
       and [r[1] for r in rows[1:]] == names and all(len(r) == len(rows[0]) for r in rows),
       "-o x.csv has a header and one line per feature (%d)" % len(names), "%s\n%r" % (err, rows[:2]))
    stats = {r[1]: r[rows[0].index("statistic")] for r in rows[1:]} if rows else {}
    ok(all(float(stats[f["name"]]) == (f.get("ks") or f.get("chi2"))["statistic"]
           for f in data["sets"][0]["comparison"]["features"] if tested(f)),
       "the CSV's statistics are the JSON's")

    bad = os.path.join(tmp, "sections.pdf")
    code, _, err = run(*base("--sections", "summary,bogus"), "-o", bad)
    ok(code == 2 and "bogus" in err and not os.path.exists(bad),
       "--sections with an unknown section fails with status 2 and names it", "%d %s" % (code, err))
    some = os.path.join(tmp, "some.pdf")
    code, _, err = run(*base("--sections", "summary, methods"), "-o", some)
    headings = set()
    if code == 0:
        headings = {line.strip() for line in pdftotext(some).splitlines()} & set(HEADINGS)
    ok(code == 0 and headings == {"Summary", "Provenance", "Methods", "Reproducibility"},
       "--sections summary,methods leaves the table, plots and correlations out", "%s\n%s" % (err, sorted(headings)))


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def read_only_runner(folder):
    """How to run the CLI so that @folder cannot be written: (wrap, preexec_fn), or a reason not to."""
    if os.geteuid() != 0:
        return ("chmod", None, None)
    probe = subprocess.run(["unshare", "--mount", "sh", "-c",
                            'mount --bind -o ro "$0" "$0" && ! touch "$0/.probe" 2>/dev/null', folder],
                           capture_output=True)
    leftover = os.path.join(folder, ".probe")
    if os.path.exists(leftover):
        os.unlink(leftover)
    if probe.returncode == 0:
        return ("unshare", ["unshare", "--mount", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', folder],
                None)

    def drop():
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)

    try:
        check = subprocess.run([CLI, "--version"], capture_output=True, preexec_fn=drop)
        readable = subprocess.run(["head", "-c", "1", STAYS, SYNTHETIC, SCHEMA], capture_output=True,
                                  preexec_fn=drop)
    except (OSError, subprocess.SubprocessError) as e:
        return (None, None, "not permitted to bind-mount read-only, and user 65534 cannot run the CLI: %s" % e)
    if check.returncode != 0 or readable.returncode != 0:
        return (None, None, "not permitted to bind-mount read-only, and user 65534 cannot run the CLI")
    return ("setuid", None, drop)


def read_only_as_nobody(ext):
    """As root without mount namespaces: the CLI and its inputs copied where user 65534
    can read them, run as that user into a folder it may not write.  (status, stderr,
    what is left in the folder), or why even that cannot be done."""
    def drop():
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)

    # /var/tmp: /tmp may be mounted noexec
    shared = tempfile.mkdtemp(prefix="fx-report-nobody-", dir="/var/tmp" if os.path.isdir("/var/tmp") else None)
    try:
        os.chmod(shared, 0o755)
        cli = os.path.join(shared, "facsimile-cli")
        shutil.copy2(CLI, cli)
        os.chmod(cli, 0o755)
        inputs = []
        for source in (STAYS, SYNTHETIC, SCHEMA):
            copy = os.path.join(shared, os.path.basename(source))
            shutil.copy(source, copy)
            os.chmod(copy, 0o644)
            inputs.append(copy)
        folder = os.path.join(shared, "read-only")
        os.mkdir(folder)
        os.chmod(folder, 0o555)
        proc = subprocess.run([cli, "report", "--real", inputs[0], "--synthetic", inputs[1], "--schema", inputs[2],
                               "-o", os.path.join(folder, "report." + ext)],
                              capture_output=True, preexec_fn=drop)
        if proc.returncode not in (0, 1):
            return "user 65534 could not run a copy of the CLI (status %d): %s" % (
                proc.returncode, proc.stderr.decode("utf-8", "replace").strip()[:300])
        return proc.returncode, proc.stderr.decode("utf-8", "replace"), sorted(os.listdir(folder))
    except (OSError, subprocess.SubprocessError) as e:
        return "user 65534 could not run a copy of the CLI: %s" % e
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_failed_writes(tmp):
    """7: a read-only folder, a full disk, an existing report: nothing partial is left."""
    for ext in ("pdf", "html"):
        folder = os.path.join(tmp, "read-only-" + ext)
        os.mkdir(folder)
        target = os.path.join(folder, "report." + ext)
        how, wrap, preexec = read_only_runner(folder)
        name = "a read-only folder (%s): exit 1, the error named, nothing left" % ext.upper()
        if how is None:
            copied = read_only_as_nobody(ext)
            if isinstance(copied, str):
                skip(name, "%s; %s" % (preexec, copied))
            else:
                code, err, left = copied
                named = "Permission denied" in err
                ok(code == 1 and named and err.startswith("facsimile-cli: ") and not left,
                   "%s [copies run as user 65534]" % name, "status %d\nstderr: %s\nfolder: %s" % (code, err, left))
            continue
        if how in ("chmod", "setuid"):
            os.chmod(folder, 0o555)
        try:
            code, _, err = run(*base(), "-o", target, wrap=wrap, preexec_fn=preexec)
        finally:
            os.chmod(folder, 0o755)
        named = "Read-only file system" in err or "Permission denied" in err
        left = listing(folder)
        ok(code == 1 and named and err.startswith("facsimile-cli: ") and not left,
           "%s [%s]" % (name, how), "status %d\nstderr: %s\nfolder: %s" % (code, err, left))

    for ext in ("pdf", "html"):
        folder = os.path.join(tmp, "full-" + ext)
        os.mkdir(folder)
        target = os.path.join(folder, "report." + ext)
        code, _, err = run(*base(), "-o", target, preexec_fn=limit_file_size)
        left = listing(folder)
        ok(code == 1 and "File too large" in err and not left,
           "a full disk (RLIMIT_FSIZE) while writing %s: exit 1, the error named, no file or temporary left"
           % ext.upper(), "status %d\nstderr: %s\nfolder: %s" % (code, err, left))

    for ext in ("pdf", "html"):
        folder = os.path.join(tmp, "existing-" + ext)
        os.mkdir(folder)
        target = os.path.join(folder, "report." + ext)
        marker = "an earlier report, to be kept\n"
        with open(target, "w", encoding="utf-8") as f:
            f.write(marker)
        code, _, err = run(*base(), "-o", target, preexec_fn=limit_file_size)
        with open(target, encoding="utf-8") as f:
            kept = f.read()
        left = listing(folder)
        ok(code == 1 and err.strip() and kept == marker and left == ["report." + ext],
           "a failed %s write leaves the existing report untouched and nothing beside it" % ext.upper(),
           "status %d\nstderr: %s\nfolder: %s\ncontent: %r" % (code, err, left, kept[:80]))


def test_bad_input(tmp):
    """8: bad input fails with status 2, a message, and no file."""
    out = os.path.join(tmp, "bad.pdf")
    missing = os.path.join(tmp, "no-such-table.csv")
    code, _, err = run("--real", missing, "--synthetic", SYNTHETIC, "-o", out)
    ok(code == 2 and missing in err and not os.path.exists(out),
       "a missing --real file: status 2, its name in the message, no report", "%d %s" % (code, err))
    code, _, err = run("--real", STAYS, "--synthetic", missing, "-o", out)
    ok(code == 2 and missing in err and not os.path.exists(out),
       "a missing --synthetic file: status 2, its name in the message, no report", "%d %s" % (code, err))

    ragged = os.path.join(tmp, "ragged.csv")
    with open(STAYS, encoding="utf-8") as f:
        lines = f.read().splitlines()
    lines[3] = ",".join(lines[3].split(",")[:-2])   # line 4 is two fields short
    with open(ragged, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:50]) + "\n")
    for role, args in (("--real", ["--real", ragged, "--synthetic", SYNTHETIC]),
                       ("--synthetic", ["--real", STAYS, "--synthetic", ragged])):
        code, _, err = run(*args, "-o", out)
        ok(code == 2 and re.search(re.escape(ragged) + r":4\b", err) is not None and not os.path.exists(out),
           "a ragged CSV as %s: status 2, file and line in the message, no report" % role, "%d %s" % (code, err))

    cases = [
        ("no --synthetic or --run", ["--real", STAYS, "-o", out]),
        ("no --real", ["--synthetic", SYNTHETIC, "-o", out]),
        ("no -o", ["--real", STAYS, "--synthetic", SYNTHETIC]),
        ("an unknown output extension", base("-o", os.path.join(tmp, "bad.docx"))),
        ("no output extension", base("-o", os.path.join(tmp, "bad"))),
        ("an unknown paper", base("--paper", "a5", "-o", out)),
        ("--alpha out of range", base("--alpha", "1.5", "-o", out)),
        ("a --run that is not a number", ["--real", STAYS, "--run", "first", "--store",
                                          os.path.join(tmp, "store.db"), "-o", out]),
    ]
    for name, args in cases:
        code, _, err = run(*args)
        lines = err.strip().splitlines()
        ok(code == 2 and lines and lines[-1].startswith("facsimile-cli: "),
           "bad usage fails with status 2 and a message: %s" % name, "%d %s" % (code, err))
    ok(not [n for n in listing(tmp) if n.startswith("bad")], "bad input writes nothing", listing(tmp))
    code, _, err = run(*base("-o", "-"))
    ok(code == 2, "-o - is refused: a report's name needs an extension", "%d %s" % (code, err))


def test_long_table(tmp):
    """A table of 90 features runs over pages, with its header on each."""
    import random
    rng = random.Random(3)
    names = ["measure_%02d" % i for i in range(90)]
    for which, shift in (("real", 0.0), ("synthetic", 0.3)):
        with open(os.path.join(tmp, "wide-%s.csv" % which), "w") as f:
            f.write(",".join(names) + "\n")
            for _ in range(300):
                f.write(",".join("%.3f" % rng.gauss(shift, 1) for _ in names) + "\n")
    out = os.path.join(tmp, "wide.pdf")
    code, _, err = run("--real", os.path.join(tmp, "wide-real.csv"),
                       "--synthetic", os.path.join(tmp, "wide-synthetic.csv"),
                       "--sections", "table", "-o", out)
    text = pdftotext(out) if code == 0 else ""
    pages = [i for i, page in enumerate(pages_of(text))
             if re.search(r"^\s*Feature\s+Statistic\s", page, re.M)]
    ok(code == 0 and len(pages) >= 2, "a long table goes on over a page break with its header repeated (%d pages)"
       % len(pages), err)
    table = feature_tables(text).get("wide-synthetic.csv", {})
    ok(len(table) == 90, "and no row is lost at the breaks (%d of 90)" % len(table))


def test_paper_from_locale(tmp):
    """Without --paper, the size is the locale's (LC_PAPER): Letter in the US, A4 in Germany."""
    locales = os.path.join(tmp, "locales")
    os.makedirs(locales, exist_ok=True)
    sizes = {"en_US": "612 x 792", "de_DE": "595.276 x 841.89"}
    for name, size in sizes.items():
        made = subprocess.run(["localedef", "-i", name, "-f", "UTF-8", os.path.join(locales, name + ".UTF-8")],
                              capture_output=True)
        if made.returncode not in (0, 1) or not os.path.isdir(os.path.join(locales, name + ".UTF-8")):
            skip("without --paper, %s gives %s" % (name, size), "localedef cannot make %s here" % name)
            continue
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
        env.update(LOCPATH=locales, LANG="C.UTF-8", LC_PAPER=name + ".UTF-8")
        out = os.path.join(tmp, "paper-%s.pdf" % name)
        proc = subprocess.run([CLI, "report"] + list(base("--sections", "summary")) + ["-o", out],
                              capture_output=True, env=env)
        info = pdfinfo(out) if proc.returncode == 0 else {}
        ok(size in info.get("Page size", ""), "without --paper, LC_PAPER=%s gives %s points" % (name, size),
           "%s %s" % (info.get("Page size"), proc.stderr.decode("utf-8", "replace")))


def main():
    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="fx-report-cli-test-")
    try:
        pdf, text = test_pdf(tmp)
        if pdf is not None:
            test_numbers(tmp, pdf, text)
        else:
            ok(False, "the per-feature table matches the JSON (no PDF)")
        test_html(tmp)
        test_reproduce(tmp)
        test_several_sets(tmp, pdf, text or "")
        test_data_formats(tmp)
        test_long_table(tmp)
        test_paper_from_locale(tmp)
        test_failed_writes(tmp)
        test_bad_input(tmp)
        leftovers = [n for n in listing(tmp) if n.startswith(".")]
        ok(not leftovers, "no temporary files are left behind", leftovers)
    finally:
        for root, dirs, _ in os.walk(tmp):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(tmp)
    print("# %.1f s" % (time.monotonic() - started))
    return plan()


if __name__ == "__main__":
    sys.exit(main())
