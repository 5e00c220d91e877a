#!/usr/bin/python3
"""End-to-end tests of facsimile-cli generate and runs (TAP).

A local fake provider (tests/fake-provider, the same server the C tests use) speaks
each provider's wire format.  Only the Python standard library is needed."""

import csv
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from fxtest import CLI, EXAMPLE, FAKE, SRC, ok, plan, wait_for

SCHEMA = os.path.join(SRC, "fixtures", "generate", "schema.json")
REFERENCE = os.path.join(SRC, "fixtures", "generate", "reference.csv")
KEY = "sk-test-KEEP-OUT-4f9a27c1"
VARIABLES = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY",
             "gemini": "GEMINI_API_KEY", "openai-compatible": "FACSIMILE_API_KEY"}

outputs = []   # every stdout and stderr, to look for the key


class Fake:
    def __init__(self, *args):
        self.proc = subprocess.Popen([FAKE, "--key", KEY] + list(args), stdout=subprocess.PIPE, text=True)
        self.url = self.proc.stdout.readline().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def env_for(tmp, provider=None, key=True):
    env = {k: v for k, v in os.environ.items() if not k.endswith("API_KEY")}
    env["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    env["FACSIMILE_BACKOFF_SCALE"] = "0.01"
    env.pop("FACSIMILE_STORE", None)
    # no session bus: the keyring is out of reach, as on a server
    env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(tmp, "no-bus")
    if key and provider in VARIABLES:
        env[VARIABLES[provider]] = KEY
    return env


def run(tmp, args, provider=None, key=True, timeout=120):
    proc = subprocess.run([CLI] + args, capture_output=True, text=True,
                          env=env_for(tmp, provider, key), timeout=timeout)
    outputs.append(proc.stdout)
    outputs.append(proc.stderr)
    return proc.returncode, proc.stdout, proc.stderr


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def generate_args(fake, provider, store, n, out, extra=()):
    args = ["generate", "--schema", SCHEMA, "--provider", provider, "--model", "fake-large",
            "--base-url", fake.url, "--rows", str(n), "--batch-rows", "7", "--concurrency", "3",
            "--store", store, "-o", out]
    return args + list(extra)


def test_providers(tmp):
    fake = Fake()
    try:
        for provider in ("openai", "anthropic", "gemini", "openai-compatible"):
            store = os.path.join(tmp, provider + ".db")
            out = os.path.join(tmp, provider + ".csv")
            code, stdout, stderr = run(tmp, generate_args(fake, provider, store, 30, out), provider)
            rows = read_rows(out) if code == 0 else []
            serials = [r["serial"] for r in rows]
            ok(code == 0 and len(rows) == 30 and len(set(serials)) == 30,
               "%s: exactly 30 valid, distinct rows" % provider, stderr)
    finally:
        fake.stop()


def test_faults(tmp):
    fake = Fake("--faults", "429,500,529,reset,truncated,invalid,range,refusal,blocked,short,garbage")
    try:
        store = os.path.join(tmp, "faults.db")
        out = os.path.join(tmp, "faults.csv")
        code, stdout, stderr = run(tmp, generate_args(fake, "openai", store, 40, out), "openai")
        rows = read_rows(out) if code == 0 else []
        ok(code == 0 and len(rows) == 40 and len({r["serial"] for r in rows}) == 40,
           "every fault of the script is survived: still exactly 40 rows", stderr)
        code, stdout, stderr = run(tmp, ["runs", "show", "1", "--store", store])
        ok(code == 0 and "rate-limited" in stdout and "truncated" in stdout and "Rejected rows" in stdout,
           "runs show lists the failed requests and the rejected rows with reasons", stdout[-3000:])
    finally:
        fake.stop()


def test_fatal(tmp):
    fake = Fake("--faults", "401")
    try:
        store = os.path.join(tmp, "fatal.db")
        code, stdout, stderr = run(tmp, generate_args(fake, "anthropic", store, 10, os.path.join(tmp, "x.csv")),
                                   "anthropic")
        lines = stderr.strip().splitlines()
        ok(code != 0 and "auth-error" in lines[-1] and not os.path.exists(os.path.join(tmp, "x.csv")),
           "a 401 stops the run at once with a one-line reason and no output file", stderr)
    finally:
        fake.stop()


def test_missing_key(tmp):
    code, stdout, stderr = run(tmp, ["generate", "--schema", SCHEMA, "--provider", "gemini",
                                     "--model", "m", "--rows", "5", "--store", os.path.join(tmp, "k.db")],
                               "gemini", key=False)
    ok(code == 2 and "GEMINI_API_KEY" in stderr and "GOOGLE_API_KEY" in stderr and len(stderr.strip().splitlines()) == 1,
       "a missing key is named: which variables, or the keyring entry", stderr)


def test_real_rows_opt_in(tmp):
    fake = Fake()
    try:
        store = os.path.join(tmp, "privacy.db")
        out = os.path.join(tmp, "privacy.csv")
        args = generate_args(fake, "openai", store, 10, out, ["--strategy", "naive", "--reference", REFERENCE])
        code, stdout, stderr = run(tmp, args, "openai")
        ok(code == 2 and "--allow-real-rows" in stderr and not os.path.exists(store),
           "real rows go to a remote provider only with --allow-real-rows", stderr)
        # a dry run says the same before anything is asked, and what would be sent
        code, stdout, stderr = run(tmp, args + ["--dry-run"], "openai", key=False)
        ok(code == 2 and "estimate:" in stdout and "--allow-real-rows" in stderr and not os.path.exists(store),
           "a dry run of it gives the estimate, then refuses as the run would", stdout + stderr)
        with open(REFERENCE) as f:
            n_reference = sum(1 for _ in f) - 1
        code, stdout, stderr = run(tmp, args + ["--dry-run", "--allow-real-rows"], "openai", key=False)
        ok(code == 0 and ("real data sent: %d rows of %s, to openai" % (n_reference, REFERENCE)) in stdout
           and not os.path.exists(store), "with --allow-real-rows the dry run says which real rows go where",
           stdout + stderr)
        code, stdout, stderr = run(tmp, args + ["--allow-real-rows"], "openai")
        ok(code == 0 and len(read_rows(out)) == 10, "with --allow-real-rows the naive strategy runs", stderr)
        code, stdout, stderr = run(tmp, ["runs", "show", "1", "--store", store])
        db = sqlite3.connect(store)
        sent = json.loads(db.execute("SELECT real_data_sent FROM runs WHERE id = 1").fetchone()[0])
        db.close()
        ok(code == 0 and "real_rows" in stdout and len(sent) == 1 and sent[0]["to"] == "openai"
           and sent[0]["sent"]["columns"] == ["serial", "age", "lactate", "sex", "ventilated"]
           and sorted(sent[0]["sent"]["real_rows"]) == list(range(n_reference)),
           "the run records which real rows and columns were sent, and to whom", stdout)
        for strategy in ("schema", "conditional", "group", "statistics"):
            s_out = os.path.join(tmp, strategy + ".csv")
            code, stdout, stderr = run(tmp, generate_args(fake, "openai", store, 8, s_out,
                                                          ["--strategy", strategy, "--reference", REFERENCE,
                                                           "--allow-real-rows"]), "openai")
            ok(code == 0 and len(read_rows(s_out)) == 8, "the %s strategy produces its rows" % strategy, stderr)
        db = sqlite3.connect(store)
        sent = db.execute("SELECT real_data_sent FROM runs WHERE strategy = 'statistics'").fetchone()[0]
        ok(sent == "[]", "the statistics strategy sends no real row", sent)
        # the local server counts as this machine: no opt-in needed
        code, stdout, stderr = run(tmp, generate_args(fake, "openai-compatible", store, 5, out,
                                                      ["--strategy", "naive", "--reference", REFERENCE]),
                                   "openai-compatible")
        ok(code == 0, "real rows may go to a local OpenAI-compatible server without the flag", stderr)
    finally:
        fake.stop()


def test_kill_and_resume(tmp):
    fake = Fake("--delay", "150")
    try:
        store = os.path.join(tmp, "kill.db")
        out = os.path.join(tmp, "kill.csv")
        args = generate_args(fake, "openai", store, 150, out)
        args[args.index("--batch-rows") + 1] = "5"
        proc = subprocess.Popen([CLI] + args, env=env_for(tmp, "openai"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # killed once it has stored some rows, whatever the machine's speed
        def stored():
            db = sqlite3.connect(store, timeout=0.5)
            try:
                return db.execute("SELECT COUNT(*) FROM rows WHERE accepted = 1").fetchone()[0] >= 10
            finally:
                db.close()
        wait_for(lambda: os.path.exists(store) and stored(), 60, 0.05)
        proc.send_signal(signal.SIGKILL)
        stdout, stderr = proc.communicate()
        outputs.extend([stdout, stderr])
        db = sqlite3.connect(store)
        partial = db.execute("SELECT COUNT(*) FROM rows WHERE accepted = 1").fetchone()[0]
        status = db.execute("SELECT status FROM runs WHERE id = 1").fetchone()[0]
        db.close()
        ok(0 < partial < 150 and status == "running" and not os.path.exists(out),
           "a run killed with SIGKILL keeps what it stored (%d rows) and writes no output" % partial)
        code, stdout, stderr = run(tmp, ["runs", "resume", "1", "--store", store, "-o", out], "openai")
        rows = read_rows(out) if code == 0 else []
        ok(code == 0 and len(rows) == 150 and len({r["serial"] for r in rows}) == 150,
           "runs resume finishes the run: exactly 150 rows, none twice", stderr)
        db = sqlite3.connect(store)
        orphans = db.execute("SELECT COUNT(*) FROM rows WHERE request_id NOT IN (SELECT id FROM requests)").fetchone()[0]
        ok(orphans == 0, "no stored row lacks its request")
        code, stdout, stderr = run(tmp, ["runs", "export", "1", "--store", store, "-o", os.path.join(tmp, "again.csv")])
        ok(code == 0 and read_rows(os.path.join(tmp, "again.csv")) == rows, "runs export gives the same rows")
        code, stdout, stderr = run(tmp, ["runs", "list", "--store", store])
        ok(code == 0 and "completed" in stdout and "150/150" in stdout, "runs list shows the completed run", stdout)
    finally:
        fake.stop()


def test_baselines(tmp):
    store = os.path.join(tmp, "baselines.db")
    for kind in ("copula", "independent"):
        out = os.path.join(tmp, kind + ".csv")
        code, stdout, stderr = run(tmp, ["generate", "--schema", os.path.join(EXAMPLE, "schema.json"),
                                         "--provider", kind, "--reference", os.path.join(EXAMPLE, "stays.csv"),
                                         "--rows", "500", "--store", store, "-o", out])
        rows = read_rows(out) if code == 0 else []
        ok(code == 0 and len(rows) == 500 and len(rows[0]) == 37,
           "the %s baseline gives 500 rows with no account and no network" % kind, stderr)
        ok("no requests, no tokens" in stderr and " requests, 0 tokens" not in stderr,
           "and says it asked no one, rather than counting requests", stderr)
        code, stdout, stderr = run(tmp, ["compare", "--real", os.path.join(EXAMPLE, "stays.csv"),
                                         "--synthetic", out, "--schema", os.path.join(EXAMPLE, "schema.json"),
                                         "--json", "-"])
        invalid = sum(f["synthetic_invalid"] + f["synthetic_outside_schema"] for f in json.loads(stdout)["features"])
        ok(code == 0 and invalid == 0, "%s rows all fit the schema" % kind, stderr)


def test_models(tmp):
    fake = Fake()
    try:
        code, stdout, stderr = run(tmp, ["models", "--provider", "gemini", "--base-url", fake.url], "gemini")
        ok(code == 0 and stdout.split() == ["fake-flash"], "models lists a provider's models", stdout + stderr)
    finally:
        fake.stop()


def test_review_regressions(tmp):
    fake = Fake()
    try:
        store = os.path.join(tmp, "regress.db")
        for url in ("localhost:11434", ""):
            code, stdout, stderr = run(tmp, ["generate", "--schema", SCHEMA, "--provider", "openai-compatible",
                                             "--model", "m", "--base-url", url, "--rows", "3", "--store", store],
                                       "openai-compatible")
            ok(code == 2 and "--base-url" in stderr, "generate refuses the base URL %r with a clear error" % url, stderr)
            code, stdout, stderr = run(tmp, ["models", "--provider", "openai-compatible", "--base-url", url],
                                       "openai-compatible")
            ok(code == 2 and "--base-url" in stderr, "models refuses the base URL %r" % url, stderr)

        code, stdout, stderr = run(tmp, ["generate", "--schema", SCHEMA, "--provider", "openai-compatible",
                                         "--model", "m", "--base-url", "http://127.attacker.example:9",
                                         "--rows", "3", "--strategy", "naive", "--reference", REFERENCE,
                                         "--store", store], "openai-compatible")
        ok(code == 2 and "--allow-real-rows" in stderr,
           "a host name that starts with 127. is not this machine", stderr)

        # the statistics prompt: percentiles in order, small groups not shown, one seed per request
        eicu_store = os.path.join(tmp, "stats.db")
        code, stdout, stderr = run(tmp, ["generate", "--schema", os.path.join(EXAMPLE, "schema.json"),
                                         "--provider", "openai", "--model", "m", "--base-url", fake.url,
                                         "--rows", "6", "--batch-rows", "2", "--concurrency", "1",
                                         "--reference", os.path.join(EXAMPLE, "stays.csv"), "--store", eicu_store],
                                   "openai")
        db = sqlite3.connect(eicu_store)
        prompts = [r[0] for r in db.execute("SELECT prompt FROM requests")]
        bodies = [json.loads(r[0]) for r in db.execute("SELECT request_body FROM requests")]
        reference_path = db.execute("SELECT reference_path FROM runs").fetchone()[0]
        db.close()
        line = [l for l in prompts[0].splitlines() if l.startswith("- age:")][0]
        values = [float(v) for v in line.split("percentiles ")[1].split(", ")]
        ok(code == 0 and values == sorted(values) and values[0] >= 15,
           "the statistics prompt's percentiles are in order", line)
        ok(len({b.get("seed") for b in bodies}) == len(bodies), "every request has its own seed",
           [b.get("seed") for b in bodies])
        ok(os.path.isabs(reference_path), "the reference is recorded by its absolute path", reference_path)
        small_store = os.path.join(tmp, "small.db")
        code, stdout, stderr = run(tmp, ["generate", "--schema", SCHEMA, "--provider", "openai", "--model", "m",
                                         "--base-url", fake.url, "--rows", "2", "--reference", REFERENCE,
                                         "--store", small_store], "openai")
        db = sqlite3.connect(small_store)
        prompt = db.execute("SELECT prompt FROM requests").fetchone()[0]
        db.close()
        lactate = [l for l in prompt.splitlines() if l.startswith("- lactate:")][0]
        ok(code == 0 and "too few values" in lactate and "1.9" not in lactate,
           "a column of a handful of real values is not described", lactate)

        # a rare level is pooled so that no share gives it away
        rare_csv = os.path.join(tmp, "rare.csv")
        with open(rare_csv, "w") as f:
            f.write("serial,age,lactate,sex,ventilated\n")
            for i in range(100):
                f.write("%d,%d,%.1f,%s,%d\n" % (i, 20 + i % 60, 1 + (i % 30) / 10, "Male" if i < 2 else "Female", i % 2))
        rare_store = os.path.join(tmp, "rare.db")
        code, stdout, stderr = run(tmp, ["generate", "--schema", SCHEMA, "--provider", "openai", "--model", "m",
                                         "--base-url", fake.url, "--rows", "2", "--reference", rare_csv,
                                         "--store", rare_store], "openai")
        db = sqlite3.connect(rare_store)
        prompt = db.execute("SELECT prompt FROM requests").fetchone()[0]
        db.close()
        sex = [l for l in prompt.splitlines() if l.startswith("- sex:")][0]
        ok(code == 0 and "2.0%" not in sex and "98.0%" not in sex and "Male" not in sex,
           "a level of two records is pooled so that its share cannot be worked out", sex)

        # a category spelt like a missing value is still a category
        na_schema = os.path.join(tmp, "na.json")
        with open(na_schema, "w") as f:
            json.dump({"format": 1, "features": [
                {"name": "serial", "type": "integer", "minimum": 0, "maximum": 1000000000},
                {"name": "dx", "type": "categorical", "categories": ["NA", "B"]}]}, f)
        na_store = os.path.join(tmp, "na.db")
        code, stdout, stderr = run(tmp, ["generate", "--schema", na_schema, "--provider", "openai", "--model", "m",
                                         "--base-url", fake.url, "--rows", "6", "--store", na_store,
                                         "-o", os.path.join(tmp, "na.csv")], "openai")
        db = sqlite3.connect(na_store)
        rejected = db.execute("SELECT count(*) FROM rows WHERE accepted = 0").fetchone()[0]
        db.close()
        ok(code == 0 and rejected == 0, "a category named NA is accepted as a category", stderr)
    finally:
        fake.stop()


def test_misbehaving(tmp):
    """Servers that misbehave: each case ends in seconds with a clear message."""
    store = os.path.join(tmp, "misbehaving.db")
    out = os.path.join(tmp, "misbehaving.csv")

    fake = Fake("--faults", "429long")
    try:
        start = time.monotonic()
        code, stdout, stderr = run(tmp, generate_args(fake, "openai", store, 5, out), "openai", timeout=60)
        lines = [l for l in stderr.splitlines() if l.startswith("waiting ")]
        ok(code == 0 and lines and re.match(r"^waiting 0\.6 s, until \d\d:\d\d:\d\d: rate limited by the server "
                                            r"\(it asked for 100000 s; a wait is capped at 60 s\)$", lines[0])
           and time.monotonic() - start < 20,
           "retry-after: 100000 is capped and the wait is said with its end and reason", stderr)
    finally:
        fake.stop()

    fake = Fake("--faults", ",".join(["trickle"] * 30))
    try:
        start = time.monotonic()
        code, stdout, stderr = run(tmp, generate_args(fake, "anthropic", store, 5, out, ["--timeout", "1"]),
                                   "anthropic", timeout=60)
        took = time.monotonic() - start
        ok(code == 1 and "stopped after 8 failed requests in a row (the limit is 8)" in stderr
           and "no complete answer within 1 s" in stderr and took < 15,
           "a server sending a byte at a time is cut at --timeout; the run stops after 8 failures in a row "
           "(%.1f s)" % took, stderr)
    finally:
        fake.stop()

    fake = Fake("--faults", "redirect")
    try:
        code, stdout, stderr = run(tmp, generate_args(fake, "gemini", store, 5, out), "gemini", timeout=60)
        ok(code == 1 and "redirects are not followed for API calls" in stderr and "307" in stderr,
           "a redirect is not followed and the run says so", stderr)
    finally:
        fake.stop()

    fake = Fake("--faults", "huge,huge-chunked")
    try:
        big = os.path.join(tmp, "huge.db")
        code, stdout, stderr = run(tmp, generate_args(fake, "openai", big, 5, out, ["--concurrency", "1"]),
                                   "openai", timeout=60)
        db = sqlite3.connect(big)
        stored = db.execute("SELECT max(length(response_body)), count(*) FROM requests "
                            "WHERE error LIKE '%the limit for one answer%'").fetchone()
        db.close()
        ok(code == 0 and stored[1] == 2 and stored[0] <= 4096 and os.path.getsize(big) < 1024 * 1024,
           "answers over 8 MiB are failed requests, stored cut to their first bytes", (stored, stderr))
    finally:
        fake.stop()

    fake = Fake("--models-delay", "30000")
    try:
        start = time.monotonic()
        code, stdout, stderr = run(tmp, ["models", "--provider", "openai-compatible", "--base-url", fake.url,
                                         "--timeout", "1"], "openai-compatible", timeout=60)
        took = time.monotonic() - start
        ok(code == 1 and "no complete answer within 1 s" in stderr and took < 10,
           "models gives up at its --timeout (%.1f s)" % took, stderr)
    finally:
        fake.stop()


def test_key_echoed(tmp):
    """A server that puts the key in a row: rejected, and masked wherever the row goes."""
    schema = os.path.join(tmp, "echo-schema.json")
    with open(schema, "w") as f:
        json.dump({"format": 1, "name": "echo", "features": [
            {"name": "serial", "type": "integer", "minimum": 0, "maximum": 1000000000},
            {"name": "note", "type": "categorical"},
            {"name": "sex", "type": "categorical", "categories": ["Female", "Male"]}]}, f)
    store = os.path.join(tmp, "echo.db")
    out = os.path.join(tmp, "echo.csv")
    fake = Fake("--faults", "echo-key")
    try:
        args = ["generate", "--schema", schema, "--provider", "openai", "--model", "fake-large",
                "--base-url", fake.url, "--rows", "6", "--batch-rows", "3", "--concurrency", "1",
                "--store", store, "-o", out]
        code, stdout, stderr = run(tmp, args, "openai")
        rows = read_rows(out) if code == 0 else []
        ok(code == 0 and len(rows) == 6 and not any("API key" in r["note"] for r in rows),
           "the row holding the key is not among the rows", stderr)
        code, stdout, stderr = run(tmp, ["runs", "show", "1", "--store", store])
        ok(code == 0 and "the row holds the API key sent with the request (masked here)" in stdout
           and "[API key]" in stdout,
           "runs show gives the rejected row masked, and why", stdout[-3000:])
        code, stdout, stderr = run(tmp, ["runs", "export", "1", "-o", os.path.join(tmp, "echo-export.csv"),
                                         "--store", store])
        ok(code == 0, "runs export", stderr)
        code, stdout, stderr = run(tmp, ["report", "--real", os.path.join(tmp, "echo.csv"), "--run", "1",
                                         "--schema", schema, "--store", store,
                                         "-o", os.path.join(tmp, "echo-report.json")])
        ok(code == 0, "a report of the run", stderr)
    finally:
        fake.stop()


def test_key_nowhere(tmp):
    leaks = []
    for root, _, files in os.walk(tmp):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                if KEY.encode() in f.read():
                    leaks.append(path)
    ok(not leaks, "the key is in no store, output or export file", leaks)
    ok(not any(KEY in text for text in outputs), "the key is in no message the tool printed")


def store_totals(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT (SELECT count(*) FROM runs), count(*), coalesce(sum(prompt_tokens), 0),"
                         " coalesce(sum(completion_tokens), 0) FROM requests").fetchone()


def test_estimate(tmp):
    fake = Fake()
    try:
        store = os.path.join(tmp, "estimate.db")
        code, stdout, stderr = run(tmp, generate_args(fake, "openai-compatible", store, 14,
                                                      os.path.join(tmp, "estimate-first.csv")), "openai-compatible")
        ok(code == 0 and "estimate: 2 requests" in stderr and "output guessed from the schema" in stderr,
           "generate says what it will ask for on standard error before it asks", stderr)
        before = store_totals(store)
        out = os.path.join(tmp, "estimate.csv")
        code, stdout, stderr = run(tmp, generate_args(fake, "openai-compatible", store, 70, out, ["--dry-run"]),
                                   "openai-compatible", key=False)
        line = [l for l in stdout.splitlines() if l.startswith("estimate:")]
        ok(code == 0 and len(line) == 1 and "10 requests" in line[0] and "measured on earlier answers" in line[0]
           and store_totals(store) == before and not os.path.exists(out),
           "a dry run prints the estimate, needs no key, asks nothing and stores nothing", stdout + stderr)
        words = line[0].split() if line else []
        estimated = int(words[4]) + int(words[7]) if len(words) > 7 else -1
        code, stdout, stderr = run(tmp, generate_args(fake, "openai-compatible", store, 70, out),
                                   "openai-compatible")
        after = store_totals(store)
        actual = (after[2] - before[2]) + (after[3] - before[3])
        ok(code == 0 and actual > 0 and abs(estimated - actual) <= 0.2 * actual,
           "the estimate (%d tokens) is within 20%% of what the provider reported (%d)" % (estimated, actual),
           stdout + stderr)
    finally:
        fake.stop()
    code, stdout, stderr = run(tmp, ["generate", "--schema", os.path.join(EXAMPLE, "schema.json"),
                                     "--provider", "copula", "--reference", os.path.join(EXAMPLE, "stays.csv"),
                                     "--rows", "50", "--store", os.path.join(tmp, "dry.db"), "--dry-run"])
    ok(code == 0 and "no requests, no cost" in stdout and not os.path.exists(os.path.join(tmp, "dry.db")),
       "a baseline's dry run says it asks nothing and costs nothing", stdout + stderr)


def main():
    tmp = tempfile.mkdtemp(prefix="fx-generate-test-")
    try:
        test_providers(tmp)
        test_faults(tmp)
        test_fatal(tmp)
        test_missing_key(tmp)
        test_real_rows_opt_in(tmp)
        test_kill_and_resume(tmp)
        test_baselines(tmp)
        test_estimate(tmp)
        test_models(tmp)
        test_review_regressions(tmp)
        test_misbehaving(tmp)
        test_key_echoed(tmp)
        test_key_nowhere(tmp)
    finally:
        shutil.rmtree(tmp)
    return plan()


if __name__ == "__main__":
    sys.exit(main())
