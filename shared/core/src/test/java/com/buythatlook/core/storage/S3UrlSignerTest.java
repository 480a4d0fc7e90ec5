package com.buythatlook.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.image.ImageFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * POST policies against known answers. The expected policy, base64 and signature below were
 * computed independently with Python's json, base64 and hmac modules (2026-11-26):
 *
 * <pre>
 * def h(k, m): return hmac.new(k, m.encode(), hashlib.sha256).digest()
 * key = h(h(h(h(b"AWS4" + secret, "20261126"), "us-east-1"), "s3"), "aws4_request")
 * hmac.new(key, base64.b64encode(json.dumps(policy, separators=(",", ":")).encode()),
 *          hashlib.sha256).hexdigest()
 * </pre>
 */
class S3UrlSignerTest {
  private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String BUCKET = "btl-test-images";
  private static final String KEY = "uploads/3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10.jpg";
  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-11-26T12:00:00.250Z"), ZoneOffset.UTC);

  private static final String EXPECTED_POLICY =
      "{\"expiration\":\"2026-11-26T12:10:00.000Z\",\"conditions\":[{\"bucket\":\"btl-test-images\"},"
          + "[\"eq\",\"$key\",\"uploads/3f0c9a52-8d1e-4c1e-9a51-0d7f2f6b1a10.jpg\"],"
          + "{\"Content-Type\":\"image/jpeg\"},[\"content-length-range\",1,10485760],"
          + "{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"},"
          + "{\"x-amz-credential\":\"AKIAIOSFODNN7EXAMPLE/20261126/us-east-1/s3/aws4_request\"},"
          + "{\"x-amz-date\":\"20261126T120000Z\"}]}";
  private static final String EXPECTED_SIGNATURE =
      "fbb3066f0ca7a1702c50d7f2b256cb7604a2ed8857f827f1f17e4f933d32c142";

  private static S3Client client(Region region, URI endpoint, StaticCredentialsProvider creds) {
    var b =
        S3Client.builder()
            .region(region)
            .credentialsProvider(creds)
            .httpClient(UrlConnectionHttpClient.create());
    if (endpoint != null) {
      b.endpointOverride(endpoint).forcePathStyle(true);
    }
    return b.build();
  }

  private static StaticCredentialsProvider basic() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET));
  }

  @Test
  void signingKeyMatchesAwsDocumentedExample() {
    // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference)
    byte[] key =
        S3UrlSigner.signingKey(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
    assertThat(HexFormat.of().formatHex(key))
        .isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
  }

  @Test
  void policyAndSignatureMatchAnIndependentComputation() {
    // given
    S3UrlSigner signer = new S3UrlSigner(client(Region.US_EAST_1, null, basic()), BUCKET, NOON);

    // when
    PresignedUpload up =
        signer.presignPost(KEY, ImageFormat.JPEG, 10L << 20, Duration.ofMinutes(10));

    // then
    String policy =
        new String(Base64.getDecoder().decode(up.fields().get("policy")), StandardCharsets.UTF_8);
    assertThat(policy).isEqualTo(EXPECTED_POLICY);
    assertThat(up.fields().get("x-amz-signature")).isEqualTo(EXPECTED_SIGNATURE);
    assertThat(up.fields())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("key", KEY),
            org.assertj.core.api.Assertions.entry("Content-Type", "image/jpeg"),
            org.assertj.core.api.Assertions.entry("x-amz-algorithm", "AWS4-HMAC-SHA256"),
            org.assertj.core.api.Assertions.entry(
                "x-amz-credential", ACCESS_KEY + "/20261126/us-east-1/s3/aws4_request"),
            org.assertj.core.api.Assertions.entry("x-amz-date", "20261126T120000Z"),
            org.assertj.core.api.Assertions.entry("policy", up.fields().get("policy")),
            org.assertj.core.api.Assertions.entry("x-amz-signature", EXPECTED_SIGNATURE));
    assertThat(up.url()).isEqualTo("https://btl-test-images.s3.us-east-1.amazonaws.com/");
    assertThat(up.maxBytes()).isEqualTo(10L << 20);
    assertThat(up.expiresAt()).isEqualTo(Instant.parse("2026-11-26T12:10:00Z"));
  }

  @Test
  void sessionCredentialsAddTheTokenAsFieldAndCondition() {
    var creds =
        StaticCredentialsProvider.create(
            AwsSessionCredentials.create(ACCESS_KEY, SECRET, "TOKEN/with+chars"));
    S3UrlSigner signer = new S3UrlSigner(client(Region.EU_CENTRAL_1, null, creds), BUCKET, NOON);

    PresignedUpload up = signer.presignPost(KEY, ImageFormat.WEBP, 100, Duration.ofMinutes(1));

    assertThat(up.fields())
        .containsEntry("x-amz-security-token", "TOKEN/with+chars")
        .containsEntry("Content-Type", "image/webp")
        .containsEntry("x-amz-credential", ACCESS_KEY + "/20261126/eu-central-1/s3/aws4_request");
    String policy =
        new String(Base64.getDecoder().decode(up.fields().get("policy")), StandardCharsets.UTF_8);
    assertThat(policy)
        .contains("{\"x-amz-security-token\":\"TOKEN/with+chars\"}")
        .contains("[\"content-length-range\",1,100]");
    assertThat(up.url()).isEqualTo("https://btl-test-images.s3.eu-central-1.amazonaws.com/");
  }

  @Test
  void localServersAreAddressedPathStyleAndDottedBucketsAvoidTheWildcardCertificate() {
    S3UrlSigner local =
        new S3UrlSigner(
            client(Region.US_EAST_1, URI.create("http://127.0.0.1:9000"), basic()), BUCKET, NOON);
    assertThat(local.presignPost(KEY, ImageFormat.PNG, 1, Duration.ofMinutes(1)).url())
        .isEqualTo("http://127.0.0.1:9000/btl-test-images");
    assertThat(local.presignGet("crops/x/0.jpg", Duration.ofMinutes(5)))
        .startsWith("http://127.0.0.1:9000/btl-test-images/crops/x/0.jpg?")
        .contains("X-Amz-Expires=300");

    assertThat(S3UrlSigner.postUrl("my.bucket", Region.US_WEST_2, null))
        .isEqualTo("https://s3.us-west-2.amazonaws.com/my.bucket");
    assertThat(S3UrlSigner.postUrl("b", Region.CN_NORTH_1, null))
        .isEqualTo("https://b.s3.cn-north-1.amazonaws.com.cn/");
  }

  @Test
  void lifetimesAboveFifteenMinutesOrNotPositiveAreRefused() {
    S3UrlSigner signer = new S3UrlSigner(client(Region.US_EAST_1, null, basic()), BUCKET, NOON);
    assertThatThrownBy(() -> signer.presignGet(KEY, Duration.ofMinutes(16)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 900 seconds");
    assertThatThrownBy(() -> signer.presignPost(KEY, ImageFormat.JPEG, 10, Duration.ofSeconds(901)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.presignPost(KEY, ImageFormat.JPEG, 10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.presignPost(KEY, ImageFormat.JPEG, 0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
    assertThat(signer.presignGet(KEY, Duration.ofMinutes(15))).contains("X-Amz-Expires=900");
  }
}
