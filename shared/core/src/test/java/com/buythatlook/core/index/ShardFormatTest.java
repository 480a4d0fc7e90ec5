package com.buythatlook.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.buythatlook.core.catalog.Category;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShardFormatTest {

  private static Shard sample(boolean int8) {
    SplittableRandom rnd = new SplittableRandom(4);
    int dim = 13;
    List<String> ids = List.of("p-1", "p-2", "prodükt-3", "4");
    float[] rows = TopKTest.randomRows(rnd, ids.size(), dim, true);
    return Shard.of(
        Category.TOPS,
        dim,
        rows,
        ids,
        new float[] {10f, 25.5f, 99f, 0f},
        List.of("Nordlys", "Acme", "Nordlys", "Zürich & Co"),
        int8);
  }

  @Test
  void roundTripsWithAndWithoutTheInt8Copy() {
    for (boolean int8 : new boolean[] {true, false}) {
      Shard s = sample(int8);
      byte[] bytes = ShardFormat.toBytes(s);
      Shard back = ShardFormat.read(bytes, "t.shard");
      assertThat(back).isEqualTo(s);
      assertThat(back.productId(2)).isEqualTo("prodükt-3");
      assertThat(back.brand(3)).isEqualTo("Zürich & Co");
      assertThat(back.rows8() != null).isEqualTo(int8);
      assertThat((bytes.length - ShardFormat.TRAILER) % ShardFormat.ALIGN).isZero();
    }
  }

  @Test
  void rowsStartOnA64ByteBoundaryRightAfterTheHeader() {
    Shard s = sample(false);
    ByteBuffer b = ByteBuffer.wrap(ShardFormat.toBytes(s)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getFloat(64)).isEqualTo(s.rows()[0]);
    assertThat(b.getFloat(64 + 4 * 13)).isEqualTo(s.rows()[13]);
  }

  @Test
  void anEmptyShardRoundTrips() {
    Shard empty =
        Shard.of(Category.BELTS, 8, new float[0], List.of(), new float[0], List.of(), true);
    assertThat(ShardFormat.read(ShardFormat.toBytes(empty), "e")).isEqualTo(empty);
  }

  @Test
  void aForeignFileIsRefused() {
    byte[] png = new byte[200];
    System.arraycopy("\u0089PNG\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, png, 0, 6);
    assertThatThrownBy(() -> ShardFormat.read(png, "index/v1/tops/0.shard"))
        .isInstanceOf(ShardFormatException.class)
        .hasMessage("index/v1/tops/0.shard is not a Buy That Look shard (bad magic)");
  }

  @Test
  void everyTruncationIsDetected() {
    byte[] bytes = ShardFormat.toBytes(sample(true));
    for (int len = 0; len < bytes.length; len += 7) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> ShardFormat.read(cut, "s"))
          .as("cut at %d", len)
          .isInstanceOf(ShardFormatException.class)
          .hasMessageMatching(
              "s (is .* too short.*|is not a Buy That Look shard.*|has no shard trailer.*)");
    }
  }

  @Test
  void everyFlippedByteIsDetected() {
    byte[] bytes = ShardFormat.toBytes(sample(true));
    for (int i = 8; i < bytes.length; i += 3) {
      byte[] bad = bytes.clone();
      bad[i] ^= 0x10;
      assertThatThrownBy(() -> ShardFormat.read(bad, "s"))
          .as("flip at %d", i)
          .isInstanceOf(ShardFormatException.class);
    }
  }

  @Test
  void aNewerFormatVersionSaysSo() {
    byte[] bytes = ShardFormat.toBytes(sample(false));
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
    assertThatThrownBy(() -> ShardFormat.read(bytes, "s"))
        .hasMessageContaining("format version 2; this build reads 1");
  }

  @Test
  void shardFiltersMatchByPriceAndBrandName() {
    Shard s = sample(true);
    RowFilter f = s.rowFilter(new Filter(5.0, 50.0, Set.of("Nordlys")));
    assertThat(new boolean[] {f.accepts(0), f.accepts(1), f.accepts(2), f.accepts(3)})
        .containsExactly(true, false, false, false);
    assertThat(s.rowFilter(Filter.none()).isActive()).isFalse();
    RowFilter unknownBrand = s.rowFilter(new Filter(null, null, Set.of("Nobody")));
    assertThat(unknownBrand.accepts(0) || unknownBrand.accepts(1)).isFalse();
  }
}
