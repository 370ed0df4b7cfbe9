package io.ballast.orchestration.dag;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks rendered DAG files with python3: src/test/python/check_dag.py (returns its JSON) and
 * {@code python3 -m py_compile}. Without python3 the checks are skipped, except on CI ({@code
 * CI=true}), where they fail.
 */
final class PythonDagCheck {
  static final Path SCRIPT = Path.of("src/test/python/check_dag.py");
  private static Boolean available;

  private PythonDagCheck() {}

  /** Skips the calling test when python3 cannot be started, or fails it on CI. */
  static synchronized void requirePython3() {
    if (available == null) {
      try {
        Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        available = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        available = false;
      }
    }
    if (available) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(
          "python3 is needed on CI to check the rendered DAG files with Python's parser, but it"
              + " cannot be started. Install python3 (ci/test.sh does so).");
    }
    Assumptions.abort("python3 cannot be started: rendered DAG files not checked with Python");
  }

  static JsonNode check(Path dagFile) throws IOException, InterruptedException {
    requirePython3();
    Result r = run(List.of("python3", SCRIPT.toString(), dagFile.toString()), null);
    if (r.code != 0) {
      return fail("check_dag.py rejected " + dagFile + ":\n" + r.err);
    }
    return new ObjectMapper().readTree(r.out);
  }

  /**
   * Compiles the files with {@code python3 -m py_compile}; the byte code goes under {@code
   * cacheDir}, never next to the files.
   */
  static void pyCompile(List<Path> files, Path cacheDir) throws IOException, InterruptedException {
    requirePython3();
    List<String> cmd = new ArrayList<>(List.of("python3", "-m", "py_compile"));
    files.forEach(f -> cmd.add(f.toString()));
    Result r = run(cmd, cacheDir);
    if (r.code != 0) {
      fail("python3 -m py_compile rejected " + files + ":\n" + r.err);
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(List<String> cmd, Path cacheDir)
      throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(cmd);
    if (cacheDir != null) {
      b.environment().put("PYTHONPYCACHEPREFIX", cacheDir.toString());
    }
    Process p = b.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "", "timed out after 60 s");
    }
    return new Result(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }
}
