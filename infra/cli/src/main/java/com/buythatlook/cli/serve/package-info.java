/**
 * {@code btl serve} and {@code btl demo}: the whole system in one process (docs/architecture.md),
 * with the production code paths wherever they can be had locally.
 *
 * <h2>What stands in for what</h2>
 *
 * <ul>
 *   <li>S3: {@link com.buythatlook.cli.serve.EmbeddedS3}, S3Proxy over a folder on a free loopback
 *       port, signature V4 with the data folder's own key pair, CORS for the page's origin. Every
 *       S3 access — SDK calls, presigned GETs, the browser's presigned POST — is real S3 protocol.
 *   <li>S3 event notifications and Lambda's asynchronous invocation: {@link
 *       com.buythatlook.cli.serve.UploadNotifier} reports each object created under {@code
 *       uploads/} from inside S3Proxy's storage (no polling), and {@link
 *       com.buythatlook.cli.serve.DetectInvoker} hands {@code DetectHandler} the {@code S3Event}
 *       AWS would send through {@link com.buythatlook.cli.delivery.AsyncInvocation}: retried as
 *       template.yaml says (twice, after 2 s and 10 s here), then Lambda's on-failure record.
 *   <li>SQS and its event source mapping: {@link com.buythatlook.cli.delivery.LocalQueue} (durable,
 *       visibility timeout, receive count, dead-letter folder after template.yaml's
 *       maxReceiveCount) and {@link com.buythatlook.cli.delivery.SqsEventSource} ({@code SQSEvent}s
 *       of up to template.yaml's BatchSize to {@code EmbedHandler}, honouring {@code
 *       batchItemFailures}). The visibility timeout is 30 s instead of the template's 390 s.
 *   <li>DynamoDB: {@code FileLookStore} and {@code FileProductStore} of shared/core, behind the
 *       same interfaces as the DynamoDB stores.
 *   <li>API Gateway: {@link com.buythatlook.cli.serve.HttpFront} turns requests into payload v2
 *       events for {@code QueryHandler}; {@link com.buythatlook.cli.serve.WebPage} serves the web
 *       page and the demo photos.
 * </ul>
 *
 * <h2>Data folder</h2>
 *
 * <pre>
 * {data}/s3/btl-local/    the bucket: uploads/, crops/, catalog/products.jsonl, catalog/images/…,
 *                         index/{version}/…, index/CURRENT — the keys of production's bucket
 * {data}/s3-credentials   the S3 key pair, generated once, owner-only (0600)
 * {data}/looks/           Looks table: {lookId}.json
 * {data}/products.jsonl   Products table
 * {data}/queue/           embed queue: one file per message; queue/dead/ is the dead-letter queue
 * {data}/failed-events/   detect events that failed three times
 * {data}/dataset/         btl demo's synthetic data set (dataset.complete marks it finished);
 *                         its test street photos are the page's demo photos
 * {data}/.lock            held while a runtime uses the folder: one runtime per folder
 * </pre>
 *
 * {@code btl demo} defaults to {@code ./btl-data}: beside the clone, visible, and removed with
 * {@code rm -r btl-data} to start over.
 *
 * <h2>Restarts and crashes</h2>
 *
 * Nothing a client uploaded is lost when the process stops, however it stops:
 *
 * <ul>
 *   <li>queue messages are files written before {@code send} returns; those in flight when the
 *       process stopped are delivered again as soon as it starts (no other consumer can hold them),
 *       with their receive counts kept;
 *   <li>at start-up every object under {@code uploads/} whose look is missing or PENDING, or
 *       DETECTED without a queued embed message, gets its upload event again. This also retries
 *       looks whose detect invocations all failed, once the cause is fixed. A PENDING look with no
 *       upload is a client that never uploaded; it is left to the look TTL, as in AWS.
 * </ul>
 *
 * Both steps are idempotent (conditional writes on the look's status), so these repeats are
 * harmless. Expired looks are deleted at start-up, as DynamoDB's TTL would.
 */
package com.buythatlook.cli.serve;
