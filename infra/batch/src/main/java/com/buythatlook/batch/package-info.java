/**
 * The catalog batch job ({@code btl-index.jar}, and {@code btl index}): it reads the catalog,
 * embeds every product photo and publishes a new index version. {@link
 * com.buythatlook.batch.ChunkPlan} splits the catalog into chunks and resumes after a crash, {@link
 * com.buythatlook.batch.EmbeddingPipeline} decodes, prepares and embeds in batches, {@link
 * com.buythatlook.batch.ShardAssembly} joins finished chunks into per-category shards, and {@link
 * com.buythatlook.batch.Publication} writes the report and moves {@code index/CURRENT}, or refuses
 * to when too many products failed.
 */
package com.buythatlook.batch;
