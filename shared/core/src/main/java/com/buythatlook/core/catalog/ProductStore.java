package com.buythatlook.core.catalog;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Products} table: the metadata shown beside a match. Implementations: DynamoDB ({@link
 * DynamoProductStore}) and the local runtime's store read from {@code products.jsonl}.
 */
public interface ProductStore {

  Optional<Product> get(String productId);

  /** The products that exist among {@code ids}, keyed by id (missing ids are left out). */
  Map<String, Product> getAll(Collection<String> ids);

  /** Inserts or replaces. */
  void putAll(Collection<Product> products);
}
