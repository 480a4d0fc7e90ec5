package com.buythatlook.core.look;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The requests {@link DynamoLookStore} sends. DynamoDB applies one conditional write atomically,
 * which is what makes racing events safe; moto_server does not (see DynamoLookStoreIT), so the
 * one-request-per-write shape is checked here, together with how errors are reported.
 */
class DynamoLookStoreTest {
  static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  static final Instant EXPIRES = NOW.plusSeconds(86_400);

  /** Records every request and answers with {@link #failure} when one is set. */
  static final class RecordingClient implements DynamoDbClient {
    final List<UpdateItemRequest> updates = new ArrayList<>();
    final List<GetItemRequest> gets = new ArrayList<>();
    SdkException failure;

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
      updates.add(request);
      if (failure != null) {
        throw failure;
      }
      return UpdateItemResponse.builder().build();
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
      gets.add(request);
      if (failure != null) {
        throw failure;
      }
      return GetItemResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  private final RecordingClient client = new RecordingClient();
  private final DynamoLookStore store = new DynamoLookStore(client, "Looks");

  @Test
  void sendsEachWriteAsOneUpdateConditionalOnTheStatesItMayStartFrom() {
    String id = LookIds.newId();
    List<LookItem> items = LookStoreContract.items(id, 2, true);

    store.createPending(id, NOW, EXPIRES);
    store.markDetected(id, LookStoreContract.upload(id), 640, 480, items, NOW, EXPIRES);
    store.markEmbedded(id, items, NOW);
    store.markFailed(id, null, "reason", NOW, EXPIRES);

    assertThat(client.updates)
        .extracting(UpdateItemRequest::conditionExpression)
        .containsExactly(
            "attribute_not_exists(#lookId)",
            "attribute_not_exists(#lookId) OR #status IN (:fromPENDING)",
            "#status IN (:fromDETECTED)",
            "attribute_not_exists(#lookId) OR #status IN (:fromPENDING, :fromDETECTED)");
    for (UpdateItemRequest u : client.updates) {
      assertThat(u.tableName()).isEqualTo("Looks");
      assertThat(u.key()).isEqualTo(Map.of("lookId", AttributeValue.fromS(id)));
      // 'status' is a reserved word: it only ever appears through its placeholder
      assertThat(u.expressionAttributeNames()).containsEntry("#status", "status");
      assertThat(u.updateExpression()).doesNotContainPattern("(?<![#:])status");
    }
    assertThat(client.updates.get(3).expressionAttributeValues())
        .containsEntry(":fromPENDING", AttributeValue.fromS("PENDING"))
        .containsEntry(":fromDETECTED", AttributeValue.fromS("DETECTED"))
        .containsEntry(":status", AttributeValue.fromS("FAILED"));
  }

  @Test
  void readsConsistently() {
    assertThat(store.get(LookIds.newId())).isEmpty();

    assertThat(client.gets).singleElement().satisfies(g -> assertThat(g.consistentRead()).isTrue());
  }

  @Test
  void reportsARefusedConditionAsFalse() {
    client.failure =
        ConditionalCheckFailedException.builder().message("The conditional request failed").build();

    assertThat(store.createPending(LookIds.newId(), NOW, EXPIRES)).isFalse();
  }

  @Test
  void reportsOtherFailuresWithTheTableAndTheLook() {
    String id = LookIds.newId();
    client.failure = ProvisionedThroughputExceededException.builder().message("slow down").build();

    assertThatThrownBy(() -> store.markFailed(id, null, "reason", NOW, EXPIRES))
        .isInstanceOf(LookStoreException.class)
        .hasMessageContaining("'Looks'")
        .hasMessageContaining(id)
        .hasMessageContaining("FAILED")
        .hasMessageContaining("slow down")
        .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
    assertThatThrownBy(() -> store.get(id))
        .isInstanceOf(LookStoreException.class)
        .hasMessageContaining("'Looks'")
        .hasMessageContaining(id);
  }
}
