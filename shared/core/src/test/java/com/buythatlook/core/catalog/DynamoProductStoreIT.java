package com.buythatlook.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.testing.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ProductStore contract on a real DynamoDB API (moto_server), plus the stored item's shape. */
class DynamoProductStoreIT extends ProductStoreContract {
  @RegisterExtension static final MotoServer MOTO = new MotoServer();
  static final String TABLE = "Products";

  private static DynamoDbClient dynamo;
  private static DynamoProductStore store;

  @BeforeAll
  static void createTable() {
    dynamo = MOTO.dynamoDb();
    MotoServer.createTable(dynamo, TABLE, "productId");
    store = new DynamoProductStore(dynamo, TABLE);
  }

  @Override
  protected ProductStore store() {
    return store;
  }

  @Test
  void storesTheItemShapeTheJavadocDocuments() {
    // a real catalog line: {"productId":"1","category":"bags",…,"image":"images/000000001.jpg"}
    Product p =
        new Product(
            prefix() + "1",
            Category.BAGS,
            "Denim large-dot backpack",
            "Halden",
            110.99,
            "USD",
            "denim",
            "polka dot",
            "images/000000001.jpg");
    store.putAll(List.of(p));

    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                b ->
                    b.tableName(TABLE)
                        .key(Map.of("productId", AttributeValue.fromS(p.productId()))))
            .item();

    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "productId",
            "category",
            "title",
            "brand",
            "price",
            "currency",
            "colour",
            "pattern",
            "imageKey");
    assertThat(item.get("category").s()).isEqualTo("bags");
    assertThat(item.get("price").n()).isEqualTo("110.99");
    assertThat(item.get("imageKey").s()).isEqualTo("catalog/images/000000001.jpg");
    assertThat(store.get(p.productId())).contains(p);
  }

  @Test
  void namesTheTableWhenItDoesNotExist() {
    DynamoProductStore wrong = new DynamoProductStore(dynamo, "NoSuchProducts");

    assertThatThrownBy(() -> wrong.getAll(List.of("1", "2")))
        .isInstanceOf(ProductStoreException.class)
        .hasMessageContaining("'NoSuchProducts' does not exist");
  }
}
