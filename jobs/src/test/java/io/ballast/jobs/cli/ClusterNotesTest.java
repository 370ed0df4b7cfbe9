package io.ballast.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's spark-submit line (section "On a cluster") must run as written: it is checked
 * against the build (the shaded jar's name, the main class, the Java 17 flags the build and the
 * launcher use) and its Ballast arguments are parsed by the CLI. The cluster test ({@code
 * ClusterIT}) submits the same jar with the same flags to a real standalone cluster.
 */
class ClusterNotesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static String block;

  @BeforeAll
  static void readTheReadme() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("\n## On a cluster\n");
    assertTrue(section >= 0, "README.md has no '## On a cluster' section");
    int open = readme.indexOf("```bash\n", section);
    int close = readme.indexOf("\n```", open + 8);
    assertTrue(open > 0 && close > open, "the section has no ```bash block");
    block = readme.substring(open + 8, close);
  }

  /** The block's shell words after {@code spark-submit}, with $OPENS expanded. */
  private static List<String> submitWords() {
    String opens = opensVariable();
    String command = block.substring(block.indexOf("spark-submit")).replace("\\\n", " ");
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
    while (m.find()) {
      String w = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      words.add(w.replace("$OPENS", opens));
    }
    return words;
  }

  private static String opensVariable() {
    Matcher m = Pattern.compile("OPENS=\"([^\"]*)\"").matcher(block);
    assertTrue(m.find(), "the block sets OPENS=\"...\"");
    return m.group(1).replace("\\\n", " ").trim();
  }

  private static String pomProperty(Path pom, String name) throws IOException {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">")
            .matcher(Files.readString(pom, StandardCharsets.UTF_8));
    assertTrue(m.find(), pom + " has no <" + name + ">");
    return m.group(1).trim();
  }

  @Test
  void theLineIsCompleteAndNamesTheJarTheBuildMakes() throws IOException {
    assertFalse(block.contains("..."), "the spark-submit block still has a '...': " + block);
    List<String> w = submitWords();
    assertEquals("spark-submit", w.get(0));
    String version = pomProperty(ROOT.resolve("pom.xml"), "version");
    String classifier = pomProperty(ROOT.resolve("jobs/pom.xml"), "shadedClassifierName");
    String jar = "jobs/target/ballast-jobs-" + version + "-" + classifier + ".jar";
    assertTrue(w.contains(jar), "the line submits " + jar + ": " + w);
    String main = w.get(w.indexOf("--class") + 1);
    assertEquals(io.ballast.jobs.Ballast.class.getName(), main);
    assertTrue(
        Files.readString(ROOT.resolve("jobs/pom.xml")).contains("<mainClass>" + main + "<"),
        "the shaded jar's manifest names " + main);
  }

  @Test
  void driverAndExecutorsGetExactlyTheJava17FlagsOfTheBuild() throws IOException {
    Set<String> build =
        new LinkedHashSet<>(
            Arrays.asList(
                pomProperty(ROOT.resolve("pom.xml"), "spark.java17.opens").split("\\s+")));
    List<String> w = submitWords();
    for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
      String conf =
          w.stream()
              .filter(s -> s.startsWith(key + "="))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no --conf " + key + " in " + w));
      Set<String> given =
          new LinkedHashSet<>(Arrays.asList(conf.substring(key.length() + 1).split("\\s+")));
      assertEquals(build, given, key + " differs from the build's spark.java17.opens");
    }
    // The launcher script uses the same set (./ballast runs the CLI on a plain JVM).
    String launcher = Files.readString(ROOT.resolve("ballast"), StandardCharsets.UTF_8);
    for (String flag : build) {
      assertTrue(launcher.contains(flag), "./ballast lacks " + flag);
    }
  }

  @Test
  void theBallastArgumentsParse() throws IOException {
    List<String> w = submitWords();
    String version = pomProperty(ROOT.resolve("pom.xml"), "version");
    int jar = w.indexOf("jobs/target/ballast-jobs-" + version + "-spark.jar");
    String[] args = w.subList(jar + 1, w.size()).toArray(String[]::new);
    assertTrue(args.length > 0, "no Ballast command after the jar");
    CommandLine.ParseResult parsed = new CommandLine(new BallastCommand()).parseArgs(args);
    assertTrue(parsed.hasSubcommand(), "'" + String.join(" ", args) + "' names no command");
    assertTrue(parsed.unmatched().isEmpty(), "unmatched: " + parsed.unmatched());
  }
}
