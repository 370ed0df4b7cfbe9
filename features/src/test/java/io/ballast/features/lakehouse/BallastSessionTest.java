package io.ballast.features.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BallastSessionTest {
  @Test
  void keepsS3DirectoryMarkersSoWritesDoNotWaitForBulkDeletes() {
    for (boolean local : new boolean[] {true, false}) {
      Map<String, String> conf = BallastSession.defaults(Lakehouse.at("s3a://bucket/lh"), local);
      assertThat(conf).containsEntry("spark.hadoop.fs.s3a.directory.marker.retention", "keep");
    }
  }

  @Test
  void startsSessionsWithoutTheWebUiUnlessAsked() {
    // Local and spark-submit sessions alike: the UI's port-binding warnings came with every
    // command.
    for (boolean local : new boolean[] {true, false}) {
      assertThat(BallastSession.defaults(Lakehouse.at("/tmp/lh"), local))
          .containsEntry("spark.ui.enabled", "false");
    }
  }

  @Test
  void theWebUiAskedForAtLaunchWinsOverTheDefault() {
    // spark-submit --conf spark.ui.enabled=true reaches the driver as this system property, as
    // -Dspark.ui.enabled=true does; the session is then built with what was asked.
    String key = "spark.ui.enabled";
    String before = System.getProperty(key);
    System.setProperty(key, "true");
    try {
      Map<String, String> conf =
          BallastSession.keepRunningSettings(
              BallastSession.defaults(Lakehouse.at("/tmp/lh"), false),
              BallastSession.launchedWith());
      assertThat(conf).doesNotContainKey(key);
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
    assertThat(
            BallastSession.keepRunningSettings(
                BallastSession.defaults(Lakehouse.at("/tmp/lh"), true), k -> false))
        .containsEntry(key, "false");
  }

  @Test
  void pointsTheCatalogAtTheLakehouse() {
    Map<String, String> conf = BallastSession.defaults(Lakehouse.at("s3a://bucket/lh/"), true);
    assertThat(conf).containsEntry("spark.sql.catalog.ballast.root", "s3a://bucket/lh");
  }

  @Test
  void aStepOfARunningPipelineKeepsTheSessionsMasterAndSettingsButFollowsItsLakehouse() {
    Map<String, String> running =
        Map.of(
            "spark.master", "spark://127.0.0.1:7077",
            "spark.sql.shuffle.partitions", "64",
            "spark.sql.catalog.ballast.root", "file:/old");
    Map<String, String> conf =
        BallastSession.keepRunningSettings(
            BallastSession.defaults(Lakehouse.at("/tmp/lh-step"), true), running::containsKey);
    assertThat(conf)
        .doesNotContainKeys("spark.master", "spark.sql.shuffle.partitions")
        .containsEntry("spark.sql.catalog.ballast.root", "file:///tmp/lh-step")
        .containsEntry("spark.sql.session.timeZone", "UTC");
  }

  @Test
  void aSessionTheStepsShareKeepsTheShufflePartitionsItWasStartedWith() {
    Lakehouse lh = io.ballast.features.TestSpark.lakehouse();
    String before =
        io.ballast.features.TestSpark.spark().conf().get("spark.sql.shuffle.partitions");
    BallastSession.getOrCreate(lh, Map.of());
    assertThat(io.ballast.features.TestSpark.spark().conf().get("spark.sql.shuffle.partitions"))
        .isEqualTo(before)
        .isEqualTo("2");
  }

  @Test
  void aSettingTheProcessWasLaunchedWithWinsOverBallastsDefault() {
    // spark-submit hands its --conf values to the driver as spark.* system properties, as Maven
    // hands the test-sized settings to this JVM (-Dspark.sql.adaptive.enabled=false). Ballast's
    // default (true) must not replace it when the session is built.
    String key = "spark.sql.adaptive.enabled";
    assumeThat(System.getProperty(key)).as("run with the test-sized JVM settings").isNotNull();
    assertThat(io.ballast.features.TestSpark.spark().conf().get(key))
        .isEqualTo(System.getProperty(key));
  }
}
