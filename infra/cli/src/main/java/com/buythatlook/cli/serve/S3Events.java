package com.buythatlook.cli.serve;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.buythatlook.cli.serve.UploadNotifier.ObjectCreated;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the S3 event notification AWS sends to a function for one created object: the same fields,
 * the same URL-encoded key (handlers must use {@code getUrlDecodedKey()}, as in production).
 */
final class S3Events {
  static final String REGION = "us-east-1";

  /** The principal S3 names in locally made events. */
  private static final String PRINCIPAL = "btl-local";

  private S3Events() {}

  static S3Event of(ObjectCreated e) {
    var userIdentity = new S3EventNotification.UserIdentityEntity(PRINCIPAL);
    var object =
        new S3EventNotification.S3ObjectEntity(
            encodeKey(e.key()), e.size(), e.eTag(), null, e.sequencer());
    var bucket =
        new S3EventNotification.S3BucketEntity(
            e.bucket(), userIdentity, "arn:aws:s3:::" + e.bucket());
    var s3 = new S3EventNotification.S3Entity("uploads", bucket, object, "1.0");
    var record =
        new S3EventNotificationRecord(
            REGION,
            e.eventName(),
            "aws:s3",
            e.time().toString(),
            "2.1",
            new S3EventNotification.RequestParametersEntity("127.0.0.1"),
            new S3EventNotification.ResponseElementsEntity("local", "local"),
            s3,
            userIdentity);
    return new S3Event(List.of(record));
  }

  /** S3 URL-encodes each key segment in events, spaces as '+', and leaves '/' as it is. */
  static String encodeKey(String key) {
    return Stream.of(key.split("/", -1))
        .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8))
        .collect(Collectors.joining("/"));
  }
}
