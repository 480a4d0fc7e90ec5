/**
 * The retailer's catalog: {@link com.buythatlook.core.catalog.Product}, its eleven {@link
 * com.buythatlook.core.catalog.Category categories}, and the product stores (a JSON-lines file
 * locally, DynamoDB where a catalog lives there) that the batch job reads.
 */
package com.buythatlook.core.catalog;
