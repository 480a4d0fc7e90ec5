package com.buythatlook.core.look;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LookStore contract on files, plus what only files have: restarts, crashes, housekeeping. */
class FileLookStoreTest extends LookStoreContract {
  @TempDir Path dir;
  private FileLookStore store;

  @BeforeEach
  void open() {
    store = new FileLookStore(dir.resolve("looks"));
  }

  @Override
  protected LookStore store() {
    return store;
  }

  @Test
  void looksSurviveARestart() {
    String id = LookIds.newId();
    List<LookItem> embedded = items(id, 3, true);
    store.markDetected(id, upload(id), 640, 480, items(id, 3, false), T0, EXPIRES);
    store.markEmbedded(id, embedded, T1);
    Look before = store.get(id).orElseThrow();

    FileLookStore reopened = new FileLookStore(dir.resolve("looks"));

    assertThat(reopened.get(id)).contains(before);
    assertThat(reopened.get(id).orElseThrow().items()).isEqualTo(embedded);
    // and the rules still hold across the restart
    assertThat(reopened.markDetected(id, upload(id), 1, 1, List.of(), T2, EXPIRES)).isFalse();
  }

  @Test
  void keepsOneJsonFilePerLookAndNoTemporaryFiles() throws Exception {
    String a = LookIds.newId();
    String b = LookIds.newId();
    store.createPending(a, T0, EXPIRES);
    store.markDetected(a, upload(a), 640, 480, items(a, 1, false), T1, EXPIRES);
    store.markEmbedded(a, items(a, 1, true), T2);
    store.markFailed(b, upload(b), "not an image", T0, EXPIRES);

    try (Stream<Path> files = Files.list(store.directory())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(a + ".json", b + ".json");
    }
  }

  @Test
  void writesTheFieldsOfTheDynamoDbItem() throws Exception {
    String id = LookIds.newId();
    List<LookItem> items = items(id, 1, true);
    store.markDetected(id, upload(id), 640, 480, items(id, 1, false), T0, EXPIRES);
    store.markEmbedded(id, items, T1);

    JsonNode json = new ObjectMapper().readTree(store.directory().resolve(id + ".json").toFile());

    assertThat(json.get("lookId").asText()).isEqualTo(id);
    assertThat(json.get("status").asText()).isEqualTo("EMBEDDED");
    assertThat(json.get("expiresAt").asLong()).isEqualTo(EXPIRES.getEpochSecond());
    assertThat(json.get("createdAt").asText()).isEqualTo(T0.toString());
    JsonNode item = json.get("items").get(0);
    assertThat(item.get("category").asText()).isEqualTo("bags");
    assertThat(Base64.getDecoder().decode(item.get("vector").asText()))
        .isEqualTo(VectorBytes.encode(items.get(0).vector()));
    assertThat(json.has("failureReason")).isFalse();
  }

  @Test
  void namesAFileThatIsNotALook() throws Exception {
    String id = LookIds.newId();
    Path file = store.directory().resolve(id + ".json");
    Files.writeString(file, "{\"lookId\": \"" + id + "\", \"status\": \"SLEEPING\"");

    assertThatThrownBy(() -> store.get(id))
        .isInstanceOf(LookStoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("delete it");
  }

  @Test
  void deletesExpiredLooksAndStaleTemporaryFiles() throws Exception {
    String old = LookIds.newId();
    String fresh = LookIds.newId();
    store.createPending(old, T0, T0.plusSeconds(10));
    store.createPending(fresh, T0, EXPIRES);
    Path staleTemp = store.directory().resolve(old + ".json.crashed.tmp");
    Files.writeString(staleTemp, "{");
    Files.setLastModifiedTime(staleTemp, FileTime.from(T0));
    Path unrelated = store.directory().resolve("README.txt");
    Files.writeString(unrelated, "kept");

    int deleted = store.deleteExpired(T0.plusSeconds(3600 * 2));

    assertThat(deleted).isEqualTo(1);
    assertThat(store.get(old)).isEmpty();
    assertThat(store.get(fresh)).isPresent();
    assertThat(staleTemp).doesNotExist();
    assertThat(unrelated).exists();
  }
}
