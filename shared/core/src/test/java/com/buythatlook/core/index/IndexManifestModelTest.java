package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A version's embedder is told by name, version and the sha256 of its file. */
class IndexManifestModelTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);

  private static IndexManifest built(String name, String version, String sha) {
    return new IndexManifest(
        1, "v1", name, version, 128, "cosine", "float32", true, "now", List.of(), null, sha);
  }

  @Test
  void theSameNameAndVersionWithAnotherFileIsAnotherModel() {
    IndexManifest m = built("btl-embedder", "2026.11.26", SHA_A);
    assertThat(m.sameModel("btl-embedder@2026.11.26", SHA_A)).isTrue();
    assertThat(m.sameModel("btl-embedder@2026.11.26", SHA_B)).isFalse();
    assertThat(m.sameModel("btl-embedder@2026.12.01", SHA_A)).isFalse();
    assertThat(m.sameModel("clip@2026.11.26", SHA_A)).isFalse();
  }

  @Test
  void aVersionWithoutARecordedHashMatchesOnlyABuiltInEmbedder() {
    IndexManifest old = built("colour-histogram", "", null);
    assertThat(old.sameModel("colour-histogram", "")).isTrue();
    assertThat(built("btl-embedder", "1", null).sameModel("btl-embedder@1", SHA_A)).isFalse();
  }

  @Test
  void theHashSurvivesTheJsonRoundTrip() {
    IndexManifest m = built("btl-embedder", "1", SHA_A);
    byte[] json = m.toJson();
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"modelSha256\" : \"" + SHA_A);
    assertThat(IndexManifest.fromJson(json, "m").modelSha256()).isEqualTo(SHA_A);
  }
}
