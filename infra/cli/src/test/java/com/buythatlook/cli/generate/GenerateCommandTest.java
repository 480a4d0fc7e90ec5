package com.buythatlook.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.buythatlook.cli.Btl;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.dataset.Layout;
import com.buythatlook.core.dataset.ShopPhoto;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.dataset.StreetItem;
import com.buythatlook.core.geometry.Box;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Generates a tiny data set through the command line and reads it back as street2shop. */
class GenerateCommandTest {
  private static final String[] TINY = {"--products-per-category", "3", "--street-photos", "40"};

  @TempDir static Path tmp;
  static Path first;
  static Street2ShopDataset dataset;
  static Result firstRun;

  record Result(int exitCode, String out, String err) {}

  @BeforeAll
  static void generate() {
    first = tmp.resolve("seed7");
    firstRun = btl(args("--out", first.toString(), "--seed", "7", "--threads", "2"));
    assertThat(firstRun.exitCode()).as(firstRun.err()).isZero();
    dataset = Street2ShopDataset.open(first);
  }

  @Test
  void everyCategoryHasProductsShopPhotosAndStreetItemsInBothSplits() {
    for (Category c : Category.values()) {
      assertThat(Layout.pairsFile(first, Split.TRAIN, c)).isRegularFile();
      assertThat(Layout.pairsFile(first, Split.TEST, c)).isRegularFile();
      assertThat(Layout.retrievalFile(first, c)).isRegularFile();
      assertThat(dataset.shopPhotos(c)).as(c.wireName()).isNotEmpty();
      assertThat(dataset.pairs(Split.TRAIN, c)).as(c.wireName()).isNotEmpty();
      assertThat(dataset.pairs(Split.TEST, c)).as(c.wireName()).isNotEmpty();
    }
    assertThat(dataset.skippedTotal()).isZero();
  }

  @Test
  void boxesLieInsideTheirImagesAndHoldTheirMasks() throws IOException {
    Map<Long, int[]> sizes = new HashMap<>();
    for (Split split : Split.values()) {
      for (Category c : Category.values()) {
        for (StreetItem item : dataset.pairs(split, c)) {
          int[] size = sizes.computeIfAbsent(item.photoId(), id -> imageSize(id));
          Box b = item.bbox();
          assertThat(b.left()).isGreaterThanOrEqualTo(0);
          assertThat(b.top()).isGreaterThanOrEqualTo(0);
          assertThat(b.right()).isLessThanOrEqualTo(size[0]);
          assertThat(b.bottom()).isLessThanOrEqualTo(size[1]);
          assertThat(b.width()).isPositive();
          assertThat(b.height()).isPositive();
          assertThat(item.mask()).isNotNull();
          assertThat(item.mask().area()).isPositive();
          Box m = item.mask().bounds();
          double rounding = 0.51; // the box is written in whole pixels, the mask to 0.1 px
          assertThat(m.left()).isGreaterThanOrEqualTo(b.left() - rounding);
          assertThat(m.top()).isGreaterThanOrEqualTo(b.top() - rounding);
          assertThat(m.right()).isLessThanOrEqualTo(b.right() + rounding);
          assertThat(m.bottom()).isLessThanOrEqualTo(b.bottom() + rounding);
          // the mask is the garment's outline: it fills a good part of its box
          assertThat(item.mask().area()).isGreaterThan(0.15 * b.area());
        }
      }
    }
    assertThat(sizes).hasSize(40);
  }

  @Test
  void testProductsNeverAppearInTrainingPairs() {
    Set<Long> train = products(Split.TRAIN);
    Set<Long> test = products(Split.TEST);
    assertThat(test).isNotEmpty().doesNotContainAnyElementsOf(train);
  }

  @Test
  void streetAndShopPhotoIdsAreDisjoint() {
    Set<Long> shop = new HashSet<>();
    for (Category c : Category.values()) {
      dataset.shopPhotos(c).forEach(p -> shop.add(p.photoId()));
    }
    Set<Long> street = new HashSet<>();
    for (Split s : Split.values()) {
      street.addAll(dataset.streetPhotos(s).keySet());
    }
    assertThat(street).hasSize(40).doesNotContainAnyElementsOf(shop);
    assertThat(dataset.photoUris().keySet()).containsAll(shop).containsAll(street);
  }

  @Test
  void productsJsonlMatchesTheRetrievalFiles() {
    List<Product> products = dataset.products();
    assertThat(products).hasSize(33);
    Map<Long, List<ShopPhoto>> byProduct = new HashMap<>();
    for (Category c : Category.values()) {
      for (ShopPhoto p : dataset.shopPhotos(c)) {
        byProduct.computeIfAbsent(p.productId(), k -> new ArrayList<>()).add(p);
      }
    }
    assertThat(byProduct).hasSize(products.size());
    for (Product p : products) {
      List<ShopPhoto> photos = byProduct.get(Long.parseLong(p.productId()));
      assertThat(photos).as(p.productId()).isNotEmpty().hasSizeLessThanOrEqualTo(4);
      assertThat(photos).allMatch(s -> s.category() == p.category());
      assertThat(p.image()).isEqualTo(Layout.relativeJpeg(photos.get(0).photoId()));
      assertThat(first.resolve(p.image())).isRegularFile();
      assertThat(p.title()).isNotBlank();
      assertThat(p.brand()).isNotBlank();
      assertThat(p.colour()).isNotBlank();
      assertThat(p.pattern()).isNotBlank();
      assertThat(p.currency()).isEqualTo("USD");
      assertThat(p.price()).isGreaterThan(0);
    }
  }

  @Test
  void sameSeedGivesIdenticalFilesWhateverTheThreadCount() throws IOException {
    Path again = tmp.resolve("seed7-again");
    Result r = btl(args("--out", again.toString(), "--seed", "7", "--threads", "3"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(relativeFiles(again)).isEqualTo(relativeFiles(first));
    for (String f : relativeFiles(first)) {
      byte[] a = Files.readAllBytes(first.resolve(f));
      byte[] b = Files.readAllBytes(again.resolve(f));
      if (f.equals(Layout.PHOTOS_TXT)) { // photo URIs are absolute: compare them relative
        a = new String(a).replace(first.toUri().toString(), "").getBytes();
        b = new String(b).replace(again.toUri().toString(), "").getBytes();
      }
      assertThat(b).as(f).isEqualTo(a);
    }
  }

  @Test
  void anotherSeedGivesAnotherDataSet() throws IOException {
    Path other = tmp.resolve("seed8");
    Result r =
        btl(
            "generate",
            "--products-per-category",
            "3",
            "--street-photos",
            "6",
            "--out",
            other.toString(),
            "--seed",
            "8");
    assertThat(r.exitCode()).as(r.err()).isZero();
    for (String f :
        List.of(
            Layout.PRODUCTS_JSONL,
            "meta/json/train_pairs_tops.json",
            "images/500000000.jpg",
            "images/000000001.jpg")) {
      assertThat(Files.readAllBytes(other.resolve(f)))
          .as(f)
          .isNotEqualTo(Files.readAllBytes(first.resolve(f)));
    }
  }

  @Test
  void printsProgressAndASummary() {
    assertThat(firstRun.err())
        .contains("shop photos")
        .contains("street photos 40/40 (100%)")
        .contains("img/s");
    assertThat(firstRun.out())
        .contains("products (train/test)")
        .contains("tops")
        .contains("street photos: ");
  }

  @Test
  void refusesANonEmptyFolderUnlessAskedToOverwrite() throws IOException {
    Path dir = tmp.resolve("busy");
    Files.createDirectories(dir.resolve("images"));
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.writeString(dir.resolve("images/000000999.jpg"), "stale");

    Result refused = btl("generate", "--out", dir.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("is not empty").contains("--overwrite");

    Result done =
        btl(
            "generate",
            "--products-per-category",
            "3",
            "--street-photos",
            "6",
            "--out",
            dir.toString(),
            "--overwrite");
    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(dir.resolve("notes.txt")).hasContent("mine");
    assertThat(dir.resolve("images/000000999.jpg")).doesNotExist();
    assertThat(Street2ShopDataset.open(dir).skippedTotal()).isZero();
  }

  @Test
  void rejectsSizesTooSmallForBothSplits() {
    Result r =
        btl("generate", "--out", tmp.resolve("small").toString(), "--products-per-category", "2");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("at least 3");
  }

  @Test
  void helpExplainsTheOptionsWithAnExample() {
    Result r = btl("generate", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "--out",
            "--seed",
            "--threads",
            "--products-per-category",
            "--street-photos",
            "--scale",
            "--overwrite")
        .contains("Example: btl generate --out data/synth --seed 7");
  }

  @Test
  void scaleMultipliesBothSizes() {
    GenerateCommand command = new GenerateCommand();
    new CommandLine(command).parseArgs("--scale", "2.5", "--threads", "1");
    GeneratorSettings s = command.settings();
    assertThat(s.productsPerCategory()).isEqualTo(225);
    assertThat(s.streetPhotos()).isEqualTo(5000);
    assertThat(s.threads()).isEqualTo(1);
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.out()).isEqualTo(Path.of("data/synth"));
  }

  private static Set<Long> products(Split split) {
    Set<Long> ids = new HashSet<>();
    for (Category c : Category.values()) {
      dataset.pairs(split, c).forEach(i -> ids.add(i.productId()));
    }
    return ids;
  }

  private static int[] imageSize(long photoId) {
    try {
      BufferedImage img = ImageIO.read(dataset.image(photoId).orElseThrow().toFile());
      return new int[] {img.getWidth(), img.getHeight()};
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static String[] args(String... extra) {
    List<String> a = new ArrayList<>(List.of("generate"));
    a.addAll(List.of(TINY));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  private static Result btl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Btl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
