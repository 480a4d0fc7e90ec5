"""cfn-lint passes on the template, and every custom rule in infra/cfn-rules/rules.txt fires
on a copy of the template broken in the way that rule guards against.

cfn-lint runs as CI runs it: a subprocess in the repository root, so .cfnlintrc (custom
rules, informational checks) applies. The broken copies are linted in parallel.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from template_model import ROOT, RULES, load_sam_template


# The `cfn-lint` console script of this interpreter's cfnlint (it has no `python -m` entry).
CFN_LINT = [sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())"]


def cfn_lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CFN_LINT, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cfn_lint_passes_with_no_findings():
    result = cfn_lint("template.yaml")

    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_cfnlintrc_applies_the_custom_rules_and_informational_checks():
    rc = (ROOT / ".cfnlintrc").read_text(encoding="utf-8")

    assert "custom_rules: infra/cfn-rules/rules.txt" in rc
    assert "- I" in rc


@dataclass(frozen=True)
class Rule:
    rule_id: str
    resource_type: str
    path: str
    operator: str
    message: str

    @property
    def key(self) -> tuple[str, str, str]:
        return self.resource_type, self.path, self.operator


def custom_rules() -> list[Rule]:
    """Parsed as cfn-lint does: one rule per non-comment line, id E9000 + line number."""
    rules = []
    for number, line in enumerate(RULES.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        resource_type, path, operator, rest = line.split(" ", 3)
        if operator == "IS":
            operator = "IS " + rest.split(" ", 1)[0]
        level, message = ("E", rest.split("ERROR", 1)[1]) if "ERROR" in rest else ("W", rest.split("WARN", 1)[1])
        rules.append(Rule(f"{level}{9000 + number}", resource_type, path, operator, message.strip().strip('"')))
    return rules


# ---- how to break the SAM template so that each rule must fire --------------------------

Template = dict[str, Any]


def res(t: Template, name: str) -> dict[str, Any]:
    return t["Resources"][name]["Properties"]


def set_path(obj: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for p in parents:
        obj = obj[p]
    obj[last] = value


def delete_path(obj: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    for p in parents:
        obj = obj[p]
    del obj[last]


def provisioned(t: Template) -> None:
    res(t, "LooksTable")["BillingMode"] = "PROVISIONED"
    res(t, "LooksTable")["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}


def text_logs(t: Template) -> None:
    logging = t["Globals"]["Function"]["LoggingConfig"]
    logging["LogFormat"] = "Text"
    logging.pop("ApplicationLogLevel")
    logging.pop("SystemLogLevel")


BREAKERS: dict[tuple[str, str, str], Callable[[Template], None]] = {
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration", "IS DEFINED"):
        lambda t: delete_path(res(t, "ImagesBucket"), "PublicAccessBlockConfiguration"),
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration.BlockPublicAcls", "EQUALS"):
        lambda t: set_path(res(t, "ImagesBucket"), "PublicAccessBlockConfiguration.BlockPublicAcls", False),
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration.BlockPublicPolicy", "EQUALS"):
        lambda t: set_path(res(t, "ImagesBucket"), "PublicAccessBlockConfiguration.BlockPublicPolicy", False),
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration.IgnorePublicAcls", "EQUALS"):
        lambda t: set_path(res(t, "ImagesBucket"), "PublicAccessBlockConfiguration.IgnorePublicAcls", False),
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration.RestrictPublicBuckets", "EQUALS"):
        lambda t: set_path(res(t, "ImagesBucket"), "PublicAccessBlockConfiguration.RestrictPublicBuckets", False),
    ("AWS::S3::Bucket", "BucketEncryption", "IS DEFINED"):
        lambda t: delete_path(res(t, "ImagesBucket"), "BucketEncryption"),
    ("AWS::S3::Bucket", "OwnershipControls", "IS DEFINED"):
        lambda t: delete_path(res(t, "ImagesBucket"), "OwnershipControls"),
    ("AWS::DynamoDB::Table", "SSESpecification.SSEEnabled", "IS DEFINED"):
        lambda t: delete_path(res(t, "LooksTable"), "SSESpecification"),
    ("AWS::DynamoDB::Table", "SSESpecification.SSEEnabled", "EQUALS"):
        lambda t: set_path(res(t, "LooksTable"), "SSESpecification.SSEEnabled", False),
    ("AWS::DynamoDB::Table", "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", "EQUALS"):
        lambda t: set_path(
            res(t, "LooksTable"), "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", False
        ),
    ("AWS::DynamoDB::Table", "BillingMode", "EQUALS"): provisioned,
    ("AWS::SQS::Queue", "SqsManagedSseEnabled", "IS DEFINED"):
        lambda t: delete_path(res(t, "EmbedDeadLetterQueue"), "SqsManagedSseEnabled"),
    ("AWS::SQS::Queue", "SqsManagedSseEnabled", "EQUALS"):
        lambda t: set_path(res(t, "DetectFailuresQueue"), "SqsManagedSseEnabled", False),
    ("AWS::Lambda::Function", "Runtime", "EQUALS"):
        lambda t: set_path(t["Globals"]["Function"], "Runtime", "java25"),
    ("AWS::Lambda::Function", "LoggingConfig.LogFormat", "EQUALS"): text_logs,
    ("AWS::Lambda::Function", "LoggingConfig.LogGroup", "IS DEFINED"):
        lambda t: delete_path(res(t, "EmbedFunction"), "LoggingConfig"),
    ("AWS::Lambda::Function", "Timeout", "<="):
        lambda t: set_path(res(t, "DetectFunction"), "Timeout", 120),
    ("AWS::Logs::LogGroup", "RetentionInDays", "IS DEFINED"):
        lambda t: delete_path(res(t, "QueryLogGroup"), "RetentionInDays"),
    ("AWS::ApiGatewayV2::Stage", "DefaultRouteSettings.ThrottlingBurstLimit", "IS DEFINED"):
        lambda t: delete_path(res(t, "HttpApi"), "DefaultRouteSettings.ThrottlingBurstLimit"),
    ("AWS::ApiGatewayV2::Stage", "DefaultRouteSettings.ThrottlingRateLimit", "IS DEFINED"):
        lambda t: delete_path(res(t, "HttpApi"), "DefaultRouteSettings.ThrottlingRateLimit"),
    ("AWS::ApiGatewayV2::Stage", "AccessLogSettings", "IS DEFINED"):
        lambda t: delete_path(res(t, "HttpApi"), "AccessLogSettings"),
}

RULE_LIST = custom_rules()


def test_every_custom_rule_has_a_way_to_break_the_template():
    missing = [r.key for r in RULE_LIST if r.key not in BREAKERS]
    stale = [k for k in BREAKERS if k not in {r.key for r in RULE_LIST}]

    assert (missing, stale) == ([], [])


# Only the custom rules run on the broken copies (the rest of cfn-lint is what makes a run
# slow, and test_cfn_lint_passes_with_no_findings covers it). Rules of different resource
# types cannot see each other's breakage, so each broken copy carries one break per resource
# type: 7 copies instead of one per rule, linted by cfn-lint processes in parallel.
ONLY_CUSTOM_RULES = ["--ignore-checks", "E0", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "W", "I"]


def broken_copies() -> list[list[Rule]]:
    """Rules grouped so that no group has two rules on the same resource type."""
    groups: list[list[Rule]] = []
    seen: dict[str, int] = {}
    for rule in RULE_LIST:
        index = seen.get(rule.resource_type, 0)
        seen[rule.resource_type] = index + 1
        if index == len(groups):
            groups.append([])
        groups[index].append(rule)
    return groups


@pytest.fixture(scope="module")
def broken_lint_findings(tmp_path_factory) -> dict[str, tuple[list[Rule], set[tuple[str, str]]]]:
    """broken copy -> (the rules it was broken for, its (rule id, message) findings)."""
    original = load_sam_template()
    folder = Path(tmp_path_factory.mktemp("broken-templates"))
    copies: dict[str, list[Rule]] = {}
    for index, group in enumerate(broken_copies()):
        template = copy.deepcopy(original)
        for rule in group:
            BREAKERS[rule.key](template)
        path = folder / f"template-{index:02d}.json"
        path.write_text(json.dumps(template, indent=1), encoding="utf-8")
        copies[str(path)] = group

    workers = 2 if len(copies) > 1 else 1
    chunks = [list(copies)[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(lambda chunk: cfn_lint("-f", "parseable", *ONLY_CUSTOM_RULES, "--", *chunk), chunks))

    findings: dict[str, set[tuple[str, str]]] = {path: set() for path in copies}
    for run in runs:
        assert run.returncode != 0, run.stdout + run.stderr
        for line in run.stdout.splitlines():
            path, _, _, _, _, rule_id, message = line.split(":", 6)
            findings[path].add((rule_id, message))
    return {path: (copies[path], findings[path]) for path in copies}


@pytest.mark.parametrize("rule", RULE_LIST, ids=lambda r: f"{r.rule_id}-{r.resource_type}-{r.path}")
def test_custom_rule_fires_on_a_template_broken_for_it(broken_lint_findings, rule):
    (found,) = [found for rules, found in broken_lint_findings.values() if rule in rules]

    assert (rule.rule_id, rule.message) in found


def test_broken_copies_trip_no_rule_but_the_ones_they_were_broken_for(broken_lint_findings):
    for path, (rules, found) in broken_lint_findings.items():
        assert {rule_id for rule_id, _ in found} == {r.rule_id for r in rules}, path
