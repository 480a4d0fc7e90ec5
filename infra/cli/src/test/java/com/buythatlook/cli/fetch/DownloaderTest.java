package com.buythatlook.cli.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** URI handling; fetching itself is covered by {@link FetcherIT}. */
class DownloaderTest {
  @Test
  void encodesCharactersOldScrapedUrlsCarryInsteadOfFailingThePhoto() throws Exception {
    URI uri = Downloader.parse("http://img.example.com/shop photos/robe d'été|1.jpg");
    assertThat(uri.getRawPath()).isEqualTo("/shop%20photos/robe%20d'%C3%A9t%C3%A9%7C1.jpg");
    assertThat(uri.getHost()).isEqualTo("img.example.com");
  }

  @Test
  void keepsValidUrisAsTheyAre() throws Exception {
    String text = "https://img.example.com/a%20b/c.jpg?w=400&h=600";
    assertThat(Downloader.parse(text).toString()).isEqualTo(text);
    assertThat(Downloader.parse("file:/data/images/1.jpg").getScheme()).isEqualTo("file");
  }

  @Test
  void refusesWhatItCannotFetch() {
    assertThat(reason("ftp://example.org/1.jpg"))
        .isEqualTo("unsupported URI scheme 'ftp' (expected http, https or file)");
    assertThat(reason("images/1.jpg"))
        .isEqualTo("unsupported URI scheme '' (expected http, https or file)");
    assertThat(reason("http:///1.jpg")).startsWith("bad URI: no host");
  }

  private static String reason(String uri) {
    FetchFailure f = catchThrowableOfType(FetchFailure.class, () -> Downloader.parse(uri));
    assertThat(f.retryable()).isFalse();
    return f.reason();
  }
}
