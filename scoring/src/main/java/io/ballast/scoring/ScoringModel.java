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
 */
public record ScoringModel(
    String name,
    String version,
    String reference,
    PipelineModel pipeline,
    List<String> features,
    Map<String, Long> trainedOn) {}
