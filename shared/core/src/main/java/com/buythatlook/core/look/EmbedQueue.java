package com.buythatlook.core.look;

/**
 * The queue between detect and embed: one message per look, body {@code {"lookId": "…"}}.
 * Implementations: SQS ({@link SqsEmbedQueue}) and the local runtime's queue. Delivery is at least
 * once; the embed step is idempotent.
 */
public interface EmbedQueue {

  void send(EmbedMessage message);
}
