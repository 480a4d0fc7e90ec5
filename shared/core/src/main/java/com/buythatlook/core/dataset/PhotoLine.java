package com.buythatlook.core.dataset;

/** One line of photos.txt: a photo id and where its image can be had (http, https or file). */
public record PhotoLine(long photoId, String uri) {}
