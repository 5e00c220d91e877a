#!/usr/bin/python3
"""The Schema pane of the real application, driven through AT-SPI (TAP).

Run by tests/run-ui-test.sh inside Xvfb with the accessibility bus: the bundled eICU
example opens with its 37 features; a feature's unit and another's name are typed into
the editor and show in the list at once; undo takes an edit back; Save As writes a JSON
file that has the edits; Open reads a file back (and says where a broken one is
broken); Infer from CSV reads a small table into features with their types, and says
which file and line a ragged table goes wrong at."""

import json
import os
import shutil
import tempfile
import time

import pyatspi

from fxui import App, all_nodes, choose_file, click, finish, key, ok, results, role_of, type_text, wait_for

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
EXAMPLE = os.path.join(TOP, "resources", "examples", "eicu-demo", "schema.json")


def visible(node):
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def label_names(node):
    return [n.name for n in all_nodes(node) if role_of(n) == "label" and visible(n)]


class Pane:
    """The Schema pane.  Walking every pane over the bus takes seconds, so the widgets
    that stay (fields, buttons, header, list) are looked up once."""

    def __init__(self, app):
        self.app = app
        self.root = wait_for(lambda: [n for n in all_nodes(app) if n.name == "FxSchemaPage"])[0]
        self.nodes = all_nodes(self.root)
        self.controls = {}
        for n in self.nodes:
            if role_of(n) in ("push button", "text") and n.name:
                self.controls.setdefault((role_of(n), n.name), n)
        self.table = [n for n in self.nodes if role_of(n) == "tree table" and n.name == "Features"][0]
        # the header: the box around the name and the description (the name's row sits
        # in a fold that stacks it in a narrow window)
        header = self.controls[("text", "Schema Name")].parent
        while header is not None and ("text", "Schema Description") not in \
                {(role_of(n), n.name) for n in all_nodes(header)}:
            header = header.parent
        self.header = header
        self.banner = self.controls[("push button", "Dismiss the Message")].parent
        self.problems = [n for n in self.nodes if role_of(n) == "list" and n.name == "Problems"][0]

    def button(self, name):
        return self.controls.get(("push button", name))

    def activate(self, name):
        self.button(name).queryAction().doAction(0)
        time.sleep(0.2)

    def field(self, name):
        return self.controls[("text", name)]

    def field_text(self, name):
        text = self.field(name).queryText()
        return text.getText(0, text.characterCount)

    def retype(self, name, text):
        """Replaces the text of the entry @name by typing."""
        click(self.field(name))
        key("ctrl+a")
        type_text(text)

    def row_nodes(self):
        out = []
        lists = [n for n in self.table if role_of(n) == "list"]
        for row in (lists[0] if lists else []):
            if role_of(row) == "table row":
                cells = [c for c in row if role_of(c) == "table cell"]
                if cells:
                    out.append(cells)
        return out

    @staticmethod
    def cell_text(cell):
        texts = [n.name for n in all_nodes(cell) if role_of(n) == "label"]
        return texts[0] if texts and texts[0] != "GtkLabel" else ""

    def names(self):
        """The names of the features in the rows drawn."""
        return [self.cell_text(cells[0]) for cells in self.row_nodes()]

    def row(self, feature):
        """The texts of the row of @feature, or None."""
        for cells in self.row_nodes():
            if self.cell_text(cells[0]) == feature:
                return [self.cell_text(c) for c in cells]
        return None

    def rows(self):
        return {cells[0]: cells for cells in ([self.cell_text(c) for c in r] for r in self.row_nodes())}

    def select(self, feature):
        for cells in self.row_nodes():
            labels = [n for n in all_nodes(cells[0]) if role_of(n) == "label" and n.name == feature]
            if labels:
                click(labels[0])
                return wait_for(lambda: self.field_text("Name") == feature)
        return False

    def header_labels(self):
        return label_names(self.header)

    def banner_labels(self):
        return label_names(self.banner)

    def problem_texts(self):
        return label_names(self.problems)


def chosen(app, path, title, save=False):
    """Types @path into the file chooser titled @title; one check."""
    return ok(choose_file(app, path, save=save, title=title), "the chooser takes " + os.path.basename(path))


def main():
    work = tempfile.mkdtemp(prefix="fx-ui-schema-")
    with open(EXAMPLE) as f:
        example = json.load(f)
    # tall enough that every feature of the example is drawn, to be seen and clicked; a
    # critical anywhere in the flow ends the application, and so fails the test
    a = App({"visible-page": "schema", "window-width": 1400, "window-height": 2100},
            env={"G_DEBUG": "fatal-criticals"})
    try:
        app = a.app
        ok(app is not None, "the application shows up on the accessibility bus", "exit status %s" % a.proc.poll())
        if app is None:
            return
        pane = Pane(app)

        ok(pane.button("Open the eICU Example") is not None, "the welcome page offers the eICU example")
        ok(all(pane.button(b) for b in ("Infer from CSV…", "Open Schema…", "Start From Scratch")),
           "and inferring, opening and starting from scratch")
        unnamed = [n for n in pane.nodes
                   if role_of(n) in ("push button", "toggle button", "check box", "text", "combo box")
                   and not n.name]
        ok(not unnamed, "every control of the pane has an accessible name", [role_of(n) for n in unnamed])

        # the example
        pane.activate("Open the eICU Example")
        names = [f["name"] for f in example["features"]]
        shown = wait_for(lambda: len(pane.names()) >= len(names) and pane.names())
        ok(len(names) == 37 and shown == names, "the example's 37 features are listed in order",
           set(names) ^ set(shown or []))
        apache = pane.row("apache_score")
        ok(apache and apache[1] == "Integer" and apache[3] == "0 – 185",
           "a row shows the feature's type and range", apache)
        ok("37 features" in pane.header_labels() and "Reference data: stays.csv" in pane.header_labels(),
           "the header counts the features and names the reference data", pane.header_labels())

        # typing a unit shows in the list at once, and undo takes it back
        ok(pane.select("apache_score"), "selecting a row shows it in the editor")
        pane.retype("Unit", "points")
        edited = wait_for(lambda: pane.row("apache_score")[2] == "points")
        ok(edited, "a unit typed into the editor shows in the list", pane.row("apache_score"))
        ok("Unsaved Changes" in pane.header_labels(), "the header says there are unsaved changes")
        pane.activate("Undo")
        undone = wait_for(lambda: pane.row("apache_score")[2] == "" and pane.field_text("Unit") == "")
        ok(undone, "undo takes the unit back", pane.row("apache_score"))
        pane.retype("Unit", "points")
        wait_for(lambda: pane.row("apache_score")[2] == "points")

        # a rename
        pane.select("age")
        pane.retype("Name", "age_years")
        renamed = wait_for(lambda: "age_years" in pane.names() and "age" not in pane.names())
        ok(renamed, "a name typed into the editor renames the row")

        # an invalid edit is said inline, until it is fixed
        pane.retype("Minimum", "200")
        problem = wait_for(lambda: [t for t in pane.problem_texts() if "minimum is above the maximum" in t])
        ok(problem, "a minimum above the maximum is reported under the list")
        pane.retype("Minimum", "18")
        cleared = wait_for(lambda: not pane.problem_texts())
        ok(cleared, "and the report goes when the value is fixed", pane.problem_texts())

        # Save As
        saved_path = os.path.join(work, "edited.json")
        pane.activate("Save As…")
        chosen(app, saved_path, "Save the Schema", save=True)
        written = wait_for(lambda: os.path.exists(saved_path), timeout=10)
        ok(written, "Save As writes the chosen file")
        data = {}
        if written:
            with open(saved_path) as f:
                data = json.load(f)
        by_name = {f["name"]: f for f in data.get("features", [])}
        ok(by_name.get("apache_score", {}).get("unit") == "points", "the file has the new unit")
        ok("age_years" in by_name and "age" not in by_name and by_name["age_years"].get("minimum") == 18,
           "the file has the rename and the fixed minimum")
        ok(len(by_name) == 37 and data.get("target") == "hospital_mortality"
           and data.get("group_by") == ["gender", "ethnicity"],
           "the file keeps every feature, the target and the groups")
        ok(wait_for(lambda: "Unsaved Changes" not in pane.header_labels()
                    and saved_path in pane.header_labels()),
           "the header shows the file and no unsaved changes", pane.header_labels())

        # Open reads a file back, edited on disk meanwhile
        by_name["sodium"]["unit"] = "mmol/L"
        reopen_path = os.path.join(work, "reopened.json")
        with open(reopen_path, "w") as f:
            json.dump(data, f, indent=2)
        pane.activate("Open…")
        chosen(app, reopen_path, "Open a Schema")
        reopened = wait_for(lambda: pane.row("sodium")[2] == "mmol/L")
        ok(reopened and pane.row("apache_score")[2] == "points" and "age_years" in pane.names(),
           "Open reads the schema back from disk")

        # a broken file says where
        broken_path = os.path.join(work, "broken.json")
        with open(broken_path, "w") as f:
            f.write('{\n  "format": 1,\n  "features": [ {"name": "x", "type": "integer", "minimum": "low"} ]\n}\n')
        pane.activate("Open…")
        chosen(app, broken_path, "Open a Schema")
        said = wait_for(lambda: [t for t in pane.banner_labels() if t.startswith(broken_path + ":3:")])
        ok(said, "a broken schema's error names its file and line", pane.banner_labels())

        # Infer from CSV
        csv_path = os.path.join(work, "small.csv")
        with open(csv_path, "w") as f:
            f.write("patient_age,sex,lactate,icu_death\n34,F,1.2,0\n71,M,3.4,1\n55,F,,0\n62,M,2.1,0\n")
        pane.activate("Infer from CSV…")
        chosen(app, csv_path, "Infer a Schema from a Table")
        inferred = wait_for(lambda: pane.names() == ["patient_age", "sex", "lactate", "icu_death"] and pane.rows())
        ok(inferred, "Infer from CSV lists the table's columns", pane.names())
        types = {k: v[1] for k, v in (inferred or {}).items()}
        ok(types == {"patient_age": "Integer", "sex": "Categorical", "lactate": "Number",
                     "icu_death": "Boolean"}, "with their inferred types", types)
        ok(inferred and inferred["lactate"][3] == "1.2 – 3.4" and inferred["sex"][4].startswith("2:"),
           "and their ranges and categories", inferred and (inferred["lactate"], inferred["sex"]))
        ok("Reference data: small.csv" in pane.header_labels(), "the table becomes the reference data")

        # undo brings back the schema the table replaced
        pane.activate("Undo")
        back = wait_for(lambda: "age_years" in pane.names())
        ok(back and pane.row("sodium")[2] == "mmol/L", "undo brings back the schema that inference replaced")

        # a ragged table
        ragged_path = os.path.join(work, "ragged.csv")
        with open(ragged_path, "w") as f:
            f.write("a,b,c\n1,2,3\n4,5\n")
        pane.activate("Infer from CSV…")
        chosen(app, ragged_path, "Infer a Schema from a Table")
        said = wait_for(lambda: [t for t in pane.banner_labels() if t.startswith(ragged_path + ":3:")])
        ok(said, "a ragged table's error names its file and line", pane.banner_labels())
        ok("age_years" in pane.names(), "and the schema being edited stays")
    finally:
        if a.proc.poll() is None and not all(results):
            with open(a.log_path) as f:
                for line in [l for l in f.read().splitlines() if l.strip()][-15:]:
                    print("# app: " + line)
        a.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a step that cannot go on fails the test, with the reason
        ok(False, "the test runs to the end", repr(e))
    finish()
