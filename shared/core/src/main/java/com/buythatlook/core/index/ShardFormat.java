package com.buythatlook.core.index;

import com.buythatlook.core.catalog.Category;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The shard file: little-endian, every section 64-byte aligned so rows can be mapped and scanned in
 * place, a CRC-32C of everything before it at the end.
 *
 * <pre>
 * 0   header (64 bytes)  magic "BTLSHARD", u32 format version (1), u32 flags (bit 0: int8 copy),
 *                        u32 category ordinal, u32 row count, u32 dimension, f32 int8 scale,
 *                        u32 brand count, zero padding
 *     float32 rows       count × dim
 *     int8 rows          count × dim          (when flag bit 0)
 *     product ids        u32 offsets[count + 1] into the UTF-8 bytes that follow
 *     prices             f32[count]
 *     brand ids          u32[count]
 *     brand dictionary   u32 offsets[brands + 1] into the UTF-8 bytes that follow
 *     trailer (16 bytes) magic "BTLSEND1", u32 CRC-32C of all bytes before the trailer, u32 0
 * </pre>
 */
public final class ShardFormat {
  static final byte[] MAGIC = "BTLSHARD".getBytes(StandardCharsets.US_ASCII);
  static final byte[] END_MAGIC = "BTLSEND1".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER = 64;
  static final int TRAILER = 16;
  static final int ALIGN = 64;

  private ShardFormat() {}

  /** Serialises a shard; the result's length is what the index manifest records. */
  public static byte[] toBytes(Shard s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(s, out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  public static void write(Shard s, OutputStream os) throws IOException {
    Section w = new Section();
    ByteBuffer h = le(HEADER);
    h.put(MAGIC)
        .putInt(VERSION)
        .putInt(s.rows8() != null ? 1 : 0)
        .putInt(s.category().ordinal())
        .putInt(s.count())
        .putInt(s.dim())
        .putFloat(s.rows8() != null ? s.rows8().scale() : 0f)
        .putInt(s.brands().length);
    w.add(h.array());

    ByteBuffer rows = le(s.rows().length * 4);
    rows.asFloatBuffer().put(s.rows());
    w.addAligned(rows.array());
    if (s.rows8() != null) {
      w.addAligned(s.rows8().data());
    }
    w.addAligned(strings(s.productIds()));
    ByteBuffer prices = le(s.count() * 4);
    prices.asFloatBuffer().put(s.prices());
    w.addAligned(prices.array());
    ByteBuffer brandIds = le(s.count() * 4);
    brandIds.asIntBuffer().put(s.brandIds());
    w.addAligned(brandIds.array());
    w.addAligned(strings(s.brands()));
    w.pad();

    byte[] body = w.toBytes();
    CRC32C crc = new CRC32C();
    crc.update(body);
    ByteBuffer t = le(TRAILER);
    t.put(END_MAGIC).putInt((int) crc.getValue()).putInt(0);
    os.write(body);
    os.write(t.array());
  }

  /**
   * Parses and verifies a shard file.
   *
   * @param name used in error messages (an S3 key or a path)
   * @throws ShardFormatException for a foreign, truncated or corrupted file
   */
  public static Shard read(byte[] bytes, String name) {
    if (bytes.length < HEADER + TRAILER) {
      throw new ShardFormatException(
          name + " is " + bytes.length + " bytes, too short to be a shard (truncated?)");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new ShardFormatException(name + " is not a Buy That Look shard (bad magic)");
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw new ShardFormatException(
          name + " has shard format version " + version + "; this build reads " + VERSION);
    }
    int end = bytes.length - TRAILER;
    byte[] endMagic = new byte[8];
    b.get(end, endMagic);
    if (!java.util.Arrays.equals(endMagic, END_MAGIC)) {
      throw new ShardFormatException(name + " has no shard trailer: the file is truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, end);
    int stored = b.getInt(end + 8);
    if ((int) crc.getValue() != stored || b.getInt(end + 12) != 0) {
      throw new ShardFormatException(name + " fails its checksum: the file is corrupted");
    }
    int flags = b.getInt(12);
    int categoryOrdinal = b.getInt(16);
    int count = b.getInt(20);
    int dim = b.getInt(24);
    float scale = b.getFloat(28);
    int brandCount = b.getInt(32);
    if (categoryOrdinal < 0
        || categoryOrdinal >= Category.values().length
        || count < 0
        || dim <= 0
        || brandCount < 0) {
      throw new ShardFormatException(name + " has an invalid header");
    }
    try {
      int pos = HEADER;
      float[] rows = new float[Math.multiplyExact(count, dim)];
      b.slice(pos, rows.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(rows);
      pos = align(pos + rows.length * 4);
      Int8Rows rows8 = null;
      if ((flags & 1) != 0) {
        byte[] q = new byte[rows.length];
        b.get(pos, q);
        rows8 = new Int8Rows(q, count, dim, scale);
        pos = align(pos + q.length);
      }
      int[] idsPos = {pos};
      String[] ids = readStrings(b, idsPos, count);
      pos = align(idsPos[0]);
      float[] prices = new float[count];
      b.slice(pos, count * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(prices);
      pos = align(pos + count * 4);
      int[] brandIds = new int[count];
      b.slice(pos, count * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(brandIds);
      pos = align(pos + count * 4);
      int[] brandPos = {pos};
      String[] brands = readStrings(b, brandPos, brandCount);
      if (align(brandPos[0]) != end) {
        throw new ShardFormatException(name + " has sections that do not add up to its length");
      }
      return new Shard(
          Category.values()[categoryOrdinal], dim, rows, rows8, ids, prices, brandIds, brands);
    } catch (IndexOutOfBoundsException | ArithmeticException | IllegalArgumentException e) {
      throw new ShardFormatException(name + " is malformed: " + e.getMessage());
    }
  }

  private static String[] readStrings(ByteBuffer b, int[] pos, int n) {
    int[] offsets = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      offsets[i] = b.getInt(pos[0] + 4 * i);
    }
    int data = pos[0] + 4 * (n + 1);
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      int len = offsets[i + 1] - offsets[i];
      if (offsets[i] < 0 || len < 0) {
        throw new IllegalArgumentException("bad string offsets");
      }
      byte[] s = new byte[len];
      b.get(data + offsets[i], s);
      out[i] = new String(s, StandardCharsets.UTF_8);
    }
    pos[0] = data + offsets[n];
    return out;
  }

  private static byte[] strings(String[] values) {
    byte[][] enc = new byte[values.length][];
    int total = 0;
    for (int i = 0; i < values.length; i++) {
      enc[i] = values[i].getBytes(StandardCharsets.UTF_8);
      total += enc[i].length;
    }
    ByteBuffer out = le(4 * (values.length + 1) + total);
    int off = 0;
    for (byte[] e : enc) {
      out.putInt(off);
      off += e.length;
    }
    out.putInt(off);
    for (byte[] e : enc) {
      out.put(e);
    }
    return out.array();
  }

  static int align(int pos) {
    return (pos + ALIGN - 1) & -ALIGN;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Accumulates sections, padding each to the alignment. */
  private static final class Section {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void add(byte[] bytes) {
      out.writeBytes(bytes);
    }

    void addAligned(byte[] bytes) {
      pad();
      out.writeBytes(bytes);
    }

    void pad() {
      int size = out.size();
      out.writeBytes(new byte[align(size) - size]);
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }
}
