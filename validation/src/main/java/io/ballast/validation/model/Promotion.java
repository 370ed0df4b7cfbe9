package io.ballast.validation.model;

import io.ballast.features.lakehouse.LakehouseTables;
import io.ballast.features.tracking.AliasEvent;
import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves {@code champion} (and {@code previous}) on a validated decision, and back on a rollback.
 * Promotion reads the version's latest validation in {@code ballast.model_validations}: it must
 * have passed every gate, and against the champion that is still champion (if the champion moved
 * since, validate again). Every move is recorded in the registry with who, when and why.
 */
public final class Promotion {
  private static final Logger LOG = LoggerFactory.getLogger(Promotion.class);
  public static final String PROMOTE = "promote";
  public static final String ROLLBACK = "rollback";

  private Promotion() {}

  /**
   * What happened.
   *
   * @param moved false when the version already was champion
   */
  public record Result(
      String model,
      String action,
      String champion,
      Optional<String> previous,
      boolean moved,
      String user,
      String reason) {}

  /** The user recorded on a move: $BALLAST_USER, else the JVM's user.name. */
  public static String user(Map<String, String> env) {
    String u = env.get("BALLAST_USER");
    return u != null && !u.isBlank() ? u : System.getProperty("user.name", "unknown");
  }

  public static Result promote(
      LakehouseTables tables,
      ModelRegistry registry,
      String model,
      Optional<String> version,
      String user,
      String reason) {
    ModelVersion v = ValidateJob.target(registry, model, version);
    PromotionDecision d =
        PromotionDecision.decide(
            model,
            v.version(),
            registry.aliases(model),
            () -> new ValidationStore(tables).latest(model, v.version()));
    if (d.refused()) {
      throw d.refusal();
    }
    if (d.moves()) {
      move(registry, d, user, reason);
    }
    return new Result(
        model,
        PROMOTE,
        v.version(),
        d.moves() ? d.champion() : d.previous(),
        d.moves(),
        user,
        reason);
  }

  /** Moves previous to the old champion (if any) and champion to the version, and records it. */
  private static void move(
      ModelRegistry registry, PromotionDecision d, String user, String reason) {
    String current = d.champion().orElse(null);
    if (current != null) {
      registry.setAlias(d.model(), ModelRegistry.PREVIOUS, current);
    }
    registry.setAlias(d.model(), ModelRegistry.CHAMPION, d.version());
    registry.recordAliasEvent(
        new AliasEvent(
            d.model(),
            PROMOTE,
            ModelRegistry.CHAMPION,
            current,
            d.version(),
            user,
            reason + " (validation " + d.validationId().orElseThrow() + ")",
            System.currentTimeMillis()));
    LOG.info("promote: {} champion {} -> {} by {}", d.model(), current, d.version(), user);
  }

  public static Result rollback(ModelRegistry registry, String model, String user, String reason) {
    Map<String, String> aliases = registry.aliases(model);
    String previous = aliases.get(ModelRegistry.PREVIOUS);
    if (previous == null) {
      throw ValidationErrors.nothingToRollBack(model, List.copyOf(aliases.keySet()));
    }
    String current = aliases.get(ModelRegistry.CHAMPION);
    registry.setAlias(model, ModelRegistry.CHAMPION, previous);
    registry.deleteAlias(model, ModelRegistry.PREVIOUS);
    registry.recordAliasEvent(
        new AliasEvent(
            model,
            ROLLBACK,
            ModelRegistry.CHAMPION,
            current,
            previous,
            user,
            reason,
            System.currentTimeMillis()));
    LOG.info("rollback: {} champion {} -> {} by {}", model, current, previous, user);
    return new Result(model, ROLLBACK, previous, Optional.ofNullable(current), true, user, reason);
  }
}
