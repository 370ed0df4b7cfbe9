package io.ballast.jobs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ballast.features.BallastException;
import io.ballast.features.lakehouse.LakehouseTables;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An S3 server refusing the lakehouse's requests, met by the real S3A client (Hadoop's, as Spark
 * uses it; no Spark needed): a stub speaks enough S3 (path-style HEAD, ListObjectsV2, PUT) to
 * answer 403 with S3's XML errors, or without a body as S3 answers HEAD. The refusal becomes a user
 * error (exit 2) naming the path, the cause and the settings to fix, at start-up ({@link
 * LakehouseTables#storageFailure}) and mid-run ({@link Exits#environmentError}).
 */
class S3RefusalTest {
  @RegisterExtension
  static WireMockExtension s3 =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final String ROOT = "s3a://lake/lh";
  static final String SECRET = "not-the-s3cret";

  /**
   * One successful probe first: loading S3A and the AWS SDK takes seconds on a busy machine, and
   * the time bounds below are for the refusals, not for class loading.
   */
  @BeforeAll
  static void warmUp() throws IOException {
    s3.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(404)));
    s3.stubFor(get(urlPathEqualTo("/lake/")).willReturn(emptyListing()));
    try (FileSystem fs = s3a()) {
      assertThat(fs.exists(new Path(ROOT + "/warm-up"))).isFalse();
    }
  }

  @BeforeEach
  void reset() {
    s3.resetAll();
  }

  /** A fresh S3A client for the stub, failing fast: one try, short timeouts. */
  static FileSystem s3a() throws IOException {
    Configuration c = new Configuration(false);
    c.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    c.set("fs.s3a.endpoint", s3.baseUrl());
    c.set("fs.s3a.endpoint.region", "us-east-1");
    c.set("fs.s3a.path.style.access", "true");
    c.set("fs.s3a.connection.ssl.enabled", "false");
    c.set(
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    c.set("fs.s3a.access.key", "AKIDBALLASTTEST");
    c.set("fs.s3a.secret.key", SECRET);
    c.set("fs.s3a.attempts.maximum", "1");
    c.set("fs.s3a.retry.limit", "1");
    c.set("fs.s3a.retry.interval", "10ms");
    c.set("fs.s3a.retry.throttle.limit", "1");
    c.set("fs.s3a.connection.establish.timeout", "2000");
    c.set("fs.s3a.connection.timeout", "2000");
    c.set("fs.s3a.bucket.probe", "0");
    c.set("fs.s3a.impl.disable.cache", "true");
    c.set("fs.s3a.fast.upload.buffer", "array");
    return FileSystem.get(java.net.URI.create(ROOT), c);
  }

  static ResponseDefinitionBuilder error(int status, String code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/xml")
        .withBody(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message><RequestId>r1</RequestId></Error>");
  }

  static ResponseDefinitionBuilder emptyListing() {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/xml")
        .withBody(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult"
                + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>lake</Name>"
                + "<Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>2</MaxKeys>"
                + "<IsTruncated>false</IsTruncated></ListBucketResult>");
  }

  /** What opening the lakehouse (ballast's start-up check: mkdirs of the tables folder) throws. */
  Throwable openLakehouse() throws IOException {
    try (FileSystem fs = s3a()) {
      return catchThrowable(() -> fs.mkdirs(new Path(ROOT + "/tables")));
    }
  }

  static void assertUserError(BallastException e, String... says) {
    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.getMessage())
        .as("no secret in the message")
        .doesNotContain(SECRET)
        .doesNotContain("\n");
    for (String s : says) {
      assertThat(e.getMessage()).contains(s);
    }
  }

  @Test
  void aHeadAnswered403WithoutAReasonNamesThePathAndBothFixes() throws IOException {
    s3.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(403)));
    long t0 = System.nanoTime();
    Throwable t = openLakehouse();
    assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(10);
    assertThat(t).as("S3A's own exception").isInstanceOf(java.nio.file.AccessDeniedException.class);
    assertThat(
            s3.getAllServeEvents().stream()
                .map(r -> r.getRequest().getMethod() + " " + r.getRequest().getUrl())
                .toList())
        .as("requests: S3A's probes, none sent again (a refusal is not retried)")
        .doesNotHaveDuplicates()
        .hasSizeLessThanOrEqualTo(3);
    BallastException e = LakehouseTables.storageFailure(ROOT, t);
    assertUserError(
        e,
        "Cannot open lakehouse s3a://lake/lh: the S3 server refused access to s3a://lake/lh/tables"
            + " (HTTP 403 Forbidden, an answer without a reason: the credentials are wrong or this"
            + " identity may not access the path).",
        "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        "spark.hadoop.fs.s3a.access.key",
        "grant this identity s3:ListBucket on arn:aws:s3:::lake and s3:GetObject, s3:PutObject"
            + " and s3:DeleteObject on arn:aws:s3:::lake/lh/*");
    s3.verify(anyRequestedFor(anyUrl()).withHeader("Authorization", containing("AKIDBALLASTTEST")));
  }

  @Test
  void anUnknownAccessKeyIsACredentialsProblem() throws IOException {
    s3.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(404)));
    s3.stubFor(
        get(urlPathEqualTo("/lake/"))
            .willReturn(
                error(
                    403,
                    "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.")));
    BallastException e = LakehouseTables.storageFailure(ROOT, openLakehouse());
    assertUserError(
        e,
        "Cannot open lakehouse s3a://lake/lh: the S3 server refused the credentials for"
            + " s3a://lake/lh/tables (HTTP 403 InvalidAccessKeyId: the server knows no such access"
            + " key). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        "AWS_ENDPOINT_URL");
    assertThat(e.getMessage()).doesNotContain("grant");
  }

  @Test
  void aPrefixTheIdentityMayNotListIsAccessDeniedNamingThePermissions() throws IOException {
    s3.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(404)));
    s3.stubFor(
        get(urlPathEqualTo("/lake/")).willReturn(error(403, "AccessDenied", "Access Denied")));
    BallastException e = LakehouseTables.storageFailure(ROOT, openLakehouse());
    assertUserError(
        e,
        "Cannot open lakehouse s3a://lake/lh: the S3 server accepted the credentials but denied"
            + " access to s3a://lake/lh/tables (HTTP 403 AccessDenied). Ask the bucket's owner to"
            + " grant this identity s3:ListBucket on arn:aws:s3:::lake and s3:GetObject,"
            + " s3:PutObject and s3:DeleteObject on arn:aws:s3:::lake/lh/*, or point --lakehouse"
            + " (or BALLAST_LAKEHOUSE) at a prefix it may use.");
    assertThat(e.getMessage()).doesNotContain("AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void aWriteRefusedMidRunIsAUserErrorNotABug() throws IOException {
    s3.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(404)));
    s3.stubFor(get(urlPathEqualTo("/lake/")).willReturn(emptyListing()));
    s3.stubFor(put(anyUrl()).willReturn(error(403, "AccessDenied", "Access Denied")));
    Throwable t;
    try (FileSystem fs = s3a()) {
      t =
          catchThrowable(
              () -> {
                try (OutputStream out =
                    fs.create(new Path(ROOT + "/tables/transactions/part-0.parquet"))) {
                  out.write(1);
                }
              });
    }
    assertThat(t).isNotNull();
    // as Spark reports a failed task: the S3A exception under its own
    Exception task = new IllegalStateException("Job aborted due to stage failure", t);
    BallastException e =
        Exits.environmentError(task, ROOT, List.of(), Map.of("AWS_ENDPOINT_URL", s3.baseUrl()));
    assertThat(e).as("the user error for %s", t).isNotNull();
    assertUserError(
        e,
        "Cannot use the lakehouse storage at s3a://lake/lh: the S3 server accepted the credentials"
            + " but denied access to s3a://lake/lh/tables/transactions/part-0.parquet (HTTP 403"
            + " AccessDenied).",
        "s3:PutObject",
        "The refused step committed nothing");

    assertThat(Exits.environmentError(task, "/tmp/lh", List.of(), Map.of()))
        .as("a local lakehouse is not S3")
        .isNull();
  }
}
