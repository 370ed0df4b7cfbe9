package io.ballast.features.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.features.BallastException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LakehouseTest {
  @Test
  void localPathsBecomeAbsoluteFileUris() {
    Lakehouse l = Lakehouse.at("./lakehouse/");
    assertThat(l.root()).startsWith("file:/").endsWith("/lakehouse").doesNotContain("/./");
    assertThat(l.root())
        .isEqualTo(Path.of("lakehouse").toAbsolutePath().toUri().toString().replaceAll("/$", ""));
    assertThat(l.tablePath("t")).isEqualTo(l.root() + "/tables/t");
    assertThat(l.isS3()).isFalse();
  }

  @Test
  void s3aRootsAreKeptAsGiven() {
    Lakehouse l = Lakehouse.at("s3a://bucket/some/prefix/");
    assertThat(l.root()).isEqualTo("s3a://bucket/some/prefix");
    assertThat(l.isS3()).isTrue();
    assertThat(l.tablePath("x")).isEqualTo("s3a://bucket/some/prefix/tables/x");
  }

  @Test
  void otherSchemesAreRejectedWithAHint() {
    assertThatThrownBy(() -> Lakehouse.at("s3://bucket/p"))
        .isInstanceOf(BallastException.class)
        .hasMessage(
            "Cannot use --lakehouse 's3://bucket/p': use the s3a:// scheme (Hadoop's S3A"
                + " connector), e.g. s3a://bucket/prefix.");
    assertThatThrownBy(() -> Lakehouse.at("ftp://host/x"))
        .isInstanceOf(BallastException.class)
        .hasMessageContaining("expected a local folder, file:///path or s3a://bucket/prefix");
    assertThatThrownBy(() -> Lakehouse.at("s3a:///nobucket")).isInstanceOf(BallastException.class);
  }

  @Test
  void s3aDefaultsKeepDirectoryMarkers() {
    assertThat(BallastSession.defaults(Lakehouse.at("s3a://b/p"), false))
        .containsEntry("spark.hadoop.fs.s3a.directory.marker.retention", "keep")
        .containsEntry("spark.sql.catalog.ballast.root", "s3a://b/p")
        .doesNotContainKey("spark.master");
    assertThat(BallastSession.defaults(Lakehouse.at("/tmp/x"), true))
        .containsEntry("spark.master", "local[*]")
        .containsEntry("spark.driver.host", "127.0.0.1");
  }
}
