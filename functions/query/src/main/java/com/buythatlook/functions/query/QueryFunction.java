package com.buythatlook.functions.query;

import com.buythatlook.core.api.LookApi;
import com.buythatlook.core.api.QuerySettings;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.config.Env;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.core.storage.S3UrlSigner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * Builds the API from the function's environment (template.yaml sets it): {@code BUCKET}, {@code
 * LOOKS_TABLE} and the {@link QuerySettings} variables. Product details come with each index
 * version (the batch job publishes them beside the shards). Built once per container, so the
 * clients, the index snapshot and the shard cache (memory, then /tmp) serve every invocation that
 * container gets.
 */
final class QueryFunction {
  /** Evicted shards are kept here, so a warm container re-reads local disk instead of S3. */
  static final Path SHARD_SPILL = Path.of("/tmp/btl-shards");

  private QueryFunction() {}

  static LookApi fromEnvironment() {
    return Holder.API;
  }

  static LookApi build(UnaryOperator<String> env, AwsClients aws, Path spillDir) {
    String bucket = Env.required(env, "BUCKET");
    QuerySettings settings = QuerySettings.fromEnvironment(env);
    IndexReader index =
        new IndexReader(
                new S3BlobStore(aws.s3(), bucket, ""),
                settings.indexRefresh(),
                settings.indexCacheBytes(),
                spillDir)
            .preload(true);
    return new LookApi(
        new DynamoLookStore(aws.dynamoDb(), Env.required(env, "LOOKS_TABLE")),
        index,
        new S3UrlSigner(aws.s3(), aws.s3Presigner(), bucket),
        settings,
        Clock.systemUTC());
  }

  // the class initialiser runs on first use, during the first invocation's init phase, once
  private static final class Holder {
    static final LookApi API = build(Env.system(), AwsClients.fromEnvironment(), SHARD_SPILL);
  }
}
