#!/usr/bin/env python3
"""Counts test results for scripts/test (standard library only).

  test_summary.py swift LOG [SWIFT_TESTING_XML]  -> "passed failed skipped"
  test_summary.py junit XML                      -> "passed failed skipped"

`swift` reads XCTest's closing lines from the console log of `swift test` and
Swift Testing's results from the xUnit file written by `--xunit-output`
(falling back to the console lines when that file is missing). Prints nothing
and exits 1 when no result can be found.
"""
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

XCTEST_ALL = re.compile(r"Test Suite 'All tests' (passed|failed) at")
XCTEST_EXECUTED = re.compile(
    r"Executed (\d+) tests?, with (?:(\d+) tests? skipped and )?(\d+) failures?")
ST_RUN = re.compile(r"Test run with (\d+) tests?.*? (passed|failed) after")
ST_FAILED_TEST = re.compile(r"Test .* failed after [0-9.]+ seconds")


def xunit_counts(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    tests = failed = skipped = 0
    for s in suites:
        tests += int(s.get("tests", 0))
        failed += int(s.get("failures", 0)) + int(s.get("errors", 0))
        skipped += int(s.get("skipped", 0))
    return tests - failed - skipped, failed, skipped


def swift_counts(log_path, xml_path=None):
    text = Path(log_path).read_text(errors="replace") if Path(log_path).exists() else ""
    lines = text.splitlines()
    found = False
    passed = failed = skipped = 0
    # XCTest: the line after "Test Suite 'All tests' ..." carries the totals.
    for i, line in enumerate(lines):
        if XCTEST_ALL.search(line):
            for follow in lines[i + 1:i + 3]:
                m = XCTEST_EXECUTED.search(follow)
                if m:
                    n, sk, f = int(m.group(1)), int(m.group(2) or 0), int(m.group(3))
                    found = True
                    failed += f
                    skipped += sk
                    passed += max(n - sk - f, 0)
                    break
    # Swift Testing.
    if xml_path and Path(xml_path).exists():
        p, f, s = xunit_counts(xml_path)
        found = True
        passed, failed, skipped = passed + p, failed + f, skipped + s
    else:
        runs = [m for m in map(ST_RUN.search, lines) if m]
        if runs:
            found = True
            n = int(runs[-1].group(1))
            f = sum(1 for line in lines if ST_FAILED_TEST.search(line) and "Test run with" not in line)
            passed += max(n - f, 0)
            failed += f
    return (passed, failed, skipped) if found else None


def main(argv):
    if len(argv) >= 3 and argv[1] == "swift":
        counts = swift_counts(argv[2], argv[3] if len(argv) > 3 else None)
    elif len(argv) == 3 and argv[1] == "junit":
        counts = xunit_counts(argv[2]) if Path(argv[2]).exists() else None
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if counts is None:
        return 1
    print(*counts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
