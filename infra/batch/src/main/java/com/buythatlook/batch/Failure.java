package com.buythatlook.batch;

/** A product the job could not index, with the reason a person can act on. */
public record Failure(String productId, String image, String reason) {}
