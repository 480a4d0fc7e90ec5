/**
 * The query function behind the HTTP API: creates looks (presigned uploads), answers {@code GET
 * /looks/{id}} with each item's most similar products, {@code /products/{id}/similar}, {@code
 * /health}, and serves the web page.
 */
package com.buythatlook.functions.query;
