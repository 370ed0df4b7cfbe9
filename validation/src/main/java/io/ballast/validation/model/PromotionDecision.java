package io.ballast.validation.model;

import io.ballast.features.BallastException;
import io.ballast.features.tracking.ModelRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether to move {@code champion} to a version, decided in plain Java from what {@link Promotion}
 * read: the registry's aliases and the version's latest validation (its gate results and the
 * champion it was compared with). A version is promoted only when its latest validation passed
 * every gate against the champion that is still champion; one that already is champion stays, with
 * nothing moved.
 *
 * @param outcome what to do
 * @param champion the champion now (none before a first promotion)
 * @param previous the {@code previous} alias now
 * @param validationId the validation the move rests on (for {@link Outcome#PROMOTE})
 * @param reasons why it is refused: the failed gates, or one sentence; empty otherwise
 */
public record PromotionDecision(
    String model,
    String version,
    Outcome outcome,
    Optional<String> champion,
    Optional<String> previous,
    Optional<String> validationId,
    List<String> reasons) {

  /** What promotion does with a version. */
  public enum Outcome {
    /** Move champion to the version (and previous to the old champion, if any). */
    PROMOTE,
    /** The version already is champion: nothing moves. */
    ALREADY_CHAMPION,
    /** No validation of the version, or one against another champion: validate again. */
    NOT_VALIDATED,
    /** Its latest validation failed a gate: aliases unchanged. */
    GATES_FAILED
  }

  public PromotionDecision {
    reasons = List.copyOf(reasons);
  }

  /**
   * Decides for {@code version} of {@code model}, given the registry's {@code aliases} and its
   * latest {@code validation}, which is read only when the version is not champion already.
   */
  public static PromotionDecision decide(
      String model,
      String version,
      Map<String, String> aliases,
      Supplier<Optional<ValidationStore.Decision>> validation) {
    Optional<String> champion = Optional.ofNullable(aliases.get(ModelRegistry.CHAMPION));
    Optional<String> previous = Optional.ofNullable(aliases.get(ModelRegistry.PREVIOUS));
    if (champion.equals(Optional.of(version))) {
      return new PromotionDecision(
          model,
          version,
          Outcome.ALREADY_CHAMPION,
          champion,
          previous,
          Optional.empty(),
          List.of());
    }
    Optional<ValidationStore.Decision> v = validation.get();
    if (v.isEmpty()) {
      return refuse(
          model, version, Outcome.NOT_VALIDATED, champion, previous, "it has not been validated");
    }
    ValidationStore.Decision d = v.get();
    if (!d.passed()) {
      return new PromotionDecision(
          model,
          version,
          Outcome.GATES_FAILED,
          champion,
          previous,
          Optional.of(d.validationId()),
          d.failures());
    }
    if (!d.championVersion().equals(champion)) {
      return refuse(
          model,
          version,
          Outcome.NOT_VALIDATED,
          champion,
          previous,
          "it was validated against champion "
              + d.championVersion().map(c -> "version " + c).orElse("(none)")
              + " but the champion now is "
              + champion.map(c -> "version " + c).orElse("(none)"));
    }
    return new PromotionDecision(
        model,
        version,
        Outcome.PROMOTE,
        champion,
        previous,
        Optional.of(d.validationId()),
        List.of());
  }

  private static PromotionDecision refuse(
      String model,
      String version,
      Outcome outcome,
      Optional<String> champion,
      Optional<String> previous,
      String why) {
    return new PromotionDecision(
        model, version, outcome, champion, previous, Optional.empty(), List.of(why));
  }

  /** Whether the aliases move. */
  public boolean moves() {
    return outcome == Outcome.PROMOTE;
  }

  /** Whether promotion is refused; {@link #refusal()} says why. */
  public boolean refused() {
    return outcome == Outcome.NOT_VALIDATED || outcome == Outcome.GATES_FAILED;
  }

  /** The user error of a refused decision. */
  public BallastException refusal() {
    return switch (outcome) {
      case GATES_FAILED -> ValidationErrors.gatesFailed(model, version, reasons);
      case NOT_VALIDATED -> ValidationErrors.notValidated(model, version, reasons.get(0));
      default -> throw new IllegalStateException("not refused: " + outcome);
    };
  }
}
