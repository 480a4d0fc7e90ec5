/**
 * The catalog index: per-category shards of unit vectors (fp32 and int8) with prices and brands,
 * written by the batch job ({@link com.buythatlook.core.index.IndexPublisher}) under a version that
 * {@code index/CURRENT} names, and read by the query function ({@link
 * com.buythatlook.core.index.IndexReader}) through an LRU cache that spills to /tmp. The top-k scan
 * uses the Vector API when the JVM has it and scalar kernels otherwise.
 */
package com.buythatlook.core.index;
