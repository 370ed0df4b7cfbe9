package io.ballast.features;

/**
 * A user error: bad input, a missing table or column, a failed gate, a remote refusal. The message
 * says what could not be done, why, and how to fix it. The CLI maps it to exit code 2 (or the code
 * given). Made only by the factory methods of the {@code *Errors} classes, each in the module and
 * package that raises its errors (ARCHITECTURE.md, "Errors").
 */
public class BallastException extends RuntimeException {
  private final int exitCode;

  public BallastException(String message, Throwable cause, int exitCode) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
