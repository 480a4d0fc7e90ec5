package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderedParallelTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void deliversResultsInTaskOrderWithABoundedWindow() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    List<Integer> seen = new ArrayList<>();
    OrderedParallel.run(
        pool,
        200,
        6,
        i ->
            () -> {
              peak.accumulateAndGet(running.incrementAndGet(), Math::max);
              Thread.sleep((i * 7) % 3); // finish out of order
              running.decrementAndGet();
              return i * i;
            },
        (i, r) -> {
          assertThat(r).isEqualTo(i * i);
          seen.add(i);
        });
    assertThat(seen).hasSize(200).isSorted();
    assertThat(peak.get()).isLessThanOrEqualTo(6);
  }

  @Test
  void passesOnATaskFailure() {
    assertThatThrownBy(
            () ->
                OrderedParallel.run(
                    pool,
                    50,
                    8,
                    i ->
                        () -> {
                          if (i == 17) {
                            throw new IOException("disk full");
                          }
                          return i;
                        },
                    (i, r) -> {}))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
  }
}
