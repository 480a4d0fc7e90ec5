package com.buythatlook.core.index;

/**
 * A query vector whose dimension differs from the index's: the query was embedded by another model
 * than the one the index was built with. Thrown by {@link IndexSnapshot#search}, the one place on
 * the query path that checks the dimension.
 */
public final class DimensionMismatchException extends IllegalArgumentException {
  private final int queryDimension;
  private final int indexDimension;

  DimensionMismatchException(int queryDimension, int indexDimension, String version) {
    super(
        "query vectors have "
            + queryDimension
            + " dimensions; index "
            + version
            + " has "
            + indexDimension);
    this.queryDimension = queryDimension;
    this.indexDimension = indexDimension;
  }

  public int queryDimension() {
    return queryDimension;
  }

  public int indexDimension() {
    return indexDimension;
  }
}
