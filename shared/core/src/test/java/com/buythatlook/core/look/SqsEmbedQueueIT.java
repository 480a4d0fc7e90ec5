package com.buythatlook.core.look;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.testing.MotoServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Embed messages through a real SQS API (moto_server). */
class SqsEmbedQueueIT {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @Test
  void sendsOneMessageTheEmbedStepCanRead() {
    SqsClient sqs = MOTO.sqs();
    String url = sqs.createQueue(b -> b.queueName("embed")).queueUrl();
    SqsEmbedQueue queue = new SqsEmbedQueue(sqs, url);
    String id = LookIds.newId();

    queue.send(new EmbedMessage(id));

    List<Message> received =
        sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages();
    assertThat(received).hasSize(1);
    assertThat(received.get(0).body()).isEqualTo("{\"lookId\":\"" + id + "\"}");
    assertThat(EmbedMessage.fromJson(received.get(0).body()).lookId()).isEqualTo(id);
  }

  @Test
  void failsLoudlyWhenTheQueueDoesNotExist() {
    String url = MOTO.endpoint() + "/123456789012/no-such-queue";
    SqsEmbedQueue queue = new SqsEmbedQueue(MOTO.sqs(), url);
    String id = LookIds.newId();

    assertThatThrownBy(() -> queue.send(new EmbedMessage(id)))
        .isInstanceOf(EmbedQueueException.class)
        .hasMessageContaining(id)
        .hasMessageContaining(url);
  }
}
