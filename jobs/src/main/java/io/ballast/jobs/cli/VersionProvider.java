package io.ballast.jobs.cli;

import picocli.CommandLine.IVersionProvider;

/** The jar's version, from its manifest when packaged. */
public final class VersionProvider implements IVersionProvider {
  public static String version() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"ballast " + version()};
  }
}
