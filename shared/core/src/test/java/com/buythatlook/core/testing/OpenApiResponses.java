package com.buythatlook.core.testing;

import com.buythatlook.core.api.OpenApiDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Checks an API response against {@code docs/openapi.json} (the copy the build packages beside
 * {@link OpenApiDocument}), with networknt's JSON Schema validator in the OpenAPI 3.1 dialect. The
 * request's path picks the path item, its method the operation, the status the documented response,
 * and the body must be JSON valid against that response's schema. A status the document does not
 * list for the operation fails. A path that matches no path item must be a 404, a method the path
 * item lacks a 405, both with the error schema; any route may answer 413 to an oversized body, as
 * the document says.
 */
public final class OpenApiResponses {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCATION =
      "classpath:com/buythatlook/core/api/" + OpenApiDocument.RESOURCE;
  private static final JsonNode DOC = readDocument();

  /** OpenAPI 3.1's dialect, knowing the document's top-level fields as non-schema keywords. */
  private static final JsonMetaSchema DIALECT =
      JsonMetaSchema.builder(OpenApi31.getInstance())
          .keywords(
              Stream.of(
                      "openapi",
                      "jsonSchemaDialect",
                      "info",
                      "servers",
                      "paths",
                      "components",
                      "webhooks",
                      "security",
                      "tags",
                      "externalDocs")
                  .map(NonValidationKeyword::new)
                  .toList())
          .build();

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.metaSchema(DIALECT).defaultMetaSchemaIri(DIALECT.getIri()));
  private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
  private static final String ERROR_SCHEMA = "#/components/schemas/Error";

  private OpenApiResponses() {}

  /**
   * Fails with an {@link AssertionError} that names the route, status and every violation when the
   * response does not conform to the document.
   *
   * @param rawPath the request's path as sent, percent-encoded, without the query string
   * @param contentType the response's Content-Type header
   */
  public static void check(
      String method, String rawPath, int status, String contentType, String body) {
    String what = method + " " + rawPath + " → " + status;
    String page = pageType("GET", rawPath, 200);
    if (page != null
        && status == 404
        && contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      // the web page's files are answered in front of the API (the query handler's WebPage,
      // btl serve's front): the API alone knows no such route, and says so with an error
      check404(what, body);
      return;
    }
    page = pageType(method, rawPath, status);
    if (page != null) { // the web page's files: their documented type, no schema to check
      if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(page)) {
        throw new AssertionError(what + ": Content-Type is " + contentType + ", not " + page);
      }
      return;
    }
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new AssertionError(what + ": Content-Type is " + contentType + ", not JSON");
    }
    String template = template(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    String schemaRef;
    if (template == null) {
      expectStatus(what, status, 404, "no path of the document matches");
      schemaRef = ERROR_SCHEMA;
    } else {
      // methods are case-sensitive: "get" is not GET (the document's keys are GET's lower case)
      JsonNode operation =
          method.equals(method.toUpperCase(Locale.ROOT))
              ? DOC.path("paths").path(template).path(method.toLowerCase(Locale.ROOT))
              : DOC.path("paths").path(template).path("not-a-method");
      if (operation.isMissingNode()) {
        expectStatus(what, status, 405, template + " has no " + method + " operation");
        schemaRef = ERROR_SCHEMA;
      } else {
        JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
        if (response.isMissingNode()) {
          throw new AssertionError(
              what
                  + ": status "
                  + status
                  + " is not documented for "
                  + method
                  + " "
                  + template
                  + " in openapi.json (documented: "
                  + fieldNames(operation.path("responses"))
                  + "); body "
                  + body);
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (!schema.has("$ref")) {
          throw new AssertionError(
              method
                  + " "
                  + template
                  + " "
                  + status
                  + ": the document's response schema is not a $ref to components/schemas");
        }
        schemaRef = schema.get("$ref").asText();
      }
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(what + ": the body is not JSON: " + body, e);
    }
    Set<ValidationMessage> errors = schema(schemaRef).validate(node);
    if (!errors.isEmpty()) {
      throw new AssertionError(
          what
              + ": the body does not match "
              + schemaRef
              + " of openapi.json: "
              + errors
              + "\nbody: "
              + body);
    }
  }

  private static void check404(String what, String body) {
    Set<ValidationMessage> errors;
    try {
      errors = schema(ERROR_SCHEMA).validate(JSON.readTree(body));
    } catch (IOException e) {
      throw new AssertionError(what + ": the body is not JSON: " + body, e);
    }
    if (!errors.isEmpty()) {
      throw new AssertionError(what + ": the body does not match " + ERROR_SCHEMA + ": " + errors);
    }
  }

  /** The documented non-JSON content type of a 200 answer of this route, or null. */
  private static String pageType(String method, String rawPath, int status) {
    String template = template(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    if (template == null || !"GET".equals(method) || status != 200) {
      return null;
    }
    JsonNode content =
        resolve(DOC.path("paths").path(template).path("get").path("responses").path("200"))
            .path("content");
    if (content.isMissingNode() || content.has("application/json") || content.size() != 1) {
      return null;
    }
    return content.fieldNames().next();
  }

  private static void expectStatus(String what, int status, int expected, String why) {
    if (status != expected && status != 413) {
      throw new AssertionError(what + ": " + why + ", so the answer must be " + expected);
    }
  }

  /** The document's path template for a request path, or null; a trailing slash is ignored. */
  static String template(String path) {
    if (!path.startsWith("/")) {
      return null;
    }
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String[] segments = p.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = decode(segments[i]); // as the API matches them: /%68ealth is /health
    }
    for (Iterator<String> it = DOC.path("paths").fieldNames(); it.hasNext(); ) {
      String template = it.next();
      String[] parts = template.substring(1).split("/", -1);
      if (parts.length != segments.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < parts.length && match; i++) {
        // an empty id segment (/looks//) is still that route: its answer is invalid_look_id
        match = parts[i].startsWith("{") || parts[i].equals(segments[i]);
      }
      if (match) {
        return template;
      }
    }
    return null;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment; // a bad escape: the API refuses it, within the route it names
    }
  }

  /** A response object, following one {@code $ref} to components/responses. */
  private static JsonNode resolve(JsonNode response) {
    if (response.has("$ref")) {
      return DOC.at(response.get("$ref").asText().substring(1));
    }
    return response;
  }

  private static JsonSchema schema(String ref) {
    return SCHEMAS.computeIfAbsent(ref, r -> FACTORY.getSchema(SchemaLocation.of(LOCATION + r)));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static JsonNode readDocument() {
    try {
      return JSON.readTree(OpenApiDocument.text());
    } catch (IOException e) {
      throw new IllegalStateException("openapi.json is not JSON", e);
    }
  }
}
