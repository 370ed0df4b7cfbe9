package io.ballast.jobs.cli;

import io.ballast.features.tracking.ModelRegistry;
import io.ballast.features.tracking.ModelVersion;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ballast model}: the registry's models, versions and aliases. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description =
        "Model registry: list, show, aliases, set-alias, delete-alias; validate, promote,"
            + " rollback, card.",
    subcommands = {
      ModelCommand.ListVersions.class,
      ModelCommand.Show.class,
      ModelCommand.Aliases.class,
      ModelCommand.SetAlias.class,
      ModelCommand.DeleteAlias.class,
      ModelValidationCommands.Validate.class,
      ModelValidationCommands.Promote.class,
      ModelValidationCommands.Rollback.class,
      ModelValidationCommands.Card.class
    })
final class ModelCommand implements Callable<Integer> {
  @ParentCommand BallastCommand root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return Exits.usage(spec, "missing subcommand.");
  }

  /** A subcommand that reads or changes the registry. */
  abstract static class RegistryCommand implements Callable<Integer> {
    @ParentCommand ModelCommand parent;
    @Mixin TrackingOptions tracking;

    ModelRegistry registry() {
      return tracking.open(parent.root.context()).registry();
    }

    PrintWriter out() {
      return parent.spec.commandLine().getOut();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List registered models, or the versions of one model (newest first).")
  static final class ListVersions extends RegistryCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "A model name.")
    String model;

    @Override
    public Integer call() {
      ModelRegistry r = registry();
      List<List<String>> rows = new ArrayList<>();
      if (model == null) {
        for (String m : r.models()) {
          List<ModelVersion> vs = r.versions(m);
          rows.add(
              List.of(m, vs.get(0).version(), String.valueOf(vs.size()), aliases(r.aliases(m))));
        }
        Output.table(out(), List.of("model", "latest", "versions", "aliases"), rows);
        return Exits.OK;
      }
      for (ModelVersion v : r.versions(model)) {
        rows.add(
            List.of(
                v.version(),
                Instant.ofEpochMilli(v.createdMillis()).toString(),
                String.valueOf(v.runId()),
                v.status(),
                String.join(",", v.aliases()),
                v.source()));
      }
      Output.table(
          out(), List.of("version", "created", "run", "status", "aliases", "source"), rows);
      return Exits.OK;
    }
  }

  static String aliases(Map<String, String> a) {
    List<String> parts = new ArrayList<>();
    a.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(", ", parts);
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one version: MODEL@ALIAS or MODEL/VERSION (lineage tags, source, run).")
  static final class Show extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "REF", description = "e.g. fraud_model@champion.")
    String ref;

    @Override
    public Integer call() {
      ModelVersion v = registry().resolve(ref);
      PrintWriter o = out();
      o.printf("%s version %s (%s)%n", v.name(), v.version(), v.status());
      o.printf("  run:     %s%n", v.runId());
      o.printf("  created: %s%n", Instant.ofEpochMilli(v.createdMillis()));
      o.printf("  model:   %s%n", v.sparkmlPath());
      if (!v.source().equals(v.modelPath())) {
        o.printf("  source:  %s%n", v.source());
      }
      v.tags().forEach((k, t) -> o.printf("  %s: %s%n", k, t));
      o.println(Output.json(v));
      o.flush();
      return Exits.OK;
    }
  }

  @Command(
      name = "aliases",
      mixinStandardHelpOptions = true,
      description = "List a model's aliases and the versions they point at.")
  static final class Aliases extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Override
    public Integer call() {
      List<List<String>> rows = new ArrayList<>();
      registry().aliases(model).forEach((a, v) -> rows.add(List.of(a, v)));
      Output.table(out(), List.of("alias", "version"), rows);
      return Exits.OK;
    }
  }

  @Command(
      name = "set-alias",
      mixinStandardHelpOptions = true,
      description = "Point an alias (e.g. champion) at a version; an existing alias moves.")
  static final class SetAlias extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "ALIAS")
    String alias;

    @Parameters(index = "2", paramLabel = "VERSION")
    String version;

    @Override
    public Integer call() {
      ModelRegistry.checkAlias(alias);
      ModelRegistry r = registry();
      String before = r.aliases(model).get(alias);
      r.setAlias(model, alias, version);
      out()
          .printf(
              "%s@%s -> version %s%s%n",
              model, alias, version, before == null ? "" : " (was " + before + ")");
      out().flush();
      return Exits.OK;
    }
  }

  @Command(name = "delete-alias", mixinStandardHelpOptions = true, description = "Remove an alias.")
  static final class DeleteAlias extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "ALIAS")
    String alias;

    @Override
    public Integer call() {
      registry().deleteAlias(model, alias);
      out().printf("%s@%s deleted%n", model, alias);
      out().flush();
      return Exits.OK;
    }
  }
}
