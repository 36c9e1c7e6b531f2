"""The ``junit`` report: standard JUnit XML, a testsuite per submission and a testcase per clause."""
import re
import xml.etree.ElementTree as ET

from backprop_spec.reports.common import first_line
from backprop_spec.reports.text import status
from backprop_spec.results import format_points
from spec import i18n
from spec.i18n import _

# Characters XML 1.0 cannot carry at all; a submission's output may contain any of them.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    """``text`` with the characters XML cannot hold written as ``\\xNN`` escapes."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def seconds(duration):
    return f"{duration:.3f}"


def add_outcome(case, tag, message, text, kind):
    element = ET.SubElement(case, tag, message=xml_text(message), type=kind)
    element.text = xml_text(text)


def add_clause(suite, clause):
    """One testcase; "missing" is a failure of the student's code, "timeout" and "crash" are errors."""
    case = ET.SubElement(
        suite,
        "testcase",
        classname=f"backprop_spec.{clause.component}",
        name=xml_text(f"{clause.id} {clause.title}"),
        time=seconds(clause.duration_s),
    )
    text = clause.explanation()
    summary = first_line(text)
    if clause.status == "fail":
        add_outcome(case, "failure", summary or _("failed"), text, clause.status)
    elif clause.status == "missing":
        add_outcome(case, "failure", _("{component} not defined").format(component=clause.component), text,
                    clause.status)
    elif clause.status in ("timeout", "crash"):
        message = f"{status(clause.status)}: {summary}" if summary else status(clause.status)
        add_outcome(case, "error", message, text, clause.status)
    elif clause.status == "skipped":
        ET.SubElement(case, "skipped", message=xml_text(summary))
    return case


def add_submission(root, result, *, spec_version, tier):
    """A testsuite of the submission's clauses, in its language."""
    with i18n.language(result.language):
        return _add_suite(root, result, spec_version, tier)


def _add_suite(root, result, spec_version, tier):
    suite = ET.SubElement(root, "testsuite", name=xml_text(result.submission))
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("spec_version", str(spec_version)),
        ("tier", str(tier)),
        ("score", format_points(result.score)),
        ("max_score", format_points(result.max_score)),
        *(("flag", xml_text(flag)) for flag in result.flags),
    ):
        ET.SubElement(properties, "property", name=name, value=value)
    if result.error:
        load = ET.SubElement(
            suite, "testcase", classname="backprop_spec.Submission", name="load", time=seconds(0)
        )
        add_outcome(load, "error", first_line(result.error), result.error, "load")
    for clause in result.clauses:
        add_clause(suite, clause)
    if result.output:
        ET.SubElement(suite, "system-out").text = xml_text(result.output)
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        suite.set(attribute, str(sum(case.find(kind) is not None for case in cases)))
    suite.set("time", seconds(result.duration_s))
    return suite


def write(results, *, spec_version, tier):
    root = ET.Element("testsuites", name="backprop-spec")
    suites = [add_submission(root, r, spec_version=spec_version, tier=tier) for r in results]
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(suite.get(attribute)) for suite in suites)))
    root.set("time", seconds(sum(r.duration_s for r in results)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
