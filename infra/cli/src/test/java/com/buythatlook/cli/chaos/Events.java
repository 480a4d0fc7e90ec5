package com.buythatlook.cli.chaos;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The events the functions get, as Lambda builds them: {@code events/s3-put.json} read with the
 * Lambda Java runtime's own serialiser (what aws-lambda-java-tests' {@code EventLoader} calls) and
 * pointed at one upload.
 */
public final class Events {

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

  private static S3Event s3Put(
      S3Event template,
      String bucket,
      String key,
      long size,
      String eTag,
      String versionId,
      String sequencer) {
    S3EventNotificationRecord r = template.getRecords().get(0);
    S3Entity s = r.getS3();
    S3Entity entity =
        new S3Entity(
            s.getConfigurationId(),
            new S3BucketEntity(bucket, s.getBucket().getOwnerIdentity(), "arn:aws:s3:::" + bucket),
            // keys arrive URL-encoded in S3 events
            new S3ObjectEntity(
                URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"),
                size,
                eTag,
                versionId,
                sequencer),
            s.getS3SchemaVersion());
    return new S3Event(
        List.of(
            new S3EventNotificationRecord(
                r.getAwsRegion(),
                r.getEventName(),
                r.getEventSource(),
                r.getEventTime().toString(),
                r.getEventVersion(),
                r.getRequestParameters(),
                r.getResponseElements(),
                entity,
                r.getUserIdentity())));
  }

  /** The URL-decoded object key of a one-record S3 event. */
  static String key(S3Event event) {
    return event.getRecords().get(0).getS3().getObject().getUrlDecodedKey();
  }
}
