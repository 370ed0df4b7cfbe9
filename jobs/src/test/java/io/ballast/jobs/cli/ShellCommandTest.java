package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@code ballast shell} splits a line into arguments (running files: BallastCliTest). */
class ShellCommandTest {
  @Test
  void splitsLikeAShell() {
    assertThat(ShellCommand.split("sql \"a \\\"b\\\" c\"  --x 'y z' w\\ v ''"))
        .containsExactly("sql", "a \"b\" c", "--x", "y z", "w v", "");
    assertThat(ShellCommand.split("  tables   --json ")).containsExactly("tables", "--json");
    assertThat(ShellCommand.split("sql 'it''s'")).containsExactly("sql", "its");
  }

  @Test
  void refusesAnUnclosedQuote() {
    assertThatThrownBy(() -> ShellCommand.split("sql 'open"))
        .hasMessage("unclosed ' quote starting at column 5");
    assertThatThrownBy(() -> ShellCommand.split("sql \"open"))
        .hasMessage("unclosed \" quote starting at column 5");
  }
}
