package com.buythatlook.vision.pipeline;

import com.buythatlook.core.look.EmbedMessage;
import com.buythatlook.core.look.EmbedQueue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what was sent, so a test can check that one message per look went out. */
public final class RecordingQueue implements EmbedQueue {
  public final List<EmbedMessage> sent = new CopyOnWriteArrayList<>();

  @Override
  public void send(EmbedMessage message) {
    sent.add(message);
  }
}
