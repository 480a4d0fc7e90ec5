package com.buythatlook.cli.generate;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs numbered tasks on a pool while handing their results to one consumer strictly in number
 * order. At most {@code window} tasks are in flight, so memory stays bounded however many tasks
 * there are, and the pool keeps busy while the consumer writes (no stop at chunk boundaries).
 */
final class OrderedParallel {

  /** Receives results in task order, on the calling thread. */
  interface Sink<T> {
    void accept(int index, T result) throws Exception;
  }

  private OrderedParallel() {}

  /**
   * @param tasks makes task {@code i}; called on the calling thread in order, so it may keep
   *     running state (such as the next photo id)
   */
  static <T> void run(
      ExecutorService pool, int count, int window, IntFunction<Callable<T>> tasks, Sink<T> sink)
      throws Exception {
    ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();
    int submitted = 0;
    try {
      for (int i = 0; i < count; i++) {
        while (submitted < count && inFlight.size() < window) {
          inFlight.add(pool.submit(tasks.apply(submitted++)));
        }
        T result;
        try {
          result = inFlight.poll().get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Exception ex) {
            throw ex;
          }
          throw new IllegalStateException(cause);
        }
        sink.accept(i, result);
      }
    } finally {
      for (Future<T> f : inFlight) {
        f.cancel(true);
      }
    }
  }
}
