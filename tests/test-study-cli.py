#!/usr/bin/python3
"""End-to-end tests of facsimile-cli study (TAP).

Plans with the offline baselines and the local fake provider (tests/fake-provider), a
real SQLite store, a real kill -9.  The fake provider reports 500 prompt tokens per
request and 40 completion tokens per row, so the spend of a study is known in advance.
Only the Python standard library is needed."""

import html as html_module
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

CLI = os.environ.get("FX_CLI", "build/src/cli/facsimile-cli")
FAKE = os.environ.get("FX_FAKE_PROVIDER", "build/tests/fake-provider")
SRC = os.environ.get("G_TEST_SRCDIR", os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.environ.get("FX_EXAMPLE_DIR", os.path.join(SRC, "..", "resources", "examples", "eicu-demo"))
SCHEMA = os.path.join(EXAMPLE, "schema.json")
REFERENCE = os.path.join(EXAMPLE, "stays.csv")
KEY = "sk-test-KEEP-OUT-77b1"
# the fake provider's usage fields
PROMPT_TOKENS, TOKENS_PER_ROW = 500, 40
# the test's own prices, per million tokens
PRICE_IN, PRICE_OUT = 1.0, 2.0

results = []


def ok(passed, name, why=""):
    results.append(bool(passed))
    print("%s %d - %s" % ("ok" if passed else "not ok", len(results), name))
    if not passed and why:
        for line in str(why).splitlines()[:30]:
            print("# " + line)
    sys.stdout.flush()


class Fake:
    def __init__(self, *args):
        self.proc = subprocess.Popen([FAKE, "--key", KEY] + list(args), stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def env_for(tmp):
    env = {k: v for k, v in os.environ.items() if not k.endswith("API_KEY")}
    env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    env["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
    env["FACSIMILE_BACKOFF_SCALE"] = "0.01"
    env["FACSIMILE_API_KEY"] = KEY
    env.pop("FACSIMILE_STORE", None)
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(tmp, "no-bus")
    return env


def run(tmp, args, timeout=300):
    proc = subprocess.run([CLI, "study"] + args, capture_output=True, text=True, env=env_for(tmp),
                          timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def write_plan(tmp, name, plan):
    path = os.path.join(tmp, name)
    base = {"schema": SCHEMA, "reference": REFERENCE}
    base.update(plan)
    with open(path, "w") as f:
        json.dump(base, f, indent=2)
    return path


def write_prices(tmp):
    folder = os.path.join(tmp, "config", "facsimile")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model-prices.json"), "w") as f:
        json.dump({"format": 1, "prices": [
            {"provider": "openai-compatible", "match": ["fake-*"], "input": PRICE_IN, "output": PRICE_OUT,
             "currency": "USD", "source": "the test", "date": "2026-12-06"}]}, f)


def fake_generator(fake):
    return {"provider": "openai-compatible", "model": "fake-large", "base_url": fake.url}


def store_requests(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*), coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0)"
                         " FROM requests").fetchone()


def test_plan_errors(tmp):
    # (plan text, the key named, the text where the error is, what is expected there)
    cases = [
        ('{\n  "schema": "s.json",\n  "reference": "r.csv",\n  "generators": [{"provider": "copula"}],\n'
         '  "features": [5],\n  "rows": [10, "many"]\n}\n', "“rows[1]”", '"many"', "whole number"),
        ('{\n  "schema": "s.json",\n  "reference": "r.csv",\n  "generators": [{"provider": "copula"},\n'
         '                 {"provider": "nobody"}],\n  "features": [5],\n  "rows": [10]\n}\n',
         "“generators[1].provider”", '"provider": "nobody"', "expected a provider"),
        ('{"schema": "s.json", "reference": "r.csv", "generators": [{"provider": "openai"}], '
         '"features": [5], "rows": [10]}', "“generators[0]”", '{"provider": "openai"}', "model"),
        ('{"schema": "s.json", "reference": "r.csv", "generators": [{"provider": "copula"}], '
         '"rows": [10]}', "“features”", None, "missing"),
        ('{"schema": "s.json", "reference": "r.csv", "generators": [{"provider": "copula"}], '
         '"features": [5], "rows": [10], "repeat": 3}', "“repeat”", '"repeat"', "unknown key"),
        ('{"schema": "s.json", "reference": "r.csv", "generators": [{"provider": "copula"}], '
         '"features": [5], "rows": [10], "order": "random"}', "“order”", '"order"', "association"),
        ('{"schema": "s.json",\n "reference": "r.csv",,\n}', None, None, "plan-syntax.json:2:"),
    ]
    for i, (text, key, where, expected) in enumerate(cases):
        path = os.path.join(tmp, "plan-syntax.json" if key is None else "plan-%d.json" % i)
        with open(path, "w") as f:
            f.write(text)
        code, stdout, stderr = run(tmp, ["--plan", path, "--dry-run"])
        good = code == 2 and path in stderr and expected in stderr and stderr.count("\n") == 1
        if key is not None:
            good = good and key in stderr
        if where is not None:
            # line and column (from 1) of the offending text, counted here
            before = text[:text.index(where)]
            at = ":%d:%d:" % (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
            good = good and (path + at) in stderr
        ok(good, "plan error %d names the file, the key, line:column and what was expected" % i,
           "%d %s" % (code, stderr))


def planned_cells(plan, n_features_all):
    cells = set()
    for seed in range(1, plan["repeats"] + 1):
        for g in plan["generators"]:
            for k in plan["features"]:
                for rows in plan["rows"]:
                    cells.add((g["provider"], n_features_all if k == "all" else k, rows, seed))
    return cells


def test_baselines_and_reuse(tmp):
    plan = {"generators": [{"provider": "copula"}, {"provider": "independent"}],
            "features": [3, 6, "all"], "rows": [50, 80], "repeats": 2}
    path = write_plan(tmp, "baselines.json", plan)
    db = os.path.join(tmp, "baselines.db")
    out = os.path.join(tmp, "baselines.json.out")
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--dry-run"])
    ok(code == 0 and "24 cells" in stdout and stdout.count("costs nothing (a baseline)") == 24
       and "cost nothing (baselines only)" in stdout and not os.path.exists(db),
       "a dry run of baselines lists 24 cells that cost nothing and writes no store", stdout + stderr)
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--json", out, "--csv", out + ".csv"])
    ok(code == 0, "the baseline study runs", stderr)
    with open(SCHEMA) as f:
        n_all = len(json.load(f)["features"]) - 1
    board = json.load(open(out))
    got = {(c["generator"], c["features"], c["rows"], c["seed"]) for c in board["cells"]}
    ok(len(board["cells"]) == 24 and got == planned_cells(plan, n_all),
       "exactly the planned cells", sorted(got ^ planned_cells(plan, n_all)))
    ok(len(board["leaderboard"]) == 12 and all(r["repeats"] == 2 for r in board["leaderboard"]),
       "twelve leaderboard rows, two repeats each")
    # the leaderboard's mean and spread, against Python's own statistics of the cells
    import statistics
    worst = 0.0
    for row in board["leaderboard"]:
        cells = [c for c in board["cells"] if (c["generator"], c["features"], c["rows"]) ==
                 (row["generator"], row["features"], row["rows"])]
        for key in ("mean_ks", "mean_kl", "mean_abs_delta_r"):
            # a measure a repeat could not take (one column constant in its rows) is left out
            values = [c[key] for c in cells if c[key] is not None]
            if len(values) < 2:
                continue
            worst = max(worst, abs(statistics.mean(values) - row[key]),
                        abs(statistics.stdev(values) - row[key + "_sd"]))
    ok(worst < 1e-12, "each row's mean and standard deviation over its repeats", worst)
    ok([h["features"] for h in board["holdout"]] == [3, 6, n_all], "a holdout reference per number of features",
       board["holdout"])
    with open(out + ".csv") as f:
        lines = f.read().splitlines()
    ok(len(lines) == 13 and lines[0].startswith("generator,model,strategy,features,rows,repeats,mean_ks,"),
       "the leaderboard as CSV", lines[:2])
    first = [c["run"] for c in board["cells"]]
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--json", out])
    again = json.load(open(out))
    ok(code == 0 and [c["run"] for c in again["cells"]] == first and
       all(c["origin"] == "reused" for c in again["cells"]),
       "asked again, every cell's run is reused", stderr)
    with sqlite3.connect(db) as c:
        ok(c.execute("SELECT count(*) FROM runs").fetchone()[0] == 24, "no run was made twice")
    report = os.path.join(tmp, "study.html")
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--report", report])
    with open(report) as f:
        html = f.read()
    ok(code == 0 and "id=\"study\"" in html and html.count("<svg") >= 16 and "Holdout baseline" in html,
       "the report has the study's section with its charts", stderr)
    # the command that makes the same report: this study again, its cells found and reused
    text = html_module.unescape(html)
    command = "facsimile-cli study \\\n  --plan %s \\\n  --store %s \\\n  --report %s" % (path, db, report)
    ok(command in text, "its How to reproduce block gives this study's command", text[text.rfind("How to reproduce"):][:600])
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--json", path])
    ok(code == 2 and "never replaces" in stderr, "the plan is never written over", stderr)


def test_kill_and_resume(tmp):
    fake = Fake("--delay", "150")
    try:
        plan = {"generators": [fake_generator(fake), {"provider": "copula"}], "strategies": ["group"],
                "features": [4, 8], "rows": [60], "repeats": 2, "batch_rows": 10, "concurrency": 2}
        path = write_plan(tmp, "kill.json", plan)
        db = os.path.join(tmp, "kill.db")
        out = os.path.join(tmp, "kill.out.json")
        kills = 0
        unfinished = set()
        for wait_for in (3, 9, 15):
            proc = subprocess.Popen([CLI, "study", "--plan", path, "--store", db, "--json", out],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env_for(tmp))
            deadline = time.time() + 60
            while time.time() < deadline and proc.poll() is None:
                try:
                    if store_requests(db)[0] >= wait_for:
                        break
                except sqlite3.Error:
                    pass
                time.sleep(0.05)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
            with sqlite3.connect(db) as c:
                unfinished |= set(c.execute(
                    "SELECT runs.id FROM runs JOIN rows ON rows.run_id = runs.id AND rows.accepted = 1"
                    " WHERE runs.status != 'completed' GROUP BY runs.id"
                    " HAVING count(rows.id) BETWEEN 1 AND 59").fetchall())
        ok(kills >= 2 and not os.path.exists(out), "killed with -9 while generating, twice; no partial output",
           kills)
        ok(len(unfinished) >= 1, "the kill left a run half done", unfinished)
        code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--json", out])
        ok(code == 0, "the same command carries on", stderr)
        board = json.load(open(out))
        got = {(c["generator"], c["features"], c["rows"], c["seed"]) for c in board["cells"]}
        ok(len(board["cells"]) == 8 and got == planned_cells(plan, None), "exactly the planned cells", got)
        with sqlite3.connect(db) as c:
            runs = c.execute("SELECT provider, status, rows_accepted, rows_requested FROM runs").fetchall()
            per_run = c.execute("SELECT count(*) FROM rows WHERE accepted = 1 GROUP BY run_id").fetchall()
        ok(len(runs) == 8 and all(r[1] == "completed" and r[2] == r[3] == 60 for r in runs) and
           all(n == (60,) for n in per_run),
           "eight runs, each complete with exactly 60 accepted rows: nothing lost, nothing made twice", runs)
        ids = {c["run"] for c in board["cells"]}
        ok(all(run_id in ids for (run_id,) in unfinished), "the half-done run was carried on, not made again",
           (unfinished, sorted(ids)))
    finally:
        fake.stop()


def test_budget(tmp):
    write_prices(tmp)
    fake = Fake()
    try:
        # each request: 500 prompt tokens and 40 x 10 completion tokens = 0.0005 + 0.0008 = 0.0013
        per_request = (PROMPT_TOKENS * PRICE_IN + 10 * TOKENS_PER_ROW * PRICE_OUT) / 1e6
        plan = {"generators": [fake_generator(fake)], "strategies": ["group"], "features": [4],
                "rows": [80], "repeats": 1, "batch_rows": 10, "concurrency": 1}
        path = write_plan(tmp, "budget.json", plan)
        db = os.path.join(tmp, "budget.db")
        budget = 3.5 * per_request
        code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--budget", "%.6f" % budget])
        n, prompt, completion = store_requests(db)
        ok(code == 1 and "budget" in stderr and "higher --budget" in stderr,
           "the study stops on its budget and says how to carry on", stderr)
        ok(n == 4, "it stops after the 4th request, the first whose spend reaches %.4f" % budget,
           "%d requests" % n)
        with sqlite3.connect(db) as c:
            status = c.execute("SELECT status FROM runs").fetchall()
        ok(status == [("cancelled",)], "the run is left cancelled, to carry on", status)
        code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--budget", "1"])
        n, prompt, completion = store_requests(db)
        ok(code == 0 and n == 8 and completion == 80 * TOKENS_PER_ROW,
           "with a higher budget it carries on to exactly 8 requests and 80 rows", "%d %s" % (n, stderr))
        ok("spent %.4f" % (8 * per_request) in stdout, "the spend counted from the usage fields", stdout)
        # a plan naming a cell twice reuses its run, and its spend is counted once
        twice = write_plan(tmp, "twice.json", dict(plan, rows=[20, 20]))
        code, stdout, stderr = run(tmp, ["--plan", twice, "--store", db, "--budget", "%.6f" % (3.5 * per_request)])
        ok(code == 0 and "2 cells done; spent %.4f" % (2 * per_request) in stdout and
           stderr.count("(reused)") == 1 and store_requests(db)[0] == 10,
           "a cell named twice is made once, reused once and paid for once", stdout + stderr)

        # generate and runs resume keep to a budget the same way
        gdb = os.path.join(tmp, "generate.db")
        # the fake provider's rows are not clinical: without the example's rules none is
        # rejected, so the requests and their spend are known in advance
        schema = json.load(open(SCHEMA))
        schema.pop("rules", None)
        plain = os.path.join(tmp, "no-rules.json")
        with open(plain, "w") as f:
            json.dump(schema, f)
        args = ["generate", "--schema", plain, "--provider", "openai-compatible", "--model", "fake-large",
                "--base-url", fake.url, "--rows", "50", "--batch-rows", "10", "--concurrency", "1",
                "--strategy", "statistics", "--store", gdb]
        proc = subprocess.run([CLI] + args + ["--budget", "%.6f" % (2.5 * per_request)], capture_output=True,
                              text=True, env=env_for(tmp), timeout=120)
        n = store_requests(gdb)[0]
        ok(proc.returncode == 1 and "budget" in proc.stderr and n == 3,
           "generate --budget stops after the 3rd request", "%d %s" % (n, proc.stderr))
        proc = subprocess.run([CLI, "runs", "resume", "1", "--store", gdb, "--budget", "1"], capture_output=True,
                              text=True, env=env_for(tmp), timeout=120)
        n, prompt, completion = store_requests(gdb)
        ok(proc.returncode == 0 and n == 5 and completion == 50 * TOKENS_PER_ROW,
           "runs resume --budget with a higher budget finishes the run", "%d %s" % (n, proc.stderr))
    finally:
        fake.stop()


def test_failed_group_and_numbering(tmp):
    """A group that fails is named in the error; the cells are numbered against the numbers of
    features the schema allows, not the plan's (50 and "all" are both every feature here)."""
    plan = {"generators": [{"provider": "copula"}, {"provider": "openai", "model": "gpt-4o"}],
            "features": [3, 50, "all"], "rows": [20], "repeats": 1}
    path = write_plan(tmp, "fails.json", plan)
    db = os.path.join(tmp, "fails.db")
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db])
    lines = stderr.splitlines()
    # no OPENAI_API_KEY and no keyring: the second group cannot ask
    ok(code == 1 and lines and lines[-1].startswith("facsimile-cli: openai gpt-4o, group: ") and
       "no API key" in lines[-1] and KEY not in stderr,
       "a failing group's error names the group", stderr)
    ok("4 cells: 2 generations of 2 numbers of features" in stdout, "the plan has 4 cells", stdout)
    done = [l for l in lines if l.startswith("[") and "-" not in l.split("]")[0]]
    ok([l.split("]")[0] for l in done] == ["[1/4", "[2/4"] and
       "copula, 3 features" in done[0] and "copula, 36 features" in done[1],
       "the copula's two cells are cells 1 and 2 of 4, with 3 and all 36 features", done)
    ranges = {l.split("]")[0] + "] " + l.split("] ")[1].split(",")[0] for l in lines
              if l.startswith("[") and "-" in l.split("]")[0]}
    ok(ranges == {"[1-2/4] copula", "[3-4/4] openai gpt-4o"},
       "each group's status lines give its range of cells", sorted(ranges))


def test_estimate(tmp):
    write_prices(tmp)
    fake = Fake()
    try:
        db = os.path.join(tmp, "estimate.db")
        first = write_plan(tmp, "first.json", {"generators": [fake_generator(fake)], "features": [6],
                                               "rows": [20], "repeats": 1, "batch_rows": 10})
        code, stdout, stderr = run(tmp, ["--plan", first, "--store", db])
        ok(code == 0, "a first small study measures the answers", stderr)
        plan = write_plan(tmp, "estimate.json", {"generators": [fake_generator(fake)], "features": [6],
                                                 "rows": [150], "seeds": [7], "batch_rows": 10})
        code, stdout, stderr = run(tmp, ["--plan", plan, "--store", db, "--dry-run"])
        line = [l for l in stdout.splitlines() if l.startswith("estimate:")]
        before = store_requests(db)
        ok(code == 0 and len(line) == 1 and "USD" in line[0] and store_requests(db) == before,
           "the dry run prints the estimate and the cost and asks nothing", stdout + stderr)
        words = line[0].split()
        estimated = int(words[3]) + int(words[6])
        code, stdout, stderr = run(tmp, ["--plan", plan, "--store", db])
        after = store_requests(db)
        actual = (after[1] - before[1]) + (after[2] - before[2])
        ok(code == 0 and actual > 0 and abs(estimated - actual) <= 0.2 * actual,
           "the estimate (%d tokens) is within 20%% of what the provider reported (%d)" % (estimated, actual),
           stdout + stderr)
    finally:
        fake.stop()


def test_dry_run_real_prices(tmp):
    plan = write_plan(tmp, "real.json", {"generators": [{"provider": "openai", "model": "gpt-4o"}],
                                         "features": [5], "rows": [1000], "repeats": 1})
    code, stdout, stderr = run(tmp, ["--plan", plan, "--dry-run"])
    ok(code == 0 and "USD" in stdout and "openai.com" in stdout and "20 requests" in stdout,
       "a dry run with a real provider prints its price, source and cost, and needs no key", stdout + stderr)


def test_price_table(tmp):
    path = os.path.join(SRC, "..", "data", "model-prices.json")
    with open(path) as f:
        table = json.load(f)
    prices = table["prices"]
    ok(len(prices) > 0 and all(p["provider"] in ("openai", "anthropic", "gemini") and p["match"] and
                               p["input"] > 0 and p["output"] > 0 and p["currency"] == "USD" and
                               p["source"].startswith("https://") and
                               time.strptime(p["date"], "%Y-%m-%d") for p in prices),
       "every shipped price has its provider, models, currency, source and date")


def rows_breaking(schema, csv_path):
    """The share of the CSV's rows breaking at least one rule, each check run by Python's own SQLite."""
    import csv
    types = {f["name"]: f["type"] for f in schema["features"]}
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    names = list(rows[0].keys()) if rows else []
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (%s)" % ", ".join('"%s"' % n for n in names))

    def value(name, text):
        if text == "":
            return None
        if types.get(name) in ("integer", "number"):
            return float(text)
        if types.get(name) == "boolean":
            return 1 if text.lower() in ("1", "true", "yes") else 0
        return text
    db.executemany("INSERT INTO t VALUES (%s)" % ", ".join("?" * len(names)),
                   [[value(n, r[n]) for n in names] for r in rows])
    # a column a cut schema lacks reads as NULL, as a CHECK constraint would
    for name in types:
        if name not in names:
            db.execute('ALTER TABLE t ADD COLUMN "%s"' % name)
    broken = set()
    for rule in schema.get("rules", []):
        for rowid, v in db.execute("SELECT rowid, (%s) FROM t" % rule["check"]):
            if v is not None and float(v) == 0:
                broken.add(rowid)
    return len(broken) / len(rows)


def test_leaderboard_measures(tmp):
    """Utility, privacy and validity of each cell, against `evaluate` run on the cell's run and the
    schema's rules checked by Python's own SQLite."""
    plan = {"generators": [{"provider": "copula"}, {"provider": "independent"}], "features": [4, "all"],
            "rows": [400], "repeats": 1}
    path = write_plan(tmp, "measures.json", plan)
    db = os.path.join(tmp, "measures.db")
    out = os.path.join(tmp, "measures.out.json")
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--json", out, "--csv", out + ".csv"])
    ok(code == 0, "the study with every measure runs", stderr)
    board = json.load(open(out))
    with open(SCHEMA) as f:
        schema = json.load(f)
    worst, checked, breaking = 0.0, 0, []
    for cell in board["cells"]:
        ev_path = os.path.join(tmp, "ev%d.json" % cell["run"])
        proc = subprocess.run([CLI, "evaluate", "--run", str(cell["run"]), "--store", db, "--json", ev_path],
                              capture_output=True, text=True, env=env_for(tmp), timeout=300)
        if proc.returncode != 0:
            ok(False, "evaluate --run %d" % cell["run"], proc.stderr)
            continue
        ev = json.load(open(ev_path))
        pairs = [(cell["tstr_auroc"], ev["utility"]["tstr"]["auroc"]),
                 (cell["tstr_auroc_ci"][0], ev["utility"]["tstr"]["auroc_ci"][0]),
                 (cell["tstr_auroc_ci"][1], ev["utility"]["tstr"]["auroc_ci"][1]),
                 (cell["tstr_over_trtr"], ev["utility"]["tstr_over_trtr"]),
                 (cell["attack_auroc"], ev["privacy"]["membership"]["auroc"]),
                 (cell["share_closer_to_training"], ev["privacy"]["dcr"]["share_closer_to_training"])]
        worst = max([worst] + [abs(a - b) for a, b in pairs])
        checked += 1
        rows_csv = os.path.join(tmp, "rows%d.csv" % cell["run"])
        subprocess.run([CLI, "runs", "export", str(cell["run"]), "--store", db, "-o", rows_csv],
                       capture_output=True, env=env_for(tmp), timeout=120, check=True)
        breaking.append((cell["share_breaking_rules"], rows_breaking(schema, rows_csv)))
    ok(checked == 4 and worst < 1e-12,
       "each cell's TSTR AUROC, its interval, TSTR/TRTR, attack AUROC and share closer to training are "
       "what evaluate gives for its run (%d cells, largest difference %g)" % (checked, worst))
    # generation rejects rows that break a rule, so these are 0 unless the rules changed since;
    # rows breaking rules are counted against a table that does break them in test-study
    ok(len(breaking) == 4 and all(a is not None and abs(a - b) < 1e-12 for a, b in breaking),
       "each cell's share of rows breaking rules is what Python's SQLite finds", breaking)
    ok(all(h["tstr_auroc"] is not None and h["attack_auroc"] == 0.5 for h in board["holdout"]),
       "the holdout reference carries TRTR and the chance level of the attack", board["holdout"])
    with open(out + ".csv") as f:
        header = f.readline().strip().split(",")
    ok(all(k in header for k in ("tstr_auroc", "tstr_auroc_low", "tstr_auroc_high", "tstr_over_trtr",
                                 "attack_auroc", "share_closer_to_training", "share_breaking_rules",
                                 "share_rejected")), "the CSV has the new columns", header)
    # without a target neither utility nor privacy applies, and the leaderboard says so
    no_target = dict(schema)
    no_target.pop("target", None)
    no_target_path = os.path.join(tmp, "no-target.json")
    with open(no_target_path, "w") as f:
        json.dump(no_target, f)
    path = write_plan(tmp, "no-target.plan.json", {"schema": no_target_path, "generators": [{"provider": "copula"}],
                                                   "features": [4], "order": "schema", "rows": [200],
                                                   "repeats": 1})
    code, stdout, stderr = run(tmp, ["--plan", path, "--store", db, "--json", out])
    board = json.load(open(out))
    ok(code == 0 and all(c["tstr_auroc"] is None and c["attack_auroc"] is None for c in board["cells"]) and
       any("no target" in n for n in board["notes"]),
       "without a target the utility and privacy columns are empty and a note says why", board.get("notes"))


def main():
    tests = [test_plan_errors, test_baselines_and_reuse, test_kill_and_resume, test_budget,
             test_failed_group_and_numbering, test_estimate,
             test_leaderboard_measures,
             test_dry_run_real_prices,
             test_price_table]
    for test in tests:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                test(tmp)
            except Exception as e:  # a crash is a failure, not the end of the run
                ok(False, test.__name__, repr(e))
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
