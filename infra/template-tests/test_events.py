"""The events/ files are what AWS (and `sam local generate-event`) would send, and they
match the template: the S3 key passes the notification filter, every HTTP event hits a
route the API has."""

from __future__ import annotations

import base64
import hashlib
import json
from urllib.parse import parse_qsl, quote, unquote_plus

import pytest

from template_model import EVENTS

LOOK_ID = "3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10"
HTTP_EVENTS = {
    "http-post-looks.json": ("POST /looks", "/looks", {}, None),
    "http-get-look.json": (
        "GET /looks/{id}",
        f"/looks/{LOOK_ID}",
        {"k": "6", "minPrice": "10", "maxPrice": "200", "brand": "Halden"},
        {"id": LOOK_ID},
    ),
    "http-get-similar.json": ("GET /products/{id}/similar", "/products/1/similar", {"k": "6"}, {"id": "1"}),
    "http-get-health.json": ("GET /health", "/health", {}, None),
}


def load(name: str) -> dict:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def test_events_folder_holds_the_documented_files():
    files = {p.name for p in EVENTS.iterdir()}
    readme = (EVENTS / "README.md").read_text(encoding="utf-8")

    assert files == {"README.md", "s3-put.json", "sqs-embed.json", *HTTP_EVENTS}
    for name in files - {"README.md"}:
        assert f"`{name}`" in readme, name


def test_s3_put_event_is_an_upload_the_detect_function_is_subscribed_to(resources):
    (record,) = load("s3-put.json")["Records"]
    s3 = record["s3"]
    key = unquote_plus(s3["object"]["key"])
    (notification,) = resources["ImagesBucket"]["Properties"]["NotificationConfiguration"][
        "LambdaConfigurations"
    ]
    (prefix_rule,) = notification["Filter"]["S3Key"]["Rules"]

    assert record["eventSource"] == "aws:s3"
    assert record["eventName"].startswith("ObjectCreated:")
    assert s3["bucket"] == {**s3["bucket"], "name": "btl-test-images", "arn": "arn:aws:s3:::btl-test-images"}
    assert key == f"uploads/{LOOK_ID}.jpg"
    assert s3["object"]["key"] == quote(key), "keys arrive URL-encoded"
    assert key.startswith(prefix_rule["Value"])
    assert s3["object"]["size"] > 0
    assert int(s3["object"]["sequencer"], 16) > 0


def test_sqs_event_carries_two_look_messages_from_the_embed_queue():
    records = load("sqs-embed.json")["Records"]
    bodies = [json.loads(r["body"]) for r in records]

    assert len(records) == 2
    assert bodies[0] == {"lookId": LOOK_ID}
    assert set(bodies[1]) == {"lookId"} and bodies[1]["lookId"] != LOOK_ID
    assert len({r["messageId"] for r in records}) == 2
    for r in records:
        assert r["eventSource"] == "aws:sqs"
        assert r["eventSourceARN"] == "arn:aws:sqs:us-east-1:123456789012:btl-embed"
        assert r["md5OfBody"] == hashlib.md5(r["body"].encode()).hexdigest()
        assert r["attributes"]["ApproximateReceiveCount"] == "1"


@pytest.mark.parametrize("name", sorted(HTTP_EVENTS))
def test_http_event_is_a_payload_2_request_for_a_route_of_the_api(resources, name):
    route_key, path, query, path_parameters = HTTP_EVENTS[name]
    event = load(name)
    context = event["requestContext"]
    routes = {
        f"{method.upper()} {p}"
        for p, item in resources["HttpApi"]["Properties"]["Body"]["paths"].items()
        for method in item
    }

    assert event["version"] == "2.0"
    assert route_key in routes
    assert event["routeKey"] == context["routeKey"] == route_key
    assert context["http"]["method"] == route_key.split(" ")[0]
    assert event["rawPath"] == context["http"]["path"] == path
    assert context["stage"] == "$default"
    assert dict(parse_qsl(event["rawQueryString"])) == query
    assert event.get("queryStringParameters") == (query or None)
    assert event.get("pathParameters") == path_parameters


def test_post_looks_body_is_base64_json_asking_for_a_jpeg_upload():
    event = load("http-post-looks.json")

    assert event["isBase64Encoded"] is True
    assert json.loads(base64.b64decode(event["body"])) == {"contentType": "image/jpeg"}
    assert event["headers"]["content-type"] == "application/json"


@pytest.mark.parametrize("name", [n for n in HTTP_EVENTS if "-get-" in n])
def test_get_events_have_no_body(name):
    event = load(name)

    assert "body" not in event
    assert event["isBase64Encoded"] is False
