package io.ballast.features.config;

import java.util.List;

/** What features describe (a customer, a merchant), identified by its key columns. */
public record Entity(String name, List<String> keys) {}
