package com.buythatlook.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.buythatlook.cli.chaos.Events;
import com.buythatlook.cli.delivery.SqsEventSource;
import com.buythatlook.core.aws.AwsClients;
import com.buythatlook.core.catalog.Category;
import com.buythatlook.core.catalog.Product;
import com.buythatlook.core.catalog.ProductsJsonl;
import com.buythatlook.core.dataset.Split;
import com.buythatlook.core.dataset.Street2ShopDataset;
import com.buythatlook.core.testing.MotoServer;
import com.buythatlook.functions.detect.DetectHandler;
import com.buythatlook.functions.embed.EmbedHandler;
import com.buythatlook.functions.query.QueryHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack as deployed, end to end, on moto_server: template.yaml is packaged, expanded by the SAM
 * translator and created on moto's CloudFormation (infra/stack/moto_deploy.py); every name and
 * setting below is read back from the created stack — the functions' environments, the bucket,
 * table and queue, the batch job definition's environment — and none is written here.
 *
 * <p>The batch job's entrypoint (infra/batch/entrypoint.sh, as its container runs it) indexes a
 * catalog made by {@code btl generate}; photos go into the bucket through the upload form {@code
 * POST /looks} hands out; the S3 event goes to the detect handler, the queue's messages to the
 * embed handler, {@code GET /looks/{id}} to the query handler, each built as Lambda builds it from
 * the stack's environment for it. Then one product's price changes, another product goes, the job
 * runs again, and the looks are asked for again.
 *
 * <p>System properties size it ({@code btl.stackflow.scale}, {@code btl.stackflow.looks}) and
 * {@code btl.stackflow.report} names a file for the summary line; infra/bench/stack-flow.sh runs it
 * larger.
 */
class DeployedStackIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target/btl.jar").toAbsolutePath();
  private static final int SIX = 6;

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path dir;

  private final double scale = Double.parseDouble(System.getProperty("btl.stackflow.scale", "0.1"));
  private final int lookCount = Integer.getInteger("btl.stackflow.looks", 3);

  @Test
  void aCatalogIndexedByTheBatchJobIsServedWithItsDetailsAndFollowsCatalogChanges()
      throws Exception {
    // --- the stack, as created, and what it says about itself
    JsonNode stack = deploy("btl-it-" + Long.toString(System.nanoTime() % 1_000_000, 36));
    String bucket = stack.at("/outputs/BucketName").asText();
    Map<String, String> detectEnv = env(stack.at("/functions/DetectFunction/environment"));
    Map<String, String> embedEnv = env(stack.at("/functions/EmbedFunction/environment"));
    Map<String, String> queryEnv = env(stack.at("/functions/QueryFunction/environment"));
    Map<String, String> jobEnv = env(stack.at("/jobDefinitions/IndexJobDefinition/environment"));
    String queueUrl = detectEnv.get("EMBED_QUEUE_URL");
    assertThat(bucket).isNotBlank();
    assertThat(List.of(detectEnv, embedEnv, queryEnv))
        .allSatisfy(
            e -> {
              assertThat(e.get("BUCKET")).isEqualTo(bucket);
              assertThat(e.get("LOOKS_TABLE"))
                  .isEqualTo(stack.at("/outputs/LooksTableName").asText());
            });
    assertThat(queueUrl).isEqualTo(stack.at("/outputs/EmbedQueueUrl").asText());
    assertThat(jobEnv.get("BTL_CATALOG")).startsWith("s3://" + bucket + "/");

    try (AwsClients aws =
        AwsClients.forEndpoint(
            java.net.URI.create(MOTO.endpoint()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      // --- the catalog, uploaded where the job definition says it is, and the first index
      Path data = generate();
      String catalogPrefix = jobEnv.get("BTL_CATALOG").substring(("s3://" + bucket + "/").length());
      List<Product> products =
          ProductsJsonl.read(
              data.resolve("catalog/products.jsonl"),
              (n, e) -> {
                throw new AssertionError("line " + n, e);
              });
      Set<String> productImages = products.stream().map(Product::image).collect(Collectors.toSet());
      // street photos are the photos of the pairs; a product's second shop photo is neither
      // its catalog image nor a street photo
      Set<Long> streetIds = new TreeSet<>();
      Street2ShopDataset dataset = Street2ShopDataset.open(data);
      for (Split split : Split.values()) {
        for (Category c : Category.values()) {
          dataset.pairs(split, c).forEach(item -> streetIds.add(item.photoId()));
        }
      }
      List<Path> streetPhotos = new ArrayList<>();
      try (Stream<Path> images = Files.list(data.resolve("images"))) {
        for (Path image : images.sorted().toList()) {
          String relative = "images/" + image.getFileName();
          String name = image.getFileName().toString();
          if (productImages.contains(relative)) {
            put(aws, bucket, catalogPrefix + relative, Files.readAllBytes(image));
          } else if (streetIds.contains(Long.parseLong(name.substring(0, name.indexOf('.'))))) {
            streetPhotos.add(image);
          }
        }
      }
      put(
          aws,
          bucket,
          catalogPrefix + "products.jsonl",
          Files.readAllBytes(data.resolve("catalog/products.jsonl")));
      String v1 = runIndexJob(jobEnv, null);

      // --- the functions, each built from its environment in the stack
      DetectHandler detect = DetectHandler.forEnvironment(detectEnv, aws);
      EmbedHandler embed = EmbedHandler.forEnvironment(embedEnv, aws);
      QueryHandler query =
          QueryHandler.forEnvironment(queryEnv, aws, Files.createDirectories(dir.resolve("spill")));
      Events events = new Events(ROOT.resolve("events"));
      String queueArn =
          aws.sqs()
              .getQueueAttributes(
                  b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);

      assertThat(get(query, "/health").at("/index/version").asText()).isEqualTo(v1);
      // the web page, from the API's own origin
      APIGatewayV2HTTPEvent pageRequest = event("http-get-health.json");
      pageRequest.setRawPath("/");
      pageRequest.getRequestContext().getHttp().setPath("/");
      APIGatewayV2HTTPResponse page = query.handleRequest(pageRequest, null);
      assertThat(page.getStatusCode()).isEqualTo(200);
      assertThat(page.getHeaders().get("Content-Type")).startsWith("text/html");
      List<String> lookIds = new ArrayList<>();
      for (Path photo : streetPhotos.subList(0, Math.min(lookCount, streetPhotos.size()))) {
        JsonNode created = post(query, "/looks");
        String lookId = created.get("lookId").asText();
        String key = created.at("/upload/fields/key").asText();
        byte[] bytes = Files.readAllBytes(photo);
        put(aws, bucket, key, bytes);
        detect.handleRequest(events.s3Put(bucket, key, bytes.length), null);
        drain(aws, queueUrl, queueArn, embed);
        lookIds.add(lookId);
      }

      Map<String, JsonNode> before = new LinkedHashMap<>();
      for (String id : lookIds) {
        before.put(id, get(query, "/looks/" + id + "?k=" + SIX));
      }
      Tally first = tally(before.values(), Map.of(), null, null);
      assertThat(first.looks).isEqualTo(lookIds.size());
      assertThat(first.embedded).as("every look is EMBEDDED").isEqualTo(lookIds.size());
      assertThat(first.items).as("the photos have items").isPositive();
      assertThat(first.withSix).as("every item has six products").isEqualTo(first.items);
      assertThat(first.withDetails).as("with title, price and image URL").isEqualTo(first.items);

      // --- the next catalog: the first match of the first item costs more, the second is gone
      JsonNode firstMatches = first.firstItemMatches;
      String repriced = firstMatches.get(0).get("productId").asText();
      String removed = firstMatches.get(1).get("productId").asText();
      double newPrice = firstMatches.get(0).get("price").asDouble() + 10.5;
      StringBuilder next = new StringBuilder();
      for (Product p : products) {
        if (p.productId().equals(removed)) {
          continue;
        }
        Product q =
            p.productId().equals(repriced)
                ? new Product(
                    p.productId(),
                    p.category(),
                    p.title(),
                    p.brand(),
                    newPrice,
                    p.currency(),
                    p.colour(),
                    p.pattern(),
                    p.image())
                : p;
        next.append(JSON.writeValueAsString(q)).append('\n');
      }
      put(
          aws,
          bucket,
          catalogPrefix + "products.jsonl",
          next.toString().getBytes(StandardCharsets.UTF_8));
      // as the state machine starts it: the published version as base, so unchanged images
      // keep their vectors
      String v2 = runIndexJob(jobEnv, v1);
      assertThat(v2).isNotEqualTo(v1);
      waitForVersion(query, v2, Integer.parseInt(queryEnv.get("INDEX_REFRESH_SECONDS")));

      List<JsonNode> after = new ArrayList<>();
      for (String id : lookIds) {
        after.add(get(query, "/looks/" + id + "?k=50"));
      }
      Tally second = tally(after, Map.of(repriced, newPrice), removed, repriced);
      assertThat(second.removedShown).as("the removed product is never returned").isZero();
      assertThat(second.priceUpdated).as("the new price shows").isEqualTo(1);
      assertThat(second.oldPriceShown).isZero();
      assertThat(second.withDetails).isEqualTo(second.items);

      String summary =
          String.format(
              Locale.ROOT,
              "looks=%d items=%d with_six=%d with_details=%d removed_shown=%d price_updated=%d"
                  + " products=%d index=%s->%s",
              first.looks,
              first.items,
              first.withSix,
              first.withDetails,
              second.removedShown,
              second.priceUpdated,
              products.size(),
              v1,
              v2);
      System.out.println("stack-flow: " + summary);
      String report = System.getProperty("btl.stackflow.report");
      if (report != null && !report.isBlank()) {
        Files.writeString(Path.of(report), summary + "\n");
      }
    }
  }

  // ------------------------------------------------------------------------------ the stack

  private JsonNode deploy(String stackName) throws Exception {
    Process p =
        new ProcessBuilder(
                System.getenv().getOrDefault("PYTHON", "python3"),
                ROOT.resolve("infra/stack/moto_deploy.py").toString(),
                MOTO.endpoint(),
                stackName)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("moto_deploy.py").isZero();
    return JSON.readTree(out);
  }

  private static Map<String, String> env(JsonNode node) {
    assertThat(node.isObject()).as("read from the stack").isTrue();
    Map<String, String> out = new HashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  // ---------------------------------------------------------------------- catalog and the job

  private Path generate() throws Exception {
    Path data = dir.resolve("dataset");
    run(
        List.of(
            "java",
            "-jar",
            JAR.toString(),
            "generate",
            "--out",
            data.toString(),
            "--scale",
            Double.toString(scale)),
        Map.of(),
        600);
    return data;
  }

  /** The job definition's container, as Batch starts it: entrypoint.sh with its environment. */
  private String runIndexJob(Map<String, String> jobEnv, String base) throws Exception {
    Map<String, String> env = new HashMap<>(jobEnv);
    env.put("BTL_JAR", ROOT.resolve("infra/batch/target/btl-index.jar").toString());
    if (base != null) {
      env.put("BTL_BASE", base);
    }
    // what the job role and the region give a container in AWS
    env.put("AWS_ENDPOINT_URL", MOTO.endpoint());
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    env.put("AWS_REGION", "us-east-1");
    String output =
        run(List.of("sh", ROOT.resolve("infra/batch/entrypoint.sh").toString()), env, 900);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("published (\\S+) ").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return m.group(1);
  }

  private String run(List<String> command, Map<String, String> env, int seconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("BTL_") || k.startsWith("AWS_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  private static void put(AwsClients aws, String bucket, String key, byte[] bytes) {
    aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  // ------------------------------------------------------------------------------ functions

  /** As the SQS event source mapping does: batches to the function, then deletes them. */
  private static void drain(AwsClients aws, String queueUrl, String queueArn, EmbedHandler embed) {
    while (true) {
      List<Message> batch =
          aws.sqs()
              .receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (batch.isEmpty()) {
        return;
      }
      SQSBatchResponse r =
          embed.handleRequest(SqsEventSource.event(batch, queueArn, "us-east-1"), null);
      assertThat(r.getBatchItemFailures()).isEmpty();
      batch.forEach(
          m -> aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
    }
  }

  private static APIGatewayV2HTTPEvent event(String file) throws IOException {
    try (InputStream in = Files.newInputStream(ROOT.resolve("events").resolve(file))) {
      return LambdaEventSerializers.serializerFor(
              APIGatewayV2HTTPEvent.class, DeployedStackIT.class.getClassLoader())
          .fromJson(in);
    }
  }

  private static JsonNode post(QueryHandler query, String path) throws IOException {
    APIGatewayV2HTTPResponse r = query.handleRequest(event("http-post-looks.json"), null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return JSON.readTree(r.getBody());
  }

  private static JsonNode get(QueryHandler query, String pathAndQuery) throws IOException {
    APIGatewayV2HTTPEvent e = event("http-get-health.json");
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    e.setRawPath(path);
    e.getRequestContext().getHttp().setPath(path);
    e.getRequestContext().getHttp().setMethod("GET");
    e.setRouteKey("GET " + path);
    e.setRawQueryString(q < 0 ? "" : pathAndQuery.substring(q + 1));
    e.setQueryStringParameters(null);
    APIGatewayV2HTTPResponse r = query.handleRequest(e, null);
    assertThat(r.getStatusCode()).as(pathAndQuery + ": " + r.getBody()).isEqualTo(200);
    return JSON.readTree(r.getBody());
  }

  private static void waitForVersion(QueryHandler query, String version, int refreshSeconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(refreshSeconds + 30L);
    while (!get(query, "/health").at("/index/version").asText().equals(version)) {
      assertThat(System.nanoTime()).as("the query function sees " + version).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  // ------------------------------------------------------------------------------ counting

  private static final class Tally {
    int looks;
    int embedded;
    int items;
    int withSix;
    int withDetails;
    int removedShown;
    int priceUpdated;
    int oldPriceShown;
    JsonNode firstItemMatches;
  }

  private static Tally tally(
      Iterable<JsonNode> looks, Map<String, Double> prices, String removed, String repriced) {
    Tally t = new Tally();
    Set<String> updated = new TreeSet<>();
    for (JsonNode look : looks) {
      t.looks++;
      if (look.get("status").asText().equals("EMBEDDED")) {
        t.embedded++;
      }
      for (JsonNode item : look.get("items")) {
        t.items++;
        JsonNode matches = item.get("matches");
        if (t.firstItemMatches == null && matches != null && matches.size() >= 2) {
          t.firstItemMatches = matches;
        }
        if (matches != null && matches.size() >= SIX) {
          t.withSix++;
        }
        boolean details = matches != null && matches.size() > 0;
        for (JsonNode m : matches == null ? JSON.createArrayNode() : matches) {
          details &=
              !m.path("title").asText().isBlank()
                  && m.path("price").isNumber()
                  && !m.path("imageUrl").asText().isBlank();
          String id = m.get("productId").asText();
          if (id.equals(removed)) {
            t.removedShown++;
          }
          if (id.equals(repriced)) {
            if (m.get("price").asDouble() == prices.get(id)) {
              updated.add(id);
            } else {
              t.oldPriceShown++;
            }
          }
        }
        if (details) {
          t.withDetails++;
        }
      }
    }
    t.priceUpdated = updated.size();
    return t;
  }
}
