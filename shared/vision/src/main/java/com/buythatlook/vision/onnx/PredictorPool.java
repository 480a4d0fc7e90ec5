package com.buythatlook.vision.onnx;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Lends each calling thread a predictor of its own for the length of one call; DJL predictors are
 * not thread-safe, the model they share is. A pool rather than a ThreadLocal so that every
 * predictor is found and closed with the model, even when the threads that used it live on in some
 * executor. It grows to the largest number of concurrent callers and no further.
 */
final class PredictorPool implements AutoCloseable {

  /**
   * A predictor and the native input buffer that goes with it. ONNX Runtime reads a direct,
   * native-order buffer in place; handing it a heap array instead costs a fresh direct buffer
   * (allocated, zeroed, later freed by the GC) and a copy on every call.
   */
  static final class Lease {
    final Predictor<NDList, NDList> predictor;
    private FloatBuffer input;

    Lease(Predictor<NDList, NDList> predictor) {
      this.predictor = predictor;
    }

    /** The lease's input buffer holding {@code values}, position 0, limit at its length. */
    FloatBuffer input(float[] values) {
      return input(List.of(values), values.length);
    }

    /**
     * The lease's input buffer holding {@code rows} one after another (each {@code rowSize}
     * floats), position 0, limit at their total: a batch assembled straight into native memory.
     */
    FloatBuffer input(List<float[]> rows, int rowSize) {
      int total = Math.multiplyExact(rows.size(), rowSize);
      if (input == null || input.capacity() < total) {
        input =
            ByteBuffer.allocateDirect(Math.multiplyExact(total, Float.BYTES))
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
      }
      input.clear();
      for (float[] row : rows) {
        if (row.length != rowSize) {
          throw new IllegalArgumentException(
              "an input row holds " + row.length + " floats; the model needs " + rowSize);
        }
        input.put(row);
      }
      input.flip();
      return input;
    }
  }

  private final ZooModel<NDList, NDList> model;
  private final Deque<Lease> idle = new ConcurrentLinkedDeque<>();
  private final Set<Lease> all = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  PredictorPool(ZooModel<NDList, NDList> model) {
    this.model = model;
  }

  Lease borrow() {
    if (closed) {
      throw new IllegalStateException("model " + model.getName() + " is closed");
    }
    Lease p = idle.pollFirst(); // LIFO: the warmest predictor first
    if (p == null) {
      p = new Lease(model.newPredictor());
      all.add(p);
    }
    return p;
  }

  void giveBack(Lease p) {
    if (closed) {
      all.remove(p);
      p.predictor.close();
    } else {
      idle.offerFirst(p);
    }
  }

  /** How many predictors exist: at most the peak number of concurrent callers. */
  int size() {
    return all.size();
  }

  /** Closes every predictor; call once no inference call is running. */
  @Override
  public void close() {
    closed = true;
    for (Lease p : all) {
      p.predictor.close();
    }
    all.clear();
    idle.clear();
  }
}
