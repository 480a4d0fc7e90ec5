/**
 * Evaluation metrics, free of I/O so that {@code btl eval}, benchmarks and tests share one
 * definition of every number we report:
 *
 * <ul>
 *   <li>street→shop retrieval: {@link com.buythatlook.core.eval.Ranking} (the rank of a query's
 *       first correct shop photo), {@link com.buythatlook.core.eval.RetrievalGallery} (cosine
 *       ranking against one category's gallery) and {@link com.buythatlook.core.eval.HitRateCurve}
 *       (hit rate at k, i.e. top-k accuracy, for every k at once);
 *   <li>detection: {@link com.buythatlook.core.eval.CocoAveragePrecision}, AP@0.5 and AP@[.5:.95]
 *       computed the way pycocotools computes them, so our figures can be compared with published
 *       ones.
 * </ul>
 */
package com.buythatlook.core.eval;
