package com.buythatlook.cli.delivery;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Lambda's asynchronous invocation, as S3 notifications invoke a function: an attempt that throws
 * is retried {@link DeliveryRules#maximumRetryAttempts()} times, and after the last failed attempt
 * the on-failure destination gets Lambda's record (condition {@code RetriesExhausted}, the attempt
 * count, the event as {@code requestPayload}, the error as {@code responsePayload}).
 *
 * <p>When a retry runs is the caller's: Lambda waits about one, then two minutes; {@code btl serve}
 * waits seconds; the chaos run puts the retry back among its pending events.
 *
 * @param <E> the event type, written into the record with the Lambda runtime's own serialiser
 */
public final class AsyncInvocation<E> {
  /** Where a failed attempt leaves the event. */
  public enum Outcome {
    SUCCEEDED,
    /** the attempt failed and another is due */
    RETRY,
    /** the last attempt failed; the record went to the on-failure destination */
    SENT_TO_DESTINATION
  }

  /** The on-failure destination: an SQS queue in AWS, a folder in {@code btl serve}. */
  @FunctionalInterface
  public interface Destination {
    void send(String record) throws IOException;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String functionArn;
  private final RequestHandler<E, ?> function;
  private final Supplier<Context> contexts;
  private final int maximumRetryAttempts;
  private final Destination onFailure;
  private final PojoSerializer<E> serializer;

  /**
   * @param contexts a fresh Lambda context per attempt
   */
  public AsyncInvocation(
      Class<E> eventType,
      String functionArn,
      RequestHandler<E, ?> function,
      Supplier<Context> contexts,
      DeliveryRules rules,
      Destination onFailure) {
    this.functionArn = functionArn;
    this.function = function;
    this.contexts = contexts;
    this.maximumRetryAttempts = rules.maximumRetryAttempts();
    this.onFailure = onFailure;
    this.serializer =
        LambdaEventSerializers.serializerFor(eventType, AsyncInvocation.class.getClassLoader());
  }

  /**
   * Runs attempt number {@code attempt} (1 for the first) of the event.
   *
   * @throws UncheckedIOException when the record cannot be sent to the destination
   */
  public Outcome attempt(E event, int attempt) {
    Context context = contexts.get();
    try {
      function.handleRequest(event, context);
      return Outcome.SUCCEEDED;
    } catch (RuntimeException | LinkageError e) {
      if (attempt <= maximumRetryAttempts) {
        return Outcome.RETRY;
      }
      String requestId = context == null ? UUID.randomUUID().toString() : context.getAwsRequestId();
      try {
        onFailure.send(record(event, attempt, requestId, e));
      } catch (IOException io) {
        throw new UncheckedIOException("cannot send the on-failure record of " + functionArn, io);
      }
      return Outcome.SENT_TO_DESTINATION;
    }
  }

  /** The record Lambda sends the on-failure destination. */
  String record(E event, int attempts, String requestId, Throwable e) {
    ObjectNode record = JSON.createObjectNode();
    record.put("version", "1.0");
    record.put("timestamp", Instant.now().toString());
    record
        .putObject("requestContext")
        .put("requestId", requestId)
        .put("functionArn", functionArn + ":$LATEST")
        .put("condition", "RetriesExhausted")
        .put("approximateInvokeCount", attempts);
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    serializer.toJson(event, payload);
    try {
      record.set("requestPayload", JSON.readTree(payload.toByteArray()));
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
    record
        .putObject("responseContext")
        .put("statusCode", 200)
        .put("executedVersion", "$LATEST")
        .put("functionError", "Unhandled");
    ObjectNode response =
        record
            .putObject("responsePayload")
            .put("errorMessage", String.valueOf(e.getMessage()))
            .put("errorType", e.getClass().getName());
    ArrayNode trace = response.putArray("stackTrace");
    for (StackTraceElement s : e.getStackTrace()) {
      trace.add(s.toString());
    }
    return record.toString();
  }

  /** The event of an on-failure record, read back as the runtime reads it (for a redrive). */
  public E payloadOf(String record) {
    try {
      byte[] payload = JSON.writeValueAsBytes(JSON.readTree(record).path("requestPayload"));
      return serializer.fromJson(new java.io.ByteArrayInputStream(payload));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
