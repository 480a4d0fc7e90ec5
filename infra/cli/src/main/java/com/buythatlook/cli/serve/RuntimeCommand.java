package com.buythatlook.cli.serve;

import com.buythatlook.cli.console.UserError;
import com.buythatlook.cli.models.Models;
import com.buythatlook.core.index.Shard;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code btl serve} and {@code btl demo} share: options, start, wait, clean stop. */
abstract class RuntimeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      order = 1,
      defaultValue = "8080",
      description =
          "Port of the web page and the API on 127.0.0.1; 0 picks a free one"
              + " (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--detector",
      paramLabel = "NAME|DIR",
      order = 2,
      defaultValue = Models.DEFAULT,
      description =
          "'default' (infra/models/detector) or a model folder with model.onnx +"
              + " model.json (default: ${DEFAULT-VALUE}).")
  String detector;

  @Option(
      names = "--embedder",
      paramLabel = "NAME|DIR",
      order = 3,
      defaultValue = Models.DEFAULT,
      description =
          "'default' (infra/models/embedder), 'histogram' or a model folder; it must be"
              + " the model the index was built with (default: ${DEFAULT-VALUE}).")
  String embedder;

  abstract Path data();

  abstract boolean demo();

  /** Refuses a data folder the command cannot use, before anything is created. */
  void checkData() {}

  static String portInUse(int port) {
    return "port "
        + port
        + " on 127.0.0.1 is in use; pick another with --port N, or --port 0"
        + " for any free one";
  }

  /**
   * Says that the port is taken before anything else is done (the demo would otherwise generate its
   * catalog first); the runtime's own bind reports a port taken in between.
   */
  private void checkPortFree() {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free to use
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UserError(portInUse(port));
    }
  }

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
    }
    checkPortFree();
    checkData();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.println(spec.name() + ": data in " + data().toAbsolutePath().normalize());
    String kernels = Shard.kernels();
    err.println(
        spec.name()
            + ": top-k kernels "
            + kernels
            + (kernels.equals("scalar")
                ? " (start java with --add-modules jdk.incubator.vector for the SIMD ones)"
                : ""));
    err.flush();
    LocalRuntime runtime =
        LocalRuntime.start(LocalRuntime.Settings.of(data(), port, detector, embedder, demo()), err);
    Thread hook =
        new Thread(
            () -> {
              err.println(spec.name() + ": stopping");
              err.flush();
              runtime.close();
              err.println(spec.name() + ": stopped");
              err.flush();
            },
            "btl-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf(
        Locale.ROOT,
        "ready in %.1f s: open %s (Ctrl-C stops)%n",
        runtime.startSeconds(),
        runtime.url());
    out.flush();
    runtime.awaitStop();
    return 0;
  }
}
