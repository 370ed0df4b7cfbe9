package io.ballast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.features.ArgumentErrors;
import io.ballast.features.BallastException;
import io.ballast.features.DefinitionErrors;
import io.ballast.features.FeatureErrors;
import io.ballast.features.LakehouseErrors;
import io.ballast.features.OnboardErrors;
import io.ballast.features.RegistryErrors;
import io.ballast.features.TrainingSetErrors;
import io.ballast.features.lakehouse.StorageRefusal;
import io.ballast.jobs.calibration.CalibrationErrors;
import io.ballast.jobs.cli.CliErrors;
import io.ballast.jobs.report.ReportErrors;
import io.ballast.jobs.tracking.TrackingErrors;
import io.ballast.jobs.train.TrainingErrors;
import io.ballast.orchestration.airflow.AirflowErrors;
import io.ballast.orchestration.graph.TaskGraphErrors;
import io.ballast.scoring.ScoringErrors;
import io.ballast.scoring.drift.DriftErrors;
import io.ballast.validation.model.ValidationErrors;
import io.ballast.validation.quality.QualityErrors;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every error factory of every module, called with sample arguments: a user error (exit 2), the
 * cause kept, the first line shaped "Cannot <do what>: <problem>. <how to fix>". No Spark; the
 * modules' {@code *Errors} classes are found in the source folders, so a new one cannot be missed.
 */
class ErrorFactoriesTest {
  static final List<Class<?>> FACTORIES =
      List.of(
          ArgumentErrors.class,
          DefinitionErrors.class,
          FeatureErrors.class,
          LakehouseErrors.class,
          OnboardErrors.class,
          RegistryErrors.class,
          TrainingSetErrors.class,
          QualityErrors.class,
          ValidationErrors.class,
          ScoringErrors.class,
          DriftErrors.class,
          TaskGraphErrors.class,
          AirflowErrors.class,
          CalibrationErrors.class,
          CliErrors.class,
          ReportErrors.class,
          TrackingErrors.class,
          TrainingErrors.class);

  /** Older messages whose fix is part of the problem, or that have no colon; kept as they are. */
  static final Set<String> UNSHAPED = Set.of("badArgument", "gatesFailed", "unknownFeatureTable");

  static final Pattern SHAPE = Pattern.compile("Cannot [^:]+: .+?\\. \\S.*");

  @Test
  void everyErrorsClassInTheModulesIsChecked() throws IOException {
    Path modules = Path.of("..").toAbsolutePath().normalize();
    assertThat(modules.resolve("features/src/main/java")).isDirectory();
    Set<String> found = new TreeSet<>();
    for (String module : List.of("features", "validation", "scoring", "orchestration", "jobs")) {
      try (Stream<Path> files = Files.walk(modules.resolve(module + "/src/main/java"))) {
        files
            .filter(f -> f.getFileName().toString().endsWith("Errors.java"))
            .forEach(f -> found.add(f.getFileName().toString().replace(".java", "")));
      }
    }
    assertThat(found)
        .containsExactlyInAnyOrderElementsOf(
            FACTORIES.stream().map(Class::getSimpleName).collect(Collectors.toList()));
  }

  @Test
  void everyFactoryMakesAShapedUserErrorKeepingItsCause() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Class<?> c : FACTORIES) {
      for (Method m : c.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers()) || m.getReturnType() != BallastException.class) {
          continue;
        }
        Object[] args = new Object[m.getParameterCount()];
        Throwable cause = null;
        for (int i = 0; i < args.length; i++) {
          args[i] = sample(m.getParameterTypes()[i], i);
          if (args[i] instanceof Throwable t) {
            cause = t;
          }
        }
        BallastException e = (BallastException) m.invoke(null, args);
        String name = c.getSimpleName() + "." + m.getName();
        String first = e.getMessage().lines().findFirst().orElse("");
        assertThat(e.exitCode()).as(name).isEqualTo(2);
        assertThat(e.getCause()).as(name + ": the cause").isSameAs(cause);
        assertThat(first).as(name).startsWith("Cannot ");
        if (!UNSHAPED.contains(m.getName())) {
          assertThat(first).as(name).matches(SHAPE);
        }
        checked.add(name);
      }
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(116);
  }

  static Object sample(Class<?> type, int i) {
    if (type == String.class) {
      return "value" + i;
    } else if (type == int.class) {
      return 3 + i;
    } else if (type == boolean.class) {
      return i % 2 == 0;
    } else if (type == long.class) {
      return 5L + i;
    } else if (type == double.class) {
      return 0.25 + i;
    } else if (type == List.class) {
      return List.of("a" + i, "b" + i);
    } else if (type == Map.class) {
      return Map.of("k" + i, "v" + i);
    } else if (type == Throwable.class) {
      return new RuntimeException("detail " + i);
    } else if (type == LocalDate.class) {
      return LocalDate.of(2026, 1, 1 + i);
    } else if (type == StorageRefusal.class) {
      return new StorageRefusal(StorageRefusal.Kind.DENIED, "s3a://b/p", "AccessDenied");
    }
    throw new IllegalArgumentException("no sample value of " + type + ": add one");
  }
}
