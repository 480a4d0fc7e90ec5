/**
 * {@code btl fetch}: downloads the images a street2shop {@code photos.txt} lists.
 *
 * <p>The seed's downloader worked pair by pair with 32 workers, and a worker that failed on a shop
 * URL deleted the street image another worker had just saved. Here the unit of work is the photo,
 * not the row or the pair: {@link com.buythatlook.cli.fetch.PhotoJob} groups all rows of one photo
 * id into one job, exactly one {@link com.buythatlook.cli.fetch.PhotoTask} runs it, and that task
 * only ever writes or deletes the files named after its own photo id. No task can touch another
 * photo's file, so the race cannot happen.
 *
 * <p>A file reaches its final name only by an atomic rename of a complete, validated {@code .part}
 * file, so a killed run never leaves half an image under the final name, and a second run skips
 * what the first finished.
 */
package com.buythatlook.cli.fetch;
