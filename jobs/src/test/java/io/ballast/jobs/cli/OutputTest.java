package io.ballast.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.lakehouse.TableInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {
  @Test
  void writesTableInfoWithItsLastWriteAsAnIsoInstant() {
    TableInfo info =
        new TableInfo(
            "transactions",
            3,
            100,
            Instant.parse("2026-01-02T03:04:05Z"),
            "WRITE",
            List.of("ds"),
            3,
            1234,
            "source",
            "Demo card payments");
    assertThat(Output.json(info))
        .isEqualTo(
            "{\"name\":\"transactions\",\"version\":3,\"rows\":100,"
                + "\"lastWrite\":\"2026-01-02T03:04:05Z\",\"lastOperation\":\"WRITE\","
                + "\"partitionColumns\":[\"ds\"],\"files\":3,\"bytes\":1234,"
                + "\"kind\":\"source\",\"description\":\"Demo card payments\"}");
  }
}
