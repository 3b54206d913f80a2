"""The golden cases as report runs: every fixture whose command checks inputs (not a
usage error, not `rules`, not one that picks its own format), run again with another
format. Shared by the SARIF and JUnit validation tests."""
import os
import shlex
import subprocess


def cases(source):
    fixtures = os.path.join(source, "fixtures")
    for name in sorted(os.listdir(fixtures)):
        folder = os.path.join(fixtures, name)
        try:
            with open(os.path.join(folder, "cmd"), encoding="utf-8") as cmd:
                text = " ".join(line for line in cmd if not line.startswith("#"))
        except FileNotFoundError:
            continue
        status_file = os.path.join(folder, "expected.status")
        status = open(status_file).read().strip() if os.path.exists(status_file) else "0"
        args = shlex.split(text)
        if not args or args[0] != "check" or status == "2":
            continue
        if any(arg in ("-f", "--format") or arg.startswith("--format=") for arg in args):
            continue
        yield name, args


def run(factlint, source, args, fmt, output=None):
    """Runs one case with `-f fmt`; returns standard output (or writes `output`)."""
    extra = ["-f", fmt] + (["-o", output] if output else [])
    result = subprocess.run([factlint] + args + extra, cwd=source, capture_output=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} -f {fmt} exited {result.returncode}: "
                           f"{result.stderr.decode(errors='replace')}")
    return result.stdout
