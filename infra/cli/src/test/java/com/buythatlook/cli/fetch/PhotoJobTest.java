package com.buythatlook.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.core.dataset.PhotoLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhotoJobTest {
  @Test
  void onePhotoListedOnSeveralRowsIsOneJobWithItsDistinctUrisInRowOrder() {
    List<PhotoJob> jobs =
        PhotoJob.group(
            List.of(
                new PhotoLine(7, "http://a/7.jpg"),
                new PhotoLine(3, "http://a/3.jpg"),
                new PhotoLine(7, "http://mirror/7.jpg"),
                new PhotoLine(7, "http://a/7.jpg"),
                new PhotoLine(3, "http://a/3.jpg")));

    assertThat(jobs)
        .containsExactly(
            new PhotoJob(7, List.of("http://a/7.jpg", "http://mirror/7.jpg")),
            new PhotoJob(3, List.of("http://a/3.jpg")));
  }
}
