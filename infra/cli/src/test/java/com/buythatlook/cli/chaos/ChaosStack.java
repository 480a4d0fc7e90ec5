package com.buythatlook.cli.chaos;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.buythatlook.cli.delivery.AsyncInvocation;
import com.buythatlook.cli.delivery.DeliveryRules;
import com.buythatlook.cli.delivery.SqsEventSource;
import com.buythatlook.cli.delivery.SqsQueue;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.inference.Detector;
import com.buythatlook.core.inference.Embedder;
import com.buythatlook.core.look.DynamoLookStore;
import com.buythatlook.core.look.LookStore;
import com.buythatlook.core.look.SqsEmbedQueue;
import com.buythatlook.core.storage.S3BlobStore;
import com.buythatlook.functions.detect.DetectHandler;
import com.buythatlook.functions.embed.EmbedHandler;
import com.buythatlook.vision.pipeline.DetectSettings;
import com.buythatlook.vision.pipeline.DetectStep;
import com.buythatlook.vision.pipeline.EmbedStep;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One deployment of the look pipeline on the emulator, as template.yaml lays it out: the images
 * bucket, the Looks table (the schema of {@link DynamoLookStore}'s javadoc), the embed queue with
 * its dead-letter queue (RedrivePolicy, maxReceiveCount) and the detect function's on-failure
 * destination (an SQS queue), plus the detect and embed handlers wired as {@code DetectFunction}
 * and {@code EmbedFunction} wire them, on their own SDK clients that carry the {@link
 * FaultInjector}.
 *
 * <p>The chaos driver and the checks use a second set of clients without faults: they stand for
 * AWS's side (S3 notifications, the SQS event source mapping, Lambda's retries) and for an operator
 * reading the tables, none of which is what is being tested.
 */
final class ChaosStack implements AutoCloseable {
  static final Region REGION = Region.US_EAST_1;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  final String name;
  final String bucket;
  final String looksTable;
  final String queueUrl;
  final String queueArn;
  final String dlqUrl;
  final String detectDlqUrl;

  /** Fault-free clients: AWS's own side and the checks. */
  final S3Client s3;

  final DynamoDbClient dynamo;
  final SqsClient sqs;
  final LookStore looks;

  /** The functions' clients, with the fault injector. */
  private final S3Client functionS3;

  private final DynamoDbClient functionDynamo;
  private final SqsClient functionSqs;

  final DetectHandler detect;
  final EmbedHandler embed;

  /** AWS's delivery around the two functions, with template.yaml's rules. */
  final DeliveryRules rules;

  final SqsQueue embedQueue;
  final AsyncInvocation<S3Event> detectInvocation;
  final SqsEventSource embedSource;

  /**
   * @param name unique within the emulator: it names the bucket, table and queues
   * @param faults added to the functions' clients; {@code null} for none
   * @param sdkAttempts the functions' SDK retry strategy: standard, with this many attempts per
   *     call (the SDK's default is 3; 1 lets every fault reach the handler)
   * @param attemptTimeout the functions' apiCallAttemptTimeout
   * @param rules the detect retries, the embed batch size, and the embed queue's visibility timeout
   *     and maxReceiveCount
   */
  ChaosStack(
      URI endpoint,
      String name,
      Detector detector,
      Embedder embedder,
      FaultInjector faults,
      int sdkAttempts,
      Duration attemptTimeout,
      DeliveryRules rules)
      throws Exception {
    this.name = name;
    this.bucket = "btl-chaos-" + name;
    this.looksTable = "Looks-" + name;
    s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(CREDENTIALS)
            .forcePathStyle(true)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    dynamo =
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    sqs =
        SqsClient.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();

    s3.createBucket(b -> b.bucket(bucket));
    dynamo.createTable(
        b ->
            b.tableName(looksTable)
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName("lookId")
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("lookId")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(looksTable));
    this.rules = rules;
    embedQueue = SqsQueue.create(sqs, "btl-embed-" + name, rules);
    queueUrl = embedQueue.url();
    queueArn = embedQueue.arn();
    dlqUrl = embedQueue.deadLetterQueue().url();
    detectDlqUrl = sqs.createQueue(b -> b.queueName("btl-detect-failures-" + name)).queueUrl();

    ClientOverrideConfiguration.Builder config =
        ClientOverrideConfiguration.builder()
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(sdkAttempts)
                    .build())
            .apiCallAttemptTimeout(attemptTimeout);
    if (faults != null) {
      config.addExecutionInterceptor(faults);
    }
    ClientOverrideConfiguration override = config.build();
    functionS3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(CREDENTIALS)
            .forcePathStyle(true)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(override)
            .build();
    functionDynamo =
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(override)
            .build();
    functionSqs =
        SqsClient.builder()
            .endpointOverride(endpoint)
            .region(REGION)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(override)
            .build();

    looks = new DynamoLookStore(dynamo, looksTable);
    S3BlobStore functionBucket = new S3BlobStore(functionS3, bucket, "");
    DynamoLookStore functionLooks = new DynamoLookStore(functionDynamo, looksTable);
    // every category counts as indexed: the chaos run needs no catalog index, and the filter's
    // other rules (score ≥ 0.75, one item per category) stay the defaults
    Set<Category> all = EnumSet.allOf(Category.class);
    DetectSettings settings = DetectSettings.DEFAULT;
    detect =
        new DetectHandler(
            new DetectStep(
                functionBucket,
                detector,
                () -> all,
                functionLooks,
                new SqsEmbedQueue(functionSqs, queueUrl),
                settings,
                Clock.systemUTC()));
    embed =
        new EmbedHandler(
            new EmbedStep(
                functionBucket, embedder, functionLooks, settings.lookTtl(), Clock.systemUTC()));
    SqsQueue detectFailures = new SqsQueue(sqs, detectDlqUrl);
    detectInvocation =
        new AsyncInvocation<>(
            S3Event.class, detectFunctionArn(), detect, () -> null, rules, detectFailures::send);
    embedSource =
        new SqsEventSource(
            embedQueue, queueArn, REGION.id(), rules, embed, () -> null, attemptTimeout);
  }

  /** The ARN the detect function would have, for its on-failure records. */
  String detectFunctionArn() {
    return "arn:aws:lambda:" + REGION.id() + ":123456789012:function:btl-detect-" + name;
  }

  /** Messages in a queue, visible, in flight or delayed. */
  int messagesIn(String url) {
    return new SqsQueue(sqs, url).size();
  }

  @Override
  public void close() {
    for (AutoCloseable c :
        new AutoCloseable[] {functionS3, functionDynamo, functionSqs, s3, dynamo, sqs}) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing clients of an emulator that is going away
      }
    }
  }
}
