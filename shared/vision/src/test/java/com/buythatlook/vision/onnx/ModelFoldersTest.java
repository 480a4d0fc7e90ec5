package com.buythatlook.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFoldersTest {

  @TempDir Path tmp;

  private Path modelAt(Path root, String kind) throws Exception {
    Path dir = Files.createDirectories(root.resolve("infra/models").resolve(kind));
    Files.writeString(dir.resolve("model.json"), "{}");
    return dir;
  }

  @Test
  void prefersTheCurrentDirectoryThenTheJarsFolderAndItsParents() throws Exception {
    Path clone = tmp.resolve("clone");
    Path jarDir = Files.createDirectories(clone.resolve("infra/cli/target"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path fromClone = modelAt(clone, "detector");

    assertThat(ModelFolders.resolve("detector", null, elsewhere, jarDir))
        .isEqualTo(fromClone.toAbsolutePath().normalize());
    Path local = modelAt(elsewhere, "detector");
    assertThat(ModelFolders.resolve("detector", null, elsewhere, jarDir))
        .isEqualTo(local.toAbsolutePath().normalize());
  }

  @Test
  void anExplicitFolderWins() throws Exception {
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    modelAt(tmp, "embedder");

    assertThat(ModelFolders.resolve("embedder", mine, tmp, null)).isEqualTo(mine);
  }

  @Test
  void defaultNamesTheDefaultFolderAsForEveryOtherCommand() throws Exception {
    Path found = modelAt(tmp, "embedder");

    assertThat(ModelFolders.resolve("embedder", Path.of("default"), tmp, null))
        .isEqualTo(found.toAbsolutePath().normalize());
  }

  @Test
  void nothingFoundSaysWhereItLookedAndWhatToDo() {
    assertThatThrownBy(() -> ModelFolders.resolve("embedder", null, tmp, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "no embedder model found (looked for infra/models/embedder in "
                + tmp.toAbsolutePath()
                + ")")
        .hasMessageEndingWith(
            "train one with infra/training, which writes"
                + " infra/models/embedder, or pass --embedder DIR");
  }
}
