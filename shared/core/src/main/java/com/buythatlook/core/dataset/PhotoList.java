package com.buythatlook.core.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses street2shop's photos.txt: {@code 000000001,http://…} per line. Blank lines are ignored; a
 * malformed line is an error that names the line, because a silently dropped row would show up much
 * later as a "missing image".
 */
public final class PhotoList {
  private PhotoList() {}

  public static List<PhotoLine> read(Path file) throws IOException {
    List<PhotoLine> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        line = line.strip();
        if (line.isEmpty()) {
          continue;
        }
        out.add(parse(line, file + " line " + n));
      }
    }
    return out;
  }

  static PhotoLine parse(String line, String where) {
    int comma = line.indexOf(',');
    if (comma <= 0 || comma == line.length() - 1) {
      throw new IllegalArgumentException(where + ": expected 'photoId,URI', got '" + line + "'");
    }
    try {
      long id = Long.parseLong(line.substring(0, comma).trim());
      return new PhotoLine(id, line.substring(comma + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": photo id is not a number in '" + line + "'");
    }
  }
}
