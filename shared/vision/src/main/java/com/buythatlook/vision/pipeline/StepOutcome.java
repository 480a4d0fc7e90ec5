package com.buythatlook.vision.pipeline;

/** What one run of a step did, for logs and tests. */
public enum StepOutcome {
  /** The look moved forward. */
  ADVANCED,
  /** The look ended FAILED with a reason. */
  FAILED,
  /** The look was already at or past this step: a duplicate or late event; nothing changed. */
  DUPLICATE,
  /** The event names no look (a key outside {@code uploads/}, an invalid id): nothing to do. */
  IGNORED
}
