package io.ballast.features.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

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
  void pointsTheCatalogAtTheLakehouse() {
    Map<String, String> conf = BallastSession.defaults(Lakehouse.at("s3a://bucket/lh/"), true);
    assertThat(conf).containsEntry("spark.sql.catalog.ballast.root", "s3a://bucket/lh");
  }
}
