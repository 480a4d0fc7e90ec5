package com.buythatlook.cli.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The numbers of AWS's delivery where template.yaml sets them: the detect function's {@code
 * EventInvokeConfig.MaximumRetryAttempts}, the embed function's SQS event {@code BatchSize}, and
 * its queue's {@code VisibilityTimeout} and {@code RedrivePolicy.maxReceiveCount}. Where the
 * template leaves one out, AWS's default applies (2 retries, 10 messages, 30 s).
 *
 * @param maximumRetryAttempts retries of a failed asynchronous invocation (so attempts are one
 *     more)
 * @param batchSize most messages in one SQS event
 * @param visibilityTimeout how long a received message stays hidden
 * @param maxReceiveCount receives after which an undeleted message goes to the dead-letter queue
 */
public record DeliveryRules(
    int maximumRetryAttempts, int batchSize, Duration visibilityTimeout, int maxReceiveCount) {
  /** btl's jar carries the template it was built with (infra/cli/pom.xml). */
  static final String RESOURCE = "/template.yaml";

  static final String DETECT_FUNCTION = "DetectFunction";
  static final String EMBED_FUNCTION = "EmbedFunction";

  public DeliveryRules {
    if (maximumRetryAttempts < 0
        || batchSize < 1
        || batchSize > 10
        || visibilityTimeout.isNegative()
        || visibilityTimeout.isZero()
        || maxReceiveCount < 1) {
      throw new IllegalArgumentException(
          "not delivery settings AWS accepts: "
              + maximumRetryAttempts
              + " retries, batch "
              + batchSize
              + ", visibility "
              + visibilityTimeout
              + ", maxReceiveCount "
              + maxReceiveCount);
    }
  }

  /** The rules of the template.yaml in btl's jar. */
  public static DeliveryRules ofTemplate() {
    try (InputStream in = DeliveryRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("btl was built without " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rules of a SAM template's text. */
  static DeliveryRules parse(String yaml) {
    Map<?, ?> resources = map(map(CfnYaml.parse(yaml), "template").get("Resources"), "Resources");
    Map<?, ?> detect = properties(resources, DETECT_FUNCTION);
    Object invokeConfig = detect.get("EventInvokeConfig");
    int retries =
        invokeConfig == null
            ? 2
            : number(map(invokeConfig, "EventInvokeConfig").get("MaximumRetryAttempts"), 2);
    Map<?, ?> sqsEvent = null;
    for (Object e : map(properties(resources, EMBED_FUNCTION).get("Events"), "Events").values()) {
      if ("SQS".equals(map(e, "event").get("Type"))) {
        sqsEvent = map(map(e, "event").get("Properties"), "SQS event Properties");
      }
    }
    if (sqsEvent == null) {
      throw new IllegalArgumentException(EMBED_FUNCTION + " has no SQS event");
    }
    // Queue: !GetAtt EmbedQueue.Arn
    Object att = map(sqsEvent.get("Queue"), "Queue").get("Fn::GetAtt");
    if (!(att instanceof List<?> l) || l.isEmpty()) {
      throw new IllegalArgumentException("the SQS event's Queue is not a !GetAtt of a queue");
    }
    Map<?, ?> queue = properties(resources, String.valueOf(l.get(0)));
    Object redrive = queue.get("RedrivePolicy");
    if (redrive == null) {
      throw new IllegalArgumentException("the embed queue has no RedrivePolicy");
    }
    return new DeliveryRules(
        retries,
        number(sqsEvent.get("BatchSize"), 10),
        Duration.ofSeconds(number(queue.get("VisibilityTimeout"), 30)),
        number(map(redrive, "RedrivePolicy").get("maxReceiveCount"), -1));
  }

  /** The same rules with another visibility timeout (tests and a local run need no 6.5 min). */
  public DeliveryRules withVisibilityTimeout(Duration timeout) {
    return new DeliveryRules(maximumRetryAttempts, batchSize, timeout, maxReceiveCount);
  }

  private static Map<?, ?> properties(Map<?, ?> resources, String id) {
    Map<?, ?> resource = map(resources.get(id), id);
    return map(resource.get("Properties"), id + ".Properties");
  }

  private static Map<?, ?> map(Object o, String what) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException(what + " is not a mapping in the template");
  }

  private static int number(Object o, int dflt) {
    if (o == null && dflt >= 0) {
      return dflt;
    }
    if (o instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(o).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number in the template: " + o, e);
    }
  }
}
