package com.buythatlook.core.look;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.testing.MotoServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The LookStore contract on a real DynamoDB API (moto_server), plus the stored item's shape. */
class DynamoLookStoreIT extends LookStoreContract {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  static final String TABLE = "Looks";

  private static DynamoDbClient dynamo;
  private static DynamoLookStore store;

  @BeforeAll
  static void createTable() {
    dynamo = MOTO.dynamoDb();
    // the schema of DynamoLookStore's javadoc, as the SAM template declares it
    MotoServer.createTable(dynamo, TABLE, "lookId");
    dynamo.updateTimeToLive(
        b ->
            b.tableName(TABLE)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
    store = new DynamoLookStore(dynamo, TABLE);
  }

  @Override
  protected LookStore store() {
    return store;
  }

  /**
   * moto_server 5.2 serves requests on several threads and evaluates a condition and applies the
   * update without a lock, so two racing writes can both pass (seen here: 2 winners of 8). DynamoDB
   * itself applies a conditional write atomically per item; what this store must do for that, one
   * conditional UpdateItem per write, is checked in DynamoLookStoreTest.
   */
  @Override
  protected boolean backendSettlesRacesAtomically() {
    return false;
  }

  @Test
  void storesTheItemShapeTheJavadocDocuments() {
    String id = LookIds.newId();
    store.markDetected(id, upload(id), 640, 480, items(id, 2, false), T0, EXPIRES);
    store.markEmbedded(id, items(id, 2, true), T1);

    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(TABLE)
                        .key(Map.of("lookId", AttributeValue.fromS(id)))
                        .consistentRead(true))
            .item();

    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "lookId",
            "status",
            "imageKey",
            "width",
            "height",
            "items",
            "createdAt",
            "updatedAt",
            "expiresAt");
    assertThat(item.get("status").s()).isEqualTo("EMBEDDED");
    assertThat(item.get("imageKey").s()).isEqualTo(upload(id));
    assertThat(item.get("width").n()).isEqualTo("640");
    assertThat(item.get("height").n()).isEqualTo("480");
    assertThat(Instant.parse(item.get("createdAt").s())).isEqualTo(T0);
    assertThat(Instant.parse(item.get("updatedAt").s())).isEqualTo(T1);
    assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(EXPIRES.getEpochSecond()));

    List<AttributeValue> items = item.get("items").l();
    assertThat(items).hasSize(2);
    Map<String, AttributeValue> first = items.get(0).m();
    assertThat(first.keySet())
        .containsExactlyInAnyOrder("itemNo", "category", "score", "box", "cropKey", "vector");
    assertThat(first.get("itemNo").n()).isEqualTo("0");
    assertThat(first.get("category").s()).isEqualTo("bags");
    assertThat(Double.parseDouble(first.get("score").n())).isEqualTo(0.9);
    assertThat(first.get("box").m().keySet())
        .containsExactlyInAnyOrder("left", "top", "width", "height");
    assertThat(first.get("cropKey").s()).isEqualTo(LookKeys.crop(id, 0));
    assertThat(first.get("vector").b().asByteArray()).hasSize(16 * Float.BYTES);
  }

  @Test
  void leavesOutWhatAPendingLookDoesNotHaveYet() {
    String id = LookIds.newId();
    store.createPending(id, T0, EXPIRES);

    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(TABLE)
                        .key(Map.of("lookId", AttributeValue.fromS(id)))
                        .consistentRead(true))
            .item();

    assertThat(item).doesNotContainKeys("imageKey", "failureReason");
    assertThat(item.get("status").s()).isEqualTo("PENDING");
    assertThat(item.get("items").l()).isEmpty();
  }

  @Test
  void namesTheTableWhenItDoesNotExist() {
    DynamoLookStore wrong = new DynamoLookStore(dynamo, "NoSuchLooks");

    assertThatThrownBy(() -> wrong.get(LookIds.newId()))
        .isInstanceOf(LookStoreException.class)
        .hasMessageContaining("'NoSuchLooks' does not exist");
    assertThatThrownBy(() -> wrong.createPending(LookIds.newId(), T0, EXPIRES))
        .isInstanceOf(LookStoreException.class)
        .hasMessageContaining("NoSuchLooks");
  }
}
