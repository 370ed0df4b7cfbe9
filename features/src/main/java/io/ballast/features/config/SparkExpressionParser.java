package io.ballast.features.config;

import java.util.Optional;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/** Checks expressions with Spark's own SQL parser (no session needed). */
public final class SparkExpressionParser implements ExpressionParser {
  @Override
  public Optional<String> check(String expression) {
    try {
      CatalystSqlParser$.MODULE$.parseExpression(expression);
      return Optional.empty();
    } catch (Exception e) { // ParseException is checked in Java but not declared by Scala
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      int nl = msg.indexOf('\n');
      return Optional.of((nl < 0 ? msg : msg.substring(0, nl)).trim());
    }
  }
}
