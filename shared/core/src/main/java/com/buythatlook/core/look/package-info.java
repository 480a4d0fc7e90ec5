/**
 * A look: one uploaded photo, its status (pending, detected, embedded, or failed with a reason) and
 * its items. The look stores (a folder locally, DynamoDB in AWS), the S3 keys of a look's photo
 * ({@link com.buythatlook.core.look.LookKeys}) and the queue between detect and embed ({@link
 * com.buythatlook.core.look.EmbedQueue}, SQS in AWS).
 */
package com.buythatlook.core.look;
