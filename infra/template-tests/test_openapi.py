"""docs/openapi.json is a valid OpenAPI 3.1 document, and the HTTP API of template.yaml routes
exactly its paths to the query function (the Java tests check the responses against it)."""
import json
from pathlib import Path

from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]


def _doc():
    return json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))


def test_openapi_json_is_a_valid_openapi_3_1_document():
    doc = _doc()
    assert doc["openapi"] == "3.1.0"
    validate(doc)


def test_every_documented_operation_is_a_route_of_the_query_function(sam_template):
    doc = _doc()
    documented = {f"{method.upper()} {path}" for path, item in doc["paths"].items() for method in item}
    events = sam_template["Resources"]["QueryFunction"]["Properties"]["Events"].values()
    routes = {f'{e["Properties"]["Method"]} {e["Properties"]["Path"]}' for e in events if e["Type"] == "HttpApi"}
    assert documented == routes
