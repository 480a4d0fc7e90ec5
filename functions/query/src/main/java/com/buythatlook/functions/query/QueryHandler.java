package com.buythatlook.functions.query;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.buythatlook.core.api.ApiRequest;
import com.buythatlook.core.api.ApiResponse;
import com.buythatlook.core.api.LookApi;
import com.buythatlook.core.aws.AwsClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * API Gateway HTTP API (payload 2.0) → {@link LookApi}, and the web page's three files ({@link
 * WebPage}). Only converts: the event into an {@link ApiRequest}, the {@link ApiResponse} into the
 * proxy response. Every status, error body and log line about a look comes from {@code LookApi},
 * which the local runtime calls too.
 *
 * <p>Conversion rules: the path is {@code rawPath} (still percent-encoded, as the API decodes
 * segments itself) without the stage prefix of a named stage; the query is {@code rawQueryString},
 * because {@code queryStringParameters} joins a repeated parameter's values with commas and {@code
 * brand} repeats; a base64 body ({@code isBase64Encoded}) is decoded.
 */
public final class QueryHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final WebPage PAGE = new WebPage();

  private final LookApi api;

  /** Used by the Lambda runtime: the API is built once per container from the environment. */
  public QueryHandler() {
    this(QueryFunction.fromEnvironment());
  }

  /** For tests and the local runtime, with an API of their making. */
  public QueryHandler(LookApi api) {
    this.api = api;
  }

  /**
   * The handler exactly as Lambda builds it, but from the environment given here instead of the
   * process's: to run a deployed function's configuration elsewhere (the deployed-stack test reads
   * it from the created stack).
   *
   * @param spillDir where evicted shards go (Lambda: /tmp/btl-shards)
   */
  public static QueryHandler forEnvironment(
      Map<String, String> env, AwsClients aws, Path spillDir) {
    return new QueryHandler(QueryFunction.build(env::get, aws, spillDir));
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    ApiResponse response;
    ApiRequest request = toRequest(event);
    if (request != null) {
      var file = PAGE.answer(request.method(), request.path());
      if (file.isPresent()) {
        return file.get();
      }
    }
    if (request == null) {
      // API Gateway encodes bodies itself, so only a hand-made event gets here: still a 400
      response =
          ApiResponse.error(400, "invalid_body", "the event says the body is base64 but it is not");
    } else if (context == null) {
      response = api.handle(request);
    } else {
      // request id, function name and cold start in every line's JSON, as the Powertools
      // @Logging annotation would add them (without needing AspectJ weaving)
      response = PowertoolsLogging.withLogging(context, () -> api.handle(request));
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(new LinkedHashMap<>(response.headers()))
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }

  /** The request, or {@code null} when the body claims base64 but is not. */
  static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    var http = context == null ? null : context.getHttp();
    String method = http != null && http.getMethod() != null ? http.getMethod() : methodOf(event);
    String path =
        event.getRawPath() != null ? event.getRawPath() : http == null ? "/" : http.getPath();
    path = withoutStage(path, context == null ? null : context.getStage());
    Map<String, List<String>> query =
        event.getRawQueryString() != null
            ? ApiRequest.parseQuery(event.getRawQueryString())
            : singleValued(event.getQueryStringParameters());
    byte[] body;
    if (event.getBody() == null) {
      body = null;
    } else if (event.getIsBase64Encoded()) {
      try {
        body = Base64.getDecoder().decode(event.getBody());
      } catch (IllegalArgumentException e) {
        return null;
      }
    } else {
      body = event.getBody().getBytes(StandardCharsets.UTF_8);
    }
    return new ApiRequest(method, path, query, event.getHeaders(), body);
  }

  /** {@code "GET /looks/{id}"} → GET, for events without a request context (hand-made ones). */
  private static String methodOf(APIGatewayV2HTTPEvent event) {
    String route = event.getRouteKey();
    int space = route == null ? -1 : route.indexOf(' ');
    return space > 0 ? route.substring(0, space) : "GET";
  }

  /** A named stage appears as the first segment of rawPath; {@code $default} does not. */
  private static String withoutStage(String path, String stage) {
    if (path == null || stage == null || stage.isEmpty() || stage.equals("$default")) {
      return path;
    }
    String prefix = "/" + stage;
    if (path.equals(prefix)) {
      return "/";
    }
    return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
  }

  private static Map<String, List<String>> singleValued(Map<String, String> parameters) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (parameters != null) {
      parameters.forEach((k, v) -> out.put(k, List.of(v == null ? "" : v)));
    }
    return out;
  }
}
