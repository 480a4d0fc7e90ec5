/**
 * AWS's delivery around the functions, emulated once for {@code btl serve}, the chaos run and the
 * flow tests: {@link com.buythatlook.cli.delivery.AsyncInvocation} (an S3 notification's
 * asynchronous invocation: retried {@code MaximumRetryAttempts} times, then Lambda's record to the
 * on-failure destination) and {@link com.buythatlook.cli.delivery.SqsEventSource} (the SQS event
 * source mapping: batches of up to {@code BatchSize}, {@code batchItemFailures}, the whole batch
 * failed on a throw or a stranger id). The numbers are template.yaml's ({@link
 * com.buythatlook.cli.delivery.DeliveryRules}, read from the copy in btl's jar).
 *
 * <p>Visibility timeout and redrive to the dead-letter queue after {@code maxReceiveCount} are the
 * queue's: SQS's own where there is one (moto_server in the tests, through {@link
 * com.buythatlook.cli.delivery.SqsQueue}), and {@link com.buythatlook.cli.delivery.LocalQueue}, a
 * durable file queue with SQS's rules, in {@code btl serve}. {@code DeliveryIT} runs the same rule
 * tests on both.
 */
package com.buythatlook.cli.delivery;
