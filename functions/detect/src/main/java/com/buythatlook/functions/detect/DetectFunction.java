package com.buythatlook.functions.detect;

import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.config.Env;
import com.buythatlook.core.index.IndexReader;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.look.SqsEmbedQueue;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.vision.detect.OnnxDetector;
import com.buythatlook.vision.onnx.ModelLocation;
import com.buythatlook.vision.pipeline.DetectSettings;
import com.buythatlook.vision.pipeline.DetectStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Builds the detect step from the function's environment (template.yaml sets it): {@code BUCKET},
 * {@code LOOKS_TABLE}, {@code EMBED_QUEUE_URL}, the {@link DetectSettings} variables and an
 * optional {@code DETECTOR_MODEL} bucket prefix. Built once per container: the model session and
 * the clients are reused by every invocation.
 */
final class DetectFunction {
  private DetectFunction() {}

  static DetectStep fromEnvironment() {
    return Holder.STEP;
  }

  static DetectStep build(UnaryOperator<String> env, AwsClients aws) {
    String bucketName = Env.required(env, "BUCKET");
    S3BlobStore bucket = new S3BlobStore(aws.s3(), bucketName, "");
    // only the manifest is read (for the indexed categories), so no shard memory is needed
    IndexReader index = new IndexReader(bucket, Duration.ofSeconds(30), 0, null);
    Path model = ModelLocation.forFunction(env, "detector", bucket);
    return new DetectStep(
        bucket,
        OnnxDetector.open(model),
        () -> index.snapshot().categories(),
        new DynamoLookStore(aws.dynamoDb(), Env.required(env, "LOOKS_TABLE")),
        new SqsEmbedQueue(aws.sqs(), Env.required(env, "EMBED_QUEUE_URL")),
        DetectSettings.fromEnvironment(env),
        Clock.systemUTC());
  }

  private static final class Holder {
    static final DetectStep STEP = build(Env.system(), AwsClients.fromEnvironment());
  }
}
