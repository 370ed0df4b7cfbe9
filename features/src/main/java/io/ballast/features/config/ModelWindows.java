package io.ballast.features.config;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A model's chosen label windows ({@code windows: {train: [from, to], validation: [from, to], test:
 * [from, to]}}), used by {@code ballast train} when neither {@code --as-of} nor window options are
 * given; each from and to included. Their order is checked when training.
 *
 * @param validationFrom empty: the last {@code validation_days} of the training range are held out
 */
public record ModelWindows(
    LocalDate trainFrom,
    LocalDate trainTo,
    Optional<LocalDate> validationFrom,
    Optional<LocalDate> validationTo,
    LocalDate testFrom,
    LocalDate testTo) {}
