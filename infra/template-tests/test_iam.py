"""Least privilege, asserted on the expanded template: every role grants exactly the actions
its code needs, each on the stack's own bucket prefixes, tables, queues and log groups."""

from __future__ import annotations

import pytest

from template_model import canonical, function_role, role_grants, role_statements

BUCKET = "${AWS::StackName}-images-${AWS::AccountId}"
BUCKET_ARN = "arn:${AWS::Partition}:s3:::" + BUCKET


def objects(prefix: str) -> str:
    return f"{BUCKET_ARN}/{prefix}*"


LOOKS = "GetAtt LooksTable.Arn"
EMBED_QUEUE = "GetAtt EmbedQueue.Arn"
FAILURES_QUEUE = "GetAtt DetectFailuresQueue.Arn"


def logs(group: str) -> dict[str, set[str]]:
    return {
        "logs:CreateLogStream": {f"GetAtt {group}.Arn"},
        "logs:PutLogEvents": {f"GetAtt {group}.Arn"},
    }


EXPECTED_FUNCTION_GRANTS = {
    "DetectFunction": {
        **logs("DetectLogGroup"),
        "s3:GetObject": {objects("uploads/"), objects("index/"), objects("models/")},
        "s3:ListBucket": {BUCKET_ARN},
        "s3:PutObject": {objects("crops/"), objects("photos/")},
        "dynamodb:GetItem": {LOOKS},
        "dynamodb:PutItem": {LOOKS},
        "dynamodb:UpdateItem": {LOOKS},
        "sqs:SendMessage": {EMBED_QUEUE, FAILURES_QUEUE},
    },
    "EmbedFunction": {
        **logs("EmbedLogGroup"),
        "sqs:ReceiveMessage": {EMBED_QUEUE},
        "sqs:DeleteMessage": {EMBED_QUEUE},
        "sqs:GetQueueAttributes": {EMBED_QUEUE},
        "s3:GetObject": {objects("crops/"), objects("models/")},
        "s3:ListBucket": {BUCKET_ARN},
        "dynamodb:GetItem": {LOOKS},
        "dynamodb:UpdateItem": {LOOKS},
    },
    "QueryFunction": {
        **logs("QueryLogGroup"),
        "dynamodb:GetItem": {LOOKS},
        "dynamodb:PutItem": {LOOKS},
        "s3:ListBucket": {BUCKET_ARN},
        "s3:GetObject": {
            objects("index/"),
            objects("catalog/images/"),
            objects("crops/"),
            objects("photos/"),
            objects("uploads/"),
        },
        "s3:PutObject": {objects("uploads/")},
    },
}


@pytest.mark.parametrize("function", sorted(EXPECTED_FUNCTION_GRANTS))
def test_function_role_grants_exactly_what_the_function_needs(resources, function):
    _, role = function_role(resources, function)

    assert role_grants(role) == EXPECTED_FUNCTION_GRANTS[function]


# The prefixes under which each function may list: those whose missing keys it must tell from
# denied ones (S3 answers a missing key with 403 to a caller that may not list it; S3BlobStore
# then lists the key itself). Catalog images and the upload a look names are only presigned.
EXPECTED_LISTING = {
    "DetectFunction": ["uploads/*", "index/*", "models/*"],
    "EmbedFunction": ["crops/*", "models/*"],
    "QueryFunction": ["index/*"],
}


@pytest.mark.parametrize("function", sorted(EXPECTED_FUNCTION_GRANTS))
def test_function_may_list_only_the_prefixes_it_reads(resources, function):
    _, role = function_role(resources, function)
    (listing,) = [s for s in role_statements(role) if s["Action"] == "s3:ListBucket"]
    reads = {t.removeprefix(BUCKET_ARN + "/") for t in role_grants(role)["s3:GetObject"]}

    assert listing["Condition"] == {"StringLike": {"s3:prefix": EXPECTED_LISTING[function]}}
    # every listed prefix is one the function reads; no listing of the whole bucket
    assert set(EXPECTED_LISTING[function]) <= reads
    assert canonical(listing["Resource"]) == BUCKET_ARN


@pytest.mark.parametrize("function", sorted(EXPECTED_FUNCTION_GRANTS))
def test_function_role_is_assumable_by_lambda_only_and_has_no_managed_policies(resources, function):
    _, role = function_role(resources, function)
    trust = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]

    assert trust == [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
    # SAM's managed policies (AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole)
    # grant on "*"; the roles here replace them.
    assert not role["Properties"].get("ManagedPolicyArns")


@pytest.mark.parametrize("function", sorted(EXPECTED_FUNCTION_GRANTS))
def test_function_logs_go_to_the_group_its_role_may_write(resources, function):
    _, role = function_role(resources, function)
    group = resources[function]["Properties"]["LoggingConfig"]["LogGroup"]

    assert canonical(group).startswith("Ref ")
    assert role_grants(role)["logs:PutLogEvents"] == {f"GetAtt {group['Ref']}.Arn"}


def test_every_role_in_the_stack_is_one_the_tests_know(resources):
    roles = {name for name, r in resources.items() if r["Type"] == "AWS::IAM::Role"}

    assert roles == {
        "DetectFunctionRole",
        "EmbedFunctionRole",
        "QueryFunctionRole",
        "IndexJobRole",
        "IndexStateMachineRole",
    }
    assert not any(r["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy") for r in resources.values())


def test_no_action_wildcards_and_star_resource_only_where_aws_requires_it(resources):
    for name, r in resources.items():
        if r["Type"] != "AWS::IAM::Role":
            continue
        for statement in role_statements(r):
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert not any("*" in a for a in actions), (name, statement)
            targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            if "*" in targets:
                # batch:DescribeJobs supports no resource-level permissions.
                assert (name, actions) == ("IndexStateMachineRole", ["batch:DescribeJobs"]), statement


def test_s3_grants_name_the_stack_bucket_by_the_same_string_everywhere(resources, sam_template):
    assert canonical(resources["ImagesBucket"]["Properties"]["BucketName"]) == BUCKET
    for fn in EXPECTED_FUNCTION_GRANTS:
        env = resources[fn]["Properties"]["Environment"]["Variables"]
        assert canonical(env["BUCKET"]) == BUCKET, fn
    for name, r in resources.items():
        if r["Type"] != "AWS::IAM::Role":
            continue
        for action, targets in role_grants(r).items():
            if action.startswith("s3:"):
                for target in targets:
                    assert target == BUCKET_ARN or target.startswith(BUCKET_ARN + "/"), (name, target)
                    assert not target.endswith(BUCKET_ARN + "/*"), f"{name}: {action} on the whole bucket"


def test_index_job_role_reads_catalog_and_models_and_owns_index(resources):
    role = resources["IndexJobRole"]

    assert role_grants(role) == {
        "s3:GetObject": {objects("catalog/"), objects("models/"), objects("index/")},
        "s3:ListBucket": {BUCKET_ARN},
        "s3:PutObject": {objects("index/")},
        "s3:DeleteObject": {objects("index/")},
    }
    (listing,) = [s for s in role_statements(role) if s["Action"] == "s3:ListBucket"]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["catalog/*", "index/*"]}}
    (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert trust["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
    assert not role["Properties"].get("ManagedPolicyArns")


def test_state_machine_may_run_only_the_index_job_on_the_given_queue(resources):
    role = resources["IndexStateMachineRole"]
    sync_rule = (
        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/"
        "StepFunctionsGetEventsForBatchJobsRule"
    )

    assert role_grants(role) == {
        "batch:SubmitJob": {"Ref IndexJobDefinition", "Ref IndexJobQueueArn"},
        "batch:TerminateJob": {"arn:${AWS::Partition}:batch:${AWS::Region}:${AWS::AccountId}:job/*"},
        "batch:DescribeJobs": {"*"},
        "events:PutTargets": {sync_rule},
        "events:PutRule": {sync_rule},
        "events:DescribeRule": {sync_rule},
    }
    assert not role["Properties"].get("ManagedPolicyArns")
    assert resources["IndexStateMachine"]["Properties"]["RoleArn"] == {
        "Fn::GetAtt": ["IndexStateMachineRole", "Arn"]
    }
