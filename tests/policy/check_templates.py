#!/usr/bin/env python3
"""The Group Policy templates are well-formed, in the namespace Windows' Group Policy editors
read, and hold together: every string, presentation, category and supportedOn the ADMX names
exists, and every presentation control names an element of its policy.

    check_templates.py OfflineHooks.admx en-US/OfflineHooks.adml

(The value names and ranges against the add-in's code: tests/addin/policy_template_test.cpp.)
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"
Q = "{%s}" % NS
KEY = r"Software\Policies\OfflineHooks"
MACHINE_ONLY = {"MachineScriptsDir"}

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def parse(path):
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        check(False, "%s is well-formed XML: %s" % (path, e))
        sys.exit(1)


def refs(text, kind):
    m = re.fullmatch(r"\$\(%s\.([A-Za-z0-9_]+)\)" % kind, text or "")
    return m.group(1) if m else None


def main(admx_path, adml_path):
    admx = parse(admx_path)
    adml = parse(adml_path)
    check(admx.tag == Q + "policyDefinitions", "ADMX root is policyDefinitions in %s" % NS)
    check(adml.tag == Q + "policyDefinitionResources", "ADML root is policyDefinitionResources in %s" % NS)
    for root, name in ((admx, "ADMX"), (adml, "ADML")):
        check(root.get("revision") == "1.0" and root.get("schemaVersion") == "1.0",
              "%s has revision and schemaVersion 1.0" % name)
    targets = admx.findall(Q + "policyNamespaces/" + Q + "target")
    check(len(targets) == 1 and targets[0].get("namespace") == "OfflineHooks.Policies"
          and targets[0].get("prefix"), "ADMX target namespace OfflineHooks.Policies with a prefix")
    check(admx.find(Q + "resources") is not None, "ADMX names its resources' revision")

    strings = {s.get("id") for s in adml.iter(Q + "string")}
    presentations = {p.get("id"): p for p in adml.iter(Q + "presentation")}
    check(adml.find(Q + "resources/" + Q + "stringTable") is not None, "ADML has a stringTable")
    check(adml.find(Q + "resources/" + Q + "presentationTable") is not None, "ADML has a presentationTable")
    categories = {c.get("name") for c in admx.iter(Q + "category")}
    supported = {d.get("name") for d in admx.iter(Q + "definition")}

    # Every $(string.X) anywhere in the ADMX is in the ADML.
    for el in admx.iter():
        for attr in ("displayName", "explainText"):
            v = el.get(attr)
            if v is not None:
                sid = refs(v, "string")
                check(sid in strings, "%s %s=%s is in the ADML's stringTable" % (el.tag[len(Q):], attr, v))

    policies = admx.findall(Q + "policies/" + Q + "policy")
    check(len(policies) > 0, "ADMX defines policies")
    for p in policies:
        name = p.get("name")
        # Machine-only policies (the add-in reads them from HKLM alone) are named here; which
        # ones is held to the code by tests/addin/policy_template_test.cpp.
        want = "Machine" if name in MACHINE_ONLY else "Both"
        check(p.get("class") == want, "%s: class %s" % (name, want))
        check(p.get("key") == KEY, "%s: key %s" % (name, KEY))
        parent = p.find(Q + "parentCategory")
        check(parent is not None and parent.get("ref") in categories, "%s: in a defined category" % name)
        sup = p.find(Q + "supportedOn")
        check(sup is not None and sup.get("ref") in supported, "%s: supportedOn a defined definition" % name)
        elements = p.find(Q + "elements")
        ids = {e.get("id") for e in elements} if elements is not None else set()
        if p.get("valueName"):
            check(p.find(Q + "enabledValue") is not None and p.find(Q + "disabledValue") is not None,
                  "%s: a switch with enabledValue and disabledValue" % name)
        else:
            check(len(ids) == 1 and all(e.get("valueName") for e in elements),
                  "%s: one element, with a valueName" % name)
            pid = refs(p.get("presentation"), "presentation")
            check(pid in presentations, "%s: presentation %s is in the ADML" % (name, pid))
            if pid in presentations:
                controls = {c.get("refId") for c in presentations[pid] if c.get("refId")}
                check(controls == ids, "%s: the presentation shows its element %s" % (name, sorted(ids)))
        for e in elements if elements is not None else []:
            if e.tag == Q + "decimal":
                lo, hi = int(e.get("minValue", "0")), int(e.get("maxValue", "9999"))
                check(0 <= lo < hi <= 0xFFFFFFFF, "%s: decimal range %d..%d" % (name, lo, hi))
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
