package io.ballast.scoring;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;

/**
 * A registered model version ready to score: its Spark ML pipeline and the raw feature columns it
 * reads, as recorded when it was trained.
 *
 * @param reference how it was asked for (e.g. {@code fraud_model@champion}), for messages
 * @param features the feature columns the pipeline reads (the version's {@code ballast.features})
 * @param trainedOn the feature-table versions of its training set, by table (lineage, informative)
 * @param featureTypes each feature's Spark type in its training set (e.g. {@code double}), as
 *     recorded at training; empty for versions trained before it was recorded
 */
public record ScoringModel(
    String name,
    String version,
    String reference,
    PipelineModel pipeline,
    List<String> features,
    Map<String, Long> trainedOn,
    Map<String, String> featureTypes) {

  /** A version whose training types are not known. */
  public ScoringModel(
      String name,
      String version,
      String reference,
      PipelineModel pipeline,
      List<String> features,
      Map<String, Long> trainedOn) {
    this(name, version, reference, pipeline, features, trainedOn, Map.of());
  }
}
