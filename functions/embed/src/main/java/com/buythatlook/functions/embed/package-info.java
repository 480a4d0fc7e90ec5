/**
 * The embed function: SQS batches of detected items in, one vector per item written to the look; a
 * message that fails is reported in {@code batchItemFailures} and retried, then goes to the DLQ.
 */
package com.buythatlook.functions.embed;
