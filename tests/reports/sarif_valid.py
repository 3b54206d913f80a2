"""The SARIF of every golden case is valid: the SARIF Multitool's validator (rules for
SARIF itself and for GitHub code scanning) reports no error, and it satisfies the SARIF
2.1.0 JSON schema shipped with the Multitool, checked by python3-jsonschema.
usage: sarif_valid.py FACTLINT SOURCE_DIR NODE_MODULES"""
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema

from fixture_runs import cases, run

factlint, source, modules = sys.argv[1:4]
multitool_dir = os.path.join(modules, "@microsoft", "sarif-multitool-linux")
with open(os.path.join(multitool_dir, "sarif-2.1.0.json"), encoding="utf-8") as file:
    schema = json.load(file)
validator = jsonschema.validators.validator_for(schema)(schema)

failures = 0
with tempfile.TemporaryDirectory() as tmp:
    files = []
    for name, args in cases(source):
        path = os.path.join(tmp, name + ".sarif")
        run(factlint, source, args, "sarif", path)
        files.append(path)
        with open(path, encoding="utf-8") as file:
            log = json.load(file)
        for error in validator.iter_errors(log):
            failures += 1
            print(f"FAIL: {name}: schema: {error.json_path}: {error.message}")
        results = log["runs"][0]["results"]
        for result in results:
            region = result["locations"][0]["physicalLocation"]["region"]
            if set(region) != {"startLine", "startColumn", "endLine", "endColumn"}:
                failures += 1
                print(f"FAIL: {name}: a result without a full region: {region}")
    # The validator's own output is a SARIF log: errors are its results at level error.
    log_path = os.path.join(tmp, "validation.sarif")
    console = subprocess.run([os.path.join(multitool_dir, "Sarif.Multitool"), "validate",
                              "--rule-kind", "Gh;Sarif", "--level", "Error;Warning",
                              "-o", log_path] + files, check=True, capture_output=True,
                             text=True).stdout
    with open(log_path, encoding="utf-8-sig") as file:
        validation = json.load(file)
    scanned = re.search(r"Done\. (\d+) files? scanned", console)
    checked = int(scanned.group(1)) if scanned else 0
    for run_ in validation["runs"]:
        for result in run_.get("results", []):
            if result.get("level", "warning") == "error":
                failures += 1
                where = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                print(f"FAIL: {os.path.basename(where)}: {result['ruleId']}: "
                      f"{result['message'].get('text', result['message'])}")
    if len(files) < 50 or checked != len(files):
        failures += 1
        print(f"FAIL: the validator read {checked} of {len(files)} logs")
    print(f"{len(files)} SARIF logs validated")
print("all checks passed" if failures == 0 else f"{failures} checks failed")
sys.exit(1 if failures else 0)
