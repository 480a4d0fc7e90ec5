package com.buythatlook.core.index;

/** One recommended product: its id, cosine similarity and the attributes filters use. */
public record Match(String productId, float score, float price, String brand) {}
