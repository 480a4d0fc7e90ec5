package com.buythatlook.batch;

import java.util.List;
import java.util.Map;

/**
 * What a finished chunk leaves beside its vectors ({@code _work/<category>/<n>.json}): the image
 * content hash of each embedded product, the products that failed, and how many vectors were reused
 * from the base version. Written after the chunk's shard, so its presence marks the chunk complete.
 */
public record ChunkRecord(Map<String, String> hashes, List<Failure> failures, int reused) {}
