/**
 * The two steps of a look's life that need the models: {@link
 * com.buythatlook.vision.pipeline.DetectStep} (an uploaded photo → items, crops, a DETECTED look
 * and an embed message) and {@link com.buythatlook.vision.pipeline.EmbedStep} (the crops → vectors,
 * an EMBEDDED look). The Lambda handlers and the local runtime call these and nothing else, so both
 * run the same code.
 *
 * <p>Both steps are idempotent: every store write is conditional on the look's status, crops are
 * written under deterministic keys, and a duplicate or late event ends in the same state as the
 * first one. A problem with the photo ends the look FAILED with a reason for a person (and is not
 * retried); a problem with the infrastructure is thrown, so the caller's retries and dead-letter
 * queue take over and nothing is dropped silently.
 */
package com.buythatlook.vision.pipeline;
