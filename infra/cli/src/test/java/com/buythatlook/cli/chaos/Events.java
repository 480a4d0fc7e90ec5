package com.buythatlook.cli.chaos;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The events the functions get, as Lambda builds them: {@code events/s3-put.json} read with the
 * Lambda Java runtime's own serialiser (what aws-lambda-java-tests' {@code EventLoader} calls)
 * and pointed at one upload, SQS messages as the event source mapping hands them over, and the
 * record an asynchronous invocation's on-failure destination receives.
 */
public final class Events {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PojoSerializer<S3Event> s3Serializer =
      LambdaEventSerializers.serializerFor(S3Event.class, Events.class.getClassLoader());
  private final byte[] s3Template;

  public Events(Path eventsDir) throws IOException {
    this.s3Template = Files.readAllBytes(eventsDir.resolve("s3-put.json"));
  }

  /** {@code events/s3-put.json} as S3 sends it for one new object. */
  S3Event s3Put(String bucket, String key, long size, String eTag, String sequencer) {
    return s3Put(bucket, key, size, eTag, null, sequencer);
  }

  /**
   * {@code events/s3-put.json} as S3 sends it for one new object, keeping the file's own ETag,
   * version id and sequencer.
   */
  public S3Event s3Put(String bucket, String key, long size) {
    S3Event template = template();
    S3ObjectEntity o = template.getRecords().get(0).getS3().getObject();
    return s3Put(template, bucket, key, size, o.geteTag(), o.getVersionId(), o.getSequencer());
  }

  /** {@code events/s3-put.json} as S3 sends it for one new object (version {@code versionId}). */
  public S3Event s3Put(
      String bucket, String key, long size, String eTag, String versionId, String sequencer) {
    return s3Put(template(), bucket, key, size, eTag, versionId, sequencer);
  }

  private S3Event template() {
    return s3Serializer.fromJson(new ByteArrayInputStream(s3Template));
  }

  private static S3Event s3Put(S3Event template, String bucket, String key, long size,
      String eTag, String versionId, String sequencer) {
    S3EventNotificationRecord r = template.getRecords().get(0);
    S3Entity s = r.getS3();
    S3Entity entity = new S3Entity(
        s.getConfigurationId(),
        new S3BucketEntity(bucket, s.getBucket().getOwnerIdentity(), "arn:aws:s3:::" + bucket),
        // keys arrive URL-encoded in S3 events
        new S3ObjectEntity(URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"),
            size, eTag, versionId, sequencer),
        s.getS3SchemaVersion());
    return new S3Event(List.of(new S3EventNotificationRecord(
        r.getAwsRegion(), r.getEventName(), r.getEventSource(), r.getEventTime().toString(),
        r.getEventVersion(), r.getRequestParameters(), r.getResponseElements(), entity,
        r.getUserIdentity())));
  }

  /** The messages as the SQS event source mapping hands them to the function. */
  public static SQSEvent sqs(List<Message> messages, String queueArn, String region) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
      r.setMessageId(m.messageId());
      r.setReceiptHandle(m.receiptHandle());
      r.setBody(m.body());
      r.setMd5OfBody(m.md5OfBody());
      r.setAttributes(Map.copyOf(m.attributesAsStrings()));
      r.setMessageAttributes(Map.of());
      r.setEventSource("aws:sqs");
      r.setEventSourceArn(queueArn);
      r.setAwsRegion(region);
      records.add(r);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  /**
   * The record Lambda sends an asynchronous invocation's on-failure destination once its retries
   * are spent: the condition, the attempt count and the original event as {@code requestPayload}.
   */
  String onFailureRecord(S3Event event, String functionArn, int attempts, String error) {
    ObjectNode record = JSON.createObjectNode();
    record.put("version", "1.0");
    ObjectNode context = record.putObject("requestContext");
    context.put("functionArn", functionArn + ":$LATEST");
    context.put("condition", "RetriesExhausted");
    context.put("approximateInvokeCount", attempts);
    record.putObject("responseContext").put("functionError", "Unhandled");
    record.putObject("responsePayload").put("errorMessage", error);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      s3Serializer.toJson(event, out);
      record.set("requestPayload", JSON.readTree(out.toByteArray()));
      return JSON.writeValueAsString(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The original event of an on-failure record, read back as the runtime would read it. */
  S3Event payloadOf(String onFailureRecord) {
    try {
      JsonNode payload = JSON.readTree(onFailureRecord).path("requestPayload");
      try (InputStream in = new ByteArrayInputStream(JSON.writeValueAsBytes(payload))) {
        return s3Serializer.fromJson(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL-decoded object key of a one-record S3 event. */
  static String key(S3Event event) {
    return event.getRecords().get(0).getS3().getObject().getUrlDecodedKey();
  }
}
