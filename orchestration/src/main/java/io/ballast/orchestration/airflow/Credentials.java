package io.ballast.orchestration.airflow;

import java.util.Optional;

/**
 * Who calls Airflow: a user and password (basic auth on Airflow 2; exchanged for a token on Airflow
 * 3), or a ready bearer token. {@link #toString} never shows a secret.
 */
public record Credentials(
    Optional<String> user, Optional<String> password, Optional<String> token) {

  public static Credentials login(String user, String password) {
    return new Credentials(Optional.of(user), Optional.of(password), Optional.empty());
  }

  public static Credentials token(String token) {
    return new Credentials(Optional.empty(), Optional.empty(), Optional.of(token));
  }

  public static Credentials none() {
    return new Credentials(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public boolean hasLogin() {
    return user.isPresent() && password.isPresent();
  }

  @Override
  public String toString() {
    return "Credentials[user="
        + user.orElse("-")
        + ", password="
        + (password.isPresent() ? "***" : "-")
        + ", token="
        + (token.isPresent() ? "***" : "-")
        + "]";
  }
}
