package com.buythatlook.vision.model;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.ZooModel;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Lends each calling thread a predictor of its own for the length of one call; DJL predictors
 * are not thread-safe, the model they share is. A pool rather than a ThreadLocal so that every
 * predictor is found and closed with the model, even when the threads that used it live on in
 * some executor. It grows to the largest number of concurrent callers and no further.
 */
final class PredictorPool implements AutoCloseable {

  private final ZooModel<NDList, NDList> model;
  private final Deque<Predictor<NDList, NDList>> idle = new ConcurrentLinkedDeque<>();
  private final Set<Predictor<NDList, NDList>> all = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  PredictorPool(ZooModel<NDList, NDList> model) {
    this.model = model;
  }

  Predictor<NDList, NDList> borrow() {
    if (closed) {
      throw new IllegalStateException("model " + model.getName() + " is closed");
    }
    Predictor<NDList, NDList> p = idle.pollFirst(); // LIFO: the warmest predictor first
    if (p == null) {
      p = model.newPredictor();
      all.add(p);
    }
    return p;
  }

  void giveBack(Predictor<NDList, NDList> p) {
    if (closed) {
      all.remove(p);
      p.close();
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
    for (Predictor<NDList, NDList> p : all) {
      p.close();
    }
    all.clear();
    idle.clear();
  }
}
