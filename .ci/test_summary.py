"""Prints one line per Maven module with its test counts, then every skipped test and why.

Reads the JUnit XML reports Surefire and Failsafe wrote (target/surefire-reports,
target/failsafe-reports) no earlier than the given start time, so reports of an earlier run
are not counted. Used by run-tests.sh after `mvn verify`.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

root = Path(sys.argv[1])
since = float(sys.argv[2])
modules = {}
skipped = {}
for report in sorted(root.glob("**/target/*-reports/TEST-*.xml")):
    if report.stat().st_mtime < since or ".venv" in report.parts:
        continue
    module = str(report.parent.parent.parent.relative_to(root))
    kind = "unit" if report.parent.name.startswith("surefire") else "integration"
    suite = ET.parse(report).getroot()
    counts = modules.setdefault(module, {"unit": [0, 0, 0], "integration": [0, 0, 0], "time": 0.0})
    c = counts[kind]
    c[0] += int(suite.get("tests", 0))
    c[1] += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    c[2] += int(suite.get("skipped", 0))
    counts["time"] += float(suite.get("time", 0) or 0)
    for case in suite.iter("testcase"):
        skip = case.find("skipped")
        if skip is not None:
            why = (skip.get("message") or skip.text or "no reason given").strip().splitlines()[0]
            for prefix in ("org.opentest4j.TestAbortedException: ", "Assumption failed: "):
                why = why.removeprefix(prefix)
            name = case.get("classname", "").rsplit(".", 1)[-1]
            key = (module, name, why)
            skipped[key] = skipped.get(key, 0) + 1

if not modules:
    print("run-tests: no test reports found")
    sys.exit(0)
print(f"{'module':<18} {'unit tests':<36} integration tests")
total = [0, 0, 0]
for module, c in modules.items():
    cells = []
    for kind in ("unit", "integration"):
        n, bad, skip = c[kind]
        total[0] += n
        total[1] += bad
        total[2] += skip
        cells.append(f"{n - bad - skip} passed, {bad} failed, {skip} skipped")
    print(f"{module:<18} {cells[0]:<36} {cells[1]}")
print(f"{'all':<18} {total[0]} tests: {total[0] - total[1] - total[2]} passed, {total[1]} failed, "
      f"{total[2]} skipped")
for (module, name, why), n in skipped.items():
    print(f"skipped: {module} {name} ({n} test{'s' if n != 1 else ''}): {why}")
if not skipped:
    print("skipped: none")
