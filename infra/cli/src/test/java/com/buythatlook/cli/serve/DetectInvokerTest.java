package com.buythatlook.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.buythatlook.cli.delivery.DeliveryRules;
import com.buythatlook.cli.serve.UploadNotifier.ObjectCreated;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lambda's asynchronous invocation of the detect function: event shape, retries, on-failure. */
class DetectInvokerTest {
  private static final ObjectCreated UPLOAD =
      new ObjectCreated(
          "ObjectCreated:Put",
          "btl-local",
          "uploads/look 0001.jpg",
          1234,
          "abc",
          "00000000000000A1",
          Instant.parse("2026-11-26T10:00:00Z"));

  @TempDir Path failed;

  @Test
  void theHandlerGetsTheS3EventAwsSends() throws Exception {
    List<S3Event> seen = new CopyOnWriteArrayList<>();
    try (DetectInvoker invoker =
        new DetectInvoker(
            (event, context) -> {
              seen.add(event);
              return null;
            },
            1,
            new DeliveryRules(0, 10, Duration.ofSeconds(30), 5),
            List.of(),
            Duration.ofSeconds(5),
            failed)) {
      invoker.objectCreated(UPLOAD);
    }

    var record = seen.get(0).getRecords().get(0);
    assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
    assertThat(record.getEventSource()).isEqualTo("aws:s3");
    assertThat(record.getS3().getBucket().getName()).isEqualTo("btl-local");
    assertThat(record.getS3().getObject().getKey()).isEqualTo("uploads/look+0001.jpg");
    assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("uploads/look 0001.jpg");
    assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(1234);
    assertThat(record.getS3().getObject().getSequencer()).isEqualTo("00000000000000A1");
    assertThat(record.getEventTime().getMillis())
        .isEqualTo(Instant.parse("2026-11-26T10:00:00Z").toEpochMilli());
  }

  @Test
  void aFailingInvocationIsTriedThreeTimesThenRecordedAsLambdasOnFailureDestinationDoes()
      throws Exception {
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    try (DetectInvoker invoker =
        new DetectInvoker(
            (event, context) -> {
              attempts.add(Instant.now());
              throw new IllegalStateException("the Looks table is unreachable");
            },
            1,
            DeliveryRules.ofTemplate(),
            List.of(Duration.ofMillis(50), Duration.ofMillis(50)),
            Duration.ofSeconds(5),
            failed)) {
      invoker.objectCreated(UPLOAD);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (listFailed().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }

    assertThat(attempts).hasSize(3);
    List<Path> files = listFailed();
    assertThat(files).hasSize(1);
    JsonNode record = new ObjectMapper().readTree(files.get(0).toFile());
    assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
    assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
    assertThat(record.at("/requestPayload/Records/0/s3/object/key").asText())
        .isEqualTo("uploads/look+0001.jpg");
    assertThat(record.at("/responsePayload/errorMessage").asText())
        .isEqualTo("the Looks table is unreachable");
  }

  private List<Path> listFailed() throws Exception {
    try (var s = Files.list(failed)) {
      return s.toList();
    }
  }
}
