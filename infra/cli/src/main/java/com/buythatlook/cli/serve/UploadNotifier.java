package com.buythatlook.cli.serve;

import com.buythatlook.core.look.LookKeys;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The local runtime's S3 event notification: sits between S3Proxy and its storage and reports every
 * object created under {@code uploads/} in the runtime's bucket, right after the object is stored,
 * exactly as production's bucket notification ({@code s3:ObjectCreated:*} filtered on the {@code
 * uploads/} prefix) does. Hooking the store rather than polling the folder means no delay and no
 * missed or doubled events; PUT, browser POST form uploads (S3Proxy stores those with {@code
 * putBlob} too), copies and completed multipart uploads are all covered.
 *
 * <p>The listener runs on S3Proxy's request thread, before the client gets its response, so it must
 * only hand the event off (the runtime queues a detect invocation); a listener failure is logged
 * and does not fail the upload, as an S3 notification failure would not either.
 */
final class UploadNotifier extends ForwardingBlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(UploadNotifier.class);

  /** An {@code s3:ObjectCreated:*} notification for one object. */
  record ObjectCreated(
      String eventName,
      String bucket,
      String key,
      long size,
      String eTag,
      String sequencer,
      Instant time) {}

  interface Listener {
    void objectCreated(ObjectCreated event);
  }

  private final String bucket;
  private final Listener listener;
  private final Clock clock;

  /** S3's sequencer orders events of one key; a process-wide counter does that and more. */
  private final AtomicLong sequence;

  UploadNotifier(BlobStore delegate, String bucket, Listener listener, Clock clock) {
    super(delegate);
    this.bucket = bucket;
    this.listener = listener;
    this.clock = clock;
    // start from the clock so that sequencers keep growing across restarts
    this.sequence = new AtomicLong(clock.millis() * 1000);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
    PutObjectResponse response = super.putBlob(request, content);
    notify("ObjectCreated:Put", request.bucket(), request.key());
    return response;
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    CopyObjectResponse response = super.copyBlob(request);
    notify("ObjectCreated:Copy", request.destinationBucket(), request.destinationKey());
    return response;
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
    notify("ObjectCreated:CompleteMultipartUpload", request.bucket(), request.key());
    return response;
  }

  private void notify(String eventName, String objectBucket, String key) {
    if (!bucket.equals(objectBucket) || key == null || !key.startsWith(LookKeys.UPLOADS)) {
      return;
    }
    try {
      // size and ETag of what was stored, not of what the request claimed
      HeadObjectResponse head = delegate().blobMetadata(objectBucket, key);
      String eTag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
      long size = head.contentLength() == null ? 0 : head.contentLength();
      String sequencer = String.format(Locale.ROOT, "%016X", sequence.incrementAndGet());
      listener.objectCreated(
          new ObjectCreated(eventName, objectBucket, key, size, eTag, sequencer, clock.instant()));
    } catch (RuntimeException e) {
      // the startup scan of uploads/ picks the object up on the next start
      LOG.error("could not report the new object {} to the detect function", key, e);
    }
  }
}
