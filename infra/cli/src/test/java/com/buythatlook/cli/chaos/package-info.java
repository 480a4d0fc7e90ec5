/**
 * The reliability run of the look pipeline (docs/architecture.md: every look ends in a terminal
 * state): the real detect and embed handlers on moto_server, with AWS's delivery around them
 * emulated — S3 notifications at least once and in no order, asynchronous invocations retried twice
 * and then sent to an on-failure destination, the SQS event source mapping with batch item
 * failures, visibility timeouts and the queue's own RedrivePolicy — first with duplicated and
 * shuffled events (the end state must equal a clean run's), then with a share of the functions' S3,
 * DynamoDB and SQS calls failing (no look may be lost, and a redrive of the dead-letter queues must
 * finish every look). {@link com.buythatlook.cli.chaos.ChaosRun} is the full-size run ({@code
 * infra/bench/chaos.sh}); {@code ChaosIT} runs it small in {@code mvn verify}.
 */
package com.buythatlook.cli.chaos;
