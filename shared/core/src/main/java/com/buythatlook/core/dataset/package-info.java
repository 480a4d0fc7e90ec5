/**
 * Data sets on disk: the street2shop layout (street photos with item boxes, shop photos, pairs)
 * that {@code btl generate} writes and {@code btl eval}, {@code btl index} and training read.
 */
package com.buythatlook.core.dataset;
