#!/usr/bin/env python3
"""Checks what a green Maven run does not: tests that cannot fail and tests that were skipped.

Run from the repository root after `mvn verify` (./build test runs it). Silent when all is well.

  assertion-free tests   every @Test / @ParameterizedTest / @RepeatedTest / @TestFactory / @TestTemplate method
                         must reach an assertion (AssertJ, JUnit's Assertions, an AssertionError, ...) through its
                         own code, its lambdas or the test helpers it calls, read from the compiled test classes
                         with javap. A test that only checks "does not throw" says so with
                         assertThatCode(...).doesNotThrowAnyException().
  skipped tests          with --no-skips (what .ci/run passes: CI runs as root on a machine with every capability),
                         any test the surefire reports list as skipped fails the check unless it matches a line of
                         .ci/allowed-skips, each of which says why it may skip.
"""
import fnmatch
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

TEST_ANNOTATIONS = {"org.junit.jupiter.api.Test", "org.junit.jupiter.params.ParameterizedTest",
                    "org.junit.jupiter.api.RepeatedTest", "org.junit.jupiter.api.TestFactory",
                    "org.junit.jupiter.api.TestTemplate"}
ASSERTION_OWNERS = ("org/assertj/", "org/junit/jupiter/api/Assertions", "org/opentest4j/", "org/hamcrest/",
                    "org/skyscreamer/jsonassert/")
ASSERTION_ERRORS = {"java/lang/AssertionError", "org/opentest4j/AssertionFailedError"}

CLASS_RE = re.compile(r"^(?:[\w ]*?)(?:class|interface|enum|record) ([\w.$]+)")
SUPER_RE = re.compile(r"^  super_class: #\d+\s+// ([\w/$]+)")
INVOKE_RE = re.compile(r"// (?:Method|InterfaceMethod) ([\w/$]+)\.([\w$<>\"]+):")
INVOKE_SELF_RE = re.compile(r"invoke\w+\s+#\d+\s+// (?:Method|InterfaceMethod) ([\w$<>\"]+):")
INDY_RE = re.compile(r"// InvokeDynamic #(\d+):")
NEW_RE = re.compile(r"\bnew\s+#\d+\s+// class ([\w/$]+)")
HANDLE_RE = re.compile(r"REF_\w+ ([\w/$]+)\.([\w$<>\"]+):")


def javap(root, classes):
    out = []
    for i in range(0, len(classes), 400):
        out.append(subprocess.run([javap_bin(), "-p", "-c", "-v", "-cp", root] + classes[i:i + 400],
                                  check=True, capture_output=True, text=True).stdout)
    return "\n".join(out)


def javap_bin():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "javap") if home else "javap"


def parse(text, graph, annotations, supers, new_edges):
    """Reads javap -p -c -v output into graph[(class, method)] = {callee (class, method) or "ASSERT"} and
    annotations[(class, method or "<class>")] = {annotation type}."""
    cls = method = annotated = None
    bootstrap, indy, section = {}, {}, None
    for line in text.splitlines():
        if line.startswith("Classfile "):
            if cls:
                resolve_indy(indy, bootstrap, graph)
            cls, method, annotated, bootstrap, indy, section = None, None, None, {}, {}, None
            continue
        if cls is None:
            m = CLASS_RE.match(line)
            if m:
                cls = m.group(1).replace(".", "/")
            continue
        if section is None:
            m = SUPER_RE.match(line)
            if m:
                supers[cls] = m.group(1)
            elif line == "{":
                section = "members"
            continue
        if line == "}":
            section, method, annotated = "attributes", None, None
            continue
        stripped = line.strip()
        if section == "members" and line.startswith("  ") and not line.startswith("   ") and stripped.endswith(";"):
            annotated = None
            if "(" in stripped or stripped == "static {};":
                method = (cls, member_name(stripped, cls))
                graph.setdefault(method, set())
            else:
                method = None  # a field
            continue
        if section == "attributes" and line.startswith("BootstrapMethods:"):
            section = "bootstrap"
            continue
        if section == "bootstrap":
            b = re.match(r"^  (\d+): ", line)
            if b:
                bootstrap[int(b.group(1))] = set()
            elif bootstrap:
                h = HANDLE_RE.search(line)
                if h:
                    bootstrap[max(bootstrap)].add((h.group(1), h.group(2)))
            continue
        if stripped == "RuntimeVisibleAnnotations:":
            annotated = method if section == "members" else (cls, "<class>")
            continue
        if annotated:
            a = re.match(r"^([a-z][\w.]*\.[A-Z][\w$]*)\(?$", stripped)
            if a:
                annotations.setdefault(annotated, set()).add(a.group(1))
                continue
            if re.match(r"^[A-Z]\w+:", stripped):
                annotated = None
        if method is None:
            continue
        m = INVOKE_RE.search(line)
        if m:
            owner, name = m.group(1), m.group(2).strip('"')
            graph[method].add("ASSERT" if owner.startswith(ASSERTION_OWNERS) else (owner, name))
            continue
        m = INVOKE_SELF_RE.search(line)
        if m:
            graph[method].add((cls, m.group(1).strip('"')))
            continue
        m = INDY_RE.search(line)
        if m:
            indy.setdefault(method, set()).add(int(m.group(1)))
            continue
        m = NEW_RE.search(line)
        if m:
            if m.group(1) in ASSERTION_ERRORS:
                graph[method].add("ASSERT")
            else:
                new_edges.setdefault(method, set()).add(m.group(1))
    if cls:
        resolve_indy(indy, bootstrap, graph)


def member_name(header, cls):
    if header == "static {};":
        return "<clinit>"
    name = header[:header.index("(")].split(" ")[-1]
    return "<init>" if name.replace(".", "/") == cls else name


def resolve_indy(indy, bootstrap, graph):
    for method, indexes in indy.items():
        for i in indexes:
            for owner, name in bootstrap.get(i, ()):
                if owner.startswith(ASSERTION_OWNERS):
                    graph[method].add("ASSERT")
                elif not owner.startswith("java/"):
                    graph[method].add((owner, name))


def asserting(graph, supers, new_edges):
    """The set of methods that reach an assertion."""
    methods_of = {}
    for c, m in graph:
        methods_of.setdefault(c, set()).add(m)

    def callees(node):
        for target in graph.get(node, ()):
            if target == "ASSERT":
                yield target
                continue
            owner, name = target
            while owner and (owner, name) not in graph and owner in supers:
                owner = supers[owner]  # an inherited helper
            yield (owner, name)
            for sub, base in supers.items():  # an overriding helper in a subclass of the owner
                if base == target[0] and (sub, name) in graph:
                    yield (sub, name)
        for created in new_edges.get(node, ()):  # an anonymous or local class's methods
            for name in methods_of.get(created, ()):
                yield (created, name)

    memo = {}

    def reaches(node, stack):
        if node in memo:
            return memo[node]
        if node in stack:
            return False
        stack.add(node)
        result = any(t == "ASSERT" or (t in graph and reaches(t, stack)) for t in callees(node))
        stack.discard(node)
        memo[node] = result
        return result

    return {n for n in graph if reaches(n, set())}


def read_tests():
    """(test methods as (class, method), the superclass of each class, the tests that reach no assertion)."""
    graph, annotations, supers, new_edges = {}, {}, {}, {}
    roots = sorted(glob.glob("*/target/test-classes"))
    for root in roots:
        classes = sorted(os.path.relpath(p, root)[:-6].replace("/", ".")
                         for p in glob.glob(os.path.join(root, "**", "*.class"), recursive=True))
        if classes:
            parse(javap(root, classes), graph, annotations, supers, new_edges)
    ok = asserting(graph, supers, new_edges)
    tests = [n for n, a in annotations.items() if n[1] != "<class>" and a & TEST_ANNOTATIONS]
    return tests, supers, sorted(f"{c.replace('/', '.')}#{m}" for c, m in tests if (c, m) not in ok)


def skipped_tests(tests, supers):
    """Tests the reports list as skipped, and test methods the reports never list as run: a class whose @BeforeAll
    assumption failed, a @Disabled class, a class that surefire's include patterns or a tag filter leave out."""
    skipped, ran = [], set()
    reports = glob.glob("*/target/surefire-reports/TEST-*.xml") + glob.glob("*/target/failsafe-reports/TEST-*.xml")
    for report in sorted(reports):
        for case in ET.parse(report).getroot().iter("testcase"):
            name = re.split(r"[(\[]", case.get("name"), maxsplit=1)[0]
            if case.find("skipped") is not None:
                reason = case.find("skipped").get("message") or case.find("skipped").text or ""
                skipped.append((f"{case.get('classname')}#{name}", reason.strip().splitlines()[0] if reason.strip() else ""))
            else:
                ran.add((case.get("classname").replace(".", "/"), name))
    listed = {t for t, _ in skipped}

    def ancestors(c):
        while c:
            yield c
            c = supers.get(c)

    for c, m in sorted(tests):
        test = f"{c.replace('/', '.')}#{m}"
        if test not in listed and not any((r, m) in ran and c in ancestors(r) for r, _ in ran):
            skipped.append((test, "never ran: no report lists it (a class-level assumption, @Disabled, excluded?)"))
    return reports, skipped


def allowed_skips(path=".ci/allowed-skips"):
    patterns = []
    if os.path.exists(path):
        for line in open(path):
            line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
            if line:
                patterns.append(line)
    return patterns


def main(argv):
    failures = []
    tests, supers, free = read_tests()
    if not tests:
        failures.append("No test methods under */target/test-classes: was the build run?")
    if free:
        failures.append("Tests that reach no assertion (they cannot fail; assert what they check):")
        failures += [f"  {t}" for t in free]
    if "--no-skips" in argv:
        reports, skipped = skipped_tests(tests, supers)
        if not reports:
            failures.append("No surefire reports under */target/surefire-reports: were the tests run?")
        patterns = allowed_skips()
        unexplained = [(t, r) for t, r in skipped if not any(fnmatch.fnmatchcase(t, p) for p in patterns)]
        if unexplained:
            failures.append("Tests skipped on a machine that should run them all (allow one only in .ci/allowed-skips, saying why):")
            failures += [f"  {t}: {r}" for t, r in unexplained]
    if failures:
        print("\n".join(["", "check-tests: FAILED"] + failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
