package com.buythatlook.core.aws;

import com.buythatlook.core.config.Env;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The S3, DynamoDB and SQS clients of one process, each built on first use and then reused: Lambda
 * keeps a container's objects between invocations, so a handler that holds one {@code AwsClients}
 * pays for TLS set-up and credential loading once, and a function that never touches SQS never
 * builds an SQS client. All clients use the JDK's HTTP client (url-connection-client): the Netty
 * and Apache clients are excluded from the build so that they stay out of the Lambda zips.
 *
 * <p>Two ways to configure them:
 *
 * <ul>
 *   <li>{@link #fromEnvironment()}, for Lambda and the command-line tools. Region from {@code
 *       AWS_REGION} (Lambda always sets it), or us-east-1 when unset, so that local use against an
 *       emulator needs no set-up. Credentials from the SDK's default chain. Endpoints: the SDK
 *       itself reads {@code AWS_ENDPOINT_URL} and the service-specific {@code AWS_ENDPOINT_URL_S3},
 *       {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS} (and their system-property
 *       twins {@code aws.endpointUrl}, {@code aws.endpointUrlS3}, …; {@code
 *       AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true} turns them all off), checked with SDK 2.57. When
 *       one of those points S3 somewhere else, S3 requests and presigned URLs use path-style
 *       addressing ({@code http://host:port/bucket/key}), because S3-compatible servers (moto,
 *       S3Proxy, MinIO) are not reachable under {@code bucket.host} names. An {@code endpoint_url}
 *       in an AWS config profile also redirects the SDK, but is not looked at for the path-style
 *       decision: use the environment variables for local servers.
 *   <li>{@link #forEndpoint(URI, AwsCredentialsProvider)}, for the local runtime: every client
 *       talks to one explicit endpoint (the embedded S3 server) with explicit credentials, whatever
 *       the environment says, S3 with path-style addressing.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} closes the clients that were built; using the object after that
 * is a bug and fails.
 */
public final class AwsClients implements AutoCloseable {
  /** The region used when {@code AWS_REGION} is not set. */
  public static final Region DEFAULT_REGION = Region.US_EAST_1;

  private final Region region;
  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final boolean s3PathStyle;

  private final Once<S3Client> s3 = new Once<>(this::buildS3);
  private final Once<S3Presigner> presigner = new Once<>(this::buildPresigner);
  private final Once<DynamoDbClient> dynamoDb = new Once<>(this::buildDynamoDb);
  private final Once<SqsClient> sqs = new Once<>(this::buildSqs);

  /**
   * @param endpoint explicit endpoint for every service, or {@code null} to let the SDK resolve it
   *     (from the environment, or the real AWS endpoint)
   * @param credentials explicit credentials, or {@code null} for the SDK's default chain
   */
  private AwsClients(
      Region region, URI endpoint, AwsCredentialsProvider credentials, boolean s3PathStyle) {
    this.region = Objects.requireNonNull(region, "region");
    this.endpoint = endpoint;
    this.credentials = credentials;
    this.s3PathStyle = s3PathStyle;
  }

  /** Clients configured from the process environment, as described in the class comment. */
  public static AwsClients fromEnvironment() {
    return fromSettings(System::getenv, System::getProperty);
  }

  /**
   * @param env looks up environment variables ({@code null} when unset)
   * @param properties looks up system properties ({@code null} when unset)
   */
  static AwsClients fromSettings(
      Function<String, String> env, Function<String, String> properties) {
    Region region = Region.of(Env.string(env::apply, "AWS_REGION", DEFAULT_REGION.id()));
    return new AwsClients(region, null, null, s3EndpointConfigured(env, properties));
  }

  /**
   * Clients that all talk to {@code endpoint} with {@code credentials}, in {@link #DEFAULT_REGION}:
   * for an embedded or emulated AWS (the local runtime's S3 server, moto).
   */
  public static AwsClients forEndpoint(URI endpoint, AwsCredentialsProvider credentials) {
    return forEndpoint(endpoint, credentials, DEFAULT_REGION);
  }

  /** As {@link #forEndpoint(URI, AwsCredentialsProvider)}, signing for {@code region}. */
  public static AwsClients forEndpoint(
      URI endpoint, AwsCredentialsProvider credentials, Region region) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    if (endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException(
          "an endpoint is an absolute URI such as http://127.0.0.1:9000; got " + endpoint);
    }
    return new AwsClients(region, endpoint, credentials, true);
  }

  /**
   * Whether the SDK will send S3 requests to an endpoint of the user's choosing, following the
   * SDK's own precedence: the ignore switch, then the service-specific setting, then the global
   * one; a system property before the environment variable of the same setting.
   */
  static boolean s3EndpointConfigured(
      Function<String, String> env, Function<String, String> properties) {
    String ignore =
        firstSet(
            properties.apply("aws.ignoreConfiguredEndpointUrls"),
            env.apply("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
    if (ignore != null && ignore.strip().toLowerCase(Locale.ROOT).equals("true")) {
      return false;
    }
    return firstSet(
            properties.apply("aws.endpointUrlS3"),
            env.apply("AWS_ENDPOINT_URL_S3"),
            properties.apply("aws.endpointUrl"),
            env.apply("AWS_ENDPOINT_URL"))
        != null;
  }

  private static String firstSet(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  public Region region() {
    return region;
  }

  /** Whether S3 requests and presigned URLs use path-style addressing. */
  public boolean s3PathStyle() {
    return s3PathStyle;
  }

  public S3Client s3() {
    return s3.get();
  }

  /** Presigns S3 requests (upload URLs); configured like {@link #s3()}. */
  public S3Presigner s3Presigner() {
    return presigner.get();
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  public SqsClient sqs() {
    return sqs.get();
  }

  /** Closes the clients that were built. */
  @Override
  public void close() {
    // every Once is closed even if an earlier one throws; the first failure is reported
    RuntimeException first = null;
    for (Once<?> o : new Once<?>[] {s3, presigner, dynamoDb, sqs}) {
      try {
        o.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private S3Client buildS3() {
    return configure(S3Client.builder()).forcePathStyle(s3PathStyle).build();
  }

  private S3Presigner buildPresigner() {
    // the presigner makes no HTTP calls, so it takes no HTTP client; nor is its builder an
    // AwsClientBuilder, hence its own set-up
    var b =
        S3Presigner.builder()
            .region(region)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(s3PathStyle).build());
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    if (credentials != null) {
      b.credentialsProvider(credentials);
    }
    return b.build();
  }

  private DynamoDbClient buildDynamoDb() {
    return configure(DynamoDbClient.builder()).build();
  }

  private SqsClient buildSqs() {
    return configure(SqsClient.builder()).build();
  }

  /**
   * What every client shares: the region, the JDK's HTTP client, and the endpoint and credentials
   * when given (otherwise the SDK resolves them).
   */
  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B b) {
    b.region(region).httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    if (credentials != null) {
      b.credentialsProvider(credentials);
    }
    return b;
  }

  @Override
  public String toString() {
    return "AwsClients[" + region + (endpoint == null ? "" : " " + endpoint) + "]";
  }

  /** A client built on first use, at most once, and closed with its owner. */
  private static final class Once<T extends SdkAutoCloseable> {
    private final Supplier<T> factory;
    private T value;
    private boolean closed;

    Once(Supplier<T> factory) {
      this.factory = factory;
    }

    // a lock per client, not per AwsClients: a thread building the S3 client on a cold JVM
    // does not hold up one that wants the DynamoDB client
    synchronized T get() {
      if (closed) {
        throw new IllegalStateException("these AWS clients were closed; build new ones");
      }
      if (value == null) {
        value = factory.get();
      }
      return value;
    }

    synchronized void close() {
      closed = true;
      if (value != null) {
        T v = value;
        value = null;
        v.close();
      }
    }
  }
}
