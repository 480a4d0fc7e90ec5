package com.buythatlook.functions.embed;

import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.config.Env;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.vision.embed.OnnxEmbedder;
import com.buythatlook.vision.onnx.ModelLocation;
import com.buythatlook.vision.pipeline.EmbedStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Builds the embed step from the function's environment: {@code BUCKET}, {@code LOOKS_TABLE},
 * {@code LOOK_TTL_DAYS} and an optional {@code EMBEDDER_MODEL} bucket prefix. The embedder must be
 * the one the live index was built with; the index manifest records its name and version, and the
 * query side refuses vectors of another dimension.
 */
final class EmbedFunction {
  private EmbedFunction() {}

  static EmbedStep fromEnvironment() {
    return Holder.STEP;
  }

  static EmbedStep build(UnaryOperator<String> env, AwsClients aws) {
    S3BlobStore bucket = new S3BlobStore(aws.s3(), Env.required(env, "BUCKET"), "");
    Path model = ModelLocation.forFunction(env, "embedder", bucket);
    return new EmbedStep(
        bucket,
        OnnxEmbedder.open(model),
        new DynamoLookStore(aws.dynamoDb(), Env.required(env, "LOOKS_TABLE")),
        Duration.ofDays(Env.lookTtlDays(env)),
        Clock.systemUTC());
  }

  private static final class Holder {
    static final EmbedStep STEP = build(Env.system(), AwsClients.fromEnvironment());
  }
}
