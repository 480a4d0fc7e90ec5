package com.buythatlook.cli.fetch;

import com.buythatlook.core.dataset.PhotoLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One photo to fetch: its id and every distinct URI photos.txt gives for it, in row order. A photo
 * listed on several rows (shared by several products or pairs) becomes one job, so it is downloaded
 * once and only one task ever writes its file.
 */
record PhotoJob(long photoId, List<String> uris) {
  PhotoJob {
    uris = List.copyOf(uris);
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("photo " + photoId + " has no URI");
    }
  }

  /** Groups rows by photo id, keeping the order in which ids first appear. */
  static List<PhotoJob> group(List<PhotoLine> rows) {
    Map<Long, Set<String>> byId = new LinkedHashMap<>();
    for (PhotoLine row : rows) {
      byId.computeIfAbsent(row.photoId(), id -> new LinkedHashSet<>()).add(row.uri());
    }
    List<PhotoJob> jobs = new ArrayList<>(byId.size());
    byId.forEach((id, uris) -> jobs.add(new PhotoJob(id, new ArrayList<>(uris))));
    return jobs;
  }
}
