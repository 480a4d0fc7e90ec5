"""The SAM template as written and as expanded, and helpers to read IAM policies from it.

The expansion is aws-sam-translator's own Translator, run offline: code and definition
locations are replaced by placeholder S3 locations (what `sam package` would do) and the
managed-policy map is empty, which is safe because the template names no managed policy
(test_iam.py checks that the expansion attached none).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import boto3
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
RULES = ROOT / "infra" / "cfn-rules" / "rules.txt"
EVENTS = ROOT / "events"
BATCH = ROOT / "infra" / "batch"

# Parameter values that switch the optional catalog index job on.
INDEX_JOB_PARAMETERS = {
    "IndexJobQueueArn": "arn:aws:batch:us-east-1:123456789012:job-queue/btl-gpu",
    "IndexJobImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/btl-index:1.0",
}


def load_sam_template() -> dict[str, Any]:
    return yaml_parse(TEMPLATE.read_text(encoding="utf-8"))


def expand(sam_template: dict[str, Any], parameters: dict[str, str] | None = None) -> dict[str, Any]:
    """The CloudFormation template `sam deploy` would hand to CloudFormation."""
    template = copy.deepcopy(sam_template)
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        if isinstance(props.get("CodeUri"), str):
            props["CodeUri"] = "s3://packaged-artifacts/" + props["CodeUri"]
        if isinstance(props.get("DefinitionUri"), str):
            props["DefinitionUri"] = {"Bucket": "packaged-artifacts", "Key": props["DefinitionUri"]}
    translator = Translator(
        {}, Parser(), boto_session=boto3.session.Session(region_name="us-east-1")
    )
    return translator.translate(
        template, parameter_values=dict(parameters or {}), get_managed_policy_map=lambda: {}
    )


def canonical(value: Any) -> str:
    """One string per policy resource / intrinsic, so expectations read like the template."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (fn, arg), = value.items()
        if fn == "Fn::Sub" and isinstance(arg, str):
            return arg
        if fn == "Fn::GetAtt":
            return "GetAtt " + (arg if isinstance(arg, str) else ".".join(arg))
        if fn == "Ref":
            return "Ref " + arg
    return json.dumps(value, sort_keys=True)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def role_grants(role: dict[str, Any]) -> dict[str, set[str]]:
    """action -> set of canonical resources, over every inline policy of a role."""
    grants: dict[str, set[str]] = {}
    for policy in role["Properties"].get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow", statement
            assert "NotAction" not in statement and "NotResource" not in statement, statement
            for action in as_list(statement["Action"]):
                grants.setdefault(action, set()).update(
                    canonical(r) for r in as_list(statement["Resource"])
                )
    return grants


def role_statements(role: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]
    ]


def function_role(resources: dict[str, Any], function: str) -> tuple[str, dict[str, Any]]:
    ref = resources[function]["Properties"]["Role"]
    assert isinstance(ref, dict) and "Fn::GetAtt" in ref, f"{function} must use a role of this template"
    name = ref["Fn::GetAtt"][0] if isinstance(ref["Fn::GetAtt"], list) else ref["Fn::GetAtt"].split(".")[0]
    return name, resources[name]


SUB_VAR = re.compile(r"\$\{([^}!]+)\}")
