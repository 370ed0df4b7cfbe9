package io.ballast.jobs.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} alone, for a command whose own {@code --version} (a model version) rules out
 * picocli's standard help options, which bring {@code -V/--version} with them.
 */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;
}
