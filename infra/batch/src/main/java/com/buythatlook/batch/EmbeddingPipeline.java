package com.buythatlook.batch;

import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.image.RgbImage;
import com.buythatlook.core.inference.Embedder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decode pool → prepare → embed. Images are decoded and turned into the model's input ({@link
 * Embedder#prepare}: resize, normalise) on a pool of workers, a window of a few batches ahead of
 * inference, and embedded in batches ({@link Embedder#embedPrepared}) on the calling thread, which
 * so runs only the model. Times are kept for the job's report: decoding and preparing summed over
 * the workers, inference on the calling thread. Close it to stop the workers.
 */
final class EmbeddingPipeline implements AutoCloseable {
  private final Embedder embedder;
  private final ImageBytesDecoder decoder;
  private final int workers;
  private final int batchSize;
  private final ExecutorService pool;
  private final AtomicLong decodeNanos = new AtomicLong();
  private long inferenceNanos;

  EmbeddingPipeline(Embedder embedder, ImageBytesDecoder decoder, int workers, int batchSize) {
    this.embedder = embedder;
    this.decoder = decoder;
    this.workers = workers;
    this.batchSize = batchSize;
    this.pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "index-decode");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Embeds {@code products}, whose image bytes are {@code images} (same order), putting each vector
   * in {@code vectorOf}. An image that cannot be decoded is a failure of its product, returned in
   * order; a {@code prepare} or model failure fails the job, as inside {@link Embedder#embed}.
   */
  List<Failure> embed(List<Product> products, List<byte[]> images, Map<Product, float[]> vectorOf)
      throws IOException {
    List<Failure> failures = new ArrayList<>();
    int window = batchSize * Math.max(2, workers);
    for (int w = 0; w < products.size(); w += window) {
      int end = Math.min(products.size(), w + window);
      List<Future<float[]>> prepared = new ArrayList<>();
      for (int i = w; i < end; i++) {
        byte[] bytes = images.get(i);
        String name = products.get(i).image();
        prepared.add(pool.submit(() -> prepare(bytes, name)));
      }
      List<Product> batch = new ArrayList<>();
      List<float[]> inputs = new ArrayList<>();
      for (int i = w; i < end; i++) {
        Product p = products.get(i);
        try {
          inputs.add(prepared.get(i - w).get());
          batch.add(p);
        } catch (ExecutionException ex) {
          if (ex.getCause() instanceof PrepareFailed f) {
            throw f.getCause();
          }
          failures.add(
              new Failure(
                  p.productId(),
                  p.image(),
                  "image could not be decoded: " + ex.getCause().getMessage()));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ex);
        }
        if (inputs.size() == batchSize || (i == end - 1 && !inputs.isEmpty())) {
          long t = System.nanoTime();
          float[][] out = embedder.embedPrepared(inputs);
          inferenceNanos += System.nanoTime() - t;
          for (int j = 0; j < out.length; j++) {
            vectorOf.put(batch.get(j), out[j]);
          }
          batch.clear();
          inputs.clear();
        }
      }
    }
    return failures;
  }

  /** Seconds spent decoding and preparing, summed over the workers. */
  double decodeSeconds() {
    return decodeNanos.get() / 1e9;
  }

  /** Seconds spent in {@link Embedder#embedPrepared}. */
  double inferenceSeconds() {
    return inferenceNanos / 1e9;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private float[] prepare(byte[] bytes, String name) throws IOException, PrepareFailed {
    long t = System.nanoTime();
    try {
      RgbImage image = decoder.decode(bytes, name);
      try {
        return embedder.prepare(image);
      } catch (RuntimeException e) {
        throw new PrepareFailed(e);
      }
    } finally {
      decodeNanos.addAndGet(System.nanoTime() - t);
    }
  }

  /** Carries a {@code prepare} failure out of a worker, apart from decoding failures. */
  private static final class PrepareFailed extends Exception {
    PrepareFailed(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }
}
