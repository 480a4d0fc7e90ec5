package com.buythatlook.cli.serve;

import com.buythatlook.cli.console.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code btl serve}: the local runtime on an existing data folder. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the whole system in this process on a data folder with a catalog index.",
      "An embedded S3 server, the detect, embed and query functions fed with the events AWS"
          + " would send, file-backed Looks and Products tables and embed queue, and the web"
          + " page and the HTTP API (GET /openapi.json describes it) on 127.0.0.1. 'btl demo'"
          + " makes such a folder.",
      "Everything survives a restart: queued embed messages are delivered again, and uploads"
          + " whose look was not finished are processed again. Ctrl-C stops it cleanly.",
      ""
    },
    footer = {
      "",
      "Data folder:",
      "  s3/btl-local/    the bucket: uploads/, crops/, catalog/, index/",
      "  s3-credentials   the S3 server's key pair (made once, owner-only)",
      "  looks/           the Looks table, one JSON file per look",
      "  products.jsonl   the Products table",
      "  queue/           the embed queue, one file per message",
      "  queue/dead/      messages received 5 times without success",
      "  failed-events/   upload events whose detect failed 3 times",
      "  dataset/         btl demo's synthetic data set (the demo photos)",
      "",
      "The functions' environment variables apply (MIN_SCORE, MAX_UPLOAD_BYTES,",
      "MAX_PIXELS, LOOK_TTL_DAYS, IMAGE_URL_SECONDS, ...; see template.yaml).",
      "",
      "For a large catalog, start the JVM with the SIMD top-k kernels and huge pages:",
      "  java --add-modules jdk.incubator.vector -XX:+UseTransparentHugePages \\",
      "    -jar btl.jar serve --data btl-data",
      "(the start-up log names the kernels in use).",
      "",
      "Example: btl serve --data btl-data --port 8080"
    })
public final class ServeCommand extends RuntimeCommand {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      required = true,
      order = 0,
      description = "The data folder (see below).")
  Path data;

  @Override
  Path data() {
    return data;
  }

  @Override
  boolean demo() {
    return false;
  }

  @Override
  void checkData() {
    if (!Files.isDirectory(data)) {
      throw new UserError(
          "--data "
              + data
              + " is not a folder; 'btl demo --data "
              + data
              + "' creates one with a synthetic catalog");
    }
  }
}
