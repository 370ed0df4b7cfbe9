package io.ballast.orchestration.dag;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs src/test/python/check_dag.py on a DAG file with python3 and returns its JSON. */
final class PythonDagCheck {
  static final Path SCRIPT = Path.of("src/test/python/check_dag.py");

  private PythonDagCheck() {}

  static JsonNode check(Path dagFile) throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder("python3", SCRIPT.toString(), dagFile.toString())
              .redirectErrorStream(false)
              .start();
    } catch (IOException e) {
      return fail(
          "python3 is needed to check the rendered DAG files with Python's parser, but it cannot"
              + " be started ("
              + e.getMessage()
              + "). Install python3 (ci/test.sh does so on CI).");
    }
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return fail(
          "check_dag.py rejected " + dagFile + ":\n" + new String(err, StandardCharsets.UTF_8));
    }
    return new ObjectMapper().readTree(out);
  }
}
