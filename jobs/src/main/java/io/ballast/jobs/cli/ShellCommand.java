package io.ballast.jobs.cli;

import io.ballast.features.ArgumentErrors;
import io.ballast.jobs.Ballast;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ballast shell}: several commands in one JVM and one SparkSession, from a file or typed in.
 * The session starts once, so the second {@code sql} costs the query, not a JVM and Spark start.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
      "Run several ballast commands in one process and one Spark session: from --file (one"
          + " command a line, stops at the first failure) or typed in (one command a line;"
          + " 'exit' or Ctrl-D ends).",
      "A line is a command as you would type it after ./ballast, quoted like a shell line:",
      "  sql \"SELECT count(*) FROM ballast.transactions\" --format csv",
      "Blank lines and lines starting with # are skipped; a line ending in \\ continues on the"
          + " next. The shell's --lakehouse and --conf apply to every command.",
      "Exit: the first failed command's code (0 if all passed; 3 if one found drift and none"
          + " failed)."
    })
final class ShellCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "Commands to run, one a line (default: read them from standard input).")
  Path file;

  @Option(
      names = "--keep-going",
      description = "Run the remaining commands after one fails (the exit code is still its).")
  boolean keepGoing;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean typed = file == null;
    boolean prompt = typed && System.console() != null;
    int first = Exits.OK;
    boolean drift = false;
    try (BufferedReader in = reader()) {
      int lineNo = 0;
      StringBuilder cont = new StringBuilder();
      while (true) {
        if (prompt) {
          out.print(cont.isEmpty() ? "ballast> " : "...> ");
          out.flush();
        }
        String raw = in.readLine();
        if (raw == null) {
          if (cont.isEmpty()) {
            break;
          }
          // the last line ended in a continuation: run what was gathered
          raw = "";
        } else {
          lineNo++;
        }
        if (raw.endsWith("\\")) {
          cont.append(raw, 0, raw.length() - 1).append(' ');
          continue;
        }
        String text = cont.append(raw).toString().trim();
        cont.setLength(0);
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        if (typed && (text.equals("exit") || text.equals("quit"))) {
          break;
        }
        int code = runLine(new Line(lineNo, text), out, err);
        if (code == Exits.DRIFT) {
          drift = true;
        } else if (code != Exits.OK) {
          if (first == Exits.OK) {
            first = code;
          }
          if (!typed && !keepGoing) {
            err.printf(
                "shell: stopped at line %d of %s (exit %d); the commands after it did not run.%n",
                lineNo, file, code);
            err.flush();
            return code;
          }
        }
      }
    } catch (IOException e) {
      throw ArgumentErrors.badArgument(
          "--file",
          String.valueOf(file),
          "cannot read it (" + e.getMessage() + "); pass a UTF-8 text file of commands");
    }
    if (first != Exits.OK) {
      return first;
    }
    return drift ? Exits.DRIFT : Exits.OK;
  }

  private record Line(int number, String text) {}

  private BufferedReader reader() throws IOException {
    if (file == null) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    try {
      return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw ArgumentErrors.badArgument(
          "--file", file.toString(), "the file does not exist; pass a file of commands");
    }
  }

  /** Runs one line as a ballast command in this process; prints its exit code and time. */
  private int runLine(Line line, PrintWriter out, PrintWriter err) {
    List<String> args;
    try {
      args = split(line.text());
    } catch (IllegalArgumentException e) {
      err.printf("error: line %d: %s%n", line.number(), e.getMessage());
      err.flush();
      return Exits.USER_ERROR;
    }
    if (args.get(0).equals("shell")) {
      err.printf("error: line %d: a shell cannot run another shell.%n", line.number());
      err.flush();
      return Exits.USER_ERROR;
    }
    List<String> full = new ArrayList<>(args);
    if (!args.contains("--lakehouse") && root.lakehouse != null) {
      full.add("--lakehouse");
      full.add(root.lakehouse);
    }
    for (String c : root.conf) {
      full.add("--conf");
      full.add(c);
    }
    out.println("ballast> " + line.text());
    out.flush();
    long t0 = System.nanoTime();
    int code = Ballast.run(out, err, full.toArray(String[]::new));
    out.printf("(exit %d in %.1f s)%n", code, (System.nanoTime() - t0) / 1e9);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Splits a line into arguments as a POSIX shell would for plain words: whitespace separates,
   * single quotes keep everything literally, double quotes keep spaces and honour {@code \"} and
   * {@code \\}, a backslash outside quotes escapes the next character.
   */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ' quote starting at column " + (i + 1));
        }
        cur.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char d = line.charAt(j);
          if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            d = line.charAt(++j);
          }
          cur.append(d);
        }
        if (j >= line.length()) {
          throw new IllegalArgumentException("unclosed \" quote starting at column " + (i + 1));
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(cur.toString());
          cur.setLength(0);
          inWord = false;
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(cur.toString());
    }
    return out;
  }
}
