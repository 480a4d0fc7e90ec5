"""The resources other people's code relies on, asserted on the expanded template."""

from __future__ import annotations

import json
import re

import pytest

from template_model import BATCH, INDEX_JOB_PARAMETERS, SUB_VAR, canonical, expand

BUCKET = "${AWS::StackName}-images-${AWS::AccountId}"
FUNCTIONS = ("DetectFunction", "EmbedFunction", "QueryFunction")
SECRET_NAME = re.compile(r"(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL)", re.IGNORECASE)


def sized(sam_template, value, catalog_size=None):
    """A value of the template, with Fn::FindInMap [QuerySizing, Ref CatalogSize, X] looked up
    for a catalog size (default: the parameter's default)."""
    if isinstance(value, dict) and "Fn::FindInMap" in value:
        mapping, key, field = value["Fn::FindInMap"]
        assert mapping == "QuerySizing" and key == {"Ref": "CatalogSize"}, value
        size = catalog_size or sam_template["Parameters"]["CatalogSize"]["Default"]
        return sam_template["Mappings"]["QuerySizing"][size][field]
    return value


def env(resources, function):
    return resources[function]["Properties"]["Environment"]["Variables"]


def literal_env(resources, function):
    return {k: canonical(v) for k, v in env(resources, function).items()}


# ----------------------------------------------------------------------------- functions


@pytest.mark.parametrize(
    "function, code, handler, memory, timeout",
    [
        ("DetectFunction", "functions/detect/target/detect.zip",
         "com.buythatlook.functions.detect.DetectHandler::handleRequest", 2048, 60),
        ("EmbedFunction", "functions/embed/target/embed.zip",
         "com.buythatlook.functions.embed.EmbedHandler::handleRequest", 2048, 60),
        ("QueryFunction", "functions/query/target/query.zip",
         "com.buythatlook.functions.query.QueryHandler::handleRequest", 1024, 15),
    ],
)
def test_function_runs_the_handler_from_its_zip(
    sam_template, resources, function, code, handler, memory, timeout
):
    props = resources[function]["Properties"]

    assert props["Code"] == {"S3Bucket": "packaged-artifacts", "S3Key": code}
    assert props["Handler"] == handler
    assert props["Runtime"] == "java21"
    assert props["Architectures"] == ["x86_64"]
    assert sized(sam_template, props["MemorySize"]) == memory
    assert props["Timeout"] == timeout
    assert props["LoggingConfig"]["LogFormat"] == "JSON"


@pytest.mark.parametrize("function", FUNCTIONS)
def test_function_uses_snapstart_through_the_live_alias(resources, function):
    assert resources[function]["Properties"]["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    alias = resources[f"{function}Aliaslive"]
    assert alias["Type"] == "AWS::Lambda::Alias"
    assert alias["Properties"]["Name"] == "live"


def test_function_environments_are_exactly_what_the_handlers_read(resources):
    common = {
        "BUCKET": BUCKET,
        "LOOKS_TABLE": "Ref LooksTable",
        "POWERTOOLS_SERVICE_NAME": "buy-that-look",
    }

    assert literal_env(resources, "DetectFunction") == {
        **common,
        "EMBED_QUEUE_URL": "Ref EmbedQueue",
        "MIN_SCORE": "0.75",
        "BEST_PER_CATEGORY": "true",
        "INDEXED_CATEGORIES_ONLY": "true",
        "MAX_UPLOAD_BYTES": "10485760",
        "MAX_PIXELS": "40000000",
        "LOOK_TTL_DAYS": "30",
        "DETECTOR_MODEL": "Ref DetectorModel",
    }
    assert literal_env(resources, "EmbedFunction") == {
        **common,
        "EMBEDDER_MODEL": "Ref EmbedderModel",
    }
    assert literal_env(resources, "QueryFunction") == {
        **common,
        "INDEX_REFRESH_SECONDS": "5",
        "INDEX_CACHE_MB": json.dumps(
            {"Fn::FindInMap": ["QuerySizing", {"Ref": "CatalogSize"}, "IndexCacheMb"]},
            sort_keys=True,
        ),
        "UPLOAD_URL_SECONDS": "600",
        "IMAGE_URL_SECONDS": "300",
        "MAX_UPLOAD_BYTES": "10485760",
        "LOOK_TTL_DAYS": "30",
        "JAVA_TOOL_OPTIONS": "--add-modules=jdk.incubator.vector -XX:TieredStopAtLevel=4",
    }


def test_query_function_is_sized_by_the_catalog_size(sam_template, resources):
    """Memory, index cache and /tmp of the query function all come from QuerySizing[CatalogSize],
    and every size's values fit together: the shard cache and as much again of product details
    leave at least a quarter of Lambda's heap (85 % of MemorySize) for parsing and the rest; /tmp
    stays at 512 MB, the most SnapStart allows; each larger size gets more memory and cache."""
    props = resources["QueryFunction"]["Properties"]
    lookup = {"Ref": "CatalogSize"}
    assert props["MemorySize"] == {"Fn::FindInMap": ["QuerySizing", lookup, "MemoryMb"]}
    assert props["EphemeralStorage"] == {
        "Size": {"Fn::FindInMap": ["QuerySizing", lookup, "TmpMb"]}
    }
    assert env(resources, "QueryFunction")["INDEX_CACHE_MB"] == {
        "Fn::FindInMap": ["QuerySizing", lookup, "IndexCacheMb"]
    }
    parameter = sam_template["Parameters"]["CatalogSize"]
    sizing = sam_template["Mappings"]["QuerySizing"]
    assert set(parameter["AllowedValues"]) == set(sizing)
    assert parameter["Default"] in sizing
    assert props["SnapStart"] == {"ApplyOn": "PublishedVersions"}

    def products(size):
        return float(size[:-1]) * (1_000 if size.endswith("k") else 1_000_000)

    previous = None
    for size in sorted(sizing, key=products):
        s = sizing[size]
        assert 128 <= s["MemoryMb"] <= 10240, size
        assert s["TmpMb"] == 512, size
        # a string: it becomes an environment variable, which Lambda holds as text
        assert isinstance(s["IndexCacheMb"], str), size
        cache = int(s["IndexCacheMb"])
        assert 2 * cache <= 0.75 * 0.85 * s["MemoryMb"], size
        # the cache holds the whole index of the tier's largest catalog: ~680 bytes a product
        assert cache * 2**20 >= products(size) * 680, size
        if previous:
            assert s["MemoryMb"] > previous["MemoryMb"], size
            assert cache > int(previous["IndexCacheMb"]), size
        previous = s


@pytest.mark.parametrize("function", FUNCTIONS)
def test_presigned_url_lifetimes_are_at_most_15_minutes(resources, function):
    for name, value in env(resources, function).items():
        if name.endswith("_URL_SECONDS"):
            assert isinstance(value, str) and value.isdigit(), (name, value)
            assert 0 < int(value) <= 900, f"{function} {name}={value}: presigned URLs must expire within 900 s"


@pytest.mark.parametrize("function", FUNCTIONS)
def test_no_environment_variable_holds_a_literal_secret(resources, function):
    for name, value in env(resources, function).items():
        if SECRET_NAME.search(name):
            assert not isinstance(value, str), (
                f"{function} {name} holds a literal; pass secrets by reference (Secrets Manager, SSM)"
            )
        assert not re.search(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b", canonical(value)), (function, name)


def test_template_holds_no_aws_access_key(cfn):
    assert not re.search(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b", json.dumps(cfn))


def test_detect_runs_on_uploads_and_failures_land_in_its_queue(resources):
    (notification,) = resources["ImagesBucket"]["Properties"]["NotificationConfiguration"][
        "LambdaConfigurations"
    ]
    assert notification["Event"] == "s3:ObjectCreated:*"
    assert notification["Filter"] == {"S3Key": {"Rules": [{"Name": "prefix", "Value": "uploads/"}]}}
    assert notification["Function"] == {"Ref": "DetectFunctionAliaslive"}

    invoke = resources["DetectFunctionEventInvokeConfig"]["Properties"]
    assert invoke["MaximumRetryAttempts"] == 2
    assert invoke["Qualifier"] == "live"
    assert canonical(invoke["DestinationConfig"]["OnFailure"]["Destination"]) == "GetAtt DetectFailuresQueue.Arn"


def test_embed_consumes_its_queue_in_batches_with_partial_failures(resources):
    mappings = [r for r in resources.values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
    (mapping,) = mappings
    props = mapping["Properties"]

    assert canonical(props["EventSourceArn"]) == "GetAtt EmbedQueue.Arn"
    assert props["FunctionName"] == {"Ref": "EmbedFunctionAliaslive"}
    assert props["BatchSize"] == 10
    assert 0 <= props["MaximumBatchingWindowInSeconds"] <= 5
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


# ----------------------------------------------------------------------------- queues


def test_embed_queue_visibility_covers_six_function_timeouts_and_redrives_to_its_dlq(resources):
    queue = resources["EmbedQueue"]["Properties"]
    timeout = resources["EmbedFunction"]["Properties"]["Timeout"]
    window = resources["EmbedFunctionEmbed"]["Properties"]["MaximumBatchingWindowInSeconds"]

    assert queue["VisibilityTimeout"] >= 6 * timeout + window
    assert canonical(queue["RedrivePolicy"]["deadLetterTargetArn"]) == "GetAtt EmbedDeadLetterQueue.Arn"
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 5


@pytest.mark.parametrize("queue", ["EmbedQueue", "EmbedDeadLetterQueue", "DetectFailuresQueue"])
def test_queues_are_encrypted(resources, queue):
    assert resources[queue]["Properties"]["SqsManagedSseEnabled"] is True


@pytest.mark.parametrize("queue", ["EmbedDeadLetterQueue", "DetectFailuresQueue"])
def test_failure_queues_keep_messages_14_days(resources, queue):
    assert resources[queue]["Properties"]["MessageRetentionPeriod"] == 14 * 24 * 3600


# ----------------------------------------------------------------------------- bucket


def test_bucket_blocks_public_access_and_acls_and_is_encrypted(resources):
    props = resources["ImagesBucket"]["Properties"]

    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms", "aws:kms:dsse")


def test_bucket_policy_denies_every_request_without_tls(resources):
    (policy,) = [r for r in resources.values() if r["Type"] == "AWS::S3::BucketPolicy"]
    assert policy["Properties"]["Bucket"] == {"Ref": "ImagesBucket"}
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    (deny,) = [s for s in statements if s["Effect"] == "Deny"]

    assert deny["Principal"] == "*"
    assert deny["Action"] == "s3:*"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert {canonical(r) for r in deny["Resource"]} == {
        f"arn:${{AWS::Partition}}:s3:::{BUCKET}",
        f"arn:${{AWS::Partition}}:s3:::{BUCKET}/*",
    }
    assert all(s["Effect"] == "Deny" for s in statements), "the bucket policy only denies"


def test_uploads_photos_and_crops_expire_with_their_looks(resources):
    rules = resources["ImagesBucket"]["Properties"]["LifecycleConfiguration"]["Rules"]
    ttl_days = int(env(resources, "DetectFunction")["LOOK_TTL_DAYS"])
    expiring = {r["Prefix"]: r["ExpirationInDays"] for r in rules if "ExpirationInDays" in r}

    assert expiring == {"uploads/": ttl_days, "photos/": ttl_days, "crops/": ttl_days}
    assert env(resources, "QueryFunction")["LOOK_TTL_DAYS"] == str(ttl_days)
    assert any(
        r["Status"] == "Enabled" and "Prefix" not in r and "Filter" not in r
        and r["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"] <= 7
        for r in rules if "AbortIncompleteMultipartUpload" in r
    )


def test_browsers_may_post_uploads_from_the_stack_page_and_the_allowed_origin(resources, cfn):
    (rule,) = resources["ImagesBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    api_origin = "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"

    # the page the query function serves is at ApiUrl: its origin is the API's
    assert rule["AllowedOrigins"] == [{"Fn::Sub": api_origin}, {"Ref": "AllowedOrigin"}]
    assert canonical(cfn["Outputs"]["ApiUrl"]["Value"]) == api_origin + "/"
    assert "POST" in rule["AllowedMethods"]
    assert set(rule["AllowedMethods"]) <= {"POST", "PUT"}


# ----------------------------------------------------------------------------- tables


def test_the_only_table_is_looks_as_product_details_come_with_each_index_version(resources):
    tables = {name for name, r in resources.items() if r["Type"] == "AWS::DynamoDB::Table"}

    assert tables == {"LooksTable"}


@pytest.mark.parametrize("table, key", [("LooksTable", "lookId")])
def test_tables_are_on_demand_encrypted_and_recoverable(resources, table, key):
    props = resources[table]["Properties"]

    assert props["KeySchema"] == [{"AttributeName": key, "KeyType": "HASH"}]
    assert props["AttributeDefinitions"] == [{"AttributeName": key, "AttributeType": "S"}]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["SSESpecification"] == {"SSEEnabled": True}
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_looks_expire_by_ttl(resources):
    assert resources["LooksTable"]["Properties"]["TimeToLiveSpecification"] == {
        "AttributeName": "expiresAt",
        "Enabled": True,
    }


# ----------------------------------------------------------------------------- API


def test_api_has_exactly_the_api_and_page_routes_on_the_query_alias_with_payload_2(resources):
    body = resources["HttpApi"]["Properties"]["Body"]
    routes = {
        f"{method.upper()} {path}": operation
        for path, item in body["paths"].items()
        for method, operation in item.items()
    }

    assert set(routes) == {
        "POST /looks", "GET /looks/{id}", "GET /products/{id}/similar", "GET /health",
        "GET /openapi.json",
        # the web page's three files (WebPage in the query function)
        "GET /", "GET /app.js", "GET /style.css",
    }
    for route, operation in routes.items():
        integration = operation["x-amazon-apigateway-integration"]
        assert integration["payloadFormatVersion"] == "2.0", route
        assert "QueryFunctionAliaslive" in json.dumps(integration["uri"]), route


def test_api_is_throttled_with_parameters_that_have_sane_defaults(sam_template, resources):
    (stage,) = [r for r in resources.values() if r["Type"] == "AWS::ApiGatewayV2::Stage"]
    settings = stage["Properties"]["DefaultRouteSettings"]
    parameters = sam_template["Parameters"]

    for key in ("ThrottlingBurstLimit", "ThrottlingRateLimit"):
        name = settings[key]["Ref"]
        assert 0 < int(parameters[name]["Default"]) <= 1000, name
        assert int(parameters[name]["MinValue"]) >= 1, name
    assert "AccessLogSettings" in stage["Properties"]


def test_api_cors_allows_get_and_post_from_the_allowed_origin(sam_template):
    # The SAM transform resolves the parameter into the API definition at deploy time.
    site = "https://shop.example.com"
    expanded = expand(sam_template, {"AllowedOrigin": site})
    cors = expanded["Resources"]["HttpApi"]["Properties"]["Body"]["x-amazon-apigateway-cors"]

    assert cors["allowOrigins"] == [site]
    assert {m.upper() for m in cors["allowMethods"]} == {"GET", "POST"}
    origin = sam_template["Parameters"]["AllowedOrigin"]
    assert re.fullmatch(origin["AllowedPattern"], origin["Default"])
    assert re.fullmatch(origin["AllowedPattern"], site)


# ----------------------------------------------------------------------------- alarms


def alarms(resources):
    return {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}


@pytest.mark.parametrize("queue", ["EmbedDeadLetterQueue", "DetectFailuresQueue"])
def test_a_message_in_a_failure_queue_raises_an_alarm(resources, queue):
    matching = [
        a for a in alarms(resources).values()
        if a["Namespace"] == "AWS/SQS"
        and a["Dimensions"] == [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue, "QueueName"]}}]
    ]
    (alarm,) = matching

    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (0, "GreaterThanThreshold")


@pytest.mark.parametrize("function", FUNCTIONS)
def test_function_errors_raise_an_alarm(resources, function):
    (alarm,) = [
        a for a in alarms(resources).values()
        if a["Namespace"] == "AWS/Lambda" and a["Dimensions"][0]["Value"] == {"Ref": function}
    ]

    assert alarm["MetricName"] == "Errors"
    assert alarm["Period"] == 300
    assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (0, "GreaterThanThreshold")


def test_alarms_notify_the_topic_only_when_one_is_given(sam_template, resources):
    assert sam_template["Parameters"]["AlarmTopicArn"]["Default"] == ""
    for name, alarm in alarms(resources).items():
        for key in ("AlarmActions", "OKActions"):
            assert alarm[key] == {
                "Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}], {"Ref": "AWS::NoValue"}]
            }, name


# ----------------------------------------------------------------------------- index batch job

INDEX_JOB_RESOURCES = {"IndexJobRole", "IndexJobDefinition", "IndexStateMachine", "IndexStateMachineRole"}


def test_index_job_resources_exist_only_when_a_job_queue_is_given(sam_template, cfn):
    conditional = {n for n, r in cfn["Resources"].items() if r.get("Condition") == "HasIndexJob"}

    assert conditional == INDEX_JOB_RESOURCES
    assert cfn["Conditions"]["HasIndexJob"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "IndexJobQueueArn"}, ""]}]}
    assert sam_template["Parameters"]["IndexJobQueueArn"]["Default"] == ""
    # and the template also expands with the defaults, i.e. without the job
    assert expand(sam_template)["Resources"].keys() >= {"DetectFunction", "HttpApi"}


def container_variables() -> set[str]:
    """BTL_* variables the image reads: entrypoint.sh's, and those the Dockerfile sets for btl."""
    entrypoint = (BATCH / "entrypoint.sh").read_text(encoding="utf-8")
    dockerfile = (BATCH / "Dockerfile").read_text(encoding="utf-8")
    return set(re.findall(r"\$\{(BTL_[A-Z_]+)", entrypoint)) | set(
        re.findall(r"^\s*(?:ENV\s+)?(BTL_[A-Z_]+)=", dockerfile, re.MULTILINE)
    )


def test_index_job_definition_runs_the_image_on_a_gpu_with_its_role(resources):
    props = resources["IndexJobDefinition"]["Properties"]
    container = props["ContainerProperties"]
    requirements = {r["Type"]: r["Value"] for r in container["ResourceRequirements"]}
    environment = {e["Name"]: canonical(e["Value"]) for e in container["Environment"]}

    assert props["Type"] == "container"
    assert int(requirements["GPU"]) >= 1
    assert container["Image"] == {"Ref": "IndexJobImage"}
    assert container["JobRoleArn"] == {"Fn::GetAtt": ["IndexJobRole", "Arn"]}
    assert environment["BTL_CATALOG"] == f"s3://{BUCKET}/catalog/"
    assert environment["BTL_OUT"] == f"s3://{BUCKET}/"
    assert set(environment) <= container_variables(), "only variables the image reads"


def test_state_machine_substitutes_every_placeholder_of_its_definition(sam_template, resources):
    source = sam_template["Resources"]["IndexStateMachine"]["Properties"]
    definition_text = (BATCH.parent.parent / source["DefinitionUri"]).read_text(encoding="utf-8")
    definition = json.loads(definition_text)
    placeholders = set(SUB_VAR.findall(definition_text))
    props = resources["IndexStateMachine"]["Properties"]

    assert set(props["DefinitionSubstitutions"]) == placeholders
    assert props["DefinitionSubstitutions"]["JobDefinitionArn"] == {"Ref": "IndexJobDefinition"}
    assert props["DefinitionSubstitutions"]["JobQueueArn"] == {"Ref": "IndexJobQueueArn"}
    assert props["StateMachineType"] == "STANDARD"
    task = definition["States"][definition["StartAt"]]
    assert task["Resource"] == "arn:aws:states:::batch:submitJob.sync"


def test_index_job_needs_an_image_when_it_is_switched_on(sam_template):
    (rule,) = sam_template["Rules"].values()

    assert rule["RuleCondition"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "IndexJobQueueArn"}, ""]}]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "IndexJobImage"}, ""]}]}
    assert re.fullmatch(
        sam_template["Parameters"]["IndexJobQueueArn"]["AllowedPattern"],
        INDEX_JOB_PARAMETERS["IndexJobQueueArn"],
    )


# ----------------------------------------------------------------------------- outputs


def test_outputs_name_what_clients_and_operators_need(cfn):
    outputs = cfn["Outputs"]

    assert {
        "ApiUrl", "BucketName", "LooksTableName",
        "EmbedQueueUrl", "EmbedDeadLetterQueueUrl", "DetectFailuresQueueUrl",
    } <= set(outputs)
    assert outputs["BucketName"]["Value"] == {"Ref": "ImagesBucket"}
    assert outputs["EmbedQueueUrl"]["Value"] == {"Ref": "EmbedQueue"}
    assert "execute-api" in canonical(outputs["ApiUrl"]["Value"])


@pytest.mark.parametrize("parameter", ["DetectorModel", "EmbedderModel"])
def test_model_parameters_take_a_models_prefix_or_nothing(sam_template, parameter):
    """Empty keeps the zip's bundled model; otherwise a models/{name}/{version}/ prefix of the
    images bucket (ModelLocation's rule), which the function's role may read."""
    p = sam_template["Parameters"][parameter]
    assert p["Default"] == ""
    pattern = re.compile(p["AllowedPattern"])
    for ok in ["", "models/detector/2.0/", "models/clip-vit_b32/1", "models/yolo11n/2026.12.07/"]:
        assert pattern.fullmatch(ok), ok
    for bad in ["s3://bucket/models/x/1/", "models/x/", "models/../index/1/", "models/../x/", "index/v1/", "/models/x/1/"]:
        assert not pattern.fullmatch(bad), bad
