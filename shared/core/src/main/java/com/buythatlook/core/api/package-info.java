/**
 * The HTTP API (docs/openapi.json), framework-free: {@link com.buythatlook.core.api.LookApi} turns
 * an {@link com.buythatlook.core.api.ApiRequest} into an {@link
 * com.buythatlook.core.api.ApiResponse}, and the Lambda handler (functions/query) and the local
 * server only convert their own request types to and from those two.
 *
 * <h2>Routes</h2>
 *
 * <ul>
 *   <li>{@code POST /looks}, body {@code {"contentType": "image/jpeg" | "image/png" |
 *       "image/webp"}} or no body (JPEG) → 201, {@code Location: /looks/{id}}, {@code {"lookId",
 *       "status": "PENDING", "upload": {"url", "fields", "maxBytes", "expiresAt"}}}. The client
 *       POSTs a multipart form to {@code url} with {@code fields} in order and the photo last, as
 *       part {@code file}; the policy pins the key ({@code uploads/{id}.{ext}}), the content type
 *       and 1..{@code maxBytes} bytes. A PENDING look whose form is never used stays PENDING until
 *       the table's TTL removes it: nothing was uploaded, so nothing is dropped.
 *   <li>{@code GET /looks/{id}?k=6&minPrice=&maxPrice=&brand=} → {@code {"lookId", "status",
 *       "failureReason" (FAILED only), "width", "height", "imageUrl" (once the photo is known),
 *       "items": [{"itemNo", "category", "score", "box": {"left", "top", "width", "height"},
 *       "cropUrl", "matches" (EMBEDDED only): [{"productId", "title", "brand", "price", "currency",
 *       "similarity", "imageUrl"}]}]}}. Matches are computed on every request from the live index:
 *       one multi-query scan per category for all items of that category, with the price and brand
 *       filters applied inside the scan (so k matches come back whenever k products pass them), and
 *       one product lookup for all matches. A match whose product is missing from the Products
 *       table is left out (and logged). An EMBEDDED look with zero items answers {@code "items":
 *       []} and needs no index.
 *   <li>{@code GET /products/{id}/similar?k=} (the same filters are accepted) → {@code {"product":
 *       {"productId", "title", "brand", "price", "currency", "category", "imageUrl"}, "matches":
 *       […]}}, the product itself excluded.
 *   <li>{@code GET /health} → 200 {@code {"status": "ok", "index": {"version", "model", "products",
 *       "categories"}}}, or <b>503</b> {@code {"status": "unavailable", "error": {…}}} while no
 *       index can be read. Chosen over "200 degraded" because without an index the API cannot do
 *       its main job: a readiness probe ({@code btl demo} waiting for its index, a monitor) should
 *       see "not ready", and it is not a client mistake, so a 5xx is honest.
 * </ul>
 *
 * <h2>Parameters</h2>
 *
 * An empty value counts as not given. {@code k}: 1..100, default 6. Prices: plain non-negative
 * decimals, {@code minPrice ≤ maxPrice}. {@code brand}: repeat it for several brands (any matches,
 * exact names); commas belong to the name, because API Gateway joins repeated parameters with
 * commas in {@code queryStringParameters} — the handler reads {@code rawQueryString} instead.
 * Single-valued parameters given twice are refused; unknown parameters (tracking parameters such as
 * {@code utm_source} on a shared link) are ignored and logged at debug level.
 *
 * <h2>Errors</h2>
 *
 * Every error body is {@code {"error": {"code", "message"}}}: the code is stable for programs, the
 * message says what to change. Client mistakes are 4xx and never 5xx:
 *
 * <table>
 *   <caption>error table</caption>
 *   <tr><th>status</th><th>code</th><th>when</th></tr>
 *   <tr><td>400</td><td>invalid_look_id, invalid_product_id</td><td>ids outside their alphabet
 *       (path traversal, unicode, control characters, percent-encoded slashes)</td></tr>
 *   <tr><td>400</td><td>invalid_parameter</td><td>bad k, prices or brands, repeats</td></tr>
 *   <tr><td>400</td><td>invalid_json, invalid_body, unsupported_image_type</td><td>POST /looks
 *       bodies that are not {@code {"contentType": …}} with a supported type</td></tr>
 *   <tr><td>404</td><td>not_found, look_not_found, product_not_found,
 *       product_not_indexed</td><td>unknown route or resource</td></tr>
 *   <tr><td>405</td><td>method_not_allowed</td><td>with an {@code Allow} header</td></tr>
 *   <tr><td>409</td><td>look_outdated</td><td>the look's vectors come from another model than
 *       the live index's; uploading again fixes it</td></tr>
 *   <tr><td>413</td><td>body_too_large</td><td>a body over 4 KiB (photos go to S3, not
 *       here)</td></tr>
 *   <tr><td>415</td><td>unsupported_media_type</td><td>a POST body without {@code Content-Type:
 *       application/json}</td></tr>
 *   <tr><td>503</td><td>index_unavailable, unavailable</td><td>no index published, index or
 *       tables unreadable; {@code Retry-After} is set</td></tr>
 *   <tr><td>503</td><td>embedder_mismatch</td><td>{@code btl serve} only: the live index was
 *       built with another model than the one that embeds looks (also on {@code GET
 *       /health}, status "misconfigured")</td></tr>
 *   <tr><td>500</td><td>internal_error</td><td>a bug: generic message, stack trace in the
 *       log</td></tr>
 * </table>
 *
 * <h2>Other choices</h2>
 *
 * Every response is {@code Content-Type: application/json} and {@code Cache-Control: no-store}:
 * bodies hold presigned URLs that expire within minutes ({@code IMAGE_URL_SECONDS}) or a status
 * that changes. Log lines written while a request about a look is handled carry its id in the SLF4J
 * MDC under {@code lookId}; one access line per request gives method, path, status and time. CORS
 * is the API Gateway's and the local server's business, not this package's.
 */
package com.buythatlook.core.api;
