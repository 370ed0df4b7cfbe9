package io.ballast.orchestration.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** JSON over HTTP for the REST clients: requests, query strings, bodies and error bodies. */
public final class JsonHttp {
  public static final ObjectMapper JSON = new ObjectMapper();

  private JsonHttp() {}

  /** A JSON request ({@code body} null: none) with the Authorization header if one is given. */
  public static HttpRequest request(
      String method, URI uri, JsonNode body, Duration perTry, Optional<String> authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).timeout(perTry).header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b.build();
  }

  /** A query or path part, percent-encoded (a space as %20). */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** "?k=v&..." in the given order (a key may repeat), or "" for none. */
  public static String queryString(Collection<Map.Entry<String, String>> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    return query.stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&", "?", ""));
  }

  /** A 2xx body: {@code empty} when blank, else JSON or {@code notJson} of "not JSON: ...". */
  public static JsonNode body(
      String text, JsonNode empty, Function<String, RuntimeException> notJson) {
    if (text == null || text.isBlank()) {
      return empty;
    }
    return tree(text).orElseThrow(() -> notJson.apply("not JSON: " + abbreviate(text)));
  }

  /** The text as JSON, or empty if it is not JSON. */
  public static Optional<JsonNode> tree(String text) {
    try {
      return Optional.of(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** For messages: whitespace runs as one space, at most 200 characters. */
  public static String abbreviate(String s) {
    String t = s.strip().replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
