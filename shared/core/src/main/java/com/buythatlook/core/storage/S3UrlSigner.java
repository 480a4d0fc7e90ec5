package com.buythatlook.core.storage;

import com.buythatlook.core.image.ImageFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link UrlSigner} for one S3 bucket. Region, credentials and endpoint come from the {@link
 * S3Client}, so URLs point where the client itself talks: AWS (virtual-hosted addressing), or a
 * local S3 server (moto, S3Proxy) named by an endpoint override, whether set on the builder or
 * through {@code AWS_ENDPOINT_URL_S3} (path-style addressing).
 *
 * <p>GET URLs come from the SDK's {@link S3Presigner}. The SDK (2.57) has no builder for POST
 * policies, so those are signed here with Signature Version 4 as AWS documents for browser-based
 * uploads: the base64 policy document is the string to sign, the key is the SigV4 signing key for
 * {@code date/region/s3/aws4_request}. Credentials are resolved on every call, because on Lambda
 * they are session credentials that rotate.
 *
 * <p>Why POST and not a presigned PUT: a POST policy can bound the size ({@code
 * content-length-range}), which a presigned PUT cannot, so a client cannot park gigabytes in the
 * bucket.
 */
public final class S3UrlSigner implements UrlSigner {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SCOPE_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter EXPIRATION =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final S3Presigner presigner;
  private final String bucket;
  private final Region region;
  private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
  private final String postUrl;
  private final Clock clock;

  public S3UrlSigner(S3Client s3, String bucket) {
    this(s3, bucket, Clock.systemUTC());
  }

  /**
   * @param clock the signing time of POST policies (tests pin it)
   */
  public S3UrlSigner(S3Client s3, String bucket, Clock clock) {
    this(s3, null, bucket, clock);
  }

  /**
   * A signer whose GET URLs come from {@code presigner}, one configured like {@code s3} (as {@link
   * com.buythatlook.core.aws.AwsClients#s3Presigner()} is like {@code AwsClients#s3()}), rather
   * than from a presigner of its own. The caller keeps ownership of both and closes them.
   */
  public S3UrlSigner(S3Client s3, S3Presigner presigner, String bucket) {
    this(s3, Objects.requireNonNull(presigner, "presigner"), bucket, Clock.systemUTC());
  }

  private S3UrlSigner(S3Client s3, S3Presigner presigner, String bucket, Clock clock) {
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("the bucket name is empty");
    }
    var config = s3.serviceClientConfiguration();
    URI endpoint = config.endpointOverride().orElse(null);
    this.region = config.region();
    this.credentials = config.credentialsProvider();
    this.clock = clock;
    this.postUrl = postUrl(bucket, region, endpoint);
    this.presigner = presigner != null ? presigner : ownPresigner(region, credentials, endpoint);
  }

  private static S3Presigner ownPresigner(
      Region region, IdentityProvider<? extends AwsCredentialsIdentity> credentials, URI endpoint) {
    // Set field by field: S3Presigner.Builder.s3Client (SDK 2.57) takes neither the client's
    // region nor its credentials, and the client does not expose its path-style setting, so
    // path style follows the same rule as postUrl.
    var presign =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(endpoint != null).build());
    if (endpoint != null) {
      presign.endpointOverride(endpoint);
    }
    return presign.build();
  }

  /**
   * The form's target. A local server named by an endpoint override is addressed path-style, since
   * {@code bucket.127.0.0.1} does not resolve; on AWS the virtual-hosted name, except for dotted
   * bucket names, which would not match S3's TLS certificate.
   */
  static String postUrl(String bucket, Region region, URI endpointOverride) {
    if (endpointOverride != null) {
      String base = endpointOverride.toString();
      return (base.endsWith("/") ? base : base + "/") + bucket;
    }
    RegionMetadata metadata = region.metadata();
    String suffix = metadata == null ? "amazonaws.com" : metadata.partition().dnsSuffix();
    if (bucket.contains(".")) {
      return "https://s3." + region.id() + "." + suffix + "/" + bucket;
    }
    return "https://" + bucket + ".s3." + region.id() + "." + suffix + "/";
  }

  @Override
  public String presignGet(String key, Duration ttl) {
    UrlSigner.checkTtl(ttl);
    return presigner
        .presignGetObject(
            r -> r.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key)))
        .url()
        .toString();
  }

  @Override
  public PresignedUpload presignPost(String key, ImageFormat type, long maxBytes, Duration ttl) {
    UrlSigner.checkTtl(ttl);
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
    }
    AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
    String sessionToken =
        identity instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null;
    // S3 compares the policy's expiration at second precision; whole seconds keep the reported
    // expiresAt honest
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(ttl);
    String credential =
        identity.accessKeyId()
            + "/"
            + SCOPE_DATE.format(now)
            + "/"
            + region.id()
            + "/s3/aws4_request";
    String amzDate = AMZ_DATE.format(now);

    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("key", key);
    fields.put("Content-Type", type.contentType());
    fields.put("x-amz-algorithm", ALGORITHM);
    fields.put("x-amz-credential", credential);
    fields.put("x-amz-date", amzDate);
    if (sessionToken != null) {
      fields.put("x-amz-security-token", sessionToken);
    }
    String policy =
        policyJson(
            bucket,
            key,
            type.contentType(),
            maxBytes,
            expiresAt,
            credential,
            amzDate,
            sessionToken);
    String policyBase64 =
        Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8));
    fields.put("policy", policyBase64);
    fields.put(
        "x-amz-signature",
        signature(
            identity.secretAccessKey(), SCOPE_DATE.format(now), region.id(), "s3", policyBase64));
    return new PresignedUpload(postUrl, fields, maxBytes, expiresAt);
  }

  /**
   * The policy document. Every form field except {@code policy}, {@code x-amz-signature} and the
   * file must have a condition, or S3 refuses the upload; the key is an exact match so the form
   * cannot be reused for another object.
   */
  static String policyJson(
      String bucket,
      String key,
      String contentType,
      long maxBytes,
      Instant expiresAt,
      String credential,
      String amzDate,
      String sessionToken) {
    List<Object> conditions = new ArrayList<>();
    conditions.add(Map.of("bucket", bucket));
    conditions.add(List.of("eq", "$key", key));
    conditions.add(Map.of("Content-Type", contentType));
    conditions.add(List.of("content-length-range", 1, maxBytes));
    conditions.add(Map.of("x-amz-algorithm", ALGORITHM));
    conditions.add(Map.of("x-amz-credential", credential));
    conditions.add(Map.of("x-amz-date", amzDate));
    if (sessionToken != null) {
      conditions.add(Map.of("x-amz-security-token", sessionToken));
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("expiration", EXPIRATION.format(expiresAt));
    policy.put("conditions", conditions);
    try {
      return JSON.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a POST policy", e);
    }
  }

  /** Hex HMAC-SHA256 of {@code stringToSign} under the SigV4 signing key. */
  static String signature(
      String secretKey, String date, String region, String service, String stringToSign) {
    return HexFormat.of()
        .formatHex(hmac(signingKey(secretKey, date, region, service), stringToSign));
  }

  /** SigV4's derived key: HMAC chain over date, region, service and "aws4_request". */
  static byte[] signingKey(String secretKey, String date, String region, String service) {
    byte[] kDate = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
    byte[] kRegion = hmac(kDate, region);
    byte[] kService = hmac(kRegion, service);
    return hmac(kService, "aws4_request");
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "S3UrlSigner[s3://" + bucket + "/ via " + postUrl + "]";
  }
}
