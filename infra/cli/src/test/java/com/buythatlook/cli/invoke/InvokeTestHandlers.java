package com.buythatlook.cli.invoke;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test scaffolding: tiny handlers for the runtime side of btl invoke to load and call. */
public final class InvokeTestHandlers {
  private InvokeTestHandlers() {}

  /** Answers with what it saw: the path, its environment and its context. */
  public static final class Echo
      implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
      context.getLogger().log("echo " + event.getRawPath());
      Map<String, Object> seen = new TreeMap<>();
      seen.put("path", event.getRawPath());
      seen.put("functionName", context.getFunctionName());
      seen.put("memory", context.getMemoryLimitInMB());
      seen.put("remainingMillis", context.getRemainingTimeInMillis());
      seen.put("requestId", context.getAwsRequestId());
      seen.put("env", new TreeMap<>(System.getenv()));
      seen.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
      try {
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(seen);
        return APIGatewayV2HTTPResponse.builder()
            .withStatusCode(200)
            .withHeaders(Map.of("content-type", "application/json"))
            .withBody(body)
            .build();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Fails the way a handler with a bug does. */
  public static final class Throwing implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
      throw new IllegalArgumentException("no look \"" + event.get("lookId") + "\"");
    }
  }

  /** Never finishes in time, and ignores interrupts. */
  public static final class Sleeping implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
      long until = System.nanoTime() + 120_000_000_000L;
      while (System.nanoTime() < until) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ignored) {
          // keep sleeping
        }
      }
      return "woke up";
    }
  }

  /** A constructor that needs configuration it does not get. */
  public static final class NeedsBucket implements RequestHandler<Map<String, Object>, String> {
    public NeedsBucket() {
      String bucket = System.getenv("BUCKET");
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalStateException("environment variable BUCKET is not set");
      }
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
      return System.getenv("BUCKET");
    }
  }

  /** Exits the JVM under the runtime's feet. */
  public static final class Exiting implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
      System.exit(3);
      return "unreachable";
    }
  }

  /** The S3 event through the runtime's own S3 serialiser; a list back. */
  public static final class S3Keys implements RequestHandler<S3Event, List<String>> {
    @Override
    public List<String> handleRequest(S3Event event, Context context) {
      List<String> keys = new ArrayList<>();
      event
          .getRecords()
          .forEach(
              r ->
                  keys.add(
                      r.getS3().getObject().getUrlDecodedKey() + " " + r.getEventTime().getYear()));
      return keys;
    }
  }

  /** A void handler: the runtime answers null. */
  public static final class Silent implements RequestHandler<S3Event, Void> {
    @Override
    public Void handleRequest(S3Event event, Context context) {
      return null;
    }
  }

  /** Type arguments given through a generic superclass. */
  public abstract static class Base<I, O> implements RequestHandler<I, O> {}

  public static final class Derived extends Base<Map<String, Integer>, Integer> {
    @Override
    public Integer handleRequest(Map<String, Integer> event, Context context) {
      return event.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** A static method handler with no context. */
  public static final class Functions {
    public static String shout(String in) {
      return in.toUpperCase(java.util.Locale.ROOT);
    }
  }
}
