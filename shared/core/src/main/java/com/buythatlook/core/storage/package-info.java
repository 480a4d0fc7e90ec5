/**
 * Blob storage behind one interface ({@link com.buythatlook.core.storage.BlobStore}): a local
 * folder written durably, or S3 (where a 403 on a missing key is read as absent when listing is
 * denied), and presigned URLs for uploads and for showing photos.
 */
package com.buythatlook.core.storage;
