#!/usr/bin/env python3
"""Deploys template.yaml onto an emulated AWS (moto_server) the way `sam deploy` would, and
prints what the created stack says about itself, as JSON on stdout.

Steps, as SAM does them: the function zips (functions/*/target/*.zip, built by `mvn package`)
and the state machine definition are uploaded to an artifacts bucket and the template points
at them (`sam package`); aws-sam-translator expands the AWS::Serverless resources; the
expanded template is created as a CloudFormation stack. Then everything a client of the stack
needs is read back FROM THE STACK: its outputs, each function's environment (Lambda
GetFunctionConfiguration of the stack's physical function names), the bucket, table and queue
names, and the batch job definition's container environment (Batch DescribeJobDefinitions).

moto_server's CloudFormation skips resource types it does not know (with a log line); the
output lists the stack's resources with their types and physical ids so a caller sees what
was created.

usage: moto_deploy.py ENDPOINT STACK_NAME [--origin ORIGIN]
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import boto3
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

ROOT = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
ARTIFACTS = "btl-deploy-artifacts"
# the batch job is optional in the template; a queue ARN switches it on (the emulator does not
# run jobs, so the queue itself need not exist: the job's entrypoint is run by the caller)
INDEX_JOB_QUEUE = "arn:aws:batch:us-east-1:123456789012:job-queue/btl-gpu"
INDEX_JOB_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/btl-index:test"


def client(name: str, endpoint: str):
    return boto3.client(
        name, endpoint_url=endpoint, region_name=REGION,
        aws_access_key_id="test", aws_secret_access_key="test",
    )


def package(template: dict, s3) -> dict:
    """Uploads code and definitions and points the template at them, as `sam package` does."""
    out = copy.deepcopy(template)
    try:
        s3.create_bucket(Bucket=ARTIFACTS)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    for name, resource in out["Resources"].items():
        props = resource.get("Properties", {})
        for field in ("CodeUri", "DefinitionUri"):
            location = props.get(field)
            if not isinstance(location, str):
                continue
            path = ROOT / location
            if not path.is_file():
                sys.exit(f"moto_deploy: {location} of {name} does not exist; build it first (mvn -B package)")
            key = f"{name}/{path.name}"
            s3.upload_file(str(path), ARTIFACTS, key)
            props[field] = {"Bucket": ARTIFACTS, "Key": key}
    return out


def expand(template: dict, parameters: dict[str, str]) -> dict:
    translator = Translator({}, Parser(), boto_session=boto3.session.Session(region_name=REGION))
    return translator.translate(template, parameter_values=parameters, get_managed_policy_map=lambda: {})


def without_aliases(cfn: dict) -> dict:
    """moto's CloudFormation has no AWS::Lambda::Alias (it skips the type), so whatever names a
    function's `live` alias (the S3 permission and notification, the SQS event source mapping)
    would name nothing. Here those references name the function itself, which the alias points
    at; nothing else in the template changes."""
    out = copy.deepcopy(cfn)
    aliases = {
        name: r["Properties"]["FunctionName"]
        for name, r in out["Resources"].items()
        if r["Type"] == "AWS::Lambda::Alias"
    }

    def walk(value):
        if isinstance(value, dict):
            if set(value) == {"Ref"} and value["Ref"] in aliases:
                return copy.deepcopy(aliases[value["Ref"]])
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value if not (isinstance(v, str) and v in aliases)]
        return value

    for name in aliases:
        del out["Resources"][name]
    out["Resources"] = walk(out["Resources"])
    for r in out["Resources"].values():
        if isinstance(r.get("DependsOn"), str) and r["DependsOn"] in aliases:
            del r["DependsOn"]
    return out


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("endpoint")
    args.add_argument("stack")
    args.add_argument("--origin", default="http://localhost:8080")
    a = args.parse_args()
    endpoint = a.endpoint.rstrip("/")

    parameters = {
        "AllowedOrigin": a.origin,
        "IndexJobQueueArn": INDEX_JOB_QUEUE,
        "IndexJobImage": INDEX_JOB_IMAGE,
    }
    sam = yaml_parse((ROOT / "template.yaml").read_text(encoding="utf-8"))
    cfn = without_aliases(expand(package(sam, client("s3", endpoint)), parameters))

    cloudformation = client("cloudformation", endpoint)
    cloudformation.create_stack(
        StackName=a.stack,
        TemplateBody=json.dumps(cfn),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    deadline = time.time() + 300
    while True:
        stack = cloudformation.describe_stacks(StackName=a.stack)["Stacks"][0]
        if not stack["StackStatus"].endswith("IN_PROGRESS"):
            break
        if time.time() > deadline:
            sys.exit(f"moto_deploy: stack {a.stack} still {stack['StackStatus']} after 300 s")
        time.sleep(0.5)
    if stack["StackStatus"] != "CREATE_COMPLETE":
        sys.exit(f"moto_deploy: stack {a.stack} is {stack['StackStatus']}: {stack.get('StackStatusReason')}")

    resources = {}
    for page in cloudformation.get_paginator("list_stack_resources").paginate(StackName=a.stack):
        for r in page["StackResourceSummaries"]:
            if not r.get("LogicalResourceId"):
                continue  # moto lists a blank row for each resource type it skipped
            resources[r["LogicalResourceId"]] = {"type": r["ResourceType"], "id": r.get("PhysicalResourceId")}
    lambdas = client("lambda", endpoint)
    functions = {}
    for logical, r in resources.items():
        if r["type"] == "AWS::Lambda::Function":
            config = lambdas.get_function_configuration(FunctionName=r["id"])
            functions[logical] = {
                "name": config["FunctionName"],
                "handler": config["Handler"],
                "environment": config.get("Environment", {}).get("Variables", {}),
            }
    jobs = {}
    batch = client("batch", endpoint)
    for logical, r in resources.items():
        if r["type"] == "AWS::Batch::JobDefinition":
            (definition,) = batch.describe_job_definitions(jobDefinitions=[r["id"]])["jobDefinitions"]
            container = definition["containerProperties"]
            jobs[logical] = {
                "image": container["image"],
                "environment": {e["name"]: e["value"] for e in container.get("environment", [])},
            }
    json.dump(
        {
            "stack": a.stack,
            "outputs": {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
            "resources": resources,
            "functions": functions,
            "jobDefinitions": jobs,
        },
        sys.stdout,
        indent=2,
        sort_keys=True,
    )
    print()


if __name__ == "__main__":
    main()
